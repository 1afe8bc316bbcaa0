/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * portside-cli end to end against the in-process lab server, over HTTP and
 * HTTPS, checking output, exit codes and the JSON event stream.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "portside-test-util.h"

static PortsideTestRun
cli (const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  PortsideTestRun run = { 0 };
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run.status = portside_test_run_cli ((const char *const *) args->pdata, &run.out, &run.err);
  g_test_message ("exit %d; stderr: %s", run.status, run.err);
  return run;
}

static void
test_http_chunked (void)
{
  g_autofree char *url = portside_test_lab_url ("http", "/chunked");
  g_auto(PortsideTestRun) run = cli ("-i", url, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "HTTP/1.1 200 "));
  g_assert_nonnull (strstr (run.out, "Transfer-Encoding: chunked\r\n"));
  g_assert_null (strstr (run.out, "\r\n0\r\n"));  /* framing is removed from the body */
}

static void
test_https_trusted (void)
{
  g_autofree char *url = portside_test_lab_url ("https", "/");
  g_auto(PortsideTestRun) run = cli ("-v", "--cacert", portside_lab_get_ca_file (portside_test_lab ()), url,
                         NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Certificate verified"));
  g_assert_nonnull (strstr (run.err, "* TLS connection using TLSv1."));
  g_assert_nonnull (strstr (run.out, "<html"));
}

static void
test_https_untrusted (void)
{
  g_autofree char *url = portside_test_lab_url ("https", "/");
  g_auto(PortsideTestRun) run = cli (url, NULL);

  g_assert_cmpint (run.status, ==, 5);
  g_assert_nonnull (strstr (run.err, "tls error"));
  g_assert_nonnull (strstr (run.err, "elf-signed"));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_https_insecure (void)
{
  g_autofree char *url = portside_test_lab_url ("https", "/");
  g_auto(PortsideTestRun) run = cli ("-k", url, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Certificate verification is OFF"));
  g_assert_nonnull (strstr (run.err, "elf-signed"));
  g_assert_nonnull (strstr (run.out, "<html"));
}

static void
test_fail (void)
{
  g_autofree char *url = portside_test_lab_url ("http", "/status/404");
  g_auto(PortsideTestRun) failing = cli ("-f", url, NULL);
  g_auto(PortsideTestRun) plain = cli (url, NULL);

  g_assert_cmpint (failing.status, ==, 22);
  g_assert_cmpstr (failing.out, ==, "");
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_cmpstr (plain.out, !=, "");
}

static void
test_output_file (void)
{
  g_autofree char *url = portside_test_lab_url ("http", "/bytes/100000");
  g_autofree char *dir = g_dir_make_tmp ("portside-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "body", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "body", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_auto(PortsideTestRun) run = cli ("-s", "-o", path, url, NULL);
  g_auto(PortsideTestRun) cannot = cli ("-o", bad, url, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, 100000);
  g_assert_cmpint (cannot.status, ==, 8);
  g_assert_nonnull (strstr (cannot.err, "Cannot write"));
  g_remove (path);
  g_rmdir (dir);
}

static void
test_usage (void)
{
  g_auto(PortsideTestRun) none = cli ("-s", NULL);
  g_auto(PortsideTestRun) bad_url = cli ("ftp://example.com/", NULL);
  g_auto(PortsideTestRun) bad_flag = cli ("--no-such-flag", "http://h/", NULL);

  g_assert_cmpint (none.status, ==, 2);
  g_assert_cmpint (bad_url.status, ==, 2);
  g_assert_nonnull (strstr (bad_url.err, "Unsupported scheme"));
  g_assert_cmpint (bad_flag.status, ==, 2);
}

/* Bound but not listening: the port refuses connections. */
static guint16
closed_port (void)
{
  guint16 port = 0;
  g_autoptr(GSocket) s = portside_test_bind_loopback (-1, &port);

  return port;
}

static void
test_connect_refused (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", closed_port ());
  g_auto(PortsideTestRun) run = cli (url, NULL);

  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "connect error"));
  g_assert_nonnull (strstr (run.err, "127.0.0.1"));
}

static void
test_resolve_override (void)
{
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *rule = g_strdup_printf ("lab.test:%u:127.0.0.1", portside_lab_get_http_port (lab));
  g_autofree char *url = g_strdup_printf ("http://lab.test:%u/headers",
                                          portside_lab_get_http_port (lab));
  g_auto(PortsideTestRun) run = cli ("-v", "--resolve", rule, url, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "(from --resolve)"));
  g_assert_nonnull (strstr (run.out, "lab.test"));
}

/* Parses JSON Lines; returns the objects in order. */
static GPtrArray *
parse_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (objects, node);
    }
  return objects;
}

static const char *
event_name (JsonNode *node)
{
  return json_object_get_string_member (json_node_get_object (node), "event");
}

static JsonObject *
find_event (GPtrArray *events, const char *name)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (event_name (events->pdata[i]), name))
      return json_node_get_object (events->pdata[i]);
  return NULL;
}

static gint64
sum_reads (GPtrArray *events, guint *count)
{
  gint64 total = 0;

  *count = 0;
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (event_name (events->pdata[i]), "read"))
      {
        JsonObject *o = json_node_get_object (events->pdata[i]);
        g_assert_cmpint (json_object_get_int_member (o, "offset"), ==, total);
        total += json_object_get_int_member (o, "length");
        (*count)++;
      }
  return total;
}

static void
test_json (void)
{
  g_autofree char *url = portside_test_lab_url ("http", "/chunked");
  g_auto(PortsideTestRun) run = cli ("--json", "--recv-size", "7", url, NULL);
  g_autoptr(GPtrArray) events = NULL;
  JsonObject *done, *timings_ok;
  guint reads = 0;
  gint64 total;

  g_assert_cmpint (run.status, ==, 0);
  events = parse_lines (run.out);
  g_assert_cmpstr (event_name (events->pdata[0]), ==, "resolve");
  g_assert_nonnull (find_event (events, "connect"));
  g_assert_nonnull (find_event (events, "request"));
  g_assert_nonnull (find_event (events, "chunk"));
  g_assert_nonnull (find_event (events, "span"));
  done = find_event (events, "done");
  g_assert_nonnull (done);
  g_assert_cmpint (json_object_get_int_member (done, "status"), ==, 200);
  total = sum_reads (events, &reads);
  g_assert_cmpint (total, ==, json_object_get_int_member (done, "bytes_received"));
  g_assert_cmpint (reads, ==, json_object_get_int_member (done, "reads"));
  g_assert_cmpint (total, >, 7 * 5);
  g_assert_cmpint (reads, >=, total / 7);  /* no read is larger than --recv-size */
  timings_ok = find_event (events, "resolve");
  g_assert_nonnull (json_object_get_array_member (timings_ok, "addresses"));
}

static void
test_timeout_keeps_bytes (void)
{
  g_autofree char *url = portside_test_lab_url ("http", "/drip?bytes=100&delay=100");
  gint64 start = g_get_monotonic_time ();
  g_auto(PortsideTestRun) run = cli ("--json", "-m", "0.6", url, NULL);
  g_autoptr(GPtrArray) events = parse_lines (run.out);
  JsonObject *error = find_event (events, "error");
  guint reads = 0;

  g_assert_cmpint (run.status, ==, 7);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "stage"), ==, "timeout");
  g_assert_cmpint (sum_reads (events, &reads), >, 0);  /* what arrived was still shown */
  g_assert_nonnull (strstr (run.err, "timeout error"));
}

static void
test_raw_request (void)
{
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *url = portside_test_lab_url ("http", "/headers");
  g_autofree char *dir = g_dir_make_tmp ("portside-raw-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "request", NULL);
  g_autofree char *raw = g_strdup_printf ("GET /headers HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                          "X-Lesson: harbour\r\nConnection: close\r\n\r\n",
                                          portside_lab_get_http_port (lab));
  g_autofree char *lf = g_strdup ("GET /headers HTTP/1.1\nConnection: close\n\n");
  g_autofree char *lf_path = g_build_filename (dir, "lf", NULL);

  g_assert_true (g_file_set_contents (path, raw, -1, NULL));
  g_assert_true (g_file_set_contents (lf_path, lf, -1, NULL));
  {
    g_auto(PortsideTestRun) run = cli ("-v", "--raw-request", path, url, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "harbour"));
    g_assert_null (strstr (run.err, "Warning"));
  }
  {
    g_auto(PortsideTestRun) run = cli ("-v", "-m", "3", "--raw-request", lf_path, url, NULL);
    g_assert_nonnull (strstr (run.err, "bare LF"));
    g_assert_nonnull (strstr (run.err, "no Host header"));
  }
  g_remove (path);
  g_remove (lf_path);
  g_rmdir (dir);
}

/* --python prints the program and sends nothing: port 1 refuses, yet it
 * succeeds. The program itself is tested in test-python. */
static void
test_python (void)
{
  g_auto(PortsideTestRun) run = cli ("--python", "-X", "PUT", "-d", "x=1", "http://127.0.0.1:1/put", NULL);
  g_auto(PortsideTestRun) bad = cli ("--python", "http://exa mple/", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "#!/usr/bin/env python3\n"));
  g_assert_nonnull (strstr (run.out, "    b\"PUT /put HTTP/1.1\\r\\n\"\n"));
  g_assert_nonnull (strstr (run.out, "    b\"x=1\"\n"));
  g_assert_nonnull (strstr (run.out, "PORT = 1\n"));
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "usage error"));
}

static void
test_head (void)
{
  g_autofree char *url = portside_test_lab_url ("http", "/bytes/10");
  g_auto(PortsideTestRun) run = cli ("-i", "-X", "HEAD", url, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Content-Length: 10\r\n"));
  g_assert_true (g_str_has_suffix (run.out, "\r\n\r\n"));
}

static void
test_families (void)
{
  PortsideLab *lab = portside_test_lab ();
  g_autofree char *url = g_strdup_printf ("http://localhost:%u/keepalive",
                                          portside_lab_get_http_port (lab));
  g_auto(PortsideTestRun) v4 = cli ("-v", "-4", url, NULL);
  g_auto(PortsideTestRun) v6_literal = cli ("-6", "http://127.0.0.1:1/", NULL);

  g_assert_cmpint (v4.status, ==, 0);
  g_assert_nonnull (strstr (v4.err, "Connected to 127.0.0.1:"));
  g_assert_null (strstr (v4.err, "::1"));
  /* An IPv4 literal with -6 has nothing to connect to: a resolve error. */
  g_assert_cmpint (v6_literal.status, ==, 3);
  g_assert_nonnull (strstr (v6_literal.err, "resolve error"));
}

/* A listener whose accept queue is full drops new SYNs, so a connect to it
 * hangs on loopback: the only way to see --connect-timeout here. */
static void
test_connect_timeout (void)
{
  guint16 port = 0;
  g_autoptr(GSocket) listener = portside_test_bind_loopback (0, &port);
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address (listener, NULL);
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *url = NULL;
  gint64 start;

  for (guint i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, bound, NULL, NULL);
      g_ptr_array_add (fillers, filler);
    }
  g_usleep (100 * 1000);
  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  start = g_get_monotonic_time ();
  {
    g_auto(PortsideTestRun) run = cli ("--connect-timeout", "0.5", url, NULL);
    g_assert_cmpint (run.status, ==, 7);
    g_assert_nonnull (strstr (run.err, "timeout error"));
    g_assert_nonnull (strstr (run.err, "connecting"));
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  portside_test_lab ();
  g_test_add_func ("/cli/http/chunked", test_http_chunked);
  g_test_add_func ("/cli/python", test_python);
  g_test_add_func ("/cli/https/trusted", test_https_trusted);
  g_test_add_func ("/cli/https/untrusted", test_https_untrusted);
  g_test_add_func ("/cli/https/insecure", test_https_insecure);
  g_test_add_func ("/cli/fail", test_fail);
  g_test_add_func ("/cli/output-file", test_output_file);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/connect-refused", test_connect_refused);
  g_test_add_func ("/cli/resolve-override", test_resolve_override);
  g_test_add_func ("/cli/json", test_json);
  g_test_add_func ("/cli/timeout-keeps-bytes", test_timeout_keeps_bytes);
  g_test_add_func ("/cli/raw-request", test_raw_request);
  g_test_add_func ("/cli/head", test_head);
  g_test_add_func ("/cli/families", test_families);
  g_test_add_func ("/cli/connect-timeout", test_connect_timeout);
  return g_test_run ();
}
