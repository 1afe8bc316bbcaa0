/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's exports. "Copy Request as Python" puts on the clipboard the
 * request the window would send now (its method, its raw text, its TLS
 * switch), as a Python program. "Save Received Bytes" writes every byte
 * received, framing included, also when most of it had spilled to disk.
 * Runs under Xvfb.
 */
#include <glib/gstdio.h>

#include "portside-read-model.h"
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

typedef struct
{
  GAsyncResult *result;
} Pending;

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  ((Pending *) data)->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Pending *) data)->result != NULL;
}

static gboolean
save_received (PortsideWindow *window,
               GFile          *file,
               guint64        *saved,
               GError        **error)
{
  Pending pending = { NULL };
  gboolean ok;

  portside_window_save_received_async (window, file, NULL, got_result, &pending);
  portside_ui_test_spin_until (has_result, &pending);
  ok = portside_window_save_received_finish (window, pending.result, saved, error);
  g_object_unref (pending.result);
  return ok;
}

static void
test_save_received (void)
{
  PortsideWindow *window = window_new ();
  g_autofree char *url = portside_test_lab_url ("http", "/bytes/3000000?chunked=1");
  g_autofree char *dir = g_dir_make_tmp ("portside-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "response.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) stored = NULL;
  PortsideByteStore *store;
  guint64 saved = 0;
  gsize length = 0;

  /* Before any request there is nothing to save, and it says so. */
  g_assert_false (save_received (window, file, &saved, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  portside_window_set_url (window, url);
  portside_window_send (window);
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  store = portside_read_model_get_store (portside_session_get_reads (portside_window_get_session (window)));
  g_assert_cmpuint (portside_byte_store_get_spilled (store), >, 0);  /* most of it on disk */

  g_assert_true (save_received (window, file, &saved, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (saved, ==, length);
  g_assert_cmpuint (length, ==, portside_session_get_timings (portside_window_get_session (window))->bytes_received);
  g_assert_true (g_str_has_prefix (contents, "HTTP/1.1 200 OK\r\n"));
  g_assert_true (g_str_has_suffix (contents, "\r\n0\r\n\r\n"));  /* the last chunk, framing kept */
  stored = portside_byte_store_get_bytes (store, 0, length);
  g_assert_cmpmem (contents, length, g_bytes_get_data (stored, NULL), g_bytes_get_size (stored));

  g_unlink (path);
  g_rmdir (dir);
  portside_ui_test_window_destroy (window);
}

int
main (int argc, char **argv)
{
  portside_ui_test_init (&argc, &argv);
  g_test_add_func ("/export/copy-python", test_copy_python);
  g_test_add_func ("/export/save-received", test_save_received);
  return g_test_run ();
}
