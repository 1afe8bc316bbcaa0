/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-waterfall.h"
#include "portside-widget-util.h"

#define N_STAGES 6
#define ROW_PADDING 6
#define GAP 8

struct _PortsideWaterfall
{
  GtkWidget parent_instance;
  gint64    durations[N_STAGES];   /* -1: the stage did not run (yet) */
  gboolean  empty;
};

G_DEFINE_FINAL_TYPE (PortsideWaterfall, portside_waterfall, GTK_TYPE_WIDGET)

static const struct
{
  const char *label;
  const char *color;
} stages[N_STAGES] = {
  { N_("DNS"), "#3584e4" },
  { N_("Connect"), "#e5a50a" },
  { N_("TLS"), "#9141ac" },
  { N_("Request sent"), "#2ec27e" },
  { N_("First byte"), "#9a9996" },
  { N_("Done"), "#26a269" },
};

static int
row_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height + ROW_PADDING;
}

static void
portside_waterfall_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 320;
    }
  else
    *minimum = *natural = N_STAGES * row_height (widget);
}

static int
label_width (GtkWidget *widget)
{
  int widest = 0;

  for (guint i = 0; i < N_STAGES; i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, _(stages[i].label));
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest + GAP;
}

static gint64
total_time (PortsideWaterfall *self)
{
  gint64 total = 0;

  for (guint i = 0; i < N_STAGES; i++)
    total += MAX (0, self->durations[i]);
  return MAX (total, 1);
}

static void
draw_stage (PortsideWaterfall *self,
            GtkSnapshot       *snapshot,
            guint              i,
            float              start,
            float              scale,
            const GdkRGBA     *fg,
            int                height,
            int                value_x)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *value = portside_format_duration (self->durations[i]);
  g_autoptr(PangoLayout) name = gtk_widget_create_pango_layout (widget, _(stages[i].label));
  g_autoptr(PangoLayout) amount = gtk_widget_create_pango_layout (widget, value);
  GdkRGBA dim = *fg, color;
  const GdkRGBA *text;
  float y = i * height;

  dim.alpha *= 0.55;
  text = self->durations[i] < 0 ? &dim : fg;
  portside_snapshot_append_layout_at (snapshot, name, 0, y + ROW_PADDING / 2, text);
  portside_snapshot_append_layout_at (snapshot, amount, value_x, y + ROW_PADDING / 2, text);
  if (self->durations[i] < 0)
    return;
  gdk_rgba_parse (&color, stages[i].color);
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (start, y + 3, MAX (2.f, self->durations[i] * scale),
                                                  height - 6));
}

static void
portside_waterfall_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  PortsideWaterfall *self = PORTSIDE_WATERFALL (widget);
  g_autoptr(PangoLayout) sample = gtk_widget_create_pango_layout (widget, "0000.0 ms");
  int width = gtk_widget_get_width (widget);
  int height = row_height (widget);
  int labels = label_width (widget);
  int values, bar_width;
  float start = labels, scale;
  GdkRGBA fg;

  if (self->empty)
    return;
  pango_layout_get_pixel_size (sample, &values, NULL);
  bar_width = MAX (10, width - labels - values - GAP);
  scale = (float) bar_width / total_time (self);
  portside_widget_get_foreground (widget, &fg);
  for (guint i = 0; i < N_STAGES; i++)
    {
      draw_stage (self, snapshot, i, start, scale, &fg, height, width - values);
      start += MAX (0, self->durations[i]) * scale;
    }
}

static void
portside_waterfall_class_init (PortsideWaterfallClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = portside_waterfall_measure;
  widget_class->snapshot = portside_waterfall_snapshot;
  gtk_widget_class_set_css_name (widget_class, "waterfall");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
portside_waterfall_init (PortsideWaterfall *self)
{
  self->empty = TRUE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timing waterfall"), -1);
}

GtkWidget *
portside_waterfall_new (void)
{
  return g_object_new (PORTSIDE_TYPE_WATERFALL, NULL);
}

static void
update_description (PortsideWaterfall *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < N_STAGES && !self->empty; i++)
    {
      g_autofree char *value = portside_format_duration (self->durations[i]);
      g_string_append_printf (text, "%s%s: %s", i ? ", " : "", _(stages[i].label), value);
    }
  portside_widget_set_lazy_tooltip (GTK_WIDGET (self), text->len ? text->str : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

/* "Done" is what is left of the total once the earlier stages are counted:
 * the time spent receiving the response. */
void
portside_waterfall_set_timings (PortsideWaterfall     *self,
                                const PortsideTimings *t)
{
  gint64 before = 0;

  g_return_if_fail (PORTSIDE_IS_WATERFALL (self));
  self->empty = t == NULL;
  if (t != NULL)
    {
      self->durations[0] = t->dns_us;
      self->durations[1] = t->connect_us;
      self->durations[2] = t->tls_us;
      self->durations[3] = t->request_us;
      self->durations[4] = t->first_byte_us;
      for (guint i = 0; i < 5; i++)
        before += MAX (0, self->durations[i]);
      self->durations[5] = t->total_us >= 0 && t->first_byte_us >= 0 ? MAX (0, t->total_us - before) : -1;
    }
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
