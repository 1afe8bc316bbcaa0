/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pane 1: where the request went. The host, every address it resolved to
 * with the one used marked, each connection attempt, both ends of the
 * socket, and the timing waterfall.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-session.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_CONNECTION_PANE (portside_connection_pane_get_type ())
G_DECLARE_FINAL_TYPE (PortsideConnectionPane, portside_connection_pane, PORTSIDE, CONNECTION_PANE, GtkWidget)

void      portside_connection_pane_set_session (PortsideConnectionPane *self,
                                                PortsideSession        *session);
/* The address and attempt lines as shown, one per line: "✓ ::1 IPv6 · used",
 * "✗ [::1]:80 refused 96 µs". For tests. */
char     *portside_connection_pane_dup_text    (PortsideConnectionPane *self);
/* Whether everything shows without scrolling, at the current size. */
gboolean  portside_connection_pane_get_fits    (PortsideConnectionPane *self);

G_END_DECLS
