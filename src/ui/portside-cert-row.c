/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-cert-row.h"
#include "portside-widget-util.h"

struct _PortsideCertRow
{
  AdwExpanderRow    parent_instance;
  PortsideCertInfo *info;
};

G_DEFINE_FINAL_TYPE (PortsideCertRow, portside_cert_row, ADW_TYPE_EXPANDER_ROW)

char *
portside_cert_common_name (const char *subject)
{
  g_auto(GStrv) parts = g_strsplit (subject ? subject : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      if (g_str_has_prefix (part, "CN="))
        return g_strdup (part + 3);
    }
  return g_strdup (subject ? subject : "");
}

static void
save_pem (GFile    *file,
          gpointer  data)
{
  PortsideCertRow *self = data;
  g_autoptr(GError) error = NULL;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  if (!g_file_replace_contents (file, self->info->pem, strlen (self->info->pem), NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, NULL, &error))
    g_warning ("Could not save the certificate: %s", error->message);
  else if (root != NULL)
    gtk_widget_activate_action (root, "win.toast", "s", _("Certificate saved as PEM"));
}

static void
export_clicked_cb (PortsideCertRow *self)
{
  g_autofree char *cn = portside_cert_common_name (self->info->subject);
  g_autofree char *name = g_strdup_printf ("%s.pem", cn[0] ? g_strdelimit (cn, "/\\:*? ", '_') : "certificate");

  portside_choose_save_file (GTK_WIDGET (self), _("Export Certificate"), name, save_pem,
                             g_object_ref (self), g_object_unref);
}

static void
add_field (PortsideCertRow *self,
           const char      *title,
           const char      *value,
           gboolean         bad)
{
  GtkWidget *row = portside_value_row_new (title, value);

  if (bad)
    gtk_widget_add_css_class (row, "bad-field");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
}

static void
add_fields (PortsideCertRow *self)
{
  const PortsideCertInfo *info = self->info;
  g_autofree char *sans = info->sans ? g_strjoinv (", ", info->sans) : NULL;
  g_autofree char *key = info->key_bits ? g_strdup_printf (_("%s, %u bits"), info->key_type, info->key_bits)
                                        : g_strdup (info->key_type);
  g_autofree char *from = g_strdup_printf ("%s%s", info->not_before, info->not_yet_valid ? _(" — not valid yet") : "");
  g_autofree char *until = g_strdup_printf ("%s%s", info->not_after, info->expired ? _(" — expired") : "");

  add_field (self, _("Subject"), info->subject, FALSE);
  add_field (self, _("Issuer"), info->issuer, FALSE);
  add_field (self, _("Names (SAN)"), sans, FALSE);
  add_field (self, _("Valid from"), from, info->not_yet_valid);
  add_field (self, _("Valid until"), until, info->expired);
  add_field (self, _("Public key"), key, FALSE);
  add_field (self, _("Signature"), info->signature_algorithm, FALSE);
  add_field (self, _("SHA-256"), info->sha256, FALSE);
  add_field (self, _("Serial"), info->serial, FALSE);
}

static char *
role_text (const PortsideCertInfo *info,
           guint                   chain_length)
{
  const char *role = info->depth == 0 ? _("the server’s own certificate")
                   : info->self_signed ? _("a root certificate")
                   : _("an intermediate certificate");
  const char *problem = info->expired ? _(" · EXPIRED") : info->not_yet_valid ? _(" · NOT VALID YET") : "";

  return g_strdup_printf (_("Depth %u of %u: %s%s%s"), info->depth, chain_length, role,
                          info->self_signed ? _(" (self-signed)") : "", problem);
}

GtkWidget *
portside_cert_row_new (const PortsideCertInfo *info,
                       guint                   chain_length)
{
  PortsideCertRow *self = g_object_new (PORTSIDE_TYPE_CERT_ROW, NULL);
  g_autofree char *cn = portside_cert_common_name (info->subject);
  g_autofree char *subtitle = role_text (info, chain_length);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Export _PEM"));

  self->info = portside_cert_info_copy (info);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), cn);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  if (info->expired || info->not_yet_valid)
    gtk_widget_add_css_class (GTK_WIDGET (self), "bad-cert");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, info->pem != NULL);
  gtk_widget_set_tooltip_text (button, _("Save this certificate as a PEM file"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (export_clicked_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), button);
  add_fields (self);
  return GTK_WIDGET (self);
}

const PortsideCertInfo *
portside_cert_row_get_info (PortsideCertRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_CERT_ROW (self), NULL);
  return self->info;
}

static void
portside_cert_row_finalize (GObject *object)
{
  PortsideCertRow *self = PORTSIDE_CERT_ROW (object);

  g_clear_pointer (&self->info, portside_cert_info_free);
  G_OBJECT_CLASS (portside_cert_row_parent_class)->finalize (object);
}

static void
portside_cert_row_class_init (PortsideCertRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portside_cert_row_finalize;
}

static void
portside_cert_row_init (PortsideCertRow *self)
{
}
