/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small HTTPS server for the certificate tests: it presents exactly the
 * certificate and chain it is given, optionally only old TLS versions, and
 * answers every request with PORTSIDE_CERT_SERVER_BODY. One thread serves
 * the connections one after another until the server is freed.
 */
#pragma once

#include "portside-lab-cert.h"

G_BEGIN_DECLS

#define PORTSIDE_CERT_SERVER_BODY "certificate matrix\n"

typedef struct _PortsideCertServer PortsideCertServer;

/* chain: the certificates sent after the leaf, NULL-terminated (may be NULL).
 * max_version: e.g. TLS1_1_VERSION, or 0 for whatever OpenSSL allows. The
 * server runs at security level 0, so it can offer what a client must refuse. */
PortsideCertServer *portside_cert_server_new      (const PortsideCert        *leaf,
                                                   const PortsideCert *const *chain,
                                                   int                        max_version);
void                portside_cert_server_free     (PortsideCertServer *self);
guint16             portside_cert_server_get_port (PortsideCertServer *self);
/* Connections whose handshake completed, so far. */
guint               portside_cert_server_get_handshakes (PortsideCertServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideCertServer, portside_cert_server_free)

G_END_DECLS
