/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-error.h"
#include "portside-header-item.h"
#include "portside-session-private.h"

/* One frame: events arriving faster are applied together. */
#define BATCH_DELAY_MS 16

G_DEFINE_ENUM_TYPE (PortsideSessionState, portside_session_state,
  G_DEFINE_ENUM_VALUE (PORTSIDE_SESSION_READY, "ready"),
  G_DEFINE_ENUM_VALUE (PORTSIDE_SESSION_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (PORTSIDE_SESSION_DONE, "done"),
  G_DEFINE_ENUM_VALUE (PORTSIDE_SESSION_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (PORTSIDE_SESSION_CANCELLED, "cancelled"))

G_DEFINE_FINAL_TYPE (PortsideSession, portside_session, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, PROP_RUNNING, N_PROPS };
enum { CHANGED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
portside_session_dispose (GObject *object)
{
  PortsideSession *self = PORTSIDE_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->queue != NULL)
    portside_event_queue_close (self->queue);
  g_clear_handle_id (&self->stage_id, g_source_remove);
  G_OBJECT_CLASS (portside_session_parent_class)->dispose (object);
}

static void
portside_session_finalize (GObject *object)
{
  PortsideSession *self = PORTSIDE_SESSION (object);

  g_clear_pointer (&self->options, portside_exchange_options_free);
  g_clear_object (&self->exchange);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queue, portside_event_queue_unref);
  g_clear_pointer (&self->store, portside_byte_store_unref);
  g_clear_pointer (&self->resolve, portside_event_free);
  g_clear_pointer (&self->attempts, g_ptr_array_unref);
  g_clear_pointer (&self->remote, g_free);
  g_clear_pointer (&self->local, g_free);
  g_clear_pointer (&self->timings, g_free);
  g_clear_pointer (&self->request, portside_event_free);
  g_clear_pointer (&self->tls, portside_tls_info_free);
  g_clear_pointer (&self->tls_messages, g_ptr_array_unref);
  g_clear_pointer (&self->wire_records, g_ptr_array_unref);
  g_clear_object (&self->reads);
  g_clear_object (&self->headers);
  g_clear_pointer (&self->final_headers, g_hash_table_unref);
  g_clear_pointer (&self->status_line, g_free);
  g_clear_pointer (&self->violations, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (portside_session_parent_class)->finalize (object);
}

static void
portside_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PortsideSession *self = PORTSIDE_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portside_session_class_init (PortsideSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = portside_session_dispose;
  object_class->finalize = portside_session_finalize;
  object_class->get_property = portside_session_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PORTSIDE_TYPE_SESSION_STATE,
                                              PORTSIDE_SESSION_READY, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* One emission per applied batch; the argument is PortsideSessionChange flags. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
portside_session_init (PortsideSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) portside_event_free);
  self->tls_messages = g_ptr_array_new_with_free_func ((GDestroyNotify) portside_event_free);
  self->wire_records = g_ptr_array_new_with_free_func ((GDestroyNotify) portside_event_free);
  self->headers = g_list_store_new (PORTSIDE_TYPE_HEADER_ITEM);
  self->final_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->violations = g_ptr_array_new_with_free_func (g_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->t_resolved = self->t_connected = self->t_tls = -1;
  self->t_request = self->t_first_read = self->t_last = -1;
}

/* The order in which kinds of change reach the panes: the read list first. */
static const guint stage_order[] = {
  PORTSIDE_SESSION_CHANGED_STREAM,
  PORTSIDE_SESSION_CHANGED_RESPONSE,
  PORTSIDE_SESSION_CHANGED_CONNECTION,
  PORTSIDE_SESSION_CHANGED_REQUEST,
  PORTSIDE_SESSION_CHANGED_TLS,
  PORTSIDE_SESSION_CHANGED_STATE,
};

/* Emits everything not yet emitted, at once. */
static void
emit_unsent (PortsideSession *self)
{
  guint changes = self->unsent;

  g_clear_handle_id (&self->stage_id, g_source_remove);
  self->unsent = 0;
  if (changes != 0)
    g_signal_emit (self, signals[CHANGED], 0, changes);
}

static gboolean
emit_stage (gpointer data)
{
  PortsideSession *self = data;
  guint changes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (stage_order) && changes == 0; i++)
    changes = self->unsent & stage_order[i];
  self->unsent &= ~changes;
  if (self->unsent == 0)
    self->stage_id = 0;
  if (changes != 0)
    g_signal_emit (self, signals[CHANGED], 0, changes);
  return self->unsent != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* One kind of change per frame: the first batch of an exchange fills every
 * pane at once, and laying all of them out in one frame would stall the
 * main loop for that frame. The others follow a frame apart. */
static void
stage_changes (PortsideSession *self,
               guint            changes)
{
  self->unsent |= changes;
  if (self->stage_id != 0 || !emit_stage (self))
    return;
  self->stage_id = g_timeout_add (BATCH_DELAY_MS, emit_stage, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->stage_id), "[portside] staged changes");
}

/* The queue's wake-up: the main loop's side of the hand-over. */
static void
drain (gpointer data)
{
  PortsideSession *self = data;
  g_autoptr(PortsideEventBatch) batch = portside_event_queue_steal (self->queue);

  if (batch == NULL)
    return;
  self->n_batches++;
  stage_changes (self, portside_session_apply_batch (self, batch));
}

PortsideSession *
portside_session_new (gsize memory_limit)
{
  PortsideSession *self = g_object_new (PORTSIDE_TYPE_SESSION, NULL);

  self->store = portside_byte_store_new (memory_limit ? memory_limit : PORTSIDE_BYTE_STORE_DEFAULT_MEMORY);
  self->queue = portside_event_queue_new (self->store, BATCH_DELAY_MS, drain, self);
  self->reads = portside_read_model_new (self->store);
  return self;
}

static void
set_running (PortsideSession *self,
             gboolean         running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(PortsideSession) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = portside_exchange_run_finish (PORTSIDE_EXCHANGE (object), result, &error);

  drain (self);
  if (!ok && self->state == PORTSIDE_SESSION_RUNNING)
    {
      /* The engine promises an ERROR event; this covers its absence. */
      PortsideEvent event = { .kind = PORTSIDE_EVENT_ERROR, .error = error, .time_us = -1 };
      portside_event_queue_push (&event, self->queue);
      drain (self);
    }
  else if (ok && self->state == PORTSIDE_SESSION_RUNNING)
    {
      self->state = PORTSIDE_SESSION_DONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  /* Every pane is up to date by the time "running" turns FALSE. */
  emit_unsent (self);
  portside_event_queue_close (self->queue);
  set_running (self, FALSE);
  if (self->held_app && g_application_get_default () != NULL)
    g_application_release (g_application_get_default ());
  self->held_app = FALSE;
}

void
portside_session_start (PortsideSession               *self,
                        const PortsideExchangeOptions *options)
{
  g_return_if_fail (PORTSIDE_IS_SESSION (self));
  g_return_if_fail (self->state == PORTSIDE_SESSION_READY);

  self->options = portside_exchange_options_copy (options);
  self->options->want_read_data = TRUE;
  self->options->capture_wire = TRUE;
  self->exchange = portside_exchange_new (self->options);
  portside_exchange_set_event_func (self->exchange, portside_event_queue_push,
                                    portside_event_queue_ref (self->queue),
                                    (GDestroyNotify) portside_event_queue_unref);
  self->state = PORTSIDE_SESSION_RUNNING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  set_running (self, TRUE);
  /* Quitting waits for the worker, which a cancel makes quick. */
  if (g_application_get_default () != NULL)
    {
      g_application_hold (g_application_get_default ());
      self->held_app = TRUE;
    }
  portside_exchange_run_async (self->exchange, self->cancellable, run_cb, g_object_ref (self));
}

void
portside_session_cancel (PortsideSession *self)
{
  g_return_if_fail (PORTSIDE_IS_SESSION (self));
  g_cancellable_cancel (self->cancellable);
}

void
portside_session_push_event (PortsideSession     *self,
                             const PortsideEvent *event)
{
  g_return_if_fail (PORTSIDE_IS_SESSION (self));
  portside_event_queue_push (event, self->queue);
}

void
portside_session_flush (PortsideSession *self)
{
  g_return_if_fail (PORTSIDE_IS_SESSION (self));
  drain (self);
  emit_unsent (self);
}

PortsideSessionState
portside_session_get_state (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), PORTSIDE_SESSION_READY);
  return self->state;
}

gboolean
portside_session_get_running (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), FALSE);
  return self->running;
}

const char *
portside_session_get_url (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->options ? self->options->url : NULL;
}

gboolean
portside_session_get_is_tls (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), FALSE);
  if (self->tls != NULL || self->tls_messages->len > 0)
    return TRUE;
  return self->options != NULL && self->options->url != NULL &&
         g_ascii_strncasecmp (self->options->url, "https:", 6) == 0;
}

guint
portside_session_get_n_batches (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), 0);
  return self->n_batches;
}

const PortsideResolution *
portside_session_get_resolution (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->resolve ? self->resolve->resolution : NULL;
}

GPtrArray *
portside_session_get_attempts (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->attempts;
}

const char *
portside_session_get_remote (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->remote;
}

const char *
portside_session_get_local (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->local;
}

const PortsideTimings *
portside_session_get_timings (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->timings;
}

static gint64
span_between (gint64 from,
              gint64 to)
{
  return from >= 0 && to >= 0 ? MAX (0, to - from) : -1;
}

/* While running, the durations come from the events' times; the DONE
 * event's own timings replace them at the end. */
void
portside_session_get_stage_times (PortsideSession *self,
                                  PortsideTimings *out)
{
  gint64 before_request;

  g_return_if_fail (PORTSIDE_IS_SESSION (self));
  if (self->timings != NULL)
    {
      *out = *self->timings;
      return;
    }
  memset (out, 0, sizeof *out);
  out->dns_us = self->resolve ? self->resolve->resolution->duration_us : -1;
  out->connect_us = span_between (self->t_resolved, self->t_connected);
  out->tls_us = span_between (self->t_connected, self->t_tls);
  before_request = self->t_tls >= 0 ? self->t_tls : self->t_connected;
  out->request_us = span_between (before_request, self->t_request);
  out->first_byte_us = span_between (self->t_request, self->t_first_read);
  out->total_us = self->t_last;
  out->bytes_received = portside_read_model_get_bytes_read (self->reads);
  out->reads = g_list_model_get_n_items (G_LIST_MODEL (self->reads));
}

GBytes *
portside_session_get_request (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  if (self->request == NULL || self->request->data == NULL)
    return NULL;
  return g_bytes_new (self->request->data, self->request->length);
}

const char *const *
portside_session_get_request_warnings (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->request ? self->request->warnings : NULL;
}

const PortsideTlsInfo *
portside_session_get_tls (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->tls;
}

GPtrArray *
portside_session_get_tls_messages (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->tls_messages;
}

GPtrArray *
portside_session_get_wire_records (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->wire_records;
}

guint64
portside_session_get_wire_bytes (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), 0);
  return self->wire_bytes;
}

PortsideReadModel *
portside_session_get_reads (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->reads;
}

GListModel *
portside_session_get_headers (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->headers);
}

guint
portside_session_get_status (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), 0);
  return self->status;
}

const char *
portside_session_get_status_line (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->status_line;
}

PortsideFraming
portside_session_get_framing (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), PORTSIDE_FRAMING_NONE);
  return self->framing;
}

const char *
portside_session_lookup_header (PortsideSession *self,
                                const char      *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (self->final_headers, key);
}

GPtrArray *
portside_session_get_violations (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->violations;
}

GPtrArray *
portside_session_get_warnings (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->warnings;
}

guint
portside_session_get_n_chunks (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), 0);
  return self->n_chunks;
}

const GError *
portside_session_get_error (PortsideSession *self)
{
  g_return_val_if_fail (PORTSIDE_IS_SESSION (self), NULL);
  return self->error;
}
