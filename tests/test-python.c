/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "same request in Python sockets" program: its literals hold exactly
 * the bytes Portside sends, and the program, run by python3 against the lab
 * server, really gets the response, verifying certificates as Portside was
 * told to.
 */
#include "portside-python.h"
#include "portside-error.h"
#include "portside-test-util.h"

/* Runs python3 with the program on stdin; FALSE, with the test skipped,
 * on a machine without python3. */
static gboolean
run_python (const char *program, PortsideTestRun *result)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return FALSE;
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, python, "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, program, NULL, &result->out,
                                                &result->err, &error));
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("python3 said: %s%s", result->out, result->err);
  return TRUE;
}

static char *
script_for (PortsideExchangeOptions *o)
{
  g_autoptr(GError) error = NULL;
  char *script = portside_python_script (o, &error);

  g_assert_no_error (error);
  g_assert_nonnull (script);
  return script;
}

/* Every byte value, and both kinds of line end: the literal must carry them
 * all unchanged. */
static void
test_request_literal (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *script = NULL;
  g_autofree char *program = NULL;
  g_auto(PortsideTestRun) run = { 0 };
  const char *head = "GET /\\\"quoted\" HTTP/1.1\r\nHost: example.test\n\r\n";

  g_byte_array_append (raw, (const guint8 *) head, strlen (head));
  for (guint i = 0; i < 256; i++)
    g_byte_array_append (raw, &(guint8) { (guint8) i }, 1);
  for (guint i = 0; i < raw->len; i++)
    g_string_append_printf (expected, "%02x", raw->data[i]);
  o->url = g_strdup ("http://example.test/");
  o->raw_request = g_bytes_new (raw->data, raw->len);
  script = script_for (o);
  g_assert_nonnull (strstr (script, "    b\"Host: example.test\\n\"\n"));

  /* Keep the definitions; print the request instead of sending it. */
  *strstr (script, "# The ship:") = '\0';
  program = g_strconcat (script, "print(REQUEST.hex())\n", NULL);
  if (!run_python (program, &run))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (g_strchomp (run.out), ==, expected->str);
}

/* A --cacert file name with a quote, a backslash and letters beyond ASCII. */
static void
test_ca_file_literal (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autofree char *script = NULL;
  g_autofree char *program = NULL;
  g_auto(PortsideTestRun) run = { 0 };
  const char *name = "/tmp/a \"b\\c\" \u00e9t\u00e9 \U0001F6A2.pem";
  const char *start, *end;

  o->url = g_strdup ("https://localhost/");
  o->ca_file = g_strdup (name);
  script = script_for (o);
  start = strstr (script, "cafile=");
  g_assert_nonnull (start);
  start += strlen ("cafile=");
  end = strstr (start, ")\n");
  program = g_strdup_printf ("import sys\nsys.stdout.reconfigure(encoding='utf-8')\n"
                             "print(%.*s)\n", (int) (end - start), start);
  if (!run_python (program, &run))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (g_strchomp (run.out), ==, name);
}

static void
test_bad_url (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(GError) error = NULL;

  o->url = g_strdup ("http://exa mple/");
  g_assert_null (portside_python_script (o, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE);
}

static void
test_run_http (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autofree char *script = NULL;
  g_auto(PortsideTestRun) run = { 0 };

  o->url = portside_test_lab_url ("http", "/chunked");
  script = script_for (o);
  g_assert_null (strstr (script, "import ssl"));
  if (!run_python (script, &run))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "HTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (run.out, "recv() gave "));
  g_assert_nonnull (strstr (run.out, "X-Checksum: "));  /* the trailer: all of it came */
}

/* --resolve: the program connects to the given address and still names the
 * host it was asked for; no name is looked up. */
static void
test_run_resolve (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *rule = g_strdup_printf ("portside.test:%u:127.0.0.1",
                                           portside_lab_get_http_port (lab));
  g_autofree char *script = NULL;
  g_auto(PortsideTestRun) run = { 0 };
  char *resolve[] = { rule, NULL };

  o->url = g_strdup_printf ("http://portside.test:%u/headers", portside_lab_get_http_port (lab));
  o->resolve = g_strdupv (resolve);
  script = script_for (o);
  g_assert_nonnull (strstr (script, "ADDRESS = \"127.0.0.1\"\n"));
  g_assert_nonnull (strstr (script, "create_connection((ADDRESS, PORT)"));
  if (!run_python (script, &run))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "HTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (run.out, "portside.test"));  /* the Host the lab echoed */
}

static void
test_run_https (gconstpointer data)
{
  const char *how = data;
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autofree char *script = NULL;
  g_auto(PortsideTestRun) run = { 0 };

  o->url = portside_test_lab_url ("https", "/");
  if (g_str_equal (how, "trusted"))
    o->ca_file = g_strdup (portside_lab_get_ca_file (portside_test_lab ()));
  o->insecure = g_str_equal (how, "insecure");
  script = script_for (o);
  g_assert_true ((strstr (script, "VERIFICATION IS OFF") != NULL) == o->insecure);
  if (!run_python (script, &run))
    return;
  if (g_str_equal (how, "untrusted"))
    {
      /* The lab's certificate is self-signed: Python refuses it, as Portside does. */
      g_assert_cmpint (run.status, !=, 0);
      g_assert_nonnull (strstr (run.err, "CERTIFICATE_VERIFY_FAILED"));
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "TLS: TLSv1.3"));
  g_assert_nonnull (strstr (run.out, "HTTP/1.1 200 OK\r\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/python/literal/request", test_request_literal);
  g_test_add_func ("/python/literal/ca-file", test_ca_file_literal);
  g_test_add_func ("/python/bad-url", test_bad_url);
  g_test_add_func ("/python/run/http", test_run_http);
  g_test_add_func ("/python/run/resolve", test_run_resolve);
  g_test_add_data_func ("/python/run/https-trusted", "trusted", test_run_https);
  g_test_add_data_func ("/python/run/https-untrusted", "untrusted", test_run_https);
  g_test_add_data_func ("/python/run/https-insecure", "insecure", test_run_https);
  return g_test_run ();
}
