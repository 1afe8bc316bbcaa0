/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The far end for test-tls: certificates made on the spot (a private CA and
 * leaves for localhost and 127.0.0.1) and a tiny OpenSSL server that accepts
 * one connection on a thread and answers it in one of several ways.
 */
#pragma once

#include <gio/gio.h>

#include "portside-lab-cert.h"

G_BEGIN_DECLS

/* What the server answers over TLS, or in plain text for SERVE_PLAIN. */
#define TLS_TEST_RESPONSE "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"

typedef enum
{
  SERVE_RESPOND,   /* read the request, answer, close_notify */
  SERVE_TLS12,     /* the same, with TLS 1.2 at most */
  SERVE_TRUNCATE,  /* answer, then close without close_notify */
  SERVE_SILENT,    /* accept nothing, say nothing */
  SERVE_PLAIN,     /* answer in plain HTTP, as on the wrong port */
  SERVE_TLS10,     /* only TLS 1.0, refusing a ClientHello for 1.2 and 1.3 */
  SERVE_OLD_HELLO, /* a ServerHello for TLS 1.0, as a server that knows nothing newer */
} TlsServeMode;

typedef struct _TlsTestServer TlsTestServer;

/* Listens on 127.0.0.1. cert is NULL for the modes that never reach a TLS
 * handshake; chain, if not NULL, is sent after cert. */
TlsTestServer *tls_test_server_start   (const PortsideCert *cert,
                                        const PortsideCert *chain,
                                        TlsServeMode        mode);
void           tls_test_server_stop    (TlsTestServer *server);
/* A connected, non-blocking client socket, as the engine would have one. */
GSocket       *tls_test_server_connect (TlsTestServer *server);

typedef struct
{
  char         *dir;
  char         *ca_file;      /* the CA as PEM, in dir */
  PortsideCert *ca;
  PortsideCert *leaf;         /* from the CA, for localhost and 127.0.0.1 */
  PortsideCert *self_signed;
  PortsideCert *expired;
} TlsTestCerts;

void          tls_test_certs_init      (TlsTestCerts *certs);
/* Also removes the files the tests write into dir. */
void          tls_test_certs_clear     (TlsTestCerts *certs);
/* A leaf from the CA with one thing changed: the key size or the digest. */
PortsideCert *tls_test_certs_weak_leaf (const TlsTestCerts *certs,
                                        guint               rsa_bits,
                                        const char         *digest);

G_END_DECLS
