/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-stream-row.h"
#include "portside-widget-util.h"

/* Enough to fill a wide row, and no more: every byte shown is shaped text,
 * redone for each row the list binds. The whole read is in the hex tab. */
#define PREVIEW_BYTES 96

struct _PortsideStreamRow
{
  GtkWidget        parent_instance;
  GtkLabel        *index_label;
  GtkLabel        *time_label;
  GtkLabel        *size_label;
  GtkLabel        *continued_label;
  GtkLabel        *bytes_label;

  PortsideReadRow *read;
  GArray          *map;    /* text index of each previewed byte */
};

G_DEFINE_FINAL_TYPE (PortsideStreamRow, portside_stream_row, GTK_TYPE_WIDGET)

static char *
chunk_size_note (PortsideReadModel        *model,
                 const PortsideSpanRecord *span)
{
  char line[32] = { 0 };
  guint64 size;
  char *end = NULL;

  portside_byte_store_read (portside_read_model_get_store (model), span->offset, (guint8 *) line,
                            MIN (span->length, sizeof line - 1));
  size = g_ascii_strtoull (line, &end, 16);
  if (end == line)
    return NULL;
  return g_strdup_printf (_("0x%.*s = %" G_GUINT64_FORMAT " bytes of data follow."),
                          (int) (end - line), line, size);
}

char *
portside_stream_describe_offset (PortsideReadModel *model,
                                 guint64            offset)
{
  guint i = portside_read_model_find_span (model, offset);
  const PortsideSpanRecord *span;
  g_autofree char *note = NULL;

  if (i == G_MAXUINT)
    return NULL;
  span = portside_read_model_get_span (model, i);
  if (span->kind == PORTSIDE_SPAN_CHUNK_SIZE)
    note = chunk_size_note (model, span);
  return g_strdup_printf (_("%s — stream bytes %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT "\n%s%s%s"),
                          portside_span_kind_get_label (span->kind),
                          span->offset, span->offset + span->length - 1,
                          portside_span_kind_explain (span->kind),
                          note ? "\n" : "", note ? note : "");
}

static guint
byte_at_index (GArray *map,
               int     index)
{
  guint lo = 0, hi = map->len - 1;

  /* The last entry whose text index is at or before index. */
  while (lo + 1 < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (map, guint32, mid) <= (guint32) index)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
bytes_query_tooltip_cb (PortsideStreamRow *self,
                        int                x,
                        int                y,
                        gboolean           keyboard,
                        GtkTooltip        *tooltip)
{
  PangoLayout *layout = gtk_label_get_layout (self->bytes_label);
  g_autofree char *text = NULL;
  int lx, ly, index, trailing;

  if (self->read == NULL || self->map == NULL || self->map->len < 2)
    return FALSE;
  gtk_label_get_layout_offsets (self->bytes_label, &lx, &ly);
  if (!pango_layout_xy_to_index (layout, (x - lx) * PANGO_SCALE, (y - ly) * PANGO_SCALE, &index, &trailing))
    return FALSE;
  text = portside_stream_describe_offset (portside_read_row_get_model (self->read),
                                          portside_read_row_get_offset (self->read) +
                                          byte_at_index (self->map, index));
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
add_span_attrs (PortsideReadModel *model,
                guint64            offset,
                gsize              length,
                GArray            *map,
                PangoAttrList     *attrs,
                gboolean          *continued)
{
  guint i = portside_read_model_find_span (model, offset);
  guint n = portside_read_model_get_n_spans (model);

  *continued = FALSE;
  for (; i < n; i++)
    {
      const PortsideSpanRecord *span = portside_read_model_get_span (model, i);
      guint64 from = MAX (span->offset, offset) - offset;
      guint64 to = MIN (span->offset + span->length, offset + length) - offset;

      if (span->offset >= offset + length)
        break;
      if (span->offset < offset)
        *continued = TRUE;
      portside_span_kind_add_attrs (attrs, span->kind, g_array_index (map, guint32, from),
                                    g_array_index (map, guint32, to));
    }
}

static void
show_bytes (PortsideStreamRow *self)
{
  PortsideReadModel *model = portside_read_row_get_model (self->read);
  g_autoptr(GBytes) bytes = portside_read_row_get_bytes (self->read, PREVIEW_BYTES);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autoptr(PortsideVisible) visible = NULL;
  gboolean continued = FALSE;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  visible = portside_visible_new (data, length, FALSE);
  if (length > 0)
    add_span_attrs (model, portside_read_row_get_offset (self->read), length, visible->map, attrs, &continued);
  portside_visible_add_dims (visible, attrs);
  gtk_label_set_text (self->bytes_label, visible->text->str);
  gtk_label_set_attributes (self->bytes_label, attrs);
  gtk_widget_set_opacity (GTK_WIDGET (self->continued_label), continued ? 1 : 0);
  g_clear_pointer (&self->map, g_array_unref);
  self->map = g_array_ref (visible->map);
}

static void
update_accessible_label (PortsideStreamRow *self,
                         const char        *index,
                         const char        *time,
                         const char        *size)
{
  /* Translators: a read row for screen readers: "Read #3, 4096 B, 12.1 ms after sending" */
  g_autofree char *label = g_strdup_printf (_("Read %s, %s, %s after sending"), index, size, time);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
portside_stream_row_set_read (PortsideStreamRow *self,
                              PortsideReadRow   *read)
{
  g_autofree char *index = NULL;
  g_autofree char *time = NULL;
  g_autofree char *size = NULL;

  g_return_if_fail (PORTSIDE_IS_STREAM_ROW (self));
  g_set_object (&self->read, read);
  g_clear_pointer (&self->map, g_array_unref);
  if (read == NULL)
    return;
  index = g_strdup_printf ("#%u", portside_read_row_get_index (read));
  time = portside_format_duration (portside_read_row_get_time (read));
  size = g_strdup_printf ("%u B", portside_read_row_get_length (read));
  gtk_label_set_text (self->index_label, index);
  gtk_label_set_text (self->time_label, time);
  gtk_label_set_text (self->size_label, size);
  show_bytes (self);
  update_accessible_label (self, index, time, size);
}

static void
portside_stream_row_dispose (GObject *object)
{
  PortsideStreamRow *self = PORTSIDE_STREAM_ROW (object);

  g_clear_object (&self->read);
  g_clear_pointer (&self->map, g_array_unref);
  portside_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_STREAM_ROW);
  G_OBJECT_CLASS (portside_stream_row_parent_class)->dispose (object);
}

static void
portside_stream_row_class_init (PortsideStreamRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portside_stream_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-stream-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "streamrow");
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamRow, index_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamRow, continued_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamRow, bytes_label);
  gtk_widget_class_bind_template_callback (widget_class, bytes_query_tooltip_cb);
}

static void
portside_stream_row_init (PortsideStreamRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 10);
}

GtkWidget *
portside_stream_row_new (void)
{
  return g_object_new (PORTSIDE_TYPE_STREAM_ROW, NULL);
}
