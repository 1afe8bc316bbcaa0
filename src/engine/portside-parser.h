/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An incremental HTTP/1.1 response parser (RFC 9112). It is a pure push state
 * machine: feed it bytes in any split and it calls back with the same results,
 * so the window can colour each recv() by the framing it carried. It owns no
 * socket and no thread.
 *
 * Offsets are positions in the whole received stream (0 = first byte read).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a run of received bytes is, for colouring and hover explanations. */
typedef enum
{
  PORTSIDE_SPAN_STATUS_LINE,
  PORTSIDE_SPAN_HEADER,        /* one header field line, CRLF included */
  PORTSIDE_SPAN_HEADERS_END,   /* the empty line that ends a header section */
  PORTSIDE_SPAN_CHUNK_SIZE,    /* chunk-size [; ext] CRLF */
  PORTSIDE_SPAN_CHUNK_DATA,
  PORTSIDE_SPAN_CHUNK_END,     /* the CRLF after chunk data */
  PORTSIDE_SPAN_LAST_CHUNK,    /* 0 [; ext] CRLF */
  PORTSIDE_SPAN_TRAILER,       /* one trailer field line */
  PORTSIDE_SPAN_BODY,          /* Content-Length or close-delimited body */
  PORTSIDE_SPAN_EXTRA,         /* bytes after the end of the message */
  PORTSIDE_SPAN_INVALID,       /* bytes the parser could not frame */
  PORTSIDE_N_SPANS
} PortsideSpanKind;

typedef enum
{
  PORTSIDE_FRAMING_NONE,           /* HEAD, 1xx, 204, 304 */
  PORTSIDE_FRAMING_CONTENT_LENGTH,
  PORTSIDE_FRAMING_CHUNKED,
  PORTSIDE_FRAMING_CLOSE,          /* read until the server closes */
} PortsideFraming;

typedef struct
{
  guint64     offset;     /* where in the stream it was noticed */
  const char *section;    /* "RFC 9112 §6.3" */
  const char *message;    /* one plain sentence */
  gboolean    fatal;      /* the parser cannot go on */
} PortsideViolation;

typedef struct
{
  /* Every received byte is covered by exactly one span, in order. */
  void (*span)       (gpointer user_data, PortsideSpanKind kind, guint64 offset, guint64 length);
  void (*status)     (gpointer user_data, const char *version, guint code, const char *reason,
                      gboolean interim);
  void (*header)     (gpointer user_data, const char *name, const char *value, gboolean trailer);
  /* After each header section; framing says how the body is delimited. */
  void (*headers_end)(gpointer user_data, gboolean interim, PortsideFraming framing,
                      guint64 content_length);
  void (*chunk)      (gpointer user_data, guint64 offset, guint64 size, const char *extensions);
  /* Raw (still content-coded) body bytes, without chunk framing. */
  void (*body)       (gpointer user_data, guint64 offset, const guint8 *data, gsize length);
  void (*violation)  (gpointer user_data, const PortsideViolation *violation);
  void (*complete)   (gpointer user_data);
} PortsideParserCallbacks;

typedef struct
{
  gboolean strict;             /* any violation becomes fatal */
  gboolean head_request;       /* the request was HEAD: no body */
  gsize    max_line;           /* longest status/header/chunk-size line; 0 = default */
  gsize    max_header_bytes;   /* whole header section; 0 = default */
  guint    max_headers;        /* header field count; 0 = default */
  guint    max_interim;        /* 1xx responses before giving up; 0 = default */
} PortsideParserOptions;

#define PORTSIDE_PARSER_DEFAULT_MAX_LINE          (8 * 1024)
#define PORTSIDE_PARSER_DEFAULT_MAX_HEADER_BYTES  (64 * 1024)
#define PORTSIDE_PARSER_DEFAULT_MAX_HEADERS       100
#define PORTSIDE_PARSER_DEFAULT_MAX_INTERIM       20

typedef struct _PortsideParser PortsideParser;

PortsideParser *portside_parser_new        (const PortsideParserOptions   *options,
                                            const PortsideParserCallbacks *callbacks,
                                            gpointer                       user_data);
void            portside_parser_free       (PortsideParser *parser);
/* Returns FALSE with a PORTSIDE_ERROR_PROTOCOL error once a fatal violation
 * happened; the bytes are still reported as spans (INVALID) before that. */
gboolean        portside_parser_feed       (PortsideParser *parser,
                                            const guint8   *data,
                                            gsize           length,
                                            GError        **error);
/* The server closed the connection. Completes a close-delimited body, or
 * fails with the reason the message is incomplete. */
gboolean        portside_parser_finish     (PortsideParser *parser,
                                            GError        **error);
/* Reading stopped for a reason of its own (timeout, reset, cancel): a line
 * that was cut short is reported as an INVALID span, so no byte is left
 * without one. No violation is recorded: the server did nothing wrong. */
void            portside_parser_abort      (PortsideParser *parser);
gboolean        portside_parser_is_complete(PortsideParser *parser);
guint           portside_parser_get_status (PortsideParser *parser);
PortsideFraming portside_parser_get_framing(PortsideParser *parser);
/* TRUE when the framing was doubtful (Transfer-Encoding with Content-Length,
 * or in HTTP/1.0): the connection must not be reused (RFC 9112 §6.1). */
gboolean        portside_parser_get_must_close (PortsideParser *parser);
/* Body bytes the framing still promises before the next boundary: the rest
 * of a Content-Length body or of the current chunk; 0 when unknown. */
guint64         portside_parser_get_promised   (PortsideParser *parser);
const char     *portside_span_kind_name    (PortsideSpanKind kind);   /* "status-line", "chunk-size", … */
const char     *portside_framing_name      (PortsideFraming framing); /* "chunked", … */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideParser, portside_parser_free)

G_END_DECLS
