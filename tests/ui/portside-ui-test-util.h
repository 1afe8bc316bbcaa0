/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared helpers for the window's tests: running the main loop until
 * something holds, the condition most of them wait for, finding a widget
 * and closing a window.
 */
#pragma once

#include <gtk/gtk.h>

#include "portside-window.h"

G_BEGIN_DECLS

typedef gboolean (*PortsideUiTestPredicate) (gpointer data);

/* gtk_test_init, libadwaita and Portside's types, without animations. */
void     portside_ui_test_init             (int    *argc,
                                            char ***argv);

/* Runs the main loop until predicate holds, failing after 30 s. */
void     portside_ui_test_spin_until       (PortsideUiTestPredicate predicate,
                                            gpointer                data);
/* Predicate on a PortsideWindow: its session exists and is done running. */
gboolean portside_ui_test_session_finished (gpointer data);
/* The first widget of type under root, depth first, or NULL. */
GtkWidget *portside_ui_test_find_widget    (GtkWidget *root,
                                            GType      type);
/* Destroys the window and lets a cancelled worker report back before the
 * next test. */
void     portside_ui_test_window_destroy   (PortsideWindow *window);

G_END_DECLS
