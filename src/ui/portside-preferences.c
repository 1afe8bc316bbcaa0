/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-application.h"
#include "portside-preferences.h"

struct _PortsidePreferences
{
  AdwPreferencesWindow parent_instance;
  AdwComboRow         *style_row;
  GtkSpinButton       *zoom_spin;
  GtkSpinButton       *recv_spin;
  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (PortsidePreferences, portside_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
portside_preferences_dispose (GObject *object)
{
  PortsidePreferences *self = PORTSIDE_PREFERENCES (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_PREFERENCES);
  G_OBJECT_CLASS (portside_preferences_parent_class)->dispose (object);
}

static void
portside_preferences_class_init (PortsidePreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = portside_preferences_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, PortsidePreferences, style_row);
  gtk_widget_class_bind_template_child (widget_class, PortsidePreferences, zoom_spin);
  gtk_widget_class_bind_template_child (widget_class, PortsidePreferences, recv_spin);
}

static void
portside_preferences_init (PortsidePreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (PORTSIDE_APP_ID);
  g_settings_bind (self->settings, "style-variant", self->style_row, "selected", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "zoom", self->zoom_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "recv-size", self->recv_spin, "value", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
portside_preferences_new (void)
{
  return g_object_new (PORTSIDE_TYPE_PREFERENCES, NULL);
}
