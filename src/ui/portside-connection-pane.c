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
  GtkScrolledWindow *scroller;
  GtkLabel          *summary_label;
  GtkLabel          *host_label;
  GtkLabel          *remote_label;
  GtkLabel          *local_label;
  PortsideWaterfall *waterfall;
  GtkWidget         *addresses_heading;
  GtkGrid           *addresses_grid;
  GtkWidget         *attempts_heading;
  GtkGrid           *attempts_grid;

  PortsideSession   *session;
  guint              shown_addresses;   /* lines built so far */
  guint              shown_attempts;
  char              *shown_remote;
  gint64             last_update;   /* monotonic µs of the last waterfall update */
};

G_DEFINE_FINAL_TYPE (PortsideConnectionPane, portside_connection_pane, GTK_TYPE_WIDGET)

enum { MARK, ADDRESS, NOTE, VALUE, N_COLUMNS };

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
cell_new (const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* One line of a compact list: "✓ 127.0.0.1:8080  connected  0.2 ms". Four
 * pane rows of boxed-list height would not fit beside the waterfall on a
 * 768-pixel screen; these lines do. */
static void
attach_line (GtkGrid    *grid,
             int         row,
             gboolean    failed,
             gboolean    marked,
             const char *address,
             const char *note,
             const char *value,
             const char *tooltip)
{
  GtkWidget *cells[N_COLUMNS] = {
    cell_new (failed ? "✗" : marked ? "✓" : "", failed ? "error" : "success"),
    cell_new (address, "monospace"),
    cell_new (note, "dim-label"),
    cell_new (value, "numeric"),
  };

  gtk_label_set_ellipsize (GTK_LABEL (cells[ADDRESS]), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (cells[ADDRESS]), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (cells[NOTE]), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (cells[NOTE], TRUE);
  gtk_label_set_xalign (GTK_LABEL (cells[VALUE]), 1);
  gtk_widget_set_size_request (cells[MARK], 12, -1);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      portside_widget_set_lazy_tooltip (cells[i], tooltip);
      gtk_grid_attach (grid, cells[i], i, row, 1, 1);
    }
}

static void
grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
add_address (PortsideConnectionPane *self,
             int                     row,
             GInetAddress           *address,
             const char             *used)
{
  g_autofree char *text = g_inet_address_to_string (address);
  gboolean is_used = g_strcmp0 (text, used) == 0;
  const char *family = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? "IPv6" : "IPv4";
  /* Translators: "IPv6 · used" — the address this connection went to */
  g_autofree char *note = is_used ? g_strdup_printf (_("%s · used"), family) : g_strdup (family);
  g_autofree char *tooltip = is_used ? g_strdup_printf (_("%s, used for this connection"), text) : NULL;

  attach_line (self->addresses_grid, row, FALSE, is_used, text, note, "", tooltip);
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
  grid_clear (self->addresses_grid);
  for (guint i = 0; i < resolution->addresses->len; i++)
    add_address (self, i, g_ptr_array_index (resolution->addresses, i), used);
  self->shown_addresses = resolution->addresses->len;
  gtk_widget_set_visible (self->addresses_heading, self->shown_addresses > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->addresses_grid), self->shown_addresses > 0);
  g_free (self->shown_remote);
  self->shown_remote = g_steal_pointer (&used);
}

/* "Could not connect to [::1]:80: Connection refused" → "refused": the
 * address is already on the line, the whole message in its tooltip. */
static const char *
short_reason (const PortsideEvent *event)
{
  const char *message = event->error->message;
  g_autofree char *prefix = g_strdup_printf ("Could not connect to %s: ", event->name ? event->name : "");

  if (g_str_has_prefix (message, prefix))
    message += strlen (prefix);
  if (g_str_has_prefix (message, "Connection "))
    message += strlen ("Connection ");
  return message;
}

static void
add_attempt (PortsideConnectionPane *self,
             int                     row,
             const PortsideEvent    *event)
{
  /* A CONNECT event's length is how long that attempt took. */
  g_autofree char *took = portside_format_duration ((gint64) event->length);
  g_autofree char *tooltip = NULL;
  const char *note;

  if (event->error != NULL)
    {
      note = short_reason (event);
      tooltip = g_strdup (event->error->message);
    }
  else
    {
      note = _("connected");
      tooltip = g_strdup_printf (_("Connected from %s"), event->value ? event->value : "?");
    }
  attach_line (self->attempts_grid, row, event->error != NULL, event->error == NULL,
               event->name ? event->name : "?", note, took, tooltip);
}

static void
update_attempts (PortsideConnectionPane *self)
{
  GPtrArray *attempts = portside_session_get_attempts (self->session);

  for (guint i = self->shown_attempts; i < attempts->len; i++)
    add_attempt (self, i, g_ptr_array_index (attempts, i));
  self->shown_attempts = attempts->len;
  gtk_widget_set_visible (self->attempts_heading, self->shown_attempts > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->attempts_grid), self->shown_attempts > 0);
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
  grid_clear (self->addresses_grid);
  grid_clear (self->attempts_grid);
  self->shown_addresses = self->shown_attempts = 0;
  gtk_widget_set_visible (self->addresses_heading, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->addresses_grid), FALSE);
  gtk_widget_set_visible (self->attempts_heading, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->attempts_grid), FALSE);
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
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, addresses_heading);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, addresses_grid);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, attempts_heading);
  gtk_widget_class_bind_template_child (widget_class, PortsideConnectionPane, attempts_grid);
}

static void
portside_connection_pane_init (PortsideConnectionPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connection"), -1);
}

static void
append_grid_text (GString *text,
                  GtkGrid *grid,
                  guint    rows)
{
  for (guint row = 0; row < rows; row++)
    {
      for (guint column = 0; column < N_COLUMNS; column++)
        {
          GtkWidget *cell = gtk_grid_get_child_at (grid, column, row);
          const char *cell_text = cell ? gtk_label_get_text (GTK_LABEL (cell)) : "";

          if (cell_text[0] != '\0')
            g_string_append_printf (text, "%s%s", column ? " " : "", cell_text);
          else if (column == MARK)
            g_string_append_c (text, ' ');
        }
      g_string_append_c (text, '\n');
    }
}

char *
portside_connection_pane_dup_text (PortsideConnectionPane *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (PORTSIDE_IS_CONNECTION_PANE (self), NULL);
  append_grid_text (text, self->addresses_grid, self->shown_addresses);
  append_grid_text (text, self->attempts_grid, self->shown_attempts);
  return g_string_free (text, FALSE);
}

gboolean
portside_connection_pane_get_fits (PortsideConnectionPane *self)
{
  GtkAdjustment *adjustment;

  g_return_val_if_fail (PORTSIDE_IS_CONNECTION_PANE (self), FALSE);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  return gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment);
}
