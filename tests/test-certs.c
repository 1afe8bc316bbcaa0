/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The certificate matrix: a private root and intermediate made at test time,
 * and one HTTPS server per case presenting a good chain or one broken in one
 * way. Each case goes through portside-cli (exit 5 with its own reason; with
 * -k exit 0 and the same reason in the warning) and through the exchange
 * in-process (TLS_DONE carries the chain and the reason for the window's
 * Certificate pane).
 */
#include <string.h>
#include <glib/gstdio.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "portside-cert-server.h"
#include "portside-error.h"
#include "portside-exchange.h"
#include "portside-test-util.h"

#define DAY (24 * 60 * 60)
#define HANDSHAKE_FAILS (-1)  /* verify_code of a case whose handshake cannot finish */

typedef enum
{
  ISSUER_INTERMEDIATE,
  ISSUER_ROGUE,         /* a root that the client does not trust */
  ISSUER_SELF,
} Issuer;

typedef struct
{
  const char *name;
  Issuer      issuer;
  gboolean    send_issuer;  /* the server sends the issuer after the leaf */
  gint64      not_before;
  gint64      not_after;
  const char *dns_name;
  guint       rsa_bits;
  const char *digest;
  int         max_version;
  const char *reason;       /* a fragment only this case's reason has; NULL: verifies */
  int         verify_code;
} CertCase;

static const CertCase cases[] = {
  { "valid", ISSUER_INTERMEDIATE, TRUE, -3600, DAY, "localhost", 0, NULL, 0,
    NULL, X509_V_OK },
  { "expired", ISSUER_INTERMEDIATE, TRUE, -30 * DAY, -DAY, "localhost", 0, NULL, 0,
    "The certificate expired on ", X509_V_ERR_CERT_HAS_EXPIRED },
  { "not-yet-valid", ISSUER_INTERMEDIATE, TRUE, DAY, 30 * DAY, "localhost", 0, NULL, 0,
    "The certificate is not valid until ", X509_V_ERR_CERT_NOT_YET_VALID },
  { "wrong-name", ISSUER_INTERMEDIATE, TRUE, -3600, DAY, "other.example", 0, NULL, 0,
    "Name does not match: the certificate is for other.example, not localhost",
    X509_V_ERR_HOSTNAME_MISMATCH },
  { "self-signed", ISSUER_SELF, FALSE, -3600, DAY, "localhost", 0, NULL, 0,
    "Self-signed certificate: nobody vouches for it", X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT },
  { "untrusted-root", ISSUER_ROGUE, TRUE, -3600, DAY, "localhost", 0, NULL, 0,
    "Self-signed certificate in the chain: the root CN=Portside Rogue Root is not trusted",
    X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN },
  { "incomplete-chain", ISSUER_INTERMEDIATE, FALSE, -3600, DAY, "localhost", 0, NULL, 0,
    "The issuer CN=Portside Matrix Intermediate is not trusted (unable to get local issuer",
    X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY },
  { "rsa-1024", ISSUER_INTERMEDIATE, TRUE, -3600, DAY, "localhost", 1024, NULL, 0,
    "Key too small (RSA 1024 bits)", X509_V_ERR_EE_KEY_TOO_SMALL },
  { "sha1", ISSUER_INTERMEDIATE, TRUE, -3600, DAY, "localhost", 0, "SHA1", 0,
    "Signature algorithm too weak (SHA-1)", X509_V_ERR_CA_MD_TOO_WEAK },
  { "tls-1.1", ISSUER_INTERMEDIATE, TRUE, -3600, DAY, "localhost", 0, NULL, TLS1_1_VERSION,
    "so it probably speaks only versions below Portside's minimum of TLS 1.2", HANDSHAKE_FAILS },
};

static struct
{
  char         *dir;
  char         *ca_file;       /* the root only */
  PortsideCert *root;
  PortsideCert *intermediate;
  PortsideCert *rogue;
} fixture;

/* ---- certificates and servers ---- */

static PortsideCert *
make_ca (const char *name, const PortsideCert *issuer)
{
  PortsideCertSpec spec = { .common_name = name, .not_before = -DAY, .not_after = 30 * DAY,
                            .is_ca = TRUE };
  g_autoptr(GError) error = NULL;
  PortsideCert *cert = portside_cert_generate (&spec, issuer, &error);

  g_assert_no_error (error);
  return cert;
}

static const PortsideCert *
issuer_of (const CertCase *c)
{
  switch (c->issuer)
    {
    case ISSUER_INTERMEDIATE: return fixture.intermediate;
    case ISSUER_ROGUE: return fixture.rogue;
    case ISSUER_SELF:
    default: return NULL;
    }
}

static PortsideCert *
make_leaf (const CertCase *c)
{
  const char *dns_names[] = { c->dns_name, NULL };
  PortsideCertSpec spec = {
    .common_name = c->dns_name, .dns_names = dns_names, .not_before = c->not_before,
    .not_after = c->not_after, .rsa_bits = c->rsa_bits, .digest = c->digest,
  };
  g_autoptr(GError) error = NULL;
  PortsideCert *leaf = portside_cert_generate (&spec, issuer_of (c), &error);

  g_assert_no_error (error);
  return leaf;
}

static PortsideCertServer *
start_server (const CertCase *c, const PortsideCert *leaf)
{
  const PortsideCert *chain[] = { issuer_of (c), NULL };

  return portside_cert_server_new (leaf, c->send_issuer ? chain : NULL, c->max_version);
}

/* ---- through portside-cli ---- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static CliRun
run_cli (guint16 port, gboolean insecure)
{
  g_autofree char *url = g_strdup_printf ("https://localhost:%u/", port);
  g_autofree char *rule = g_strdup_printf ("localhost:%u:127.0.0.1", port);
  const char *common[] = { "-m", "20", "--cacert", fixture.ca_file, "--resolve", rule, url, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  CliRun run = { 0 };

  if (insecure)
    g_ptr_array_add (args, "-k");
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    g_ptr_array_add (args, (gpointer) common[i]);
  run.status = portside_test_run_cli ((const char *const *) args->pdata, &run.out, &run.err);
  g_test_message ("%s: exit %d; stderr: %s", insecure ? "-k" : "verifying", run.status, run.err);
  return run;
}

/* The reason is this case's and no other's. */
static void
assert_only_reason (const char *text, const CertCase *c)
{
  g_assert_nonnull (strstr (text, c->reason));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (&cases[i] != c && cases[i].reason != NULL)
      g_assert_null (strstr (text, cases[i].reason));
}

static void
check_cli (const CertCase *c, guint16 port)
{
  g_auto(CliRun) strict = run_cli (port, FALSE);
  g_auto(CliRun) insecure = run_cli (port, TRUE);

  if (c->reason == NULL)
    {
      g_assert_cmpint (strict.status, ==, 0);
      g_assert_cmpstr (strict.out, ==, PORTSIDE_CERT_SERVER_BODY);
      g_assert_null (strstr (insecure.err, "verification is OFF"));
      g_assert_cmpint (insecure.status, ==, 0);
      return;
    }
  g_assert_cmpint (strict.status, ==, 5);
  g_assert_nonnull (strstr (strict.err, "portside-cli: tls error: "));
  assert_only_reason (strict.err, c);
  g_assert_cmpstr (strict.out, ==, "");
  if (c->verify_code == HANDSHAKE_FAILS)
    {
      /* -k skips the certificate checks, never the protocol floor. */
      g_assert_cmpint (insecure.status, ==, 5);
      assert_only_reason (insecure.err, c);
      return;
    }
  g_assert_cmpint (insecure.status, ==, 0);
  g_assert_nonnull (strstr (insecure.err, "Certificate verification is OFF"));
  assert_only_reason (insecure.err, c);
  g_assert_cmpstr (insecure.out, ==, PORTSIDE_CERT_SERVER_BODY);
}

/* ---- through the exchange ---- */

typedef struct
{
  PortsideTlsInfo   *tls;        /* copied from TLS_DONE */
  guint              tls_events;
  char              *warning;
  PortsideEventKind  last;
  guint              status;
} Seen;

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->tls, portside_tls_info_free);
  g_clear_pointer (&seen->warning, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seen, seen_clear)

static void
on_event (const PortsideEvent *e, gpointer data)
{
  Seen *seen = data;

  seen->last = e->kind;
  if (e->kind == PORTSIDE_EVENT_TLS_DONE)
    {
      /* The event's pointers are borrowed: keep a copy, as the window does. */
      g_clear_pointer (&seen->tls, portside_tls_info_free);
      seen->tls = portside_tls_info_copy (e->tls);
      seen->tls_events++;
    }
  else if (e->kind == PORTSIDE_EVENT_WARNING && seen->warning == NULL)
    seen->warning = g_strdup (e->value);
  else if (e->kind == PORTSIDE_EVENT_STATUS)
    seen->status = e->code;
}

static gboolean
run_exchange (guint16 port, gboolean insecure, Seen *seen, GError **error)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(PortsideExchange) exchange = NULL;
  g_autofree char *rule = g_strdup_printf ("localhost:%u:127.0.0.1", port);
  char *resolve[] = { rule, NULL };

  o->url = g_strdup_printf ("https://localhost:%u/", port);
  o->ca_file = g_strdup (fixture.ca_file);
  o->resolve = g_strdupv (resolve);
  o->insecure = insecure;
  o->max_time_ms = 20000;
  exchange = portside_exchange_new (o);
  portside_exchange_set_event_func (exchange, on_event, seen, NULL);
  return portside_exchange_run (exchange, NULL, error);
}

static guint
sent_chain_length (const CertCase *c)
{
  if (c->verify_code == HANDSHAKE_FAILS)
    return 0;  /* no Certificate message ever came */
  return c->send_issuer ? 2 : 1;
}

/* "AB:CD:…", as PortsideCertInfo has it. */
static char *
fingerprint (const PortsideCert *cert)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  GString *text = g_string_new (NULL);

  g_assert_true (X509_digest (cert->cert, EVP_sha256 (), md, &length));
  for (guint i = 0; i < length; i++)
    g_string_append_printf (text, "%s%02X", i > 0 ? ":" : "", md[i]);
  return g_string_free (text, FALSE);
}

static void
assert_chain (const CertCase *c, const PortsideTlsInfo *tls, const PortsideCert *leaf)
{
  const PortsideCertInfo *first;
  g_autofree char *subject = NULL;
  g_autofree char *sha256 = fingerprint (leaf);

  g_assert_nonnull (tls);
  g_assert_cmpuint (tls->chain->len, ==, sent_chain_length (c));
  if (tls->chain->len == 0)
    return;
  first = g_ptr_array_index (tls->chain, 0);
  subject = g_strdup_printf ("CN=%s", c->dns_name);
  g_assert_cmpuint (first->depth, ==, 0);
  g_assert_cmpstr (first->sha256, ==, sha256);
  g_assert_cmpstr (first->subject, ==, subject);
  g_assert_true (g_str_has_prefix (first->pem, "-----BEGIN CERTIFICATE-----"));
  g_assert_cmpint (first->expired, ==, c->not_after < 0);
  g_assert_cmpint (first->not_yet_valid, ==, c->not_before > 0);
  g_assert_cmpint (first->self_signed, ==, c->issuer == ISSUER_SELF);
  if (c->rsa_bits != 0)
    g_assert_cmpuint (first->key_bits, ==, c->rsa_bits);
  if (tls->chain->len > 1)
    g_assert_cmpstr (((PortsideCertInfo *) g_ptr_array_index (tls->chain, 1))->subject, ==,
                     first->issuer);
}

static void
check_exchange_verifying (const CertCase *c, guint16 port, const PortsideCert *leaf)
{
  g_auto(Seen) seen = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = run_exchange (port, FALSE, &seen, &error);

  g_assert_cmpuint (seen.tls_events, ==, 1);
  assert_chain (c, seen.tls, leaf);
  g_assert_false (seen.tls->insecure);
  if (c->reason == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_true (seen.tls->verified);
      g_assert_null (seen.tls->verify_reason);
      g_assert_cmpint (seen.last, ==, PORTSIDE_EVENT_DONE);
      g_assert_cmpuint (seen.status, ==, 200);
      return;
    }
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  g_assert_cmpint (seen.last, ==, PORTSIDE_EVENT_ERROR);
  g_assert_false (seen.tls->verified);
  assert_only_reason (error->message, c);
  if (c->verify_code == HANDSHAKE_FAILS)
    return;
  g_assert_cmpint (seen.tls->verify_code, ==, c->verify_code);
  g_assert_cmpstr (seen.tls->verify_reason, ==, error->message);
}

static void
check_exchange_insecure (const CertCase *c, guint16 port, const PortsideCert *leaf)
{
  g_auto(Seen) seen = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = run_exchange (port, TRUE, &seen, &error);

  if (c->reason == NULL)
    {
      g_assert_true (ok);
      g_assert_null (seen.warning);
      return;
    }
  if (c->verify_code == HANDSHAKE_FAILS)
    {
      g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
      assert_only_reason (error->message, c);
      return;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (seen.last, ==, PORTSIDE_EVENT_DONE);
  g_assert_cmpuint (seen.status, ==, 200);
  assert_chain (c, seen.tls, leaf);
  g_assert_true (seen.tls->insecure);
  g_assert_false (seen.tls->verified);
  g_assert_cmpint (seen.tls->verify_code, ==, c->verify_code);
  assert_only_reason (seen.tls->verify_reason, c);
  g_assert_nonnull (seen.warning);
  g_assert_true (g_str_has_prefix (seen.warning, "Certificate verification is OFF"));
  g_assert_nonnull (strstr (seen.warning, seen.tls->verify_reason));
}

static void
test_case (gconstpointer data)
{
  const CertCase *c = data;
  g_autoptr(PortsideCert) leaf = make_leaf (c);
  g_autoptr(PortsideCertServer) server = start_server (c, leaf);
  guint16 port = portside_cert_server_get_port (server);

  check_cli (c, port);
  check_exchange_verifying (c, port, leaf);
  check_exchange_insecure (c, port, leaf);
  /* Every run reached the server; only the old-protocol one never shook hands. */
  if (c->verify_code == HANDSHAKE_FAILS)
    g_assert_cmpuint (portside_cert_server_get_handshakes (server), ==, 0);
  else
    g_assert_cmpuint (portside_cert_server_get_handshakes (server), ==, 4);
}

/* ---- fixture ---- */

static void
fixture_setup (void)
{
  g_autoptr(GError) error = NULL;

  fixture.dir = g_dir_make_tmp ("portside-test-certs-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.ca_file = g_build_filename (fixture.dir, "root.pem", NULL);
  fixture.root = make_ca ("Portside Matrix Root", NULL);
  fixture.intermediate = make_ca ("Portside Matrix Intermediate", fixture.root);
  fixture.rogue = make_ca ("Portside Rogue Root", NULL);
  g_assert_true (portside_cert_write_pem (fixture.root, fixture.ca_file, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (void)
{
  g_unlink (fixture.ca_file);
  g_rmdir (fixture.dir);
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_pointer (&fixture.ca_file, g_free);
  g_clear_pointer (&fixture.root, portside_cert_free);
  g_clear_pointer (&fixture.intermediate, portside_cert_free);
  g_clear_pointer (&fixture.rogue, portside_cert_free);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_setup ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/certs/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  status = g_test_run ();
  fixture_teardown ();
  return status;
}
