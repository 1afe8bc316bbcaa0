/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pane 3: the response as it arrived, one row per read with the framing in
 * colour, and below it the Headers, Body, Read Bytes and Problems tabs.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-session.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_STREAM_PANE (portside_stream_pane_get_type ())
G_DECLARE_FINAL_TYPE (PortsideStreamPane, portside_stream_pane, PORTSIDE, STREAM_PANE, GtkWidget)

void        portside_stream_pane_set_session    (PortsideStreamPane *self,
                                                 PortsideSession    *session);
void        portside_stream_pane_bind_settings  (PortsideStreamPane *self,
                                                 GSettings          *settings);
/* The tab shown below the list: "headers", "body", "hex" or "problems". */
void        portside_stream_pane_show_tab       (PortsideStreamPane *self,
                                                 const char         *name);
GtkWidget  *portside_stream_pane_get_list_view  (PortsideStreamPane *self);
GtkWidget  *portside_stream_pane_get_body_view  (PortsideStreamPane *self);
GtkWidget  *portside_stream_pane_get_hex_view   (PortsideStreamPane *self);

G_END_DECLS
