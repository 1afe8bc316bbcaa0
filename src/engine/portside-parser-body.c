/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The message body as framed on the wire: chunk-size lines, counted bytes
 * (a Content-Length body or one chunk's data), bytes delimited by the close
 * of the connection, and anything the server sends after the message ended.
 * Counted and close-delimited bytes come straight from the caller's buffer.
 */
#include "portside-parser-private.h"

/* ---- chunks (RFC 9112 §7.1) --------------------------------------------- */

static gboolean
parse_chunk_size (PortsideParser *self,
                  const char     *text,
                  gsize           length,
                  guint64        *size,
                  gsize          *digits)
{
  g_autofree char *shown = portside_parser_quote_bytes (text, length);
  guint64 value = 0;
  gsize i, j;

  for (i = 0; i < length && g_ascii_isxdigit (text[i]); i++)
    {
      if (value > (guint64) G_MAXINT64 >> 4)
        return portside_parser_report (self, self->line_start, "RFC 9112 §7.1", TRUE,
                                       "The chunk size \"%s\" at byte %" G_GUINT64_FORMAT
                                       " is too large", shown, self->line_start);
      value = (value << 4) | g_ascii_xdigit_value (text[i]);
    }
  for (j = i; j < length && portside_parser_is_ows (text[j]); j++)
    ;
  if (i == 0 || (j < length && text[j] != ';'))
    return portside_parser_report (self, self->line_start, "RFC 9112 §7.1", TRUE,
                                   "Invalid chunk size \"%s\" at byte %" G_GUINT64_FORMAT,
                                   shown, self->line_start);
  if (j > i && j == length &&
      !portside_parser_report (self, self->line_start, "RFC 9112 §7.1", FALSE,
                               "The chunk size at byte %" G_GUINT64_FORMAT " is followed by "
                               "whitespace", self->line_start))
    return FALSE;
  *size = value;
  *digits = i;
  return TRUE;
}

void
portside_parser_handle_chunk_size (PortsideParser *self,
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
  portside_parser_emit_span (self, size == 0 ? PORTSIDE_SPAN_LAST_CHUNK : PORTSIDE_SPAN_CHUNK_SIZE,
                             end);
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

/* ---- counted and close-delimited bytes ---------------------------------- */

gsize
portside_parser_step_body (PortsideParser   *self,
                           PortsideSpanKind  kind,
                           const guint8     *data,
                           gsize             length)
{
  guint64 start = self->offset;

  self->offset += length;
  portside_parser_emit_span (self, kind, self->offset);
  if (self->cb.body != NULL)
    self->cb.body (self->user_data, start, data, length);
  return length;
}

gsize
portside_parser_step_counted (PortsideParser *self,
                              const guint8   *data,
                              gsize           length)
{
  gboolean chunk = self->state == STATE_CHUNK_DATA;
  gsize n = (gsize) MIN ((guint64) length, self->remaining);

  portside_parser_step_body (self, chunk ? PORTSIDE_SPAN_CHUNK_DATA : PORTSIDE_SPAN_BODY,
                             data, n);
  self->remaining -= n;
  if (self->remaining == 0 && chunk)
    self->state = STATE_CHUNK_END;
  else if (self->remaining == 0)
    portside_parser_complete (self);
  return n;
}

static gboolean
report_extra (PortsideParser *self)
{
  const char *section = "RFC 9112 §6.3";

  switch (self->framing)
    {
    case PORTSIDE_FRAMING_CONTENT_LENGTH:
      return portside_parser_report (self, self->offset, section, FALSE,
                                     "The server sent more data than its Content-Length of %"
                                     G_GUINT64_FORMAT " bytes", self->body_length);
    case PORTSIDE_FRAMING_CHUNKED:
      return portside_parser_report (self, self->offset, section, FALSE,
                                     "The server sent data after the end of the chunked body");
    case PORTSIDE_FRAMING_NONE:
    case PORTSIDE_FRAMING_CLOSE:
    default:
      if (self->options.head_request)
        return portside_parser_report (self, self->offset, section, FALSE,
                                       "The server sent a body with its response to HEAD");
      return portside_parser_report (self, self->offset, section, FALSE,
                                     "The server sent a body with a %u response, which has none",
                                     self->status);
    }
}

gsize
portside_parser_step_extra (PortsideParser *self,
                            gsize           length)
{
  if (!self->saw_extra)
    {
      self->saw_extra = TRUE;
      if (!report_extra (self))
        return 0;
    }
  self->offset += length;
  portside_parser_emit_span (self, PORTSIDE_SPAN_EXTRA, self->offset);
  return length;
}
