/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything Portside says about a TLS connection: the certificates in
 * readable form and, when verification fails, one sentence that names the
 * certificate, the date or the names involved.
 */
#include "portside-tls-private.h"

#include <string.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)

/* ---- small formatting helpers ---- */

static char *
bio_to_string (BIO *bio)
{
  char *data = NULL;
  long length = BIO_get_mem_data (bio, &data);

  return g_strndup (data, length > 0 ? (gsize) length : 0);
}

static char *
name_to_string (const X509_NAME *name)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());

  /* RFC 2253 order and escaping, but keep UTF-8 readable instead of \XX. */
  X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_to_string (bio);
}

static char *
colon_hex (const guint8 *data,
           gsize         length)
{
  GString *text = g_string_sized_new (length * 3);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", data[i]);
  return g_string_free (text, FALSE);
}

/* Certificate strings come from the network: never let a NUL or a control
 * character through to a terminal or a label. */
static char *
printable_copy (const guint8 *data,
                int           length)
{
  char *copy = g_malloc (length + 1);

  for (int i = 0; i < length; i++)
    copy[i] = (data[i] < 0x20 || data[i] == 0x7f) ? '?' : (char) data[i];
  copy[length] = '\0';
  return copy;
}

/* human: "2024-01-02 10:00:00 UTC", otherwise ISO 8601 "2024-01-02T10:00:00Z". */
static char *
time_to_string (const ASN1_TIME *time,
                gboolean         human)
{
  struct tm tm;

  if (time == NULL || !ASN1_TIME_to_tm (time, &tm))
    return g_strdup ("an unreadable date");
  return g_strdup_printf (human ? "%04d-%02d-%02d %02d:%02d:%02d UTC"
                                : "%04d-%02d-%02dT%02d:%02d:%02dZ",
                          tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- one certificate ---- */

static char *
general_name_to_string (const GENERAL_NAME *name)
{
  int type;
  const ASN1_STRING *value = GENERAL_NAME_get0_value (name, &type);
  const guint8 *data = ASN1_STRING_get0_data (value);
  int length = ASN1_STRING_length (value);
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *text = NULL;

  switch (type)
    {
    case GEN_DNS:
      text = printable_copy (data, length);
      return g_strconcat ("DNS:", text, NULL);
    case GEN_EMAIL:
      text = printable_copy (data, length);
      return g_strconcat ("email:", text, NULL);
    case GEN_URI:
      text = printable_copy (data, length);
      return g_strconcat ("URI:", text, NULL);
    case GEN_IPADD:
      if (length != 4 && length != 16)
        return g_strdup ("IP:(malformed)");
      address = g_inet_address_new_from_bytes (data, length == 4 ? G_SOCKET_FAMILY_IPV4
                                                                 : G_SOCKET_FAMILY_IPV6);
      text = g_inet_address_to_string (address);
      return g_strconcat ("IP:", text, NULL);
    default:
      return NULL;
    }
}

static char **
subject_alt_names (X509 *cert)
{
  g_autoptr(GENERAL_NAMES) names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  GPtrArray *result = g_ptr_array_new ();

  for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num (names); i++)
    {
      char *text = general_name_to_string (sk_GENERAL_NAME_value (names, i));

      if (text != NULL)
        g_ptr_array_add (result, text);
    }
  g_ptr_array_add (result, NULL);
  return (char **) g_ptr_array_free (result, FALSE);
}

static void
describe_key (X509             *cert,
              PortsideCertInfo *info)
{
  EVP_PKEY *key = X509_get0_pubkey (cert);
  const char *type;
  char group[64];

  if (key == NULL)
    {
      info->key_type = g_strdup ("unknown");
      return;
    }
  type = EVP_PKEY_get0_type_name (key);
  info->key_bits = MAX (EVP_PKEY_get_bits (key), 0);
  if (EVP_PKEY_is_a (key, "EC") &&
      EVP_PKEY_get_group_name (key, group, sizeof group, NULL))
    info->key_type = g_strdup_printf ("EC (%s)", group);
  else
    info->key_type = g_strdup (type != NULL ? type : "unknown");
}

static void
describe_identity (X509             *cert,
                   PortsideCertInfo *info)
{
  const ASN1_INTEGER *serial = X509_get0_serialNumber (cert);
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());

  if (X509_digest (cert, EVP_sha256 (), digest, &digest_length))
    info->sha256 = colon_hex (digest, digest_length);
  info->serial = colon_hex (ASN1_STRING_get0_data (serial), ASN1_STRING_length (serial));
  info->signature_algorithm = g_strdup (OBJ_nid2ln (X509_get_signature_nid (cert)));
  if (PEM_write_bio_X509 (bio, cert))
    info->pem = bio_to_string (bio);
}

PortsideCertInfo *
portside_cert_info_new_from_x509 (X509  *cert,
                                  guint  depth)
{
  PortsideCertInfo *info = g_new0 (PortsideCertInfo, 1);
  const ASN1_TIME *not_before = X509_get0_notBefore (cert);
  const ASN1_TIME *not_after = X509_get0_notAfter (cert);

  info->depth = depth;
  info->subject = name_to_string (X509_get_subject_name (cert));
  info->issuer = name_to_string (X509_get_issuer_name (cert));
  info->sans = subject_alt_names (cert);
  info->not_before = time_to_string (not_before, FALSE);
  info->not_after = time_to_string (not_after, FALSE);
  info->expired = X509_cmp_current_time (not_after) < 0;
  info->not_yet_valid = X509_cmp_current_time (not_before) > 0;
  info->self_signed = X509_self_signed (cert, 0) == 1;
  describe_key (cert, info);
  describe_identity (cert, info);
  return info;
}

GPtrArray *
portside_tls_describe_chain (STACK_OF (X509) *chain)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) portside_cert_info_free);

  for (int i = 0; chain != NULL && i < sk_X509_num (chain); i++)
    g_ptr_array_add (result, portside_cert_info_new_from_x509 (sk_X509_value (chain, i), i));
  return result;
}

/* ---- the session ---- */

static char *
group_name (SSL *ssl)
{
  int nid = SSL_get_negotiated_group (ssl);
  const char *name = NULL;

  if (nid == NID_undef)
    return NULL;
  if ((nid & TLSEXT_nid_unknown) == 0)
    {
      name = EC_curve_nid2nist (nid);  /* "P-256" reads better than "prime256v1" */
      if (name == NULL)
        name = OBJ_nid2sn (nid);       /* "X25519" */
    }
  if (name == NULL)
    name = SSL_group_to_name (ssl, nid);
  if (name == NULL)
    return g_strdup_printf ("unknown (0x%04x)", nid & 0xffff);
  return g_strdup (name);
}

void
portside_tls_describe_session (PortsideTlsInfo *info,
                               SSL             *ssl)
{
  const SSL_CIPHER *cipher = SSL_get_current_cipher (ssl);
  const unsigned char *alpn = NULL;
  unsigned int alpn_length = 0;

  g_free (info->version);
  info->version = g_strdup (SSL_get_version (ssl));
  g_free (info->cipher);
  info->cipher = NULL;
  if (cipher != NULL)
    {
      /* The IANA name is the one specifications and Wireshark use. */
      const char *name = SSL_CIPHER_standard_name (cipher);

      info->cipher = g_strdup (name != NULL ? name : SSL_CIPHER_get_name (cipher));
    }
  g_free (info->group);
  info->group = group_name (ssl);
  SSL_get0_alpn_selected (ssl, &alpn, &alpn_length);
  g_free (info->alpn);
  info->alpn = alpn_length > 0 ? printable_copy (alpn, alpn_length) : NULL;
}

/* ---- reasons ---- */

static char *
names_in_certificate (X509 *cert)
{
  g_auto(GStrv) sans = subject_alt_names (cert);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; sans[i] != NULL; i++)
    if (g_str_has_prefix (sans[i], "DNS:") || g_str_has_prefix (sans[i], "IP:"))
      g_ptr_array_add (names, strchr (sans[i], ':') + 1);
  if (names->len == 0)
    {
      g_autofree char *subject = name_to_string (X509_get_subject_name (cert));

      return g_strdup_printf ("no host name (its subject is %s)", subject);
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static char *
name_mismatch_reason (X509       *cert,
                      const char *server_name)
{
  g_autofree char *names = cert != NULL ? names_in_certificate (cert) : g_strdup ("another name");

  return g_strdup_printf ("Name does not match: the certificate is for %s, not %s",
                          names, server_name != NULL ? server_name : "the requested host");
}

static const char *
digest_label (X509 *cert)
{
  int md_nid = NID_undef;

  if (!X509_get_signature_info (cert, &md_nid, NULL, NULL, NULL))
    return "unknown";
  switch (md_nid)
    {
    case NID_sha1: return "SHA-1";
    case NID_md5: return "MD5";
    case NID_md5_sha1: return "MD5+SHA-1";
    case NID_md4: return "MD4";
    default: return md_nid != NID_undef ? OBJ_nid2sn (md_nid) : "unknown";
    }
}

static char *
key_reason (X509       *cert,
            const char *subject)
{
  PortsideCertInfo info = { 0 };
  char *reason;

  describe_key (cert, &info);
  reason = g_strdup_printf ("Key too small (%s %u bits): the certificate %s is below the "
                            "security level Portside requires", info.key_type,
                            info.key_bits, subject);
  g_free (info.key_type);
  return reason;
}

static char *
issuer_reason (int   code,
               X509 *cert)
{
  g_autofree char *issuer = name_to_string (X509_get_issuer_name (cert));

  return g_strdup_printf ("The issuer %s is not trusted (%s): the chain may be incomplete "
                          "or signed by an unknown CA", issuer,
                          X509_verify_cert_error_string (code));
}

static char *
date_reason (const char      *what,
             const ASN1_TIME *time,
             const char      *subject)
{
  g_autofree char *date = time_to_string (time, TRUE);

  return g_strdup_printf ("The certificate %s %s (subject %s)", what, date, subject);
}

char *
portside_tls_verify_reason (int         code,
                            X509       *cert,
                            const char *server_name)
{
  g_autofree char *subject = NULL;

  if (code == X509_V_ERR_HOSTNAME_MISMATCH || code == X509_V_ERR_IP_ADDRESS_MISMATCH)
    return name_mismatch_reason (cert, server_name);
  if (cert == NULL)
    return g_strdup_printf ("The certificate could not be verified: %s",
                            X509_verify_cert_error_string (code));

  subject = name_to_string (X509_get_subject_name (cert));
  switch (code)
    {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return date_reason ("expired on",
                          X509_get0_notAfter (cert), subject);
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return date_reason ("is not valid until",
                          X509_get0_notBefore (cert), subject);
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return g_strdup_printf ("Self-signed certificate: nobody vouches for it (subject %s)",
                              subject);
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return g_strdup_printf ("Self-signed certificate in the chain: the root %s is not trusted",
                              subject);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return issuer_reason (code, cert);
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
      return key_reason (cert, subject);
    case X509_V_ERR_CA_MD_TOO_WEAK:
      return g_strdup_printf ("Signature algorithm too weak (%s): the certificate %s is signed "
                              "with a digest that can be forged", digest_label (cert), subject);
    case X509_V_ERR_INVALID_CA:
      return g_strdup_printf ("The certificate %s signs other certificates but is not a CA",
                              subject);
    case X509_V_ERR_INVALID_PURPOSE:
      return g_strdup_printf ("The certificate %s is not meant for a TLS server", subject);
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      return g_strdup_printf ("The signature on the certificate %s does not verify: it was "
                              "altered or signed by another key", subject);
    case X509_V_ERR_CERT_REVOKED:
      return g_strdup_printf ("The certificate %s has been revoked", subject);
    default:
      return g_strdup_printf ("The certificate could not be verified: %s (subject %s)",
                              X509_verify_cert_error_string (code), subject);
    }
}

/* ---- the handshake ---- */

/* Fixed ServerHello.random of a HelloRetryRequest (RFC 8446, 4.1.3). */
static const guint8 hello_retry_random[32] = {
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

const char *
portside_tls_handshake_name (const guint8 *message,
                             gsize         length)
{
  switch (message[0])
    {
    case SSL3_MT_HELLO_REQUEST: return "HelloRequest";
    case SSL3_MT_CLIENT_HELLO: return "ClientHello";
    case SSL3_MT_SERVER_HELLO:
      if (length >= 38 && memcmp (message + 6, hello_retry_random, 32) == 0)
        return "HelloRetryRequest";
      return "ServerHello";
    case SSL3_MT_NEWSESSION_TICKET: return "NewSessionTicket";
    case SSL3_MT_END_OF_EARLY_DATA: return "EndOfEarlyData";
    case SSL3_MT_ENCRYPTED_EXTENSIONS: return "EncryptedExtensions";
    case SSL3_MT_CERTIFICATE: return "Certificate";
    case SSL3_MT_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
    case SSL3_MT_CERTIFICATE_REQUEST: return "CertificateRequest";
    case SSL3_MT_SERVER_DONE: return "ServerHelloDone";
    case SSL3_MT_CERTIFICATE_VERIFY: return "CertificateVerify";
    case SSL3_MT_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
    case SSL3_MT_FINISHED: return "Finished";
    case SSL3_MT_CERTIFICATE_STATUS: return "CertificateStatus";
    case SSL3_MT_KEY_UPDATE: return "KeyUpdate";
    default: return "unknown handshake message";
    }
}

static const char *
version_label (int version)
{
  switch (version)
    {
    case SSL3_VERSION: return "SSL 3.0";
    case TLS1_VERSION: return "TLS 1.0";
    case TLS1_1_VERSION: return "TLS 1.1";
    default: return "an obsolete protocol version";
    }
}

static char *
explain_alert (int alert)
{
  const char *meaning = NULL;

  /* A server answering with this alert found no common version; since
   * Portside offers the newest, the server only speaks older ones. */
  if (alert == SSL_AD_PROTOCOL_VERSION)
    meaning = ": it refused TLS 1.2 and 1.3, so it probably speaks only versions below "
              "Portside's minimum of TLS 1.2";
  else if (alert == SSL_AD_HANDSHAKE_FAILURE)
    meaning = ": it found no cipher or key exchange in common with Portside";
  return g_strdup_printf ("the server sent the alert “%s”%s",
                          SSL_alert_desc_string_long (alert), meaning ? meaning : "");
}

char *
portside_tls_explain_failure (int ssl_error,
                              int saved_errno,
                              int server_version,
                              int alert)
{
  unsigned long code = ERR_peek_last_error ();
  const char *reason = ERR_reason_error_string (code);

  if (server_version != 0 && server_version < TLS1_2_VERSION)
    return g_strdup_printf ("the server offered %s, which is below Portside's minimum of TLS 1.2",
                            version_label (server_version));
  if (alert >= 0)
    return explain_alert (alert);
  if (ERR_GET_REASON (code) == SSL_R_WRONG_VERSION_NUMBER ||
      ERR_GET_REASON (code) == SSL_R_PACKET_LENGTH_TOO_LONG)
    return g_strdup_printf ("%s: the server does not seem to speak TLS on this port", reason);
  if (ERR_GET_REASON (code) == SSL_R_UNEXPECTED_EOF_WHILE_READING ||
      (ssl_error == SSL_ERROR_SYSCALL && code == 0 && saved_errno == 0))
    return g_strdup ("the server closed the connection in the middle of it");
  if (ssl_error == SSL_ERROR_SYSCALL && code == 0)
    return g_strdup (g_strerror (saved_errno));
  return g_strdup (reason != NULL ? reason : "unknown error");
}

/* ---- copy and free ---- */

PortsideCertInfo *
portside_cert_info_copy (const PortsideCertInfo *info)
{
  PortsideCertInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->subject = g_strdup (info->subject);
  copy->issuer = g_strdup (info->issuer);
  copy->sans = g_strdupv (info->sans);
  copy->not_before = g_strdup (info->not_before);
  copy->not_after = g_strdup (info->not_after);
  copy->key_type = g_strdup (info->key_type);
  copy->signature_algorithm = g_strdup (info->signature_algorithm);
  copy->sha256 = g_strdup (info->sha256);
  copy->serial = g_strdup (info->serial);
  copy->pem = g_strdup (info->pem);
  return copy;
}

void
portside_cert_info_free (PortsideCertInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->subject);
  g_free (info->issuer);
  g_strfreev (info->sans);
  g_free (info->not_before);
  g_free (info->not_after);
  g_free (info->key_type);
  g_free (info->signature_algorithm);
  g_free (info->sha256);
  g_free (info->serial);
  g_free (info->pem);
  g_free (info);
}

PortsideTlsInfo *
portside_tls_info_copy (const PortsideTlsInfo *info)
{
  PortsideTlsInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->version = g_strdup (info->version);
  copy->cipher = g_strdup (info->cipher);
  copy->group = g_strdup (info->group);
  copy->alpn = g_strdup (info->alpn);
  copy->verify_reason = g_strdup (info->verify_reason);
  copy->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) portside_cert_info_free);
  for (guint i = 0; info->chain != NULL && i < info->chain->len; i++)
    g_ptr_array_add (copy->chain, portside_cert_info_copy (g_ptr_array_index (info->chain, i)));
  return copy;
}

void
portside_tls_info_free (PortsideTlsInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->version);
  g_free (info->cipher);
  g_free (info->group);
  g_free (info->alpn);
  g_free (info->verify_reason);
  g_clear_pointer (&info->chain, g_ptr_array_unref);
  g_free (info);
}
