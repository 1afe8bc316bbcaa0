/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A raw HTTP/1.1 client for the lab tests: plain sockets, or OpenSSL
 * verified against the lab's own CA, so that what the lab sends is seen
 * byte for byte and not through the engine under test; and probes of
 * which addresses accept on a port.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/ssl.h>

#include "portside-lab.h"

G_BEGIN_DECLS

typedef struct
{
  GSocketConnection *connection;
  GSocket           *socket;
  SSL_CTX           *ctx;
  SSL               *ssl;
  GByteArray        *pending;   /* received, not yet consumed */
  guint              reads;
} PortsideTestClient;

typedef struct
{
  guint       interim;   /* a 1xx seen before the final status, or 0 */
  guint       status;
  char       *head;      /* status line and headers, CRLFs included */
  GByteArray *body;      /* as on the wire: chunked stays encoded */
  gboolean    closed;    /* the server closed right after the response */
} PortsideTestResponse;

void                  portside_test_response_free        (PortsideTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideTestResponse, portside_test_response_free)

/* Connected to lab over TCP, blocking with a 20 s read timeout; with tls,
 * SSL is set up for tls_host but the handshake is left to the caller. */
PortsideTestClient   *portside_test_client_new_for       (PortsideLab *lab,
                                                          gboolean     tls,
                                                          const char  *tls_host);
/* Connected to the test process's lab, the handshake done and verified. */
PortsideTestClient   *portside_test_client_new           (gboolean tls);
void                  portside_test_client_free          (PortsideTestClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideTestClient, portside_test_client_free)

void                  portside_test_client_send          (PortsideTestClient *client,
                                                          const char         *text);
/* Appends what one read returned to pending; 0 when the server closed. */
gssize                portside_test_client_fill          (PortsideTestClient *client);
/* The next head, up to and including its blank line, taken from pending. */
char                 *portside_test_client_read_head     (PortsideTestClient *client);
/* Moves everything up to the server's close into response's body. */
void                  portside_test_client_read_to_eof   (PortsideTestClient   *client,
                                                          PortsideTestResponse *response);
/* Reads one response; a body with Content-Length is read exactly, any
 * other (chunked or close-delimited) up to the end of the connection. */
PortsideTestResponse *portside_test_client_read_response (PortsideTestClient *client,
                                                          gboolean            no_body);

/* One request on a new connection that the client asks to close; after the
 * response nothing more may arrive. */
PortsideTestResponse *portside_test_fetch                (gboolean    tls,
                                                          const char *method,
                                                          const char *path,
                                                          const char *extra);

/* The value of header name in head (case-insensitive), or NULL. */
char                 *portside_test_header_value         (const char *head,
                                                          const char *name);
void                  portside_test_assert_header        (const PortsideTestResponse *response,
                                                          const char                 *name,
                                                          const char                 *expected);
void                  portside_test_assert_body          (const PortsideTestResponse *response,
                                                          const char                 *expected);
/* Fails unless data is the lab's /bytes pattern from its first byte. */
void                  portside_test_assert_pattern       (const guint8 *data,
                                                          gsize         length);
/* Decodes a chunked body strictly; returns the payload and the trailer. */
GByteArray           *portside_test_decode_chunked       (const GByteArray  *raw,
                                                          GPtrArray         *sizes,
                                                          char             **trailer);

/* /proc/net/tcp{,6} lists listening sockets (state 0A) with their address
 * in hex: how many listen on port, failing if one is not on loopback (a
 * prefix of that hex). 0 when path cannot be read. */
guint                 portside_test_count_listeners      (const char *path,
                                                          guint16     port,
                                                          const char *loopback);
/* From the outside: no other local IPv4 address accepts on port. */
void                  portside_test_assert_refused_elsewhere (guint16 port);

G_END_DECLS
