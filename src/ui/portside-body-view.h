/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Body tab: the response body as text in its charset, JSON pretty
 * printed, images drawn, anything else in hex, with a decoded/raw toggle
 * for gzip and deflate. Only the first PORTSIDE_BODY_VIEW_MAX bytes are
 * shown, so a 1 GiB body never lands in a text buffer, and only once the
 * response has ended and the view is on screen.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-session.h"

G_BEGIN_DECLS

#define PORTSIDE_BODY_VIEW_MAX (1024 * 1024)
#define PORTSIDE_BODY_VIEW_MAX_HEX (64 * 1024)

#define PORTSIDE_TYPE_BODY_VIEW (portside_body_view_get_type ())
G_DECLARE_FINAL_TYPE (PortsideBodyView, portside_body_view, PORTSIDE, BODY_VIEW, GtkWidget)

void        portside_body_view_set_session (PortsideBodyView *self,
                                            PortsideSession  *session);
/* What is shown: "text", "json", "image", "hex" or "none". */
const char *portside_body_view_get_mode    (PortsideBodyView *self);
char       *portside_body_view_dup_text    (PortsideBodyView *self);

G_END_DECLS
