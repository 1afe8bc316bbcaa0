/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The response loop: read what the socket has, publish the read, then feed
 * it to the parser, so a byte is always shown before anything is concluded
 * from it, and nothing received is lost when parsing fails.
 */
#include "portside-exchange-private.h"
#include "portside-error.h"
#include "portside-socket.h"

static void
on_span (gpointer data, PortsideSpanKind kind, guint64 offset, guint64 length)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_SPAN, .span = kind, .offset = offset,
                      .length = length };
  portside_run_emit (data, &e);
}

static void
on_status (gpointer data, const char *version, guint code, const char *reason, gboolean interim)
{
  PortsideRun *run = data;
  PortsideEvent e = { .kind = PORTSIDE_EVENT_STATUS, .name = version, .code = code,
                      .value = reason, .flag = interim };

  if (!interim)
    run->status = code;
  portside_run_emit (run, &e);
}

static void
on_header (gpointer data, const char *name, const char *value, gboolean trailer)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_HEADER, .name = name, .value = value,
                      .flag = trailer };
  portside_run_emit (data, &e);
}

static void
on_headers_end (gpointer data, gboolean interim, PortsideFraming framing, guint64 length)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_HEADERS_END, .flag = interim, .framing = framing,
                      .length = length };
  portside_run_emit (data, &e);
}

static void
on_chunk (gpointer data, guint64 offset, guint64 size, const char *extensions)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_CHUNK, .offset = offset, .length = size,
                      .value = extensions };
  portside_run_emit (data, &e);
}

static void
on_body (gpointer data, guint64 offset, const guint8 *bytes, gsize length)
{
  PortsideRun *run = data;
  PortsideEvent e = { .kind = PORTSIDE_EVENT_BODY, .offset = offset, .length = length,
                      .data = bytes };

  run->timings.body_bytes += length;
  portside_run_emit (run, &e);
}

static void
on_violation (gpointer data, const PortsideViolation *violation)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_VIOLATION, .violation = violation };
  portside_run_emit (data, &e);
}

static const PortsideParserCallbacks parser_callbacks = {
  .span = on_span,
  .status = on_status,
  .header = on_header,
  .headers_end = on_headers_end,
  .chunk = on_chunk,
  .body = on_body,
  .violation = on_violation,
};

/* The reads only wait, and so only look at the clock and the cancellable,
 * when no data is ready: a server that sends faster than we take would
 * otherwise never be stopped. */
static gboolean
still_wanted (PortsideRun *run, GError **error)
{
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED, "Cancelled");
      return FALSE;
    }
  if (portside_socket_deadline_passed (run->deadline))
    {
      portside_socket_set_timeout_error (error, "waiting for the response");
      return FALSE;
    }
  return TRUE;
}

static gssize
read_some (PortsideRun *run, guint8 *buffer, gsize size, gint64 deadline, gboolean *truncated,
           GError **error)
{
  if (run->tls != NULL)
    return portside_tls_read (run->tls, buffer, size, truncated, deadline, run->cancellable,
                              error);
  return portside_socket_read (run->socket, buffer, size, deadline, run->cancellable, error);
}

/* Pacing. On loopback, waking a sleeping reader costs the sender more than
 * the bytes themselves, so while a large body streams faster than we take
 * it, we ask the kernel to wake us only once half a buffer is waiting.
 * Only bytes the framing still promises are waited for, and a lull of
 * LULL_US switches back to waking on every byte, so a slow or stalling
 * server is shown as it is, at most that late. */
#define LOW_WATER_MIN  (16 * 1024)
#define LOW_WATER_MAX  (128 * 1024)
#define LULL_US        2000

gsize
portside_pacing_low_water (gsize current, gsize size, guint64 promised, gsize last_read)
{
  gsize mark = (gsize) MIN (MIN ((guint64) size, promised) / 2, LOW_WATER_MAX);

  if (mark < LOW_WATER_MIN)
    return 1;
  /* A read that found at least the mark waiting says the data outruns us. */
  return current > 1 || last_read >= mark ? mark : 1;
}

/* A mark above half the receive buffer makes the kernel grow the buffer
 * and clamp the TCP window to the mark, which would slow a download from
 * far away; so a raised mark stays within a quarter of the buffer. */
static gsize
fit_receive_buffer (PortsideRun *run, gsize bytes)
{
  gsize buffer = portside_socket_get_receive_buffer (run->socket);

  if (buffer > 0)
    bytes = MIN (bytes, buffer / 4);
  return bytes >= LOW_WATER_MIN ? bytes : 1;
}

static void
set_low_water (PortsideRun *run, gsize bytes)
{
  gsize now = MAX (run->low_water, 1);

  if (bytes > now)
    bytes = fit_receive_buffer (run, bytes);
  if (bytes == now)
    return;
  portside_socket_set_low_water (run->socket, bytes);
  run->low_water = bytes;
}

static void
pace_next_read (PortsideRun *run, gsize size, gsize last_read)
{
  set_low_water (run, portside_pacing_low_water (run->low_water, size,
                                                 portside_parser_get_promised (run->parser),
                                                 last_read));
}

static gssize
read_paced (PortsideRun *run, guint8 *buffer, gsize size, gboolean *truncated, GError **error)
{
  g_autoptr(GError) lull = NULL;
  gint64 until;
  gssize n;

  if (run->low_water <= 1)
    return read_some (run, buffer, size, run->deadline, truncated, error);
  until = g_get_monotonic_time () + LULL_US;
  if (run->deadline > 0)
    until = MIN (until, run->deadline);
  n = read_some (run, buffer, size, until, truncated, &lull);
  if (n >= 0 || !g_error_matches (lull, PORTSIDE_ERROR, PORTSIDE_ERROR_TIMEOUT) ||
      portside_socket_deadline_passed (run->deadline))
    {
      if (lull != NULL)
        g_propagate_error (error, g_steal_pointer (&lull));
      return n;
    }
  set_low_water (run, 1);
  return read_some (run, buffer, size, run->deadline, truncated, error);
}

static void
publish_read (PortsideRun *run, const guint8 *buffer, gsize n)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_READ, .index = run->timings.reads,
                      .offset = run->timings.bytes_received, .length = n };

  if (run->timings.reads == 0)
    run->timings.first_byte_us = g_get_monotonic_time () - run->request_sent;
  if (run->options->want_read_data)
    e.data = buffer;
  portside_run_emit (run, &e);
  run->timings.reads++;
  run->timings.bytes_received += n;
}

/* A close-delimited body over TLS that ends without close_notify could have
 * been cut by an attacker; say so rather than pretend it is whole. */
static void
check_truncation (PortsideRun *run, gboolean truncated)
{
  if (truncated && portside_parser_get_framing (run->parser) == PORTSIDE_FRAMING_CLOSE)
    portside_run_warn (run, "The server closed the TLS connection without close_notify: "
                            "a close-delimited body may have been truncated");
}

static PortsideParser *
make_parser (PortsideRun *run)
{
  PortsideParserOptions options = {
    .strict = run->options->strict,
    .head_request = g_strcmp0 (run->method, "HEAD") == 0,
  };

  return portside_parser_new (&options, &parser_callbacks, run);
}

gboolean
portside_run_read_response (PortsideRun *run, GError **error)
{
  gsize size = run->options->recv_size > 0 ? run->options->recv_size : PORTSIDE_DEFAULT_RECV_SIZE;
  g_autofree guint8 *buffer = g_malloc (size);

  run->parser = make_parser (run);
  while (!portside_parser_is_complete (run->parser))
    {
      gboolean truncated = FALSE;
      gssize n = still_wanted (run, error) ? read_paced (run, buffer, size, &truncated, error) : -1;

      if (n < 0)
        {
          portside_parser_abort (run->parser);
          return FALSE;
        }
      if (n == 0)
        {
          check_truncation (run, truncated);
          return portside_parser_finish (run->parser, error);
        }
      publish_read (run, buffer, n);
      if (!portside_parser_feed (run->parser, buffer, n, error))
        return FALSE;
      pace_next_read (run, size, n);
    }
  return TRUE;
}
