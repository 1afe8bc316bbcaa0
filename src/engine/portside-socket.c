/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <gio/gnetworking.h>

#include "portside-socket.h"
#include "portside-error.h"

gboolean
portside_socket_deadline_passed (gint64 deadline)
{
  return deadline > 0 && g_get_monotonic_time () >= deadline;
}

void
portside_socket_set_timeout_error (GError     **error,
                                   const char  *stage)
{
  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TIMEOUT,
               "Timed out %s", stage != NULL ? stage : "waiting for the network");
}

gboolean
portside_socket_wait (GSocket      *socket,
                      GIOCondition  condition,
                      gint64        deadline,
                      const char   *stage,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 timeout_us = -1;

  if (deadline > 0)
    {
      timeout_us = deadline - g_get_monotonic_time ();
      if (timeout_us <= 0)
        {
          portside_socket_set_timeout_error (error, stage);
          return FALSE;
        }
    }

  if (g_socket_condition_timed_wait (socket, condition, timeout_us, cancellable, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      portside_socket_deadline_passed (deadline))
    portside_socket_set_timeout_error (error, stage);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED, "Cancelled");
  else
    g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO, "%s", local_error->message);
  return FALSE;
}

static void
set_receive_error (GError **error, const GError *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                         "Receiving failed: the server reset the connection");
  else
    g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO, "Receiving failed: %s",
                 g_str_has_prefix (cause->message, "Error receiving data: ")
                   ? cause->message + strlen ("Error receiving data: ") : cause->message);
}

gssize
portside_socket_read (GSocket      *socket,
                      guint8       *buffer,
                      gsize         size,
                      gint64        deadline,
                      GCancellable *cancellable,
                      GError      **error)
{
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_socket_receive (socket, (char *) buffer, size, NULL, &local_error);

      if (n >= 0)
        return n;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          set_receive_error (error, local_error);
          return -1;
        }
      if (!portside_socket_wait (socket, G_IO_IN, deadline, "waiting for the response",
                                 cancellable, error))
        return -1;
    }
}

void
portside_socket_set_low_water (GSocket *socket,
                               gsize    bytes)
{
  /* Only an optimisation: if the kernel refuses, every wait simply ends
   * on the first byte, as before. */
  g_socket_set_option (socket, SOL_SOCKET, SO_RCVLOWAT, (gint) MIN (bytes, G_MAXINT), NULL);
}

gsize
portside_socket_get_receive_buffer (GSocket *socket)
{
  gint size = 0;

  if (!g_socket_get_option (socket, SOL_SOCKET, SO_RCVBUF, &size, NULL) || size < 0)
    return 0;
  return (gsize) size;
}

gboolean
portside_socket_write_all (GSocket      *socket,
                           const guint8 *data,
                           gsize         length,
                           gint64        deadline,
                           GCancellable *cancellable,
                           GError      **error)
{
  while (length > 0)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_socket_send (socket, (const char *) data, length, NULL, &local_error);

      if (n > 0)
        {
          data += n;
          length -= n;
          continue;
        }
      if (n < 0 && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                       "Sending the request failed: %s", local_error->message);
          return FALSE;
        }
      if (!portside_socket_wait (socket, G_IO_OUT, deadline, "sending the request",
                                 cancellable, error))
        return FALSE;
    }
  return TRUE;
}
