/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TLS client. Verification runs with a callback that notes the first
 * problem but lets the handshake finish, so the whole peer chain can be
 * shown even for a bad certificate; the verdict is applied afterwards and no
 * byte of HTTP is sent over a connection that failed it (unless insecure).
 *
 * This file sets the connection up and runs the handshake; reading and
 * writing over it afterwards is in portside-tls-io.c.
 */
#include "portside-tls-client-private.h"
#include "portside-error.h"
#include "portside-socket.h"

#include <errno.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

/* With read-ahead, one recv() can bring several records; a big buffer
 * means fewer system calls when a large body streams in. */
#define READ_BUFFER_SIZE (256 * 1024)

/* ---- errors ---- */

const char *
portside_tls_take_openssl_reason (void)
{
  const char *reason = ERR_reason_error_string (ERR_peek_last_error ());

  ERR_clear_error ();
  return reason;
}

static gboolean
set_cancelled_if_needed (GCancellable *cancellable,
                         GError      **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED, "Cancelled");
  return TRUE;
}

/* ---- the context ---- */

static int record_verify_result (int ok, X509_STORE_CTX *store);

static gboolean
load_ca_file (SSL_CTX    *ctx,
              const char *ca_file,
              GError    **error)
{
  FILE *file = fopen (ca_file, "r");
  const char *reason;

  if (file == NULL)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE,
                   "Cannot read the CA file “%s”: %s", ca_file, g_strerror (errno));
      return FALSE;
    }
  fclose (file);
  if (SSL_CTX_load_verify_file (ctx, ca_file))
    return TRUE;
  if (ERR_GET_REASON (ERR_peek_last_error ()) == X509_R_NO_CERTIFICATE_OR_CRL_FOUND)
    {
      ERR_clear_error ();
      reason = NULL;
    }
  else
    reason = portside_tls_take_openssl_reason ();
  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE,
               "Cannot read the CA file “%s”: %s", ca_file,
               reason != NULL ? reason : "it holds no PEM certificate");
  return FALSE;
}

static SSL_CTX *
create_context (const char *ca_file,
                GError    **error)
{
  static const unsigned char alpn[] = "\x08http/1.1";
  SSL_CTX *ctx = SSL_CTX_new (TLS_client_method ());

  if (ctx == NULL)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS,
                   "Cannot set up TLS: %s", portside_tls_take_openssl_reason ());
      return NULL;
    }
  SSL_CTX_set_min_proto_version (ctx, TLS1_2_VERSION);
  /* Level 2 everywhere (Debian's default, not upstream 3.0's), so that an
   * RSA 1024 key or a SHA-1 signature is refused whatever the platform. */
  if (SSL_CTX_get_security_level (ctx) < 2)
    SSL_CTX_set_security_level (ctx, 2);
  SSL_CTX_set_verify (ctx, SSL_VERIFY_PEER, record_verify_result);
  SSL_CTX_set_read_ahead (ctx, 1);
  SSL_CTX_set_default_read_buffer_len (ctx, READ_BUFFER_SIZE);
  SSL_CTX_set_mode (ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  /* The browsers' order, for TLS 1.3 and 1.2 alike: AES-128-GCM first is as
   * safe in practice and a third cheaper for both ends, which shows when a
   * gigabyte comes through. The rest of OpenSSL's defaults follow. */
  SSL_CTX_set_ciphersuites (ctx, "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:"
                                 "TLS_AES_256_GCM_SHA384");
  SSL_CTX_set_cipher_list (ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                "DEFAULT");
  SSL_CTX_set_alpn_protos (ctx, alpn, sizeof alpn - 1);
  SSL_CTX_set_default_verify_paths (ctx);
  ERR_clear_error ();  /* a missing system store is not an error by itself */
  if (ca_file != NULL && !load_ca_file (ctx, ca_file, error))
    g_clear_pointer (&ctx, SSL_CTX_free);
  return ctx;
}

/* "[::1]" → "::1", "example.org." → "example.org", Unicode → punycode. */
static char *
normalize_server_name (const char *name)
{
  g_autofree char *plain = NULL;
  gsize length;

  if (name == NULL || name[0] == '\0')
    return NULL;
  length = strlen (name);
  if (name[0] == '[' && name[length - 1] == ']')
    return g_strndup (name + 1, length - 2);
  plain = g_strndup (name, name[length - 1] == '.' ? length - 1 : length);
  if (g_hostname_is_non_ascii (plain))
    return g_hostname_to_ascii (plain);
  return g_steal_pointer (&plain);
}

PortsideTls *
portside_tls_new (const PortsideTlsOptions  *options,
                  const PortsideTlsObserver *observer,
                  gpointer                   user_data,
                  GError                   **error)
{
  g_autoptr(PortsideTls) tls = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  tls = g_new0 (PortsideTls, 1);
  tls->server_name = normalize_server_name (options->server_name);
  tls->insecure = options->insecure;
  tls->capture_wire = options->capture_wire;
  if (observer != NULL)
    tls->observer = *observer;
  tls->user_data = user_data;
  tls->verify_code = X509_V_OK;
  tls->alert_received = -1;
  tls->ctx = create_context (options->ca_file, error);
  if (tls->ctx == NULL)
    return NULL;
  return g_steal_pointer (&tls);
}

void
portside_tls_free (PortsideTls *tls)
{
  if (tls == NULL)
    return;
  g_clear_pointer (&tls->ssl, SSL_free);
  g_clear_pointer (&tls->ctx, SSL_CTX_free);
  g_clear_object (&tls->socket);
  g_clear_pointer (&tls->verify_cert, X509_free);
  g_clear_pointer (&tls->info, portside_tls_info_free);
  g_clear_error (&tls->read_error);
  g_free (tls->server_name);
  g_free (tls);
}

const PortsideTlsInfo *
portside_tls_get_info (PortsideTls *tls)
{
  g_return_val_if_fail (tls != NULL, NULL);
  return tls->info;
}

/* ---- callbacks ---- */

static int
record_verify_result (int             ok,
                      X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  PortsideTls *tls = SSL_get_app_data (ssl);

  if (!ok && tls->verify_code == X509_V_OK)
    {
      X509 *cert = X509_STORE_CTX_get_current_cert (store);

      tls->verify_code = X509_STORE_CTX_get_error (store);
      if (cert != NULL && X509_up_ref (cert))
        tls->verify_cert = cert;
    }
  /* Go on: the verdict is applied once the whole chain has been seen. */
  return 1;
}

static void
note_handshake (PortsideTls  *tls,
                gboolean      sent,
                const guint8 *message,
                gsize         length,
                char         *name,
                gsize         name_size)
{
  if (length == 0)
    {
      g_strlcpy (name, "empty handshake message", name_size);
      return;
    }
  /* Remembered to explain "unsupported protocol" in plain words. */
  if (!sent && message[0] == SSL3_MT_SERVER_HELLO && length >= 6)
    tls->server_version = (message[4] << 8) | message[5];
  g_strlcpy (name, portside_tls_handshake_name (message, length), name_size);
}

static void
note_alert (PortsideTls  *tls,
            gboolean      sent,
            const guint8 *alert,
            gsize         length,
            char         *name,
            gsize         name_size)
{
  if (length < 2)
    {
      g_strlcpy (name, "malformed alert", name_size);
      return;
    }
  if (!sent && tls->alert_received < 0)
    tls->alert_received = alert[1];
  g_snprintf (name, name_size, "%s (%s)", SSL_alert_desc_string_long (alert[1]),
              alert[0] == SSL3_AL_FATAL ? "fatal" : "warning");
}

static void
on_ssl_message (int         write_p,
                int         version,
                int         content_type,
                const void *buf,
                size_t      len,
                SSL        *ssl,
                void       *arg)
{
  PortsideTls *tls = arg;
  const char *type;
  char name[96];

  switch (content_type)
    {
    case SSL3_RT_HANDSHAKE:
      type = "handshake";
      note_handshake (tls, write_p, buf, len, name, sizeof name);
      break;
    case SSL3_RT_ALERT:
      type = "alert";
      note_alert (tls, write_p, buf, len, name, sizeof name);
      break;
    case SSL3_RT_CHANGE_CIPHER_SPEC:
      type = "change_cipher_spec";
      g_strlcpy (name, "ChangeCipherSpec", sizeof name);
      break;
    default:
      return;  /* record headers and inner content types are not messages */
    }
  if (tls->observer.on_message != NULL)
    tls->observer.on_message (tls->user_data, write_p, type, name, len);
}

/* Only installed when capture_wire is set, so it costs nothing otherwise. */
static long
on_wire_bytes (BIO        *bio,
               int         oper,
               const char *argp,
               size_t      len,
               int         argi,
               long        argl,
               int         ret,
               size_t     *processed)
{
  PortsideTls *tls = (PortsideTls *) BIO_get_callback_arg (bio);

  if (ret <= 0 || processed == NULL || *processed == 0 || tls->observer.on_record == NULL)
    return ret;
  if (oper == (BIO_CB_READ | BIO_CB_RETURN))
    tls->observer.on_record (tls->user_data, FALSE, (const guint8 *) argp, *processed);
  else if (oper == (BIO_CB_WRITE | BIO_CB_RETURN))
    tls->observer.on_record (tls->user_data, TRUE, (const guint8 *) argp, *processed);
  return ret;
}

/* ---- the handshake ---- */

static gboolean
set_peer_name (PortsideTls *tls)
{
  X509_VERIFY_PARAM *param = SSL_get0_param (tls->ssl);

  if (tls->server_name == NULL)
    return TRUE;
  X509_VERIFY_PARAM_set_hostflags (param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  /* SNI carries host names only (RFC 6066, 3); an address is checked
   * against the certificate's IP entries instead. */
  if (g_hostname_is_ip_address (tls->server_name))
    return X509_VERIFY_PARAM_set1_ip_asc (param, tls->server_name);
  return SSL_set_tlsext_host_name (tls->ssl, tls->server_name) &&
         X509_VERIFY_PARAM_set1_host (param, tls->server_name, 0);
}

static gboolean
setup_connection (PortsideTls *tls,
                  GSocket     *socket,
                  GError     **error)
{
  tls->ssl = SSL_new (tls->ctx);
  if (tls->ssl == NULL || !SSL_set_fd (tls->ssl, g_socket_get_fd (socket)) ||
      !set_peer_name (tls))
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS,
                   "Cannot set up TLS for “%s”: %s", tls->server_name,
                   portside_tls_take_openssl_reason ());
      return FALSE;
    }
  tls->socket = g_object_ref (socket);
  SSL_set_app_data (tls->ssl, tls);
  SSL_set_msg_callback (tls->ssl, on_ssl_message);
  SSL_set_msg_callback_arg (tls->ssl, tls);
  if (tls->capture_wire)
    {
      BIO *bio = SSL_get_rbio (tls->ssl);  /* SSL_set_fd uses one BIO both ways */

      BIO_set_callback_ex (bio, on_wire_bytes);
      BIO_set_callback_arg (bio, (char *) tls);
    }
  tls->info = g_new0 (PortsideTlsInfo, 1);
  tls->info->insecure = tls->insecure;
  tls->info->chain = portside_tls_describe_chain (NULL);
  return TRUE;
}

GIOCondition
portside_tls_wanted_condition (int ssl_error)
{
  if (ssl_error == SSL_ERROR_WANT_READ)
    return G_IO_IN;
  if (ssl_error == SSL_ERROR_WANT_WRITE)
    return G_IO_OUT;
  return 0;
}

/* Fills the chain and the verification result from what was received. */
static void
describe_peer (PortsideTls *tls)
{
  PortsideTlsInfo *info = tls->info;
  long result = SSL_get_verify_result (tls->ssl);

  g_clear_pointer (&info->chain, g_ptr_array_unref);
  info->chain = portside_tls_describe_chain (SSL_get_peer_cert_chain (tls->ssl));
  /* Belt and braces: OpenSSL's own verdict counts if the callback saw none. */
  if (tls->verify_code == X509_V_OK && tls->handshake_done && result != X509_V_OK)
    {
      tls->verify_code = (int) result;
      tls->verify_cert = SSL_get1_peer_certificate (tls->ssl);
    }
  if (tls->verify_code == X509_V_OK && tls->handshake_done &&
      SSL_get0_peer_certificate (tls->ssl) == NULL)
    tls->verify_code = X509_V_ERR_UNSPECIFIED;
  info->verify_code = tls->verify_code;
  info->verified = tls->handshake_done && tls->verify_code == X509_V_OK;
  g_clear_pointer (&info->verify_reason, g_free);
  if (tls->verify_code != X509_V_OK)
    info->verify_reason = portside_tls_verify_reason (tls->verify_code, tls->verify_cert,
                                                      tls->server_name);
}

static gboolean
fail_handshake (PortsideTls *tls,
                int          ssl_error,
                int          saved_errno,
                GError     **error)
{
  g_autofree char *detail = portside_tls_explain_failure (ssl_error, saved_errno,
                                                          tls->server_version,
                                                          tls->alert_received);

  ERR_clear_error ();
  describe_peer (tls);
  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS, "The TLS handshake failed: %s", detail);
  return FALSE;
}

static gboolean
run_handshake (PortsideTls  *tls,
               gint64        deadline,
               GCancellable *cancellable,
               GError      **error)
{
  for (;;)
    {
      int ret, ssl_error, saved_errno;
      GIOCondition condition;

      ERR_clear_error ();
      errno = 0;
      ret = SSL_connect (tls->ssl);
      saved_errno = errno;
      if (ret == 1)
        return TRUE;
      ssl_error = SSL_get_error (tls->ssl, ret);
      condition = portside_tls_wanted_condition (ssl_error);
      if (condition == 0)
        return fail_handshake (tls, ssl_error, saved_errno, error);
      if (!portside_socket_wait (tls->socket, condition, deadline, "during the TLS handshake",
                                 cancellable, error))
        {
          describe_peer (tls);
          return FALSE;
        }
    }
}

gboolean
portside_tls_handshake (PortsideTls  *tls,
                        GSocket      *socket,
                        gint64        deadline,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_return_val_if_fail (tls != NULL, FALSE);
  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (tls->ssl == NULL, FALSE);

  if (set_cancelled_if_needed (cancellable, error) ||
      !setup_connection (tls, socket, error) ||
      !run_handshake (tls, deadline, cancellable, error))
    return FALSE;

  tls->handshake_done = TRUE;
  portside_tls_describe_session (tls->info, tls->ssl);
  describe_peer (tls);
  if (tls->info->verified || tls->insecure)
    return TRUE;
  g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS, tls->info->verify_reason);
  return FALSE;
}

