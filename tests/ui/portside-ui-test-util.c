/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-ui-test-util.h"

#include "portside-ui.h"
#include "portside-window.h"

void
portside_ui_test_init (int    *argc,
                       char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  portside_ui_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

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

GtkWidget *
portside_ui_test_find_widget (GtkWidget *root,
                              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = portside_ui_test_find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
portside_ui_test_window_destroy (PortsideWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}
