/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cancel stress: a thousand exchanges with the in-process lab, over HTTP and
 * HTTPS, eight at a time through run_async, each cancelled at a random moment
 * in its first 20 ms or at a random TLS handshake message (so in every stage:
 * resolving, connecting, the handshake, sending, reading). Every exchange
 * must end promptly with one last DONE or ERROR event and its callback, an
 * error must be CANCELLED, and no thread may be left behind. Run under ASan,
 * it also finds the races and leaks of an exchange torn down half way.
 * Then a server that floods faster than the client reads: --max-time and a
 * cancel must still stop the exchange.
 */
#include "portside-error.h"
#include "portside-exchange.h"
#include "portside-test-util.h"

#define TOTAL_EXCHANGES   1000
#define CONCURRENT        8
#define MAX_CANCEL_MS     20
#define EXCHANGE_BOUND_US (10 * G_USEC_PER_SEC)
#define TOTAL_BOUND_US    (60 * G_USEC_PER_SEC)
/* GTask's pool has ten threads and grows a little when they all block. */
#define MAX_POOL_THREADS  (10 + CONCURRENT)

static const char *const paths[] = {
  "/", "/chunked", "/bytes/300000", "/drip?bytes=40&delay=2", "/keepalive", "/close",
};

typedef struct
{
  guint   started;
  guint   finished;
  guint   completed;   /* ended with DONE: finished before the cancel bit */
  guint   cancelled;
  guint   total;       /* exchanges this round */
  guint   cancelled_after[PORTSIDE_N_EVENTS];  /* by the last event before ERROR */
  char   *ca_file;
} Stress;

typedef struct
{
  Stress           *stress;
  PortsideExchange *exchange;
  GCancellable     *cancellable;
  guint             cancel_source;
  gint64            started;
  char             *url;
  guint             cancel_at_message;  /* 0, or cancel on this TLS message */
  /* Written on the worker thread; read after the finish callback. */
  PortsideEventKind last;
  PortsideEventKind before_last;
  guint             tls_messages;
  guint             terminal_events;
  guint             events;
} Job;

static void start_job (Stress *stress);

static void
on_event (const PortsideEvent *e, gpointer data)
{
  Job *job = data;

  job->events++;
  if (e->kind == PORTSIDE_EVENT_DONE || e->kind == PORTSIDE_EVENT_ERROR)
    job->terminal_events++;
  else
    job->before_last = e->kind;
  job->last = e->kind;
  /* A timer cannot aim at the handshake: making the TLS context alone
   * takes longer than 20 ms. So some are cancelled from within it. */
  if (e->kind == PORTSIDE_EVENT_TLS_MESSAGE && ++job->tls_messages == job->cancel_at_message)
    g_cancellable_cancel (job->cancellable);
}

static gboolean
cancel_now (gpointer data)
{
  Job *job = data;

  job->cancel_source = 0;
  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_REMOVE;
}

static void
check_outcome (Job *job, gboolean ok, const GError *error)
{
  g_autofree char *what = g_strdup_printf ("%s after %" G_GINT64_FORMAT " us: %s (%s %d)",
                                           job->url, g_get_monotonic_time () - job->started,
                                           error != NULL ? error->message : "done",
                                           error != NULL ? g_quark_to_string (error->domain) : "",
                                           error != NULL ? error->code : 0);

  if (g_get_monotonic_time () - job->started >= EXCHANGE_BOUND_US)
    g_error ("an exchange took too long: %s", what);
  /* Exactly one DONE or ERROR, it was the last event, and finish agrees. */
  g_assert_cmpuint (job->terminal_events, ==, 1);
  if (job->last != (ok ? PORTSIDE_EVENT_DONE : PORTSIDE_EVENT_ERROR))
    g_error ("the result disagrees with the last event (%s): %s",
             portside_event_kind_name (job->last), what);
  if (ok)
    {
      g_assert_no_error (error);
      job->stress->completed++;
      return;
    }
  if (!g_error_matches (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED))
    g_error ("a cancelled exchange failed otherwise: %s", what);
  g_assert_true (g_cancellable_is_cancelled (job->cancellable));
  job->stress->cancelled++;
  job->stress->cancelled_after[job->before_last]++;
}

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->cancel_source, g_source_remove);
  g_clear_object (&job->exchange);
  g_clear_object (&job->cancellable);
  g_free (job->url);
  g_free (job);
}

static void
on_finished (GObject *source, GAsyncResult *result, gpointer data)
{
  Job *job = data;
  Stress *stress = job->stress;
  g_autoptr(GError) error = NULL;
  gboolean ok = portside_exchange_run_finish (PORTSIDE_EXCHANGE (source), result, &error);

  check_outcome (job, ok, error);
  job_free (job);
  stress->finished++;
  if (stress->started < stress->total)
    start_job (stress);
}

static char *
pick_url (Stress *stress, guint n)
{
  const char *path = paths[g_test_rand_int_range (0, G_N_ELEMENTS (paths))];

  return portside_test_lab_url (n % 2 == 0 ? "http" : "https", path);
}

static void
start_job (Stress *stress)
{
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  Job *job = g_new0 (Job, 1);
  guint delay = g_test_rand_int_range (0, MAX_CANCEL_MS + 1);

  job->stress = stress;
  job->url = pick_url (stress, stress->started++);
  o->url = g_strdup (job->url);
  o->ca_file = g_strdup (stress->ca_file);
  o->max_time_ms = EXCHANGE_BOUND_US / 1000;  /* a hang becomes a TIMEOUT, not a stuck test */
  job->exchange = portside_exchange_new (o);
  job->cancellable = g_cancellable_new ();
  portside_exchange_set_event_func (job->exchange, on_event, job, NULL);
  job->started = g_get_monotonic_time ();
  if (g_str_has_prefix (job->url, "https:") && g_test_rand_bit ())
    job->cancel_at_message = g_test_rand_int_range (1, 8);
  else
    job->cancel_source = g_timeout_add (delay, cancel_now, job);
  portside_exchange_run_async (job->exchange, job->cancellable, on_finished, job);
}

typedef struct
{
  guint pool;    /* GLib's worker threads ("pool-…"), kept idle for reuse */
  guint others;  /* ours, the lab's and GLib's main threads */
} Threads;

static Threads
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  Threads threads = { 0 };
  const char *tid;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *name = NULL;

      /* A thread that ended since the listing has no comm any more. */
      if (!g_file_get_contents (path, &name, NULL, NULL))
        continue;
      if (g_str_has_prefix (name, "pool"))
        threads.pool++;
      else
        threads.others++;
    }
  return threads;
}

/* Waits up to five seconds for the lab's connection threads, which end when
 * they notice that their client went away, to come down to the limit. */
static Threads
settled_threads (guint limit)
{
  gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  Threads threads;

  while ((threads = count_threads ()).others > limit && g_get_monotonic_time () < give_up)
    g_usleep (20 * 1000);
  return threads;
}

static void
run_batch (Stress *stress, guint total)
{
  gint64 give_up = g_get_monotonic_time () + TOTAL_BOUND_US;

  stress->total = total;
  for (guint i = 0; i < CONCURRENT && stress->started < total; i++)
    start_job (stress);
  while (stress->finished < stress->started && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (stress->finished, ==, stress->started);
}

static void
test_cancel_stress (void)
{
  Stress stress = { 0 };
  gint64 start;
  Threads before, after;

  stress.ca_file = g_strdup (portside_lab_get_ca_file (portside_test_lab ()));
  /* A first round starts GLib's workers, so that they are counted in before. */
  run_batch (&stress, 2 * CONCURRENT);
  before = settled_threads (0);
  start = g_get_monotonic_time ();
  stress = (Stress) { .ca_file = stress.ca_file };
  run_batch (&stress, TOTAL_EXCHANGES);
  g_test_message ("%u exchanges in %.1f s: %u completed, %u cancelled", stress.finished,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  stress.completed, stress.cancelled);
  g_assert_cmpuint (stress.finished, ==, TOTAL_EXCHANGES);
  g_assert_cmpint (g_get_monotonic_time () - start, <, TOTAL_BOUND_US);
  for (guint i = 0; i < PORTSIDE_N_EVENTS; i++)
    if (stress.cancelled_after[i] > 0)
      g_test_message ("  %u cancelled after a %s event", stress.cancelled_after[i],
                      portside_event_kind_name (i));
  /* Cancels landed in every stage that can take a while. */
  g_assert_cmpuint (stress.cancelled, >, TOTAL_EXCHANGES / 4);
  g_assert_cmpuint (stress.cancelled_after[PORTSIDE_EVENT_CONNECT], >, 0);
  g_assert_cmpuint (stress.cancelled_after[PORTSIDE_EVENT_TLS_MESSAGE], >, 0);
  g_assert_cmpuint (stress.cancelled_after[PORTSIDE_EVENT_READ] +
                    stress.cancelled_after[PORTSIDE_EVENT_SPAN] +
                    stress.cancelled_after[PORTSIDE_EVENT_BODY], >, 0);
  after = settled_threads (before.others);
  g_test_message ("threads: %u + %u idle workers before, %u + %u after", before.others,
                  before.pool, after.others, after.pool);
  /* Every thread of ours and the lab's ended; GLib's pools stay bounded. */
  g_assert_cmpuint (after.others, ==, before.others);
  g_assert_cmpuint (after.pool, <=, MAX_POOL_THREADS);
  g_free (stress.ca_file);
}

/* ---- a server that sends faster than the client takes ---- */

#define FLOOD_PATH "/bytes/100000000"
#define FLOOD_LIMIT_MS 300

/* A slow sink, as a busy window is: the lab fills the socket buffers, so
 * every read finds data waiting and the client never has to wait for any. */
static void
on_flood_event (const PortsideEvent *e, gpointer data)
{
  if (e->kind == PORTSIDE_EVENT_READ)
    g_usleep (1000);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (FLOOD_LIMIT_MS * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* --max-time and a cancel must stop an exchange however fast the bytes come. */
static void
test_flood (gconstpointer data)
{
  const char *const *params = data;  /* scheme, "timeout" or "cancel" */
  gboolean cancel = g_str_equal (params[1], "cancel");
  int expected = cancel ? PORTSIDE_ERROR_CANCELLED : PORTSIDE_ERROR_TIMEOUT;
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(PortsideExchange) exchange = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *canceller = NULL;
  gint64 start, elapsed;

  o->url = portside_test_lab_url (params[0], FLOOD_PATH);
  o->ca_file = g_strdup (portside_lab_get_ca_file (portside_test_lab ()));
  o->max_time_ms = cancel ? 0 : FLOOD_LIMIT_MS;
  o->recv_size = 64 * 1024;  /* about 1500 reads: 1.5 s unless stopped */
  exchange = portside_exchange_new (o);
  portside_exchange_set_event_func (exchange, on_flood_event, NULL, NULL);
  start = g_get_monotonic_time ();
  if (cancel)
    canceller = g_thread_new ("cancel", cancel_later, cancellable);
  portside_exchange_run (exchange, cancellable, &error);
  elapsed = g_get_monotonic_time () - start;
  g_clear_pointer (&canceller, g_thread_join);
  g_test_message ("stopped after %" G_GINT64_FORMAT " ms: %s", elapsed / 1000,
                  error != NULL ? error->message : "no error");
  g_assert_error (error, PORTSIDE_ERROR, expected);
  g_assert_cmpint (elapsed, <, 3 * FLOOD_LIMIT_MS * 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  portside_test_lab ();
  static const char *const floods[][2] = {
    { "http", "timeout" }, { "http", "cancel" }, { "https", "timeout" }, { "https", "cancel" },
  };

  g_test_add_func ("/stress/cancel", test_cancel_stress);
  for (guint i = 0; i < G_N_ELEMENTS (floods); i++)
    {
      g_autofree char *path = g_strdup_printf ("/stress/flood/%s/%s", floods[i][0], floods[i][1]);

      g_test_add_data_func (path, floods[i], test_flood);
    }
  return g_test_run ();
}
