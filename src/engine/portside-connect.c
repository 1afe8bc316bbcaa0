/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-connect.h"
#include "portside-error.h"
#include "portside-socket.h"

static gint64
attempt_deadline (guint timeout_ms, gint64 deadline)
{
  gint64 own = timeout_ms > 0 ? g_get_monotonic_time () + (gint64) timeout_ms * 1000 : 0;

  if (own == 0)
    return deadline;
  if (deadline == 0)
    return own;
  return MIN (own, deadline);
}

static void
set_connect_error (GError **error, const char *address, const GError *cause)
{
  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CONNECT,
               "Could not connect to %s: %s", address, cause->message);
}

/* The connect is under way: wait for writability, then read SO_ERROR. */
static gboolean
finish_connect (GSocket *socket, const char *address, gint64 deadline,
                GCancellable *cancellable, GError **error)
{
  g_autofree char *stage = g_strdup_printf ("connecting to %s", address);
  g_autoptr(GError) local_error = NULL;

  if (!portside_socket_wait (socket, G_IO_OUT, deadline, stage, cancellable, error))
    return FALSE;
  if (g_socket_check_connect_result (socket, &local_error))
    return TRUE;
  set_connect_error (error, address, local_error);
  return FALSE;
}

static GSocket *
connect_one (GInetSocketAddress *remote, gint64 deadline, GCancellable *cancellable,
             GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  GSocketFamily family = g_socket_address_get_family (G_SOCKET_ADDRESS (remote));
  g_autofree char *address = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote));

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket == NULL)
    {
      set_connect_error (error, address, local_error);
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);
  if (g_socket_connect (socket, G_SOCKET_ADDRESS (remote), NULL, &local_error))
    return g_steal_pointer (&socket);
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      set_connect_error (error, address, local_error);
      return NULL;
    }
  if (!finish_connect (socket, address, deadline, cancellable, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static void
report_attempt (PortsideConnectFunc on_attempt, gpointer user_data, guint index,
                GInetSocketAddress *remote, GSocket *socket, gint64 start, const GError *error)
{
  g_autoptr(GSocketAddress) local = NULL;
  PortsideConnectAttempt attempt = { index, remote, NULL, 0, error };

  if (on_attempt == NULL)
    return;
  if (socket != NULL)
    local = g_socket_get_local_address (socket, NULL);
  attempt.local = local != NULL ? G_INET_SOCKET_ADDRESS (local) : NULL;
  attempt.duration_us = g_get_monotonic_time () - start;
  on_attempt (&attempt, user_data);
}

GSocket *
portside_connect (GPtrArray          *addresses,
                  guint16             port,
                  guint               timeout_ms,
                  gint64              deadline,
                  PortsideConnectFunc on_attempt,
                  gpointer            user_data,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autoptr(GError) last_error = NULL;

  for (guint i = 0; i < addresses->len; i++)
    {
      g_autoptr(GInetSocketAddress) remote =
        G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (addresses->pdata[i], port));
      g_autoptr(GError) local_error = NULL;
      gint64 start = g_get_monotonic_time ();
      GSocket *socket = connect_one (remote, attempt_deadline (timeout_ms, deadline),
                                     cancellable, &local_error);

      report_attempt (on_attempt, user_data, i, remote, socket, start, local_error);
      if (socket != NULL)
        return socket;
      if (local_error->code == PORTSIDE_ERROR_CANCELLED ||
          (deadline > 0 && g_get_monotonic_time () >= deadline))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&last_error);
      last_error = g_steal_pointer (&local_error);
    }

  if (last_error == NULL)
    g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CONNECT, "No address to connect to");
  else if (addresses->len == 1)
    g_propagate_error (error, g_steal_pointer (&last_error));
  else
    g_set_error (error, PORTSIDE_ERROR, last_error->code,
                 "None of the %u addresses accepted the connection; the last said: %s",
                 addresses->len, last_error->message);
  return NULL;
}
