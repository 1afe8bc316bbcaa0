/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain socket I/O with a deadline and a GCancellable. Sockets are kept
 * non-blocking and every wait goes through portside_socket_wait(), so a
 * server that never answers or drips forever cannot hang a thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* deadline: a g_get_monotonic_time() value, or 0 for none. Fails with
 * PORTSIDE_ERROR_TIMEOUT or PORTSIDE_ERROR_CANCELLED; stage names the step
 * for the timeout message ("waiting for the response"). */
gboolean portside_socket_wait      (GSocket      *socket,
                                    GIOCondition  condition,
                                    gint64        deadline,
                                    const char   *stage,
                                    GCancellable *cancellable,
                                    GError      **error);
/* TRUE once the monotonic clock reached deadline (never for 0). */
gboolean portside_socket_deadline_passed (gint64 deadline);
/* PORTSIDE_ERROR_TIMEOUT: "Timed out " and the stage. */
void     portside_socket_set_timeout_error (GError     **error,
                                            const char  *stage);
/* 0 when the peer closed. */
gssize   portside_socket_read      (GSocket      *socket,
                                    guint8       *buffer,
                                    gsize         size,
                                    gint64        deadline,
                                    GCancellable *cancellable,
                                    GError      **error);
/* How many received bytes must be waiting before a wait for input ends
 * (SO_RCVLOWAT; 1 is the kernel's default). A read still returns whatever
 * is there. */
void     portside_socket_set_low_water (GSocket *socket,
                                        gsize    bytes);
/* SO_RCVBUF: the receive buffer's size now (the kernel tunes it as data
 * flows), or 0 when unknown. */
gsize    portside_socket_get_receive_buffer (GSocket *socket);
gboolean portside_socket_write_all (GSocket      *socket,
                                    const guint8 *data,
                                    gsize         length,
                                    gint64        deadline,
                                    GCancellable *cancellable,
                                    GError      **error);

G_END_DECLS
