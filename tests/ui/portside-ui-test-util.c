/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-ui-test-util.h"

#include "portside-window.h"

/* Keeps the loop waking so a predicate that no event changes is still
 * checked, and the deadline can fire. */
static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
portside_ui_test_spin_until (PortsideUiTestPredicate predicate,
                             gpointer                data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint id = g_timeout_add (10, wake, NULL);

  while (!predicate (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
}

gboolean
portside_ui_test_session_finished (gpointer data)
{
  PortsideSession *session = portside_window_get_session (data);

  return session != NULL && !portside_session_get_running (session);
}
