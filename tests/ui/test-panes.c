/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panes at 1366×768 as a user sees them. The connection pane: every
 * address (the used one marked) and every connect attempt as one line each,
 * without scrolling, for a typical localhost exchange. The read list: rows
 * drawn with each read's own bytes. Runs under Xvfb.
 */
#include "portside-connection-pane.h"
#include "portside-stream-pane.h"
#include "portside-stream-row.h"
#include "portside-test-util.h"
#include "portside-ui-test-util.h"
#include "portside-ui.h"
#include "portside-waterfall.h"
#include "portside-widget-util.h"
#include "portside-window.h"

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  guint *frames = data;

  ++*frames;
  return G_SOURCE_CONTINUE;
}

static gboolean
three_frames (gpointer data)
{
  return *(guint *) data >= 3;
}

/* Lets layout settle: what a screenshot of the window would show. */
static void
wait_frames (PortsideWindow *window)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame, &frames, NULL);

  gtk_widget_queue_resize (GTK_WIDGET (window));
  portside_ui_test_spin_until (three_frames, &frames);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
}

static PortsideWindow *
run_window (const char *url,
            const char *ca_file)
{
  PortsideWindow *window = portside_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  portside_window_set_ca_file (window, ca_file);
  portside_window_set_url (window, url);
  portside_window_send (window);
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  wait_frames (window);
  return window;
}

static guint
count_prefixed (char      **lines,
                const char *prefix)
{
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

/* The pane's lines match the session's resolution and attempts, one for one. */
static void
check_lines (PortsideWindow *window)
{
  PortsideConnectionPane *pane = PORTSIDE_CONNECTION_PANE (portside_window_get_pane (window, PORTSIDE_PANE_CONNECTION));
  PortsideSession *session = portside_window_get_session (window);
  const PortsideResolution *resolution = portside_session_get_resolution (session);
  GPtrArray *attempts = portside_session_get_attempts (session);
  g_autofree char *text = portside_connection_pane_dup_text (pane);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_addresses = resolution->addresses->len;

  g_test_message ("connection pane:\n%s", text);
  g_assert_cmpuint (g_strv_length (lines), ==, n_addresses + attempts->len + 1);
  for (guint i = 0; i < n_addresses; i++)
    {
      g_autofree char *address = g_inet_address_to_string (g_ptr_array_index (resolution->addresses, i));
      g_assert_nonnull (strstr (lines[i], address));
    }
  for (guint i = 0; i < attempts->len; i++)
    {
      const PortsideEvent *attempt = g_ptr_array_index (attempts, i);
      g_autofree char *start = g_strdup_printf ("%s %s ", attempt->error ? "✗" : "✓", attempt->name);
      g_assert_true (g_str_has_prefix (lines[n_addresses + i], start));
    }
  /* Exactly one address is the one used, and says so. */
  g_assert_cmpuint (count_prefixed (lines, "✓ "), ==, 2);
  g_assert_nonnull (strstr (text, "· used"));
  g_assert_true (portside_connection_pane_get_fits (pane));
}

/* Answers one request on 127.0.0.1 only, so that localhost's ::1 is refused. */
static gboolean
serve_one (GThreadedSocketService *service,
           GSocketConnection      *connection,
           GObject                *source,
           gpointer                data)
{
  static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  char buffer[1024];
  gssize n;

  while (strstr (request->str, "\r\n\r\n") == NULL &&
         (n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (request, buffer, n);
  g_output_stream_write_all (out, response, sizeof response - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_refused_then_connected (void)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (2);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PortsideWindow *window;
  PortsideSession *session;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (serve_one), NULL);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://localhost:%u/", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  window = run_window (url, NULL);
  session = portside_window_get_session (window);
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  g_assert_cmpuint (portside_session_get_status (session), ==, 200);
  if (portside_session_get_attempts (session)->len < 2)
    g_test_message ("localhost tried 127.0.0.1 first: no refused attempt to show here");
  check_lines (window);
  g_socket_service_stop (service);
  portside_ui_test_window_destroy (window);
}

/* With the error bar above it, the pane still shows everything. */
static void
test_certificate_error (void)
{
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *url = portside_lab_get_https_url (lab, "/");
  PortsideWindow *window = run_window (url, NULL);

  g_assert_cmpint (portside_session_get_state (portside_window_get_session (window)), ==, PORTSIDE_SESSION_FAILED);
  g_assert_nonnull (portside_window_get_error_text (window));
  check_lines (window);
  portside_ui_test_window_destroy (window);
}

/* The waterfall explains itself on hover. Its tooltip changes while a
 * response streams, so it is answered on demand instead of set each time
 * (GTK 4.8 asks the X server for the pointer whenever a tooltip is set). */
static void
check_waterfall_tooltip (PortsideWindow *window)
{
  GtkWidget *waterfall = portside_ui_test_find_widget (portside_window_get_pane (window, PORTSIDE_PANE_CONNECTION),
                                                       PORTSIDE_TYPE_WATERFALL);
  const char *text;

  g_assert_nonnull (waterfall);
  text = portside_widget_get_lazy_tooltip (waterfall);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "TLS: "));
  g_assert_true (gtk_widget_get_has_tooltip (waterfall));
  g_assert_null (gtk_widget_get_tooltip_text (waterfall));
}

static void
test_https_trusted (void)
{
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *url = portside_lab_get_https_url (lab, "/");
  PortsideWindow *window = run_window (url, portside_lab_get_ca_file (lab));

  g_assert_cmpint (portside_session_get_state (portside_window_get_session (window)), ==, PORTSIDE_SESSION_DONE);
  check_lines (window);
  check_waterfall_tooltip (window);
  portside_ui_test_window_destroy (window);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (PORTSIDE_IS_STREAM_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static guint
count_labels (GtkWidget *widget)
{
  guint n = GTK_IS_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_labels (child);
  return n;
}

/* The colour legend is built when first opened, with every kind of span. */
static void
check_legend (PortsideStreamPane *pane)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (portside_ui_test_find_widget (GTK_WIDGET (pane), GTK_TYPE_MENU_BUTTON));
  GtkPopover *legend;

  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  legend = gtk_menu_button_get_popover (button);
  g_assert_nonnull (legend);
  g_assert_cmpuint (count_labels (GTK_WIDGET (legend)), ==, 2 * PORTSIDE_N_SPANS);
  gtk_menu_button_popdown (button);
}

/* The rows on screen are drawn, each with the start of its own read: the
 * first one with the status line, CR LF shown as glyphs. */
static void
test_stream_rows (void)
{
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *url = portside_lab_get_http_url (lab, "/chunked");
  PortsideWindow *window = run_window (url, NULL);
  PortsideStreamPane *pane = PORTSIDE_STREAM_PANE (portside_window_get_pane (window, PORTSIDE_PANE_STREAM));
  PortsideReadModel *reads = portside_session_get_reads (portside_window_get_session (window));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint drawn = 0;

  collect_rows (portside_stream_pane_get_list_view (pane), rows);
  g_assert_cmpuint (rows->len, >=, g_list_model_get_n_items (G_LIST_MODEL (reads)));
  for (guint i = 0; i < rows->len; i++)
    {
      const char *preview = portside_stream_row_get_preview (g_ptr_array_index (rows, i));

      if (preview == NULL)
        continue;
      drawn++;
      if (g_str_has_prefix (preview, "HTTP/1.1 200 OK←↓"))
        drawn += 100;
      g_assert_cmpuint (strlen (preview), >, 2);
    }
  /* Six reads, all on screen, one of them the status line. */
  g_assert_cmpuint (drawn, ==, g_list_model_get_n_items (G_LIST_MODEL (reads)) + 100);
  check_legend (pane);
  portside_ui_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  portside_ui_test_init (&argc, &argv);

  g_test_add_func ("/panes/connection/refused-then-connected", test_refused_then_connected);
  g_test_add_func ("/panes/connection/certificate-error", test_certificate_error);
  g_test_add_func ("/panes/connection/https-trusted", test_https_trusted);
  g_test_add_func ("/panes/stream/rows", test_stream_rows);
  return g_test_run ();
}
