/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One connection of the script server, on its own thread and a blocking
 * socket: read the request head, play the steps, record every byte that was
 * really written. Every wait also polls the server's wake pipe, whose write
 * end is closed when the server is freed, so a pause or a stall ends at
 * once; a socket stuck in a write is shut down by the server instead.
 */
#define _GNU_SOURCE
#include "portside-script-private.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#define MAX_HEAD         (64 * 1024)
#define HEAD_TIMEOUT_MS  5000
#define LINGER_MS        5000
#define MAX_WRITE        (16 * 1024)

/* ---- waiting ------------------------------------------------------------ */

static gboolean
conn_alive (PortsideScriptConn *conn)
{
  if (g_atomic_int_get (&conn->server->stopping) || g_get_monotonic_time () >= conn->deadline)
    conn->gone = TRUE;
  return !conn->gone && !conn->closed;
}

/* Whatever the client sends after its request is read and dropped; an end
 * of stream means it went away. */
static void
discard_input (PortsideScriptConn *conn)
{
  char buffer[4096];
  gssize n = recv (conn->fd, buffer, sizeof buffer, MSG_DONTWAIT);

  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
    conn->gone = TRUE;
}

/* Sleeps up to ms; FALSE when the client went away or the server stops. */
static gboolean
conn_wait (PortsideScriptConn *conn, guint ms)
{
  gint64 end = MIN (g_get_monotonic_time () + (gint64) ms * 1000, conn->deadline);

  while (conn_alive (conn))
    {
      struct pollfd fds[2] = { { conn->server->wake[0], POLLIN, 0 },
                               { conn->fd, POLLIN | POLLRDHUP, 0 } };
      gint64 left = end - g_get_monotonic_time ();

      if (left <= 0)
        return conn_alive (conn);
      if (poll (fds, 2, (int) ((left + 999) / 1000)) < 0)
        continue;
      if (fds[0].revents != 0 || (fds[1].revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0)
        conn->gone = TRUE;
      else if (fds[1].revents & POLLIN)
        discard_input (conn);
    }
  return FALSE;
}

/* ---- raw I/O ------------------------------------------------------------ */

static gssize
write_some (PortsideScriptConn *conn, const char *data, gsize length)
{
  gssize n;

  if (conn->ssl != NULL)
    {
      size_t written = 0;

      ERR_clear_error ();
      return SSL_write_ex (conn->ssl, data, length, &written) == 1 ? (gssize) written : -1;
    }
  do
    n = send (conn->fd, data, length, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n;
}

/* Records exactly what the kernel (or OpenSSL) took. */
static gboolean
conn_write (PortsideScriptConn *conn, const char *data, gsize length)
{
  while (length > 0 && conn_alive (conn))
    {
      gssize n = write_some (conn, data, MIN (length, MAX_WRITE));

      if (n <= 0)
        {
          conn->gone = TRUE;
          break;
        }
      g_mutex_lock (&conn->server->mutex);
      g_byte_array_append (conn->sent, (const guint8 *) data, n);
      g_mutex_unlock (&conn->server->mutex);
      data += n;
      length -= n;
    }
  return length == 0;
}

static gssize
read_some (PortsideScriptConn *conn, char *buffer, gsize size)
{
  gssize n;

  if (conn->ssl != NULL)
    {
      size_t got = 0;

      ERR_clear_error ();
      return SSL_read_ex (conn->ssl, buffer, size, &got) == 1 ? (gssize) got : -1;
    }
  do
    n = recv (conn->fd, buffer, size, 0);
  while (n < 0 && errno == EINTR);
  return n;
}

static gboolean
wait_readable (PortsideScriptConn *conn, gint64 end)
{
  while (conn_alive (conn))
    {
      struct pollfd fds[2] = { { conn->server->wake[0], POLLIN, 0 }, { conn->fd, POLLIN, 0 } };
      gint64 left = end - g_get_monotonic_time ();

      if (conn->ssl != NULL && SSL_has_pending (conn->ssl))
        return TRUE;
      if (left <= 0)
        return FALSE;
      if (poll (fds, 2, (int) ((left + 999) / 1000)) < 0)
        continue;
      if (fds[0].revents != 0)
        conn->gone = TRUE;
      else if (fds[1].revents != 0)
        return TRUE;
    }
  return FALSE;
}

/* Up to the empty line that ends the request head, bounded in size and time. */
static void
read_head (PortsideScriptConn *conn)
{
  gint64 end = g_get_monotonic_time () + HEAD_TIMEOUT_MS * 1000;
  char buffer[4096];

  while (conn->request->len < MAX_HEAD &&
         (conn->request->len < 4 ||
          memmem (conn->request->data, conn->request->len, "\r\n\r\n", 4) == NULL))
    {
      gssize n;

      if (!wait_readable (conn, end))
        return;
      n = read_some (conn, buffer, sizeof buffer);
      if (n <= 0)
        {
          conn->gone = TRUE;
          return;
        }
      g_mutex_lock (&conn->server->mutex);
      g_byte_array_append (conn->request, (const guint8 *) buffer, n);
      g_mutex_unlock (&conn->server->mutex);
    }
}

/* ---- endings ------------------------------------------------------------ */

static void
conn_close_fd (PortsideScriptConn *conn)
{
  g_mutex_lock (&conn->server->mutex);
  if (conn->fd >= 0)
    close (conn->fd);
  conn->fd = -1;
  g_mutex_unlock (&conn->server->mutex);
  conn->closed = TRUE;
}

/* FIN, then wait for the client's own close, so that nothing it still sends
 * turns our close into a reset that could destroy data in flight. */
static void
conn_close (PortsideScriptConn *conn, gboolean notify)
{
  if (conn->ssl != NULL && notify && !conn->gone)
    {
      ERR_clear_error ();
      SSL_shutdown (conn->ssl);
    }
  shutdown (conn->fd, SHUT_WR);
  conn_wait (conn, LINGER_MS);
  conn_close_fd (conn);
}

static void
conn_reset (PortsideScriptConn *conn)
{
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  setsockopt (conn->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  conn_close_fd (conn);
}

/* ---- the script --------------------------------------------------------- */

static void
send_pieces (PortsideScriptConn *conn, const PortsideScriptStep *step)
{
  gsize piece = step->piece > 0 ? step->piece : 1;

  for (gsize at = 0; at < step->length && conn_alive (conn); at += piece)
    {
      if (at > 0 && step->delay_ms > 0 && !conn_wait (conn, step->delay_ms))
        return;
      conn_write (conn, step->data + at, MIN (piece, step->length - at));
    }
}

static void
repeat (PortsideScriptConn *conn, const PortsideScriptStep *step)
{
  while (conn_write (conn, step->data, step->length) && conn_wait (conn, step->delay_ms))
    ;
}

static void
run_step (PortsideScriptConn *conn, const PortsideScriptStep *step)
{
  switch (step->op)
    {
    case PORTSIDE_SCRIPT_SEND:
      conn_write (conn, step->data, step->length);
      break;
    case PORTSIDE_SCRIPT_SEND_PIECES:
      send_pieces (conn, step);
      break;
    case PORTSIDE_SCRIPT_SLEEP:
      conn_wait (conn, step->delay_ms);
      break;
    case PORTSIDE_SCRIPT_CLOSE:
      conn_close (conn, TRUE);
      break;
    case PORTSIDE_SCRIPT_CLOSE_NO_NOTIFY:
      conn_close (conn, FALSE);
      break;
    case PORTSIDE_SCRIPT_RESET:
      conn_reset (conn);
      break;
    case PORTSIDE_SCRIPT_STALL:
      while (conn_wait (conn, 1000))
        ;
      break;
    case PORTSIDE_SCRIPT_REPEAT:
      repeat (conn, step);
      break;
    case PORTSIDE_SCRIPT_END:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
conn_start (PortsideScriptConn *conn)
{
  PortsideScriptServer *self = conn->server;

  if (self->ssl_ctx != NULL)
    {
      conn->ssl = SSL_new (self->ssl_ctx);
      SSL_set_fd (conn->ssl, conn->fd);
      ERR_clear_error ();
      if (SSL_accept (conn->ssl) != 1)
        return FALSE;
    }
  if ((self->flags & PORTSIDE_SCRIPT_SERVER_NO_HEAD) == 0)
    read_head (conn);
  return conn_alive (conn);
}

gpointer
portside_script_conn_main (gpointer data)
{
  PortsideScriptConn *conn = data;
  PortsideScriptServer *self = conn->server;
  sigset_t pipe_set;

  /* A write to a client that left must fail, not kill the test. */
  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, NULL);

  conn->deadline = g_get_monotonic_time () + PORTSIDE_SCRIPT_MAX_SECONDS * G_USEC_PER_SEC;
  if (conn_start (conn))
    for (guint i = 0; i < self->steps->len && !conn->closed; i++)
      run_step (conn, &g_array_index (self->steps, PortsideScriptStep, i));
  if (!conn->closed)
    conn_close (conn, TRUE);
  g_clear_pointer (&conn->ssl, SSL_free);
  ERR_clear_error ();

  g_mutex_lock (&self->mutex);
  self->running--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  return NULL;
}

PortsideScriptConn *
portside_script_conn_new (PortsideScriptServer *server,
                          int                   fd)
{
  PortsideScriptConn *conn = g_new0 (PortsideScriptConn, 1);

  conn->server = server;
  conn->fd = fd;
  conn->request = g_byte_array_new ();
  conn->sent = g_byte_array_new ();
  return conn;
}

void
portside_script_conn_free (gpointer data)
{
  PortsideScriptConn *conn = data;

  g_byte_array_unref (conn->request);
  g_byte_array_unref (conn->sent);
  g_free (conn);
}
