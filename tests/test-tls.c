/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TLS client against a tiny OpenSSL server running on a thread of the
 * test (tls-test-server.c), with certificates made on the spot: trusted,
 * self-signed, expired, for another name, weak; plus truncation, timeouts
 * and cancellation.
 */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "portside-error.h"
#include "portside-lab-cert.h"
#include "portside-tls.h"
#include "tls-test-server.h"

#define REQUEST "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"

typedef struct
{
  GPtrArray  *messages;  /* "sent handshake ClientHello" */
  GByteArray *sent;
  GByteArray *received;
} Observed;

static TlsTestCerts fixture;

/* ---- the client ---- */

static void
on_message (gpointer    user_data,
            gboolean    sent,
            const char *content_type,
            const char *name,
            gsize       length)
{
  Observed *observed = user_data;

  g_assert_cmpuint (length, >, 0);
  g_ptr_array_add (observed->messages, g_strdup_printf ("%s %s %s", sent ? "sent" : "received",
                                                        content_type, name));
}

static void
on_record (gpointer      user_data,
           gboolean      sent,
           const guint8 *data,
           gsize         length)
{
  Observed *observed = user_data;

  g_byte_array_append (sent ? observed->sent : observed->received, data, length);
}

static const PortsideTlsObserver observer = { on_message, on_record };

static void
observed_init (Observed *observed)
{
  observed->messages = g_ptr_array_new_with_free_func (g_free);
  observed->sent = g_byte_array_new ();
  observed->received = g_byte_array_new ();
}

static void
observed_clear (Observed *observed)
{
  g_ptr_array_unref (observed->messages);
  g_byte_array_unref (observed->sent);
  g_byte_array_unref (observed->received);
}

static gint64
soon (void)
{
  return g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
}

/* Connects to a new server with cert, handshakes and stops the server.
 * Returns the TLS object (for its info) and the handshake's error. */
static PortsideTls *
try_handshake_with (const PortsideCert       *cert,
                    const PortsideCert       *chain,
                    TlsServeMode              mode,
                    const PortsideTlsOptions *options,
                    GError                  **error)
{
  TlsTestServer *server = tls_test_server_start (cert, chain, mode);
  g_autoptr(GSocket) socket = tls_test_server_connect (server);
  g_autoptr(GError) local_error = NULL;
  PortsideTls *tls = portside_tls_new (options, NULL, NULL, &local_error);

  g_assert_no_error (local_error);
  portside_tls_handshake (tls, socket, soon (), NULL, error);
  g_socket_close (socket, NULL);
  tls_test_server_stop (server);
  return tls;
}

static PortsideTls *
try_handshake (const PortsideCert       *cert,
               const PortsideCert       *chain,
               const PortsideTlsOptions *options,
               GError                  **error)
{
  return try_handshake_with (cert, chain, SERVE_RESPOND, options, error);
}

static const PortsideCertInfo *
chain_cert (const PortsideTlsInfo *info,
            guint                  depth)
{
  g_assert_nonnull (info);
  g_assert_cmpuint (info->chain->len, >, depth);
  return g_ptr_array_index (info->chain, depth);
}

/* ---- tests ---- */

static void
assert_leaf_details (const PortsideCertInfo *leaf)
{
  g_autoptr(GRegex) fingerprint = g_regex_new ("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", 0, 0, NULL);

  g_assert_cmpuint (leaf->depth, ==, 0);
  g_assert_cmpstr (leaf->subject, ==, "CN=localhost");
  g_assert_cmpstr (leaf->issuer, ==, "CN=Portside Test CA");
  g_assert_cmpuint (g_strv_length (leaf->sans), ==, 2);
  g_assert_cmpstr (leaf->sans[0], ==, "DNS:localhost");
  g_assert_cmpstr (leaf->sans[1], ==, "IP:127.0.0.1");
  g_assert_cmpstr (leaf->key_type, ==, "EC (prime256v1)");
  g_assert_cmpuint (leaf->key_bits, ==, 256);
  g_assert_cmpstr (leaf->signature_algorithm, ==, "ecdsa-with-SHA256");
  g_assert_true (g_regex_match (fingerprint, leaf->sha256, 0, NULL));
  g_assert_true (g_str_has_suffix (leaf->not_after, "Z"));
  g_assert_cmpuint (strlen (leaf->not_after), ==, strlen ("2024-01-02T10:00:00Z"));
  g_assert_false (leaf->expired);
  g_assert_false (leaf->not_yet_valid);
  g_assert_false (leaf->self_signed);
  g_assert_nonnull (leaf->serial);
  g_assert_true (g_str_has_prefix (leaf->pem, "-----BEGIN CERTIFICATE-----\n"));
}

static void
assert_session (const PortsideTlsInfo *info)
{
  g_assert_true (info->verified);
  g_assert_cmpint (info->verify_code, ==, X509_V_OK);
  g_assert_null (info->verify_reason);
  g_assert_false (info->insecure);
  g_assert_cmpstr (info->version, ==, "TLSv1.3");
  /* The server takes the client's order; ours puts AES-128-GCM first. */
  g_assert_cmpstr (info->cipher, ==, "TLS_AES_128_GCM_SHA256");
  g_assert_nonnull (info->group);
  g_assert_cmpstr (info->alpn, ==, "http/1.1");
  g_assert_cmpuint (info->chain->len, ==, 2);
  assert_leaf_details (chain_cert (info, 0));
  g_assert_true (chain_cert (info, 1)->self_signed);
  g_assert_cmpstr (chain_cert (info, 1)->subject, ==, "CN=Portside Test CA");
}

static gboolean
contains_text (GByteArray *bytes,
               const char *text)
{
  gsize length = strlen (text);

  for (gsize i = 0; i + length <= bytes->len; i++)
    if (memcmp (bytes->data + i, text, length) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_observed (Observed *observed)
{
  g_assert_cmpuint (observed->messages->len, >=, 6);
  g_assert_cmpstr (g_ptr_array_index (observed->messages, 0), ==, "sent handshake ClientHello");
  g_assert_cmpstr (g_ptr_array_index (observed->messages, 1), ==, "received handshake ServerHello");
  g_assert_true (g_ptr_array_find_with_equal_func (observed->messages,
                                                   "received handshake Certificate",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (observed->messages,
                                                   "sent handshake Finished",
                                                   g_str_equal, NULL));
  /* Ciphertext both ways, starting with a handshake record header. */
  g_assert_cmpuint (observed->sent->len, >, 5);
  g_assert_cmpuint (observed->sent->data[0], ==, 0x16);
  g_assert_cmpuint (observed->sent->data[1], ==, 0x03);
  g_assert_cmpuint (observed->received->len, >, 200);
  g_assert_false (contains_text (observed->sent, "GET /"));
}

static char *
read_all (PortsideTls *tls,
          gboolean    *truncated)
{
  GString *text = g_string_new (NULL);
  guint8 buffer[1024];
  gssize n;
  g_autoptr(GError) error = NULL;

  while ((n = portside_tls_read (tls, buffer, sizeof buffer, truncated, soon (), NULL, &error)) > 0)
    g_string_append_len (text, (const char *) buffer, n);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  return g_string_free (text, FALSE);
}

/* TLS 1.2 has its own cipher list; it must prefer AES-128-GCM as well. */
static void
test_tls12_cipher (void)
{
  PortsideTlsOptions options = { "localhost", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake_with (fixture.leaf, fixture.ca, SERVE_TLS12,
                                                   &options, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (portside_tls_get_info (tls)->version, ==, "TLSv1.2");
  g_assert_cmpstr (portside_tls_get_info (tls)->cipher, ==,
                   "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
}

static void
test_trusted (void)
{
  TlsTestServer *server = tls_test_server_start (fixture.leaf, fixture.ca, SERVE_RESPOND);
  g_autoptr(GSocket) socket = tls_test_server_connect (server);
  PortsideTlsOptions options = { "localhost", fixture.ca_file, FALSE, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = NULL;
  g_autofree char *response = NULL;
  gboolean truncated = TRUE;
  Observed observed;

  observed_init (&observed);
  tls = portside_tls_new (&options, &observer, &observed, &error);
  g_assert_no_error (error);
  g_assert_null (portside_tls_get_info (tls));
  g_assert_true (portside_tls_handshake (tls, socket, soon (), NULL, &error));
  g_assert_no_error (error);
  assert_session (portside_tls_get_info (tls));

  g_assert_true (portside_tls_write_all (tls, (const guint8 *) REQUEST, strlen (REQUEST),
                                         soon (), NULL, &error));
  g_assert_no_error (error);
  response = read_all (tls, &truncated);
  g_assert_cmpstr (response, ==, TLS_TEST_RESPONSE);
  g_assert_false (truncated);
  assert_observed (&observed);
  portside_tls_close (tls);
  g_socket_close (socket, NULL);
  tls_test_server_stop (server);
  observed_clear (&observed);
}

static void
test_ip_literal (void)
{
  PortsideTlsOptions options = { "127.0.0.1", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.leaf, NULL, &options, &error);

  g_assert_no_error (error);
  g_assert_true (portside_tls_get_info (tls)->verified);
  g_assert_cmpuint (portside_tls_get_info (tls)->chain->len, ==, 1);
}

static void
test_info_copy (void)
{
  PortsideTlsOptions options = { "localhost", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.leaf, fixture.ca, &options, &error);
  g_autoptr(PortsideTlsInfo) copy = portside_tls_info_copy (portside_tls_get_info (tls));

  g_clear_pointer (&tls, portside_tls_free);
  assert_session (copy);
}

static void
test_self_signed (void)
{
  PortsideTlsOptions options = { "localhost" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.self_signed, NULL, &options, &error);
  const PortsideTlsInfo *info = portside_tls_get_info (tls);

  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==,
                   "Self-signed certificate: nobody vouches for it (subject CN=localhost)");
  g_assert_cmpstr (info->verify_reason, ==, error->message);
  g_assert_cmpint (info->verify_code, ==, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  g_assert_false (info->verified);
  g_assert_cmpuint (info->chain->len, ==, 1);
  g_assert_true (chain_cert (info, 0)->self_signed);
}

/* The lab's way: the self-signed certificate itself is the trust anchor. */
static void
test_self_signed_trusted (void)
{
  g_autofree char *path = g_build_filename (fixture.dir, "lab.pem", NULL);
  PortsideTlsOptions options = { "localhost", path };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = NULL;

  g_assert_true (portside_cert_write_pem (fixture.self_signed, path, NULL, &error));
  tls = try_handshake (fixture.self_signed, NULL, &options, &error);
  g_assert_no_error (error);
  g_assert_true (portside_tls_get_info (tls)->verified);
}

static void
test_insecure (void)
{
  PortsideTlsOptions options = { "localhost", NULL, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.self_signed, NULL, &options, &error);
  const PortsideTlsInfo *info = portside_tls_get_info (tls);

  g_assert_no_error (error);
  g_assert_false (info->verified);
  g_assert_true (info->insecure);
  g_assert_nonnull (strstr (info->verify_reason, "Self-signed certificate"));
  g_assert_cmpstr (info->version, ==, "TLSv1.3");
}

static void
test_expired (void)
{
  PortsideTlsOptions options = { "localhost", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.expired, NULL, &options, &error);
  const PortsideCertInfo *leaf = chain_cert (portside_tls_get_info (tls), 0);
  g_autofree char *day = NULL;

  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_true (leaf->expired);
  day = g_strndup (leaf->not_after, 10);
  g_assert_true (g_str_has_prefix (error->message, "The certificate expired on "));
  g_assert_nonnull (strstr (error->message, day));
  g_assert_true (g_str_has_suffix (error->message, "UTC (subject CN=localhost)"));
}

static void
test_wrong_name (void)
{
  PortsideTlsOptions options = { "example.org", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.leaf, fixture.ca, &options, &error);

  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_assert_cmpstr (error->message, ==, "Name does not match: the certificate is for "
                                       "localhost, 127.0.0.1, not example.org");
  g_assert_cmpint (portside_tls_get_info (tls)->verify_code, ==, X509_V_ERR_HOSTNAME_MISMATCH);
  g_assert_cmpuint (portside_tls_get_info (tls)->chain->len, ==, 2);
}

static void
test_untrusted_root (void)
{
  PortsideTlsOptions options = { "localhost" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.leaf, fixture.ca, &options, &error);

  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_assert_cmpstr (error->message, ==, "Self-signed certificate in the chain: "
                                       "the root CN=Portside Test CA is not trusted");
  g_assert_cmpint (portside_tls_get_info (tls)->verify_code, ==,
                   X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
}

static void
test_unknown_issuer (void)
{
  PortsideTlsOptions options = { "localhost" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = try_handshake (fixture.leaf, NULL, &options, &error);

  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The issuer CN=Portside Test CA is not trusted "
                                                   "(unable to get local issuer certificate)"));
  g_assert_cmpuint (portside_tls_get_info (tls)->chain->len, ==, 1);
}

/* A leaf from the test CA with one thing changed must be refused. */
static void
check_weak_leaf (guint       rsa_bits,
                 const char *digest,
                 int         expected_code,
                 const char *expected_message)
{
  PortsideTlsOptions options = { "localhost", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideCert) leaf = tls_test_certs_weak_leaf (&fixture, rsa_bits, digest);
  g_autoptr(PortsideTls) tls = try_handshake (leaf, NULL, &options, &error);

  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_cmpint (portside_tls_get_info (tls)->verify_code, ==, expected_code);
  g_assert_true (g_str_has_prefix (error->message, expected_message));
}

static void
test_weak_key (void)
{
  check_weak_leaf (1024, NULL, X509_V_ERR_EE_KEY_TOO_SMALL, "Key too small (RSA 1024 bits)");
}

static void
test_weak_digest (void)
{
  check_weak_leaf (2048, "SHA1", X509_V_ERR_CA_MD_TOO_WEAK, "Signature algorithm too weak (SHA-1)");
}

static void
test_truncated (void)
{
  TlsTestServer *server = tls_test_server_start (fixture.leaf, NULL, SERVE_TRUNCATE);
  g_autoptr(GSocket) socket = tls_test_server_connect (server);
  PortsideTlsOptions options = { "localhost", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = portside_tls_new (&options, NULL, NULL, &error);
  g_autofree char *response = NULL;
  gboolean truncated = FALSE;

  g_assert_true (portside_tls_handshake (tls, socket, soon (), NULL, &error));
  response = read_all (tls, &truncated);
  g_assert_cmpstr (response, ==, TLS_TEST_RESPONSE);
  g_assert_true (truncated);
  portside_tls_close (tls);
  g_socket_close (socket, NULL);
  tls_test_server_stop (server);
}

static void
test_timeout (void)
{
  TlsTestServer *server = tls_test_server_start (NULL, NULL, SERVE_SILENT);
  g_autoptr(GSocket) socket = tls_test_server_connect (server);
  PortsideTlsOptions options = { "localhost" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = portside_tls_new (&options, NULL, NULL, &error);
  gint64 start = g_get_monotonic_time ();

  g_assert_false (portside_tls_handshake (tls, socket, start + 300 * 1000, NULL, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (portside_tls_get_info (tls)->chain->len, ==, 0);
  g_socket_close (socket, NULL);
  tls_test_server_stop (server);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (100 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  TlsTestServer *server = tls_test_server_start (NULL, NULL, SERVE_SILENT);
  g_autoptr(GSocket) socket = tls_test_server_connect (server);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PortsideTlsOptions options = { "localhost" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = portside_tls_new (&options, NULL, NULL, &error);
  gint64 start = g_get_monotonic_time ();
  GThread *canceller = g_thread_new ("cancel", cancel_later, cancellable);

  g_assert_false (portside_tls_handshake (tls, socket, soon (), cancellable, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_thread_join (canceller);
  g_socket_close (socket, NULL);
  tls_test_server_stop (server);
}

static char *
handshake_error (const PortsideCert *cert,
                 TlsServeMode        mode)
{
  TlsTestServer *server = tls_test_server_start (cert, NULL, mode);
  g_autoptr(GSocket) socket = tls_test_server_connect (server);
  PortsideTlsOptions options = { "localhost", fixture.ca_file };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideTls) tls = portside_tls_new (&options, NULL, NULL, &error);

  g_assert_false (portside_tls_handshake (tls, socket, soon (), NULL, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_false (portside_tls_get_info (tls)->verified);
  g_socket_close (socket, NULL);
  tls_test_server_stop (server);
  return g_strdup (error->message);
}

static void
test_old_version (void)
{
  g_autofree char *refused = handshake_error (fixture.leaf, SERVE_TLS10);
  g_autofree char *offered = handshake_error (NULL, SERVE_OLD_HELLO);

  g_assert_cmpstr (refused, ==, "The TLS handshake failed: the server sent the alert "
                                "“protocol version”: it refused TLS 1.2 and 1.3, so it probably "
                                "speaks only versions below Portside's minimum of TLS 1.2");
  g_assert_cmpstr (offered, ==, "The TLS handshake failed: the server offered TLS 1.0, "
                                "which is below Portside's minimum of TLS 1.2");
}

static void
test_not_tls (void)
{
  g_autofree char *message = handshake_error (NULL, SERVE_PLAIN);

  g_assert_true (g_str_has_suffix (message, "does not seem to speak TLS on this port"));
}

static void
test_missing_ca_file (void)
{
  PortsideTlsOptions options = { "localhost", "/nonexistent/ca.pem" };
  g_autofree char *empty = g_build_filename (fixture.dir, "empty.pem", NULL);
  g_autoptr(GError) error = NULL;
  PortsideTls *tls = portside_tls_new (&options, NULL, NULL, &error);

  g_assert_null (tls);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==,
                   "Cannot read the CA file “/nonexistent/ca.pem”: No such file or directory");
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "not a certificate\n", -1, NULL));
  options.ca_file = empty;
  g_assert_null (portside_tls_new (&options, NULL, NULL, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE);
  g_assert_true (g_str_has_suffix (error->message, "empty.pem”: it holds no PEM certificate"));
}

static void
test_write_pem (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideCert) lab = portside_cert_generate_lab (&error);
  g_autofree char *cert_path = g_build_filename (fixture.dir, "lab.pem", NULL);
  g_autofree char *key_path = g_build_filename (fixture.dir, "lab-key.pem", NULL);
  g_autofree char *key_text = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (portside_cert_write_pem (lab, cert_path, key_path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (key_path, &key_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (key_text, "-----BEGIN PRIVATE KEY-----"));
  g_assert_true (X509_check_host (lab->cert, "localhost", 0, 0, NULL) == 1);
  g_assert_true (X509_check_ip_asc (lab->cert, "::1", 0) == 1);
  g_assert_true (X509_check_ip_asc (lab->cert, "127.0.0.1", 0) == 1);
  g_assert_cmpint (X509_self_signed (lab->cert, 1), ==, 1);
  g_assert_cmpint (X509_cmp_time (X509_get0_notAfter (lab->cert), NULL), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tls_test_certs_init (&fixture);

  g_test_add_func ("/tls/verify/trusted", test_trusted);
  g_test_add_func ("/tls/verify/ip-literal", test_ip_literal);
  g_test_add_func ("/tls/verify/self-signed", test_self_signed);
  g_test_add_func ("/tls/verify/self-signed-trusted", test_self_signed_trusted);
  g_test_add_func ("/tls/verify/expired", test_expired);
  g_test_add_func ("/tls/verify/wrong-name", test_wrong_name);
  g_test_add_func ("/tls/verify/untrusted-root", test_untrusted_root);
  g_test_add_func ("/tls/verify/unknown-issuer", test_unknown_issuer);
  g_test_add_func ("/tls/verify/weak-key", test_weak_key);
  g_test_add_func ("/tls/verify/weak-digest", test_weak_digest);
  g_test_add_func ("/tls/insecure", test_insecure);
  g_test_add_func ("/tls/cipher/tls12", test_tls12_cipher);
  g_test_add_func ("/tls/info/copy", test_info_copy);
  g_test_add_func ("/tls/read/truncated", test_truncated);
  g_test_add_func ("/tls/handshake/timeout", test_timeout);
  g_test_add_func ("/tls/handshake/cancel", test_cancel);
  g_test_add_func ("/tls/handshake/old-version", test_old_version);
  g_test_add_func ("/tls/handshake/not-tls", test_not_tls);
  g_test_add_func ("/tls/ca-file/unreadable", test_missing_ca_file);
  g_test_add_func ("/tls/cert/lab", test_write_pem);

  status = g_test_run ();
  tls_test_certs_clear (&fixture);
  return status;
}
