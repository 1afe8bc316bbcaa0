/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "lab-test-client.h"

#include <string.h>
#include <ifaddrs.h>
#include <glib-unix.h>
#include <openssl/err.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "portside-test-util.h"

#define PATTERN "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

void
portside_test_response_free (PortsideTestResponse *response)
{
  g_free (response->head);
  g_byte_array_unref (response->body);
  g_free (response);
}

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

PortsideTestClient *
portside_test_client_new_for (PortsideLab *lab,
                              gboolean     tls,
                              const char  *tls_host)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  PortsideTestClient *client = g_new0 (PortsideTestClient, 1);
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

void
portside_test_client_free (PortsideTestClient *client)
{
  g_clear_pointer (&client->ssl, SSL_free);
  g_clear_pointer (&client->ctx, SSL_CTX_free);
  g_clear_object (&client->connection);
  g_byte_array_unref (client->pending);
  g_free (client);
}

PortsideTestClient *
portside_test_client_new (gboolean tls)
{
  PortsideTestClient *client =
    portside_test_client_new_for (portside_test_lab (), tls, "localhost");
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

void
portside_test_client_send (PortsideTestClient *client,
                           const char         *text)
{
  gsize length = strlen (text);

  if (client->ssl != NULL)
    g_assert_cmpint (SSL_write (client->ssl, text, length), ==, length);
  else
    g_assert_cmpint (send (g_socket_get_fd (client->socket), text, length, MSG_NOSIGNAL), ==, length);
}

gssize
portside_test_client_fill (PortsideTestClient *client)
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
take (PortsideTestClient *client,
      GByteArray         *into,
      gsize               length)
{
  g_byte_array_append (into, client->pending->data, length);
  g_byte_array_remove_range (client->pending, 0, length);
}

char *
portside_test_client_read_head (PortsideTestClient *client)
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
      g_assert_cmpint (portside_test_client_fill (client), >, 0);
    }
}

char *
portside_test_header_value (const char *head,
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

void
portside_test_client_read_to_eof (PortsideTestClient   *client,
                                  PortsideTestResponse *response)
{
  while (portside_test_client_fill (client) > 0)
    ;
  take (client, response->body, client->pending->len);
  response->closed = TRUE;
}

PortsideTestResponse *
portside_test_client_read_response (PortsideTestClient *client,
                                    gboolean            no_body)
{
  PortsideTestResponse *response = g_new0 (PortsideTestResponse, 1);
  g_autofree char *length = NULL;

  response->body = g_byte_array_new ();
  for (;;)
    {
      g_free (response->head);
      response->head = portside_test_client_read_head (client);
      g_assert_true (g_str_has_prefix (response->head, "HTTP/1.1 "));
      response->status = atoi (response->head + 9);
      if (response->status >= 200)
        break;
      response->interim = response->status;
    }

  length = portside_test_header_value (response->head, "Content-Length");
  if (no_body || response->status == 204 || response->status == 304)
    return response;
  if (length == NULL)
    {
      portside_test_client_read_to_eof (client, response);
      return response;
    }
  while (client->pending->len < g_ascii_strtoull (length, NULL, 10))
    g_assert_cmpint (portside_test_client_fill (client), >, 0);
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

PortsideTestResponse *
portside_test_fetch (gboolean    tls,
                     const char *method,
                     const char *path,
                     const char *extra)
{
  g_autoptr(PortsideTestClient) client = portside_test_client_new (tls);
  g_autofree char *text = request_text (method, path, extra, TRUE);
  gboolean head = g_str_equal (method, "HEAD");
  PortsideTestResponse *response;
  guint before;

  portside_test_client_send (client, text);
  response = portside_test_client_read_response (client, head);
  before = response->body->len;
  portside_test_client_read_to_eof (client, response);
  g_assert_cmpuint (response->body->len, ==, before);
  return response;
}

void
portside_test_assert_header (const PortsideTestResponse *response,
                             const char                 *name,
                             const char                 *expected)
{
  g_autofree char *value = portside_test_header_value (response->head, name);

  g_assert_cmpstr (value, ==, expected);
}

void
portside_test_assert_body (const PortsideTestResponse *response,
                           const char                 *expected)
{
  g_assert_cmpmem (response->body->data, response->body->len, expected, strlen (expected));
}

void
portside_test_assert_pattern (const guint8 *data,
                              gsize         length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] != PATTERN[i % 64])
      g_error ("byte %" G_GSIZE_FORMAT " is %02x, not the pattern's %02x", i, data[i], PATTERN[i % 64]);
}

GByteArray *
portside_test_decode_chunked (const GByteArray *raw,
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

guint
portside_test_count_listeners (const char *path,
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

void
portside_test_assert_refused_elsewhere (guint16 port)
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
