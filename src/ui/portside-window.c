/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-error.h"
#include "portside-window-private.h"
#include "portside-widget-util.h"


G_DEFINE_FINAL_TYPE (PortsideWindow, portside_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_send_button (PortsideWindow *self)
{
  gboolean running = self->session != NULL && portside_session_get_running (self->session);
  GtkWidget *button = GTK_WIDGET (self->send_button);

  gtk_button_set_label (self->send_button, running ? _("_Cancel") : _("_Send"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), running ? "win.cancel" : "win.send");
  portside_widget_set_lazy_tooltip (button, running ? _("Stop the request (Escape)") : _("Send the request (Ctrl+Return)"));
  if (running)
    {
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", running);
}

static void
show_error (PortsideWindow *self,
            const char     *icon,
            const char     *text)
{
  gtk_image_set_from_icon_name (self->error_icon, icon);
  gtk_label_set_text (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, text != NULL);
}

static const char *
stage_label (const GError *error)
{
  if (error->domain != PORTSIDE_ERROR)
    return NULL;
  switch ((PortsideErrorCode) error->code)
    {
    case PORTSIDE_ERROR_USAGE: return _("Request");
    case PORTSIDE_ERROR_RESOLVE: return _("Name lookup");
    case PORTSIDE_ERROR_CONNECT: return _("Connection");
    case PORTSIDE_ERROR_TLS: return _("TLS");
    case PORTSIDE_ERROR_PROTOCOL: return _("HTTP");
    case PORTSIDE_ERROR_TIMEOUT: return _("Time limit");
    case PORTSIDE_ERROR_IO: return _("Input/output");
    case PORTSIDE_ERROR_CANCELLED: return _("Cancelled");
    default: return NULL;
    }
}

static char *
describe_error (PortsideSession *session)
{
  const GError *error = portside_session_get_error (session);
  guint64 bytes = portside_read_model_get_bytes_read (portside_session_get_reads (session));
  g_autofree char *size = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
  const char *stage;

  if (error == NULL)
    return g_strdup (_("The request failed."));
  stage = stage_label (error);
  if (bytes == 0)
    return g_strdup_printf ("%s%s%s", stage ? stage : "", stage ? ": " : "", error->message);
  /* Translators: "STAGE: MESSAGE (SIZE received so far stay below)" */
  return g_strdup_printf (_("%s%s%s (the %s received before it are kept below)"),
                          stage ? stage : "", stage ? ": " : "", error->message, size);
}

static void
session_state_cb (PortsideWindow  *self,
                  GParamSpec      *pspec,
                  PortsideSession *session)
{
  switch (portside_session_get_state (session))
    {
    case PORTSIDE_SESSION_FAILED:
      {
        g_autofree char *text = describe_error (session);
        show_error (self, "dialog-error-symbolic", text);
        gtk_widget_remove_css_class (GTK_WIDGET (self->error_revealer), "cancelled");
        break;
      }
    case PORTSIDE_SESSION_CANCELLED:
      show_error (self, "process-stop-symbolic", _("Cancelled: everything received until then stays visible."));
      gtk_widget_add_css_class (GTK_WIDGET (self->error_revealer), "cancelled");
      break;
    default:
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      break;
    }
}

static void
set_session (PortsideWindow  *self,
             PortsideSession *session)
{
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      portside_session_cancel (self->session);
    }
  g_set_object (&self->session, session);
  portside_connection_pane_set_session (self->connection_pane, session);
  portside_request_pane_set_session (self->request_pane, session);
  portside_stream_pane_set_session (self->stream_pane, session);
  portside_tls_pane_set_session (self->tls_pane, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::running", G_CALLBACK (update_send_button), self, G_CONNECT_SWAPPED);
    }
  update_send_button (self);
}

static const char *
selected_method (PortsideWindow *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->method_dropdown);

  return item ? gtk_string_object_get_string (item) : "GET";
}

PortsideExchangeOptions *
portside_window_build_options (PortsideWindow *self,
                               const char     *url)
{
  PortsideExchangeOptions *options = portside_exchange_options_new ();
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *lab_ca = app ? portside_application_ca_for_url (PORTSIDE_APPLICATION (app), url) : NULL;

  options->url = g_strdup (url);
  options->method = g_strdup (selected_method (self));
  options->insecure = !gtk_switch_get_active (self->verify_switch);
  options->ca_file = g_strdup (lab_ca ? lab_ca : self->ca_file);
  options->raw_request = portside_request_pane_dup_raw_request (self->request_pane);
  options->recv_size = self->recv_size ? self->recv_size : g_settings_get_uint (self->settings, "recv-size");
  options->max_time_ms = self->max_time_ms;
  return options;
}

char *
portside_window_dup_typed_url (PortsideWindow *self)
{
  char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))));

  if (url[0] != '\0')
    return url;
  g_free (url);
  portside_window_add_toast (self, _("Type an address first, for example https://example.com/"));
  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
  return NULL;
}

void
portside_window_send (PortsideWindow *self)
{
  g_autoptr(PortsideSession) session = NULL;
  g_autoptr(PortsideExchangeOptions) options = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  url = portside_window_dup_typed_url (self);
  if (url == NULL)
    return;
  options = portside_window_build_options (self, url);
  session = portside_session_new (0);
  set_session (self, session);
  portside_window_remember_url (self, url);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  portside_session_start (session, options);
}

void
portside_window_cancel (PortsideWindow *self)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  if (self->session != NULL)
    portside_session_cancel (self->session);
}

static void
url_activate_cb (PortsideWindow *self)
{
  portside_window_send (self);
}

static void
verify_changed_cb (PortsideWindow *self)
{
  gboolean verify = gtk_switch_get_active (self->verify_switch);

  gtk_label_set_text_with_mnemonic (self->verify_label, verify ? _("_Verify TLS") : _("_Verification OFF"));
  if (verify)
    gtk_widget_remove_css_class (self->verify_box, "verification-off");
  else
    gtk_widget_add_css_class (self->verify_box, "verification-off");
  portside_tls_pane_set_verify (self->tls_pane, verify);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  portside_window_send (PORTSIDE_WINDOW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  portside_window_cancel (PORTSIDE_WINDOW (widget));
}

static void
focus_url_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PortsideWindow *self = PORTSIDE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->url_entry), 0, -1);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (PORTSIDE_WINDOW (widget)->error_revealer, FALSE);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  portside_window_add_toast (PORTSIDE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
use_url_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  portside_window_set_url (PORTSIDE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
start_lab_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PortsideWindow *self = PORTSIDE_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;
  PortsideLab *lab;

  if (app == NULL)
    return;
  lab = portside_application_get_lab (PORTSIDE_APPLICATION (app), &error);
  if (lab == NULL)
    {
      show_error (self, "dialog-error-symbolic", error->message);
      return;
    }
  url = portside_lab_get_http_url (lab, "/chunked");
  portside_window_set_url (self, url);
  message = g_strdup_printf (_("Lab server running on ports %u (HTTP) and %u (HTTPS)"),
                             portside_lab_get_http_port (lab), portside_lab_get_https_port (lab));
  portside_window_add_toast (self, message);
}

/* Built when first asked for rather than with every window, as
 * GtkApplication would: few sessions ever open it. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PortsideWindow *self = PORTSIDE_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/portside/Portside/gtk/help-overlay.ui");

      self->shortcuts_window = g_object_ref (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
      gtk_window_set_hide_on_close (self->shortcuts_window, TRUE);
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
    }
  gtk_window_present (self->shortcuts_window);
}

static gboolean
portside_window_close_request (GtkWindow *window)
{
  PortsideWindow *self = PORTSIDE_WINDOW (window);

  portside_window_save_size (self);
  set_session (self, NULL);
  return GTK_WINDOW_CLASS (portside_window_parent_class)->close_request (window);
}

static void
portside_window_dispose (GObject *object)
{
  PortsideWindow *self = PORTSIDE_WINDOW (object);

  if (self->session != NULL)
    set_session (self, NULL);
  if (self->shortcuts_window != NULL)
    gtk_window_destroy (self->shortcuts_window);
  g_clear_object (&self->shortcuts_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_WINDOW);
  G_OBJECT_CLASS (portside_window_parent_class)->dispose (object);
}

static void
portside_window_finalize (GObject *object)
{
  PortsideWindow *self = PORTSIDE_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->ca_file, g_free);
  G_OBJECT_CLASS (portside_window_parent_class)->finalize (object);
}

static void
add_zoom_bindings (GtkWidgetClass *widget_class)
{
  static const guint in_keys[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
  static const guint out_keys[] = { GDK_KEY_minus, GDK_KEY_KP_Subtract };
  static const guint reset_keys[] = { GDK_KEY_0, GDK_KEY_KP_0 };

  for (guint i = 0; i < G_N_ELEMENTS (in_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, in_keys[i], GDK_CONTROL_MASK, "win.zoom-in", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (out_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, out_keys[i], GDK_CONTROL_MASK, "win.zoom-out", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (reset_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, reset_keys[i], GDK_CONTROL_MASK, "win.zoom-reset", NULL);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.focus-url", NULL, focus_url_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "win.use-url", "s", use_url_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, portside_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, portside_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, portside_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.start-lab", NULL, start_lab_action);
  gtk_widget_class_install_action (widget_class, "win.copy-python", NULL, portside_window_copy_python_action);
  gtk_widget_class_install_action (widget_class, "win.save-received", NULL, portside_window_save_received_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-url", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-received", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  add_zoom_bindings (widget_class);
}

static void
portside_window_class_init (PortsideWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = portside_window_dispose;
  object_class->finalize = portside_window_finalize;
  window_class->close_request = portside_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, url_entry);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, send_button);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, verify_box);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, verify_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, verify_switch);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, error_icon);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, left_paned);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, right_paned);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, connection_pane);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, request_pane);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, stream_pane);
  gtk_widget_class_bind_template_child (widget_class, PortsideWindow, tls_pane);
  gtk_widget_class_bind_template_callback (widget_class, url_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, verify_changed_cb);
  install_actions (widget_class);
}

/* The main menu's popover is made when first opened (F10 included): its
 * rows are widgets the first frame can do without. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  PortsideWindow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
}

/* Set once the window has shown its first frame. The icon also comes as
 * PNGs at the sizes X11 asks for, so that setting it loads no SVG library
 * in the middle of the first exchange. */
static gboolean
set_icon (gpointer data)
{
  gtk_window_set_icon_name (GTK_WINDOW (data), PORTSIDE_APP_ID);
  return G_SOURCE_REMOVE;
}

static void
set_icon_after_paint (GdkFrameClock  *clock,
                      PortsideWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, set_icon_after_paint, self);
  g_idle_add_full (G_PRIORITY_LOW, set_icon, g_object_ref (self), g_object_unref);
}

static void
set_icon_when_mapped (GtkWidget *widget,
                      gpointer   user_data)
{
  g_signal_handlers_disconnect_by_func (widget, set_icon_when_mapped, user_data);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (set_icon_after_paint), widget, 0);
}

static void
portside_window_init (PortsideWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (set_icon_when_mapped), NULL);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  self->settings = g_settings_new (PORTSIDE_APP_ID);
  portside_stream_pane_bind_settings (self->stream_pane, self->settings);
  portside_window_bind_settings (self);
  portside_window_rebuild_recent_menu (self);
  portside_window_apply_zoom (self);
  update_send_button (self);
}

PortsideWindow *
portside_window_new (PortsideApplication *app)
{
  return g_object_new (PORTSIDE_TYPE_WINDOW, "application", app, NULL);
}

void
portside_window_set_url (PortsideWindow *self,
                         const char     *url)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url ? url : "");
}

const char *
portside_window_get_url (PortsideWindow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_WINDOW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
}

void
portside_window_set_method (PortsideWindow *self,
                            const char     *method)
{
  GListModel *methods;

  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  methods = gtk_drop_down_get_model (self->method_dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (methods); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (methods, i);
      if (g_ascii_strcasecmp (gtk_string_object_get_string (item), method) == 0)
        gtk_drop_down_set_selected (self->method_dropdown, i);
    }
}

void
portside_window_set_verify (PortsideWindow *self,
                            gboolean        verify)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  gtk_switch_set_active (self->verify_switch, verify);
}

void
portside_window_set_ca_file (PortsideWindow *self,
                             const char     *ca_file)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

void
portside_window_set_max_time (PortsideWindow *self,
                              guint           max_time_ms)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  self->max_time_ms = max_time_ms;
}

void
portside_window_set_recv_size (PortsideWindow *self,
                               guint           recv_size)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  self->recv_size = recv_size;
}

void
portside_window_set_zoom (PortsideWindow *self,
                          double          zoom)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  g_settings_set_double (self->settings, "zoom", CLAMP (zoom, 0.5, 3.0));
}

void
portside_window_forget_changes (PortsideWindow *self)
{
  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  /* Delayed changes that are never applied are simply dropped. */
  g_settings_delay (self->settings);
}

PortsideSession *
portside_window_get_session (PortsideWindow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
portside_window_get_pane (PortsideWindow *self,
                          PortsidePane    pane)
{
  g_return_val_if_fail (PORTSIDE_IS_WINDOW (self), NULL);
  switch (pane)
    {
    case PORTSIDE_PANE_CONNECTION: return GTK_WIDGET (self->connection_pane);
    case PORTSIDE_PANE_REQUEST: return GTK_WIDGET (self->request_pane);
    case PORTSIDE_PANE_STREAM: return GTK_WIDGET (self->stream_pane);
    case PORTSIDE_PANE_TLS: return GTK_WIDGET (self->tls_pane);
    case PORTSIDE_PANE_NONE:
    default: return GTK_WIDGET (self);
    }
}

const char *
portside_window_get_error_text (PortsideWindow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

void
portside_window_add_toast (PortsideWindow *self,
                           const char     *text)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  markup = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}
