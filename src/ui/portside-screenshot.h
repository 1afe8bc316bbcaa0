/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rendering a widget (the window or one pane) to a texture or a PNG file,
 * for the headless --screenshot mode and the GUI tests.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* texture is NULL when error is set. */
typedef void (*PortsideScreenshotFunc) (GdkTexture   *texture,
                                        const GError *error,
                                        gpointer      user_data);

/* Renders widget right after the next frame is painted: only then is every
 * widget's last drawing complete and current. */
void     portside_screenshot_capture (GtkWidget              *widget,
                                      PortsideScreenshotFunc  func,
                                      gpointer                user_data);
gboolean portside_screenshot_save    (GdkTexture             *texture,
                                      const char             *path,
                                      GError                **error);

G_END_DECLS
