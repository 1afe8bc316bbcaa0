/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is deliberately plain: blocking I/O on its own thread, one
 * connection, and an OpenSSL context at security level 0 so that it can
 * offer what the client under test must refuse.
 */
#include <string.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <openssl/ssl.h>

#include "tls-test-server.h"
#include "portside-test-util.h"

struct _TlsTestServer
{
  GSocket      *listener;
  guint16       port;
  SSL_CTX      *ctx;
  TlsServeMode  mode;
  GThread      *thread;
  GCancellable *cancellable;
};

/* ---- the server ---- */

static int
select_http11 (SSL                  *ssl,
               const unsigned char **out,
               unsigned char        *out_length,
               const unsigned char  *in,
               unsigned int          in_length,
               void                 *data)
{
  static const unsigned char http11[] = "\x08http/1.1";
  unsigned char *selected = NULL;

  if (SSL_select_next_proto (&selected, out_length, http11, sizeof http11 - 1,
                             in, in_length) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

/* TLS_RSA_WITH_AES_128_CBC_SHA in TLS 1.0, no extensions: what an old
 * server answers to any ClientHello. */
static void
serve_old_hello (GSocket *connection)
{
  static const guint8 hello[] = {
    0x16, 0x03, 0x01, 0x00, 0x2a,  /* record: handshake, TLS 1.0, 42 bytes */
    0x02, 0x00, 0x00, 0x26,        /* ServerHello, 38 bytes */
    0x03, 0x01,                    /* TLS 1.0 */
    0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
    0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
    0x00,                          /* no session id */
    0x00, 0x2f,                    /* cipher suite */
    0x00,                          /* no compression */
  };
  char buffer[4096];

  g_socket_receive (connection, buffer, sizeof buffer, NULL, NULL);
  g_socket_send (connection, (const char *) hello, sizeof hello, NULL, NULL);
  while (g_socket_receive (connection, buffer, sizeof buffer, NULL, NULL) > 0)
    ;
}

static void
serve_tls (TlsTestServer *server,
           int            fd)
{
  SSL *ssl = SSL_new (server->ctx);
  char buffer[4096];

  SSL_set_fd (ssl, fd);
  if (SSL_accept (ssl) == 1)
    {
      gboolean respond = server->mode == SERVE_RESPOND || server->mode == SERVE_TLS12;

      if (respond)
        SSL_read (ssl, buffer, sizeof buffer);
      SSL_write (ssl, TLS_TEST_RESPONSE, strlen (TLS_TEST_RESPONSE));
      if (respond)
        {
          SSL_shutdown (ssl);
          while (SSL_read (ssl, buffer, sizeof buffer) > 0)
            ;
        }
    }
  SSL_free (ssl);  /* never sends close_notify by itself */
}

static gpointer
serve_one (gpointer data)
{
  TlsTestServer *server = data;
  g_autoptr(GSocket) connection = g_socket_accept (server->listener, server->cancellable, NULL);
  int fd;

  if (connection == NULL)
    return NULL;
  /* GSocket keeps its descriptor non-blocking; this server is simpler blocking. */
  fd = g_socket_get_fd (connection);
  g_unix_set_fd_nonblocking (fd, FALSE, NULL);
  if (server->mode == SERVE_PLAIN)
    g_socket_send (connection, TLS_TEST_RESPONSE, strlen (TLS_TEST_RESPONSE), NULL, NULL);
  else if (server->mode == SERVE_OLD_HELLO)
    serve_old_hello (connection);
  else
    serve_tls (server, fd);
  g_socket_close (connection, NULL);
  return NULL;
}

static SSL_CTX *
server_context (const PortsideCert *cert,
                const PortsideCert *chain,
                TlsServeMode        mode)
{
  SSL_CTX *ctx = SSL_CTX_new (TLS_server_method ());

  /* Level 0 so the server can offer what the client must refuse. */
  SSL_CTX_set_security_level (ctx, 0);
  g_assert_true (SSL_CTX_use_certificate (ctx, cert->cert));
  g_assert_true (SSL_CTX_use_PrivateKey (ctx, cert->key));
  if (chain != NULL)
    g_assert_true (SSL_CTX_add1_chain_cert (ctx, chain->cert));
  SSL_CTX_set_alpn_select_cb (ctx, select_http11, NULL);
  if (mode == SERVE_TLS12)
    SSL_CTX_set_max_proto_version (ctx, TLS1_2_VERSION);
  if (mode == SERVE_TLS10)
    {
      SSL_CTX_set_min_proto_version (ctx, TLS1_VERSION);
      SSL_CTX_set_max_proto_version (ctx, TLS1_VERSION);
      SSL_CTX_set_cipher_list (ctx, "DEFAULT:@SECLEVEL=0");
    }
  return ctx;
}

TlsTestServer *
tls_test_server_start (const PortsideCert *cert,
                       const PortsideCert *chain,
                       TlsServeMode        mode)
{
  TlsTestServer *server = g_new0 (TlsTestServer, 1);

  server->listener = portside_test_bind_loopback (SOMAXCONN, &server->port);
  server->mode = mode;
  server->cancellable = g_cancellable_new ();
  if (cert != NULL)
    server->ctx = server_context (cert, chain, mode);
  if (mode != SERVE_SILENT)
    server->thread = g_thread_new ("tls-server", serve_one, server);
  return server;
}

void
tls_test_server_stop (TlsTestServer *server)
{
  g_cancellable_cancel (server->cancellable);
  if (server->thread != NULL)
    g_thread_join (server->thread);
  g_clear_pointer (&server->ctx, SSL_CTX_free);
  g_socket_close (server->listener, NULL);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_free (server);
}

GSocket *
tls_test_server_connect (TlsTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1",
                                                                             server->port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_connect (socket, address, NULL, &error));
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

/* ---- the certificates ---- */

static const char *const localhost_names[] = { "localhost", NULL };
static const char *const localhost_ips[] = { "127.0.0.1", NULL };

static PortsideCert *
generate (const PortsideCertSpec *spec,
          const PortsideCert     *issuer)
{
  g_autoptr(GError) error = NULL;
  PortsideCert *cert = portside_cert_generate (spec, issuer, &error);

  g_assert_no_error (error);
  return cert;
}

static PortsideCert *
make_cert (const char         *common_name,
           gint64              not_before,
           gint64              not_after,
           gboolean            is_ca,
           const PortsideCert *issuer)
{
  PortsideCertSpec spec = {
    .common_name = common_name, .not_before = not_before, .not_after = not_after,
    .is_ca = is_ca,
  };

  if (!is_ca)
    {
      spec.dns_names = localhost_names;
      spec.ip_addresses = localhost_ips;
    }
  return generate (&spec, issuer);
}

void
tls_test_certs_init (TlsTestCerts *certs)
{
  g_autoptr(GError) error = NULL;
  const gint64 day = 24 * 60 * 60;

  certs->dir = g_dir_make_tmp ("portside-test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  certs->ca_file = g_build_filename (certs->dir, "ca.pem", NULL);
  certs->ca = make_cert ("Portside Test CA", -day, day, TRUE, NULL);
  certs->leaf = make_cert ("localhost", -3600, day, FALSE, certs->ca);
  certs->self_signed = make_cert ("localhost", -3600, day, FALSE, NULL);
  certs->expired = make_cert ("localhost", -30 * day, -day, FALSE, certs->ca);
  g_assert_true (portside_cert_write_pem (certs->ca, certs->ca_file, NULL, &error));
  g_assert_no_error (error);
}

void
tls_test_certs_clear (TlsTestCerts *certs)
{
  const char *names[] = { "ca.pem", "empty.pem", "lab.pem", "lab-key.pem" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (certs->dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (certs->dir);
  g_clear_pointer (&certs->dir, g_free);
  g_clear_pointer (&certs->ca_file, g_free);
  g_clear_pointer (&certs->ca, portside_cert_free);
  g_clear_pointer (&certs->leaf, portside_cert_free);
  g_clear_pointer (&certs->self_signed, portside_cert_free);
  g_clear_pointer (&certs->expired, portside_cert_free);
}

PortsideCert *
tls_test_certs_weak_leaf (const TlsTestCerts *certs,
                          guint               rsa_bits,
                          const char         *digest)
{
  PortsideCertSpec spec = {
    .common_name = "localhost", .dns_names = localhost_names, .ip_addresses = localhost_ips,
    .not_before = -3600, .not_after = 3600, .rsa_bits = rsa_bits, .digest = digest,
  };

  return generate (&spec, certs->ca);
}
