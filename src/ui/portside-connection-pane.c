/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-connection-pane.h"
#include "portside-waterfall.h"
#include "portside-widget-util.h"

struct _PortsideConnectionPane
{
  GtkWidget          parent_instance;
  GtkStack          *stack;
  GtkLabel          *summary_label;
  GtkLabel          *host_label;
  GtkLabel          *remote_label;
  GtkLabel          *local_label;
  PortsideWaterfall *waterfall;
  GtkListBox        *addresses_list;
  GtkListBox        *attempts_list;

  PortsideSession   *session;
  guint              shown_addresses;   /* rows built so far */
  guint              shown_attempts;
  char              *shown_remote;
  gint64             last_update;   /* monotonic µs of the last waterfall update */
};

G_DEFINE_FINAL_TYPE (PortsideConnectionPane, portside_connection_pane, GTK_TYPE_WIDGET)

/* "[::1]:443" → "::1", "127.0.0.1:80" → "127.0.0.1" */
static char *
host_part (const char *address)
{
  const char *colon;

  if (address == NULL)
    return NULL;
  if (address[0] == '[')
    {
      const char *end = strchr (address, ']');
      return end ? g_strndup (address + 1, end - address - 1) : g_strdup (address);
    }
  colon = strrchr (address, ':');
  return colon ? g_strndup (address, colon - address) : g_strdup (address);
}

static GtkWidget *
address_row (GInetAddress *address,
             const char   *used)
{
  g_autofree char *text = g_inet_address_to_string (address);
  gboolean is_used = g_strcmp0 (text, used) == 0;
  const char *family = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? "IPv6" : "IPv4";
  g_autofree char *subtitle = is_used ? g_strdup_printf (_("%s · used for this connection"), family)
                                      : g_strdup (family);
  GtkWidget *row = portside_info_row_new (text, subtitle);
  GtkWidget *icon = gtk_image_new_from_icon_name (is_used ? "object-select-symbolic" : "");

  gtk_widget_set_size_request (icon, 16, 16);
  if (is_used)
    {
      gtk_widget_add_css_class (row, "used-address");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Used"), -1);
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
update_addresses (PortsideConnectionPane *self)
{
  const PortsideResolution *resolution = portside_session_get_resolution (self->session);
  g_autofree char *used = host_part (portside_session_get_remote (self->session));

  if (resolution == NULL)
    return;
  gtk_label_set_text (self->host_label, resolution->host);
  /* Rebuilt when the used address becomes known, so that its mark appears. */
  if (self->shown_addresses == resolution->addresses->len && g_strcmp0 (used, self->shown_remote) == 0)
    return;
  portside_list_box_clear (self->addresses_list);
  for (guint i = 0; i < resolution->addresses->len; i++)
    gtk_list_box_append (self->addresses_list, address_row (g_ptr_array_index (resolution->addresses, i), used));
  self->shown_addresses = resolution->addresses->len;
  g_free (self->shown_remote);
  self->shown_remote = g_steal_pointer (&used);
}

static GtkWidget *
attempt_row (const PortsideEvent *event)
{
  g_autofree char *title = g_strdup_printf ("→ %s", event->name ? event->name : "?");
  g_autofree char *when = portside_format_duration (event->time_us);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (event->error != NULL)
    subtitle = g_strdup_printf (_("Failed at %s: %s"), when, event->error->message);
  else
    subtitle = g_strdup_printf (_("Connected at %s from %s"), when, event->value ? event->value : "?");
  row = portside_info_row_new (title, subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (event->error ? "dialog-error-symbolic"
                                                                        : "network-transmit-receive-symbolic"));
  if (event->error != NULL)
    gtk_widget_add_css_class (row, "failed-attempt");
  return row;
}

static void
update_attempts (PortsideConnectionPane *self)
{
  GPtrArray *attempts = portside_session_get_attempts (self->session);

  for (guint i = self->shown_attempts; i < attempts->len; i++)
    gtk_list_box_append (self->attempts_list, attempt_row (g_ptr_array_index (attempts, i)));
  self->shown_attempts = attempts->len;
}

static void
update_summary (PortsideConnectionPane *self)
{
  PortsideTimings timings;
  g_autofree char *total = NULL;

  portside_session_get_stage_times (self->session, &timings);
  portside_waterfall_set_timings (self->waterfall, &timings);
  total = portside_format_duration (timings.total_us);
  gtk_label_set_text (self->summary_label, timings.total_us >= 0 ? total : "");
}

/* While the body streams only the waterfall's last bar grows: a few
 * updates a second are plenty, and leave the frames to the read list. */
#define STREAM_UPDATE_INTERVAL_US (250 * 1000)

static void
session_changed_cb (PortsideConnectionPane *self,
                    guint                   changes)
{
  const char *remote = portside_session_get_remote (self->session);
  const char *local = portside_session_get_local (self->session);
  gint64 now = g_get_monotonic_time ();

  if (changes == PORTSIDE_SESSION_CHANGED_STREAM && now - self->last_update >= STREAM_UPDATE_INTERVAL_US)
    changes |= PORTSIDE_SESSION_CHANGED_CONNECTION;
  if ((changes & (PORTSIDE_SESSION_CHANGED_CONNECTION | PORTSIDE_SESSION_CHANGED_STATE)) == 0)
    return;
  self->last_update = now;
  gtk_stack_set_visible_child_name (self->stack, "details");
  gtk_label_set_text (self->remote_label, remote ? remote : "—");
  gtk_label_set_text (self->local_label, local ? local : "—");
  update_addresses (self);
  update_attempts (self);
  update_summary (self);
}

static void
reset (PortsideConnectionPane *self)
{
  portside_list_box_clear (self->addresses_list);
  portside_list_box_clear (self->attempts_list);
  self->shown_addresses = self->shown_attempts = 0;
  g_clear_pointer (&self->shown_remote, g_free);
  gtk_label_set_text (self->host_label, "—");
  gtk_label_set_text (self->remote_label, "—");
  gtk_label_set_text (self->local_label, "—");
  gtk_label_set_text (self->summary_label, "");
  portside_waterfall_set_timings (self->waterfall, NULL);
}

void
portside_connection_pane_set_session (PortsideConnectionPane *self,
                                      PortsideSession        *session)
{
  g_return_if_fail (PORTSIDE_IS_CONNECTION_PANE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  reset (self);
  if (session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "details");
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  session_changed_cb (self, PORTSIDE_SESSION_CHANGED_CONNECTION);
}

static void
portside_connection_pane_dispose (GObject *object)
{
  PortsideConnectionPane *self = PORTSIDE_CONNECTION_PANE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown_remote, g_free);
  portside_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_CONNECTION_PANE);
  G_OBJECT_CLASS (portside_connection_pane_parent_class)->dispose (object);
}

static void
portside_connection_pane_class_init (PortsideConnectionPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portside_connection_pane_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-connection-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, stack);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, host_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, remote_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, local_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, waterfall);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, addresses_list);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, attempts_list);
}

static void
portside_connection_pane_init (PortsideConnectionPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connection"), -1);
}
