/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every canned response is parsed in one feed, split in two at every
 * position, and fed a byte at a time: all runs must give the same callbacks
 * (body and other splittable spans compared coalesced), and the one-feed run
 * must match the expected values written out in the case tables
 * (parser-cases-*.c).
 */
#include <stdio.h>
#include <string.h>

#include "parser-cases.h"
#include "portside-error.h"
#include "portside-parser.h"

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
  const ParserCaseTable *tables[] = {
    &parser_cases_length, &parser_cases_chunked, &parser_cases_syntax,
  };

  g_test_init (&argc, &argv, NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (gsize i = 0; i < tables[t]->n_cases; i++)
      {
        const ParserCase *tc = &tables[t]->cases[i];
        g_autofree char *path = g_strdup_printf ("/parser/%s/every-split", tc->name);

        g_test_add_data_func (path, tc, test_every_split);
      }
  g_test_add_func ("/parser/limits/default-line", test_default_line_limit);
  g_test_add_func ("/parser/body/one-callback-per-feed", test_body_per_feed);
  g_test_add_func ("/parser/names", test_names);
  return g_test_run ();
}
