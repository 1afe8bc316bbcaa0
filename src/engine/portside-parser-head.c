/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The message head: the status line, the header and trailer field lines,
 * and the framing decision made at the end of the header section. Field
 * lines are held back one line (pending_*) until it is known that no
 * obs-fold continues them; Content-Length and Transfer-Encoding are
 * collected on the way and only judged once the section has ended.
 */
#include "portside-parser-private.h"

#include <string.h>

static const char * const forbidden_trailers[] = {
  "age", "authorization", "cache-control", "connection", "content-encoding",
  "content-length", "content-range", "content-type", "date", "expect",
  "expires", "host", "keep-alive", "location", "max-forwards", "pragma",
  "proxy-authenticate", "proxy-authorization", "range", "retry-after",
  "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "vary",
  "www-authenticate", NULL
};

static const char * const known_transfer_codings[] = {
  "chunked", "compress", "deflate", "gzip", "x-compress", "x-gzip", NULL
};

/* ---- helpers ------------------------------------------------------------ */

/* Field names and codings are case-insensitive. */
static gboolean
is_listed (const char * const *list,
           const char         *name)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
strip_ows (const char *start,
           const char *end)
{
  while (start < end && portside_parser_is_ows (*start))
    start++;
  while (end > start && portside_parser_is_ows (end[-1]))
    end--;
  return g_strndup (start, end - start);
}

/* ---- framing (RFC 9112 §6.3) --------------------------------------------- */

/* One element of a Content-Length list; returns why it is invalid, or NULL. */
static const char *
parse_length_element (const char *text,
                      guint64    *value)
{
  guint64 v = 0;

  if (*text == '\0')
    return "the value is empty";
  if (*text == '+' || *text == '-')
    return "a length cannot have a sign";
  for (const char *p = text; *p != '\0'; p++)
    {
      if (portside_parser_is_ows (*p))
        return "the value contains spaces";
      if (!g_ascii_isdigit (*p))
        return "the value is not a number";
      if (v > (G_MAXUINT64 - (*p - '0')) / 10)
        return "the value is too large";
      v = v * 10 + (*p - '0');
    }
  *value = v;
  return NULL;
}

/* A list of identical values is allowed (RFC 9110 §8.6); *is_list says so. */
static const char *
parse_content_length (const char *text,
                      guint64    *value,
                      gboolean   *is_list)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  /* g_strsplit gives no element at all for "", which would read as 0. */
  if (parts[0] == NULL)
    return "the value is empty";
  *is_list = g_strv_length (parts) > 1;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *element = strip_ows (parts[i], parts[i] + strlen (parts[i]));
      const char *why;
      guint64 v = 0;

      if ((why = parse_length_element (element, &v)) != NULL)
        return why;
      if (i > 0 && v != *value)
        return "it lists different values";
      *value = v;
    }
  return NULL;
}

static gboolean
decide_transfer_coding (PortsideParser *self)
{
  g_auto(GStrv) parts = g_strsplit (self->transfer_encoding.values->str, ",", -1);
  guint64 at = self->transfer_encoding.at;
  gboolean chunked_last = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *params = strchr (parts[i], ';');
      const char *end = params != NULL ? params : parts[i] + strlen (parts[i]);
      g_autofree char *coding = strip_ows (parts[i], end);

      if (*coding == '\0')
        continue;
      if (chunked_last &&
          !portside_parser_report (self, at, "RFC 9112 §6.1", FALSE,
                                   "The chunked transfer coding must be the last one applied"))
        return FALSE;
      chunked_last = g_ascii_strcasecmp (coding, "chunked") == 0;
      if (!is_listed (known_transfer_codings, coding))
        {
          g_autofree char *shown = portside_parser_quote_bytes (coding, strlen (coding));

          if (!portside_parser_report (self, at, "RFC 9112 §7", FALSE,
                                       "Unknown transfer coding \"%s\"", shown))
            return FALSE;
        }
    }
  self->framing = chunked_last ? PORTSIDE_FRAMING_CHUNKED : PORTSIDE_FRAMING_CLOSE;
  return chunked_last ||
         portside_parser_report (self, at, "RFC 9112 §6.3", FALSE,
                                 "Transfer-Encoding does not end with chunked, so the body "
                                 "runs until the connection closes");
}

static gboolean
decide_with_transfer_encoding (PortsideParser *self)
{
  self->must_close = self->content_length.present || self->http10;
  if (self->content_length.present &&
      !portside_parser_report (self, self->content_length.at, "RFC 9112 §6.3", FALSE,
                               "The response has both Transfer-Encoding and Content-Length: "
                               "Transfer-Encoding wins and the connection must close"))
    return FALSE;
  if (self->http10 &&
      !portside_parser_report (self, self->transfer_encoding.at, "RFC 9112 §6.1", FALSE,
                               "An HTTP/1.0 response must not use Transfer-Encoding, "
                               "so its framing is faulty"))
    return FALSE;
  return decide_transfer_coding (self);
}

/* Parses the Content-Length fields; only fatal when they frame the body. */
static gboolean
check_content_length (PortsideParser *self,
                      gboolean        framing)
{
  guint64 value = 0;
  gboolean is_list = FALSE;
  GString *values = self->content_length.values;
  const char *why;

  if (!self->content_length.present)
    return TRUE;
  why = parse_content_length (values->str, &value, &is_list);
  if (why != NULL)
    {
      g_autofree char *shown = portside_parser_quote_bytes (values->str, values->len);
      return portside_parser_report (self, self->content_length.at, "RFC 9112 §6.3", framing,
                                     "Invalid Content-Length \"%s\": %s", shown, why);
    }
  self->body_length = value;
  if (is_list)
    return portside_parser_report (self, self->content_length.at, "RFC 9110 §8.6", FALSE,
                                   "Content-Length is a list of identical values");
  return TRUE;
}

static gboolean
decide_framing (PortsideParser *self)
{
  gboolean no_body = self->options.head_request || self->status == 101 ||
                     self->status == 204 || self->status == 304;

  self->body_length = 0;
  if (no_body)
    {
      self->framing = PORTSIDE_FRAMING_NONE;
      if (self->status == 204 && self->content_length.present &&
          !portside_parser_report (self, self->content_length.at, "RFC 9110 §8.6", FALSE,
                                   "A 204 response must not have a Content-Length"))
        return FALSE;
      return check_content_length (self, FALSE);
    }
  if (self->transfer_encoding.present)
    return decide_with_transfer_encoding (self);
  if (!self->content_length.present)
    {
      self->framing = PORTSIDE_FRAMING_CLOSE;
      return TRUE;
    }
  self->framing = PORTSIDE_FRAMING_CONTENT_LENGTH;
  return check_content_length (self, TRUE);
}

/* ---- header sections ---------------------------------------------------- */

static void
note_framing_field (FramingField *field,
                    const char   *value,
                    guint64       at)
{
  if (field->present)
    g_string_append_c (field->values, ',');
  else
    field->at = at;
  field->present = TRUE;
  g_string_append (field->values, value);
}

/* Delivers the held-back field line, now that no obs-fold can extend it. */
gboolean
portside_parser_flush_pending (PortsideParser *self,
                               gboolean        trailer)
{
  const char *name = self->pending_name->str;
  const char *value = self->pending_value->str;

  if (!self->has_pending)
    return TRUE;
  self->has_pending = FALSE;
  if (trailer && is_listed (forbidden_trailers, name) &&
      !portside_parser_report (self, self->pending_at, "RFC 9110 §6.5.1", FALSE,
                               "The field \"%s\" is not allowed in a trailer section", name))
    return FALSE;
  if (!trailer && g_ascii_strcasecmp (name, "content-length") == 0)
    note_framing_field (&self->content_length, value, self->pending_at);
  else if (!trailer && g_ascii_strcasecmp (name, "transfer-encoding") == 0)
    note_framing_field (&self->transfer_encoding, value, self->pending_at);
  if (self->cb.header != NULL)
    self->cb.header (self->user_data, name, value, trailer);
  return TRUE;
}

static void
start_body (PortsideParser *self)
{
  switch (self->framing)
    {
    case PORTSIDE_FRAMING_CONTENT_LENGTH:
      self->remaining = self->body_length;
      self->state = STATE_BODY_LENGTH;
      if (self->remaining == 0)
        portside_parser_complete (self);
      break;
    case PORTSIDE_FRAMING_CHUNKED:
      self->state = STATE_CHUNK_SIZE;
      break;
    case PORTSIDE_FRAMING_CLOSE:
      self->state = STATE_BODY_CLOSE;
      break;
    case PORTSIDE_FRAMING_NONE:
    default:
      portside_parser_complete (self);
      break;
    }
}

static void
reset_message (PortsideParser *self)
{
  self->n_fields = 0;
  self->section_bytes = 0;
  self->has_pending = FALSE;
  self->http10 = FALSE;
  self->content_length.present = FALSE;
  self->transfer_encoding.present = FALSE;
  g_string_truncate (self->content_length.values, 0);
  g_string_truncate (self->transfer_encoding.values, 0);
}

static void
end_section (PortsideParser *self,
             guint64         end)
{
  gboolean interim = self->interim;

  if (self->state == STATE_TRAILER)
    {
      portside_parser_emit_span (self, PORTSIDE_SPAN_HEADERS_END, end);
      portside_parser_complete (self);
      return;
    }
  if (interim)
    {
      self->framing = PORTSIDE_FRAMING_NONE;
      self->body_length = 0;
    }
  else if (!decide_framing (self))
    return;
  portside_parser_emit_span (self, PORTSIDE_SPAN_HEADERS_END, end);
  if (self->cb.headers_end != NULL)
    self->cb.headers_end (self->user_data, interim, self->framing, self->body_length);
  if (interim)
    {
      self->n_interim++;
      reset_message (self);
      self->state = STATE_STATUS_LINE;
    }
  else
    start_body (self);
}

static const char *
section_name (PortsideParser *self)
{
  return self->state == STATE_TRAILER ? "trailer section" : "header section";
}

static gboolean
is_tchar (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 9110 §5.5: NUL is replaced by SP; other controls are only noted. */
static gboolean
check_value (PortsideParser *self,
             char           *value,
             gsize           length)
{
  gboolean nul = FALSE, control = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = value[i];
      if (c == '\0')
        {
          value[i] = ' ';
          nul = TRUE;
        }
      else if ((c < 0x20 && c != '\t') || c == 0x7f)
        control = TRUE;
    }
  if (nul &&
      !portside_parser_report (self, self->line_start, "RFC 9110 §5.5", FALSE,
                               "The field line at byte %" G_GUINT64_FORMAT " contains NUL, "
                               "read as a space", self->line_start))
    return FALSE;
  return !control ||
         portside_parser_report (self, self->line_start, "RFC 9110 §5.5", FALSE,
                                 "The field line at byte %" G_GUINT64_FORMAT " contains "
                                 "control characters", self->line_start);
}

static gboolean
handle_obs_fold (PortsideParser *self,
                 char           *text,
                 gsize           length)
{
  g_autofree char *rest = NULL;

  if (!self->has_pending)
    return portside_parser_report (self, self->line_start, "RFC 9112 §2.2", TRUE,
                                   "The line at byte %" G_GUINT64_FORMAT " starts with whitespace "
                                   "but follows no field line", self->line_start);
  if (!portside_parser_report (self, self->line_start, "RFC 9112 §5.2", FALSE,
                               "The line at byte %" G_GUINT64_FORMAT " continues the "
                               "previous field (obsolete line folding), read as a space",
                               self->line_start) ||
      !check_value (self, text, length))
    return FALSE;
  rest = strip_ows (text, text + length);
  if (*rest != '\0')
    g_string_append_printf (self->pending_value, " %s", rest);
  return TRUE;
}

static gboolean
check_field_name (PortsideParser *self,
                  const char     *text,
                  gsize           name_length)
{
  guint64 at = self->line_start;
  g_autofree char *shown = portside_parser_quote_bytes (text, name_length);

  if (name_length == 0)
    return portside_parser_report (self, at, "RFC 9112 §5", TRUE,
                                   "The field line at byte %" G_GUINT64_FORMAT " has an "
                                   "empty name", at);
  if (portside_parser_is_ows (text[name_length - 1]))
    return portside_parser_report (self, at, "RFC 9112 §5.1", TRUE,
                                   "The field name \"%s\" at byte %" G_GUINT64_FORMAT " is "
                                   "followed by whitespace before the colon", shown, at);
  for (gsize i = 0; i < name_length; i++)
    if (!is_tchar (text[i]))
      return portside_parser_report (self, at, "RFC 9110 §5.1", TRUE,
                                     "The field name \"%s\" at byte %" G_GUINT64_FORMAT
                                     " contains an invalid character", shown, at);
  return TRUE;
}

static gboolean
handle_field (PortsideParser *self,
              char           *text,
              gsize           length)
{
  const char *colon = memchr (text, ':', length);
  gsize name_length = colon != NULL ? (gsize) (colon - text) : 0;
  g_autofree char *value = NULL;

  if (colon == NULL)
    return portside_parser_report (self, self->line_start, "RFC 9112 §5", TRUE,
                                   "The field line at byte %" G_GUINT64_FORMAT " has no colon",
                                   self->line_start);
  if (!check_field_name (self, text, name_length) ||
      !check_value (self, text + name_length + 1, length - name_length - 1))
    return FALSE;
  if (++self->n_fields > self->options.max_headers)
    return portside_parser_report (self, self->line_start, "RFC 9110 §5.4", TRUE,
                                   "The %s has more than %u fields, Portside's limit",
                                   section_name (self), self->options.max_headers);
  value = strip_ows (colon + 1, text + length);
  g_string_truncate (self->pending_name, 0);
  g_string_append_len (self->pending_name, text, name_length);
  g_string_assign (self->pending_value, value);
  self->pending_at = self->line_start;
  self->has_pending = TRUE;
  return TRUE;
}

void
portside_parser_handle_field_line (PortsideParser *self,
                                   char           *text,
                                   gsize           length,
                                   guint64         end)
{
  gboolean trailer = self->state == STATE_TRAILER;
  PortsideSpanKind kind = trailer ? PORTSIDE_SPAN_TRAILER : PORTSIDE_SPAN_HEADER;

  self->section_bytes += end - self->line_start;
  if (self->section_bytes > self->options.max_header_bytes &&
      !portside_parser_report (self, self->line_start, "RFC 9110 §5.4", TRUE,
                               "The %s is larger than Portside's limit of %" G_GSIZE_FORMAT
                               " bytes", section_name (self), self->options.max_header_bytes))
    return;
  if (length > 0 && portside_parser_is_ows (text[0]))
    {
      if (handle_obs_fold (self, text, length))
        portside_parser_emit_span (self, kind, end);
      return;
    }
  if (!portside_parser_flush_pending (self, trailer))
    return;
  if (length == 0)
    end_section (self, end);
  else if (handle_field (self, text, length))
    portside_parser_emit_span (self, kind, end);
}

/* ---- the status line (RFC 9112 §4) -------------------------------------- */

static gboolean
check_status_code (PortsideParser *self,
                   const char     *text,
                   gsize           length,
                   guint          *code)
{
  g_autofree char *shown = portside_parser_quote_bytes (text, length);

  if (length < 12 || text[8] != ' ' || !g_ascii_isdigit (text[9]) ||
      !g_ascii_isdigit (text[10]) || !g_ascii_isdigit (text[11]))
    return portside_parser_report (self, self->line_start, "RFC 9112 §4", TRUE,
                                   "The status line \"%s\" has no three-digit status code",
                                   shown);
  *code = (text[9] - '0') * 100 + (text[10] - '0') * 10 + (text[11] - '0');
  if (*code < 100 || *code > 599)
    return portside_parser_report (self, self->line_start, "RFC 9110 §15", TRUE,
                                   "The status code %u is outside the range 100 to 599", *code);
  if (length > 12 && text[12] != ' ')
    return portside_parser_report (self, self->line_start, "RFC 9112 §4", TRUE,
                                   "The status line \"%s\" has no space after the status "
                                   "code", shown);
  if (length == 12)
    return portside_parser_report (self, self->line_start, "RFC 9112 §4", FALSE,
                                   "The status line has no space after the status code");
  return TRUE;
}

static gboolean
check_status_line (PortsideParser *self,
                   const char     *text,
                   gsize           length,
                   guint          *code)
{
  g_autofree char *shown = portside_parser_quote_bytes (text, length);

  /* "HTTP/" itself was checked as soon as it arrived. */
  if (length < 8 || !g_ascii_isdigit (text[5]) || text[6] != '.' || !g_ascii_isdigit (text[7]))
    return portside_parser_report (self, self->line_start, "RFC 9112 §2.3", TRUE,
                                   "The status line \"%s\" has no valid HTTP version", shown);
  if (text[5] != '1')
    return portside_parser_report (self, self->line_start, "RFC 9112 §2.3", TRUE,
                                   "The server answered with HTTP/%c.%c instead of HTTP/1.x",
                                   text[5], text[7]);
  if (!check_status_code (self, text, length, code))
    return FALSE;
  for (gsize i = 13; i < length; i++)
    if (((guchar) text[i] < 0x20 && text[i] != '\t') || text[i] == 0x7f)
      return portside_parser_report (self, self->line_start, "RFC 9112 §4", FALSE,
                                     "The reason phrase contains control characters");
  return TRUE;
}

void
portside_parser_handle_status_line (PortsideParser *self,
                                    const char     *text,
                                    gsize           length,
                                    guint64         end)
{
  g_autofree char *version = NULL;
  guint code = 0;

  if (!check_status_line (self, text, length, &code))
    return;
  /* After a 101 the connection speaks another protocol: it ends our message. */
  self->interim = code < 200 && code != 101;
  if (self->interim && self->n_interim >= self->options.max_interim)
    {
      portside_parser_report (self, self->line_start, "RFC 9110 §15.2", TRUE,
                              "The server sent more than %u interim (1xx) responses, "
                              "Portside's limit", self->options.max_interim);
      return;
    }
  version = g_strndup (text, 8);
  self->status = code;
  self->http10 = text[7] == '0';
  self->section_bytes = end - self->line_start;
  portside_parser_emit_span (self, PORTSIDE_SPAN_STATUS_LINE, end);
  if (self->cb.status != NULL)
    self->cb.status (self->user_data, version, self->status,
                     length > 13 ? text + 13 : "", self->interim);
  self->state = STATE_HEADER;
}

/* An HTTP/0.9 response (or something else entirely) has no status line and
 * may never send a line feed, so the first five bytes are checked at once. */
gboolean
portside_parser_check_http_prefix (PortsideParser *self,
                                   const guint8   *data,
                                   gsize           length)
{
  static const char prefix[] = "HTTP/";

  for (gsize i = self->line->len; i < 5 && i - self->line->len < length; i++)
    if (data[i - self->line->len] != (guint8) prefix[i])
      return portside_parser_report (self, self->line_start, "RFC 9112 §4", TRUE,
                                     "The server did not send a status line "
                                     "(HTTP/0.9 or not HTTP)");
  return TRUE;
}

