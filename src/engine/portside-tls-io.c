/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Application data over a finished handshake, and the close. OpenSSL reads
 * ahead, so a read also takes the further records it already holds; the
 * reason reading stopped (close_notify, a bare EOF or an error) is kept and
 * reported by the next read, once the data that came before it is handed out.
 */
#include "portside-tls-client-private.h"
#include "portside-error.h"
#include "portside-socket.h"

#include <errno.h>
#include <openssl/err.h>

static gboolean
is_unexpected_eof (int ssl_error,
                   int saved_errno)
{
  unsigned long code = ERR_peek_last_error ();

  if (ssl_error == SSL_ERROR_SYSCALL && code == 0 && saved_errno == 0)
    return TRUE;
  return ssl_error == SSL_ERROR_SSL &&
         ERR_GET_LIB (code) == ERR_LIB_SSL &&
         ERR_GET_REASON (code) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
}

/* Notes why SSL_read stopped for good; reported by report_read_end(). */
static void
record_read_end (PortsideTls *tls,
                 int          ssl_error)
{
  int saved_errno = errno;

  if (ssl_error == SSL_ERROR_ZERO_RETURN)
    tls->read_end = READ_END_CLEAN;
  else if (is_unexpected_eof (ssl_error, saved_errno))
    tls->read_end = READ_END_TRUNCATED;
  else if (ssl_error == SSL_ERROR_SYSCALL && ERR_peek_last_error () == 0)
    {
      tls->read_end = READ_END_ERROR;
      tls->read_error = g_error_new (PORTSIDE_ERROR, PORTSIDE_ERROR_IO, "Receiving failed: %s",
                                     g_strerror (saved_errno));
    }
  else
    {
      tls->read_end = READ_END_ERROR;
      tls->read_error = g_error_new (PORTSIDE_ERROR, PORTSIDE_ERROR_TLS,
                                     "Reading over TLS failed: %s",
                                     ERR_reason_error_string (ERR_peek_last_error ()));
    }
  ERR_clear_error ();
}

static gssize
report_read_end (PortsideTls *tls,
                 gboolean    *truncated,
                 GError     **error)
{
  if (tls->read_end == READ_END_ERROR)
    {
      g_propagate_error (error, g_error_copy (tls->read_error));
      return -1;
    }
  if (truncated != NULL)
    *truncated = tls->read_end == READ_END_TRUNCATED;
  return 0;
}

/* Adds what OpenSSL already holds, without waiting: one call then returns
 * several records instead of one. */
static gsize
read_buffered (PortsideTls *tls,
               guint8      *buffer,
               gsize        size)
{
  gsize total = 0;

  while (total < size && SSL_has_pending (tls->ssl))
    {
      size_t n = 0;
      int ret;

      ERR_clear_error ();
      errno = 0;
      ret = SSL_read_ex (tls->ssl, buffer + total, size - total, &n);
      if (ret <= 0)
        {
          int ssl_error = SSL_get_error (tls->ssl, ret);

          if (portside_tls_wanted_condition (ssl_error) == 0)
            record_read_end (tls, ssl_error);
          break;
        }
      total += n;
    }
  return total;
}

gssize
portside_tls_read (PortsideTls  *tls,
                   guint8       *buffer,
                   gsize         size,
                   gboolean     *truncated,
                   gint64        deadline,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_return_val_if_fail (tls != NULL && tls->handshake_done, -1);

  if (truncated != NULL)
    *truncated = FALSE;
  if (tls->read_end != READ_END_NONE)
    return report_read_end (tls, truncated, error);
  if (size == 0)
    return 0;

  for (;;)
    {
      size_t n = 0;
      int ret, ssl_error;
      GIOCondition condition;

      ERR_clear_error ();
      errno = 0;
      ret = SSL_read_ex (tls->ssl, buffer, size, &n);
      if (ret > 0)
        return n + read_buffered (tls, buffer + n, size - n);
      ssl_error = SSL_get_error (tls->ssl, ret);
      condition = portside_tls_wanted_condition (ssl_error);
      if (condition == 0)
        {
          record_read_end (tls, ssl_error);
          return report_read_end (tls, truncated, error);
        }
      if (!portside_socket_wait (tls->socket, condition, deadline, "waiting for the response",
                                 cancellable, error))
        return -1;
    }
}

gboolean
portside_tls_write_all (PortsideTls  *tls,
                        const guint8 *data,
                        gsize         length,
                        gint64        deadline,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_return_val_if_fail (tls != NULL && tls->handshake_done, FALSE);

  while (length > 0)
    {
      size_t n = 0;
      int ssl_error;
      GIOCondition condition;

      ERR_clear_error ();
      errno = 0;
      if (SSL_write_ex (tls->ssl, data, length, &n))
        {
          data += n;
          length -= n;
          continue;
        }
      ssl_error = SSL_get_error (tls->ssl, 0);
      condition = portside_tls_wanted_condition (ssl_error);
      if (condition == 0)
        {
          const char *reason = ssl_error == SSL_ERROR_SYSCALL && ERR_peek_last_error () == 0
                               ? g_strerror (errno) : portside_tls_take_openssl_reason ();

          ERR_clear_error ();
          g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                       "Sending the request failed: %s", reason != NULL ? reason : "unknown error");
          return FALSE;
        }
      if (!portside_socket_wait (tls->socket, condition, deadline, "sending the request",
                                 cancellable, error))
        return FALSE;
    }
  return TRUE;
}

void
portside_tls_close (PortsideTls *tls)
{
  g_return_if_fail (tls != NULL);

  /* OpenSSL forbids a shutdown after a fatal error; otherwise send
   * close_notify if the socket takes it right away, and never wait. */
  if (tls->ssl == NULL || !tls->handshake_done ||
      tls->read_end == READ_END_TRUNCATED || tls->read_end == READ_END_ERROR)
    return;
  ERR_clear_error ();
  SSL_shutdown (tls->ssl);
  ERR_clear_error ();
}
