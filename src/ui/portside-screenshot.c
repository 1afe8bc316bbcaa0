/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-error.h"
#include "portside-screenshot.h"

typedef struct
{
  GtkWidget              *widget;
  GdkFrameClock          *clock;
  gulong                  handler;
  PortsideScreenshotFunc  func;
  gpointer                user_data;
} Capture;

static GdkTexture *
render (GtkWidget  *widget,
        GError    **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GtkNative *native = gtk_widget_get_native (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                           _("The window drew nothing, so there is nothing to capture."));
      return NULL;
    }
  graphene_rect_init (&bounds, 0, 0, width, height);
  return gsk_renderer_render_texture (gtk_native_get_renderer (native), node, &bounds);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Capture       *capture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  /* A window presented a moment ago may paint before it is laid out. */
  if (gtk_widget_get_width (capture->widget) <= 0 || gtk_widget_get_height (capture->widget) <= 0)
    {
      gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_native (capture->widget)));
      return;
    }
  g_signal_handler_disconnect (clock, capture->handler);
  texture = render (capture->widget, &error);
  capture->func (texture, error, capture->user_data);
  g_object_unref (capture->widget);
  g_object_unref (capture->clock);
  g_free (capture);
}

void
portside_screenshot_capture (GtkWidget              *widget,
                             PortsideScreenshotFunc  func,
                             gpointer                user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_autoptr(GError) error = NULL;
  Capture *capture;

  if (clock == NULL)
    {
      error = g_error_new_literal (PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                                   _("The window was never shown, so there is nothing to capture."));
      func (NULL, error, user_data);
      return;
    }
  capture = g_new0 (Capture, 1);
  capture->widget = g_object_ref (widget);
  capture->clock = g_object_ref (clock);
  capture->func = func;
  capture->user_data = user_data;
  capture->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), capture);
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_native (widget)));
}

gboolean
portside_screenshot_save (GdkTexture  *texture,
                          const char  *path,
                          GError     **error)
{
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO, _("Could not write the image to %s."), path);
      return FALSE;
    }
  return TRUE;
}
