/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab's request head parser. It is deliberately simple and tolerant: the
 * lab is a place to look at what a client sends, so it accepts odd spacing
 * and folded lines, and only refuses what it cannot make sense of at all.
 */
#include "portside-lab-private.h"

#include <string.h>

void
portside_lab_request_free (PortsideLabRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->request_line);
  g_free (request->method);
  g_free (request->target);
  g_free (request->version);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->names, g_ptr_array_unref);
  g_clear_pointer (&request->values, g_ptr_array_unref);
  g_free (request);
}

static gboolean
is_token (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* "http://host/a?b" (absolute form) becomes "/a?b"; origin form stays. */
static const char *
origin_form (const char *target)
{
  const char *scheme_end = strstr (target, "://");
  const char *slash;

  if (target[0] == '/' || scheme_end == NULL)
    return target;
  slash = strchr (scheme_end + 3, '/');
  return slash != NULL ? slash : "/";
}

static void
split_target (PortsideLabRequest *request)
{
  const char *origin = origin_form (request->target);
  const char *question = strchr (origin, '?');
  g_autofree char *raw_path = NULL;

  if (question != NULL)
    {
      raw_path = g_strndup (origin, question - origin);
      request->query = g_strdup (question + 1);
    }
  else
    raw_path = g_strdup (origin);

  request->path = g_uri_unescape_string (raw_path, NULL);
  if (request->path == NULL)
    request->path = g_steal_pointer (&raw_path);
}

static gboolean
parse_request_line (PortsideLabRequest *request,
                    const char         *line,
                    guint              *status)
{
  g_auto(GStrv) parts = g_strsplit_set (line, " \t", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (words, parts[i]);

  *status = 400;
  if (words->len != 3 || !is_token (words->pdata[0]))
    return FALSE;

  request->request_line = g_strdup (line);
  request->method = g_strdup (words->pdata[0]);
  request->target = g_strdup (words->pdata[1]);
  request->version = g_strdup (words->pdata[2]);
  if (!g_str_has_prefix (request->version, "HTTP/"))
    return FALSE;
  if (!g_str_equal (request->version, "HTTP/1.1") && !g_str_equal (request->version, "HTTP/1.0"))
    {
      *status = 505;
      return FALSE;
    }
  request->is_head = g_str_equal (request->method, "HEAD");
  split_target (request);
  return TRUE;
}

static gboolean
parse_header_line (PortsideLabRequest *request,
                   const char         *line)
{
  const char *colon;
  g_autofree char *name = NULL;

  /* obs-fold: a line starting with white space continues the last value. */
  if (line[0] == ' ' || line[0] == '\t')
    {
      char *last;

      if (request->values->len == 0)
        return FALSE;
      last = request->values->pdata[request->values->len - 1];
      request->values->pdata[request->values->len - 1] =
        g_strconcat (last, " ", g_strstrip (g_strdup (line)), NULL);
      g_free (last);
      return TRUE;
    }

  colon = strchr (line, ':');
  if (colon == NULL)
    return FALSE;
  name = g_strndup (line, colon - line);
  if (!is_token (name))
    return FALSE;
  g_ptr_array_add (request->names, g_steal_pointer (&name));
  g_ptr_array_add (request->values, g_strstrip (g_strdup (colon + 1)));
  return TRUE;
}

static gboolean
parse_lines (PortsideLabRequest *request,
             char              **lines,
             guint              *status)
{
  if (lines[0] == NULL || !parse_request_line (request, lines[0], status))
    return FALSE;

  *status = 400;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (!parse_header_line (request, lines[i]))
        return FALSE;
    }
  return TRUE;
}

PortsideLabRequest *
portside_lab_request_parse (const char *head,
                            gsize       length,
                            guint      *status)
{
  g_autoptr(PortsideLabRequest) request = g_new0 (PortsideLabRequest, 1);
  g_autofree char *text = g_strndup (head, length);
  g_auto(GStrv) lines = NULL;

  /* Lines end in CRLF, but a bare LF is tolerated (RFC 9112, 2.2). */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (lines[i], "\r"))
      lines[i][strlen (lines[i]) - 1] = '\0';

  request->names = g_ptr_array_new_with_free_func (g_free);
  request->values = g_ptr_array_new_with_free_func (g_free);
  if (!parse_lines (request, lines, status))
    return NULL;

  if (g_str_equal (request->version, "HTTP/1.1"))
    request->keep_alive = !portside_lab_request_has_token (request, "Connection", "close");
  else
    request->keep_alive = portside_lab_request_has_token (request, "Connection", "keep-alive");
  return g_steal_pointer (&request);
}

const char *
portside_lab_request_header (const PortsideLabRequest *request,
                             const char               *name)
{
  for (guint i = 0; i < request->names->len; i++)
    if (g_ascii_strcasecmp (request->names->pdata[i], name) == 0)
      return request->values->pdata[i];
  return NULL;
}

gboolean
portside_lab_request_has_token (const PortsideLabRequest *request,
                                const char               *name,
                                const char               *token)
{
  for (guint i = 0; i < request->names->len; i++)
    {
      g_auto(GStrv) items = NULL;

      if (g_ascii_strcasecmp (request->names->pdata[i], name) != 0)
        continue;
      items = g_strsplit (request->values->pdata[i], ",", -1);
      for (guint j = 0; items[j] != NULL; j++)
        if (g_ascii_strcasecmp (g_strstrip (items[j]), token) == 0)
          return TRUE;
    }
  return FALSE;
}

guint64
portside_lab_request_query_uint (const PortsideLabRequest *request,
                                 const char               *name,
                                 guint64                   fallback,
                                 guint64                   max)
{
  g_auto(GStrv) pairs = NULL;
  gsize name_len = strlen (name);

  /* Bounded: a silly query string is ignored rather than parsed. */
  if (request->query == NULL || strlen (request->query) > 4096)
    return fallback;

  pairs = g_strsplit (request->query, "&", 64);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      guint64 value;

      if (strncmp (pairs[i], name, name_len) != 0 || pairs[i][name_len] != '=')
        continue;
      if (!g_ascii_string_to_unsigned (pairs[i] + name_len + 1, 10, 0, G_MAXUINT64, &value, NULL))
        return fallback;
      return MIN (value, max);
    }
  return fallback;
}
