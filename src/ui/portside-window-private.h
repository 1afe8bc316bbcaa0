/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's fields, shared by portside-window.c (actions, requests)
 * and portside-window-settings.c (what GSettings remembers).
 */
#pragma once

#include "portside-connection-pane.h"
#include "portside-request-pane.h"
#include "portside-stream-pane.h"
#include "portside-tls-pane.h"
#include "portside-window.h"

G_BEGIN_DECLS

struct _PortsideWindow
{
  AdwApplicationWindow    parent_instance;

  GtkDropDown            *method_dropdown;
  GtkEntry               *url_entry;
  GtkMenuButton          *recent_button;
  GtkMenuButton          *menu_button;
  GMenuModel             *primary_menu;
  GtkButton              *send_button;
  GtkWidget              *verify_box;
  GtkLabel               *verify_label;
  GtkSwitch              *verify_switch;
  GtkRevealer            *error_revealer;
  GtkLabel               *error_label;
  GtkImage               *error_icon;
  AdwToastOverlay        *toast_overlay;
  GtkPaned               *outer_paned;
  GtkPaned               *left_paned;
  GtkPaned               *right_paned;
  PortsideConnectionPane *connection_pane;
  PortsideRequestPane    *request_pane;
  PortsideStreamPane     *stream_pane;
  PortsideTlsPane        *tls_pane;

  GtkWindow              *shortcuts_window;   /* built on first use */
  GSettings              *settings;
  PortsideSession        *session;
  char                   *ca_file;
  guint                   max_time_ms;
  guint                   recv_size;
};

void portside_window_remember_url        (PortsideWindow *self,
                                          const char     *url);
void portside_window_apply_zoom          (PortsideWindow *self);
void portside_window_rebuild_recent_menu (PortsideWindow *self);
void portside_window_save_size           (PortsideWindow *self);
/* Pane positions, window size, recent URLs and zoom. */
void portside_window_bind_settings       (PortsideWindow *self);
void portside_window_zoom_action         (GtkWidget      *widget,
                                          const char     *action_name,
                                          GVariant       *parameter);
/* The address typed, trimmed; NULL, after saying so and focusing the
 * entry, when there is none. */
char *portside_window_dup_typed_url     (PortsideWindow *self);
/* What Send would use for url: the method, the raw request, TLS choices. */
PortsideExchangeOptions *portside_window_build_options (PortsideWindow *self,
                                                        const char     *url);
/* portside-window-export.c */
void portside_window_copy_python         (PortsideWindow *self);
void portside_window_copy_python_action  (GtkWidget      *widget,
                                          const char     *action_name,
                                          GVariant       *parameter);
void portside_window_save_received_action (GtkWidget     *widget,
                                           const char    *action_name,
                                           GVariant      *parameter);

G_END_DECLS
