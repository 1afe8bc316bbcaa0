/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-lab-cert.h"
#include "portside-error.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)

/* Used when a spec leaves both ends of the validity at 0. */
#define DEFAULT_NOT_BEFORE (-60 * 60)
#define DEFAULT_NOT_AFTER  (30 * 24 * 60 * 60)

/* Sets error from the most recent OpenSSL error, then clears the queue so
 * a later failure does not report this one. */
static gboolean
set_openssl_error (GError    **error,
                   const char *what)
{
  unsigned long code = ERR_peek_last_error ();
  const char *reason = code != 0 ? ERR_reason_error_string (code) : NULL;

  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS, "Could not %s: %s",
               what, reason != NULL ? reason : "unknown OpenSSL error");
  ERR_clear_error ();
  return FALSE;
}

static EVP_PKEY *
generate_key (guint rsa_bits)
{
  if (rsa_bits > 0)
    return EVP_PKEY_Q_keygen (NULL, NULL, "RSA", (size_t) rsa_bits);
  return EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");
}

/* A random positive 159-bit serial, as CAs do so serials never collide. */
static gboolean
set_random_serial (X509 *cert)
{
  g_autoptr(BIGNUM) bn = BN_new ();
  ASN1_INTEGER *serial;

  if (bn == NULL || !BN_rand (bn, 159, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY))
    return FALSE;
  serial = BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (cert));
  return serial != NULL;
}

static gboolean
set_names (X509               *cert,
           const char         *common_name,
           const PortsideCert *issuer)
{
  X509_NAME *subject = X509_get_subject_name (cert);

  if (common_name != NULL &&
      !X509_NAME_add_entry_by_txt (subject, "CN", MBSTRING_UTF8,
                                   (const unsigned char *) common_name, -1, -1, 0))
    return FALSE;
  if (issuer != NULL)
    return X509_set_issuer_name (cert, X509_get_subject_name (issuer->cert));
  return X509_set_issuer_name (cert, subject);
}

static gboolean
set_validity (X509                   *cert,
              const PortsideCertSpec *spec)
{
  gint64 not_before = spec->not_before;
  gint64 not_after = spec->not_after;

  if (not_before == 0 && not_after == 0)
    {
      not_before = DEFAULT_NOT_BEFORE;
      not_after = DEFAULT_NOT_AFTER;
    }
  return X509_gmtime_adj (X509_getm_notBefore (cert), (long) not_before) != NULL &&
         X509_gmtime_adj (X509_getm_notAfter (cert), (long) not_after) != NULL;
}

static gboolean
add_general_name (GENERAL_NAMES *names,
                  int            type,
                  const char    *value)
{
  GENERAL_NAME *name = GENERAL_NAME_new ();
  ASN1_STRING *data;

  if (type == GEN_IPADD)
    data = a2i_IPADDRESS (value);
  else
    {
      data = ASN1_IA5STRING_new ();
      if (data != NULL && !ASN1_STRING_set (data, value, -1))
        g_clear_pointer (&data, ASN1_STRING_free);
    }
  if (name == NULL || data == NULL || !sk_GENERAL_NAME_push (names, name))
    {
      GENERAL_NAME_free (name);
      ASN1_STRING_free (data);
      return FALSE;
    }
  GENERAL_NAME_set0_value (name, type, data);
  return TRUE;
}

static gboolean
add_subject_alt_names (X509                   *cert,
                       const PortsideCertSpec *spec)
{
  g_autoptr(GENERAL_NAMES) names = sk_GENERAL_NAME_new_null ();

  if (names == NULL)
    return FALSE;
  for (guint i = 0; spec->dns_names != NULL && spec->dns_names[i] != NULL; i++)
    if (!add_general_name (names, GEN_DNS, spec->dns_names[i]))
      return FALSE;
  for (guint i = 0; spec->ip_addresses != NULL && spec->ip_addresses[i] != NULL; i++)
    if (!add_general_name (names, GEN_IPADD, spec->ip_addresses[i]))
      return FALSE;
  if (sk_GENERAL_NAME_num (names) == 0)
    return TRUE;
  return X509_add1_ext_i2d (cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
}

static gboolean
add_extension (X509          *cert,
               X509V3_CTX    *ctx,
               int            nid,
               const char    *value)
{
  g_autoptr(X509_EXTENSION) ext = X509V3_EXT_conf_nid (NULL, ctx, nid, value);

  return ext != NULL && X509_add_ext (cert, ext, -1);
}

static gboolean
add_extensions (X509                   *cert,
                const PortsideCertSpec *spec,
                const PortsideCert     *issuer)
{
  X509V3_CTX ctx;
  const char *usage;

  X509V3_set_ctx (&ctx, issuer != NULL ? issuer->cert : cert, cert, NULL, NULL, 0);
  /* A self-signed leaf needs keyCertSign too: OpenSSL only counts a
   * certificate as self-signed when its key may sign certificates. */
  if (spec->is_ca || issuer == NULL)
    usage = "critical,keyCertSign,cRLSign,digitalSignature";
  else if (spec->rsa_bits > 0)
    usage = "critical,digitalSignature,keyEncipherment";
  else
    usage = "critical,digitalSignature";

  return add_extension (cert, &ctx, NID_basic_constraints,
                        spec->is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE") &&
         add_extension (cert, &ctx, NID_key_usage, usage) &&
         (spec->is_ca || add_extension (cert, &ctx, NID_ext_key_usage, "serverAuth")) &&
         add_extension (cert, &ctx, NID_subject_key_identifier, "hash") &&
         add_extension (cert, &ctx, NID_authority_key_identifier, "keyid") &&
         add_subject_alt_names (cert, spec);
}

static gboolean
build_certificate (X509                   *cert,
                   EVP_PKEY               *key,
                   const PortsideCertSpec *spec,
                   const PortsideCert     *issuer,
                   GError                **error)
{
  const EVP_MD *md = EVP_get_digestbyname (spec->digest != NULL ? spec->digest : "SHA256");

  if (md == NULL)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE,
                   "Unknown signature digest “%s”", spec->digest);
      return FALSE;
    }
  if (!X509_set_version (cert, X509_VERSION_3) ||
      !set_random_serial (cert) ||
      !set_names (cert, spec->common_name, issuer) ||
      !set_validity (cert, spec) ||
      !X509_set_pubkey (cert, key) ||
      !add_extensions (cert, spec, issuer))
    return set_openssl_error (error, "build the certificate");
  if (X509_sign (cert, issuer != NULL ? issuer->key : key, md) <= 0)
    return set_openssl_error (error, "sign the certificate");
  return TRUE;
}

PortsideCert *
portside_cert_generate (const PortsideCertSpec *spec,
                        const PortsideCert     *issuer,
                        GError                **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;
  PortsideCert *result;

  g_return_val_if_fail (spec != NULL, NULL);

  key = generate_key (spec->rsa_bits);
  if (key == NULL)
    {
      set_openssl_error (error, "generate a key");
      return NULL;
    }
  cert = X509_new ();
  if (cert == NULL || !build_certificate (cert, key, spec, issuer, error))
    return NULL;

  result = g_new0 (PortsideCert, 1);
  result->cert = g_steal_pointer (&cert);
  result->key = g_steal_pointer (&key);
  return result;
}

void
portside_cert_free (PortsideCert *cert)
{
  if (cert == NULL)
    return;
  X509_free (cert->cert);
  EVP_PKEY_free (cert->key);
  g_free (cert);
}

/* Opens path for writing with the given mode from the start, so a key is
 * never readable by others even for a moment. */
static FILE *
open_for_writing (const char *path,
                  int         mode,
                  GError    **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  FILE *file;

  if (fd < 0 || fchmod (fd, mode) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                   "Cannot write “%s”: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  file = fdopen (fd, "w");
  if (file == NULL)
    close (fd);
  return file;
}

static gboolean
write_pem_file (const char *path,
                int         mode,
                X509       *cert,
                EVP_PKEY   *key,
                GError    **error)
{
  FILE *file = open_for_writing (path, mode, error);
  gboolean ok;

  if (file == NULL)
    return FALSE;
  if (cert != NULL)
    ok = PEM_write_X509 (file, cert);
  else
    ok = PEM_write_PrivateKey (file, key, NULL, NULL, 0, NULL, NULL);
  ok = (fclose (file) == 0) && ok;
  if (!ok)
    g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                 "Cannot write “%s”: %s", path, g_strerror (errno));
  return ok;
}

gboolean
portside_cert_write_pem (const PortsideCert *cert,
                         const char         *cert_path,
                         const char         *key_path,
                         GError            **error)
{
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (cert_path != NULL, FALSE);

  if (!write_pem_file (cert_path, 0644, cert->cert, NULL, error))
    return FALSE;
  return key_path == NULL || write_pem_file (key_path, 0600, NULL, cert->key, error);
}

PortsideCert *
portside_cert_generate_lab (GError **error)
{
  static const char *const dns_names[] = { "localhost", NULL };
  static const char *const ip_addresses[] = { "127.0.0.1", "::1", NULL };
  PortsideCertSpec spec = {
    .common_name = "Portside lab",
    .dns_names = dns_names,
    .ip_addresses = ip_addresses,
    .not_before = DEFAULT_NOT_BEFORE,
    .not_after = DEFAULT_NOT_AFTER,
  };

  return portside_cert_generate (&spec, NULL, error);
}
