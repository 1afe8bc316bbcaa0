/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's exports. "Copy Request as Python" puts on the clipboard the
 * request the window would send now (its method, its raw text, its TLS
 * switch), as a Python program. Runs under Xvfb.
 */
#include "portside-request-pane.h"
#include "portside-test-util.h"
#include "portside-ui-test-util.h"
#include "portside-ui.h"
#include "portside-window.h"

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
text_read (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ClipboardRead *read = data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
copy_python (PortsideWindow *window)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_set_text (clipboard, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-python", NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, text_read, &read);
  portside_ui_test_spin_until (read_done, &read);
  return read.text;
}

static PortsideWindow *
window_new (void)
{
  PortsideWindow *window = portside_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
test_copy_python (void)
{
  PortsideWindow *window = window_new ();
  g_autofree char *url = portside_test_lab_url ("https", "/chunked");
  g_autofree char *built = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *empty = NULL;

  portside_window_set_url (window, url);
  portside_window_set_method (window, "HEAD");
  portside_window_set_verify (window, FALSE);
  built = copy_python (window);
  g_assert_true (g_str_has_prefix (built, "#!/usr/bin/env python3\n"));
  g_assert_nonnull (strstr (built, "    b\"HEAD /chunked HTTP/1.1\\r\\n\"\n"));
  g_assert_nonnull (strstr (built, "VERIFICATION IS OFF"));

  /* The raw editor's text wins over the method, as it does for Send. */
  portside_request_pane_set_raw_text (
    PORTSIDE_REQUEST_PANE (portside_window_get_pane (window, PORTSIDE_PANE_REQUEST)),
    "GET /typed HTTP/1.1\nHost: lab\n\n");
  raw = copy_python (window);
  g_assert_nonnull (strstr (raw, "    b\"GET /typed HTTP/1.1\\r\\n\"\n"));

  /* Nothing to copy without an address: the clipboard is left alone. */
  portside_window_set_url (window, "  ");
  empty = copy_python (window);
  g_assert_cmpstr (empty, ==, "");
  portside_ui_test_window_destroy (window);
}

int
main (int argc, char **argv)
{
  portside_ui_test_init (&argc, &argv);
  g_test_add_func ("/export/copy-python", test_copy_python);
  return g_test_run ();
}
