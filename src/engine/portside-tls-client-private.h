/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TLS client's state, shared by portside-tls.c (the context, the
 * callbacks and the handshake) and portside-tls-io.c (application data once
 * the handshake is done, and the close). What is said about a connection
 * (certificate details, plain-language reasons) is in portside-tls-private.h.
 */
#pragma once

#include "portside-tls-private.h"

G_BEGIN_DECLS

typedef enum
{
  READ_END_NONE,
  READ_END_CLEAN,      /* close_notify */
  READ_END_TRUNCATED,  /* EOF without close_notify */
  READ_END_ERROR,
} ReadEnd;

struct _PortsideTls
{
  SSL_CTX             *ctx;
  SSL                 *ssl;
  GSocket             *socket;
  char                *server_name;
  gboolean             insecure;
  gboolean             capture_wire;
  PortsideTlsObserver  observer;
  gpointer             user_data;
  PortsideTlsInfo     *info;
  gboolean             handshake_done;

  /* The first verification problem, noted while the handshake goes on. */
  int                  verify_code;
  X509                *verify_cert;

  /* What the handshake saw, to explain a failure. */
  int                  server_version;  /* ServerHello.legacy_version, 0 if none */
  int                  alert_received;  /* alert description, -1 if none */

  /* Why reading stopped, reported by the next read when data came first. */
  ReadEnd              read_end;
  GError              *read_error;
};

/* The reason of the last OpenSSL error, or NULL; clears the queue. */
const char   *portside_tls_take_openssl_reason (void);
/* What the socket must become ready for before OpenSSL can go on; 0 when
 * ssl_error is not a "want read/write" but a real end. */
GIOCondition  portside_tls_wanted_condition    (int ssl_error);

G_END_DECLS
