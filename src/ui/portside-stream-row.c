/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn by hand, without child labels: while a stream arrives the list
 * rebinds every row it shows several times a second. A bind here only
 * stores the read and queues a redraw; the row's height never depends on
 * its text, so nothing is measured again, and the text is shaped once,
 * when the row is drawn, and only as much of it as fits.
 */
#include <adwaita.h>
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-stream-row.h"
#include "portside-widget-util.h"

/* Never more than this, however wide the row: the whole read is in the hex tab. */
#define PREVIEW_BYTES 160
#define SPACING 10
/* The columns' widths in characters, as the pane's column titles have them. */
#define INDEX_CHARS 6
#define TIME_CHARS 9
#define SIZE_CHARS 8
#define MARK_CHARS 1

struct _PortsideStreamRow
{
  GtkWidget             parent_instance;
  PortsideReadRow      *read;
  char                 *index, *time, *size;
  gboolean              continued;
  PangoLayout          *bytes;      /* made when drawn; dropped on rebind and resize */
  GArray               *map;        /* text index of each previewed byte */
  PangoFontDescription *font;       /* the pane font the metrics below are for */
  int                   line_height;
  int                   char_width; /* a column character, as GtkLabel:width-chars counts */
  int                   mono_width; /* a monospace character */
};

G_DEFINE_FINAL_TYPE (PortsideStreamRow, portside_stream_row, GTK_TYPE_WIDGET)

static PangoFontDescription *
monospace (const PangoFontDescription *font)
{
  PangoFontDescription *mono = pango_font_description_copy (font);

  pango_font_description_set_family (mono, "Monospace");
  return mono;
}

static int
char_pixels (PangoFontMetrics *metrics,
             gboolean          with_char)
{
  int digit = pango_font_metrics_get_approximate_digit_width (metrics);
  int any = with_char ? pango_font_metrics_get_approximate_char_width (metrics) : 0;

  return PANGO_PIXELS_CEIL (MAX (digit, any));
}

/* Metrics are costly to compute, so they are kept until the font changes
 * (the zoom). Returns TRUE when they were recomputed. */
static gboolean
ensure_metrics (PortsideStreamRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  g_autoptr(PangoFontDescription) mono = NULL;
  PangoFontMetrics *metrics, *mono_metrics;

  if (self->font != NULL && pango_font_description_equal (self->font, font))
    return FALSE;
  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = pango_font_description_copy (font);
  mono = monospace (font);
  metrics = pango_context_get_metrics (context, font, NULL);
  mono_metrics = pango_context_get_metrics (context, mono, NULL);
  self->char_width = char_pixels (metrics, TRUE);
  self->mono_width = MAX (1, char_pixels (mono_metrics, TRUE));
  self->line_height = PANGO_PIXELS_CEIL (MAX (pango_font_metrics_get_height (metrics),
                                              pango_font_metrics_get_height (mono_metrics)));
  pango_font_metrics_unref (metrics);
  pango_font_metrics_unref (mono_metrics);
  g_clear_object (&self->bytes);
  return TRUE;
}

static int
bytes_x (PortsideStreamRow *self)
{
  return (INDEX_CHARS + TIME_CHARS + SIZE_CHARS + MARK_CHARS) * self->char_width + 4 * SPACING;
}

static void
portside_stream_row_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  PortsideStreamRow *self = PORTSIDE_STREAM_ROW (widget);

  ensure_metrics (self);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = self->line_height;
  else
    {
      *minimum = bytes_x (self) + 8 * self->mono_width;
      *natural = bytes_x (self) + 48 * self->mono_width;
    }
}

static void
portside_stream_row_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  /* The preview is cut to the width: a new width needs a new cut. */
  g_clear_object (&PORTSIDE_STREAM_ROW (widget)->bytes);
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

/* As many bytes as the width shows (one character each, or fewer), plus one
 * so that a longer read ends in an ellipsis. */
static PangoLayout *
build_bytes (PortsideStreamRow *self,
             int                width)
{
  PortsideReadModel *model = portside_read_row_get_model (self->read);
  gsize want = CLAMP (width / self->mono_width + 1, 1, PREVIEW_BYTES);
  g_autoptr(GBytes) bytes = portside_read_row_get_bytes (self->read, want);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autoptr(PortsideVisible) visible = NULL;
  g_autoptr(PangoFontDescription) mono = monospace (self->font);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  visible = portside_visible_new (data, length, FALSE);
  if (length > 0)
    add_span_attrs (model, portside_read_row_get_offset (self->read), length, visible->map, attrs,
                    &self->continued);
  portside_visible_add_dims (visible, attrs);
  pango_layout_set_font_description (layout, mono);
  pango_layout_set_text (layout, visible->text->str, visible->text->len);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, MAX (1, width) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  g_clear_pointer (&self->map, g_array_unref);
  self->map = g_array_ref (visible->map);
  return layout;
}

/* text drawn so that it ends at right, vertically centred. */
static void
draw_right (GtkSnapshot   *snapshot,
            GtkWidget     *widget,
            const char    *text,
            int            right,
            int            height,
            const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  portside_snapshot_append_layout_at (snapshot, layout, right - w, (height - h) / 2, color);
}

static void
continued_color (GdkRGBA *color)
{
  /* Orange from the GNOME palette, light on the dark style. */
  gdk_rgba_parse (color, adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "#ffa348" : "#c64600");
}

static void
portside_stream_row_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  PortsideStreamRow *self = PORTSIDE_STREAM_ROW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int x = INDEX_CHARS * self->char_width, w, h;
  GdkRGBA fg, dim, mark;

  if (self->read == NULL)
    return;
  ensure_metrics (self);
  if (self->bytes == NULL)
    self->bytes = build_bytes (self, width - bytes_x (self));
  portside_widget_get_foreground (widget, &fg);
  dim = fg;
  dim.alpha *= 0.55;
  draw_right (snapshot, widget, self->index, x, height, &dim);
  x += SPACING + TIME_CHARS * self->char_width;
  draw_right (snapshot, widget, self->time, x, height, &fg);
  x += SPACING + SIZE_CHARS * self->char_width;
  draw_right (snapshot, widget, self->size, x, height, &fg);
  x += SPACING + MARK_CHARS * self->char_width;
  continued_color (&mark);
  if (self->continued)
    draw_right (snapshot, widget, "↪", x, height, &mark);
  pango_layout_get_pixel_size (self->bytes, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bytes_x (self), (height - h) / 2));
  gtk_snapshot_append_layout (snapshot, self->bytes, &fg);
  gtk_snapshot_restore (snapshot);
}

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
portside_stream_row_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard,
                                   GtkTooltip *tooltip)
{
  PortsideStreamRow *self = PORTSIDE_STREAM_ROW (widget);
  int start = bytes_x (self), index, trailing;
  g_autofree char *text = NULL;

  if (self->read == NULL || self->bytes == NULL || self->map == NULL || self->map->len < 2)
    return FALSE;
  if (self->continued && x < start && x >= start - SPACING - MARK_CHARS * self->char_width)
    {
      gtk_tooltip_set_text (tooltip, _("This read starts in the middle of a line or chunk that began in an "
                                       "earlier read: one recv() is not one message"));
      return TRUE;
    }
  if (x < start || !pango_layout_xy_to_index (self->bytes, (x - start) * PANGO_SCALE, 0, &index, &trailing))
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
update_accessible_label (PortsideStreamRow *self)
{
  /* Translators: a read row for screen readers: "Read #3, 4096 B, 12.1 ms after sending" */
  g_autofree char *label = g_strdup_printf (_("Read %s, %s, %s after sending"), self->index, self->size, self->time);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
clear_texts (PortsideStreamRow *self)
{
  g_clear_pointer (&self->index, g_free);
  g_clear_pointer (&self->time, g_free);
  g_clear_pointer (&self->size, g_free);
  g_clear_object (&self->bytes);
  g_clear_pointer (&self->map, g_array_unref);
  self->continued = FALSE;
}

void
portside_stream_row_set_read (PortsideStreamRow *self,
                              PortsideReadRow   *read)
{
  g_return_if_fail (PORTSIDE_IS_STREAM_ROW (self));
  g_set_object (&self->read, read);
  clear_texts (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (read == NULL)
    return;
  self->index = g_strdup_printf ("#%u", portside_read_row_get_index (read));
  self->time = portside_format_duration (portside_read_row_get_time (read));
  self->size = g_strdup_printf ("%u B", portside_read_row_get_length (read));
  update_accessible_label (self);
}

const char *
portside_stream_row_get_preview (PortsideStreamRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_STREAM_ROW (self), NULL);
  return self->bytes ? pango_layout_get_text (self->bytes) : NULL;
}

static void
portside_stream_row_dispose (GObject *object)
{
  PortsideStreamRow *self = PORTSIDE_STREAM_ROW (object);

  g_clear_object (&self->read);
  clear_texts (self);
  g_clear_pointer (&self->font, pango_font_description_free);
  G_OBJECT_CLASS (portside_stream_row_parent_class)->dispose (object);
}

static void
portside_stream_row_class_init (PortsideStreamRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portside_stream_row_dispose;
  widget_class->measure = portside_stream_row_measure;
  widget_class->size_allocate = portside_stream_row_size_allocate;
  widget_class->snapshot = portside_stream_row_snapshot;
  widget_class->query_tooltip = portside_stream_row_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "streamrow");
}

static void
portside_stream_row_init (PortsideStreamRow *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
portside_stream_row_new (void)
{
  return g_object_new (PORTSIDE_TYPE_STREAM_ROW, NULL);
}
