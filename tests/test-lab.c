/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab server, seen from a plain client: raw HTTP/1.1 over GSocket, and
 * over OpenSSL verified against the lab's own certificate for "localhost".
 */
#define _GNU_SOURCE
#include <string.h>
#include <unistd.h>
#include <ifaddrs.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "portside-error.h"
#include "portside-test-util.h"

#define PATTERN "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

typedef struct
{
  GSocketConnection *connection;
  GSocket           *socket;
  SSL_CTX           *ctx;
  SSL               *ssl;
  GByteArray        *pending;   /* received, not yet consumed */
  guint              reads;
} Client;

typedef struct
{
  guint       interim;   /* a 1xx seen before the final status, or 0 */
  guint       status;
  char       *head;      /* status line and headers, CRLFs included */
  GByteArray *body;      /* as on the wire: chunked stays encoded */
  gboolean    closed;    /* the server closed right after the response */
} Response;

static void
response_free (Response *response)
{
  g_free (response->head);
  g_byte_array_unref (response->body);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static SSL *
tls_connect (SSL_CTX    *ctx,
             int         fd,
             const char *host)
{
  SSL *ssl = SSL_new (ctx);

  SSL_set_tlsext_host_name (ssl, host);
  SSL_set1_host (ssl, host);
  SSL_set_alpn_protos (ssl, (const unsigned char *) "\x02h2\x08http/1.1", 12);
  SSL_set_fd (ssl, fd);
  return ssl;
}

static SSL_CTX *
tls_context (PortsideLab *lab)
{
  SSL_CTX *ctx = SSL_CTX_new (TLS_client_method ());

  g_assert_cmpint (SSL_CTX_load_verify_locations (ctx, portside_lab_get_ca_file (lab), NULL), ==, 1);
  SSL_CTX_set_verify (ctx, SSL_VERIFY_PEER, NULL);
  return ctx;
}

static Client *
client_new_for (PortsideLab *lab,
                gboolean     tls,
                const char  *tls_host)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  Client *client = g_new0 (Client, 1);
  guint16 port = tls ? portside_lab_get_https_port (lab) : portside_lab_get_http_port (lab);
  struct timeval timeout = { .tv_sec = 20 };
  int fd;

  client->pending = g_byte_array_new ();
  client->connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  client->socket = g_socket_connection_get_socket (client->connection);
  fd = g_socket_get_fd (client->socket);
  /* Blocking with a timeout: a broken lab fails the test instead of hanging it. */
  g_assert_true (g_unix_set_fd_nonblocking (fd, FALSE, NULL));
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (tls)
    {
      client->ctx = tls_context (lab);
      client->ssl = tls_connect (client->ctx, fd, tls_host);
    }
  return client;
}

static void
client_free (Client *client)
{
  g_clear_pointer (&client->ssl, SSL_free);
  g_clear_pointer (&client->ctx, SSL_CTX_free);
  g_clear_object (&client->connection);
  g_byte_array_unref (client->pending);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static Client *
client_new (gboolean tls)
{
  Client *client = client_new_for (portside_test_lab (), tls, "localhost");
  const unsigned char *alpn = NULL;
  unsigned int alpn_length = 0;

  if (!tls)
    return client;
  g_assert_cmpint (SSL_connect (client->ssl), ==, 1);
  g_assert_cmpint (SSL_get_verify_result (client->ssl), ==, X509_V_OK);
  SSL_get0_alpn_selected (client->ssl, &alpn, &alpn_length);
  g_assert_cmpmem (alpn, alpn_length, "http/1.1", 8);
  return client;
}

static void
client_send (Client     *client,
             const char *text)
{
  gsize length = strlen (text);

  if (client->ssl != NULL)
    g_assert_cmpint (SSL_write (client->ssl, text, length), ==, length);
  else
    g_assert_cmpint (send (g_socket_get_fd (client->socket), text, length, MSG_NOSIGNAL), ==, length);
}

/* Appends what one read returned to pending; 0 when the server closed. */
static gssize
client_fill (Client *client)
{
  guint8 buffer[65536];
  gssize n;

  if (client->ssl != NULL)
    n = SSL_read (client->ssl, buffer, sizeof buffer);
  else
    n = recv (g_socket_get_fd (client->socket), buffer, sizeof buffer, 0);
  ERR_clear_error ();
  if (n > 0)
    {
      g_byte_array_append (client->pending, buffer, n);
      client->reads++;
    }
  return MAX (n, 0);
}

static void
take (Client     *client,
      GByteArray *into,
      gsize       length)
{
  g_byte_array_append (into, client->pending->data, length);
  g_byte_array_remove_range (client->pending, 0, length);
}

static char *
read_head (Client *client)
{
  for (;;)
    {
      const guint8 *end = client->pending->len > 0
        ? memmem (client->pending->data, client->pending->len, "\r\n\r\n", 4) : NULL;

      if (end != NULL)
        {
          gsize length = end - client->pending->data + 4;
          char *head = g_strndup ((const char *) client->pending->data, length);

          g_byte_array_remove_range (client->pending, 0, length);
          return head;
        }
      g_assert_cmpint (client_fill (client), >, 0);
    }
}

static char *
header_value (const char *head,
              const char *name)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon != NULL && (gsize) (colon - lines[i]) == strlen (name) &&
          g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

static void
read_to_eof (Client   *client,
             Response *response)
{
  while (client_fill (client) > 0)
    ;
  take (client, response->body, client->pending->len);
  response->closed = TRUE;
}

/* Reads one response; a body with Content-Length is read exactly, any
 * other (chunked or close-delimited) up to the end of the connection. */
static Response *
read_response (Client   *client,
               gboolean  no_body)
{
  Response *response = g_new0 (Response, 1);
  g_autofree char *length = NULL;

  response->body = g_byte_array_new ();
  for (;;)
    {
      g_free (response->head);
      response->head = read_head (client);
      g_assert_true (g_str_has_prefix (response->head, "HTTP/1.1 "));
      response->status = atoi (response->head + 9);
      if (response->status >= 200)
        break;
      response->interim = response->status;
    }

  length = header_value (response->head, "Content-Length");
  if (no_body || response->status == 204 || response->status == 304)
    return response;
  if (length == NULL)
    {
      read_to_eof (client, response);
      return response;
    }
  while (client->pending->len < g_ascii_strtoull (length, NULL, 10))
    g_assert_cmpint (client_fill (client), >, 0);
  take (client, response->body, g_ascii_strtoull (length, NULL, 10));
  return response;
}

static char *
request_text (const char *method,
              const char *path,
              const char *extra,
              gboolean    close)
{
  return g_strdup_printf ("%s %s HTTP/1.1\r\nHost: localhost\r\n%s%s\r\n", method, path,
                          extra != NULL ? extra : "", close ? "Connection: close\r\n" : "");
}

/* One request on a new connection that the client asks to close; after the
 * response nothing more may arrive. */
static Response *
fetch (gboolean    tls,
       const char *method,
       const char *path,
       const char *extra)
{
  g_autoptr(Client) client = client_new (tls);
  g_autofree char *text = request_text (method, path, extra, TRUE);
  gboolean head = g_str_equal (method, "HEAD");
  Response *response;
  guint before;

  client_send (client, text);
  response = read_response (client, head);
  before = response->body->len;
  read_to_eof (client, response);
  g_assert_cmpuint (response->body->len, ==, before);
  return response;
}

static void
assert_header (const Response *response,
               const char     *name,
               const char     *expected)
{
  g_autofree char *value = header_value (response->head, name);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_body (const Response *response,
             const char     *expected)
{
  g_assert_cmpmem (response->body->data, response->body->len, expected, strlen (expected));
}

static void
assert_pattern (const guint8 *data,
                gsize         length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] != PATTERN[i % 64])
      g_error ("byte %" G_GSIZE_FORMAT " is %02x, not the pattern's %02x", i, data[i], PATTERN[i % 64]);
}

/* Decodes a chunked body strictly; returns the payload and the trailer. */
static GByteArray *
decode_chunked (const GByteArray *raw,
                GPtrArray        *sizes,
                char            **trailer)
{
  GByteArray *body = g_byte_array_new ();
  const char *p = (const char *) raw->data;
  const char *end = p + raw->len;

  for (;;)
    {
      const char *eol = g_strstr_len (p, end - p, "\r\n");
      guint64 size;

      g_assert_nonnull (eol);
      size = g_ascii_strtoull (p, NULL, 16);
      g_ptr_array_add (sizes, g_strndup (p, eol - p));
      p = eol + 2;
      if (size == 0)
        break;
      g_assert_cmpint (end - p, >=, (gssize) size + 2);
      g_byte_array_append (body, (const guint8 *) p, size);
      g_assert_cmpmem (p + size, 2, "\r\n", 2);
      p += size + 2;
    }
  *trailer = g_strndup (p, end - p);
  return body;
}

static void
test_index (void)
{
  for (guint tls = 0; tls < 2; tls++)
    {
      g_autoptr(Response) response = fetch (tls, "GET", "/", NULL);
      g_autofree char *date = header_value (response->head, "Date");
      g_autofree char *length = g_strdup_printf ("%u", response->body->len);
      g_autofree char *body = g_strndup ((char *) response->body->data, response->body->len);

      g_assert_cmpuint (response->status, ==, 200);
      assert_header (response, "Server", "portside-lab/" PORTSIDE_VERSION);
      assert_header (response, "Content-Type", "text/html; charset=utf-8");
      assert_header (response, "Content-Length", length);
      assert_header (response, "Connection", "close");
      g_assert_true (g_str_has_suffix (date, " GMT"));
      g_assert_nonnull (strstr (body, "harbour"));
      g_assert_nonnull (strstr (body, "/bytes/"));
    }
}

static void
check_chunked (gboolean tls)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Response) response = fetch (tls, "GET", "/chunked", NULL);
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trailer = NULL;
  g_autoptr(GByteArray) body = decode_chunked (response->body, sizes, &trailer);
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, body->data, body->len);
  g_autofree char *expected = g_strdup_printf ("X-Checksum: sha256=%s\r\n\r\n", sum);

  /* Five chunks, 30 ms apart: the whole takes at least 4 pauses. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpuint (response->status, ==, 200);
  assert_header (response, "Transfer-Encoding", "chunked");
  assert_header (response, "Trailer", "X-Checksum");
  g_assert_null (header_value (response->head, "Content-Length"));
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
  g_autoptr(Client) client = client_new (FALSE);
  g_autoptr(Response) response = NULL;

  client_send (client, "GET /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  response = read_response (client, FALSE);
  /* The head and the chunks are spread over several reads. */
  g_assert_cmpuint (client->reads, >=, 3);
}

static void
test_drip (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Response) response = fetch (FALSE, "GET", "/drip?bytes=5&delay=30", NULL);
  g_autoptr(Response) clamped = fetch (FALSE, "HEAD", "/drip?bytes=99999999&delay=99999", NULL);

  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpuint (response->status, ==, 200);
  assert_header (response, "Content-Length", "5");
  assert_body (response, "ABCDE");
  assert_header (clamped, "Content-Length", "1048576");
  g_assert_cmpuint (clamped->body->len, ==, 0);
}

static void
test_gzip (void)
{
  g_autoptr(Response) response = fetch (TRUE, "GET", "/gzip", NULL);
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_data (response->body->data,
                                                                            response->body->len, NULL);
  g_autoptr(GInputStream) plain = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  g_autoptr(GError) error = NULL;
  char text[16384] = "";
  gsize length = 0;

  g_assert_cmpuint (response->status, ==, 200);
  assert_header (response, "Content-Encoding", "gzip");
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
  g_autoptr(Response) bad = fetch (FALSE, "GET", "/redirect/x", NULL);
  guint hops = 0;

  for (;;)
    {
      g_autoptr(Response) response = fetch (FALSE, "GET", path, NULL);

      if (response->status == 200)
        {
          assert_body (response, "done\n");
          break;
        }
      g_assert_cmpuint (response->status, ==, 302);
      g_assert_cmpuint (hops, <, 3);
      g_free (path);
      path = header_value (response->head, "Location");
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
  g_autoptr(Response) teapot = fetch (FALSE, "GET", "/status/418", NULL);
  g_autoptr(Response) empty = fetch (FALSE, "GET", "/status/204", NULL);
  g_autoptr(Response) early = fetch (TRUE, "GET", "/status/103", NULL);
  g_autoptr(Response) moved = fetch (FALSE, "GET", "/status/301", NULL);
  g_autoptr(Response) bad = fetch (FALSE, "GET", "/status/600", NULL);

  g_assert_true (g_str_has_prefix (teapot->head, "HTTP/1.1 418 I'm a teapot\r\n"));
  assert_body (teapot, "418 I'm a teapot\n");
  /* fetch() already checked that nothing followed the 204's head. */
  g_assert_cmpuint (empty->status, ==, 204);
  g_assert_null (header_value (empty->head, "Content-Length"));
  g_assert_cmpuint (early->interim, ==, 103);
  g_assert_cmpuint (early->status, ==, 200);
  assert_body (early, "After an interim 103 Early Hints, this is the final response.\n");
  assert_header (moved, "Location", "/");
  g_assert_cmpuint (bad->status, ==, 400);
}

static void
test_headers (void)
{
  g_autoptr(Client) client = client_new (FALSE);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Host", "X-Portside-Test", "x-lower", "Content-Length", "Connection" };
  JsonObject *root;
  JsonArray *headers;

  client_send (client, "POST /headers?x=1 HTTP/1.1\r\nHost: lab\r\nX-Portside-Test: harbour  42\r\n"
                       "x-lower:yes\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody");
  response = read_response (client, FALSE);
  assert_header (response, "Content-Type", "application/json");
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
      g_autoptr(Response) response = fetch (tls, "GET", "/bytes/100000", NULL);

      g_assert_cmpuint (response->status, ==, 200);
      assert_header (response, "Content-Length", "100000");
      g_assert_cmpuint (response->body->len, ==, 100000);
      assert_pattern (response->body->data, response->body->len);
    }
}

static void
test_bytes_chunked (void)
{
  g_autoptr(Response) response = fetch (FALSE, "GET", "/bytes/100000?chunked=1", NULL);
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trailer = NULL;
  g_autoptr(GByteArray) body = decode_chunked (response->body, sizes, &trailer);

  assert_header (response, "Transfer-Encoding", "chunked");
  g_assert_cmpuint (sizes->len, ==, 3);
  g_assert_cmpstr (sizes->pdata[0], ==, "10000");
  g_assert_cmpstr (sizes->pdata[1], ==, "86a0");
  g_assert_cmpstr (trailer, ==, "\r\n");
  g_assert_cmpuint (body->len, ==, 100000);
  assert_pattern (body->data, body->len);
}

static void
test_bytes_head_and_bounds (void)
{
  g_autoptr(Response) head = fetch (FALSE, "HEAD", "/bytes/10", NULL);
  g_autoptr(Response) huge = fetch (FALSE, "GET", "/bytes/68719476737", NULL);
  g_autoptr(Response) word = fetch (FALSE, "GET", "/bytes/many", NULL);

  /* fetch() read to the end: no body followed the HEAD response. */
  assert_header (head, "Content-Length", "10");
  g_assert_cmpuint (head->body->len, ==, 0);
  g_assert_cmpuint (huge->status, ==, 400);
  g_assert_cmpuint (word->status, ==, 400);
}

static void
test_keepalive (void)
{
  g_autoptr(Client) client = client_new (FALSE);
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) third = NULL;

  client_send (client, "GET /keepalive HTTP/1.1\r\nHost: x\r\n\r\n");
  first = read_response (client, FALSE);
  assert_header (first, "Connection", "keep-alive");
  assert_body (first, "This connection stays open for your next request.\n");

  /* Same connection; two requests in one write are answered in order. */
  client_send (client, "HEAD /bytes/10 HTTP/1.1\r\nHost: x\r\n\r\n"
                       "GET /bytes/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  second = read_response (client, TRUE);
  third = read_response (client, FALSE);
  g_assert_null (header_value (second->head, "Connection"));
  assert_header (second, "Content-Length", "10");
  assert_header (third, "Connection", "close");
  assert_body (third, "ABC");
  read_to_eof (client, third);
  assert_body (third, "ABC");
}

static void
test_http10 (void)
{
  g_autoptr(Client) client = client_new (FALSE);
  g_autoptr(Response) response = NULL;

  client_send (client, "GET /keepalive HTTP/1.0\r\n\r\n");
  response = read_response (client, FALSE);
  assert_header (response, "Connection", "close");
  read_to_eof (client, response);
  g_assert_cmpuint (response->body->len, ==, 50);
}

static void
test_close (void)
{
  for (guint tls = 0; tls < 2; tls++)
    {
      g_autoptr(Client) client = client_new (tls);
      g_autoptr(Response) response = NULL;

      /* The client does not ask to close: the lab closes anyway. */
      client_send (client, "GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
      response = read_response (client, FALSE);
      g_assert_true (response->closed);
      assert_header (response, "Connection", "close");
      g_assert_null (header_value (response->head, "Content-Length"));
      g_assert_null (header_value (response->head, "Transfer-Encoding"));
      assert_body (response, "This body has no length: it ends when the server closes the connection.\n");
    }
}

static void
test_not_found (void)
{
  g_autoptr(Response) response = fetch (FALSE, "GET", "/nowhere", NULL);

  g_assert_cmpuint (response->status, ==, 404);
  g_assert_cmpuint (response->body->len, >, 0);
}

static void
check_bad_request (const char *text,
                   guint       status)
{
  g_autoptr(Client) client = client_new (FALSE);
  g_autoptr(Response) response = NULL;

  client_send (client, text);
  response = read_response (client, FALSE);
  g_assert_cmpuint (response->status, ==, status);
  assert_header (response, "Connection", "close");
  read_to_eof (client, response);
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
  g_autoptr(Client) client = client_new_for (portside_test_lab (), TRUE, "harbour.example");

  /* The certificate is valid for localhost only: verification must fail. */
  g_assert_cmpint (SSL_connect (client->ssl), !=, 1);
  g_assert_cmpint (SSL_get_verify_result (client->ssl), ==, X509_V_ERR_HOSTNAME_MISMATCH);
  ERR_clear_error ();
}

static gpointer
concurrent_worker (gpointer data)
{
  gboolean tls = GPOINTER_TO_UINT (data) % 2;
  g_autoptr(Response) bytes = fetch (tls, "GET", "/bytes/200000", NULL);
  g_autoptr(Response) drip = fetch (!tls, "GET", "/drip?bytes=4&delay=200", NULL);

  g_assert_cmpuint (bytes->body->len, ==, 200000);
  assert_pattern (bytes->body->data, bytes->body->len);
  assert_body (drip, "ABCD");
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
  g_autoptr(Client) drip = NULL;
  g_autoptr(Client) bytes = NULL;
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
  drip = client_new_for (lab, FALSE, NULL);
  bytes = client_new_for (lab, FALSE, NULL);
  client_send (drip, "GET /drip?bytes=100&delay=2000 HTTP/1.1\r\nHost: x\r\n\r\n");
  client_send (bytes, "GET /bytes/68719476736 HTTP/1.1\r\nHost: x\r\n\r\n");
  head = read_head (drip);
  g_free (read_head (bytes));
  while (drip->pending->len == 0)
    g_assert_cmpint (client_fill (drip), >, 0);

  /* The drip waits 2 s per byte and nobody reads the 64 GiB: stop() must
   * not wait for either. */
  start = g_get_monotonic_time ();
  portside_lab_stop (lab);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  while (client_fill (drip) > 0)
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

/* /proc/net/tcp{,6} lists listening sockets (state 0A) with their address
 * in hex; the lab's ports may only appear on loopback addresses. */
static guint
check_proc_listeners (const char *path,
                      guint16     port,
                      const char *loopback)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *suffix = g_strdup_printf (":%04X", port);
  guint found = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (words, fields[j]);
      if (words->len < 4 || !g_str_equal (words->pdata[3], "0A") ||
          !g_str_has_suffix (words->pdata[1], suffix))
        continue;
      g_assert_true (g_str_has_prefix (words->pdata[1], loopback));
      found++;
    }
  return found;
}

/* From the outside: no other local IPv4 address accepts on the port. */
static void
assert_refused_elsewhere (guint16 port)
{
  struct ifaddrs *addresses = NULL;

  g_assert_cmpint (getifaddrs (&addresses), ==, 0);
  for (struct ifaddrs *a = addresses; a != NULL; a = a->ifa_next)
    {
      g_autoptr(GSocketAddress) native = NULL;
      g_autoptr(GSocketAddress) address = NULL;
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      GInetAddress *inet;

      if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_INET)
        continue;
      native = g_socket_address_new_from_native (a->ifa_addr, sizeof (struct sockaddr_in));
      inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (native));
      if (g_inet_address_get_is_loopback (inet))
        continue;
      address = g_inet_socket_address_new (inet, port);
      g_socket_client_set_timeout (client, 2);
      connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
      g_assert_null (connection);
    }
  freeifaddrs (addresses);
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
      g_assert_cmpuint (check_proc_listeners ("/proc/net/tcp", ports[i], "0100007F"), ==, 1);
      check_proc_listeners ("/proc/net/tcp6", ports[i], "00000000000000000000000001000000");
    }

  assert_refused_elsewhere (ports[0]);
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
  g_test_add_func ("/lab/concurrent", test_concurrent);
  g_test_add_func ("/lab/stop/ends-streams", test_stop_ends_streams);
  g_test_add_func ("/lab/start/port-in-use", test_port_in_use);
  g_test_add_func ("/lab/start/state-dir", test_state_dir);
  g_test_add_func ("/lab/urls", test_urls);
  g_test_add_func ("/lab/loopback-only", test_loopback_only);

  return g_test_run ();
}
