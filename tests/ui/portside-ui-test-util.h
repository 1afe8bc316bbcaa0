/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared helpers for the window's tests: running the main loop until
 * something holds, and the condition most of them wait for.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*PortsideUiTestPredicate) (gpointer data);

/* Runs the main loop until predicate holds, failing after 30 s. */
void     portside_ui_test_spin_until       (PortsideUiTestPredicate predicate,
                                            gpointer                data);
/* Predicate on a PortsideWindow: its session exists and is done running. */
gboolean portside_ui_test_session_finished (gpointer data);

G_END_DECLS
