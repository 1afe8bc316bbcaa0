/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by portside-tls.c (the connection) and portside-tls-info.c (what
 * is said about it: certificate details and plain-language reasons).
 */
#pragma once

#include <openssl/ssl.h>
#include "portside-tls.h"

G_BEGIN_DECLS

PortsideCertInfo *portside_cert_info_new_from_x509 (X509       *cert,
                                                    guint       depth);
/* PortsideCertInfo* in depth order; empty when chain is NULL. */
GPtrArray        *portside_tls_describe_chain      (STACK_OF (X509) *chain);
/* Version, cipher, group and ALPN of a finished handshake. */
void              portside_tls_describe_session    (PortsideTlsInfo *info,
                                                    SSL             *ssl);
/* One sentence for an X509_V_ERR_* code; cert is the certificate the
 * error was reported for (may be NULL). */
char             *portside_tls_verify_reason       (int         code,
                                                    X509       *cert,
                                                    const char *server_name);
/* "ClientHello", "HelloRetryRequest"…; length is at least 1. */
const char       *portside_tls_handshake_name      (const guint8 *message,
                                                    gsize         length);
/* The part after "The TLS handshake failed: ". server_version is the
 * ServerHello's version (0 if none), alert the one received (-1 if none). */
char             *portside_tls_explain_failure     (int ssl_error,
                                                    int saved_errno,
                                                    int server_version,
                                                    int alert);

G_END_DECLS
