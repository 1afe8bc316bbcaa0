/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "portside-request.h"
#include "portside-error.h"

typedef struct
{
  char *name;
  char *value;
} Field;

static void
field_clear (gpointer data)
{
  Field *field = data;

  g_free (field->name);
  g_free (field->value);
}

static void
set_field (GArray *fields, const char *name, const char *value)
{
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = &g_array_index (fields, Field, i);
      if (g_ascii_strcasecmp (field->name, name) != 0)
        continue;
      if (value == NULL)
        {
          g_array_remove_index (fields, i);
          return;
        }
      g_free (field->value);
      field->value = g_strdup (value);
      return;
    }
  if (value != NULL)
    g_array_append_val (fields, ((Field) { g_strdup (name), g_strdup (value) }));
}

/* "Name: value" sets, "Name:" removes a default, "Name;" sends it empty (curl's rules). */
static gboolean
apply_user_header (GArray *fields, const char *header, GError **error)
{
  const char *sep = strpbrk (header, ":;");
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (sep == NULL || sep == header || strpbrk (header, "\r\n") != NULL)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE,
                   "Bad header “%s”: expected “Name: value” on one line", header);
      return FALSE;
    }
  name = g_strstrip (g_strndup (header, sep - header));
  value = g_strstrip (g_strdup (sep + 1));
  if (*sep == ':' && *value == '\0')
    set_field (fields, name, NULL);
  else
    set_field (fields, name, value);
  return TRUE;
}

GBytes *
portside_request_build (const PortsideUrl  *url,
                        const char         *method,
                        const char *const  *headers,
                        GBytes             *body,
                        GError            **error)
{
  g_autoptr(GArray) fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *host = portside_url_host_header (url);
  gsize body_length = body != NULL ? g_bytes_get_size (body) : 0;

  g_array_set_clear_func (fields, field_clear);
  set_field (fields, "Host", host);
  set_field (fields, "User-Agent", PORTSIDE_USER_AGENT);
  set_field (fields, "Accept", "*/*");
  if (body != NULL)
    {
      g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, body_length);
      set_field (fields, "Content-Length", length);
    }
  set_field (fields, "Connection", "close");
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    if (!apply_user_header (fields, headers[i], error))
      return NULL;

  g_string_append_printf (out, "%s %s HTTP/1.1\r\n", method, url->target);
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = &g_array_index (fields, Field, i);
      g_string_append_printf (out, "%s: %s\r\n", field->name, field->value);
    }
  g_string_append (out, "\r\n");
  if (body_length > 0)
    g_string_append_len (out, g_bytes_get_data (body, NULL), body_length);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

char *
portside_request_get_method (const guint8 *data,
                             gsize         length)
{
  gsize n = 0;

  while (n < length && n < 32 && g_ascii_isgraph (data[n]))
    n++;
  if (n == 0 || n >= length || data[n] != ' ')
    return NULL;
  return g_strndup ((const char *) data, n);
}
