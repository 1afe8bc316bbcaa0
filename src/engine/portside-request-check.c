/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw mode sends the user's bytes exactly as typed. This file only looks at
 * them and says, in plain words, what a server is likely to object to.
 */
#include <string.h>

#include "portside-request.h"

static void
check_line_ends (GPtrArray *warnings, const guint8 *data, gsize length)
{
  guint line = 1;
  gboolean bare_lf = FALSE, bare_cr = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\n')
        {
          if (!bare_lf && (i == 0 || data[i - 1] != '\r'))
            {
              g_ptr_array_add (warnings, g_strdup_printf (
                "Line %u ends with a bare LF instead of CRLF (RFC 9112 §2.2)", line));
              bare_lf = TRUE;
            }
          line++;
        }
      else if (data[i] == '\r' && (i + 1 >= length || data[i + 1] != '\n') && !bare_cr)
        {
          g_ptr_array_add (warnings, g_strdup_printf (
            "Line %u has a CR that is not followed by LF (RFC 9112 §2.2)", line));
          bare_cr = TRUE;
        }
    }
}

/* Whether a header line "name:" appears in the head (case-insensitive). */
static gboolean
head_has_field (const char *head, const char *name)
{
  g_autofree char *needle = g_strdup_printf ("\n%s:", name);
  g_autofree char *lower = g_ascii_strdown (head, -1);

  return strstr (lower, needle) != NULL;
}

static gboolean
request_line_ok (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", -1);

  return g_strv_length (parts) == 3 && *parts[0] != '\0' && *parts[1] != '\0' &&
         g_str_has_prefix (parts[2], "HTTP/");
}

/* Works on the header section as text, tolerating bare LF so it can still
 * find the Host header in a request that also has other problems. */
static void
check_head (GPtrArray *warnings, const char *head)
{
  g_auto(GStrv) lines = g_strsplit (head, "\n", -1);
  gboolean has_host = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);
  if (lines[0] == NULL || !request_line_ok (lines[0]))
    g_ptr_array_add (warnings, g_strdup (
      "The first line is not “METHOD TARGET HTTP/1.1” (RFC 9112 §3)"));
  for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "host:", 5) == 0)
      has_host = TRUE;
  if (!has_host && strstr (lines[0] != NULL ? lines[0] : "", "HTTP/1.1") != NULL)
    g_ptr_array_add (warnings, g_strdup (
      "There is no Host header, which HTTP/1.1 requires (RFC 9112 §3.2)"));
}

static const char *
find_head_end (const char *text, gsize length, gsize *separator)
{
  const char *crlf = g_strstr_len (text, length, "\r\n\r\n");
  const char *lf = g_strstr_len (text, length, "\n\n");

  if (crlf != NULL && (lf == NULL || crlf < lf))
    {
      *separator = 4;
      return crlf;
    }
  *separator = 2;
  return lf;
}

GPtrArray *
portside_request_check_raw (const guint8 *data,
                            gsize         length)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  const char *text = (const char *) data;
  gsize separator = 0, body_length;
  const char *end;
  g_autofree char *head = NULL;

  if (length == 0)
    {
      g_ptr_array_add (warnings, g_strdup ("The request is empty"));
      return warnings;
    }
  check_line_ends (warnings, data, length);
  end = find_head_end (text, length, &separator);
  head = g_strndup (text, end != NULL ? (gsize) (end - text) : length);
  check_head (warnings, head);
  if (end == NULL)
    {
      g_ptr_array_add (warnings, g_strdup (
        "The header section does not end with an empty line, so the server will wait for more"));
      return warnings;
    }
  body_length = length - (gsize) (end - text) - separator;
  if (body_length > 0 && !head_has_field (head, "content-length") &&
      !head_has_field (head, "transfer-encoding"))
    g_ptr_array_add (warnings, g_strdup_printf (
      "%" G_GSIZE_FORMAT " bytes follow the header section but there is no Content-Length: "
      "the server may read them as another request", body_length));
  return warnings;
}
