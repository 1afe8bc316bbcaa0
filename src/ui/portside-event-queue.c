/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-event-queue.h"

/* Ciphertext kept for the TLS pane; the rest is only counted. */
#define WIRE_BUDGET (64 * 1024)

struct _PortsideEventQueue
{
  gatomicrefcount     ref_count;
  GMutex              mutex;
  PortsideByteStore  *store;
  PortsideEventBatch *pending;
  GMainContext       *context;
  GSource            *wakeup_source;
  PortsideQueueWakeup wakeup;
  gpointer            wakeup_data;
  guint               delay_ms;
  gsize               wire_budget;
  gboolean            store_failed;
};

static PortsideEventBatch *
batch_new (void)
{
  PortsideEventBatch *batch = g_new0 (PortsideEventBatch, 1);

  batch->reads = g_array_new (FALSE, FALSE, sizeof (PortsideReadRecord));
  batch->spans = g_array_new (FALSE, FALSE, sizeof (PortsideSpanRecord));
  batch->events = g_ptr_array_new_with_free_func ((GDestroyNotify) portside_event_free);
  return batch;
}

void
portside_event_batch_free (PortsideEventBatch *batch)
{
  g_array_unref (batch->reads);
  g_array_unref (batch->spans);
  g_ptr_array_unref (batch->events);
  g_free (batch);
}

PortsideEventQueue *
portside_event_queue_new (PortsideByteStore   *store,
                          guint                delay_ms,
                          PortsideQueueWakeup  wakeup,
                          gpointer             user_data)
{
  PortsideEventQueue *self = g_new0 (PortsideEventQueue, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->store = portside_byte_store_ref (store);
  self->context = g_main_context_ref_thread_default ();
  self->delay_ms = delay_ms;
  self->wakeup = wakeup;
  self->wakeup_data = user_data;
  self->wire_budget = WIRE_BUDGET;
  return self;
}

PortsideEventQueue *
portside_event_queue_ref (PortsideEventQueue *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
portside_event_queue_unref (PortsideEventQueue *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->pending, portside_event_batch_free);
  portside_byte_store_unref (self->store);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static gboolean
wakeup_cb (gpointer data)
{
  PortsideEventQueue *self = data;
  PortsideQueueWakeup func;
  gpointer func_data;

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->wakeup_source, g_source_unref);
  func = self->wakeup;
  func_data = self->wakeup_data;
  g_mutex_unlock (&self->mutex);

  if (func != NULL)
    func (func_data);
  return G_SOURCE_REMOVE;
}

/* Called with the mutex held: one wake-up per batch, however many events. */
static void
schedule_wakeup (PortsideEventQueue *self)
{
  if (self->wakeup == NULL || self->wakeup_source != NULL)
    return;
  self->wakeup_source = g_timeout_source_new (self->delay_ms);
  g_source_set_static_name (self->wakeup_source, "[portside] event batch");
  /* The source keeps the queue alive until it runs or is destroyed. */
  g_source_set_callback (self->wakeup_source, wakeup_cb,
                         portside_event_queue_ref (self),
                         (GDestroyNotify) portside_event_queue_unref);
  g_source_attach (self->wakeup_source, self->context);
}

static PortsideEventBatch *
pending_batch (PortsideEventQueue *self)
{
  if (self->pending == NULL)
    self->pending = batch_new ();
  schedule_wakeup (self);
  return self->pending;
}

/* Runs outside the queue's lock: the store has its own. */
static void
store_read_bytes (PortsideEventQueue  *self,
                  const PortsideEvent *event)
{
  g_autoptr(GError) error = NULL;
  PortsideEvent warning = { .kind = PORTSIDE_EVENT_WARNING };

  if (event->data == NULL || portside_byte_store_append (self->store, event->data, event->length, &error))
    return;
  if (error == NULL || self->store_failed)
    return;
  self->store_failed = TRUE;
  warning.time_us = event->time_us;
  warning.value = error->message;
  portside_event_queue_push (&warning, self);
}

static void
push_record (PortsideEventQueue  *self,
             const PortsideEvent *event)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  PortsideEventBatch *batch = pending_batch (self);

  if (event->kind == PORTSIDE_EVENT_READ)
    {
      PortsideReadRecord read = {
        .offset = event->offset, .time_us = event->time_us,
        .index = event->index, .length = (guint32) event->length,
      };
      g_array_append_val (batch->reads, read);
    }
  else
    {
      PortsideSpanRecord span = { .offset = event->offset, .length = event->length, .kind = event->span };
      g_array_append_val (batch->spans, span);
    }
}

static void
push_copy (PortsideEventQueue  *self,
           const PortsideEvent *event)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  gsize max_data = G_MAXSIZE;

  if (event->kind == PORTSIDE_EVENT_TLS_RECORD)
    {
      /* Whole records or none, so that data is either NULL or length bytes. */
      max_data = event->length <= self->wire_budget ? G_MAXSIZE : 0;
      if (max_data > 0)
        self->wire_budget -= event->length;
    }
  g_ptr_array_add (pending_batch (self)->events, portside_event_copy (event, max_data));
}

void
portside_event_queue_push (const PortsideEvent *event,
                           gpointer             queue)
{
  PortsideEventQueue *self = queue;

  switch (event->kind)
    {
    case PORTSIDE_EVENT_READ:
      store_read_bytes (self, event);
      push_record (self, event);
      break;
    case PORTSIDE_EVENT_SPAN:
      push_record (self, event);
      break;
    case PORTSIDE_EVENT_BODY:
      break;  /* the same bytes are in the store, framed by BODY/CHUNK_DATA spans */
    default:
      push_copy (self, event);
      break;
    }
}

PortsideEventBatch *
portside_event_queue_steal (PortsideEventQueue *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  if (self->wakeup_source != NULL)
    {
      g_source_destroy (self->wakeup_source);
      g_clear_pointer (&self->wakeup_source, g_source_unref);
    }
  return g_steal_pointer (&self->pending);
}

void
portside_event_queue_close (PortsideEventQueue *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  self->wakeup = NULL;
  self->wakeup_data = NULL;
  if (self->wakeup_source != NULL)
    {
      g_source_destroy (self->wakeup_source);
      g_clear_pointer (&self->wakeup_source, g_source_unref);
    }
}

static PortsideResolution *
resolution_copy (const PortsideResolution *resolution)
{
  PortsideResolution *copy = g_new0 (PortsideResolution, 1);

  copy->host = g_strdup (resolution->host);
  copy->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; resolution->addresses != NULL && i < resolution->addresses->len; i++)
    g_ptr_array_add (copy->addresses, g_object_ref (g_ptr_array_index (resolution->addresses, i)));
  copy->duration_us = resolution->duration_us;
  copy->overridden = resolution->overridden;
  copy->literal = resolution->literal;
  return copy;
}

static void
resolution_free (PortsideResolution *resolution)
{
  g_free (resolution->host);
  g_ptr_array_unref (resolution->addresses);
  g_free (resolution);
}

static PortsideViolation *
violation_copy (const PortsideViolation *violation)
{
  PortsideViolation *copy = g_memdup2 (violation, sizeof *violation);

  copy->section = g_strdup (violation->section);
  copy->message = g_strdup (violation->message);
  return copy;
}

static void
violation_free (PortsideViolation *violation)
{
  g_free ((char *) violation->section);
  g_free ((char *) violation->message);
  g_free (violation);
}

/* With max_data below length the copy's data is cut short: callers only
 * pass 0 (no data) or G_MAXSIZE. */
PortsideEvent *
portside_event_copy (const PortsideEvent *event,
                     gsize                max_data)
{
  PortsideEvent *copy = g_memdup2 (event, sizeof *event);

  copy->name = g_strdup (event->name);
  copy->value = g_strdup (event->value);
  copy->data = event->data != NULL && max_data > 0
    ? g_memdup2 (event->data, MIN (event->length, max_data)) : NULL;
  copy->warnings = (const char *const *) g_strdupv ((char **) event->warnings);
  copy->resolution = event->resolution ? resolution_copy (event->resolution) : NULL;
  copy->tls = event->tls ? portside_tls_info_copy (event->tls) : NULL;
  copy->violation = event->violation ? violation_copy (event->violation) : NULL;
  copy->timings = event->timings ? g_memdup2 (event->timings, sizeof *event->timings) : NULL;
  copy->error = event->error ? g_error_copy (event->error) : NULL;
  return copy;
}

void
portside_event_free (PortsideEvent *event)
{
  g_free ((char *) event->name);
  g_free ((char *) event->value);
  g_free ((guint8 *) event->data);
  g_strfreev ((char **) event->warnings);
  g_clear_pointer ((PortsideResolution **) &event->resolution, resolution_free);
  g_clear_pointer ((PortsideTlsInfo **) &event->tls, portside_tls_info_free);
  g_clear_pointer ((PortsideViolation **) &event->violation, violation_free);
  g_free ((PortsideTimings *) event->timings);
  g_clear_pointer ((GError **) &event->error, g_error_free);
  g_free (event);
}
