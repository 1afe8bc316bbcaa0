/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-request-pane.h"
#include "portside-widget-util.h"

struct _PortsideRequestPane
{
  GtkWidget        parent_instance;
  GtkLabel        *summary_label;
  GtkToggleButton *hex_button;
  GtkToggleButton *edit_button;
  GtkStack        *stack;
  GtkTextView     *text_view;
  GtkTextView     *hex_view;
  GtkTextView     *edit_view;
  GtkDropDown     *line_end_dropdown;
  GtkWidget       *warnings_box;
  GtkLabel        *empty_label;

  PortsideSession *session;
  gboolean         has_request;
};

G_DEFINE_FINAL_TYPE (PortsideRequestPane, portside_request_pane, GTK_TYPE_WIDGET)

static void
update_stack (PortsideRequestPane *self)
{
  const char *page = "empty";

  if (gtk_toggle_button_get_active (self->edit_button))
    page = "edit";
  else if (self->has_request)
    page = gtk_toggle_button_get_active (self->hex_button) ? "hex" : "text";
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hex_button), !gtk_toggle_button_get_active (self->edit_button));
}

static void
mode_toggled_cb (PortsideRequestPane *self)
{
  update_stack (self);
}

/* The editor shows one request line per text line; Send puts the chosen
 * line ending back. */
static char *
request_as_editable_text (PortsideRequestPane *self)
{
  g_autoptr(GBytes) bytes = self->session ? portside_session_get_request (self->session) : NULL;
  g_autoptr(GString) text = NULL;
  gsize length;
  const char *data;

  if (bytes == NULL)
    return g_strdup ("GET / HTTP/1.1\nHost: localhost\nConnection: close\n\n");
  data = g_bytes_get_data (bytes, &length);
  text = g_string_new_len (data, length);
  g_string_replace (text, "\r\n", "\n", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
edit_toggled_cb (PortsideRequestPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->edit_view);

  if (gtk_toggle_button_get_active (self->edit_button) && gtk_text_buffer_get_char_count (buffer) == 0)
    {
      g_autofree char *text = request_as_editable_text (self);
      gtk_text_buffer_set_text (buffer, text, -1);
    }
  update_stack (self);
  if (gtk_toggle_button_get_active (self->edit_button))
    gtk_widget_grab_focus (GTK_WIDGET (self->edit_view));
}

static void
clear_warnings (PortsideRequestPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->warnings_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->warnings_box), child);
  gtk_widget_set_visible (self->warnings_box, FALSE);
}

static void
add_warning (PortsideRequestPane *self,
             const char          *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (self->warnings_box), box);
  gtk_widget_set_visible (self->warnings_box, TRUE);
}

static void
show_request (PortsideRequestPane *self)
{
  g_autoptr(GBytes) bytes = portside_session_get_request (self->session);
  const char *const *warnings = portside_session_get_request_warnings (self->session);
  g_autofree char *hex = NULL;
  g_autofree char *size = NULL;
  const guint8 *data;
  gsize length;

  clear_warnings (self);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    add_warning (self, warnings[i]);
  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &length);
  portside_text_view_set_visible (self->text_view, data, length);
  hex = portside_format_hex (data, length, 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->hex_view), hex, -1);
  size = portside_format_size (length);
  gtk_label_set_text (self->summary_label, size);
  self->has_request = TRUE;
  update_stack (self);
}

static void
session_changed_cb (PortsideRequestPane *self,
                    guint                changes)
{
  if (changes & PORTSIDE_SESSION_CHANGED_REQUEST)
    show_request (self);
}

static void
state_changed_cb (PortsideRequestPane *self)
{
  PortsideSessionState state = portside_session_get_state (self->session);

  if (self->has_request || state == PORTSIDE_SESSION_RUNNING)
    return;
  gtk_label_set_text (self->empty_label, _("Nothing was sent: the exchange stopped before the request."));
}

void
portside_request_pane_set_session (PortsideRequestPane *self,
                                   PortsideSession     *session)
{
  g_return_if_fail (PORTSIDE_IS_REQUEST_PANE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  self->has_request = FALSE;
  clear_warnings (self);
  gtk_label_set_text (self->summary_label, "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->hex_view), "", 0);
  gtk_label_set_text (self->empty_label, _("The exact bytes sent appear here, with ← for a carriage return (CR) "
                                           "and ↓ for a line feed (LF)."));
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
      show_request (self);
    }
  update_stack (self);
}

GBytes *
portside_request_pane_dup_raw_request (PortsideRequestPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GString) bytes = NULL;

  g_return_val_if_fail (PORTSIDE_IS_REQUEST_PANE (self), NULL);
  if (!gtk_toggle_button_get_active (self->edit_button))
    return NULL;
  buffer = gtk_text_view_get_buffer (self->edit_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  bytes = g_string_new (text);
  if (gtk_drop_down_get_selected (self->line_end_dropdown) == 0)
    g_string_replace (bytes, "\n", "\r\n", 0);
  return g_string_free_to_bytes (g_steal_pointer (&bytes));
}

void
portside_request_pane_set_raw_text (PortsideRequestPane *self,
                                    const char          *text)
{
  g_return_if_fail (PORTSIDE_IS_REQUEST_PANE (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->edit_view), text ? text : "", -1);
  gtk_toggle_button_set_active (self->edit_button, text != NULL);
}

guint
portside_request_pane_get_n_warnings (PortsideRequestPane *self)
{
  guint n = 0;

  g_return_val_if_fail (PORTSIDE_IS_REQUEST_PANE (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (self->warnings_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

char *
portside_request_pane_dup_text (PortsideRequestPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (PORTSIDE_IS_REQUEST_PANE (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
portside_request_pane_dispose (GObject *object)
{
  PortsideRequestPane *self = PORTSIDE_REQUEST_PANE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  portside_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_REQUEST_PANE);
  G_OBJECT_CLASS (portside_request_pane_parent_class)->dispose (object);
}

static void
portside_request_pane_class_init (PortsideRequestPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portside_request_pane_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-request-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, hex_button);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, stack);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, text_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, hex_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, edit_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, line_end_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, PortsideRequestPane, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_toggled_cb);
}

static void
portside_request_pane_init (PortsideRequestPane *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Request"), -1);
  /* Ctrl+Return sends from the raw editor too, before the editor takes the Return. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.send")));
  gtk_widget_add_controller (GTK_WIDGET (self->edit_view), shortcuts);
}
