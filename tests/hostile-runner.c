/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs one hostile case: a script server, one exchange against it with every
 * event captured, then the case's verdict and the checks every case shares.
 * The event stream must keep its promises: the READ events carry exactly the
 * bytes the server wrote (or a prefix, when the client stops early), SPAN
 * events cover each received byte once and in order, BODY events point at
 * the bytes they claim, one DONE or ERROR ends the stream, and the exchange
 * returns in bounded time.
 */
#include <string.h>

#include "hostile-runner.h"
#include "portside-decoder.h"
#include "portside-exchange.h"

#define DEFAULT_MAX_TIME_MS  3000
#define WALL_LIMIT_US        (5 * G_USEC_PER_SEC)
#define SERVER_WAIT_MS       10000

typedef struct
{
  GString           *received;    /* READ data joined */
  GString           *body;        /* BODY data joined */
  GString           *problems;    /* broken promises of the event stream */
  GPtrArray         *violations;  /* PortsideViolation copies as "section\nmessage" */
  GPtrArray         *warnings;
  GPtrArray         *headers;     /* "Name: value" */
  GPtrArray         *trailers;
  guint64            span_end;
  guint              invalid_spans;
  guint              terminal;    /* DONE and ERROR events */
  PortsideEventKind  last;
  guint              status;
  guint              interim;
  gboolean           fatal;
  guint64            fatal_offset;
  gboolean           done;
  PortsideTimings    timings;
} Capture;

static void
capture_init (Capture *c)
{
  c->received = g_string_new (NULL);
  c->body = g_string_new (NULL);
  c->problems = g_string_new (NULL);
  c->violations = g_ptr_array_new_with_free_func (g_free);
  c->warnings = g_ptr_array_new_with_free_func (g_free);
  c->headers = g_ptr_array_new_with_free_func (g_free);
  c->trailers = g_ptr_array_new_with_free_func (g_free);
}

static void
capture_clear (Capture *c)
{
  if (c->received == NULL)
    return;
  g_string_free (c->received, TRUE);
  g_string_free (c->body, TRUE);
  g_string_free (c->problems, TRUE);
  g_ptr_array_unref (c->violations);
  g_ptr_array_unref (c->warnings);
  g_ptr_array_unref (c->headers);
  g_ptr_array_unref (c->trailers);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Capture, capture_clear)

static void problem (Capture *c, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Collected rather than asserted, so that the case reports its own verdict
 * too, and the first broken promise is shown with its context. */
static void
problem (Capture *c, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (c->problems, format, args);
  g_string_append_c (c->problems, '\n');
  va_end (args);
}

static void
on_read (Capture *c, const PortsideEvent *e)
{
  if (e->offset != c->received->len)
    problem (c, "READ at %" G_GUINT64_FORMAT ", expected %" G_GSIZE_FORMAT,
             e->offset, c->received->len);
  if (e->length == 0 || e->data == NULL)
    problem (c, "READ %u is empty or has no data", e->index);
  else
    g_string_append_len (c->received, (const char *) e->data, e->length);
}

static void
on_span (Capture *c, const PortsideEvent *e)
{
  if (e->offset != c->span_end || e->length == 0)
    problem (c, "SPAN %s at %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT ", expected at %"
             G_GUINT64_FORMAT, portside_span_kind_name (e->span), e->offset, e->length,
             c->span_end);
  c->span_end = e->offset + e->length;
  if (c->span_end > c->received->len)
    problem (c, "SPAN %s ends at %" G_GUINT64_FORMAT ", past the %" G_GSIZE_FORMAT
             " bytes read", portside_span_kind_name (e->span), c->span_end, c->received->len);
  c->invalid_spans += e->span == PORTSIDE_SPAN_INVALID;
}

static void
on_body (Capture *c, const PortsideEvent *e)
{
  /* A body byte is a received byte: same value, at the offset it claims. */
  if (e->offset + e->length > c->received->len ||
      memcmp (c->received->str + e->offset, e->data, e->length) != 0)
    problem (c, "BODY at %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT " is not what was read there",
             e->offset, e->length);
  g_string_append_len (c->body, (const char *) e->data, e->length);
}

static void
on_violation (Capture *c, const PortsideViolation *v)
{
  g_ptr_array_add (c->violations, g_strdup_printf ("%s\n%s", v->section, v->message));
  if (v->fatal && !c->fatal)
    {
      c->fatal = TRUE;
      c->fatal_offset = v->offset;
    }
}

static void
on_status (Capture *c, const PortsideEvent *e)
{
  if (e->flag)
    c->interim++;
  else
    c->status = e->code;
}

static void
on_header (Capture *c, const PortsideEvent *e)
{
  g_ptr_array_add (e->flag ? c->trailers : c->headers,
                   g_strdup_printf ("%s: %s", e->name, e->value));
}

static void
on_end (Capture *c, const PortsideEvent *e)
{
  c->terminal++;
  if (e->kind != PORTSIDE_EVENT_DONE)
    return;
  c->done = TRUE;
  c->timings = *e->timings;
}

static void
capture_event (const PortsideEvent *e, gpointer data)
{
  Capture *c = data;

  if (c->terminal > 0)
    problem (c, "a %s event came after the end", portside_event_kind_name (e->kind));
  c->last = e->kind;
  switch (e->kind)
    {
    case PORTSIDE_EVENT_READ: on_read (c, e); break;
    case PORTSIDE_EVENT_SPAN: on_span (c, e); break;
    case PORTSIDE_EVENT_BODY: on_body (c, e); break;
    case PORTSIDE_EVENT_STATUS: on_status (c, e); break;
    case PORTSIDE_EVENT_HEADER: on_header (c, e); break;
    case PORTSIDE_EVENT_VIOLATION: on_violation (c, e->violation); break;
    case PORTSIDE_EVENT_WARNING: g_ptr_array_add (c->warnings, g_strdup (e->value)); break;
    case PORTSIDE_EVENT_DONE:
    case PORTSIDE_EVENT_ERROR: on_end (c, e); break;
    default: break;
    }
}

/* ---- running a case ----------------------------------------------------- */

static PortsideScriptServer *
start_server (const HostileCase *hc)
{
  g_autoptr(GError) error = NULL;
  PortsideScriptServerFlags flags = 0;
  PortsideScriptServer *server;

  if (hc->transport == HOSTILE_TLS)
    flags |= PORTSIDE_SCRIPT_SERVER_TLS;
  if (hc->transport == HOSTILE_TLS_TO_PLAIN || hc->no_head)
    flags |= PORTSIDE_SCRIPT_SERVER_NO_HEAD;
  server = portside_script_server_new (flags, hc->script, &error);
  g_assert_no_error (error);
  return server;
}

static PortsideExchangeOptions *
make_options (const HostileCase *hc, PortsideScriptServer *server)
{
  PortsideExchangeOptions *o = portside_exchange_options_new ();
  g_autofree char *url = portside_script_server_get_url (server, "/hostile");

  if (hc->transport == HOSTILE_TLS_TO_PLAIN)
    o->url = g_strdup_printf ("https://127.0.0.1:%u/hostile",
                              portside_script_server_get_port (server));
  else
    o->url = g_steal_pointer (&url);
  o->ca_file = g_strdup (portside_script_server_get_ca_file (server));
  o->method = g_strdup (hc->head ? "HEAD" : "GET");
  o->strict = hc->strict;
  o->recv_size = hc->recv_size;
  o->max_time_ms = hc->max_time_ms > 0 ? hc->max_time_ms : DEFAULT_MAX_TIME_MS;
  o->want_read_data = TRUE;
  return o;
}

static gboolean
run_exchange (const HostileCase  *hc,
              PortsideScriptServer *server,
              Capture            *c,
              gint64             *elapsed,
              GError            **error)
{
  g_autoptr(PortsideExchangeOptions) o = make_options (hc, server);
  g_autoptr(PortsideExchange) exchange = portside_exchange_new (o);
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  portside_exchange_set_event_func (exchange, capture_event, c, NULL);
  ok = portside_exchange_run (exchange, NULL, error);
  *elapsed = g_get_monotonic_time () - start;
  return ok;
}

/* ---- the checks --------------------------------------------------------- */

static gboolean
has_entry (GPtrArray *list, const char *wanted)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), wanted))
      return TRUE;
  return FALSE;
}

static gboolean
has_violation (Capture *c, const char *section, const char *message)
{
  for (guint i = 0; i < c->violations->len; i++)
    {
      const char *text = g_ptr_array_index (c->violations, i);
      const char *newline = strchr (text, '\n');

      if (g_strstr_len (text, newline - text, section) != NULL &&
          (message == NULL || strstr (newline + 1, message) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
check_violations (const HostileCase *hc, Capture *c)
{
  if (hc->violation == NULL)
    {
      if (c->violations->len > 0)
        g_error ("unexpected violation: %s", (char *) g_ptr_array_index (c->violations, 0));
      return;
    }
  /* An error's message is the fatal violation's; an ok run's is in the violation. */
  if (!has_violation (c, hc->violation, hc->error == 0 ? hc->message : NULL))
    g_error ("no violation of %s (%s) among %u", hc->violation,
             hc->message != NULL ? hc->message : "any message", c->violations->len);
  if (hc->error == PORTSIDE_ERROR_PROTOCOL)
    g_assert_true (c->fatal);
}

/* The server saw the request the case asked for (unless it did not read it). */
static void
check_request (const HostileCase *hc, GBytes *request)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (request, &length);
  const char *line = hc->head ? "HEAD /hostile HTTP/1.1\r\n" : "GET /hostile HTTP/1.1\r\n";

  if (hc->no_head || hc->transport == HOSTILE_TLS_TO_PLAIN)
    return;
  g_assert_cmpuint (length, >=, strlen (line));
  g_assert_cmpmem (data, strlen (line), line, strlen (line));
}

static void
check_verdict (const HostileCase *hc, Capture *c, gboolean ok, const GError *error)
{
  if (hc->error == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_true (c->done);
      g_assert_cmpint (c->last, ==, PORTSIDE_EVENT_DONE);
      g_assert_cmpuint (c->invalid_spans, ==, 0);
    }
  else
    {
      g_assert_error (error, PORTSIDE_ERROR, (gint) hc->error);
      g_assert_false (ok);
      g_assert_cmpint (c->last, ==, PORTSIDE_EVENT_ERROR);
      if (hc->message != NULL && strstr (error->message, hc->message) == NULL)
        g_error ("the error \"%s\" does not say \"%s\"", error->message, hc->message);
    }
  check_violations (hc, c);
}

static void
check_fields (const HostileCase *hc, Capture *c)
{
  if (hc->status != 0)
    g_assert_cmpuint (c->status, ==, hc->status);
  if (hc->interim != 0)
    g_assert_cmpuint (c->interim, ==, hc->interim);
  if (hc->body != NULL)
    g_assert_cmpmem (c->body->str, c->body->len, hc->body, hc->body_length);
  if (hc->header != NULL && !has_entry (c->headers, hc->header))
    g_error ("no header \"%s\"", hc->header);
  if (hc->trailer != NULL && !has_entry (c->trailers, hc->trailer))
    g_error ("no trailer \"%s\"", hc->trailer);
  if (hc->warning == NULL && c->warnings->len > 0)
    g_error ("unexpected warning: %s", (char *) g_ptr_array_index (c->warnings, 0));
  for (guint i = 0; hc->warning != NULL; i++)
    {
      if (i == c->warnings->len)
        g_error ("no warning says \"%s\"", hc->warning);
      if (strstr (g_ptr_array_index (c->warnings, i), hc->warning) != NULL)
        break;
    }
}

/* What was read is what was written: all of it, or a prefix that reaches at
 * least to where the client stopped for good reason. */
static void
check_bytes (const HostileCase *hc, Capture *c, GBytes *sent)
{
  gsize sent_length = 0;
  const char *sent_data = g_bytes_get_data (sent, &sent_length);

  if (hc->partial)
    {
      g_assert_cmpuint (c->received->len, <=, sent_length);
      g_assert_cmpmem (c->received->str, c->received->len, sent_data, c->received->len);
      g_assert_cmpuint (c->received->len, >=, hc->min_read);
    }
  else
    g_assert_cmpmem (c->received->str, c->received->len, sent_data, sent_length);
  if (c->fatal)
    g_assert_cmpuint (c->fatal_offset, <=, c->received->len);
  if (c->done)
    {
      g_assert_cmpuint (c->timings.bytes_received, ==, c->received->len);
      g_assert_cmpuint (c->timings.body_bytes, ==, c->body->len);
    }
}

static void
check_stream (Capture *c)
{
  if (c->problems->len > 0)
    g_error ("the event stream broke its promises:\n%s", c->problems->str);
  g_assert_cmpuint (c->terminal, ==, 1);
  g_assert_true (c->last == PORTSIDE_EVENT_DONE || c->last == PORTSIDE_EVENT_ERROR);
  /* Every received byte is coloured, even when the exchange failed. */
  if (c->span_end != c->received->len)
    g_error ("spans cover %" G_GUINT64_FORMAT " of the %" G_GSIZE_FORMAT " bytes read",
             c->span_end, c->received->len);
}

static void
check_time (const HostileCase *hc, gint64 elapsed)
{
  guint max_time_ms = hc->max_time_ms > 0 ? hc->max_time_ms : DEFAULT_MAX_TIME_MS;

  g_assert_cmpint (elapsed, <, WALL_LIMIT_US);
  /* GLib rounds poll timeouts to milliseconds, so allow a little. */
  if (hc->error == PORTSIDE_ERROR_TIMEOUT)
    g_assert_cmpint (elapsed, >=, (gint64) max_time_ms * 1000 - 10 * 1000);
}

static const char *
find_content_encoding (Capture *c)
{
  for (guint i = 0; i < c->headers->len; i++)
    {
      const char *line = g_ptr_array_index (c->headers, i);

      if (g_ascii_strncasecmp (line, "Content-Encoding: ", 18) == 0)
        return line + 18;
    }
  return NULL;
}

/* The exchange passed the coded bytes through; decoding them for display
 * must stop with a clear error. */
static void
check_decoding (const HostileCase *hc, Capture *c)
{
  g_autoptr(PortsideDecoder) decoder = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  if (hc->decode_error == NULL)
    return;
  decoder = portside_decoder_new (find_content_encoding (c), &error);
  if (decoder != NULL &&
      portside_decoder_feed (decoder, (const guint8 *) c->body->str, c->body->len, out, &error))
    portside_decoder_finish (decoder, out, &error);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
  if (strstr (error->message, hc->decode_error) == NULL)
    g_error ("the decoder's error \"%s\" does not say \"%s\"", error->message, hc->decode_error);
}

void
hostile_run_case (const HostileCase *hc)
{
  g_autoptr(PortsideScriptServer) server = start_server (hc);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GBytes) request = NULL;
  g_auto(Capture) c = { 0 };
  gint64 elapsed = 0;
  gboolean idle, ok;

  capture_init (&c);
  ok = run_exchange (hc, server, &c, &elapsed, &error);
  /* The server's script ends once the client has gone: it must have gone. */
  idle = portside_script_server_wait (server, SERVER_WAIT_MS);
  sent = portside_script_server_get_sent (server);
  request = portside_script_server_get_request (server);
  /* Freed before any check can abort, so no certificate file is left behind. */
  g_clear_pointer (&server, portside_script_server_free);
  g_test_message ("%s in %" G_GINT64_FORMAT " ms: %s, %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                  " bytes read", hc->path, elapsed / 1000, error != NULL ? error->message : "ok",
                  c.received->len, g_bytes_get_size (sent));

  g_assert_true (idle);
  check_request (hc, request);
  check_verdict (hc, &c, ok, error);
  check_fields (hc, &c);
  check_bytes (hc, &c, sent);
  check_stream (&c);
  check_time (hc, elapsed);
  check_decoding (hc, &c);
}
