/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-hex-view.h"
#include "portside-widget-util.h"

struct _PortsideHexView
{
  GtkWidget    parent_instance;
  GtkLabel    *title_label;
  GtkTextView *text_view;
  GtkTextTag  *tags[PORTSIDE_N_SPANS];
};

G_DEFINE_FINAL_TYPE (PortsideHexView, portside_hex_view, GTK_TYPE_WIDGET)

static void
tag_range (GtkTextBuffer *buffer,
           GtkTextTag    *tag,
           guint          line,
           guint          from_col,
           guint          to_col)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line, from_col);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, line, to_col);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
}

/* Bytes [from, to) of the dump, both relative to its first byte. */
static void
tag_bytes (GtkTextBuffer *buffer,
           GtkTextTag    *tag,
           guint64        from,
           guint64        to)
{
  while (from < to)
    {
      guint line = from / PORTSIDE_HEX_LINE_BYTES;
      guint first = from % PORTSIDE_HEX_LINE_BYTES;
      guint last = MIN (to - (guint64) line * PORTSIDE_HEX_LINE_BYTES, PORTSIDE_HEX_LINE_BYTES) - 1;

      tag_range (buffer, tag, line, portside_hex_column (first), portside_hex_column (last) + 2);
      tag_range (buffer, tag, line, portside_hex_text_column (first), portside_hex_text_column (last) + 1);
      from = (guint64) (line + 1) * PORTSIDE_HEX_LINE_BYTES;
    }
}

static void
colour_spans (PortsideHexView   *self,
              PortsideReadModel *model,
              guint64            offset,
              gsize              length)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint n = portside_read_model_get_n_spans (model);

  for (guint i = portside_read_model_find_span (model, offset); i < n; i++)
    {
      const PortsideSpanRecord *span = portside_read_model_get_span (model, i);

      if (span->offset >= offset + length)
        break;
      tag_bytes (buffer, self->tags[span->kind], MAX (span->offset, offset) - offset,
                 MIN (span->offset + span->length, offset + length) - offset);
    }
}

void
portside_hex_view_set_read (PortsideHexView *self,
                            PortsideReadRow *read)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *title = NULL;
  guint64 offset;
  const guint8 *data;
  gsize length;

  g_return_if_fail (PORTSIDE_IS_HEX_VIEW (self));
  if (read == NULL)
    {
      gtk_label_set_text (self->title_label, _("Select a read above to see its bytes in hexadecimal."));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
      return;
    }
  offset = portside_read_row_get_offset (read);
  bytes = portside_read_row_get_bytes (read, PORTSIDE_HEX_VIEW_MAX_BYTES);
  data = g_bytes_get_data (bytes, &length);
  hex = portside_format_hex (data, length, offset);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), hex, -1);
  if (length > 0)
    colour_spans (self, portside_read_row_get_model (read), offset, length);
  title = g_strdup_printf (_("Read #%u: %u bytes at stream offset %" G_GUINT64_FORMAT "%s"),
                           portside_read_row_get_index (read), portside_read_row_get_length (read), offset,
                           length < portside_read_row_get_length (read) ? _(" (showing the first 64 KiB)") : "");
  gtk_label_set_text (self->title_label, title);
}

char *
portside_hex_view_dup_text (PortsideHexView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (PORTSIDE_IS_HEX_VIEW (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
create_tags (PortsideHexView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  for (guint i = 0; i < PORTSIDE_N_SPANS; i++)
    {
      GdkRGBA rgba;

      portside_span_kind_get_color (i, &rgba);
      rgba.alpha = 0.3;
      self->tags[i] = gtk_text_buffer_create_tag (buffer, NULL, "background-rgba", &rgba, NULL);
    }
}

static void
portside_hex_view_dispose (GObject *object)
{
  portside_widget_dispose_template (GTK_WIDGET (object), PORTSIDE_TYPE_HEX_VIEW);
  G_OBJECT_CLASS (portside_hex_view_parent_class)->dispose (object);
}

static void
portside_hex_view_class_init (PortsideHexViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = portside_hex_view_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-hex-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, PortsideHexView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideHexView, text_view);
}

static void
portside_hex_view_init (PortsideHexView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  create_tags (self);
}
