/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser's fuzz check. The parser promises the same callbacks whatever
 * the split of its input, so one input is parsed three ways (one feed, the
 * pieces the input asks for, one byte at a time) and the transcripts must
 * match, with the runs of splittable spans and body bytes coalesced. Each
 * run also checks the promises that hold within one run: spans cover every
 * byte once and in order, a failed parser keeps failing the same way, and
 * the configured limits are never exceeded.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz-harness.h"
#include "portside-error.h"
#include "portside-parser.h"

#define MAX_CUTS 15
#define MAX_BYTEWISE (64 * 1024)

typedef struct
{
  PortsideParserOptions options;
  const guint8         *stream;
  gsize                 length;
  gsize                 cuts[MAX_CUTS];
  guint                 n_cuts;
} ParserInput;

typedef struct
{
  guint   kind;
  guint64 offset;
  guint64 length;
} Span;

typedef struct
{
  const ParserInput *input;
  GPtrArray         *events;       /* one string per callback */
  GArray            *spans;        /* Span, splittable runs coalesced */
  guint64            span_end;
  guint64            body_start;   /* of the body run that ends the events */
  guint64            body_end;
  guint              fields;       /* in the current section */
  guint              interim;
  guint              completions;
} Transcript;

static const gsize line_limits[] = { 0, 16, 40, 300 };
static const guint field_limits[] = { 0, 1, 3, 12 };
static const guint interim_limits[] = { 0, 1, 2, 5 };

static guint
effective (guint value, guint fallback)
{
  return value != 0 ? value : fallback;
}

static gboolean
is_splittable (guint kind)
{
  return kind == PORTSIDE_SPAN_BODY || kind == PORTSIDE_SPAN_CHUNK_DATA ||
         kind == PORTSIDE_SPAN_EXTRA || kind == PORTSIDE_SPAN_INVALID;
}

static void
add_event (Transcript *t, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_event (Transcript *t, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (t->events, g_strdup_vprintf (format, args));
  va_end (args);
  t->body_end = G_MAXUINT64;  /* a body run ends at any other event */
}

static void
on_span (gpointer user_data, PortsideSpanKind kind, guint64 offset, guint64 length)
{
  Transcript *t = user_data;
  Span *last = t->spans->len > 0 ? &g_array_index (t->spans, Span, t->spans->len - 1) : NULL;

  g_assert_cmpuint (kind, <, PORTSIDE_N_SPANS);
  g_assert_cmpuint (offset, ==, t->span_end);
  g_assert_cmpuint (length, >, 0);
  g_assert_cmpuint (offset + length, <=, t->input->length);
  t->span_end = offset + length;
  if (last != NULL && last->kind == kind && is_splittable (kind))
    last->length += length;
  else
    g_array_append_val (t->spans, ((Span) { kind, offset, length }));
}

static void
on_status (gpointer user_data, const char *version, guint code, const char *reason,
           gboolean interim)
{
  Transcript *t = user_data;

  g_assert_nonnull (version);
  g_assert_nonnull (reason);
  g_assert_cmpuint (code, >=, 100);
  g_assert_cmpuint (code, <=, 999);
  if (interim)
    g_assert_cmpuint (++t->interim, <=, effective (t->input->options.max_interim,
                                                   PORTSIDE_PARSER_DEFAULT_MAX_INTERIM));
  add_event (t, "status %s %u \"%s\"%s", version, code, reason, interim ? " interim" : "");
}

static void
on_header (gpointer user_data, const char *name, const char *value, gboolean trailer)
{
  Transcript *t = user_data;

  g_assert_nonnull (name);
  g_assert_nonnull (value);
  g_assert_cmpuint (++t->fields, <=, effective (t->input->options.max_headers,
                                                PORTSIDE_PARSER_DEFAULT_MAX_HEADERS));
  add_event (t, "%s %s: \"%s\"", trailer ? "trailer" : "header", name, value);
}

static void
on_headers_end (gpointer user_data, gboolean interim, PortsideFraming framing,
                guint64 content_length)
{
  Transcript *t = user_data;

  g_assert_cmpuint (framing, <=, PORTSIDE_FRAMING_CLOSE);
  t->fields = 0;
  add_event (t, "headers-end%s %s %" G_GUINT64_FORMAT, interim ? " interim" : "",
             portside_framing_name (framing), content_length);
}

static void
on_chunk (gpointer user_data, guint64 offset, guint64 size, const char *extensions)
{
  Transcript *t = user_data;

  g_assert_nonnull (extensions);
  t->fields = 0;  /* a trailer section may follow the last chunk */
  add_event (t, "chunk @%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " \"%s\"", offset, size,
             extensions);
}

static void
on_body (gpointer user_data, guint64 offset, const guint8 *data, gsize length)
{
  Transcript *t = user_data;
  guint64 start = offset;

  /* Straight from the caller's buffer, so the offset must say where. */
  g_assert_cmpuint (offset + length, <=, t->input->length);
  g_assert_true (data == t->input->stream + offset);
  if (t->body_end == offset && t->events->len > 0)
    {
      start = t->body_start;
      g_ptr_array_remove_index (t->events, t->events->len - 1);
    }
  add_event (t, "body @%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT, start, offset + length - start);
  t->body_start = start;
  t->body_end = offset + length;
}

static void
on_violation (gpointer user_data, const PortsideViolation *v)
{
  g_assert_nonnull (v->section);
  g_assert_nonnull (v->message);
  /* Shown as is in the window: never raw bytes that are not text. */
  g_assert_true (g_utf8_validate (v->message, -1, NULL));
  add_event (user_data, "violation @%" G_GUINT64_FORMAT " %s%s: %s", v->offset, v->section,
             v->fatal ? " fatal" : "", v->message);
}

static void
on_complete (gpointer user_data)
{
  Transcript *t = user_data;

  g_assert_cmpuint (++t->completions, ==, 1);
  add_event (t, "complete");
}

static const PortsideParserCallbacks callbacks = {
  on_span, on_status, on_header, on_headers_end, on_chunk, on_body, on_violation, on_complete,
};

/* Returns the first feed error; a failed parser must repeat it. */
static GError *
feed_pieces (PortsideParser *parser, const ParserInput *in, const gsize *cuts, gsize n_cuts)
{
  GError *first = NULL;
  gsize start = 0;

  for (gsize i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : in->length;
      g_autoptr(GError) error = NULL;
      gboolean ok = portside_parser_feed (parser, in->stream + start, end - start, &error);

      g_assert_true (ok == (error == NULL));
      if (first != NULL)
        g_assert_cmpstr (error != NULL ? error->message : "no error", ==, first->message);
      else if (error != NULL)
        {
          g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          first = g_steal_pointer (&error);
        }
      start = end;
    }
  return first;
}

static void
finish_run (PortsideParser *parser, Transcript *t, GError *feed_error)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = portside_parser_finish (parser, &error);

  g_assert_true (ok == (error == NULL));
  if (feed_error != NULL)
    {
      g_assert_false (ok);
      g_assert_cmpstr (error->message, ==, feed_error->message);
    }
  if (error != NULL)
    g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
  g_assert_true (ok == portside_parser_is_complete (parser));
  /* After the close, every received byte has its colour. */
  g_assert_cmpuint (t->span_end, ==, t->input->length);
  add_event (t, "feed: %s", feed_error != NULL ? feed_error->message : "ok");
  add_event (t, "finish: %s", error != NULL ? error->message : "ok");
  add_event (t, "status %u framing %s must-close %d", portside_parser_get_status (parser),
             portside_framing_name (portside_parser_get_framing (parser)),
             portside_parser_get_must_close (parser));
}

static void
run_parser (const ParserInput *in, const gsize *cuts, gsize n_cuts, Transcript *t)
{
  g_autoptr(PortsideParser) parser = portside_parser_new (&in->options, &callbacks, t);
  g_autoptr(GError) feed_error = NULL;

  t->input = in;
  t->events = g_ptr_array_new_with_free_func (g_free);
  t->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  t->body_end = G_MAXUINT64;
  feed_error = feed_pieces (parser, in, cuts, n_cuts);
  finish_run (parser, t, feed_error);
}

static void
transcript_clear (Transcript *t)
{
  g_clear_pointer (&t->events, g_ptr_array_unref);
  g_clear_pointer (&t->spans, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Transcript, transcript_clear)

static void
assert_same (const Transcript *a, const Transcript *b)
{
  for (guint i = 0; i < MIN (a->events->len, b->events->len); i++)
    g_assert_cmpstr (g_ptr_array_index (a->events, i), ==, g_ptr_array_index (b->events, i));
  g_assert_cmpuint (a->events->len, ==, b->events->len);
  g_assert_cmpuint (a->spans->len, ==, b->spans->len);
  for (guint i = 0; i < a->spans->len; i++)
    {
      const Span *x = &g_array_index (a->spans, Span, i), *y = &g_array_index (b->spans, Span, i);

      g_assert_cmpstr (portside_span_kind_name (x->kind), ==, portside_span_kind_name (y->kind));
      g_assert_cmpuint (x->offset, ==, y->offset);
      g_assert_cmpuint (x->length, ==, y->length);
    }
}

static int
compare_sizes (gconstpointer a, gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

/* Byte 0: strict, HEAD, line, field and interim limits. Byte 1: the number
 * of cuts and the header section limit. Then two bytes per cut. */
static void
decode_input (const guint8 *data, gsize size, ParserInput *in)
{
  guint n_cuts;

  memset (in, 0, sizeof *in);
  in->stream = data;
  in->length = size;
  if (size < 2)
    return;
  in->options.strict = data[0] & 1;
  in->options.head_request = (data[0] >> 1) & 1;
  in->options.max_line = line_limits[(data[0] >> 2) & 3];
  in->options.max_headers = field_limits[(data[0] >> 4) & 3];
  in->options.max_interim = interim_limits[(data[0] >> 6) & 3];
  in->options.max_header_bytes = (data[1] >> 4) * 24;
  n_cuts = MIN ((guint) (data[1] & 0xf), (size - 2) / 2);
  in->stream = data + 2 + 2 * n_cuts;
  in->length = size - 2 - 2 * n_cuts;
  for (guint i = 0; i < n_cuts; i++)
    in->cuts[i] = (data[2 + 2 * i] | (data[3 + 2 * i] << 8)) % (in->length + 1);
  in->n_cuts = n_cuts;
  qsort (in->cuts, n_cuts, sizeof (gsize), compare_sizes);
}

void
portside_fuzz_parser (const guint8 *data, gsize size)
{
  ParserInput in;
  g_auto(Transcript) whole = { 0 };
  g_auto(Transcript) pieces = { 0 };

  decode_input (data, size, &in);
  run_parser (&in, NULL, 0, &whole);
  run_parser (&in, in.cuts, in.n_cuts, &pieces);
  assert_same (&whole, &pieces);
  if (in.length > 1 && in.length <= MAX_BYTEWISE)
    {
      g_autofree gsize *every = g_new (gsize, in.length - 1);
      g_auto(Transcript) bytes = { 0 };

      for (gsize i = 0; i < in.length - 1; i++)
        every[i] = i + 1;
      run_parser (&in, every, in.length - 1, &bytes);
      assert_same (&whole, &bytes);
    }
}
