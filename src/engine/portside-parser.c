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
 *
 * This file is the machine itself: reporting, line collection, the dispatch
 * of each state, and the public API. What a line of the message head means
 * is in portside-parser-head.c, the body's framing in portside-parser-body.c.
 */
#include "portside-parser-private.h"
#include "portside-error.h"

#include <string.h>

#define MIN_LINE_LIMIT 16

/* ---- reporting ---------------------------------------------------------- */

void
portside_parser_emit_span (PortsideParser   *self,
                           PortsideSpanKind  kind,
                           guint64           end)
{
  g_assert (end >= self->covered);
  if (end > self->covered && self->cb.span != NULL)
    self->cb.span (self->user_data, kind, self->covered, end - self->covered);
  self->covered = end;
}

gboolean
portside_parser_report (PortsideParser *self,
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

char *
portside_parser_quote_bytes (const char *text,
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

void
portside_parser_complete (PortsideParser *self)
{
  self->state = STATE_COMPLETE;
  if (self->cb.complete != NULL)
    self->cb.complete (self->user_data);
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
      portside_parser_report (self, at, "RFC 9112 §7.1", TRUE,
                              "The chunk data is not followed by CRLF at byte %"
                              G_GUINT64_FORMAT, at);
      return;
    }
  if (self->state == STATE_STATUS_LINE)
    what = "status line";
  else if (self->state == STATE_CHUNK_SIZE)
    what = "chunk-size line";
  portside_parser_report (self, at, line_limit_section (self->state), TRUE,
                          "The %s at byte %" G_GUINT64_FORMAT " is longer than Portside's "
                          "limit of %" G_GSIZE_FORMAT " bytes", what, at, line_limit (self));
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
      if (!portside_parser_report (self, lf_at, "RFC 9112 §2.2", FALSE,
                                   "The line at byte %" G_GUINT64_FORMAT " ends with a bare LF "
                                   "instead of CRLF", self->line_start))
        return FALSE;
    }
  if ((cr = memchr (text, '\r', *length)) == NULL)
    return TRUE;
  if (!portside_parser_report (self, self->line_start + (cr - text), "RFC 9112 §2.2", FALSE,
                               "The line at byte %" G_GUINT64_FORMAT " contains a bare CR, "
                               "read as a space", self->line_start))
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
      portside_parser_handle_status_line (self, text, length, end);
      break;
    case STATE_HEADER:
    case STATE_TRAILER:
      portside_parser_handle_field_line (self, text, length, end);
      break;
    case STATE_CHUNK_SIZE:
      portside_parser_handle_chunk_size (self, text, length, end);
      break;
    case STATE_CHUNK_END:
      portside_parser_emit_span (self, PORTSIDE_SPAN_CHUNK_END, end);
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
  if (self->state == STATE_STATUS_LINE &&
      !portside_parser_check_http_prefix (self, data, window))
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

/* ---- dispatch ----------------------------------------------------------- */

static gsize
step (PortsideParser *self,
      const guint8   *data,
      gsize           length)
{
  switch (self->state)
    {
    case STATE_BODY_LENGTH:
    case STATE_CHUNK_DATA:
      return portside_parser_step_counted (self, data, length);
    case STATE_BODY_CLOSE:
      return portside_parser_step_body (self, PORTSIDE_SPAN_BODY, data, length);
    case STATE_COMPLETE:
      return portside_parser_step_extra (self, length);
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
  portside_parser_emit_span (self, PORTSIDE_SPAN_INVALID, end);
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
      return portside_parser_report (self, self->offset, "RFC 9112 §6.3", TRUE,
                                     "The connection closed after %" G_GUINT64_FORMAT " of %"
                                     G_GUINT64_FORMAT " body bytes",
                                     self->body_length - self->remaining, self->body_length);
    case STATE_CHUNK_SIZE:
    case STATE_CHUNK_DATA:
    case STATE_CHUNK_END:
      return portside_parser_report (self, self->offset, "RFC 9112 §7.1", TRUE,
                                     "The connection closed before the last chunk");
    case STATE_TRAILER:
      return portside_parser_report (self, self->offset, "RFC 9112 §7.1.2", TRUE,
                                     "The connection closed in the middle of the trailer "
                                     "section");
    case STATE_HEADER:
      where = "in the middle of the header section";
      break;
    default:
      if (self->line->len > 0)
        where = "in the middle of the status line";
      break;
    }
  return portside_parser_report (self, self->offset, "RFC 9112 §8", TRUE,
                                 "The connection closed %s", where);
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
      portside_parser_complete (self);
      return TRUE;
    }
  /* A field line that arrived whole is still delivered. */
  if (self->state == STATE_HEADER || self->state == STATE_TRAILER)
    portside_parser_flush_pending (self, self->state == STATE_TRAILER);
  if (self->state != STATE_FAILED)
    report_early_close (self);
  /* A partial line that never ended is reported, not lost. */
  portside_parser_emit_span (self, PORTSIDE_SPAN_INVALID, self->offset);
  g_byte_array_set_size (self->line, 0);
  if (error != NULL)
    *error = g_error_copy (self->error);
  return FALSE;
}

void
portside_parser_abort (PortsideParser *self)
{
  g_return_if_fail (self != NULL);

  if (self->state == STATE_COMPLETE || self->state == STATE_FAILED)
    return;
  if (self->state == STATE_HEADER || self->state == STATE_TRAILER)
    portside_parser_flush_pending (self, self->state == STATE_TRAILER);
  portside_parser_emit_span (self, PORTSIDE_SPAN_INVALID, self->offset);
  g_byte_array_set_size (self->line, 0);
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

guint64
portside_parser_get_promised (PortsideParser *self)
{
  g_return_val_if_fail (self != NULL, 0);
  if (self->state == STATE_BODY_LENGTH || self->state == STATE_CHUNK_DATA)
    return self->remaining;
  return 0;
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
