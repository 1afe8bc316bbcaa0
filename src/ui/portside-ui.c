/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-ui.h"

#include "portside-body-view.h"
#include "portside-cert-row.h"
#include "portside-connection-pane.h"
#include "portside-header-item.h"
#include "portside-hex-view.h"
#include "portside-read-row.h"
#include "portside-request-pane.h"
#include "portside-resources.h"
#include "portside-stream-pane.h"
#include "portside-stream-row.h"
#include "portside-tls-pane.h"
#include "portside-waterfall.h"

static void
dark_changed_cb (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 GtkCssProvider  *dark)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (adw_style_manager_get_dark (manager))
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (dark),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  else
    gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (dark));
}

/* Loaded by hand rather than as the application's style.css, so that the
 * GUI tests, which have no application, draw the same window. */
static void
load_styles (void)
{
  GtkCssProvider *light = gtk_css_provider_new ();
  GtkCssProvider *dark = gtk_css_provider_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_css_provider_load_from_resource (light, "/org/portside/Portside/portside.css");
  gtk_css_provider_load_from_resource (dark, "/org/portside/Portside/portside-dark.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (light),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* Both providers live as long as the process, like the style manager. */
  g_signal_connect (manager, "notify::dark", G_CALLBACK (dark_changed_cb), dark);
  dark_changed_cb (manager, NULL, dark);
  g_object_unref (light);
}

void
portside_ui_init (void)
{
  static gsize initialized;

  if (!g_once_init_enter (&initialized))
    return;
  /* Registered by hand: a constructor in a static library's object file is
   * dropped by the linker when nothing else in that file is referenced.
   * After GtkApplication's startup, so that it does not build the Keyboard
   * Shortcuts window (gtk/help-overlay.ui) for every new window: the window
   * builds it when it is asked for. */
  portside_register_resource ();
  if (gdk_display_get_default () != NULL)
    load_styles ();
  g_type_ensure (PORTSIDE_TYPE_BODY_VIEW);
  g_type_ensure (PORTSIDE_TYPE_CERT_ROW);
  g_type_ensure (PORTSIDE_TYPE_CONNECTION_PANE);
  g_type_ensure (PORTSIDE_TYPE_HEADER_ITEM);
  g_type_ensure (PORTSIDE_TYPE_HEX_VIEW);
  g_type_ensure (PORTSIDE_TYPE_READ_ROW);
  g_type_ensure (PORTSIDE_TYPE_REQUEST_PANE);
  g_type_ensure (PORTSIDE_TYPE_STREAM_PANE);
  g_type_ensure (PORTSIDE_TYPE_STREAM_ROW);
  g_type_ensure (PORTSIDE_TYPE_TLS_PANE);
  g_type_ensure (PORTSIDE_TYPE_WATERFALL);
  g_once_init_leave (&initialized, 1);
}
