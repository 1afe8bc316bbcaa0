/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exchange in-process: the event stream's promises (every byte reaches a
 * read event, spans cover the stream, one DONE or ERROR at the end) and
 * cancellation from another thread.
 */
#include "portside-exchange.h"
#include "portside-error.h"
#include "portside-test-util.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct
{
  GArray  *kinds;          /* PortsideEventKind */
  GString *received;       /* concatenated READ data */
  guint64  span_end;       /* spans must be contiguous */
  guint64  body_bytes;
  guint    chunks;
  guint    status;
  guint64  done_received;
} Capture;

static void
capture_event (const PortsideEvent *e, gpointer data)
{
  Capture *c = data;

  g_array_append_val (c->kinds, e->kind);
  switch (e->kind)
    {
    case PORTSIDE_EVENT_READ:
      g_assert_cmpuint (e->offset, ==, c->received->len);
      g_string_append_len (c->received, (const char *) e->data, e->length);
      break;
    case PORTSIDE_EVENT_SPAN:
      g_assert_cmpuint (e->offset, ==, c->span_end);
      c->span_end += e->length;
      break;
    case PORTSIDE_EVENT_BODY: c->body_bytes += e->length; break;
    case PORTSIDE_EVENT_CHUNK: c->chunks++; break;
    case PORTSIDE_EVENT_STATUS: c->status = e->code; break;
    case PORTSIDE_EVENT_DONE: c->done_received = e->timings->bytes_received; break;
    default: break;
    }
}

static void
capture_clear (Capture *c)
{
  g_clear_pointer (&c->kinds, g_array_unref);
  if (c->received != NULL)
    g_string_free (c->received, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Capture, capture_clear)

static gboolean
run_exchange (PortsideExchangeOptions *o, Capture *c, GCancellable *cancellable, GError **error)
{
  g_autoptr(PortsideExchange) exchange = NULL;

  o->want_read_data = TRUE;
  c->kinds = g_array_new (FALSE, FALSE, sizeof (PortsideEventKind));
  c->received = g_string_new (NULL);
  exchange = portside_exchange_new (o);
  portside_exchange_set_event_func (exchange, capture_event, c, NULL);
  return portside_exchange_run (exchange, cancellable, error);
}

static PortsideEventKind
last_kind (Capture *c)
{
  return g_array_index (c->kinds, PortsideEventKind, c->kinds->len - 1);
}

static void
test_chunked (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_auto(Capture) c = { 0 };
  g_autoptr(GError) error = NULL;

  o->url = portside_test_lab_url ("http", "/chunked");
  o->recv_size = 5;
  g_assert_true (run_exchange (o, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.status, ==, 200);
  g_assert_cmpuint (c.chunks, >=, 3);
  g_assert_cmpuint (c.span_end, ==, c.received->len);
  g_assert_cmpuint (c.done_received, ==, c.received->len);
  g_assert_cmpint (last_kind (&c), ==, PORTSIDE_EVENT_DONE);
  g_assert_cmpuint (c.body_bytes, >, 0);
}

static void
test_https_chain_on_failure (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_auto(Capture) c = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean saw_tls = FALSE;

  o->url = portside_test_lab_url ("https", "/");
  g_assert_false (run_exchange (o, &c, NULL, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  for (guint i = 0; i < c.kinds->len; i++)
    saw_tls |= g_array_index (c.kinds, PortsideEventKind, i) == PORTSIDE_EVENT_TLS_DONE;
  g_assert_true (saw_tls);
  g_assert_cmpint (last_kind (&c), ==, PORTSIDE_EVENT_ERROR);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Capture) c = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GThread *thread;

  o->url = portside_test_lab_url ("http", "/drip?bytes=100&delay=50");
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  g_assert_false (run_exchange (o, &c, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (c.received->len, >, 0);
  g_assert_cmpuint (c.span_end, ==, c.received->len);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} AsyncResult;

static void
on_async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncResult *r = data;

  r->ok = portside_exchange_run_finish (PORTSIDE_EXCHANGE (source), result, &r->error);
  r->done = TRUE;
  g_main_context_wakeup (NULL);
}

static int
thread_nice (void)
{
  errno = 0;
  return getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
}

/* The sink runs on the exchange's thread: note how nice that thread is. */
static void
note_nice (const PortsideEvent *e, gpointer data)
{
  if (e->kind == PORTSIDE_EVENT_DONE)
    *(int *) data = thread_nice ();
}

/* run_async() gives way to the main loop: its thread runs at a lower
 * priority than the caller's, and the caller's own is left alone. */
static void
test_async (void)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(PortsideExchange) exchange = NULL;
  AsyncResult r = { 0 };
  int caller = thread_nice (), worker = G_MININT;

  o->url = portside_test_lab_url ("http", "/keepalive");
  exchange = portside_exchange_new (o);
  portside_exchange_set_event_func (exchange, note_nice, &worker, NULL);
  portside_exchange_run_async (exchange, NULL, on_async_done, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpint (worker, ==, MIN (caller + PORTSIDE_WORKER_NICENESS, 19));
  g_assert_cmpint (thread_nice (), ==, caller);
}

typedef struct
{
  guint  attempts;
  guint  failed;
  char  *last_remote;
  gboolean v6_first;
} Attempts;

static void
count_attempts (const PortsideEvent *e, gpointer data)
{
  Attempts *a = data;

  if (e->kind == PORTSIDE_EVENT_RESOLVE && e->resolution->addresses->len > 1)
    a->v6_first = g_inet_address_get_family (e->resolution->addresses->pdata[0]) ==
                  G_SOCKET_FAMILY_IPV6;
  if (e->kind != PORTSIDE_EVENT_CONNECT)
    return;
  a->attempts++;
  a->failed += e->error != NULL;
  g_free (a->last_remote);
  a->last_remote = g_strdup (e->name);
}

static gpointer
answer_once (gpointer data)
{
  g_autoptr(GSocket) client = g_socket_accept (data, NULL, NULL);
  const char reply[] = "HTTP/1.1 204 No Content\r\n\r\n";
  char buffer[1024];

  g_assert_nonnull (client);
  g_socket_receive (client, buffer, sizeof buffer, NULL, NULL);
  g_socket_send (client, reply, sizeof reply - 1, NULL, NULL);
  return NULL;
}

/* localhost names ::1 and 127.0.0.1; a server on 127.0.0.1 alone refuses
 * the IPv6 attempt, and the exchange must go on to the next address. */
static void
test_next_address (void)
{
  guint16 port = 0;
  g_autoptr(GSocket) listener = portside_test_bind_loopback (1, &port);
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(PortsideExchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  Attempts a = { 0 };
  GThread *server;

  server = g_thread_new ("answer", answer_once, listener);
  o->url = g_strdup_printf ("http://localhost:%u/", port);
  exchange = portside_exchange_new (o);
  portside_exchange_set_event_func (exchange, count_attempts, &a, NULL);
  g_assert_true (portside_exchange_run (exchange, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (server);

  expected = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_cmpstr (a.last_remote, ==, expected);
  g_assert_cmpuint (a.failed, ==, a.attempts - 1);
  if (a.v6_first)
    g_assert_cmpuint (a.attempts, >=, 2);
  g_free (a.last_remote);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  portside_test_lab ();
  g_test_add_func ("/exchange/chunked", test_chunked);
  g_test_add_func ("/exchange/https/chain-on-failure", test_https_chain_on_failure);
  g_test_add_func ("/exchange/cancel", test_cancel);
  g_test_add_func ("/exchange/async", test_async);
  g_test_add_func ("/exchange/next-address", test_next_address);
  return g_test_run ();
}
