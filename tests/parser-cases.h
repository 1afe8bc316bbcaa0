/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canned responses test-parser runs at every split, one table per topic
 * (parser-cases-*.c). Each case writes out what the parser must report when
 * the whole input arrives in one feed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INPUT(s) .input = s, .length = sizeof (s) - 1

#define OK_200 "HTTP/1.1 200 OK\r\n"
#define CHUNKED_200 OK_200 "Transfer-Encoding: chunked\r\n\r\n"

/* What every case that starts with CHUNKED_200 reports for it. */
#define CHUNKED_200_EVENTS \
  "status HTTP/1.1 200 \"OK\"\n" \
  "header Transfer-Encoding: \"chunked\"\n" \
  "headers-end chunked 0\n"
#define CHUNKED_200_SPANS \
  "status-line=HTTP/1.1 200 OK\r\n|" \
  "header=Transfer-Encoding: chunked\r\n|" \
  "headers-end=\r\n|"

/* How most field-line cases end their input, and what that reports. */
#define EMPTY_BODY "Content-Length: 0\r\n\r\n"
#define EMPTY_BODY_EVENTS \
  "header Content-Length: \"0\"\n" \
  "headers-end content-length 0\n" \
  "complete\n" \
  "ok\n" \
  "end status=200 framing=content-length complete=1 must-close=0"
#define EMPTY_BODY_SPANS \
  "header=Content-Length: 0\r\n|" \
  "headers-end=\r\n"

typedef struct
{
  const char *name;
  const char *input;
  gsize       length;
  gboolean    head;
  gboolean    strict;
  gsize       max_line;
  gsize       max_header_bytes;
  guint       max_headers;
  guint       max_interim;
  const char *events;    /* one per line */
  const char *spans;     /* kind=bytes, joined with | */
  const char *body;
} ParserCase;

typedef struct
{
  const ParserCase *cases;
  gsize             n_cases;
} ParserCaseTable;

/* Interim responses, responses without a body, Content-Length. */
extern const ParserCaseTable parser_cases_length;
/* Chunked and close-delimited bodies, Transfer-Encoding. */
extern const ParserCaseTable parser_cases_chunked;
/* Line endings, field lines, the status line, limits, early close. */
extern const ParserCaseTable parser_cases_syntax;

G_END_DECLS
