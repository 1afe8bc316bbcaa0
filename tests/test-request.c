/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "portside-request.h"
#include "portside-error.h"

static char *
build (const char *url_text, const char *method, const char *const *headers, const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideUrl) url = portside_url_parse (url_text, &error);
  g_autoptr(GBytes) body_bytes = body != NULL ? g_bytes_new_static (body, strlen (body)) : NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = portside_request_build (url, method, headers, body_bytes, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_defaults (void)
{
  g_autofree char *text = build ("http://[::1]:8080/a?b", "GET", NULL, NULL);

  g_assert_cmpstr (text, ==,
                   "GET /a?b HTTP/1.1\r\n"
                   "Host: [::1]:8080\r\n"
                   "User-Agent: portside/" PORTSIDE_VERSION "\r\n"
                   "Accept: */*\r\n"
                   "Connection: close\r\n"
                   "\r\n");
}

static void
test_user_headers (void)
{
  const char *headers[] = { "accept: text/html", "User-Agent:", "X-Empty;", "X-New: 1", NULL };
  g_autofree char *text = build ("https://h/", "POST", headers, "a=1");

  g_assert_cmpstr (text, ==,
                   "POST / HTTP/1.1\r\n"
                   "Host: h\r\n"
                   "Accept: text/html\r\n"
                   "Content-Length: 3\r\n"
                   "Connection: close\r\n"
                   "X-Empty: \r\n"
                   "X-New: 1\r\n"
                   "\r\n"
                   "a=1");
}

static void
test_bad_header (void)
{
  const char *headers[] = { "NoColon", NULL };
  g_autoptr(PortsideUrl) url = portside_url_parse ("http://h/", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = portside_request_build (url, "GET", headers, NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE);
}

static GPtrArray *
check (const char *raw)
{
  return portside_request_check_raw ((const guint8 *) raw, strlen (raw));
}

static gboolean
has_warning (GPtrArray *warnings, const char *fragment)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (warnings->pdata[i], fragment) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_raw_clean (void)
{
  g_autoptr(GPtrArray) w = check ("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

  g_assert_cmpuint (w->len, ==, 0);
}

static void
test_raw_warnings (void)
{
  g_autoptr(GPtrArray) lf = check ("GET / HTTP/1.1\nHost: h\n\n");
  g_autoptr(GPtrArray) no_host = check ("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
  g_autoptr(GPtrArray) no_end = check ("GET / HTTP/1.1\r\nHost: h\r\n");
  g_autoptr(GPtrArray) bad_line = check ("HELLO\r\nHost: h\r\n\r\n");
  g_autoptr(GPtrArray) body = check ("POST / HTTP/1.1\r\nHost: h\r\n\r\nabc");
  g_autoptr(GPtrArray) cr = check ("GET / HTTP/1.1\rHost: h\r\n\r\n");
  g_autoptr(GPtrArray) empty = check ("");

  g_assert_true (has_warning (lf, "bare LF"));
  g_assert_false (has_warning (lf, "Host"));
  g_assert_true (has_warning (no_host, "no Host header"));
  g_assert_true (has_warning (no_end, "does not end with an empty line"));
  g_assert_true (has_warning (bad_line, "METHOD TARGET"));
  g_assert_true (has_warning (body, "3 bytes follow"));
  g_assert_true (has_warning (cr, "CR that is not followed by LF"));
  g_assert_true (has_warning (empty, "empty"));
}

static void
test_raw_method (void)
{
  g_autofree char *head = portside_request_get_method ((const guint8 *) "HEAD / HTTP/1.1\r\n", 17);
  g_autofree char *none = portside_request_get_method ((const guint8 *) "\r\n", 2);

  g_assert_cmpstr (head, ==, "HEAD");
  g_assert_null (none);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/request/build/defaults", test_defaults);
  g_test_add_func ("/request/build/user-headers", test_user_headers);
  g_test_add_func ("/request/build/bad-header", test_bad_header);
  g_test_add_func ("/request/raw/clean", test_raw_clean);
  g_test_add_func ("/request/raw/warnings", test_raw_warnings);
  g_test_add_func ("/request/raw/method", test_raw_method);
  return g_test_run ();
}
