/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <openssl/ssl.h>

#include "portside-test-util.h"
#include "portside-cert-server.h"

#define RESPONSE "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %u\r\n" \
                 "Connection: close\r\n\r\n%s"

struct _PortsideCertServer
{
  GSocket      *listener;
  guint16       port;
  SSL_CTX      *ctx;
  GThread      *thread;
  GCancellable *cancellable;
  guint         handshakes;  /* atomic */
};

static SSL_CTX *
create_context (const PortsideCert        *leaf,
                const PortsideCert *const *chain,
                int                        max_version)
{
  SSL_CTX *ctx = SSL_CTX_new (TLS_server_method ());

  SSL_CTX_set_security_level (ctx, 0);
  g_assert_true (SSL_CTX_use_certificate (ctx, leaf->cert));
  g_assert_true (SSL_CTX_use_PrivateKey (ctx, leaf->key));
  for (guint i = 0; chain != NULL && chain[i] != NULL; i++)
    g_assert_true (SSL_CTX_add1_chain_cert (ctx, chain[i]->cert));
  if (max_version != 0)
    {
      SSL_CTX_set_min_proto_version (ctx, TLS1_VERSION);
      g_assert_true (SSL_CTX_set_max_proto_version (ctx, max_version));
      SSL_CTX_set_cipher_list (ctx, "DEFAULT:@SECLEVEL=0");
    }
  return ctx;
}

/* A client that stops talking must not stall the next case. */
static void
set_timeouts (int fd)
{
  struct timeval tv = { .tv_sec = 5 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Reads until the end of the request head, the client's close or an error. */
static void
read_request_head (SSL *ssl)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char buffer[1024];
  int n;

  while (strstr (head->str, "\r\n\r\n") == NULL &&
         (n = SSL_read (ssl, buffer, sizeof buffer)) > 0)
    g_string_append_len (head, buffer, n);
}

static void
serve_connection (PortsideCertServer *self,
                  int                 fd)
{
  g_autofree char *response = g_strdup_printf (RESPONSE,
                                               (guint) strlen (PORTSIDE_CERT_SERVER_BODY),
                                               PORTSIDE_CERT_SERVER_BODY);
  SSL *ssl = SSL_new (self->ctx);
  char buffer[256];

  SSL_set_fd (ssl, fd);
  if (SSL_accept (ssl) == 1)
    {
      g_atomic_int_inc (&self->handshakes);
      read_request_head (ssl);
      if (SSL_write (ssl, response, strlen (response)) > 0 && SSL_shutdown (ssl) >= 0)
        while (SSL_read (ssl, buffer, sizeof buffer) > 0)
          ;
    }
  SSL_free (ssl);
}

static gpointer
serve (gpointer data)
{
  PortsideCertServer *self = data;

  for (;;)
    {
      g_autoptr(GSocket) connection = g_socket_accept (self->listener, self->cancellable, NULL);
      int fd;

      if (connection == NULL)
        return NULL;
      /* OpenSSL drives the descriptor directly; blocking keeps this simple. */
      fd = g_socket_get_fd (connection);
      g_unix_set_fd_nonblocking (fd, FALSE, NULL);
      set_timeouts (fd);
      serve_connection (self, fd);
      g_socket_close (connection, NULL);
    }
}

PortsideCertServer *
portside_cert_server_new (const PortsideCert        *leaf,
                          const PortsideCert *const *chain,
                          int                        max_version)
{
  PortsideCertServer *self = g_new0 (PortsideCertServer, 1);

  self->listener = portside_test_bind_loopback (SOMAXCONN, &self->port);
  self->ctx = create_context (leaf, chain, max_version);
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_new ("cert-server", serve, self);
  return self;
}

void
portside_cert_server_free (PortsideCertServer *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ctx, SSL_CTX_free);
  g_free (self);
}

guint16
portside_cert_server_get_port (PortsideCertServer *self)
{
  return self->port;
}

guint
portside_cert_server_get_handshakes (PortsideCertServer *self)
{
  return g_atomic_int_get (&self->handshakes);
}
