/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "portside-url.h"
#include "portside-error.h"

typedef struct
{
  const char *text;
  const char *scheme;
  const char *host;
  guint16     port;
  const char *target;
  const char *host_header;
} GoodCase;

static const GoodCase good_cases[] = {
  { "http://example.com", "http", "example.com", 80, "/", "example.com" },
  { "HTTPS://Example.COM/a/b?c=d", "https", "example.com", 443, "/a/b?c=d", "example.com" },
  { "http://127.0.0.1:8080/x", "http", "127.0.0.1", 8080, "/x", "127.0.0.1:8080" },
  { "http://[::1]:8080/", "http", "::1", 8080, "/", "[::1]:8080" },
  { "https://[2001:db8::1]/", "https", "2001:db8::1", 443, "/", "[2001:db8::1]" },
  { "example.org/path", "http", "example.org", 80, "/path", "example.org" },
  { "http://h?q=1", "http", "h", 80, "/?q=1", "h" },
  { "http://h/p%20q#frag", "http", "h", 80, "/p%20q", "h" },
  { "http://h/a//b/../c;x?y=%2F&z", "http", "h", 80, "/a//b/../c;x?y=%2F&z", "h" },
  { "https://bücher.example/", "https", "xn--bcher-kva.example", 443, "/", "xn--bcher-kva.example" },
  { "http://h:443/", "http", "h", 443, "/", "h:443" },
  { "  http://h/  ", "http", "h", 80, "/", "h" },
};

static void
test_good (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const GoodCase *c = &good_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(PortsideUrl) url = portside_url_parse (c->text, &error);
      g_autofree char *host_header = NULL;

      g_test_message ("%s", c->text);
      g_assert_no_error (error);
      g_assert_cmpstr (url->scheme, ==, c->scheme);
      g_assert_cmpstr (url->host, ==, c->host);
      g_assert_cmpuint (url->port, ==, c->port);
      g_assert_cmpstr (url->target, ==, c->target);
      host_header = portside_url_host_header (url);
      g_assert_cmpstr (host_header, ==, c->host_header);
      g_assert_cmpint (url->tls, ==, g_str_equal (c->scheme, "https"));
    }
}

typedef struct
{
  const char *text;
  const char *fragment;  /* a piece of the message that says what is wrong */
} BadCase;

static const BadCase bad_cases[] = {
  { "", "empty" },
  { "ftp://example.com/", "Unsupported scheme “ftp”" },
  { "http://user:pw@example.com/", "User names and passwords" },
  { "http://example.com:0/", "Bad port" },
  { "http://example.com:65536/", "Bad port" },
  { "http://example.com:http/", "Bad port" },
  { "http://example.com:/", "no port" },
  { "http://[::1/", "closing" },
  { "http://[nothex]/", "not an IPv6 address" },
  { "http:///path", "no host" },
  { "http://exa mple.com/", "not a valid host name" },
  { "http://h/a b", "space" },
  { "http://h/a\tb", "control character" },
  { "http://[::1]x/", "Unexpected" },
  { "http://[:]/", "not an IPv6 address" },
  { "http://[127.0.0.1]/", "not an IPv6 address" },
  { "http://a\xef\xbc\x9a" "99/", "not a valid host name" },  /* full-width colon */
  { "http://evil.example\xc0\xaf.good/", "not valid UTF-8" },
};

static void
test_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PortsideUrl) url = portside_url_parse (bad_cases[i].text, &error);
      g_autofree char *shown = g_strescape (bad_cases[i].text, NULL);

      g_test_message ("%s", shown);  /* escaped: some cases are not UTF-8 */
      g_assert_null (url);
      g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE);
      g_assert_nonnull (strstr (error->message, bad_cases[i].fragment));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(PortsideUrl) url = portside_url_parse ("https://[::1]:8443/a?b", NULL);
  g_autoptr(PortsideUrl) copy = portside_url_copy (url);
  g_autofree char *text = portside_url_to_string (copy);

  g_assert_cmpstr (text, ==, "https://[::1]:8443/a?b");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/url/good", test_good);
  g_test_add_func ("/url/bad", test_bad);
  g_test_add_func ("/url/round-trip", test_round_trip);
  return g_test_run ();
}
