/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every canned response is parsed in one feed, split in two at every
 * position, and fed a byte at a time: all runs must give the same callbacks
 * (body and other splittable spans compared coalesced), and the one-feed run
 * must match the expected values written out below.
 */
#include <stdio.h>
#include <string.h>

#include "portside-error.h"
#include "portside-parser.h"

#define INPUT(s) .input = s, .length = sizeof (s) - 1

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
  const guint8     *input;
  GPtrArray        *events;
  GString          *spans;
  GByteArray       *body;
  guint64           span_end;
  PortsideSpanKind  last_kind;
  guint64           last_offset;
  guint64           last_length;
  guint64           body_run_end;
  guint             spans_seen;
} Record;

static void
record_clear (Record *rec)
{
  g_clear_pointer (&rec->events, g_ptr_array_unref);
  if (rec->spans != NULL)
    g_string_free (g_steal_pointer (&rec->spans), TRUE);
  g_clear_pointer (&rec->body, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Record, record_clear)

static gboolean
is_splittable (PortsideSpanKind kind)
{
  return kind == PORTSIDE_SPAN_BODY || kind == PORTSIDE_SPAN_CHUNK_DATA ||
         kind == PORTSIDE_SPAN_EXTRA || kind == PORTSIDE_SPAN_INVALID;
}

static void
on_span (gpointer         user_data,
         PortsideSpanKind kind,
         guint64          offset,
         guint64          length)
{
  Record *rec = user_data;

  /* Every byte exactly once, in order, no gaps. */
  g_assert_cmpuint (offset, ==, rec->span_end);
  g_assert_cmpuint (length, >, 0);
  if (rec->spans_seen == 0 || kind != rec->last_kind || !is_splittable (kind))
    g_string_append_printf (rec->spans, "%s%s=", rec->spans_seen ? "|" : "",
                            portside_span_kind_name (kind));
  for (guint64 i = offset; i < offset + length; i++)
    {
      if (rec->input[i] == '\0')
        g_string_append (rec->spans, "\\0");
      else
        g_string_append_c (rec->spans, rec->input[i]);
    }
  rec->span_end = offset + length;
  rec->last_kind = kind;
  rec->last_offset = offset;
  rec->last_length = length;
  rec->spans_seen++;
}

static void
add_event (Record     *rec,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
add_event (Record     *rec,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (rec->events, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
on_status (gpointer    user_data,
           const char *version,
           guint       code,
           const char *reason,
           gboolean    interim)
{
  add_event (user_data, "status %s %u \"%s\"%s", version, code, reason, interim ? " interim" : "");
}

static void
on_header (gpointer    user_data,
           const char *name,
           const char *value,
           gboolean    trailer)
{
  add_event (user_data, "%s %s: \"%s\"", trailer ? "trailer" : "header", name, value);
}

static void
on_headers_end (gpointer        user_data,
                gboolean        interim,
                PortsideFraming framing,
                guint64         content_length)
{
  add_event (user_data, "headers-end%s %s %" G_GUINT64_FORMAT, interim ? " interim" : "",
             portside_framing_name (framing), content_length);
}

static void
on_chunk (gpointer    user_data,
          guint64     offset,
          guint64     size,
          const char *extensions)
{
  add_event (user_data, "chunk @%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " \"%s\"",
             offset, size, extensions);
}

static void
on_body (gpointer      user_data,
         guint64       offset,
         const guint8 *data,
         gsize         length)
{
  Record *rec = user_data;
  const char *last = rec->events->len ? g_ptr_array_index (rec->events, rec->events->len - 1) : "";
  guint64 run_start = offset;

  /* One span and one body callback for the same bytes, straight from the feed. */
  g_assert_true (rec->last_kind == PORTSIDE_SPAN_BODY || rec->last_kind == PORTSIDE_SPAN_CHUNK_DATA);
  g_assert_cmpuint (rec->last_offset, ==, offset);
  g_assert_cmpuint (rec->last_length, ==, length);
  g_assert_true (data == rec->input + offset);
  g_byte_array_append (rec->body, data, length);
  if (g_str_has_prefix (last, "body @") && rec->body_run_end == offset)
    {
      run_start = g_ascii_strtoull (last + 6, NULL, 10);
      g_ptr_array_remove_index (rec->events, rec->events->len - 1);
    }
  rec->body_run_end = offset + length;
  add_event (rec, "body @%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT,
             run_start, rec->body_run_end - run_start);
}

static void
on_violation (gpointer                 user_data,
              const PortsideViolation *v)
{
  add_event (user_data, "violation @%" G_GUINT64_FORMAT " %s%s: %s", v->offset,
             v->section, v->fatal ? " fatal" : "", v->message);
}

static void
on_complete (gpointer user_data)
{
  add_event (user_data, "complete");
}

static const PortsideParserCallbacks callbacks = {
  .span = on_span,
  .status = on_status,
  .header = on_header,
  .headers_end = on_headers_end,
  .chunk = on_chunk,
  .body = on_body,
  .violation = on_violation,
  .complete = on_complete,
};

/* Feeds the pieces; returns the first error. A failed parser must keep
 * failing with the same error for every later piece. */
static GError *
feed_pieces (PortsideParser *parser,
             const guint8   *input,
             gsize           length,
             const gsize    *cuts,
             guint           n_cuts)
{
  GError *error = NULL;
  gsize start = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : length;
      g_autoptr(GError) feed_error = NULL;
      gboolean ok = portside_parser_feed (parser, input + start, end - start, &feed_error);

      g_assert_true (ok == (feed_error == NULL));
      if (error != NULL)
        g_assert_cmpstr (feed_error ? feed_error->message : "no error", ==, error->message);
      else if (feed_error != NULL)
        error = g_steal_pointer (&feed_error);
      start = end;
    }
  return error;
}

static GError *
finish_parser (PortsideParser *parser,
               GError         *error)
{
  g_autoptr(GError) finish_error = NULL;
  gboolean ok = portside_parser_finish (parser, &finish_error);

  g_assert_true (ok == (finish_error == NULL));
  if (error != NULL)
    g_assert_cmpstr (finish_error ? finish_error->message : "no error", ==, error->message);
  return error != NULL ? error : g_steal_pointer (&finish_error);
}

/* Feeds the input cut at the given positions (ascending), then finishes. */
static void
run_case (const ParserCase *tc,
          const gsize      *cuts,
          guint             n_cuts,
          Record           *rec)
{
  PortsideParserOptions options = {
    .strict = tc->strict, .head_request = tc->head, .max_line = tc->max_line,
    .max_header_bytes = tc->max_header_bytes, .max_headers = tc->max_headers,
    .max_interim = tc->max_interim,
  };
  g_autoptr(PortsideParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  memset (rec, 0, sizeof *rec);
  rec->input = (const guint8 *) tc->input;
  rec->events = g_ptr_array_new_with_free_func (g_free);
  rec->spans = g_string_new (NULL);
  rec->body = g_byte_array_new ();
  parser = portside_parser_new (&options, &callbacks, rec);

  error = feed_pieces (parser, rec->input, tc->length, cuts, n_cuts);
  error = finish_parser (parser, g_steal_pointer (&error));
  g_assert_cmpuint (rec->span_end, ==, tc->length);
  if (error != NULL)
    g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
  add_event (rec, "%s%s", error ? "error: " : "ok", error ? error->message : "");
  add_event (rec, "end status=%u framing=%s complete=%d must-close=%d",
             portside_parser_get_status (parser),
             portside_framing_name (portside_parser_get_framing (parser)),
             portside_parser_is_complete (parser), portside_parser_get_must_close (parser));
}

/* What a run produced, flattened for comparison. */
typedef struct
{
  char   *events;
  char   *spans;
  GBytes *body;
} Summary;

static void
summary_clear (Summary *sum)
{
  g_clear_pointer (&sum->events, g_free);
  g_clear_pointer (&sum->spans, g_free);
  g_clear_pointer (&sum->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Summary, summary_clear)

static void
run_summary (const ParserCase *tc,
             const gsize      *cuts,
             guint             n_cuts,
             Summary          *sum)
{
  g_auto(Record) rec = { 0 };

  run_case (tc, cuts, n_cuts, &rec);
  g_ptr_array_add (rec.events, NULL);
  sum->events = g_strjoinv ("\n", (char **) rec.events->pdata);
  sum->spans = g_strdup (rec.spans->str);
  sum->body = g_bytes_new (rec.body->data, rec.body->len);
}

static void
assert_same (const Summary *expected,
             const Summary *actual)
{
  g_assert_cmpstr (actual->events, ==, expected->events);
  g_assert_cmpstr (actual->spans, ==, expected->spans);
  g_assert_true (g_bytes_equal (actual->body, expected->body));
}

/* For writing new cases: PORTSIDE_PRINT_CASES=1 prints what the parser did. */
static char *
escape (const char *text)
{
  char high[129];

  for (guint i = 0; i < 128; i++)
    high[i] = (char) (0x80 + i);
  high[128] = '\0';
  return g_strescape (text, high);
}

static void
print_case (const ParserCase *tc,
            const Summary    *sum)
{
  g_auto(GStrv) events = g_strsplit (sum->events, "\n", -1);
  g_autofree char *spans = escape (sum->spans);
  g_autofree char *body = g_strndup (g_bytes_get_data (sum->body, NULL), g_bytes_get_size (sum->body));
  g_autofree char *body_escaped = escape (body ? body : "");

  fprintf (stderr, "  /* %s */\n    .events =", tc->name);
  for (guint i = 0; events[i] != NULL; i++)
    {
      g_autofree char *line = escape (events[i]);
      fprintf (stderr, "\n      \"%s%s\"", line, events[i + 1] ? "\\n" : "");
    }
  fprintf (stderr, ",\n    .spans = \"%s\",\n    .body = \"%s\",\n", spans, body_escaped);
}

static void
test_every_split (gconstpointer data)
{
  const ParserCase *tc = data;
  g_auto(Summary) one = { 0 };
  g_auto(Summary) bytewise = { 0 };
  g_autofree gsize *cuts = g_new (gsize, tc->length + 1);

  run_summary (tc, NULL, 0, &one);
  if (g_getenv ("PORTSIDE_PRINT_CASES") != NULL)
    {
      print_case (tc, &one);
      return;
    }
  g_assert_cmpstr (one.events, ==, tc->events);
  g_assert_cmpstr (one.spans, ==, tc->spans);
  g_assert_cmpmem (g_bytes_get_data (one.body, NULL), g_bytes_get_size (one.body),
                   tc->body ? tc->body : "", tc->body ? strlen (tc->body) : 0);

  for (gsize cut = 1; cut < tc->length; cut++)
    {
      g_auto(Summary) split = { 0 };

      run_summary (tc, &cut, 1, &split);
      assert_same (&one, &split);
    }

  for (gsize i = 0; i + 1 < tc->length; i++)
    cuts[i] = i + 1;
  run_summary (tc, cuts, tc->length ? tc->length - 1 : 0, &bytewise);
  assert_same (&one, &bytewise);
}

#define OK_200 "HTTP/1.1 200 OK\r\n"
#define CHUNKED_200 OK_200 "Transfer-Encoding: chunked\r\n\r\n"

static const ParserCase cases[] = {
  { .name = "interim/100-continue",
    INPUT ("HTTP/1.1 100 Continue\r\n\r\n" OK_200 "Content-Length: 5\r\n\r\nhello"),
    .events =
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"5\"\n"
      "headers-end content-length 5\n"
      "body @63+5\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 5\r\n|"
      "headers-end=\r\n|"
      "body=hello",
    .body = "hello",
  },
  { .name = "interim/103-then-100-then-204",
    INPUT ("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
           "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nServer: lab\r\n\r\n"),
    .events =
      "status HTTP/1.1 103 \"Early Hints\" interim\n"
      "header Link: \"</style.css>; rel=preload\"\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 204 \"No Content\"\n"
      "header Server: \"lab\"\n"
      "headers-end none 0\n"
      "complete\n"
      "ok\n"
      "end status=204 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 103 Early Hints\r\n|"
      "header=Link: </style.css>; rel=preload\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 204 No Content\r\n|"
      "header=Server: lab\r\n|"
      "headers-end=\r\n",
  },
  { .name = "interim/too-many", .max_interim = 2,
    INPUT ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
           "HTTP/1.1 100 Continue\r\n\r\n" OK_200 "Content-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "violation @50 RFC 9110 §15.2 fatal: The server sent more than 2 interim (1xx) responses, Portside's limit\n"
      "error: The server sent more than 2 interim (1xx) responses, Portside's limit (RFC 9110 §15.2)\n"
      "end status=100 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "invalid=HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "no-body/head-content-length", .head = TRUE,
    INPUT (OK_200 "Content-Length: 1234\r\nContent-Type: text/plain\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"1234\"\n"
      "header Content-Type: \"text/plain\"\n"
      "headers-end none 1234\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 1234\r\n|"
      "header=Content-Type: text/plain\r\n|"
      "headers-end=\r\n",
  },
  { .name = "no-body/head-with-body", .head = TRUE,
    INPUT (OK_200 "Content-Length: 3\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "headers-end none 3\n"
      "complete\n"
      "violation @38 RFC 9112 §6.3: The server sent a body with its response to HEAD\n"
      "ok\n"
      "end status=200 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "extra=abc",
  },
  { .name = "no-body/204",
    INPUT ("HTTP/1.1 204 No Content\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n"),
    .events =
      "status HTTP/1.1 204 \"No Content\"\n"
      "header Date: \"Mon, 01 Jan 2024 00:00:00 GMT\"\n"
      "headers-end none 0\n"
      "complete\n"
      "ok\n"
      "end status=204 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 204 No Content\r\n|"
      "header=Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n|"
      "headers-end=\r\n",
  },
  { .name = "no-body/204-with-body",
    INPUT ("HTTP/1.1 204 No Content\r\nContent-Length: 8\r\n\r\nsurprise"),
    .events =
      "status HTTP/1.1 204 \"No Content\"\n"
      "header Content-Length: \"8\"\n"
      "violation @25 RFC 9110 §8.6: A 204 response must not have a Content-Length\n"
      "headers-end none 8\n"
      "complete\n"
      "violation @46 RFC 9112 §6.3: The server sent a body with a 204 response, which has none\n"
      "ok\n"
      "end status=204 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 204 No Content\r\n|"
      "header=Content-Length: 8\r\n|"
      "headers-end=\r\n|"
      "extra=surprise",
  },
  { .name = "no-body/304",
    INPUT ("HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 100\r\n\r\n"),
    .events =
      "status HTTP/1.1 304 \"Not Modified\"\n"
      "header ETag: \"\"abc\"\"\n"
      "header Content-Length: \"100\"\n"
      "headers-end none 100\n"
      "complete\n"
      "ok\n"
      "end status=304 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 304 Not Modified\r\n|"
      "header=ETag: \"abc\"\r\n|"
      "header=Content-Length: 100\r\n|"
      "headers-end=\r\n",
  },
  { .name = "no-body/101-switching",
    INPUT ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello"),
    .events =
      "status HTTP/1.1 101 \"Switching Protocols\"\n"
      "header Upgrade: \"websocket\"\n"
      "headers-end none 0\n"
      "complete\n"
      "violation @56 RFC 9112 §6.3: The server sent a body with a 101 response, which has none\n"
      "ok\n"
      "end status=101 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 101 Switching Protocols\r\n|"
      "header=Upgrade: websocket\r\n|"
      "headers-end=\r\n|"
      "extra=\201\005hello",
  },
  { .name = "content-length/basic",
    INPUT (OK_200 "Content-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Type: \"text/plain\"\n"
      "header Content-Length: \"11\"\n"
      "headers-end content-length 11\n"
      "body @65+11\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Type: text/plain\r\n|"
      "header=Content-Length: 11\r\n|"
      "headers-end=\r\n|"
      "body=hello world",
    .body = "hello world",
  },
  { .name = "content-length/zero",
    INPUT (OK_200 "Content-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "content-length/extra",
    INPUT (OK_200 "Content-Length: 3\r\n\r\nabcdef"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "headers-end content-length 3\n"
      "body @38+3\n"
      "complete\n"
      "violation @41 RFC 9112 §6.3: The server sent more data than its Content-Length of 3 bytes\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "body=abc|"
      "extra=def",
    .body = "abc",
  },
  { .name = "content-length/extra-strict", .strict = TRUE,
    INPUT (OK_200 "Content-Length: 3\r\n\r\nabcdef"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "headers-end content-length 3\n"
      "body @38+3\n"
      "complete\n"
      "violation @41 RFC 9112 §6.3 fatal: The server sent more data than its Content-Length of 3 bytes\n"
      "error: The server sent more data than its Content-Length of 3 bytes (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "body=abc|"
      "invalid=def",
    .body = "abc",
  },
  { .name = "content-length/short",
    INPUT (OK_200 "Content-Length: 10\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"10\"\n"
      "headers-end content-length 10\n"
      "body @39+3\n"
      "violation @42 RFC 9112 §6.3 fatal: The connection closed after 3 of 10 body bytes\n"
      "error: The connection closed after 3 of 10 body bytes (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 10\r\n|"
      "headers-end=\r\n|"
      "body=abc",
    .body = "abc",
  },
  { .name = "content-length/list",
    INPUT (OK_200 "Content-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3, 3\"\n"
      "header Content-Length: \"3\"\n"
      "violation @17 RFC 9110 §8.6: Content-Length is a list of identical values\n"
      "headers-end content-length 3\n"
      "body @60+3\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3, 3\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "body=abc",
    .body = "abc",
  },
  { .name = "content-length/differing",
    INPUT (OK_200 "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "header Content-Length: \"4\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"3,4\": it lists different values\n"
      "error: Invalid Content-Length \"3,4\": it lists different values (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "header=Content-Length: 4\r\n|"
      "invalid=\r\nabcd",
  },
  { .name = "content-length/sign",
    INPUT (OK_200 "Content-Length: +3\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"+3\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"+3\": a length cannot have a sign\n"
      "error: Invalid Content-Length \"+3\": a length cannot have a sign (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: +3\r\n|"
      "invalid=\r\nabc",
  },
  { .name = "content-length/negative",
    INPUT (OK_200 "Content-Length: -1\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"-1\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"-1\": a length cannot have a sign\n"
      "error: Invalid Content-Length \"-1\": a length cannot have a sign (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: -1\r\n|"
      "invalid=\r\n",
  },
  { .name = "content-length/inner-space",
    INPUT (OK_200 "Content-Length: 1 0\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"1 0\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"1 0\": the value contains spaces\n"
      "error: Invalid Content-Length \"1 0\": the value contains spaces (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 1 0\r\n|"
      "invalid=\r\nabc",
  },
  { .name = "content-length/not-digits",
    INPUT (OK_200 "Content-Length: 3a\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3a\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"3a\": the value is not a number\n"
      "error: Invalid Content-Length \"3a\": the value is not a number (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3a\r\n|"
      "invalid=\r\nabc",
  },
  { .name = "content-length/overflow",
    INPUT (OK_200 "Content-Length: 18446744073709551616\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"18446744073709551616\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"18446744073709551616\": the value is too large\n"
      "error: Invalid Content-Length \"18446744073709551616\": the value is too large (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 18446744073709551616\r\n|"
      "invalid=\r\nabc",
  },
  { .name = "chunked/extensions-trailers",
    INPUT (CHUNKED_200 "5;name=value\r\nhello\r\n1A ; a=b;c\r\nabcdefghijklmnopqrstuvwxyz\r\n"
           "0;last\r\nX-Checksum: abc\r\nServer-Timing: db;dur=53\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "chunk @47 5 \";name=value\"\n"
      "body @61+5\n"
      "chunk @68 26 \" ; a=b;c\"\n"
      "body @80+26\n"
      "chunk @108 0 \";last\"\n"
      "trailer X-Checksum: \"abc\"\n"
      "trailer Server-Timing: \"db;dur=53\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=5;name=value\r\n|"
      "chunk-data=hello|"
      "chunk-end=\r\n|"
      "chunk-size=1A ; a=b;c\r\n|"
      "chunk-data=abcdefghijklmnopqrstuvwxyz|"
      "chunk-end=\r\n|"
      "last-chunk=0;last\r\n|"
      "trailer=X-Checksum: abc\r\n|"
      "trailer=Server-Timing: db;dur=53\r\n|"
      "headers-end=\r\n",
    .body = "helloabcdefghijklmnopqrstuvwxyz",
  },
  { .name = "chunked/forbidden-trailers",
    INPUT (CHUNKED_200 "3\r\nabc\r\n0\r\nContent-Length: 3\r\nHost: example.com\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "chunk @47 3 \"\"\n"
      "body @50+3\n"
      "chunk @55 0 \"\"\n"
      "violation @58 RFC 9110 §6.5.1: The field \"Content-Length\" is not allowed in a trailer section\n"
      "trailer Content-Length: \"3\"\n"
      "violation @77 RFC 9110 §6.5.1: The field \"Host\" is not allowed in a trailer section\n"
      "trailer Host: \"example.com\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=3\r\n|"
      "chunk-data=abc|"
      "chunk-end=\r\n|"
      "last-chunk=0\r\n|"
      "trailer=Content-Length: 3\r\n|"
      "trailer=Host: example.com\r\n|"
      "headers-end=\r\n",
    .body = "abc",
  },
  { .name = "chunked/truncated",
    INPUT (CHUNKED_200 "5\r\nhel"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "chunk @47 5 \"\"\n"
      "body @50+3\n"
      "violation @53 RFC 9112 §7.1 fatal: The connection closed before the last chunk\n"
      "error: The connection closed before the last chunk (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=5\r\n|"
      "chunk-data=hel",
    .body = "hel",
  },
  { .name = "chunked/truncated-trailer",
    INPUT (CHUNKED_200 "0\r\nX-A: b\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "chunk @47 0 \"\"\n"
      "trailer X-A: \"b\"\n"
      "violation @58 RFC 9112 §7.1.2 fatal: The connection closed in the middle of the trailer section\n"
      "error: The connection closed in the middle of the trailer section (RFC 9112 §7.1.2)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "last-chunk=0\r\n|"
      "trailer=X-A: b\r\n",
  },
  { .name = "chunked/size-overflow",
    INPUT (CHUNKED_200 "10000000000000000\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "violation @47 RFC 9112 §7.1 fatal: The chunk size \"10000000000000000\" at byte 47 is too large\n"
      "error: The chunk size \"10000000000000000\" at byte 47 is too large (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "invalid=10000000000000000\r\n",
  },
  { .name = "chunked/size-max",
    INPUT (CHUNKED_200 "7fffffffffffffff\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "chunk @47 9223372036854775807 \"\"\n"
      "body @65+3\n"
      "violation @68 RFC 9112 §7.1 fatal: The connection closed before the last chunk\n"
      "error: The connection closed before the last chunk (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=7fffffffffffffff\r\n|"
      "chunk-data=abc",
    .body = "abc",
  },
  { .name = "chunked/non-hex",
    INPUT (CHUNKED_200 "zz\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "violation @47 RFC 9112 §7.1 fatal: Invalid chunk size \"zz\" at byte 47\n"
      "error: Invalid chunk size \"zz\" at byte 47 (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "invalid=zz\r\nabc",
  },
  { .name = "chunked/negative",
    INPUT (CHUNKED_200 "-5\r\nhello\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "violation @47 RFC 9112 §7.1 fatal: Invalid chunk size \"-5\" at byte 47\n"
      "error: Invalid chunk size \"-5\" at byte 47 (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "invalid=-5\r\nhello\r\n0\r\n\r\n",
  },
  { .name = "chunked/missing-crlf",
    INPUT (CHUNKED_200 "5\r\nhelloXX0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "chunk @47 5 \"\"\n"
      "body @50+5\n"
      "violation @55 RFC 9112 §7.1 fatal: The chunk data is not followed by CRLF at byte 55\n"
      "error: The chunk data is not followed by CRLF at byte 55 (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=5\r\n|"
      "chunk-data=hello|"
      "invalid=XX0\r\n\r\n",
    .body = "hello",
  },
  { .name = "chunked/bare-lf",
    INPUT (CHUNKED_200 "5\nhello\n0\n\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "violation @48 RFC 9112 §2.2: The line at byte 47 ends with a bare LF instead of CRLF\n"
      "chunk @47 5 \"\"\n"
      "body @49+5\n"
      "chunk @55 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=5\n|"
      "chunk-data=hello|"
      "chunk-end=\n|"
      "last-chunk=0\n|"
      "headers-end=\n",
    .body = "hello",
  },
  { .name = "chunked/extra",
    INPUT (CHUNKED_200 "3\r\nabc\r\n0\r\n\r\nGARBAGE"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "chunk @47 3 \"\"\n"
      "body @50+3\n"
      "chunk @55 0 \"\"\n"
      "complete\n"
      "violation @60 RFC 9112 §6.3: The server sent data after the end of the chunked body\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=3\r\n|"
      "chunk-data=abc|"
      "chunk-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n|"
      "extra=GARBAGE",
    .body = "abc",
  },
  { .name = "chunked/long-size-line", .max_line = 32,
    INPUT (CHUNKED_200 "5;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\nhello\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "headers-end chunked 0\n"
      "violation @47 RFC 9112 §7.1.1 fatal: The chunk-size line at byte 47 is longer than Portside's limit of 32 bytes\n"
      "error: The chunk-size line at byte 47 is longer than Portside's limit of 32 bytes (RFC 9112 §7.1.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "invalid=5;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\nhello\r\n0\r\n\r\n",
  },
  { .name = "close/http10",
    INPUT ("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nbody until close"),
    .events =
      "status HTTP/1.0 200 \"OK\"\n"
      "header Server: \"old\"\n"
      "headers-end close 0\n"
      "body @32+16\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=close complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.0 200 OK\r\n|"
      "header=Server: old\r\n|"
      "headers-end=\r\n|"
      "body=body until close",
    .body = "body until close",
  },
  { .name = "close/empty",
    INPUT (OK_200 "\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "headers-end close 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=close complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "headers-end=\r\n",
  },
  { .name = "transfer-encoding/with-content-length",
    INPUT (OK_200 "Content-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"100\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "violation @17 RFC 9112 §6.3: The response has both Transfer-Encoding and Content-Length: Transfer-Encoding wins and the connection must close\n"
      "headers-end chunked 0\n"
      "chunk @68 3 \"\"\n"
      "body @71+3\n"
      "chunk @76 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=1",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 100\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=3\r\n|"
      "chunk-data=abc|"
      "chunk-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n",
    .body = "abc",
  },
  { .name = "transfer-encoding/chunked-not-last",
    INPUT (OK_200 "Transfer-Encoding: chunked, gzip\r\n\r\nraw"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked, gzip\"\n"
      "violation @17 RFC 9112 §6.1: The chunked transfer coding must be the last one applied\n"
      "violation @17 RFC 9112 §6.3: Transfer-Encoding does not end with chunked, so the body runs until the connection closes\n"
      "headers-end close 0\n"
      "body @53+3\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=close complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked, gzip\r\n|"
      "headers-end=\r\n|"
      "body=raw",
    .body = "raw",
  },
  { .name = "transfer-encoding/unknown",
    INPUT (OK_200 "Transfer-Encoding: foo\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"foo\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "violation @17 RFC 9112 §7: Unknown transfer coding \"foo\"\n"
      "headers-end chunked 0\n"
      "chunk @71 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: foo\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "transfer-encoding/http10",
    INPUT ("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.0 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "violation @17 RFC 9112 §6.1: An HTTP/1.0 response must not use Transfer-Encoding, so its framing is faulty\n"
      "headers-end chunked 0\n"
      "chunk @47 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=1",
    .spans =
      "status-line=HTTP/1.0 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "lines/bare-lf",
    INPUT ("HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\r\n\nhi"),
    .events =
      "violation @15 RFC 9112 §2.2: The line at byte 0 ends with a bare LF instead of CRLF\n"
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"2\"\n"
      "header X-A: \"b\"\n"
      "headers-end content-length 2\n"
      "body @43+2\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\n|"
      "header=Content-Length: 2\n|"
      "header=X-A: b\r\n|"
      "headers-end=\n|"
      "body=hi",
    .body = "hi",
  },
  { .name = "lines/bare-lf-strict", .strict = TRUE,
    INPUT ("HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"),
    .events =
      "violation @15 RFC 9112 §2.2 fatal: The line at byte 0 ends with a bare LF instead of CRLF\n"
      "error: The line at byte 0 ends with a bare LF instead of CRLF (RFC 9112 §2.2)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 200 OK\nContent-Length: 2\n\nhi",
  },
  { .name = "lines/bare-cr",
    INPUT (OK_200 "X-A: a\rb\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @23 RFC 9112 §2.2: The line at byte 17 contains a bare CR, read as a space\n"
      "header X-A: \"a b\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-A: a\rb\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "lines/bare-cr-strict", .strict = TRUE,
    INPUT (OK_200 "X-A: a\rb\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @23 RFC 9112 §2.2 fatal: The line at byte 17 contains a bare CR, read as a space\n"
      "error: The line at byte 17 contains a bare CR, read as a space (RFC 9112 §2.2)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=X-A: a\rb\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "fields/case-and-order",
    INPUT (OK_200 "content-TYPE: text/html;  charset=utf-8 \r\nX-Empty:\r\nSet-Cookie: a=1\r\n"
           "Set-Cookie: b=2\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header content-TYPE: \"text/html;  charset=utf-8\"\n"
      "header X-Empty: \"\"\n"
      "header Set-Cookie: \"a=1\"\n"
      "header Set-Cookie: \"b=2\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=content-TYPE: text/html;  charset=utf-8 \r\n|"
      "header=X-Empty:\r\n|"
      "header=Set-Cookie: a=1\r\n|"
      "header=Set-Cookie: b=2\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "fields/obs-fold",
    INPUT (OK_200 "X-Long: first\r\n  second\r\n\tthird\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @32 RFC 9112 §5.2: The line at byte 32 continues the previous field (obsolete line folding), read as a space\n"
      "violation @42 RFC 9112 §5.2: The line at byte 42 continues the previous field (obsolete line folding), read as a space\n"
      "header X-Long: \"first second third\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-Long: first\r\n|"
      "header=  second\r\n|"
      "header=\tthird\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "fields/obs-fold-strict", .strict = TRUE,
    INPUT (OK_200 "X-Long: first\r\n  second\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @32 RFC 9112 §5.2 fatal: The line at byte 32 continues the previous field (obsolete line folding), read as a space\n"
      "error: The line at byte 32 continues the previous field (obsolete line folding), read as a space (RFC 9112 §5.2)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-Long: first\r\n|"
      "invalid=  second\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "fields/fold-first",
    INPUT (OK_200 " folded\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §2.2 fatal: The line at byte 17 starts with whitespace but follows no field line\n"
      "error: The line at byte 17 starts with whitespace but follows no field line (RFC 9112 §2.2)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid= folded\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "fields/space-before-colon",
    INPUT (OK_200 "Content-Length : 5\r\n\r\nhello"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §5.1 fatal: The field name \"Content-Length \" at byte 17 is followed by whitespace before the colon\n"
      "error: The field name \"Content-Length \" at byte 17 is followed by whitespace before the colon (RFC 9112 §5.1)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=Content-Length : 5\r\n\r\nhello",
  },
  { .name = "fields/empty-name",
    INPUT (OK_200 ": value\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §5 fatal: The field line at byte 17 has an empty name\n"
      "error: The field line at byte 17 has an empty name (RFC 9112 §5)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=: value\r\n\r\n",
  },
  { .name = "fields/no-colon",
    INPUT (OK_200 "Just some text\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §5 fatal: The field line at byte 17 has no colon\n"
      "error: The field line at byte 17 has no colon (RFC 9112 §5)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=Just some text\r\n\r\n",
  },
  { .name = "fields/bad-name",
    INPUT (OK_200 "X(A): b\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.1 fatal: The field name \"X(A)\" at byte 17 contains an invalid character\n"
      "error: The field name \"X(A)\" at byte 17 contains an invalid character (RFC 9110 §5.1)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=X(A): b\r\n\r\n",
  },
  { .name = "fields/nul",
    INPUT (OK_200 "X-A: a\0b\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.5: The field line at byte 17 contains NUL, read as a space\n"
      "header X-A: \"a b\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-A: a\\0b\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "fields/control",
    INPUT (OK_200 "X-A: a\x01" "b\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.5: The field line at byte 17 contains control characters\n"
      "header X-A: \"a\001b\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-A: a\001b\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "status/http09",
    INPUT ("<html>hello</html>"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The server did not send a status line (HTTP/0.9 or not HTTP)\n"
      "error: The server did not send a status line (HTTP/0.9 or not HTTP) (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=<html>hello</html>",
  },
  { .name = "status/not-http",
    INPUT ("HTTPS/1.1 200 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The server did not send a status line (HTTP/0.9 or not HTTP)\n"
      "error: The server did not send a status line (HTTP/0.9 or not HTTP) (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTPS/1.1 200 OK\r\n\r\n",
  },
  { .name = "status/http2",
    INPUT ("HTTP/2.0 200 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §2.3 fatal: The server answered with HTTP/2.0 instead of HTTP/1.x\n"
      "error: The server answered with HTTP/2.0 instead of HTTP/1.x (RFC 9112 §2.3)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/2.0 200 OK\r\n\r\n",
  },
  { .name = "status/bad-version",
    INPUT ("HTTP/x.1 200 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §2.3 fatal: The status line \"HTTP/x.1 200 OK\" has no valid HTTP version\n"
      "error: The status line \"HTTP/x.1 200 OK\" has no valid HTTP version (RFC 9112 §2.3)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/x.1 200 OK\r\n\r\n",
  },
  { .name = "status/two-digits",
    INPUT ("HTTP/1.1 20 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line \"HTTP/1.1 20 OK\" has no three-digit status code\n"
      "error: The status line \"HTTP/1.1 20 OK\" has no three-digit status code (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 20 OK\r\n\r\n",
  },
  { .name = "status/letters",
    INPUT ("HTTP/1.1 2x0 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line \"HTTP/1.1 2x0 OK\" has no three-digit status code\n"
      "error: The status line \"HTTP/1.1 2x0 OK\" has no three-digit status code (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 2x0 OK\r\n\r\n",
  },
  { .name = "status/four-digits",
    INPUT ("HTTP/1.1 2000 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line \"HTTP/1.1 2000 OK\" has no space after the status code\n"
      "error: The status line \"HTTP/1.1 2000 OK\" has no space after the status code (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 2000 OK\r\n\r\n",
  },
  { .name = "status/out-of-range",
    INPUT ("HTTP/1.1 999 Odd\r\n\r\n"),
    .events =
      "violation @0 RFC 9110 §15 fatal: The status code 999 is outside the range 100 to 599\n"
      "error: The status code 999 is outside the range 100 to 599 (RFC 9110 §15)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 999 Odd\r\n\r\n",
  },
  { .name = "status/no-reason",
    INPUT ("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4: The status line has no space after the status code\n"
      "status HTTP/1.1 200 \"\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "status/empty-reason",
    INPUT ("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 404 \"\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=404 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 404 \r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "limits/long-status-line", .max_line = 32,
    INPUT ("HTTP/1.1 200 A very long reason phrase indeed\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line at byte 0 is longer than Portside's limit of 32 bytes\n"
      "error: The status line at byte 0 is longer than Portside's limit of 32 bytes (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 200 A very long reason phrase indeed\r\n\r\n",
  },
  { .name = "limits/long-field-line", .max_line = 32,
    INPUT (OK_200 "X-Long: 0123456789012345678901234567890123456789\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.4 fatal: The field line at byte 17 is longer than Portside's limit of 32 bytes\n"
      "error: The field line at byte 17 is longer than Portside's limit of 32 bytes (RFC 9110 §5.4)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=X-Long: 0123456789012345678901234567890123456789\r\n\r\n",
  },
  { .name = "limits/line-at-limit", .max_line = 32,
    INPUT (OK_200 "X-Fits: 0123456789012345678901\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header X-Fits: \"0123456789012345678901\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-Fits: 0123456789012345678901\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "limits/too-many-fields", .max_headers = 3,
    INPUT (OK_200 "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header A: \"1\"\n"
      "header B: \"2\"\n"
      "header C: \"3\"\n"
      "violation @35 RFC 9110 §5.4 fatal: The header section has more than 3 fields, Portside's limit\n"
      "error: The header section has more than 3 fields, Portside's limit (RFC 9110 §5.4)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=A: 1\r\n|"
      "header=B: 2\r\n|"
      "header=C: 3\r\n|"
      "invalid=D: 4\r\n\r\n",
  },
  { .name = "limits/header-section", .max_header_bytes = 48,
    INPUT (OK_200 "Server: lab\r\nX-Padding: 0123456789\r\nX-More: abc\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @30 RFC 9110 §5.4 fatal: The header section is larger than Portside's limit of 48 bytes\n"
      "error: The header section is larger than Portside's limit of 48 bytes (RFC 9110 §5.4)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Server: lab\r\n|"
      "invalid=X-Padding: 0123456789\r\nX-More: abc\r\n\r\n",
  },
  { .name = "eof/nothing",
    INPUT (""),
    .events =
      "violation @0 RFC 9112 §8 fatal: The connection closed before the status line\n"
      "error: The connection closed before the status line (RFC 9112 §8)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "",
  },
  { .name = "eof/mid-status-line",
    INPUT ("HTTP/1.1 20"),
    .events =
      "violation @11 RFC 9112 §8 fatal: The connection closed in the middle of the status line\n"
      "error: The connection closed in the middle of the status line (RFC 9112 §8)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 20",
  },
  { .name = "eof/mid-headers",
    INPUT (OK_200 "Content-Length: 5\r\nX-A"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"5\"\n"
      "violation @39 RFC 9112 §8 fatal: The connection closed in the middle of the header section\n"
      "error: The connection closed in the middle of the header section (RFC 9112 §8)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 5\r\n|"
      "invalid=X-A",
  },
};

static void
test_default_line_limit (void)
{
  g_autoptr(GString) input = g_string_new (OK_200 "X-Huge: ");
  ParserCase tc = { .name = "limits/default-line" };
  g_auto(Summary) one = { 0 };
  g_auto(Summary) bytewise = { 0 };
  g_autofree gsize *cuts = NULL;
  g_autofree char *invalid = NULL;

  while (input->len < strlen (OK_200) + PORTSIDE_PARSER_DEFAULT_MAX_LINE + 10)
    g_string_append_c (input, 'x');
  g_string_append (input, "\r\n\r\n");
  tc.input = input->str;
  tc.length = input->len;
  run_summary (&tc, NULL, 0, &one);
  g_assert_nonnull (strstr (one.events, "error: The field line at byte 17 is longer than "
                                        "Portside's limit of 8192 bytes (RFC 9110 §5.4)"));
  invalid = g_strconcat ("status-line=" OK_200 "|invalid=", input->str + strlen (OK_200), NULL);
  g_assert_cmpstr (one.spans, ==, invalid);

  cuts = g_new (gsize, input->len);
  for (gsize i = 0; i + 1 < input->len; i++)
    cuts[i] = i + 1;
  run_summary (&tc, cuts, input->len - 1, &bytewise);
  assert_same (&one, &bytewise);
}

static void
count_body (gpointer      user_data,
            guint64       offset,
            const guint8 *data,
            gsize         length)
{
  (*(guint *) user_data)++;
}

/* The body path is per feed, not per byte: one callback for each feed. */
static void
test_body_per_feed (void)
{
  PortsideParserCallbacks cb = { .body = count_body };
  g_autofree char *head = g_strdup_printf (OK_200 "Content-Length: %u\r\n\r\n", 1u << 20);
  g_autofree guint8 *block = g_malloc0 (4096);
  g_autoptr(PortsideParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  guint bodies = 0;

  parser = portside_parser_new (NULL, &cb, &bodies);
  g_assert_true (portside_parser_feed (parser, (const guint8 *) head, strlen (head), &error));
  for (guint i = 0; i < 256; i++)
    g_assert_true (portside_parser_feed (parser, block, 4096, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bodies, ==, 256);
  g_assert_true (portside_parser_is_complete (parser));
  g_assert_true (portside_parser_finish (parser, &error));
}

static void
test_names (void)
{
  const char *spans[] = { "status-line", "header", "headers-end", "chunk-size", "chunk-data",
                          "chunk-end", "last-chunk", "trailer", "body", "extra", "invalid" };

  G_STATIC_ASSERT (G_N_ELEMENTS (spans) == PORTSIDE_N_SPANS);
  for (guint i = 0; i < PORTSIDE_N_SPANS; i++)
    g_assert_cmpstr (portside_span_kind_name (i), ==, spans[i]);
  g_assert_cmpstr (portside_framing_name (PORTSIDE_FRAMING_NONE), ==, "none");
  g_assert_cmpstr (portside_framing_name (PORTSIDE_FRAMING_CONTENT_LENGTH), ==, "content-length");
  g_assert_cmpstr (portside_framing_name (PORTSIDE_FRAMING_CHUNKED), ==, "chunked");
  g_assert_cmpstr (portside_framing_name (PORTSIDE_FRAMING_CLOSE), ==, "close");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/parser/%s/every-split", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_every_split);
    }
  g_test_add_func ("/parser/limits/default-line", test_default_line_limit);
  g_test_add_func ("/parser/body/one-callback-per-feed", test_body_per_feed);
  g_test_add_func ("/parser/names", test_names);
  return g_test_run ();
}
