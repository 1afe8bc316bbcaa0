/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The URL and raw-request fuzz checks, and the table that names every check
 * for the fuzzers' entry points and the replay test.
 */
#include <string.h>

#include "fuzz-harness.h"
#include "portside-error.h"
#include "portside-request.h"
#include "portside-url.h"

void
portside_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* ---- URLs ---- */

static void
assert_url_sane (const PortsideUrl *url)
{
  g_assert_nonnull (url->scheme);
  g_assert_true (g_str_equal (url->scheme, "http") || g_str_equal (url->scheme, "https"));
  g_assert_true (url->tls == g_str_equal (url->scheme, "https"));
  g_assert_nonnull (url->host);
  g_assert_cmpstr (url->host, !=, "");
  g_assert_nonnull (url->host_display);
  g_assert_cmpuint (url->port, >, 0);
  g_assert_nonnull (url->target);
  g_assert_cmpint (url->target[0], ==, '/');
  /* The target goes on the wire as the request line's middle word. */
  g_assert_null (strpbrk (url->target, " \r\n"));
}

static void
assert_same_url (const PortsideUrl *a, const PortsideUrl *b)
{
  g_assert_cmpstr (a->scheme, ==, b->scheme);
  g_assert_cmpstr (a->host, ==, b->host);
  g_assert_cmpuint (a->port, ==, b->port);
  g_assert_cmpint (a->tls, ==, b->tls);
  g_assert_cmpint (a->ipv6_literal, ==, b->ipv6_literal);
  g_assert_cmpstr (a->target, ==, b->target);
}

static void
check_url_error (const char *text, const GError *error)
{
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE);
  /* A message about valid text must itself be valid text: the window shows it. */
  if (g_utf8_validate (text, -1, NULL))
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

void
portside_fuzz_url (const guint8 *data, gsize size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideUrl) url = portside_url_parse (text, &error);
  g_autoptr(PortsideUrl) again = NULL;
  g_autoptr(PortsideUrl) copy = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *reprinted = NULL;
  g_autofree char *host = NULL;

  if (url == NULL)
    {
      check_url_error (text, error);
      return;
    }
  g_assert_no_error (error);
  assert_url_sane (url);
  host = portside_url_host_header (url);
  g_assert_nonnull (host);
  printed = portside_url_to_string (url);
  again = portside_url_parse (printed, &error);
  g_assert_no_error (error);
  assert_same_url (url, again);
  reprinted = portside_url_to_string (again);
  g_assert_cmpstr (printed, ==, reprinted);
  copy = portside_url_copy (url);
  assert_same_url (url, copy);
  g_assert_cmpstr (copy->host_display, ==, url->host_display);
}

/* ---- raw requests ---- */

void
portside_fuzz_request (const guint8 *data, gsize size)
{
  g_autoptr(GPtrArray) warnings = portside_request_check_raw (data, size);
  g_autofree char *method = portside_request_get_method (data, size);

  g_assert_nonnull (warnings);
  if (size == 0)
    g_assert_cmpuint (warnings->len, >, 0);
  for (guint i = 0; i < warnings->len; i++)
    {
      const char *warning = g_ptr_array_index (warnings, i);

      g_assert_nonnull (warning);
      g_assert_cmpstr (warning, !=, "");
      g_assert_true (g_utf8_validate (warning, -1, NULL));
    }
  if (method == NULL)
    return;
  /* The method is the first word, exactly as sent. */
  g_assert_cmpuint (strlen (method), >, 0);
  g_assert_cmpuint (strlen (method), <, size);
  g_assert_true (memcmp (method, data, strlen (method)) == 0);
  g_assert_cmpint (data[strlen (method)], ==, ' ');
}

/* ---- the table ---- */

PortsideFuzzFunc
portside_fuzz_lookup (const char *target)
{
  static const struct
  {
    const char       *name;
    PortsideFuzzFunc  func;
  } targets[] = {
    { "parser", portside_fuzz_parser },
    { "url", portside_fuzz_url },
    { "request", portside_fuzz_request },
  };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_str_equal (targets[i].name, target))
      return targets[i].func;
  return NULL;
}
