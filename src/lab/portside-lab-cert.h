/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates made on the spot with OpenSSL: the lab server's self-signed
 * certificate, and (for the tests' certificate matrix) a private CA with
 * leaves that are expired, for the wrong name, weakly keyed, and so on.
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef struct
{
  const char        *common_name;
  const char *const *dns_names;     /* subjectAltName DNS entries, NULL-terminated */
  const char *const *ip_addresses;  /* subjectAltName IP entries */
  gint64             not_before;    /* seconds relative to now (negative = past) */
  gint64             not_after;     /* seconds relative to now */
  guint              rsa_bits;      /* 0 = an EC P-256 key */
  const char        *digest;        /* "SHA256" (default), "SHA1" */
  gboolean           is_ca;
} PortsideCertSpec;

typedef struct
{
  X509     *cert;
  EVP_PKEY *key;
} PortsideCert;

/* issuer NULL: self-signed. */
PortsideCert *portside_cert_generate   (const PortsideCertSpec *spec,
                                        const PortsideCert     *issuer,
                                        GError                **error);
void          portside_cert_free       (PortsideCert *cert);
/* Writes the certificate (and, when key_path is not NULL, the key) as PEM. */
gboolean      portside_cert_write_pem  (const PortsideCert *cert,
                                        const char         *cert_path,
                                        const char         *key_path,
                                        GError            **error);
/* The lab's certificate: self-signed, for localhost, 127.0.0.1 and ::1. */
PortsideCert *portside_cert_generate_lab (GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideCert, portside_cert_free)

G_END_DECLS
