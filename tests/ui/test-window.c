/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole window against the in-process lab: what each pane's models hold
 * after real exchanges, errors that keep what arrived, cancelling, and a
 * screenshot that is not blank. Runs under Xvfb.
 */
#include "portside-body-view.h"
#include "portside-byte-format.h"
#include "portside-cert-row.h"
#include "portside-preferences.h"
#include "portside-error.h"
#include "portside-header-item.h"
#include "portside-hex-view.h"
#include "portside-read-row.h"
#include "portside-request-pane.h"
#include "portside-screenshot.h"
#include "portside-stream-pane.h"
#include "portside-stream-row.h"
#include "portside-test-util.h"
#include "portside-ui-test-util.h"
#include "portside-tls-pane.h"
#include "portside-ui.h"
#include "portside-window.h"

static PortsideWindow *
window_new (void)
{
  PortsideWindow *window = portside_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static PortsideSession *
send_and_wait (PortsideWindow *window,
               const char     *scheme,
               const char     *path)
{
  g_autofree char *url = portside_test_lab_url (scheme, path);

  portside_window_set_url (window, url);
  portside_window_send (window);
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  return portside_window_get_session (window);
}

static guint64
sum_read_lengths (PortsideReadModel *reads)
{
  guint64 sum = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (reads)); i++)
    sum += portside_read_model_get_record (reads, i)->length;
  return sum;
}

static guint
count_spans (PortsideReadModel *reads,
             PortsideSpanKind   kind)
{
  guint n = 0;

  for (guint i = 0; i < portside_read_model_get_n_spans (reads); i++)
    n += portside_read_model_get_span (reads, i)->kind == kind;
  return n;
}

static gboolean
has_header (PortsideSession *session,
            const char      *name,
            const char      *value)
{
  GListModel *headers = portside_session_get_headers (session);

  for (guint i = 0; i < g_list_model_get_n_items (headers); i++)
    {
      g_autoptr(PortsideHeaderItem) item = g_list_model_get_item (headers, i);
      if (g_ascii_strcasecmp (portside_header_item_get_name (item), name) == 0 &&
          g_strcmp0 (portside_header_item_get_value (item), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
check_connection (PortsideSession *session)
{
  const PortsideResolution *resolution = portside_session_get_resolution (session);
  GPtrArray *attempts = portside_session_get_attempts (session);
  const PortsideEvent *last;

  g_assert_nonnull (resolution);
  g_assert_cmpuint (resolution->addresses->len, >=, 1);
  g_assert_cmpuint (attempts->len, >=, 1);
  last = g_ptr_array_index (attempts, attempts->len - 1);
  g_assert_null (last->error);
  g_assert_cmpstr (portside_session_get_remote (session), ==, last->name);
  g_assert_nonnull (portside_session_get_local (session));
  g_assert_true (g_str_has_prefix (portside_session_get_local (session), "127.0.0.1:") ||
                 g_str_has_prefix (portside_session_get_local (session), "[::1]:"));
}

/* Every received byte is in exactly one read and one span, in order. */
static void
check_stream_covered (PortsideSession *session)
{
  PortsideReadModel *reads = portside_session_get_reads (session);
  const PortsideTimings *timings = portside_session_get_timings (session);
  guint64 end = 0;

  g_assert_cmpuint (sum_read_lengths (reads), ==, portside_read_model_get_bytes_read (reads));
  g_assert_cmpuint (timings->bytes_received, ==, portside_read_model_get_bytes_read (reads));
  g_assert_cmpuint (timings->reads, ==, g_list_model_get_n_items (G_LIST_MODEL (reads)));
  for (guint i = 0; i < portside_read_model_get_n_spans (reads); i++)
    {
      const PortsideSpanRecord *span = portside_read_model_get_span (reads, i);
      g_assert_cmpuint (span->offset, ==, end);
      end += span->length;
    }
  g_assert_cmpuint (end, ==, portside_read_model_get_bytes_read (reads));
}

typedef struct
{
  GdkTexture *texture;
  gboolean    done;
} Shot;

static void
shot_taken (GdkTexture   *texture,
            const GError *error,
            gpointer      data)
{
  Shot *shot = data;

  g_assert_no_error (error);
  shot->texture = g_object_ref (texture);
  shot->done = TRUE;
}

static gboolean
shot_done (gpointer data)
{
  return ((Shot *) data)->done;
}

/* Renders, saves and reloads the window; the pixels must not be one colour. */
static void
check_screenshot (PortsideWindow *window,
                  const char     *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  Shot shot = { 0 };
  double sum = 0, sum2 = 0, variance;
  int width, height;
  gsize n;

  portside_screenshot_capture (GTK_WIDGET (window), shot_taken, &shot);
  portside_ui_test_spin_until (shot_done, &shot);
  g_assert_true (portside_screenshot_save (shot.texture, path, &error));
  g_assert_no_error (error);
  g_clear_object (&shot.texture);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, ==, gtk_widget_get_width (GTK_WIDGET (window)));
  n = (gsize) width * height * 4;
  pixels = g_malloc (n);
  gdk_texture_download (texture, pixels, width * 4);
  for (gsize i = 0; i < n; i += 4)
    {
      double grey = (pixels[i] + pixels[i + 1] + pixels[i + 2]) / 3.0;
      sum += grey;
      sum2 += grey * grey;
    }
  variance = sum2 / (n / 4) - (sum / (n / 4)) * (sum / (n / 4));
  g_test_message ("%s: %dx%d, grey variance %.1f", path, width, height, variance);
  g_assert_cmpfloat (variance, >, 100.0);
}

/* Selecting a read shows its own bytes in the hex tab, from its stream offset. */
static void
check_selected_read_hex (PortsideStreamPane *stream,
                         PortsideReadModel  *reads)
{
  GtkGridView *list = GTK_GRID_VIEW (portside_stream_pane_get_list_view (stream));
  PortsideHexView *hex = PORTSIDE_HEX_VIEW (portside_stream_pane_get_hex_view (stream));
  const PortsideReadRecord *second = portside_read_model_get_record (reads, 1);
  g_autofree char *prefix = g_strdup_printf ("%08" G_GINT64_MODIFIER "x  ", second->offset);
  g_autofree char *text = NULL;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_grid_view_get_model (list)), 1);
  text = portside_hex_view_dup_text (hex);
  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_cmpuint (strlen (text), ==, (second->length + 15) / 16 * PORTSIDE_HEX_LINE_CHARS);
}

static void
test_http_chunked (void)
{
  PortsideWindow *window = window_new ();
  PortsideSession *session = send_and_wait (window, "http", "/chunked");
  PortsideReadModel *reads = portside_session_get_reads (session);
  GtkWidget *stream = portside_window_get_pane (window, PORTSIDE_PANE_STREAM);
  GtkWidget *tls = portside_window_get_pane (window, PORTSIDE_PANE_TLS);
  PortsideBodyView *body = PORTSIDE_BODY_VIEW (portside_stream_pane_get_body_view (PORTSIDE_STREAM_PANE (stream)));
  g_autofree char *request_text = portside_request_pane_dup_text (PORTSIDE_REQUEST_PANE (portside_window_get_pane (window, PORTSIDE_PANE_REQUEST)));
  g_autofree char *body_text = NULL;
  g_autofree char *tooltip = NULL;
  g_autoptr(GBytes) request = portside_session_get_request (session);
  guint size_span;

  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  g_assert_null (portside_window_get_error_text (window));
  check_connection (session);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (request, NULL), "GET /chunked HTTP/1.1\r\n"));
  g_assert_true (g_str_has_prefix (request_text, "GET /chunked HTTP/1.1←↓\n"));
  check_stream_covered (session);
  g_assert_cmpuint (portside_session_get_status (session), ==, 200);
  g_assert_cmpint (portside_session_get_framing (session), ==, PORTSIDE_FRAMING_CHUNKED);
  g_assert_true (has_header (session, "Transfer-Encoding", "chunked"));
  g_assert_cmpuint (count_spans (reads, PORTSIDE_SPAN_STATUS_LINE), ==, 1);
  g_assert_cmpuint (count_spans (reads, PORTSIDE_SPAN_CHUNK_SIZE), >=, 2);
  g_assert_cmpuint (count_spans (reads, PORTSIDE_SPAN_LAST_CHUNK), ==, 1);
  g_assert_cmpuint (count_spans (reads, PORTSIDE_SPAN_TRAILER), >=, 1);
  g_assert_cmpuint (portside_session_get_n_chunks (session), >=, 2);
  /* A chunk boundary explains itself, size included. */
  for (size_span = 0; portside_read_model_get_span (reads, size_span)->kind != PORTSIDE_SPAN_CHUNK_SIZE; size_span++)
    ;
  g_assert_cmpuint (portside_read_model_find_span (reads, portside_read_model_get_span (reads, size_span)->offset + 1),
                    ==, size_span);
  tooltip = portside_stream_describe_offset (reads, portside_read_model_get_span (reads, size_span)->offset);
  g_assert_nonnull (strstr (tooltip, "bytes of data follow"));
  /* The body is rendered once its tab is shown. */
  g_assert_cmpstr (portside_body_view_get_mode (body), ==, "none");
  portside_stream_pane_show_tab (PORTSIDE_STREAM_PANE (stream), "body");
  g_assert_cmpstr (portside_body_view_get_mode (body), ==, "text");
  body_text = portside_body_view_dup_text (body);
  g_assert_nonnull (strstr (body_text, "chunk"));
  g_assert_cmpstr (portside_tls_pane_get_page (PORTSIDE_TLS_PANE (tls)), ==, "plain");
  check_selected_read_hex (PORTSIDE_STREAM_PANE (stream), reads);
  check_screenshot (window, "window-http-chunked.png");
  /* Closing the window lets go of the session and its models. */
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_object_add_weak_pointer (G_OBJECT (reads), (gpointer *) &reads);
  portside_ui_test_window_destroy (window);
  g_assert_null (session);
  g_assert_null (reads);
}

static void
test_https_trusted (void)
{
  PortsideWindow *window = window_new ();
  PortsideTlsPane *pane = PORTSIDE_TLS_PANE (portside_window_get_pane (window, PORTSIDE_PANE_TLS));
  PortsideSession *session;
  const PortsideTlsInfo *tls;
  const PortsideCertInfo *leaf;

  portside_window_set_ca_file (window, portside_lab_get_ca_file (portside_test_lab ()));
  session = send_and_wait (window, "https", "/");
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  check_connection (session);
  check_stream_covered (session);
  tls = portside_session_get_tls (session);
  g_assert_nonnull (tls);
  g_assert_true (tls->verified);
  g_assert_nonnull (tls->version);
  g_assert_nonnull (tls->cipher);
  g_assert_cmpuint (tls->chain->len, >=, 1);
  leaf = g_ptr_array_index (tls->chain, 0);
  g_test_message ("leaf subject %s, issuer %s", leaf->subject, leaf->issuer);
  g_assert_nonnull (leaf->sans);
  g_assert_true (g_strv_contains ((const char *const *) leaf->sans, "DNS:localhost"));
  g_assert_nonnull (leaf->sha256);
  g_assert_cmpuint (portside_session_get_tls_messages (session)->len, >=, 4);
  g_assert_cmpuint (portside_session_get_wire_bytes (session), >, 0);
  g_assert_cmpstr (portside_tls_pane_get_page (pane), ==, "tls");
  g_assert_cmpuint (portside_tls_pane_get_n_certificates (pane), ==, tls->chain->len);
  g_assert_true (g_str_has_prefix (portside_tls_pane_get_result_text (pane), "Verified"));
  check_screenshot (window, "window-https.png");
  portside_ui_test_window_destroy (window);
}

static void
test_https_self_signed (void)
{
  PortsideWindow *window = window_new ();
  PortsideTlsPane *pane = PORTSIDE_TLS_PANE (portside_window_get_pane (window, PORTSIDE_PANE_TLS));
  PortsideSession *session = send_and_wait (window, "https", "/");
  g_autofree char *text = NULL;
  const PortsideTlsInfo *tls;

  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_FAILED);
  g_assert_error (portside_session_get_error (session), PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_assert_nonnull (portside_window_get_error_text (window));
  text = g_ascii_strdown (portside_window_get_error_text (window), -1);
  g_test_message ("error bar: %s", text);
  g_assert_nonnull (strstr (text, "self-signed"));
  /* The chain that failed is still there to look at. */
  tls = portside_session_get_tls (session);
  g_assert_nonnull (tls);
  g_assert_false (tls->verified);
  g_assert_cmpuint (tls->chain->len, >=, 1);
  g_assert_cmpuint (portside_tls_pane_get_n_certificates (pane), ==, tls->chain->len);
  g_assert_true (g_str_has_prefix (portside_tls_pane_get_result_text (pane), "Not verified"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (portside_session_get_reads (session))), ==, 0);
  check_screenshot (window, "window-self-signed.png");
  portside_ui_test_window_destroy (window);
}

static gboolean
has_three_reads (gpointer data)
{
  PortsideSession *session = portside_window_get_session (data);

  return g_list_model_get_n_items (G_LIST_MODEL (portside_session_get_reads (session))) >= 3;
}

static void
test_cancel (void)
{
  PortsideWindow *window = window_new ();
  g_autofree char *url = portside_test_lab_url ("http", "/drip?bytes=50&delay=100");
  PortsideSession *session;
  PortsideReadModel *reads;
  gint64 cancelled_at;
  guint kept;

  portside_window_set_url (window, url);
  portside_window_send (window);
  portside_ui_test_spin_until (has_three_reads, window);
  session = portside_window_get_session (window);
  reads = portside_session_get_reads (session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  cancelled_at = g_get_monotonic_time ();
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_CANCELLED);
  kept = g_list_model_get_n_items (G_LIST_MODEL (reads));
  g_assert_cmpuint (kept, >=, 3);
  g_assert_cmpuint (kept, <, 50);
  g_assert_cmpuint (sum_read_lengths (reads), ==, portside_read_model_get_bytes_read (reads));
  g_assert_nonnull (strstr (portside_window_get_error_text (window), "Cancelled"));
  portside_ui_test_window_destroy (window);
}

static void
test_new_request_cancels_old (void)
{
  PortsideWindow *window = window_new ();
  g_autofree char *url = portside_test_lab_url ("http", "/drip?bytes=50&delay=100");
  g_autoptr(PortsideSession) old = NULL;
  PortsideSession *current;

  portside_window_set_url (window, url);
  portside_window_send (window);
  old = g_object_ref (portside_window_get_session (window));
  current = send_and_wait (window, "http", "/chunked");
  g_assert_true (current != old);
  g_assert_cmpint (portside_session_get_state (current), ==, PORTSIDE_SESSION_DONE);
  while (portside_session_get_running (old))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (portside_session_get_state (old), ==, PORTSIDE_SESSION_CANCELLED);
  portside_ui_test_window_destroy (window);
}

static void
test_body_views (void)
{
  PortsideWindow *window = window_new ();
  GtkWidget *stream = portside_window_get_pane (window, PORTSIDE_PANE_STREAM);
  PortsideBodyView *body = PORTSIDE_BODY_VIEW (portside_stream_pane_get_body_view (PORTSIDE_STREAM_PANE (stream)));
  PortsideSession *session;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  session = send_and_wait (window, "http", "/headers");
  portside_stream_pane_show_tab (PORTSIDE_STREAM_PANE (stream), "body");
  json = portside_body_view_dup_text (body);

  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  g_assert_cmpstr (portside_body_view_get_mode (body), ==, "json");
  g_assert_nonnull (strstr (json, "\n  "));   /* pretty printed */
  session = send_and_wait (window, "http", "/gzip");
  portside_stream_pane_show_tab (PORTSIDE_STREAM_PANE (stream), "body");
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  g_assert_cmpstr (portside_session_lookup_header (session, "Content-Encoding"), ==, "gzip");
  g_assert_cmpstr (portside_body_view_get_mode (body), ==, "text");
  text = portside_body_view_dup_text (body);
  g_assert_cmpuint (strlen (text), >, 10);
  portside_ui_test_window_destroy (window);
}

static void
test_zoom (void)
{
  PortsideWindow *window = window_new ();
  g_autoptr(GSettings) settings = g_settings_new (PORTSIDE_APP_ID);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.1, 0.001);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.0, 0.001);
  portside_ui_test_window_destroy (window);
}

static void
test_raw_request (void)
{
  PortsideWindow *window = window_new ();
  PortsideRequestPane *pane = PORTSIDE_REQUEST_PANE (portside_window_get_pane (window, PORTSIDE_PANE_REQUEST));
  g_autofree char *url = portside_test_lab_url ("http", "/headers");
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) sent = NULL;
  PortsideSession *session;

  /* Typed with plain newlines; Send puts CR LF back, byte for byte. */
  portside_request_pane_set_raw_text (pane, "GET /headers HTTP/1.1\nHost: lab\nX-Typed: yes\nConnection: close\n\n");
  raw = portside_request_pane_dup_raw_request (pane);
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw),
                   "GET /headers HTTP/1.1\r\nHost: lab\r\nX-Typed: yes\r\nConnection: close\r\n\r\n", 69);
  portside_window_set_url (window, url);
  portside_window_send (window);
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  session = portside_window_get_session (window);
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  sent = portside_session_get_request (session);
  g_assert_true (g_bytes_equal (sent, raw));
  g_assert_cmpuint (portside_session_get_status (session), ==, 200);
  g_assert_cmpuint (portside_request_pane_get_n_warnings (pane), ==, 0);

  /* A request without Host: the engine's warning shows beside the editor. */
  portside_request_pane_set_raw_text (pane, "GET /headers HTTP/1.1\nConnection: close\n\n");
  portside_window_send (window);
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  session = portside_window_get_session (window);
  g_assert_nonnull (portside_session_get_request_warnings (session));
  g_assert_nonnull (strstr (portside_session_get_request_warnings (session)[0], "Host"));
  g_assert_cmpuint (portside_request_pane_get_n_warnings (pane), >=, 1);
  portside_request_pane_set_raw_text (pane, NULL);
  g_assert_null (portside_request_pane_dup_raw_request (pane));
  portside_ui_test_window_destroy (window);
}

/* Every bundled .ui file must build: a broken one only shows when opened. */
static void
test_dialogs (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/portside/Portside/gtk/help-overlay.ui");
  GtkWidget *preferences = portside_preferences_new ();

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  gtk_window_present (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

static void
test_idle_window (void)
{
  PortsideWindow *window = window_new ();

  g_assert_null (portside_window_get_session (window));
  g_assert_null (portside_window_get_error_text (window));
  g_assert_cmpstr (portside_tls_pane_get_page (PORTSIDE_TLS_PANE (portside_window_get_pane (window, PORTSIDE_PANE_TLS))),
                   ==, "empty");
  check_screenshot (window, "window-idle.png");
  portside_ui_test_window_destroy (window);
}

/* A finished response pushed by hand: one read holding the whole message. */
static PortsideSession *
synthetic_response (const char   *content_type,
                    const guint8 *body,
                    gsize         length)
{
  PortsideSession *session = portside_session_new (0);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\n\r\n", content_type);
  g_autoptr(GByteArray) message = g_byte_array_new ();
  PortsideEvent event = { .kind = PORTSIDE_EVENT_READ };
  gsize head_length = strlen (head);

  g_byte_array_append (message, (const guint8 *) head, head_length);
  g_byte_array_append (message, body, length);
  event.data = message->data;
  event.length = message->len;
  portside_session_push_event (session, &event);
  event = (PortsideEvent) { .kind = PORTSIDE_EVENT_SPAN, .span = PORTSIDE_SPAN_STATUS_LINE, .length = head_length };
  portside_session_push_event (session, &event);
  event = (PortsideEvent) { .kind = PORTSIDE_EVENT_SPAN, .span = PORTSIDE_SPAN_BODY, .offset = head_length, .length = length };
  portside_session_push_event (session, &event);
  event = (PortsideEvent) { .kind = PORTSIDE_EVENT_HEADER, .name = "Content-Type", .value = content_type };
  portside_session_push_event (session, &event);
  event = (PortsideEvent) { .kind = PORTSIDE_EVENT_DONE };
  portside_session_push_event (session, &event);
  portside_session_flush (session);
  return session;
}

static void
test_body_image_and_binary (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (PORTSIDE_TYPE_BODY_VIEW, NULL);
  g_autoptr(GdkTexture) image = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(PortsideSession) picture = NULL;
  g_autoptr(PortsideSession) binary = NULL;
  guint8 pixels[4 * 4 * 4], noise[300];
  g_autofree char *hex = NULL;

  for (guint i = 0; i < sizeof pixels; i++)
    pixels[i] = i * 37;
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (i * 151 + 7) ^ 0x80;
  png = g_bytes_new_static (pixels, sizeof pixels);
  image = gdk_memory_texture_new (4, 4, GDK_MEMORY_DEFAULT, png, 16);
  g_clear_pointer (&png, g_bytes_unref);
  png = gdk_texture_save_to_png_bytes (image);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  picture = synthetic_response ("image/png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  portside_body_view_set_session (PORTSIDE_BODY_VIEW (view), picture);
  g_assert_cmpstr (portside_body_view_get_mode (PORTSIDE_BODY_VIEW (view)), ==, "image");

  binary = synthetic_response ("application/octet-stream", noise, sizeof noise);
  portside_body_view_set_session (PORTSIDE_BODY_VIEW (view), binary);
  g_assert_cmpstr (portside_body_view_get_mode (PORTSIDE_BODY_VIEW (view)), ==, "hex");
  hex = portside_body_view_dup_text (PORTSIDE_BODY_VIEW (view));
  g_assert_true (g_str_has_prefix (hex, "00000000  87 1e"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cert_row_dates (void)
{
  char *sans[] = { (char *) "DNS:old.example", NULL };
  PortsideCertInfo info = {
    .depth = 0, .subject = (char *) "CN=old.example,O=Test", .issuer = (char *) "CN=Test CA",
    .sans = sans, .not_before = (char *) "2000-01-01T00:00:00Z", .not_after = (char *) "2001-01-01T00:00:00Z",
    .expired = TRUE, .key_type = (char *) "RSA", .key_bits = 2048, .signature_algorithm = (char *) "sha256WithRSAEncryption",
    .sha256 = (char *) "AB:CD", .serial = (char *) "01", .pem = (char *) "-----BEGIN CERTIFICATE-----\n",
  };
  GtkWidget *row = g_object_ref_sink (portside_cert_row_new (&info, 2));
  g_autofree char *cn = portside_cert_common_name (info.subject);

  g_assert_cmpstr (cn, ==, "old.example");
  g_assert_true (gtk_widget_has_css_class (row, "bad-cert"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "Depth 0 of 2: the server’s own certificate · EXPIRED");
  g_assert_true (portside_cert_row_get_info (PORTSIDE_CERT_ROW (row))->expired);
  g_object_unref (row);
}

int
main (int   argc,
      char *argv[])
{
  portside_ui_test_init (&argc, &argv);
  portside_test_lab ();

  g_test_add_func ("/window/http/chunked", test_http_chunked);
  g_test_add_func ("/window/https/trusted", test_https_trusted);
  g_test_add_func ("/window/https/self-signed", test_https_self_signed);
  g_test_add_func ("/window/cancel/drip", test_cancel);
  g_test_add_func ("/window/cancel/new-request", test_new_request_cancels_old);
  g_test_add_func ("/window/body/json-and-gzip", test_body_views);
  g_test_add_func ("/window/zoom", test_zoom);
  g_test_add_func ("/window/request/raw", test_raw_request);
  g_test_add_func ("/window/dialogs", test_dialogs);
  g_test_add_func ("/window/idle", test_idle_window);
  g_test_add_func ("/window/body/image-and-binary", test_body_image_and_binary);
  g_test_add_func ("/window/certificate/expired", test_cert_row_dates);
  return g_test_run ();
}
