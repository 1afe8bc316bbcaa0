/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script server: a listening socket on 127.0.0.1, an accept thread, and
 * one thread per connection (portside-script-conn.c). Freeing it wakes every
 * thread through a pipe, shuts down the sockets and joins the threads.
 */
#define _GNU_SOURCE
#include "portside-script-private.h"
#include "portside-error.h"
#include "portside-lab-cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <openssl/err.h>

#define MAX_CONNECTIONS  64
#define IO_TIMEOUT_S     10

/* ---- accepting ---------------------------------------------------------- */

static void
tune_socket (int fd)
{
  struct timeval timeout = { .tv_sec = IO_TIMEOUT_S };
  int one = 1;

  /* Each scripted write goes on the wire at once: splits are the point. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

static void
accept_one (PortsideScriptServer *self)
{
  int fd = accept4 (self->listen_fd, NULL, NULL, SOCK_CLOEXEC);
  PortsideScriptConn *conn;

  if (fd < 0)
    return;
  if (self->conns->len >= MAX_CONNECTIONS)
    {
      close (fd);
      return;
    }
  tune_socket (fd);
  conn = portside_script_conn_new (self, fd);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->conns, conn);
  self->running++;
  g_ptr_array_add (self->threads, g_thread_new ("script-conn", portside_script_conn_main, conn));
  g_mutex_unlock (&self->mutex);
}

static gpointer
accept_main (gpointer data)
{
  PortsideScriptServer *self = data;

  for (;;)
    {
      struct pollfd fds[2] = { { self->listen_fd, POLLIN, 0 }, { self->wake[0], POLLIN, 0 } };

      if (poll (fds, 2, -1) < 0)
        continue;
      if (fds[1].revents != 0)
        return NULL;
      if (fds[0].revents & POLLIN)
        accept_one (self);
    }
}

/* ---- setting up --------------------------------------------------------- */

static gboolean
set_errno_error (GError **error, const char *what)
{
  int saved = errno;

  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO, "%s: %s", what, g_strerror (saved));
  return FALSE;
}

static gboolean
listen_loopback (PortsideScriptServer *self, GError **error)
{
  struct sockaddr_in address = { .sin_family = AF_INET,
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t length = sizeof address;

  self->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (self->listen_fd < 0)
    return set_errno_error (error, "Could not create the script server's socket");
  if (bind (self->listen_fd, (struct sockaddr *) &address, sizeof address) < 0 ||
      listen (self->listen_fd, 16) < 0 ||
      getsockname (self->listen_fd, (struct sockaddr *) &address, &length) < 0)
    return set_errno_error (error, "Could not listen on 127.0.0.1");
  self->port = ntohs (address.sin_port);
  return TRUE;
}

static gboolean
setup_tls (PortsideScriptServer *self, GError **error)
{
  g_autoptr(PortsideCert) cert = portside_cert_generate_lab (error);

  if (cert == NULL)
    return FALSE;
  self->tmpdir = g_dir_make_tmp ("portside-script-XXXXXX", error);
  if (self->tmpdir == NULL)
    return FALSE;
  self->ca_file = g_build_filename (self->tmpdir, "ca.pem", NULL);
  if (!portside_cert_write_pem (cert, self->ca_file, NULL, error))
    return FALSE;
  self->ssl_ctx = SSL_CTX_new (TLS_server_method ());
  if (self->ssl_ctx == NULL ||
      SSL_CTX_use_certificate (self->ssl_ctx, cert->cert) != 1 ||
      SSL_CTX_use_PrivateKey (self->ssl_ctx, cert->key) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS,
                           "The script server's TLS context refused its certificate");
      return FALSE;
    }
  return TRUE;
}

static GArray *
copy_steps (const PortsideScriptStep *steps)
{
  GArray *copy = g_array_new (FALSE, TRUE, sizeof (PortsideScriptStep));

  for (guint i = 0; steps != NULL && steps[i].op != PORTSIDE_SCRIPT_END; i++)
    {
      PortsideScriptStep step = steps[i];

      if (step.data != NULL && step.length == 0)
        step.length = strlen (step.data);
      step.data = g_memdup2 (step.data, step.length);
      g_array_append_val (copy, step);
    }
  return copy;
}

PortsideScriptServer *
portside_script_server_new (PortsideScriptServerFlags  flags,
                            const PortsideScriptStep  *steps,
                            GError                   **error)
{
  g_autoptr(PortsideScriptServer) self = g_new0 (PortsideScriptServer, 1);

  self->flags = flags;
  self->listen_fd = -1;
  self->wake[0] = self->wake[1] = -1;
  self->steps = copy_steps (steps);
  self->conns = g_ptr_array_new_with_free_func (portside_script_conn_free);
  self->threads = g_ptr_array_new ();
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  if ((flags & PORTSIDE_SCRIPT_SERVER_TLS) != 0 && !setup_tls (self, error))
    return NULL;
  if (!g_unix_open_pipe (self->wake, FD_CLOEXEC, error) || !listen_loopback (self, error))
    return NULL;
  self->accept_thread = g_thread_new ("script-accept", accept_main, self);
  return g_steal_pointer (&self);
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
stop (PortsideScriptServer *self)
{
  g_atomic_int_set (&self->stopping, TRUE);
  /* A closed write end makes the read end readable for every poller. */
  close_fd (&self->wake[1]);
  if (self->accept_thread != NULL)
    g_thread_join (g_steal_pointer (&self->accept_thread));

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->conns->len; i++)
    {
      PortsideScriptConn *conn = g_ptr_array_index (self->conns, i);
      if (conn->fd >= 0)
        shutdown (conn->fd, SHUT_RDWR);
    }
  g_mutex_unlock (&self->mutex);

  /* No new thread can appear: the accept thread is gone. */
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_ptr_array_set_size (self->threads, 0);
}

static void
clear_steps (GArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    g_free ((gpointer) g_array_index (steps, PortsideScriptStep, i).data);
  g_array_unref (steps);
}

void
portside_script_server_free (PortsideScriptServer *self)
{
  if (self == NULL)
    return;
  stop (self);
  close_fd (&self->wake[0]);
  close_fd (&self->listen_fd);
  g_clear_pointer (&self->ssl_ctx, SSL_CTX_free);
  if (self->ca_file != NULL)
    g_unlink (self->ca_file);
  if (self->tmpdir != NULL)
    g_rmdir (self->tmpdir);
  g_free (self->ca_file);
  g_free (self->tmpdir);
  g_ptr_array_unref (self->conns);
  g_ptr_array_unref (self->threads);
  clear_steps (self->steps);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

/* ---- queries ------------------------------------------------------------ */

guint16
portside_script_server_get_port (PortsideScriptServer *self)
{
  return self->port;
}

char *
portside_script_server_get_url (PortsideScriptServer *self,
                                const char           *path)
{
  return g_strdup_printf ("%s://127.0.0.1:%u%s", self->ssl_ctx != NULL ? "https" : "http",
                          self->port, path != NULL ? path : "/");
}

const char *
portside_script_server_get_ca_file (PortsideScriptServer *self)
{
  return self->ca_file;
}

gboolean
portside_script_server_wait (PortsideScriptServer *self,
                             guint                 timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean idle;

  g_mutex_lock (&self->mutex);
  while (self->running > 0 && g_cond_wait_until (&self->cond, &self->mutex, end))
    ;
  idle = self->running == 0;
  g_mutex_unlock (&self->mutex);
  return idle;
}

guint
portside_script_server_get_connections (PortsideScriptServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->conns->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

static GBytes *
first_conn_bytes (PortsideScriptServer *self, gboolean sent)
{
  GBytes *bytes = NULL;

  g_mutex_lock (&self->mutex);
  if (self->conns->len > 0)
    {
      PortsideScriptConn *conn = g_ptr_array_index (self->conns, 0);
      GByteArray *array = sent ? conn->sent : conn->request;
      bytes = g_bytes_new (array->data, array->len);
    }
  g_mutex_unlock (&self->mutex);
  return bytes != NULL ? bytes : g_bytes_new (NULL, 0);
}

GBytes *
portside_script_server_get_request (PortsideScriptServer *self)
{
  return first_conn_bytes (self, FALSE);
}

GBytes *
portside_script_server_get_sent (PortsideScriptServer *self)
{
  return first_conn_bytes (self, TRUE);
}
