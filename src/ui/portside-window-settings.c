/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-window-private.h"

#define MAX_RECENT 12

void
portside_window_remember_url (PortsideWindow *self,
                              const char     *url)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-urls");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, url);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], url))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-urls", (const char *const *) recent);
}

/* The pane text scales by CSS so that every label and text view follows:
 * teachers project this window for a room. */
void
portside_window_apply_zoom (PortsideWindow *self)
{
  static GtkCssProvider *provider;
  g_autofree char *css = NULL;
  double zoom = g_settings_get_double (self->settings, "zoom");

  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
  css = g_strdup_printf (".portside-panes { font-size: %d%%; }", (int) (zoom * 100 + 0.5));
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_css_provider_load_from_string (provider, css);
#else
  gtk_css_provider_load_from_data (provider, css, -1);
#endif
}

void
portside_window_rebuild_recent_menu (PortsideWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-urls");
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (recent[i], NULL);
      g_menu_item_set_action_and_target (item, "win.use-url", "s", recent[i]);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_button), recent[0] != NULL);
}

void
portside_window_save_size (PortsideWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

void
portside_window_bind_settings (PortsideWindow *self)
{
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT;

  g_settings_bind (self->settings, "left-column-width", self->outer_paned, "position", flags);
  g_settings_bind (self->settings, "connection-height", self->left_paned, "position", flags);
  g_settings_bind (self->settings, "stream-width", self->right_paned, "position", flags);
  g_signal_connect_object (self->settings, "changed::recent-urls",
                           G_CALLBACK (portside_window_rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::zoom",
                           G_CALLBACK (portside_window_apply_zoom), self, G_CONNECT_SWAPPED);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* win.zoom-in, win.zoom-out and win.zoom-reset: the zoom is a setting. */
void
portside_window_zoom_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  PortsideWindow *self = PORTSIDE_WINDOW (widget);
  double zoom = g_settings_get_double (self->settings, "zoom");

  if (g_str_equal (action_name, "win.zoom-in"))
    zoom = MIN (3.0, zoom + 0.1);
  else if (g_str_equal (action_name, "win.zoom-out"))
    zoom = MAX (0.5, zoom - 0.1);
  else
    zoom = 1.0;
  g_settings_set_double (self->settings, "zoom", zoom);
}
