/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-application.h"
#include "portside-preferences.h"
#include "portside-ui.h"
#include "portside-window.h"

struct _PortsideApplication
{
  AdwApplication  parent_instance;
  PortsideLaunch  launch;
  PortsideLab    *lab;
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (PortsideApplication, portside_application, ADW_TYPE_APPLICATION)

void
portside_launch_clear (PortsideLaunch *launch)
{
  g_clear_pointer (&launch->url, g_free);
  g_clear_pointer (&launch->method, g_free);
  g_clear_pointer (&launch->screenshot, g_free);
  g_clear_pointer (&launch->ca_file, g_free);
  g_clear_pointer (&launch->bench_stream, g_free);
}

static void
portside_application_finalize (GObject *object)
{
  PortsideApplication *self = PORTSIDE_APPLICATION (object);

  if (self->lab != NULL)
    portside_lab_stop (self->lab);
  g_clear_object (&self->lab);
  portside_launch_clear (&self->launch);
  G_OBJECT_CLASS (portside_application_parent_class)->finalize (object);
}

static void
portside_application_activate (GApplication *app)
{
  PortsideApplication *self = PORTSIDE_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (portside_window_new (self));
      portside_window_launch (PORTSIDE_WINDOW (window), &self->launch);
    }
  gtk_window_present (window);
}

static void
apply_style (GSettings  *settings,
             const char *key,
             gpointer    user_data)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint variant = MIN (g_settings_get_uint (settings, "style-variant"), G_N_ELEMENTS (schemes) - 1);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[variant]);
}

static void
set_accels (GtkApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", "<Control>question", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };

  gtk_application_set_accels_for_action (app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (app, "win.show-help-overlay", help_accels);
  gtk_application_set_accels_for_action (app, "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (app, "app.new-window", new_window_accels);
}

static void
portside_application_startup (GApplication *app)
{
  GSettings *settings;

  G_APPLICATION_CLASS (portside_application_parent_class)->startup (app);
  /* After GtkApplication's startup, which would give win.show-help-overlay
   * only Ctrl+? had it found a gtk/help-overlay.ui of its own to load. */
  set_accels (GTK_APPLICATION (app));
  portside_ui_init ();
  settings = g_settings_new (PORTSIDE_APP_ID);
  g_object_set_data_full (G_OBJECT (app), "settings", settings, g_object_unref);
  g_signal_connect (settings, "changed::style-variant", G_CALLBACK (apply_style), NULL);
  apply_style (settings, "style-variant", NULL);
}

static void
portside_application_class_init (PortsideApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = portside_application_finalize;
  app_class->activate = portside_application_activate;
  app_class->startup = portside_application_startup;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Portside authors", NULL };
  GtkApplication *app = user_data;

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Portside"),
                         "application-icon", PORTSIDE_APP_ID,
                         "version", PORTSIDE_VERSION,
                         "comments", _("Watch one HTTP exchange, byte by byte: the name lookup, "
                                       "the connection, the TLS handshake, the request and every "
                                       "read of the response."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWindow *preferences = GTK_WINDOW (portside_preferences_new ());

  /* Part of the application, so that quitting closes it too. */
  gtk_window_set_application (preferences, GTK_APPLICATION (user_data));
  gtk_window_set_transient_for (preferences, parent);
  gtk_window_present (preferences);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closing each window cancels its request cleanly. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

/* A second window with an exchange of its own: HTTP beside HTTPS, say. */
static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (portside_window_new (PORTSIDE_APPLICATION (user_data))));
}

static const GActionEntry app_actions[] = {
  { .name = "new-window", .activate = new_window_action },
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "quit", .activate = quit_action },
};

static void
portside_application_init (PortsideApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
}

PortsideApplication *
portside_application_new (PortsideLaunch *launch)
{
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;
  PortsideApplication *self;

  /* One-shot runs (screenshots, benchmarks, the lab) must not hand over
   * to an already running instance. */
  if (launch->screenshot || launch->bench_stream || launch->bench_startup || launch->lab || launch->url)
    flags |= G_APPLICATION_NON_UNIQUE;
  self = g_object_new (PORTSIDE_TYPE_APPLICATION,
                       "application-id", PORTSIDE_APP_ID,
                       "flags", flags,
                       "resource-base-path", "/org/portside/Portside",
                       NULL);
  self->launch = *launch;
  memset (launch, 0, sizeof *launch);
  return self;
}

PortsideLab *
portside_application_get_lab (PortsideApplication *self,
                              GError             **error)
{
  g_autoptr(PortsideLab) lab = NULL;

  g_return_val_if_fail (PORTSIDE_IS_APPLICATION (self), NULL);
  if (self->lab != NULL)
    return self->lab;
  lab = portside_lab_new ();
  if (!portside_lab_start (lab, 0, 0, NULL, error))
    return NULL;
  self->lab = g_steal_pointer (&lab);
  return self->lab;
}

static gboolean
is_loopback_name (const char *host)
{
  return g_strcmp0 (host, "localhost") == 0 || g_strcmp0 (host, "127.0.0.1") == 0 ||
         g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0;
}

const char *
portside_application_ca_for_url (PortsideApplication *self,
                                 const char          *url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (PORTSIDE_IS_APPLICATION (self), NULL);
  if (self->lab == NULL || url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    return NULL;
  if (!is_loopback_name (g_uri_get_host (uri)) ||
      g_uri_get_port (uri) != portside_lab_get_https_port (self->lab))
    return NULL;
  return portside_lab_get_ca_file (self->lab);
}

void
portside_application_set_exit_status (PortsideApplication *self,
                                      int                  status)
{
  g_return_if_fail (PORTSIDE_IS_APPLICATION (self));
  self->exit_status = status;
}

int
portside_application_get_exit_status (PortsideApplication *self)
{
  g_return_val_if_fail (PORTSIDE_IS_APPLICATION (self), 1);
  return self->exit_status;
}
