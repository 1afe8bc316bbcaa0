/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser works in two modes. Lines (status, field, chunk-size, the CRLF
 * after chunk data) are collected in a small buffer bounded by the line limit
 * and handled whole, so their span and callbacks do not depend on how the
 * bytes were split. Counted or close-delimited bytes (body, chunk data, extra)
 * are reported straight from the caller's buffer: one span and one callback
 * per feed, no copy and no per-byte work.
 *
 * `covered` is how far spans have been reported. A fatal violation turns
 * everything from there on (the offending line and all later bytes) into
 * INVALID spans, so no received byte is ever left uncoloured.
 */
#include "portside-parser.h"
#include "portside-error.h"

#include <string.h>

#define MIN_LINE_LIMIT 16

typedef enum
{
  STATE_STATUS_LINE,
  STATE_HEADER,
  STATE_BODY_LENGTH,
  STATE_BODY_CLOSE,
  STATE_CHUNK_SIZE,
  STATE_CHUNK_DATA,
  STATE_CHUNK_END,
  STATE_TRAILER,
  STATE_COMPLETE,
  STATE_FAILED,
} ParserState;

/* All values of Content-Length or Transfer-Encoding, joined with commas. */
typedef struct
{
  GString  *values;
  guint64   at;          /* where the first field line started */
  gboolean  present;
} FramingField;

struct _PortsideParser
{
  PortsideParserOptions   options;
  PortsideParserCallbacks cb;
  gpointer                user_data;

  ParserState     state;
  guint64         offset;        /* stream offset of the next byte to consume */
  guint64         covered;       /* bytes already reported as spans */
  GByteArray     *line;
  guint64         line_start;

  /* The current response (reset after each interim one). */
  guint           status;
  gboolean        interim;
  gboolean        http10;
  guint           n_interim;
  guint           n_fields;
  gsize           section_bytes;
  GString        *pending_name;  /* held back until we know no obs-fold follows */
  GString        *pending_value;
  guint64         pending_at;
  gboolean        has_pending;
  FramingField    content_length;
  FramingField    transfer_encoding;

  PortsideFraming framing;
  guint64         body_length;
  guint64         remaining;     /* of the Content-Length body or current chunk */
  gboolean        saw_bare_lf;
  gboolean        saw_extra;
  gboolean        must_close;
  GError         *error;
};

static gboolean report (PortsideParser *self,
                        guint64         offset,
                        const char     *section,
                        gboolean        fatal,
                        const char     *format,
                        ...) G_GNUC_PRINTF (5, 6);

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

/* ---- reporting ---------------------------------------------------------- */

static void
emit_span (PortsideParser   *self,
           PortsideSpanKind  kind,
           guint64           end)
{
  g_assert (end >= self->covered);
  if (end > self->covered && self->cb.span != NULL)
    self->cb.span (self->user_data, kind, self->covered, end - self->covered);
  self->covered = end;
}

/* Returns FALSE when the violation is fatal: the parser has then failed. */
static gboolean
report (PortsideParser *self,
        guint64         offset,
        const char     *section,
        gboolean        fatal,
        const char     *format,
        ...)
{
  g_autofree char *message = NULL;
  PortsideViolation violation;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  violation.offset = offset;
  violation.section = section;
  violation.message = message;
  violation.fatal = fatal || self->options.strict;
  if (self->cb.violation != NULL)
    self->cb.violation (self->user_data, &violation);
  if (!violation.fatal)
    return TRUE;

  self->state = STATE_FAILED;
  g_clear_error (&self->error);
  self->error = g_error_new (PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL,
                             "%s (%s)", message, section);
  return FALSE;
}

/* A short, printable copy of received bytes for messages. */
static char *
quote_bytes (const char *text,
             gsize       length)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length && i < 40; i++)
    {
      guchar c = text[i];
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  if (length > 40)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
complete (PortsideParser *self)
{
  self->state = STATE_COMPLETE;
  if (self->cb.complete != NULL)
    self->cb.complete (self->user_data);
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

/* ---- framing (RFC 9112 §6.3) --------------------------------------------- */

static gboolean
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

static char *
strip_ows (const char *start,
           const char *end)
{
  while (start < end && is_ows (*start))
    start++;
  while (end > start && is_ows (end[-1]))
    end--;
  return g_strndup (start, end - start);
}

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
      if (is_ows (*p))
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
is_known_transfer_coding (const char *coding)
{
  for (guint i = 0; known_transfer_codings[i] != NULL; i++)
    if (g_ascii_strcasecmp (coding, known_transfer_codings[i]) == 0)
      return TRUE;
  return FALSE;
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
      if (chunked_last && !report (self, at, "RFC 9112 §6.1", FALSE,
                                   "The chunked transfer coding must be the last one applied"))
        return FALSE;
      chunked_last = g_ascii_strcasecmp (coding, "chunked") == 0;
      if (!is_known_transfer_coding (coding) &&
          !report (self, at, "RFC 9112 §7", FALSE, "Unknown transfer coding \"%s\"", coding))
        return FALSE;
    }
  self->framing = chunked_last ? PORTSIDE_FRAMING_CHUNKED : PORTSIDE_FRAMING_CLOSE;
  return chunked_last || report (self, at, "RFC 9112 §6.3", FALSE,
                                 "Transfer-Encoding does not end with chunked, so the body "
                                 "runs until the connection closes");
}

static gboolean
decide_with_transfer_encoding (PortsideParser *self)
{
  self->must_close = self->content_length.present || self->http10;
  if (self->content_length.present &&
      !report (self, self->content_length.at, "RFC 9112 §6.3", FALSE,
               "The response has both Transfer-Encoding and Content-Length: "
               "Transfer-Encoding wins and the connection must close"))
    return FALSE;
  if (self->http10 &&
      !report (self, self->transfer_encoding.at, "RFC 9112 §6.1", FALSE,
               "An HTTP/1.0 response must not use Transfer-Encoding, so its framing is faulty"))
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
      g_autofree char *shown = quote_bytes (values->str, values->len);
      return report (self, self->content_length.at, "RFC 9112 §6.3", framing,
                     "Invalid Content-Length \"%s\": %s", shown, why);
    }
  self->body_length = value;
  if (is_list)
    return report (self, self->content_length.at, "RFC 9110 §8.6", FALSE,
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
          !report (self, self->content_length.at, "RFC 9110 §8.6", FALSE,
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

static gboolean
is_forbidden_trailer (const char *name)
{
  for (guint i = 0; forbidden_trailers[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, forbidden_trailers[i]) == 0)
      return TRUE;
  return FALSE;
}

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
static gboolean
flush_pending (PortsideParser *self,
               gboolean        trailer)
{
  const char *name = self->pending_name->str;
  const char *value = self->pending_value->str;

  if (!self->has_pending)
    return TRUE;
  self->has_pending = FALSE;
  if (trailer && is_forbidden_trailer (name) &&
      !report (self, self->pending_at, "RFC 9110 §6.5.1", FALSE,
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
        complete (self);
      break;
    case PORTSIDE_FRAMING_CHUNKED:
      self->state = STATE_CHUNK_SIZE;
      break;
    case PORTSIDE_FRAMING_CLOSE:
      self->state = STATE_BODY_CLOSE;
      break;
    case PORTSIDE_FRAMING_NONE:
    default:
      complete (self);
      break;
    }
}

static void
end_section (PortsideParser *self,
             guint64         end)
{
  gboolean interim = self->interim;

  if (self->state == STATE_TRAILER)
    {
      emit_span (self, PORTSIDE_SPAN_HEADERS_END, end);
      complete (self);
      return;
    }
  if (interim)
    {
      self->framing = PORTSIDE_FRAMING_NONE;
      self->body_length = 0;
    }
  else if (!decide_framing (self))
    return;
  emit_span (self, PORTSIDE_SPAN_HEADERS_END, end);
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
  if (nul && !report (self, self->line_start, "RFC 9110 §5.5", FALSE,
                      "The field line at byte %" G_GUINT64_FORMAT " contains NUL, "
                      "read as a space", self->line_start))
    return FALSE;
  return !control || report (self, self->line_start, "RFC 9110 §5.5", FALSE,
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
    return report (self, self->line_start, "RFC 9112 §2.2", TRUE,
                   "The line at byte %" G_GUINT64_FORMAT " starts with whitespace "
                   "but follows no field line", self->line_start);
  if (!report (self, self->line_start, "RFC 9112 §5.2", FALSE,
               "The line at byte %" G_GUINT64_FORMAT " continues the previous field "
               "(obsolete line folding), read as a space", self->line_start) ||
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
  g_autofree char *shown = quote_bytes (text, name_length);

  if (name_length == 0)
    return report (self, at, "RFC 9112 §5", TRUE,
                   "The field line at byte %" G_GUINT64_FORMAT " has an empty name", at);
  if (is_ows (text[name_length - 1]))
    return report (self, at, "RFC 9112 §5.1", TRUE,
                   "The field name \"%s\" at byte %" G_GUINT64_FORMAT " is followed by "
                   "whitespace before the colon", shown, at);
  for (gsize i = 0; i < name_length; i++)
    if (!is_tchar (text[i]))
      return report (self, at, "RFC 9110 §5.1", TRUE,
                     "The field name \"%s\" at byte %" G_GUINT64_FORMAT " contains an "
                     "invalid character", shown, at);
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
    return report (self, self->line_start, "RFC 9112 §5", TRUE,
                   "The field line at byte %" G_GUINT64_FORMAT " has no colon",
                   self->line_start);
  if (!check_field_name (self, text, name_length) ||
      !check_value (self, text + name_length + 1, length - name_length - 1))
    return FALSE;
  if (++self->n_fields > self->options.max_headers)
    return report (self, self->line_start, "RFC 9110 §5.4", TRUE,
                   "The %s has more than %u fields, Portside's limit",
                   self->state == STATE_TRAILER ? "trailer section" : "header section",
                   self->options.max_headers);
  value = strip_ows (colon + 1, text + length);
  g_string_truncate (self->pending_name, 0);
  g_string_append_len (self->pending_name, text, name_length);
  g_string_assign (self->pending_value, value);
  self->pending_at = self->line_start;
  self->has_pending = TRUE;
  return TRUE;
}

static void
handle_field_line (PortsideParser *self,
                   char           *text,
                   gsize           length,
                   guint64         end)
{
  gboolean trailer = self->state == STATE_TRAILER;

  self->section_bytes += end - self->line_start;
  if (self->section_bytes > self->options.max_header_bytes &&
      !report (self, self->line_start, "RFC 9110 §5.4", TRUE,
               "The %s is larger than Portside's limit of %" G_GSIZE_FORMAT " bytes",
               trailer ? "trailer section" : "header section", self->options.max_header_bytes))
    return;
  if (length > 0 && is_ows (text[0]))
    {
      if (handle_obs_fold (self, text, length))
        emit_span (self, trailer ? PORTSIDE_SPAN_TRAILER : PORTSIDE_SPAN_HEADER, end);
      return;
    }
  if (!flush_pending (self, trailer))
    return;
  if (length == 0)
    end_section (self, end);
  else if (handle_field (self, text, length))
    emit_span (self, trailer ? PORTSIDE_SPAN_TRAILER : PORTSIDE_SPAN_HEADER, end);
}

/* ---- the status line (RFC 9112 §4) -------------------------------------- */

static gboolean
check_status_code (PortsideParser *self,
                   const char     *text,
                   gsize           length,
                   guint          *code)
{
  g_autofree char *shown = quote_bytes (text, length);

  if (length < 12 || text[8] != ' ' || !g_ascii_isdigit (text[9]) ||
      !g_ascii_isdigit (text[10]) || !g_ascii_isdigit (text[11]))
    return report (self, self->line_start, "RFC 9112 §4", TRUE,
                   "The status line \"%s\" has no three-digit status code", shown);
  *code = (text[9] - '0') * 100 + (text[10] - '0') * 10 + (text[11] - '0');
  if (*code < 100 || *code > 599)
    return report (self, self->line_start, "RFC 9110 §15", TRUE,
                   "The status code %u is outside the range 100 to 599", *code);
  if (length > 12 && text[12] != ' ')
    return report (self, self->line_start, "RFC 9112 §4", TRUE,
                   "The status line \"%s\" has no space after the status code", shown);
  if (length == 12)
    return report (self, self->line_start, "RFC 9112 §4", FALSE,
                   "The status line has no space after the status code");
  return TRUE;
}

static gboolean
check_status_line (PortsideParser *self,
                   const char     *text,
                   gsize           length,
                   guint          *code)
{
  g_autofree char *shown = quote_bytes (text, length);

  /* "HTTP/" itself was checked as soon as it arrived. */
  if (length < 8 || !g_ascii_isdigit (text[5]) || text[6] != '.' || !g_ascii_isdigit (text[7]))
    return report (self, self->line_start, "RFC 9112 §2.3", TRUE,
                   "The status line \"%s\" has no valid HTTP version", shown);
  if (text[5] != '1')
    return report (self, self->line_start, "RFC 9112 §2.3", TRUE,
                   "The server answered with HTTP/%c.%c instead of HTTP/1.x", text[5], text[7]);
  if (!check_status_code (self, text, length, code))
    return FALSE;
  for (gsize i = 13; i < length; i++)
    if (((guchar) text[i] < 0x20 && text[i] != '\t') || text[i] == 0x7f)
      return report (self, self->line_start, "RFC 9112 §4", FALSE,
                     "The reason phrase contains control characters");
  return TRUE;
}

static void
handle_status_line (PortsideParser *self,
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
      report (self, self->line_start, "RFC 9110 §15.2", TRUE,
              "The server sent more than %u interim (1xx) responses, Portside's limit",
              self->options.max_interim);
      return;
    }
  version = g_strndup (text, 8);
  self->status = code;
  self->http10 = text[7] == '0';
  self->section_bytes = end - self->line_start;
  emit_span (self, PORTSIDE_SPAN_STATUS_LINE, end);
  if (self->cb.status != NULL)
    self->cb.status (self->user_data, version, self->status,
                     length > 13 ? text + 13 : "", self->interim);
  self->state = STATE_HEADER;
}

/* An HTTP/0.9 response (or something else entirely) has no status line and
 * may never send a line feed, so the first five bytes are checked at once. */
static gboolean
check_http_prefix (PortsideParser *self,
                   const guint8   *data,
                   gsize           length)
{
  static const char prefix[] = "HTTP/";

  for (gsize i = self->line->len; i < 5 && i - self->line->len < length; i++)
    if (data[i - self->line->len] != (guint8) prefix[i])
      return report (self, self->line_start, "RFC 9112 §4", TRUE,
                     "The server did not send a status line (HTTP/0.9 or not HTTP)");
  return TRUE;
}

/* ---- chunks (RFC 9112 §7.1) --------------------------------------------- */

static gboolean
parse_chunk_size (PortsideParser *self,
                  const char     *text,
                  gsize           length,
                  guint64        *size,
                  gsize          *digits)
{
  g_autofree char *shown = quote_bytes (text, length);
  guint64 value = 0;
  gsize i, j;

  for (i = 0; i < length && g_ascii_isxdigit (text[i]); i++)
    {
      if (value > (guint64) G_MAXINT64 >> 4)
        return report (self, self->line_start, "RFC 9112 §7.1", TRUE,
                       "The chunk size \"%s\" at byte %" G_GUINT64_FORMAT " is too large",
                       shown, self->line_start);
      value = (value << 4) | g_ascii_xdigit_value (text[i]);
    }
  for (j = i; j < length && is_ows (text[j]); j++)
    ;
  if (i == 0 || (j < length && text[j] != ';'))
    return report (self, self->line_start, "RFC 9112 §7.1", TRUE,
                   "Invalid chunk size \"%s\" at byte %" G_GUINT64_FORMAT, shown, self->line_start);
  if (j > i && j == length &&
      !report (self, self->line_start, "RFC 9112 §7.1", FALSE,
               "The chunk size at byte %" G_GUINT64_FORMAT " is followed by whitespace",
               self->line_start))
    return FALSE;
  *size = value;
  *digits = i;
  return TRUE;
}

static void
handle_chunk_size (PortsideParser *self,
                   const char     *text,
                   gsize           length,
                   guint64         end)
{
  g_autofree char *extensions = NULL;
  guint64 size = 0;
  gsize digits = 0;

  if (!parse_chunk_size (self, text, length, &size, &digits))
    return;
  extensions = g_strndup (text + digits, length - digits);
  emit_span (self, size == 0 ? PORTSIDE_SPAN_LAST_CHUNK : PORTSIDE_SPAN_CHUNK_SIZE, end);
  if (self->cb.chunk != NULL)
    self->cb.chunk (self->user_data, self->line_start, size, extensions);
  self->remaining = size;
  if (size > 0)
    {
      self->state = STATE_CHUNK_DATA;
      return;
    }
  self->n_fields = 0;
  self->section_bytes = 0;
  self->state = STATE_TRAILER;
}

/* ---- lines -------------------------------------------------------------- */

static gsize
line_limit (PortsideParser *self)
{
  /* Only CRLF (or a bare LF) may follow chunk data. */
  return self->state == STATE_CHUNK_END ? 2 : self->options.max_line;
}

static const char *
line_limit_section (ParserState state)
{
  if (state == STATE_STATUS_LINE)
    return "RFC 9112 §4";
  if (state == STATE_CHUNK_SIZE)
    return "RFC 9112 §7.1.1";
  return "RFC 9110 §5.4";
}

static void
line_too_long (PortsideParser *self)
{
  const char *what = "field line";
  guint64 at = self->line_start;

  if (self->state == STATE_CHUNK_END)
    {
      report (self, at, "RFC 9112 §7.1", TRUE,
              "The chunk data is not followed by CRLF at byte %" G_GUINT64_FORMAT, at);
      return;
    }
  if (self->state == STATE_STATUS_LINE)
    what = "status line";
  else if (self->state == STATE_CHUNK_SIZE)
    what = "chunk-size line";
  report (self, at, line_limit_section (self->state), TRUE,
          "The %s at byte %" G_GUINT64_FORMAT " is longer than Portside's limit of %"
          G_GSIZE_FORMAT " bytes", what, at, line_limit (self));
}

/* RFC 9112 §2.2: a bare LF is accepted (once noted); a bare CR is read as SP. */
static gboolean
check_line_ending (PortsideParser *self,
                   char           *text,
                   gsize          *length)
{
  guint64 lf_at = self->line_start + *length;
  char *cr;

  if (*length > 0 && text[*length - 1] == '\r')
    (*length)--;
  else if (!self->saw_bare_lf)
    {
      self->saw_bare_lf = TRUE;
      if (!report (self, lf_at, "RFC 9112 §2.2", FALSE,
                   "The line at byte %" G_GUINT64_FORMAT " ends with a bare LF instead of CRLF",
                   self->line_start))
        return FALSE;
    }
  if ((cr = memchr (text, '\r', *length)) == NULL)
    return TRUE;
  if (!report (self, self->line_start + (cr - text), "RFC 9112 §2.2", FALSE,
               "The line at byte %" G_GUINT64_FORMAT " contains a bare CR, read as a space",
               self->line_start))
    return FALSE;
  for (; cr != NULL; cr = memchr (cr, '\r', *length - (cr - text)))
    *cr = ' ';
  return TRUE;
}

static void
handle_line (PortsideParser *self)
{
  char *text = (char *) self->line->data;
  gsize length = self->line->len - 1;   /* without the LF */
  guint64 end = self->line_start + self->line->len;

  if (self->state == STATE_CHUNK_END && !(length == 0 || text[0] == '\r'))
    {
      line_too_long (self);
      return;
    }
  if (!check_line_ending (self, text, &length))
    return;
  text[length] = '\0';
  switch (self->state)
    {
    case STATE_STATUS_LINE:
      handle_status_line (self, text, length, end);
      break;
    case STATE_HEADER:
    case STATE_TRAILER:
      handle_field_line (self, text, length, end);
      break;
    case STATE_CHUNK_SIZE:
      handle_chunk_size (self, text, length, end);
      break;
    case STATE_CHUNK_END:
      emit_span (self, PORTSIDE_SPAN_CHUNK_END, end);
      self->state = STATE_CHUNK_SIZE;
      break;
    default:
      g_assert_not_reached ();
    }
}

static gsize
step_line (PortsideParser *self,
           const guint8   *data,
           gsize           length)
{
  gsize limit = line_limit (self);
  gsize window = MIN (length, limit - self->line->len);
  const guint8 *lf;
  gsize take;

  if (self->line->len == 0)
    self->line_start = self->offset;
  if (self->state == STATE_STATUS_LINE && !check_http_prefix (self, data, window))
    return 0;
  lf = memchr (data, '\n', window);
  take = lf != NULL ? (gsize) (lf - data) + 1 : window;
  g_byte_array_append (self->line, data, take);
  self->offset += take;
  if (lf != NULL)
    handle_line (self);
  else if (self->line->len >= limit)
    line_too_long (self);
  if (lf != NULL)
    g_byte_array_set_size (self->line, 0);
  return take;
}

/* ---- counted and close-delimited bytes ---------------------------------- */

static gsize
step_body (PortsideParser   *self,
           PortsideSpanKind  kind,
           const guint8     *data,
           gsize             length)
{
  guint64 start = self->offset;

  self->offset += length;
  emit_span (self, kind, self->offset);
  if (self->cb.body != NULL)
    self->cb.body (self->user_data, start, data, length);
  return length;
}

static gsize
step_counted (PortsideParser *self,
              const guint8   *data,
              gsize           length)
{
  gboolean chunk = self->state == STATE_CHUNK_DATA;
  gsize n = (gsize) MIN ((guint64) length, self->remaining);

  step_body (self, chunk ? PORTSIDE_SPAN_CHUNK_DATA : PORTSIDE_SPAN_BODY, data, n);
  self->remaining -= n;
  if (self->remaining == 0 && chunk)
    self->state = STATE_CHUNK_END;
  else if (self->remaining == 0)
    complete (self);
  return n;
}

static gboolean
report_extra (PortsideParser *self)
{
  const char *section = "RFC 9112 §6.3";

  switch (self->framing)
    {
    case PORTSIDE_FRAMING_CONTENT_LENGTH:
      return report (self, self->offset, section, FALSE,
                     "The server sent more data than its Content-Length of %" G_GUINT64_FORMAT
                     " bytes", self->body_length);
    case PORTSIDE_FRAMING_CHUNKED:
      return report (self, self->offset, section, FALSE,
                     "The server sent data after the end of the chunked body");
    case PORTSIDE_FRAMING_NONE:
    case PORTSIDE_FRAMING_CLOSE:
    default:
      if (self->options.head_request)
        return report (self, self->offset, section, FALSE,
                       "The server sent a body with its response to HEAD");
      return report (self, self->offset, section, FALSE,
                     "The server sent a body with a %u response, which has none", self->status);
    }
}

static gsize
step_extra (PortsideParser *self,
            gsize           length)
{
  if (!self->saw_extra)
    {
      self->saw_extra = TRUE;
      if (!report_extra (self))
        return 0;
    }
  self->offset += length;
  emit_span (self, PORTSIDE_SPAN_EXTRA, self->offset);
  return length;
}

static gsize
step (PortsideParser *self,
      const guint8   *data,
      gsize           length)
{
  switch (self->state)
    {
    case STATE_BODY_LENGTH:
    case STATE_CHUNK_DATA:
      return step_counted (self, data, length);
    case STATE_BODY_CLOSE:
      return step_body (self, PORTSIDE_SPAN_BODY, data, length);
    case STATE_COMPLETE:
      return step_extra (self, length);
    case STATE_FAILED:
      return 0;
    case STATE_STATUS_LINE:
    case STATE_HEADER:
    case STATE_CHUNK_SIZE:
    case STATE_CHUNK_END:
    case STATE_TRAILER:
    default:
      return step_line (self, data, length);
    }
}

/* ---- public API --------------------------------------------------------- */

PortsideParser *
portside_parser_new (const PortsideParserOptions   *options,
                     const PortsideParserCallbacks *callbacks,
                     gpointer                       user_data)
{
  PortsideParser *self = g_new0 (PortsideParser, 1);

  if (options != NULL)
    self->options = *options;
  if (callbacks != NULL)
    self->cb = *callbacks;
  self->user_data = user_data;
  if (self->options.max_line == 0)
    self->options.max_line = PORTSIDE_PARSER_DEFAULT_MAX_LINE;
  /* Room for "HTTP/1.1 200 \r\n", and for the HTTP/0.9 check to come first. */
  self->options.max_line = MAX (self->options.max_line, MIN_LINE_LIMIT);
  if (self->options.max_header_bytes == 0)
    self->options.max_header_bytes = PORTSIDE_PARSER_DEFAULT_MAX_HEADER_BYTES;
  if (self->options.max_headers == 0)
    self->options.max_headers = PORTSIDE_PARSER_DEFAULT_MAX_HEADERS;
  if (self->options.max_interim == 0)
    self->options.max_interim = PORTSIDE_PARSER_DEFAULT_MAX_INTERIM;
  self->line = g_byte_array_new ();
  self->pending_name = g_string_new (NULL);
  self->pending_value = g_string_new (NULL);
  self->content_length.values = g_string_new (NULL);
  self->transfer_encoding.values = g_string_new (NULL);
  return self;
}

void
portside_parser_free (PortsideParser *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->line);
  g_string_free (self->pending_name, TRUE);
  g_string_free (self->pending_value, TRUE);
  g_string_free (self->content_length.values, TRUE);
  g_string_free (self->transfer_encoding.values, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

gboolean
portside_parser_feed (PortsideParser  *self,
                      const guint8    *data,
                      gsize            length,
                      GError         **error)
{
  guint64 end = self->offset + length;
  gsize pos = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  while (pos < length && self->state != STATE_FAILED)
    pos += step (self, data + pos, length - pos);
  if (self->state != STATE_FAILED)
    return TRUE;

  self->offset = end;
  emit_span (self, PORTSIDE_SPAN_INVALID, end);
  g_byte_array_set_size (self->line, 0);
  if (error != NULL)
    *error = g_error_copy (self->error);
  return FALSE;
}

static gboolean
report_early_close (PortsideParser *self)
{
  const char *where = "before the status line";

  switch (self->state)
    {
    case STATE_BODY_LENGTH:
      return report (self, self->offset, "RFC 9112 §6.3", TRUE,
                     "The connection closed after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                     " body bytes", self->body_length - self->remaining, self->body_length);
    case STATE_CHUNK_SIZE:
    case STATE_CHUNK_DATA:
    case STATE_CHUNK_END:
      return report (self, self->offset, "RFC 9112 §7.1", TRUE,
                     "The connection closed before the last chunk");
    case STATE_TRAILER:
      return report (self, self->offset, "RFC 9112 §7.1.2", TRUE,
                     "The connection closed in the middle of the trailer section");
    case STATE_HEADER:
      where = "in the middle of the header section";
      break;
    default:
      if (self->line->len > 0)
        where = "in the middle of the status line";
      break;
    }
  return report (self, self->offset, "RFC 9112 §8", TRUE, "The connection closed %s", where);
}

gboolean
portside_parser_finish (PortsideParser  *self,
                        GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->state == STATE_COMPLETE)
    return TRUE;
  if (self->state == STATE_BODY_CLOSE)
    {
      complete (self);
      return TRUE;
    }
  /* A field line that arrived whole is still delivered. */
  if (self->state == STATE_HEADER || self->state == STATE_TRAILER)
    flush_pending (self, self->state == STATE_TRAILER);
  if (self->state != STATE_FAILED)
    report_early_close (self);
  /* A partial line that never ended is reported, not lost. */
  emit_span (self, PORTSIDE_SPAN_INVALID, self->offset);
  g_byte_array_set_size (self->line, 0);
  if (error != NULL)
    *error = g_error_copy (self->error);
  return FALSE;
}

gboolean
portside_parser_is_complete (PortsideParser *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->state == STATE_COMPLETE;
}

guint
portside_parser_get_status (PortsideParser *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->status;
}

PortsideFraming
portside_parser_get_framing (PortsideParser *self)
{
  g_return_val_if_fail (self != NULL, PORTSIDE_FRAMING_NONE);
  return self->framing;
}

gboolean
portside_parser_get_must_close (PortsideParser *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->must_close;
}

const char *
portside_span_kind_name (PortsideSpanKind kind)
{
  static const char * const names[PORTSIDE_N_SPANS] = {
    "status-line", "header", "headers-end", "chunk-size", "chunk-data", "chunk-end",
    "last-chunk", "trailer", "body", "extra", "invalid",
  };

  g_return_val_if_fail (kind < PORTSIDE_N_SPANS, "unknown");
  return names[kind];
}

const char *
portside_framing_name (PortsideFraming framing)
{
  static const char * const names[] = { "none", "content-length", "chunked", "close" };

  g_return_val_if_fail (framing <= PORTSIDE_FRAMING_CLOSE, "unknown");
  return names[framing];
}
