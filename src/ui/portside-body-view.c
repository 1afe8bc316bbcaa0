/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "portside-body-view.h"
#include "portside-byte-format.h"
#include "portside-decoder.h"
#include "portside-widget-util.h"

struct _PortsideBodyView
{
  GtkWidget        parent_instance;
  GtkLabel        *info_label;
  GtkToggleButton *decoded_button;
  GtkStack        *stack;
  GtkTextView     *text_view;
  GtkPicture      *picture;

  PortsideSession *session;
  const char      *mode;
  gboolean         dirty;     /* the response ended but the tab was hidden */
};

G_DEFINE_FINAL_TYPE (PortsideBodyView, portside_body_view, GTK_TYPE_WIDGET)

/* "text/html; charset=ISO-8859-1" → mime "text/html", charset "ISO-8859-1" */
static char *
parse_content_type (const char  *value,
                    char       **charset)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ";", -1);

  *charset = NULL;
  if (parts[0] == NULL)
    return g_strdup ("");
  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *param = g_strstrip (parts[i]);
      if (g_ascii_strncasecmp (param, "charset=", 8) == 0)
        *charset = g_strdup (g_strstrip (g_strdelimit (param + 8, "\"", ' ')));
    }
  return g_ascii_strdown (g_strstrip (parts[0]), -1);
}

static void
show_text (PortsideBodyView *self,
           const char       *text,
           gssize            length,
           const char       *mode)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_set_text (buffer, text, length);
  portside_text_buffer_forbid_hyphens (buffer);
  gtk_stack_set_visible_child_name (self->stack, "text");
  self->mode = mode;
}

static void
show_hex (PortsideBodyView *self,
          GByteArray       *body)
{
  g_autofree char *hex = portside_format_hex (body->data, MIN (body->len, PORTSIDE_BODY_VIEW_MAX_HEX), 0);

  show_text (self, hex, -1, "hex");
}

static gboolean
show_json (PortsideBodyView *self,
           const char       *text,
           gsize             length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *pretty = NULL;

  if (!json_parser_load_from_data (parser, text, length, NULL))
    return FALSE;
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, json_parser_get_root (parser));
  pretty = json_generator_to_data (generator, NULL);
  show_text (self, pretty, -1, "json");
  return TRUE;
}

static gboolean
show_image (PortsideBodyView *self,
            GByteArray       *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body->data, body->len);
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, NULL);

  if (texture == NULL)
    return FALSE;
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->stack, "image");
  self->mode = "image";
  return TRUE;
}

static gboolean
is_json (const char *mime)
{
  return g_str_equal (mime, "application/json") || g_str_has_suffix (mime, "+json");
}

/* Text in its declared charset, converted to UTF-8 for display; bytes that
 * are neither declared text nor valid UTF-8 go to hex. */
static void
show_body (PortsideBodyView *self,
           GByteArray       *body,
           const char       *mime,
           const char       *charset)
{
  g_autofree char *converted = NULL;
  gsize length = body->len;
  const char *text = (const char *) body->data;

  if (g_str_has_prefix (mime, "image/") && show_image (self, body))
    return;
  if (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0)
    {
      converted = g_convert_with_fallback (text, body->len, "UTF-8", charset, "?", NULL, &length, NULL);
      text = converted;
    }
  if (text == NULL || !g_utf8_validate (text, length, NULL))
    {
      show_hex (self, body);
      return;
    }
  if (is_json (mime) && show_json (self, text, length))
    return;
  show_text (self, text, length, "text");
}

static GByteArray *
decode (GByteArray  *body,
        const char  *encoding,
        GError     **error)
{
  g_autoptr(PortsideDecoder) decoder = portside_decoder_new (encoding, error);
  g_autoptr(GByteArray) out = g_byte_array_new ();

  if (decoder == NULL)
    return NULL;
  /* Fed in slices so that a small body that inflates enormously stops at
   * the display limit instead of filling memory. */
  for (gsize done = 0; done < body->len && out->len < PORTSIDE_BODY_VIEW_MAX; done += 16384)
    if (!portside_decoder_feed (decoder, body->data + done, MIN (16384, body->len - done), out, error))
      return NULL;
  /* A body cut at the display limit ends early; what was decoded still shows. */
  portside_decoder_finish (decoder, out, NULL);
  if (out->len > PORTSIDE_BODY_VIEW_MAX)
    g_byte_array_set_size (out, PORTSIDE_BODY_VIEW_MAX);
  return g_steal_pointer (&out);
}

static char *
describe (GByteArray *body,
          guint64     total,
          const char *mime,
          const char *charset,
          const char *encoding)
{
  g_autofree char *size = portside_format_size (total);
  g_autoptr(GString) info = g_string_new (mime[0] ? mime : _("no Content-Type"));

  if (charset != NULL)
    g_string_append_printf (info, " · %s", charset);
  if (encoding != NULL)
    g_string_append_printf (info, " · %s", encoding);
  g_string_append_printf (info, " · %s", size);
  if (total > body->len)
    {
      g_autofree char *shown = g_format_size_full (body->len, G_FORMAT_SIZE_IEC_UNITS);
      g_string_append_printf (info, _(" · showing the first %s"), shown);
    }
  return g_string_free (g_steal_pointer (&info), FALSE);
}

static void
render (PortsideBodyView *self)
{
  PortsideReadModel *reads = portside_session_get_reads (self->session);
  const char *encoding = portside_session_lookup_header (self->session, "Content-Encoding");
  g_autofree char *charset = NULL;
  g_autofree char *mime = parse_content_type (portside_session_lookup_header (self->session, "Content-Type"), &charset);
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(GByteArray) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  guint64 total;

  body = portside_read_model_dup_body (reads, PORTSIDE_BODY_VIEW_MAX, &total);
  if (g_ascii_strcasecmp (encoding ? encoding : "identity", "identity") == 0)
    encoding = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->decoded_button), encoding != NULL);
  info = describe (body, total, mime, charset, encoding);
  if (encoding != NULL && gtk_toggle_button_get_active (self->decoded_button))
    decoded = decode (body, encoding, &error);
  if (error != NULL)
    {
      g_autofree char *with_error = g_strdup_printf ("%s · %s", info, error->message);
      g_free (info);
      info = g_steal_pointer (&with_error);
    }
  gtk_label_set_text (self->info_label, info);
  self->dirty = FALSE;
  if (total == 0)
    show_text (self, "", 0, "none");
  else if (encoding != NULL && decoded == NULL)
    show_hex (self, body);
  else
    show_body (self, decoded ? decoded : body, mime, charset);
}

static void
decoded_toggled_cb (PortsideBodyView *self)
{
  if (self->session != NULL)
    render (self);
}

/* Rendering a megabyte of text is not free: it waits until the tab is shown. */
static void
state_changed_cb (PortsideBodyView *self)
{
  if (portside_session_get_state (self->session) == PORTSIDE_SESSION_RUNNING)
    {
      gtk_label_set_text (self->info_label, _("Receiving… the body is shown once the response ends."));
      return;
    }
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    render (self);
}

static void
portside_body_view_map (GtkWidget *widget)
{
  PortsideBodyView *self = PORTSIDE_BODY_VIEW (widget);

  GTK_WIDGET_CLASS (portside_body_view_parent_class)->map (widget);
  if (self->dirty && self->session != NULL)
    render (self);
}

void
portside_body_view_set_session (PortsideBodyView *self,
                                PortsideSession  *session)
{
  g_return_if_fail (PORTSIDE_IS_BODY_VIEW (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  self->dirty = FALSE;
  show_text (self, "", 0, "none");
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->decoded_button), FALSE);
  gtk_label_set_text (self->info_label, "");
  if (session == NULL)
    return;
  g_signal_connect_object (session, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  if (portside_session_get_state (session) != PORTSIDE_SESSION_READY)
    state_changed_cb (self);
}

const char *
portside_body_view_get_mode (PortsideBodyView *self)
{
  g_return_val_if_fail (PORTSIDE_IS_BODY_VIEW (self), NULL);
  return self->mode;
}

char *
portside_body_view_dup_text (PortsideBodyView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (PORTSIDE_IS_BODY_VIEW (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
portside_body_view_dispose (GObject *object)
{
  PortsideBodyView *self = PORTSIDE_BODY_VIEW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  portside_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_BODY_VIEW);
  G_OBJECT_CLASS (portside_body_view_parent_class)->dispose (object);
}

static void
portside_body_view_class_init (PortsideBodyViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = portside_body_view_dispose;
  widget_class->map = portside_body_view_map;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-body-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, PortsideBodyView, info_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideBodyView, decoded_button);
  gtk_widget_class_bind_template_child (widget_class, PortsideBodyView, stack);
  gtk_widget_class_bind_template_child (widget_class, PortsideBodyView, text_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideBodyView, picture);
  gtk_widget_class_bind_template_callback (widget_class, decoded_toggled_cb);
}

static void
portside_body_view_init (PortsideBodyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->mode = "none";
}
