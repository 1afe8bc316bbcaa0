/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser's state, shared by its three parts: portside-parser.c (the
 * machine: reporting, line collection, the public API), portside-parser-head.c
 * (status line, field lines and the framing decision) and
 * portside-parser-body.c (chunk-size lines, counted, close-delimited and
 * extra bytes).
 */
#pragma once

#include "portside-parser.h"

G_BEGIN_DECLS

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

static inline gboolean
portside_parser_is_ows (char c)
{
  return c == ' ' || c == '\t';
}

/* portside-parser.c */
/* Reports the bytes from `covered` up to end as one span. */
void     portside_parser_emit_span           (PortsideParser   *self,
                                              PortsideSpanKind  kind,
                                              guint64           end);
/* Returns FALSE when the violation is fatal: the parser has then failed. */
gboolean portside_parser_report              (PortsideParser *self,
                                              guint64         offset,
                                              const char     *section,
                                              gboolean        fatal,
                                              const char     *format,
                                              ...) G_GNUC_PRINTF (5, 6);
/* A short, printable copy of received bytes for messages. */
char    *portside_parser_quote_bytes         (const char *text,
                                              gsize       length);
void     portside_parser_complete            (PortsideParser *self);

/* portside-parser-head.c */
/* Checks the first five bytes of a status line as soon as they arrive. */
gboolean portside_parser_check_http_prefix   (PortsideParser *self,
                                              const guint8   *data,
                                              gsize           length);
void     portside_parser_handle_status_line  (PortsideParser *self,
                                              const char     *text,
                                              gsize           length,
                                              guint64         end);
/* A header or trailer field line, or the empty line that ends the section. */
void     portside_parser_handle_field_line   (PortsideParser *self,
                                              char           *text,
                                              gsize           length,
                                              guint64         end);
gboolean portside_parser_flush_pending       (PortsideParser *self,
                                              gboolean        trailer);

/* portside-parser-body.c */
void     portside_parser_handle_chunk_size   (PortsideParser *self,
                                              const char     *text,
                                              gsize           length,
                                              guint64         end);
/* The step functions consume bytes and return how many they took. */
gsize    portside_parser_step_body           (PortsideParser   *self,
                                              PortsideSpanKind  kind,
                                              const guint8     *data,
                                              gsize             length);
gsize    portside_parser_step_counted        (PortsideParser *self,
                                              const guint8   *data,
                                              gsize           length);
gsize    portside_parser_step_extra          (PortsideParser *self,
                                              gsize           length);

G_END_DECLS
