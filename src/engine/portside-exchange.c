/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the stages of one exchange in order — resolve, connect, TLS, send,
 * read — and publishes each as events. Every failure becomes one ERROR event
 * naming its stage, after all the bytes that arrived were published.
 */
#include "portside-exchange-private.h"
#include "portside-connect.h"
#include "portside-error.h"
#include "portside-request.h"
#include "portside-socket.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

struct _PortsideExchange
{
  GObject                  parent_instance;
  PortsideExchangeOptions *options;
  PortsideEventFunc        func;
  gpointer                 func_data;
  GDestroyNotify           func_destroy;
};

G_DEFINE_FINAL_TYPE (PortsideExchange, portside_exchange, G_TYPE_OBJECT)

void
portside_run_emit (PortsideRun *run, PortsideEvent *event)
{
  if (run->emit_func == NULL)
    return;
  event->time_us = g_get_monotonic_time () - run->start;
  run->emit_func (event, run->emit_data);
}

void
portside_run_warn (PortsideRun *run, const char *message)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_WARNING, .value = message };

  portside_run_emit (run, &e);
}

static gint64
elapsed_since (gint64 start)
{
  return g_get_monotonic_time () - start;
}

static PortsideResolution *
run_resolve (PortsideRun *run, GError **error)
{
  const PortsideExchangeOptions *o = run->options;
  g_autofree char *override = NULL;
  g_autoptr(GError) local_error = NULL;
  PortsideResolution *resolution;

  override = portside_resolve_match_override ((const char *const *) o->resolve, run->url->host,
                                              run->url->port, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  resolution = portside_resolve (run->url->host, o->family, override, run->cancellable, error);
  if (resolution == NULL)
    return NULL;
  run->timings.dns_us = resolution->duration_us;
  portside_run_emit (run, &(PortsideEvent) { .kind = PORTSIDE_EVENT_RESOLVE,
                                             .resolution = resolution });
  return resolution;
}

static void
on_connect_attempt (const PortsideConnectAttempt *attempt, gpointer data)
{
  g_autofree char *remote = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (attempt->remote));
  g_autofree char *local = NULL;
  PortsideEvent e = { .kind = PORTSIDE_EVENT_CONNECT, .index = attempt->index,
                      .length = attempt->duration_us, .error = attempt->error };

  if (attempt->local != NULL)
    local = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (attempt->local));
  e.name = remote;
  e.value = local;
  portside_run_emit (data, &e);
}

static gboolean
run_connect (PortsideRun *run, PortsideResolution *resolution, GError **error)
{
  gint64 start = g_get_monotonic_time ();

  run->socket = portside_connect (resolution->addresses, run->url->port,
                                  run->options->connect_timeout_ms, run->deadline,
                                  on_connect_attempt, run, run->cancellable, error);
  run->timings.connect_us = elapsed_since (start);
  return run->socket != NULL;
}

static void
on_tls_message (gpointer data, gboolean sent, const char *content_type, const char *name,
                gsize length)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_TLS_MESSAGE, .flag = sent, .value = content_type,
                      .name = name, .length = length };
  portside_run_emit (data, &e);
}

static void
on_tls_record (gpointer data, gboolean sent, const guint8 *bytes, gsize length)
{
  PortsideEvent e = { .kind = PORTSIDE_EVENT_TLS_RECORD, .flag = sent, .data = bytes,
                      .length = length };
  portside_run_emit (data, &e);
}

static const PortsideTlsObserver tls_observer = { on_tls_message, on_tls_record };

static void
publish_tls (PortsideRun *run)
{
  const PortsideTlsInfo *info = portside_tls_get_info (run->tls);

  if (info == NULL)
    return;
  portside_run_emit (run, &(PortsideEvent) { .kind = PORTSIDE_EVENT_TLS_DONE, .tls = info });
  if (info->insecure && !info->verified && info->chain != NULL && info->chain->len > 0)
    {
      g_autofree char *warning = g_strdup_printf (
        "Certificate verification is OFF (--insecure): %s",
        info->verify_reason != NULL ? info->verify_reason : "the certificate was not checked");
      portside_run_warn (run, warning);
    }
}

static gboolean
run_tls (PortsideRun *run, GError **error)
{
  PortsideTlsOptions options = {
    .server_name = run->url->host,
    .ca_file = run->options->ca_file,
    .insecure = run->options->insecure,
    .capture_wire = run->options->capture_wire,
  };
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  run->tls = portside_tls_new (&options, &tls_observer, run, error);
  if (run->tls == NULL)
    return FALSE;
  ok = portside_tls_handshake (run->tls, run->socket, run->deadline, run->cancellable, error);
  run->timings.tls_us = elapsed_since (start);
  publish_tls (run);
  return ok;
}

static GBytes *
make_request (PortsideRun *run, GPtrArray **warnings, GError **error)
{
  const PortsideExchangeOptions *o = run->options;

  if (o->raw_request != NULL)
    {
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (o->raw_request, &length);

      *warnings = portside_request_check_raw (data, length);
      run->method = portside_request_get_method (data, length);
    }
  else
    {
      *warnings = g_ptr_array_new_with_free_func (g_free);
      run->method = g_strdup (portside_exchange_options_get_method (o));
    }
  return portside_exchange_options_make_request (o, run->url, error);
}

static gboolean
write_all (PortsideRun *run, const guint8 *data, gsize length, GError **error)
{
  if (run->tls != NULL)
    return portside_tls_write_all (run->tls, data, length, run->deadline, run->cancellable, error);
  return portside_socket_write_all (run->socket, data, length, run->deadline, run->cancellable,
                                    error);
}

static gboolean
run_send (PortsideRun *run, GBytes *request, GPtrArray *warnings, GError **error)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (request, &length);
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_ptr_array_add (warnings, NULL);
  portside_run_emit (run, &(PortsideEvent) { .kind = PORTSIDE_EVENT_REQUEST, .data = data,
                                             .length = length,
                                             .warnings = (const char *const *) warnings->pdata });
  ok = write_all (run, data, length, error);
  run->request_sent = g_get_monotonic_time ();
  run->timings.request_us = run->request_sent - start;
  if (ok)
    run->timings.bytes_sent = length;
  return ok;
}

static gboolean
run_stages (PortsideRun *run, GError **error)
{
  g_autoptr(PortsideResolution) resolution = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GBytes) request = NULL;

  run->url = portside_url_parse (run->options->url, error);
  if (run->url == NULL)
    return FALSE;
  request = make_request (run, &warnings, error);
  if (request == NULL)
    return FALSE;
  resolution = run_resolve (run, error);
  if (resolution == NULL || !run_connect (run, resolution, error))
    return FALSE;
  if (run->url->tls && !run_tls (run, error))
    return FALSE;
  if (!run_send (run, request, warnings, error))
    return FALSE;
  return portside_run_read_response (run, error);
}

static void
run_finish (PortsideRun *run, const GError *error)
{
  /* close_notify goes out before the last event, which ends the stream. */
  if (run->tls != NULL)
    portside_tls_close (run->tls);
  run->timings.total_us = elapsed_since (run->start);
  if (error != NULL)
    portside_run_emit (run, &(PortsideEvent) { .kind = PORTSIDE_EVENT_ERROR, .error = error });
  else
    portside_run_emit (run, &(PortsideEvent) { .kind = PORTSIDE_EVENT_DONE, .code = run->status,
                                               .timings = &run->timings });
  g_clear_pointer (&run->parser, portside_parser_free);
  g_clear_pointer (&run->tls, portside_tls_free);
  g_clear_object (&run->socket);
  g_clear_pointer (&run->url, portside_url_free);
  g_clear_pointer (&run->method, g_free);
}

gboolean
portside_exchange_run (PortsideExchange *self,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  PortsideRun run = {
    .options = self->options,
    .emit_func = self->func,
    .emit_data = self->func_data,
    .cancellable = cancellable,
    .start = g_get_monotonic_time (),
    .timings = { .dns_us = -1, .connect_us = -1, .tls_us = -1, .request_us = -1,
                 .first_byte_us = -1 },
  };

  g_return_val_if_fail (PORTSIDE_IS_EXCHANGE (self), FALSE);

  if (self->options->max_time_ms > 0)
    run.deadline = run.start + (gint64) self->options->max_time_ms * 1000;
  run_stages (&run, &local_error);
  run_finish (&run, local_error);
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* run_async() serves a window that must stay smooth while a gigabyte
 * streams: its thread is one of its own, and on Linux, where a thread has
 * its own nice value, it gives way to the main loop when both want the
 * processor. The thread ends with the exchange, so nothing else inherits
 * the lower priority. */
static void
lower_thread_priority (void)
{
#ifdef SYS_gettid
  id_t thread = (id_t) syscall (SYS_gettid);
  int nice_now;

  errno = 0;
  nice_now = getpriority (PRIO_PROCESS, thread);
  if (errno == 0)
    setpriority (PRIO_PROCESS, thread, MIN (nice_now + PORTSIDE_WORKER_NICENESS, 19));
#endif
}

static gpointer
run_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  lower_thread_priority ();
  if (portside_exchange_run (g_task_get_source_object (task), g_task_get_cancellable (task),
                             &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  return NULL;
}

void
portside_exchange_run_async (PortsideExchange    *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, portside_exchange_run_async);
  /* Our own CANCELLED error carries the stage; GTask's would not. */
  g_task_set_return_on_cancel (task, FALSE);
  /* Otherwise finish() reports GIO's own CANCELLED whenever the cancellable
   * fired, even after the exchange had completed. */
  g_task_set_check_cancellable (task, FALSE);
  g_thread_unref (g_thread_new ("portside-exchange", run_thread, g_steal_pointer (&task)));
}

gboolean
portside_exchange_run_finish (PortsideExchange *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
portside_exchange_set_event_func (PortsideExchange *self,
                                  PortsideEventFunc func,
                                  gpointer          user_data,
                                  GDestroyNotify    destroy)
{
  g_return_if_fail (PORTSIDE_IS_EXCHANGE (self));

  if (self->func_destroy != NULL)
    self->func_destroy (self->func_data);
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;
}

PortsideExchange *
portside_exchange_new (const PortsideExchangeOptions *options)
{
  PortsideExchange *self = g_object_new (PORTSIDE_TYPE_EXCHANGE, NULL);

  self->options = portside_exchange_options_copy (options);
  return self;
}

static void
portside_exchange_finalize (GObject *object)
{
  PortsideExchange *self = PORTSIDE_EXCHANGE (object);

  portside_exchange_set_event_func (self, NULL, NULL, NULL);
  g_clear_pointer (&self->options, portside_exchange_options_free);
  G_OBJECT_CLASS (portside_exchange_parent_class)->finalize (object);
}

static void
portside_exchange_class_init (PortsideExchangeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portside_exchange_finalize;
}

static void
portside_exchange_init (PortsideExchange *self)
{
}
