/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pane 2: the exact bytes sent, with CR and LF drawn as glyphs, a hex view,
 * and a raw mode in which the user types the request that Send uses as is.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-session.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_REQUEST_PANE (portside_request_pane_get_type ())
G_DECLARE_FINAL_TYPE (PortsideRequestPane, portside_request_pane, PORTSIDE, REQUEST_PANE, GtkWidget)

void        portside_request_pane_set_session         (PortsideRequestPane *self,
                                                       PortsideSession     *session);
/* The bytes to send verbatim while raw mode is on, else NULL. */
GBytes     *portside_request_pane_dup_raw_request     (PortsideRequestPane *self);
void        portside_request_pane_set_raw_text        (PortsideRequestPane *self,
                                                       const char          *text);
/* How many of the engine's warnings about the request are shown. */
guint       portside_request_pane_get_n_warnings      (PortsideRequestPane *self);
/* The text shown in the (non-hex) view, glyphs included. */
char       *portside_request_pane_dup_text            (PortsideRequestPane *self);

G_END_DECLS
