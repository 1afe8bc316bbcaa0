/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TCP connect that tries each resolved address in turn and reports every
 * attempt, so the Connection pane can show which ship reached which harbour.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint               index;
  GInetSocketAddress *remote;
  GInetSocketAddress *local;     /* NULL when the attempt failed */
  gint64              duration_us;
  const GError       *error;     /* NULL on success */
} PortsideConnectAttempt;

typedef void (*PortsideConnectFunc) (const PortsideConnectAttempt *attempt, gpointer user_data);

/* Returns a connected non-blocking socket. timeout_ms bounds each attempt
 * (0 = none); deadline bounds the whole step. */
GSocket *portside_connect (GPtrArray          *addresses,
                           guint16             port,
                           guint               timeout_ms,
                           gint64              deadline,
                           PortsideConnectFunc on_attempt,
                           gpointer            user_data,
                           GCancellable       *cancellable,
                           GError            **error);

G_END_DECLS
