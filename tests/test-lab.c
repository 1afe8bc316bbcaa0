/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab server, seen from a plain client: raw HTTP/1.1 over GSocket, and
 * over OpenSSL verified against the lab's own certificate for "localhost".
 */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "lab-test-client.h"
#include "portside-error.h"
#include "portside-test-util.h"

static void
test_index (void)
{
  for (guint tls = 0; tls < 2; tls++)
    {
      g_autoptr(PortsideTestResponse) response = portside_test_fetch (tls, "GET", "/", NULL);
      g_autofree char *date = portside_test_header_value (response->head, "Date");
      g_autofree char *length = g_strdup_printf ("%u", response->body->len);
      g_autofree char *body = g_strndup ((char *) response->body->data, response->body->len);

      g_assert_cmpuint (response->status, ==, 200);
      portside_test_assert_header (response, "Server", "portside-lab/" PORTSIDE_VERSION);
      portside_test_assert_header (response, "Content-Type", "text/html; charset=utf-8");
      portside_test_assert_header (response, "Content-Length", length);
      portside_test_assert_header (response, "Connection", "close");
      g_assert_true (g_str_has_suffix (date, " GMT"));
      g_assert_nonnull (strstr (body, "harbour"));
      g_assert_nonnull (strstr (body, "/bytes/"));
    }
}

static void
check_chunked (gboolean tls)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PortsideTestResponse) response = portside_test_fetch (tls, "GET", "/chunked", NULL);
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trailer = NULL;
  g_autoptr(GByteArray) body = portside_test_decode_chunked (response->body, sizes, &trailer);
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, body->data, body->len);
  g_autofree char *expected = g_strdup_printf ("X-Checksum: sha256=%s\r\n\r\n", sum);

  /* Five chunks, 30 ms apart: the whole takes at least 4 pauses. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpuint (response->status, ==, 200);
  portside_test_assert_header (response, "Transfer-Encoding", "chunked");
  portside_test_assert_header (response, "Trailer", "X-Checksum");
  g_assert_null (portside_test_header_value (response->head, "Content-Length"));
  g_assert_cmpuint (sizes->len, ==, 6);
  g_assert_true (g_str_has_suffix (sizes->pdata[1], ";harbour=portside"));
  g_assert_true (g_str_has_prefix ((char *) body->data, "Portside lab: this body arrives in chunks.\n"));
  g_assert_cmpstr (trailer, ==, expected);
}

static void
test_chunked (void)
{
  check_chunked (FALSE);
  check_chunked (TRUE);
}

static void
test_chunked_separate_reads (void)
{
  g_autoptr(PortsideTestClient) client = portside_test_client_new (FALSE);
  g_autoptr(PortsideTestResponse) response = NULL;

  portside_test_client_send (client,
                             "GET /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  response = portside_test_client_read_response (client, FALSE);
  /* The head and the chunks are spread over several reads. */
  g_assert_cmpuint (client->reads, >=, 3);
}

static void
test_drip (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PortsideTestResponse) response =
    portside_test_fetch (FALSE, "GET", "/drip?bytes=5&delay=30", NULL);
  g_autoptr(PortsideTestResponse) clamped =
    portside_test_fetch (FALSE, "HEAD", "/drip?bytes=99999999&delay=99999", NULL);

  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpuint (response->status, ==, 200);
  portside_test_assert_header (response, "Content-Length", "5");
  portside_test_assert_body (response, "ABCDE");
  portside_test_assert_header (clamped, "Content-Length", "1048576");
  g_assert_cmpuint (clamped->body->len, ==, 0);
}

/* Over TLS too, each dripped byte leaves when it is written: the lab gathers
 * TLS records into large sends, and must flush at the end of every write. */
static void
test_drip_tls (void)
{
  g_autoptr(PortsideTestClient) client = portside_test_client_new (TRUE);
  g_autofree char *head = NULL;
  gint64 first = 0, last = 0;

  portside_test_client_send (client, "GET /drip?bytes=3&delay=300 HTTP/1.1\r\nHost: x\r\n\r\n");
  head = portside_test_client_read_head (client);
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
  while (client->pending->len < 3)
    {
      g_assert_cmpint (portside_test_client_fill (client), >, 0);
      if (first == 0)
        first = g_get_monotonic_time ();
      last = g_get_monotonic_time ();
    }
  g_assert_cmpmem (client->pending->data, 3, "ABC", 3);
  g_assert_cmpint (last - first, >=, 400 * 1000);
}

static void
test_gzip (void)
{
  g_autoptr(PortsideTestResponse) response = portside_test_fetch (TRUE, "GET", "/gzip", NULL);
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_data (response->body->data,
                                                                            response->body->len, NULL);
  g_autoptr(GInputStream) plain = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  g_autoptr(GError) error = NULL;
  char text[16384] = "";
  gsize length = 0;

  g_assert_cmpuint (response->status, ==, 200);
  portside_test_assert_header (response, "Content-Encoding", "gzip");
  g_assert_cmpmem (response->body->data, 2, "\x1f\x8b", 2);
  g_input_stream_read_all (plain, text, sizeof text - 1, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, response->body->len);
  g_assert_true (g_str_has_prefix (text, "01 A host is a harbour"));
  g_assert_nonnull (strstr (text, "\n40 A host is a harbour"));
}

static void
test_redirect (void)
{
  g_autofree char *path = g_strdup ("/redirect/3");
  g_autofree char *expected = NULL;
  g_autoptr(PortsideTestResponse) bad = portside_test_fetch (FALSE, "GET", "/redirect/x", NULL);
  guint hops = 0;

  for (;;)
    {
      g_autoptr(PortsideTestResponse) response = portside_test_fetch (FALSE, "GET", path, NULL);

      if (response->status == 200)
        {
          portside_test_assert_body (response, "done\n");
          break;
        }
      g_assert_cmpuint (response->status, ==, 302);
      g_assert_cmpuint (hops, <, 3);
      g_free (path);
      path = portside_test_header_value (response->head, "Location");
      g_free (expected);
      expected = g_strdup_printf ("/redirect/%u", 2 - hops);
      g_assert_cmpstr (path, ==, expected);
      hops++;
    }
  g_assert_cmpuint (hops, ==, 3);
  g_assert_cmpuint (bad->status, ==, 404);
}

static void
test_status (void)
{
  g_autoptr(PortsideTestResponse) teapot = portside_test_fetch (FALSE, "GET", "/status/418", NULL);
  g_autoptr(PortsideTestResponse) empty = portside_test_fetch (FALSE, "GET", "/status/204", NULL);
  g_autoptr(PortsideTestResponse) early = portside_test_fetch (TRUE, "GET", "/status/103", NULL);
  g_autoptr(PortsideTestResponse) moved = portside_test_fetch (FALSE, "GET", "/status/301", NULL);
  g_autoptr(PortsideTestResponse) bad = portside_test_fetch (FALSE, "GET", "/status/600", NULL);

  g_assert_true (g_str_has_prefix (teapot->head, "HTTP/1.1 418 I'm a teapot\r\n"));
  portside_test_assert_body (teapot, "418 I'm a teapot\n");
  /* portside_test_fetch() already checked that nothing followed the 204's head. */
  g_assert_cmpuint (empty->status, ==, 204);
  g_assert_null (portside_test_header_value (empty->head, "Content-Length"));
  g_assert_cmpuint (early->interim, ==, 103);
  g_assert_cmpuint (early->status, ==, 200);
  portside_test_assert_body (early,
                             "After an interim 103 Early Hints, this is the final response.\n");
  portside_test_assert_header (moved, "Location", "/");
  g_assert_cmpuint (bad->status, ==, 400);
}

static void
test_headers (void)
{
  g_autoptr(PortsideTestClient) client = portside_test_client_new (FALSE);
  g_autoptr(PortsideTestResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Host", "X-Portside-Test", "x-lower", "Content-Length", "Connection" };
  JsonObject *root;
  JsonArray *headers;

  portside_test_client_send (client,
                             "POST /headers?x=1 HTTP/1.1\r\nHost: lab\r\n"
                             "X-Portside-Test: harbour  42\r\nx-lower:yes\r\n"
                             "Content-Length: 4\r\nConnection: close\r\n\r\nbody");
  response = portside_test_client_read_response (client, FALSE);
  portside_test_assert_header (response, "Content-Type", "application/json");
  json_parser_load_from_data (parser, (char *) response->body->data, response->body->len, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  headers = json_object_get_array_member (root, "headers");

  g_assert_cmpstr (json_object_get_string_member (root, "request_line"), ==, "POST /headers?x=1 HTTP/1.1");
  g_assert_cmpint (json_object_get_int_member (root, "body_length"), ==, 4);
  g_assert_cmpuint (json_array_get_length (headers), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (headers, i), "name"),
                     ==, names[i]);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (headers, 1), "value"),
                   ==, "harbour  42");
}

static void
test_bytes (void)
{
  for (guint tls = 0; tls < 2; tls++)
    {
      g_autoptr(PortsideTestResponse) response =
        portside_test_fetch (tls, "GET", "/bytes/100000", NULL);

      g_assert_cmpuint (response->status, ==, 200);
      portside_test_assert_header (response, "Content-Length", "100000");
      g_assert_cmpuint (response->body->len, ==, 100000);
      portside_test_assert_pattern (response->body->data, response->body->len);
    }
}

static void
test_bytes_chunked (void)
{
  g_autoptr(PortsideTestResponse) response =
    portside_test_fetch (FALSE, "GET", "/bytes/100000?chunked=1", NULL);
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trailer = NULL;
  g_autoptr(GByteArray) body = portside_test_decode_chunked (response->body, sizes, &trailer);

  portside_test_assert_header (response, "Transfer-Encoding", "chunked");
  g_assert_cmpuint (sizes->len, ==, 3);
  g_assert_cmpstr (sizes->pdata[0], ==, "10000");
  g_assert_cmpstr (sizes->pdata[1], ==, "86a0");
  g_assert_cmpstr (trailer, ==, "\r\n");
  g_assert_cmpuint (body->len, ==, 100000);
  portside_test_assert_pattern (body->data, body->len);
}

static void
test_bytes_head_and_bounds (void)
{
  g_autoptr(PortsideTestResponse) head = portside_test_fetch (FALSE, "HEAD", "/bytes/10", NULL);
  g_autoptr(PortsideTestResponse) huge =
    portside_test_fetch (FALSE, "GET", "/bytes/68719476737", NULL);
  g_autoptr(PortsideTestResponse) word = portside_test_fetch (FALSE, "GET", "/bytes/many", NULL);

  /* portside_test_fetch() read to the end: no body followed the HEAD response. */
  portside_test_assert_header (head, "Content-Length", "10");
  g_assert_cmpuint (head->body->len, ==, 0);
  g_assert_cmpuint (huge->status, ==, 400);
  g_assert_cmpuint (word->status, ==, 400);
}

static void
test_keepalive (void)
{
  g_autoptr(PortsideTestClient) client = portside_test_client_new (FALSE);
  g_autoptr(PortsideTestResponse) first = NULL;
  g_autoptr(PortsideTestResponse) second = NULL;
  g_autoptr(PortsideTestResponse) third = NULL;

  portside_test_client_send (client, "GET /keepalive HTTP/1.1\r\nHost: x\r\n\r\n");
  first = portside_test_client_read_response (client, FALSE);
  portside_test_assert_header (first, "Connection", "keep-alive");
  portside_test_assert_body (first, "This connection stays open for your next request.\n");

  /* Same connection; two requests in one write are answered in order. */
  portside_test_client_send (client,
                             "HEAD /bytes/10 HTTP/1.1\r\nHost: x\r\n\r\n"
                             "GET /bytes/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  second = portside_test_client_read_response (client, TRUE);
  third = portside_test_client_read_response (client, FALSE);
  g_assert_null (portside_test_header_value (second->head, "Connection"));
  portside_test_assert_header (second, "Content-Length", "10");
  portside_test_assert_header (third, "Connection", "close");
  portside_test_assert_body (third, "ABC");
  portside_test_client_read_to_eof (client, third);
  portside_test_assert_body (third, "ABC");
}

static void
test_http10 (void)
{
  g_autoptr(PortsideTestClient) client = portside_test_client_new (FALSE);
  g_autoptr(PortsideTestResponse) response = NULL;

  portside_test_client_send (client, "GET /keepalive HTTP/1.0\r\n\r\n");
  response = portside_test_client_read_response (client, FALSE);
  portside_test_assert_header (response, "Connection", "close");
  portside_test_client_read_to_eof (client, response);
  g_assert_cmpuint (response->body->len, ==, 50);
}

static void
test_close (void)
{
  for (guint tls = 0; tls < 2; tls++)
    {
      g_autoptr(PortsideTestClient) client = portside_test_client_new (tls);
      g_autoptr(PortsideTestResponse) response = NULL;

      /* The client does not ask to close: the lab closes anyway. */
      portside_test_client_send (client, "GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
      response = portside_test_client_read_response (client, FALSE);
      g_assert_true (response->closed);
      portside_test_assert_header (response, "Connection", "close");
      g_assert_null (portside_test_header_value (response->head, "Content-Length"));
      g_assert_null (portside_test_header_value (response->head, "Transfer-Encoding"));
      portside_test_assert_body (response, "This body has no length: it ends when the server "
                                           "closes the connection.\n");
    }
}

static void
test_not_found (void)
{
  g_autoptr(PortsideTestResponse) response = portside_test_fetch (FALSE, "GET", "/nowhere", NULL);

  g_assert_cmpuint (response->status, ==, 404);
  g_assert_cmpuint (response->body->len, >, 0);
}

static void
check_bad_request (const char *text,
                   guint       status)
{
  g_autoptr(PortsideTestClient) client = portside_test_client_new (FALSE);
  g_autoptr(PortsideTestResponse) response = NULL;

  portside_test_client_send (client, text);
  response = portside_test_client_read_response (client, FALSE);
  g_assert_cmpuint (response->status, ==, status);
  portside_test_assert_header (response, "Connection", "close");
  portside_test_client_read_to_eof (client, response);
}

static void
test_bad_requests (void)
{
  g_autofree char *padding = g_strnfill (70 * 1024, 'a');
  g_autofree char *huge = g_strdup_printf ("GET / HTTP/1.1\r\nX-Big: %s\r\n\r\n", padding);

  check_bad_request ("GARBAGE\r\n\r\n", 400);
  check_bad_request ("GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400);
  check_bad_request ("GET / HTTP/2.0\r\n\r\n", 505);
  check_bad_request ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411);
  check_bad_request (huge, 431);
}

static void
test_tls_wrong_name (void)
{
  g_autoptr(PortsideTestClient) client =
    portside_test_client_new_for (portside_test_lab (), TRUE, "harbour.example");

  /* The certificate is valid for localhost only: verification must fail. */
  g_assert_cmpint (SSL_connect (client->ssl), !=, 1);
  g_assert_cmpint (SSL_get_verify_result (client->ssl), ==, X509_V_ERR_HOSTNAME_MISMATCH);
  ERR_clear_error ();
}

static gpointer
concurrent_worker (gpointer data)
{
  gboolean tls = GPOINTER_TO_UINT (data) % 2;
  g_autoptr(PortsideTestResponse) bytes = portside_test_fetch (tls, "GET", "/bytes/200000", NULL);
  g_autoptr(PortsideTestResponse) drip =
    portside_test_fetch (!tls, "GET", "/drip?bytes=4&delay=200", NULL);

  g_assert_cmpuint (bytes->body->len, ==, 200000);
  portside_test_assert_pattern (bytes->body->data, bytes->body->len);
  portside_test_assert_body (drip, "ABCD");
  return NULL;
}

static void
test_concurrent (void)
{
  GThread *threads[8];
  gint64 start;

  portside_test_lab ();
  start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("client", concurrent_worker, GUINT_TO_POINTER (i));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  /* Served at once: eight 600 ms drips one after another would take 4.8 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
count_served (PortsideLab *lab,
              const char  *method,
              const char  *target,
              guint        status,
              gpointer     user_data)
{
  g_atomic_int_inc ((int *) user_data);
}

static void
test_stop_ends_streams (void)
{
  g_autoptr(GError) error = NULL;
  PortsideLab *lab = portside_lab_new ();
  g_autoptr(PortsideTestClient) drip = NULL;
  g_autoptr(PortsideTestClient) bytes = NULL;
  g_autofree char *head = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) late = NULL;
  int served = 0;
  guint16 port;
  gint64 start;

  g_signal_connect (lab, "request-served", G_CALLBACK (count_served), &served);
  g_assert_true (portside_lab_start (lab, 0, 0, NULL, &error));
  g_assert_no_error (error);
  ca_file = g_strdup (portside_lab_get_ca_file (lab));
  port = portside_lab_get_http_port (lab);
  drip = portside_test_client_new_for (lab, FALSE, NULL);
  bytes = portside_test_client_new_for (lab, FALSE, NULL);
  portside_test_client_send (drip, "GET /drip?bytes=100&delay=2000 HTTP/1.1\r\nHost: x\r\n\r\n");
  portside_test_client_send (bytes, "GET /bytes/68719476736 HTTP/1.1\r\nHost: x\r\n\r\n");
  head = portside_test_client_read_head (drip);
  g_free (portside_test_client_read_head (bytes));
  while (drip->pending->len == 0)
    g_assert_cmpint (portside_test_client_fill (drip), >, 0);

  /* The drip waits 2 s per byte and nobody reads the 64 GiB: stop() must
   * not wait for either. */
  start = g_get_monotonic_time ();
  portside_lab_stop (lab);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  while (portside_test_client_fill (drip) > 0)
    ;
  g_assert_cmpuint (drip->pending->len, ==, 1);
  late = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL, NULL);
  g_assert_null (late);
  /* Both were cut short, and both reported before stop() returned. */
  g_assert_cmpint (g_atomic_int_get (&served), ==, 2);
  g_assert_true (g_file_test (ca_file, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (lab);
  g_assert_false (g_file_test (ca_file, G_FILE_TEST_EXISTS));
}

static void
test_port_in_use (void)
{
  PortsideLab *shared = portside_test_lab ();
  g_autoptr(PortsideLab) lab = portside_lab_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (portside_lab_start (lab, portside_lab_get_http_port (shared), 0, NULL, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "already in use"));
  g_assert_cmpuint (portside_lab_get_http_port (lab), ==, 0);
}

static void
test_state_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-lab-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *key = g_build_filename (state, "portside-lab-key.pem", NULL);
  g_autofree char *ca_file = NULL;
  PortsideLab *lab = portside_lab_new ();
  g_autoptr(GError) start_error = NULL;
  FILE *file;
  X509 *cert;

  g_assert_true (portside_lab_start (lab, 0, 0, state, &start_error));
  g_assert_no_error (start_error);
  ca_file = g_strdup (portside_lab_get_ca_file (lab));
  g_assert_true (g_str_has_prefix (ca_file, state));
  g_assert_true (g_file_test (key, G_FILE_TEST_IS_REGULAR));
  file = fopen (ca_file, "r");
  g_assert_nonnull (file);
  cert = PEM_read_X509 (file, NULL, NULL, NULL);
  fclose (file);
  g_assert_nonnull (cert);
  g_assert_cmpint (X509_check_host (cert, "localhost", 0, 0, NULL), ==, 1);
  g_assert_cmpint (X509_check_ip_asc (cert, "127.0.0.1", 0), ==, 1);
  X509_free (cert);

  /* A folder the caller chose is left in place, certificate included. */
  g_assert_finalize_object (lab);
  g_assert_true (g_file_test (ca_file, G_FILE_TEST_EXISTS));
  g_unlink (ca_file);
  g_unlink (key);
  g_rmdir (state);
  g_rmdir (dir);
}

static void
test_urls (void)
{
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *http = portside_lab_get_http_url (lab, "/chunked");
  g_autofree char *https = portside_lab_get_https_url (lab, NULL);
  g_autofree char *expect_http = g_strdup_printf ("http://127.0.0.1:%u/chunked", portside_lab_get_http_port (lab));
  g_autofree char *expect_https = g_strdup_printf ("https://localhost:%u/", portside_lab_get_https_port (lab));

  g_assert_cmpstr (http, ==, expect_http);
  g_assert_cmpstr (https, ==, expect_https);
  g_assert_cmpuint (portside_lab_get_http_port (lab), !=, portside_lab_get_https_port (lab));
}

static void
test_loopback_only (void)
{
  PortsideLab *lab = portside_test_lab ();
  guint16 ports[] = { portside_lab_get_http_port (lab), portside_lab_get_https_port (lab) };

  if (!g_file_test ("/proc/net/tcp", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/net/tcp here");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      /* 127.0.0.1 is stored little-endian: "0100007F". */
      g_assert_cmpuint (portside_test_count_listeners ("/proc/net/tcp", ports[i], "0100007F"),
                        ==, 1);
      portside_test_count_listeners ("/proc/net/tcp6", ports[i],
                                     "00000000000000000000000001000000");
    }

  portside_test_assert_refused_elsewhere (ports[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/index", test_index);
  g_test_add_func ("/lab/chunked/extension-and-trailer", test_chunked);
  g_test_add_func ("/lab/chunked/separate-reads", test_chunked_separate_reads);
  g_test_add_func ("/lab/drip", test_drip);
  g_test_add_func ("/lab/gzip", test_gzip);
  g_test_add_func ("/lab/redirect", test_redirect);
  g_test_add_func ("/lab/status", test_status);
  g_test_add_func ("/lab/headers", test_headers);
  g_test_add_func ("/lab/bytes/pattern", test_bytes);
  g_test_add_func ("/lab/bytes/chunked", test_bytes_chunked);
  g_test_add_func ("/lab/bytes/head-and-bounds", test_bytes_head_and_bounds);
  g_test_add_func ("/lab/keepalive", test_keepalive);
  g_test_add_func ("/lab/http10", test_http10);
  g_test_add_func ("/lab/close", test_close);
  g_test_add_func ("/lab/not-found", test_not_found);
  g_test_add_func ("/lab/bad-requests", test_bad_requests);
  g_test_add_func ("/lab/tls/wrong-name", test_tls_wrong_name);
  g_test_add_func ("/lab/tls/drip", test_drip_tls);
  g_test_add_func ("/lab/concurrent", test_concurrent);
  g_test_add_func ("/lab/stop/ends-streams", test_stop_ends_streams);
  g_test_add_func ("/lab/start/port-in-use", test_port_in_use);
  g_test_add_func ("/lab/start/state-dir", test_state_dir);
  g_test_add_func ("/lab/urls", test_urls);
  g_test_add_func ("/lab/loopback-only", test_loopback_only);

  return g_test_run ();
}
