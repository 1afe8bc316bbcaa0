/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers the panes share.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwActionRow whose texts are plain (never markup) and may wrap. */
GtkWidget *portside_info_row_new      (const char *title,
                                       const char *subtitle);
/* Same, with the subtitle in a monospace, selectable label at the end. */
GtkWidget *portside_value_row_new     (const char *title,
                                       const char *value);
void       portside_list_box_clear    (GtkListBox *list);
/* Tags the whole buffer so that wrapped lines never show an added hyphen. */
void       portside_text_buffer_forbid_hyphens (GtkTextBuffer *buffer);
/* Shows text in a GtkTextView's buffer with the dim glyph ranges tagged. */
void       portside_text_view_set_visible (GtkTextView  *view,
                                           const guint8 *data,
                                           gsize         length);

/* The widget's CSS foreground colour, on GTK 4.8 as on later versions. */
void       portside_widget_get_foreground (GtkWidget *widget,
                                           GdkRGBA   *color);
/* Appends layout with its top left corner at (x, y). */
void       portside_snapshot_append_layout_at (GtkSnapshot   *snapshot,
                                               PangoLayout   *layout,
                                               float          x,
                                               float          y,
                                               const GdkRGBA *color);

/* Sets a tooltip that costs nothing until the pointer rests on the widget.
 * GTK 4.8's gtk_widget_set_tooltip_text() asks the X server where the
 * pointer is, with the server grabbed, each time it is called on a visible
 * widget: tooltips that change while a body streams would stall the main
 * loop on that round trip. NULL removes the tooltip. */
void       portside_widget_set_lazy_tooltip (GtkWidget  *widget,
                                             const char *text);
const char *portside_widget_get_lazy_tooltip (GtkWidget  *widget);

/* Asks where to save (GtkFileDialog from GTK 4.10, a native chooser
 * before), suggesting name; calls func with the chosen file, or never when
 * the user cancels. data is released with destroy once the dialog is done. */
typedef void (*PortsideSaveFunc) (GFile *file, gpointer data);
void       portside_choose_save_file (GtkWidget        *widget,
                                      const char       *title,
                                      const char       *name,
                                      PortsideSaveFunc  func,
                                      gpointer          data,
                                      GDestroyNotify    destroy);

/* gtk_widget_dispose_template() plus the children it leaves behind. */
void       portside_widget_dispose_template (GtkWidget *widget,
                                             GType      type);

G_END_DECLS
