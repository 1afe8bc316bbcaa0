/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <gio/gio.h>

#include "portside-url.h"
#include "portside-error.h"

static gboolean
url_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
url_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE, message);
  return FALSE;
}

/* Splits "scheme://rest"; no scheme means http, as in curl. */
static gboolean
parse_scheme (PortsideUrl *url, const char *text, const char **rest, GError **error)
{
  const char *sep = strstr (text, "://");

  if (sep == NULL)
    {
      url->scheme = g_strdup ("http");
      *rest = text;
      return TRUE;
    }
  url->scheme = g_ascii_strdown (text, sep - text);
  *rest = sep + 3;
  if (g_str_equal (url->scheme, "http") || g_str_equal (url->scheme, "https"))
    return TRUE;
  return url_error (error, "Unsupported scheme “%s”: Portside speaks http and https", url->scheme);
}

static gboolean
parse_port (PortsideUrl *url, const char *text, gsize length, GError **error)
{
  guint64 value = 0;

  if (length == 0)
    return url_error (error, "The URL has a colon but no port number");
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return url_error (error, "Bad port “%.*s”: a port is a number from 1 to 65535",
                          (int) length, text);
      value = value * 10 + (text[i] - '0');
      if (value > 65535)
        break;
    }
  if (value == 0 || value > 65535)
    return url_error (error, "Bad port “%.*s”: a port is a number from 1 to 65535",
                      (int) length, text);
  url->port = value;
  url->port_explicit = TRUE;
  return TRUE;
}

static gboolean
parse_ipv6_host (PortsideUrl *url, const char *authority, gsize length, gsize *consumed,
                 GError **error)
{
  const char *close = memchr (authority, ']', length);
  g_autofree char *literal = NULL;
  g_autoptr(GInetAddress) address = NULL;

  if (close == NULL)
    return url_error (error, "The IPv6 address in the URL has no closing “]”");
  literal = g_strndup (authority + 1, close - authority - 1);
  address = g_inet_address_new_from_string (literal);
  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return url_error (error, "“%s” is not an IPv6 address", literal);
  url->host = g_steal_pointer (&literal);
  url->host_display = g_strdup (url->host);
  url->ipv6_literal = TRUE;
  *consumed = close - authority + 1;
  return TRUE;
}

#define HOST_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._"

static gboolean
parse_name_host (PortsideUrl *url, const char *authority, gsize length, gsize *consumed,
                 GError **error)
{
  const char *colon = memchr (authority, ':', length);
  gsize host_length = colon != NULL ? (gsize) (colon - authority) : length;
  g_autofree char *display = g_strndup (authority, host_length);
  g_autofree char *ascii = NULL;

  if (host_length == 0)
    return url_error (error, "The URL has no host name");
  ascii = g_hostname_to_ascii (display);
  /* After IDNA mapping: "ａ：99" became "a:99", so check the result. */
  if (ascii == NULL || *ascii == '\0' || strspn (ascii, HOST_CHARS) != strlen (ascii))
    return url_error (error, "“%s” is not a valid host name", display);
  url->host = g_ascii_strdown (ascii, -1);
  url->host_display = g_steal_pointer (&display);
  *consumed = host_length;
  return TRUE;
}

static gboolean
parse_authority (PortsideUrl *url, const char *authority, gsize length, GError **error)
{
  gsize consumed = 0;

  if (memchr (authority, '@', length) != NULL)
    return url_error (error, "User names and passwords in URLs are not supported; "
                             "send an Authorization header instead");
  if (length > 0 && authority[0] == '[')
    {
      if (!parse_ipv6_host (url, authority, length, &consumed, error))
        return FALSE;
    }
  else if (!parse_name_host (url, authority, length, &consumed, error))
    return FALSE;

  url->port = url->tls ? 443 : 80;
  if (consumed == length)
    return TRUE;
  if (authority[consumed] != ':')
    return url_error (error, "Unexpected “%.*s” after the host name",
                      (int) (g_utf8_next_char (authority + consumed) - (authority + consumed)),
                      authority + consumed);
  return parse_port (url, authority + consumed + 1, length - consumed - 1, error);
}

/* The target goes on the wire verbatim, so only refuse what cannot be sent. */
static gboolean
parse_target (PortsideUrl *url, const char *text, GError **error)
{
  gsize length = strcspn (text, "#");

  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];
      if (c == ' ')
        return url_error (error, "The URL contains a space; write it as %%20");
      if (c < 0x20 || c == 0x7f)
        return url_error (error, "The URL contains a control character (0x%02x)", c);
    }
  if (length == 0)
    url->target = g_strdup ("/");
  else if (text[0] == '?')
    url->target = g_strdup_printf ("/%.*s", (int) length, text);
  else
    url->target = g_strndup (text, length);
  return TRUE;
}

PortsideUrl *
portside_url_parse (const char *text, GError **error)
{
  g_autoptr(PortsideUrl) url = g_new0 (PortsideUrl, 1);
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *rest = NULL;
  gsize authority_length;

  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      url_error (error, "The URL is not valid UTF-8");
      return NULL;
    }
  if (*trimmed == '\0')
    {
      url_error (error, "The URL is empty");
      return NULL;
    }
  if (!parse_scheme (url, trimmed, &rest, error))
    return NULL;
  url->tls = g_str_equal (url->scheme, "https");
  authority_length = strcspn (rest, "/?#");
  if (!parse_authority (url, rest, authority_length, error) ||
      !parse_target (url, rest + authority_length, error))
    return NULL;
  return g_steal_pointer (&url);
}

PortsideUrl *
portside_url_copy (const PortsideUrl *url)
{
  PortsideUrl *copy = g_new0 (PortsideUrl, 1);

  *copy = *url;
  copy->scheme = g_strdup (url->scheme);
  copy->host = g_strdup (url->host);
  copy->host_display = g_strdup (url->host_display);
  copy->target = g_strdup (url->target);
  return copy;
}

void
portside_url_free (PortsideUrl *url)
{
  if (url == NULL)
    return;
  g_free (url->scheme);
  g_free (url->host);
  g_free (url->host_display);
  g_free (url->target);
  g_free (url);
}

char *
portside_url_host_header (const PortsideUrl *url)
{
  g_autofree char *host = url->ipv6_literal ? g_strdup_printf ("[%s]", url->host)
                                            : g_strdup (url->host);
  guint16 default_port = url->tls ? 443 : 80;

  if (url->port == default_port)
    return g_steal_pointer (&host);
  return g_strdup_printf ("%s:%u", host, url->port);
}

char *
portside_url_to_string (const PortsideUrl *url)
{
  g_autofree char *authority = portside_url_host_header (url);

  return g_strdup_printf ("%s://%s%s", url->scheme, authority, url->target);
}
