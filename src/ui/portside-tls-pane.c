/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-cert-row.h"
#include "portside-tls-pane.h"
#include "portside-widget-util.h"

/* How much of the cleartext and of the ciphertext the pane shows. */
#define PLAIN_BYTES 2048
#define WIRE_RECORDS 4
#define WIRE_BYTES_PER_RECORD 96

struct _PortsideTlsPane
{
  GtkWidget        parent_instance;
  GtkImage        *header_icon;
  GtkLabel        *summary_label;
  GtkWidget       *verify_off_box;
  GtkStack        *stack;
  GtkWidget       *result_box;
  GtkImage        *result_icon;
  GtkLabel        *result_label;
  GtkListBox      *params_list;
  GtkListBox      *chain_list;
  GtkListBox      *messages_list;
  GtkLabel        *wire_label;
  GtkLabel        *wire_hex_label;
  GtkTextView     *plain_sent_view;
  GtkLabel        *plain_received_title;
  GtkTextView     *plain_received_view;

  PortsideSession *session;
  gboolean         verify;
  guint            shown_messages;
  guint            n_certificates;
  gboolean         tls_shown;
  gsize            plain_shown;      /* received bytes already in the plain view */
};

G_DEFINE_FINAL_TYPE (PortsideTlsPane, portside_tls_pane, GTK_TYPE_WIDGET)

static void
update_verify_warning (PortsideTlsPane *self)
{
  const PortsideTlsInfo *tls = self->session ? portside_session_get_tls (self->session) : NULL;
  gboolean off = !self->verify || (tls != NULL && tls->insecure);

  gtk_widget_set_visible (self->verify_off_box, off);
}

static void
show_result (PortsideTlsPane       *self,
             const PortsideTlsInfo *tls)
{
  g_autofree char *text = NULL;

  if (tls->verified)
    text = g_strdup (_("Verified: the chain leads to a trusted root, every certificate is within its dates, and the name matches the address."));
  else if (tls->insecure)
    text = g_strdup_printf (_("Not verified, and ignored because verification is off: %s"),
                            tls->verify_reason ? tls->verify_reason : _("unknown reason"));
  else
    text = g_strdup_printf (_("Not verified: %s"), tls->verify_reason ? tls->verify_reason : _("unknown reason"));
  gtk_label_set_text (self->result_label, text);
  gtk_image_set_from_icon_name (self->result_icon, tls->verified ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (self->result_box, tls->verified ? "failure" : "success");
  gtk_widget_add_css_class (self->result_box, tls->verified ? "success" : "failure");
}

static void
show_params (PortsideTlsPane       *self,
             const PortsideTlsInfo *tls)
{
  g_autofree char *summary = g_strdup_printf ("%s · %s", tls->version ? tls->version : "?",
                                              tls->cipher ? tls->cipher : "?");

  portside_list_box_clear (self->params_list);
  gtk_list_box_append (self->params_list, portside_value_row_new (_("Version"), tls->version));
  gtk_list_box_append (self->params_list, portside_value_row_new (_("Cipher"), tls->cipher));
  gtk_list_box_append (self->params_list, portside_value_row_new (_("Key exchange group"), tls->group));
  gtk_list_box_append (self->params_list, portside_value_row_new (_("ALPN"), tls->alpn ? tls->alpn : _("none")));
  gtk_label_set_text (self->summary_label, summary);
}

static void
show_chain (PortsideTlsPane       *self,
            const PortsideTlsInfo *tls)
{
  guint n = tls->chain ? tls->chain->len : 0;

  portside_list_box_clear (self->chain_list);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->chain_list, portside_cert_row_new (g_ptr_array_index (tls->chain, i), n));
  if (n > 0)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_first_child (GTK_WIDGET (self->chain_list))), TRUE);
  self->n_certificates = n;
}

static void
update_messages (PortsideTlsPane *self)
{
  GPtrArray *messages = portside_session_get_tls_messages (self->session);

  for (guint i = self->shown_messages; i < messages->len; i++)
    {
      const PortsideEvent *event = g_ptr_array_index (messages, i);
      g_autofree char *title = g_strdup_printf ("%s %s", event->flag ? "→" : "←", event->name ? event->name : "?");
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (NULL, "%s · %" G_GUINT64_FORMAT " byte · %s",
                                                                "%s · %" G_GUINT64_FORMAT " bytes · %s",
                                                                event->length),
                                                   event->flag ? _("sent") : _("received"), event->length,
                                                   event->value ? event->value : "");

      gtk_list_box_append (self->messages_list, portside_info_row_new (title, subtitle));
    }
  self->shown_messages = messages->len;
}

static void
append_record_hex (GString             *out,
                   const PortsideEvent *record)
{
  gsize n = MIN (record->length, WIRE_BYTES_PER_RECORD);

  g_string_append_printf (out, g_dngettext (NULL, "%s %" G_GUINT64_FORMAT " byte:\n",
                                            "%s %" G_GUINT64_FORMAT " bytes:\n", record->length),
                          record->flag ? "→" : "←", record->length);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%02x ", record->data[i]);
  g_string_append (out, n < record->length ? "…\n\n" : "\n\n");
}

/* Only application-data records (type 0x17): the handshake's first
 * messages travel in the clear and would make a misleading example. */
static gboolean
is_application_data (const PortsideEvent *record)
{
  return record->length > 0 && record->data[0] == 0x17;
}

static void
update_wire (PortsideTlsPane *self)
{
  GPtrArray *records = portside_session_get_wire_records (self->session);
  g_autofree char *total = g_format_size_full (portside_session_get_wire_bytes (self->session), G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *text = g_strdup_printf (_("Everything after the handshake travels as ciphertext: %s on the wire. "
                                             "This is what anyone on the path sees of the first encrypted records:"), total);
  g_autoptr(GString) hex = g_string_new (NULL);

  for (guint i = 0, shown = 0; i < records->len && shown < WIRE_RECORDS; i++)
    if (is_application_data (g_ptr_array_index (records, i)))
      {
        append_record_hex (hex, g_ptr_array_index (records, i));
        shown++;
      }
  gtk_label_set_text (self->wire_label, text);
  gtk_label_set_text (self->wire_hex_label, hex->str);
}

static void
update_plain_sent (PortsideTlsPane *self)
{
  g_autoptr(GBytes) request = portside_session_get_request (self->session);
  gsize length = 0;
  const guint8 *data = request ? g_bytes_get_data (request, &length) : NULL;

  portside_text_view_set_visible (self->plain_sent_view, data, length);
}

static void
update_plain_received (PortsideTlsPane *self)
{
  PortsideByteStore *store = portside_read_model_get_store (portside_session_get_reads (self->session));
  guint64 total = portside_byte_store_get_length (store);
  g_autoptr(GBytes) received = NULL;
  g_autofree char *title = NULL;
  gsize length;
  const guint8 *data;

  if (total > PLAIN_BYTES)
    title = g_strdup_printf (_("Received (the first %u of %" G_GUINT64_FORMAT " bytes)"), PLAIN_BYTES, total);
  gtk_label_set_text (self->plain_received_title, title ? title : _("Received"));
  /* The first PLAIN_BYTES never change once they are in. */
  if (self->plain_shown == MIN (total, PLAIN_BYTES))
    return;
  received = portside_byte_store_get_bytes (store, 0, PLAIN_BYTES);
  data = g_bytes_get_data (received, &length);
  portside_text_view_set_visible (self->plain_received_view, data, length);
  self->plain_shown = length;
}

static void
session_changed_cb (PortsideTlsPane *self,
                    guint            changes)
{
  const PortsideTlsInfo *tls;

  if (!portside_session_get_is_tls (self->session))
    {
      gtk_stack_set_visible_child_name (self->stack, "plain");
      gtk_image_set_from_icon_name (self->header_icon, "channel-insecure-symbolic");
      gtk_label_set_text (self->summary_label, _("not encrypted"));
      if (changes & PORTSIDE_SESSION_CHANGED_REQUEST)
        update_plain_sent (self);
      if (changes & PORTSIDE_SESSION_CHANGED_STREAM)
        update_plain_received (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "tls");
  gtk_image_set_from_icon_name (self->header_icon, "channel-secure-symbolic");
  if ((changes & PORTSIDE_SESSION_CHANGED_TLS) == 0)
    return;
  update_messages (self);
  update_wire (self);
  tls = portside_session_get_tls (self->session);
  if (tls == NULL || self->tls_shown)
    return;
  self->tls_shown = TRUE;
  show_result (self, tls);
  show_params (self, tls);
  show_chain (self, tls);
  update_verify_warning (self);
}

static void
reset (PortsideTlsPane *self)
{
  portside_list_box_clear (self->params_list);
  portside_list_box_clear (self->chain_list);
  portside_list_box_clear (self->messages_list);
  self->shown_messages = self->n_certificates = 0;
  self->tls_shown = FALSE;
  self->plain_shown = 0;
  gtk_label_set_text (self->summary_label, "");
  gtk_label_set_text (self->result_label, _("The handshake has not finished yet."));
  gtk_image_set_from_icon_name (self->result_icon, "content-loading-symbolic");
  gtk_widget_remove_css_class (self->result_box, "success");
  gtk_widget_remove_css_class (self->result_box, "failure");
  gtk_label_set_text (self->wire_label, "");
  gtk_label_set_text (self->wire_hex_label, "");
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
portside_tls_pane_set_session (PortsideTlsPane *self,
                               PortsideSession *session)
{
  g_return_if_fail (PORTSIDE_IS_TLS_PANE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  reset (self);
  update_verify_warning (self);
  if (session == NULL)
    return;
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  if (portside_session_get_url (session) != NULL || portside_session_get_tls (session) != NULL)
    session_changed_cb (self, G_MAXUINT);
}

void
portside_tls_pane_set_verify (PortsideTlsPane *self,
                              gboolean         verify)
{
  g_return_if_fail (PORTSIDE_IS_TLS_PANE (self));
  self->verify = verify;
  update_verify_warning (self);
}

const char *
portside_tls_pane_get_page (PortsideTlsPane *self)
{
  g_return_val_if_fail (PORTSIDE_IS_TLS_PANE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
portside_tls_pane_get_result_text (PortsideTlsPane *self)
{
  g_return_val_if_fail (PORTSIDE_IS_TLS_PANE (self), NULL);
  return gtk_label_get_text (self->result_label);
}

guint
portside_tls_pane_get_n_certificates (PortsideTlsPane *self)
{
  g_return_val_if_fail (PORTSIDE_IS_TLS_PANE (self), 0);
  return self->n_certificates;
}

static void
portside_tls_pane_dispose (GObject *object)
{
  PortsideTlsPane *self = PORTSIDE_TLS_PANE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  portside_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_TLS_PANE);
  G_OBJECT_CLASS (portside_tls_pane_parent_class)->dispose (object);
}

static void
portside_tls_pane_class_init (PortsideTlsPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = portside_tls_pane_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-tls-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, header_icon);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, verify_off_box);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, result_box);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, result_icon);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, result_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, params_list);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, chain_list);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, messages_list);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, wire_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, wire_hex_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, plain_sent_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, plain_received_title);
  gtk_widget_class_bind_template_child (widget_class, PortsideTlsPane, plain_received_view);
}

static void
portside_tls_pane_init (PortsideTlsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->verify = TRUE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("TLS and certificate"), -1);
  reset (self);
}
