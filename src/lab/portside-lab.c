/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PortsideLab owns the listening sockets, the TLS context and the threads:
 * one that accepts, and one per connection. Nothing here runs on the
 * caller's main context, so starting the lab never needs a main loop.
 *
 * The "request-served" signal is emitted on connection threads.
 */
#define _GNU_SOURCE
#include "portside-lab-private.h"
#include "portside-lab-cert.h"
#include "portside-error.h"

#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <openssl/err.h>

#define CERT_NAME      "portside-lab-cert.pem"
#define KEY_NAME       "portside-lab-key.pem"
#define IDLE_TIMEOUT   120  /* seconds a connection may sit without sending */
#define TLS_GATHER_SIZE (256 * 1024 + 16 * 1024)  /* a full TLS_WRITE_SIZE write, with record overhead */

typedef struct
{
  GSocket  *socket;
  gboolean  tls;
} Listener;

struct _PortsideLab
{
  GObject            parent_instance;

  GMutex             mutex;
  GCond              cond;
  GPtrArray         *conns;        /* PortsideLabConn*, guarded by mutex */
  GArray            *listeners;    /* Listener */
  GThread           *accept_thread;
  GCancellable      *cancellable;
  SSL_CTX           *ssl_ctx;
  PortsideLabAssets *assets;

  char              *state_dir;
  char              *ca_file;
  char              *key_file;
  gboolean           owns_state_dir;
  guint16            http_port;
  guint16            https_port;
  gboolean           running;
};

G_DEFINE_FINAL_TYPE (PortsideLab, portside_lab, G_TYPE_OBJECT)

enum {
  REQUEST_SERVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
remove_state_files (PortsideLab *self)
{
  if (!self->owns_state_dir)
    return;
  g_unlink (self->ca_file);
  g_unlink (self->key_file);
  g_rmdir (self->state_dir);
  self->owns_state_dir = FALSE;
}

static void
portside_lab_finalize (GObject *object)
{
  PortsideLab *self = PORTSIDE_LAB (object);

  portside_lab_stop (self);
  remove_state_files (self);
  g_clear_pointer (&self->conns, g_ptr_array_unref);
  g_clear_pointer (&self->listeners, g_array_unref);
  g_clear_pointer (&self->state_dir, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->key_file, g_free);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (portside_lab_parent_class)->finalize (object);
}

static void
portside_lab_class_init (PortsideLabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = portside_lab_finalize;

  /* (method, target, final status) after each response; emitted on the
   * connection's thread, so handlers must be thread-safe. */
  signals[REQUEST_SERVED] =
    g_signal_new ("request-served", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
}

static void
clear_listener (Listener *listener)
{
  g_socket_close (listener->socket, NULL);
  g_clear_object (&listener->socket);
}

static void
portside_lab_init (PortsideLab *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->conns = g_ptr_array_new ();
  self->listeners = g_array_new (FALSE, TRUE, sizeof (Listener));
  g_array_set_clear_func (self->listeners, (GDestroyNotify) clear_listener);
}

PortsideLab *
portside_lab_new (void)
{
  return g_object_new (PORTSIDE_TYPE_LAB, NULL);
}

void
portside_lab_emit_served (PortsideLab              *self,
                          const PortsideLabRequest *request,
                          guint                     status)
{
  g_signal_emit (self, signals[REQUEST_SERVED], 0, request->method, request->target, status);
}

static void
conn_free (PortsideLabConn *conn)
{
  g_clear_pointer (&conn->ssl, SSL_free);
  g_clear_pointer (&conn->inbuf, g_byte_array_unref);
  g_free (conn);
}

static gpointer
conn_main (gpointer data)
{
  PortsideLabConn *conn = data;
  PortsideLab *self = conn->lab;
  sigset_t pipe_set;

  /* A client that goes away mid-response must cost a failed write, not the
   * whole process: a blocked SIGPIPE stays pending on this thread and dies
   * with it. */
  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, NULL);

  portside_lab_conn_serve (conn);
  g_clear_pointer (&conn->ssl, SSL_free);

  /* Closed under the lock, so stop() never shuts down a reused fd. */
  g_mutex_lock (&self->mutex);
  g_ptr_array_remove_fast (self->conns, conn);
  close (conn->fd);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  conn_free (conn);
  return NULL;
}

static void
tune_socket (int fd)
{
  struct timeval idle = { .tv_sec = IDLE_TIMEOUT };
  int one = 1;

  /* No Nagle: /chunked and /drip want each write on the wire at once. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
}

/* OpenSSL sends each 16 KiB record with a write() of its own; gathered in
 * one buffer, a response goes out in a few large sends instead (flushed at
 * the end of every portside_lab_conn_write()). */
static BIO *
new_gathering_bio (int fd)
{
  BIO *buffer = BIO_new (BIO_f_buffer ());

  BIO_set_write_buffer_size (buffer, TLS_GATHER_SIZE);
  return BIO_push (buffer, BIO_new_socket (fd, BIO_NOCLOSE));
}

static PortsideLabConn *
conn_new (PortsideLab *self,
          int          fd,
          gboolean     tls)
{
  PortsideLabConn *conn = g_new0 (PortsideLabConn, 1);

  conn->lab = self;
  conn->assets = self->assets;
  conn->fd = fd;
  conn->inbuf = g_byte_array_new ();
  if (tls)
    {
      conn->ssl = SSL_new (self->ssl_ctx);
      SSL_set_bio (conn->ssl, BIO_new_socket (fd, BIO_NOCLOSE), new_gathering_bio (fd));
    }
  return conn;
}

static void
accept_one (PortsideLab    *self,
            const Listener *listener)
{
  g_autoptr(GThread) thread = NULL;
  PortsideLabConn *conn;
  int fd;

  /* The listening socket is non-blocking (GSocket makes it so); the
   * accepted one is blocking, which suits a thread per connection. */
  fd = accept4 (g_socket_get_fd (listener->socket), NULL, NULL, SOCK_CLOEXEC);
  if (fd < 0)
    {
      if (errno == EMFILE || errno == ENFILE)
        g_usleep (100 * G_TIME_SPAN_MILLISECOND);
      return;
    }
  tune_socket (fd);
  conn = conn_new (self, fd, listener->tls);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->conns, conn);
  g_mutex_unlock (&self->mutex);

  thread = g_thread_try_new ("portside-lab-conn", conn_main, conn, NULL);
  if (thread == NULL)
    {
      g_mutex_lock (&self->mutex);
      g_ptr_array_remove_fast (self->conns, conn);
      close (fd);
      g_mutex_unlock (&self->mutex);
      conn_free (conn);
    }
}

static gpointer
accept_main (gpointer data)
{
  PortsideLab *self = data;
  guint n = self->listeners->len;
  g_autofree GPollFD *fds = g_new0 (GPollFD, n + 1);

  for (guint i = 0; i < n; i++)
    {
      fds[i].fd = g_socket_get_fd (g_array_index (self->listeners, Listener, i).socket);
      fds[i].events = G_IO_IN;
    }
  g_cancellable_make_pollfd (self->cancellable, &fds[n]);

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      if (g_poll (fds, n + 1, -1) < 0)
        continue;
      for (guint i = 0; i < n && !g_cancellable_is_cancelled (self->cancellable); i++)
        if (fds[i].revents & G_IO_IN)
          accept_one (self, &g_array_index (self->listeners, Listener, i));
    }
  g_cancellable_release_fd (self->cancellable);
  return NULL;
}

static GSocket *
bind_loopback (GSocketFamily   family,
               guint16         port,
               GError        **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = g_inet_address_to_string (address);

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket != NULL)
    g_socket_set_listen_backlog (socket, 128);
  if (socket != NULL &&
      g_socket_bind (socket, socket_address, TRUE, &local_error) &&
      g_socket_listen (socket, &local_error))
    return g_steal_pointer (&socket);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                 "Port %u on %s is already in use.", port, host);
  else
    g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                 "Could not listen on %s port %u: %s.", host, port, local_error->message);
  return NULL;
}

static guint16
local_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return address != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

static void
add_listener (PortsideLab *self,
              GSocket     *socket,
              gboolean     tls)
{
  Listener listener = { g_object_ref (socket), tls };

  g_array_append_val (self->listeners, listener);
}

/* 127.0.0.1 always; ::1 on the same port when the system has it. Never
 * any other address: the lab is for this machine only. */
static gboolean
listen_on (PortsideLab  *self,
           guint16       port,
           gboolean      tls,
           guint16      *bound_port,
           GError      **error)
{
  g_autoptr(GSocket) v4 = bind_loopback (G_SOCKET_FAMILY_IPV4, port, error);
  g_autoptr(GSocket) v6 = NULL;

  if (v4 == NULL)
    return FALSE;
  *bound_port = local_port (v4);
  add_listener (self, v4, tls);

  v6 = bind_loopback (G_SOCKET_FAMILY_IPV6, *bound_port, NULL);
  if (v6 != NULL)
    add_listener (self, v6, tls);
  return TRUE;
}

static char *
make_state_dir (const char  *state_dir,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *made;

  if (state_dir != NULL)
    {
      if (g_mkdir_with_parents (state_dir, 0700) == 0)
        return g_strdup (state_dir);
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                   "Could not create the folder %s: %s.", state_dir, g_strerror (errno));
      return NULL;
    }
  made = g_dir_make_tmp ("portside-lab-XXXXXX", &local_error);
  if (made == NULL)
    g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                 "Could not make a temporary folder for the lab: %s.", local_error->message);
  return made;
}

static gboolean
prepare_state_dir (PortsideLab  *self,
                   const char   *state_dir,
                   GError      **error)
{
  remove_state_files (self);
  g_free (self->state_dir);
  self->state_dir = make_state_dir (state_dir, error);
  if (self->state_dir == NULL)
    return FALSE;
  /* A folder we made is ours to remove; one the caller named is not. */
  self->owns_state_dir = state_dir == NULL;

  g_free (self->ca_file);
  g_free (self->key_file);
  self->ca_file = g_build_filename (self->state_dir, CERT_NAME, NULL);
  self->key_file = g_build_filename (self->state_dir, KEY_NAME, NULL);
  return TRUE;
}

static int
select_alpn (SSL                  *ssl,
             const unsigned char **out,
             unsigned char        *out_length,
             const unsigned char  *offered,
             unsigned int          offered_length,
             void                 *user_data)
{
  static const unsigned char ours[] = "\x08http/1.1";
  unsigned char *selected = NULL;

  if (SSL_select_next_proto (&selected, out_length, ours, sizeof ours - 1,
                             offered, offered_length) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

static gboolean
set_tls_error (GError     **error,
               const char  *what)
{
  char reason[256] = "unknown error";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, reason, sizeof reason);
  ERR_clear_error ();
  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS, "%s: %s.", what, reason);
  return FALSE;
}

static gboolean
setup_tls (PortsideLab  *self,
           GError      **error)
{
  g_autoptr(PortsideCert) cert = portside_cert_generate_lab (error);

  if (cert == NULL || !portside_cert_write_pem (cert, self->ca_file, self->key_file, error))
    return FALSE;

  self->ssl_ctx = SSL_CTX_new (TLS_server_method ());
  if (self->ssl_ctx == NULL)
    return set_tls_error (error, "Could not create the lab's TLS context");
  SSL_CTX_set_min_proto_version (self->ssl_ctx, TLS1_2_VERSION);
  SSL_CTX_set_alpn_select_cb (self->ssl_ctx, select_alpn, NULL);
  if (SSL_CTX_use_certificate (self->ssl_ctx, cert->cert) != 1 ||
      SSL_CTX_use_PrivateKey (self->ssl_ctx, cert->key) != 1 ||
      SSL_CTX_check_private_key (self->ssl_ctx) != 1)
    return set_tls_error (error, "The lab's TLS context refused its certificate");
  return TRUE;
}

static gboolean
start_steps (PortsideLab  *self,
             guint16       http_port,
             guint16       https_port,
             const char   *state_dir,
             GError      **error)
{
  if (!prepare_state_dir (self, state_dir, error) || !setup_tls (self, error))
    return FALSE;
  self->assets = portside_lab_assets_new (error);
  if (self->assets == NULL)
    return FALSE;
  if (!listen_on (self, http_port, FALSE, &self->http_port, error) ||
      !listen_on (self, https_port, TRUE, &self->https_port, error))
    return FALSE;

  self->cancellable = g_cancellable_new ();
  self->accept_thread = g_thread_try_new ("portside-lab", accept_main, self, error);
  return self->accept_thread != NULL;
}

gboolean
portside_lab_start (PortsideLab  *self,
                    guint16       http_port,
                    guint16       https_port,
                    const char   *state_dir,
                    GError      **error)
{
  g_return_val_if_fail (PORTSIDE_IS_LAB (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* stop() also tidies up after a start that failed half-way. */
  self->running = TRUE;
  if (!start_steps (self, http_port, https_port, state_dir, error))
    {
      portside_lab_stop (self);
      return FALSE;
    }
  return TRUE;
}

static void
end_connections (PortsideLab *self)
{
  g_mutex_lock (&self->mutex);
  /* shutdown() wakes a thread blocked in recv, send, sendfile or poll on
   * that socket; each thread then closes its own socket and leaves. */
  for (guint i = 0; i < self->conns->len; i++)
    shutdown (((PortsideLabConn *) self->conns->pdata[i])->fd, SHUT_RDWR);
  while (self->conns->len > 0)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

void
portside_lab_stop (PortsideLab *self)
{
  g_return_if_fail (PORTSIDE_IS_LAB (self));

  if (!self->running)
    return;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->accept_thread, g_thread_join);
  g_array_set_size (self->listeners, 0);
  end_connections (self);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ssl_ctx, SSL_CTX_free);
  g_clear_pointer (&self->assets, portside_lab_assets_free);
  self->http_port = 0;
  self->https_port = 0;
  self->running = FALSE;
}

guint16
portside_lab_get_http_port (PortsideLab *self)
{
  g_return_val_if_fail (PORTSIDE_IS_LAB (self), 0);
  return self->http_port;
}

guint16
portside_lab_get_https_port (PortsideLab *self)
{
  g_return_val_if_fail (PORTSIDE_IS_LAB (self), 0);
  return self->https_port;
}

const char *
portside_lab_get_ca_file (PortsideLab *self)
{
  g_return_val_if_fail (PORTSIDE_IS_LAB (self), NULL);
  return self->ca_file;
}

static char *
make_url (const char *scheme,
          const char *host,
          guint16     port,
          const char *path)
{
  if (path == NULL || path[0] == '\0')
    path = "/";
  return g_strdup_printf ("%s://%s:%u%s%s", scheme, host, port,
                          path[0] == '/' ? "" : "/", path);
}

char *
portside_lab_get_http_url (PortsideLab *self,
                           const char  *path)
{
  g_return_val_if_fail (PORTSIDE_IS_LAB (self), NULL);
  return make_url ("http", "127.0.0.1", self->http_port, path);
}

char *
portside_lab_get_https_url (PortsideLab *self,
                            const char  *path)
{
  g_return_val_if_fail (PORTSIDE_IS_LAB (self), NULL);
  return make_url ("https", "localhost", self->https_port, path);
}
