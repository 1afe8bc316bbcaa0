/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: the request bar in the header, and the four panes
 * (connection, request, response stream, TLS) visible at once.
 */
#pragma once

#include <adwaita.h>
#include "portside-application.h"
#include "portside-session.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_WINDOW (portside_window_get_type ())
G_DECLARE_FINAL_TYPE (PortsideWindow, portside_window, PORTSIDE, WINDOW, AdwApplicationWindow)

/* app may be NULL (tests). */
PortsideWindow  *portside_window_new            (PortsideApplication *app);
/* Applies the command line: lab, URL, size, screenshot or benchmark run. */
void             portside_window_launch         (PortsideWindow      *self,
                                                 const PortsideLaunch *launch);
void             portside_window_set_url        (PortsideWindow      *self,
                                                 const char          *url);
const char      *portside_window_get_url        (PortsideWindow      *self);
void             portside_window_set_method     (PortsideWindow      *self,
                                                 const char          *method);
void             portside_window_set_verify     (PortsideWindow      *self,
                                                 gboolean             verify);
/* Trusted for every request, in addition to the lab's own CA for lab URLs. */
void             portside_window_set_ca_file    (PortsideWindow      *self,
                                                 const char          *ca_file);
/* Limits for the next requests; 0 = none (max time) or the preference (recv size). */
void             portside_window_set_max_time   (PortsideWindow      *self,
                                                 guint                max_time_ms);
void             portside_window_set_recv_size  (PortsideWindow      *self,
                                                 guint                recv_size);
void             portside_window_set_zoom       (PortsideWindow      *self,
                                                 double               zoom);
/* Writes every byte received so far (framing included) to file, on a
 * worker thread; *saved says how many. */
void             portside_window_save_received_async  (PortsideWindow      *self,
                                                       GFile               *file,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean         portside_window_save_received_finish (PortsideWindow      *self,
                                                       GAsyncResult        *result,
                                                       guint64             *saved,
                                                       GError             **error);
/* For screenshots and benchmarks: nothing this window changes is saved. */
void             portside_window_forget_changes (PortsideWindow      *self);
/* Cancels the running request, if any, and sends a new one. */
void             portside_window_send           (PortsideWindow      *self);
void             portside_window_cancel         (PortsideWindow      *self);
PortsideSession *portside_window_get_session    (PortsideWindow      *self);
GtkWidget       *portside_window_get_pane       (PortsideWindow      *self,
                                                 PortsidePane         pane);
/* The error bar's text, or NULL while it is hidden. */
const char      *portside_window_get_error_text (PortsideWindow      *self);
void             portside_window_add_toast      (PortsideWindow      *self,
                                                 const char          *text);

G_END_DECLS
