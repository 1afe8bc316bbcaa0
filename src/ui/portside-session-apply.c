/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-error.h"
#include "portside-header-item.h"
#include "portside-session-private.h"

static void
set_state (PortsideSession      *self,
           PortsideSessionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify (G_OBJECT (self), "state");
}

static guint
apply_connect (PortsideSession     *self,
               const PortsideEvent *event)
{
  g_ptr_array_add (self->attempts, portside_event_copy (event, G_MAXSIZE));
  if (event->error == NULL)
    {
      g_free (self->remote);
      self->remote = g_strdup (event->name);
      g_free (self->local);
      self->local = g_strdup (event->value);
      self->t_connected = event->time_us;
    }
  return PORTSIDE_SESSION_CHANGED_CONNECTION;
}

static guint
apply_tls_done (PortsideSession     *self,
                const PortsideEvent *event)
{
  g_clear_pointer (&self->tls, portside_tls_info_free);
  if (event->tls != NULL)
    self->tls = portside_tls_info_copy (event->tls);
  self->t_tls = event->time_us;
  return PORTSIDE_SESSION_CHANGED_TLS | PORTSIDE_SESSION_CHANGED_CONNECTION;
}

static guint
apply_tls_record (PortsideSession *self,
                  PortsideEvent   *event)
{
  self->wire_bytes += event->length;
  if (event->data == NULL)
    return 0;
  g_ptr_array_add (self->wire_records, portside_event_copy (event, G_MAXSIZE));
  return PORTSIDE_SESSION_CHANGED_TLS;
}

static guint
apply_request (PortsideSession     *self,
               const PortsideEvent *event)
{
  g_clear_pointer (&self->request, portside_event_free);
  self->request = portside_event_copy (event, G_MAXSIZE);
  self->t_request = event->time_us;
  portside_read_model_set_send_time (self->reads, event->time_us);
  return PORTSIDE_SESSION_CHANGED_REQUEST | PORTSIDE_SESSION_CHANGED_CONNECTION;
}

static guint
apply_status (PortsideSession     *self,
              const PortsideEvent *event)
{
  self->interim = event->flag;
  if (!event->flag)
    {
      self->status = event->code;
      g_free (self->status_line);
      self->status_line = g_strdup_printf ("%s %u %s", event->name ? event->name : "HTTP/1.1",
                                           event->code, event->value ? event->value : "");
    }
  return PORTSIDE_SESSION_CHANGED_RESPONSE;
}

static guint
apply_header (PortsideSession     *self,
              const PortsideEvent *event)
{
  const char *section = event->flag ? "trailer" : self->interim ? "1xx" : "";
  g_autoptr(PortsideHeaderItem) item = portside_header_item_new (event->name, event->value, section);

  g_list_store_append (self->headers, item);
  if (!self->interim && event->name != NULL)
    g_hash_table_insert (self->final_headers, g_ascii_strdown (event->name, -1),
                         g_strdup (event->value ? event->value : ""));
  return PORTSIDE_SESSION_CHANGED_RESPONSE;
}

static guint
apply_headers_end (PortsideSession     *self,
                   const PortsideEvent *event)
{
  if (!event->flag)
    self->framing = event->framing;
  self->interim = FALSE;
  return PORTSIDE_SESSION_CHANGED_RESPONSE;
}

static guint
apply_violation (PortsideSession     *self,
                 const PortsideEvent *event)
{
  const PortsideViolation *v = event->violation;

  if (v == NULL)
    return 0;
  g_ptr_array_add (self->violations,
                   g_strdup_printf ("%s%s%s", v->section ? v->section : "",
                                    v->section ? ": " : "", v->message ? v->message : ""));
  return PORTSIDE_SESSION_CHANGED_RESPONSE;
}

static guint
apply_done (PortsideSession     *self,
            const PortsideEvent *event)
{
  g_clear_pointer (&self->timings, g_free);
  if (event->timings != NULL)
    self->timings = g_memdup2 (event->timings, sizeof *event->timings);
  self->t_last = MAX (self->t_last, event->time_us);
  set_state (self, PORTSIDE_SESSION_DONE);
  return PORTSIDE_SESSION_CHANGED_STATE | PORTSIDE_SESSION_CHANGED_CONNECTION;
}

static gboolean
is_cancellation (const GError *error)
{
  return g_error_matches (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static guint
apply_error (PortsideSession     *self,
             const PortsideEvent *event)
{
  if (self->error == NULL && event->error != NULL)
    self->error = g_error_copy (event->error);
  self->t_last = MAX (self->t_last, event->time_us);
  set_state (self, is_cancellation (self->error) ? PORTSIDE_SESSION_CANCELLED : PORTSIDE_SESSION_FAILED);
  return PORTSIDE_SESSION_CHANGED_STATE;
}

static guint
apply_event (PortsideSession *self,
             PortsideEvent   *event)
{
  switch (event->kind)
    {
    case PORTSIDE_EVENT_RESOLVE:
      g_clear_pointer (&self->resolve, portside_event_free);
      self->resolve = portside_event_copy (event, G_MAXSIZE);
      self->t_resolved = event->time_us;
      return PORTSIDE_SESSION_CHANGED_CONNECTION;
    case PORTSIDE_EVENT_CONNECT: return apply_connect (self, event);
    case PORTSIDE_EVENT_TLS_MESSAGE:
      g_ptr_array_add (self->tls_messages, portside_event_copy (event, G_MAXSIZE));
      return PORTSIDE_SESSION_CHANGED_TLS;
    case PORTSIDE_EVENT_TLS_RECORD: return apply_tls_record (self, event);
    case PORTSIDE_EVENT_TLS_DONE: return apply_tls_done (self, event);
    case PORTSIDE_EVENT_REQUEST: return apply_request (self, event);
    case PORTSIDE_EVENT_STATUS: return apply_status (self, event);
    case PORTSIDE_EVENT_HEADER: return apply_header (self, event);
    case PORTSIDE_EVENT_HEADERS_END: return apply_headers_end (self, event);
    case PORTSIDE_EVENT_CHUNK: self->n_chunks++; return 0;
    case PORTSIDE_EVENT_VIOLATION: return apply_violation (self, event);
    case PORTSIDE_EVENT_WARNING:
      g_ptr_array_add (self->warnings, g_strdup (event->value ? event->value : ""));
      return PORTSIDE_SESSION_CHANGED_RESPONSE;
    case PORTSIDE_EVENT_DONE: return apply_done (self, event);
    case PORTSIDE_EVENT_ERROR: return apply_error (self, event);
    default: return 0;
    }
}

guint
portside_session_apply_batch (PortsideSession    *self,
                              PortsideEventBatch *batch)
{
  guint changes = 0;

  if (batch->reads->len > 0)
    {
      const PortsideReadRecord *first = &g_array_index (batch->reads, PortsideReadRecord, 0);
      const PortsideReadRecord *last = &g_array_index (batch->reads, PortsideReadRecord, batch->reads->len - 1);

      if (self->t_first_read < 0)
        self->t_first_read = first->time_us;
      self->t_last = MAX (self->t_last, last->time_us);
      changes |= PORTSIDE_SESSION_CHANGED_STREAM;
    }
  /* Request first: the rows' "time since send" needs the send time. */
  for (guint i = 0; i < batch->events->len; i++)
    {
      PortsideEvent *event = g_ptr_array_index (batch->events, i);
      if (event->kind == PORTSIDE_EVENT_REQUEST)
        changes |= apply_request (self, event);
    }
  portside_read_model_append (self->reads,
                              (const PortsideReadRecord *) batch->reads->data, batch->reads->len,
                              (const PortsideSpanRecord *) batch->spans->data, batch->spans->len);
  for (guint i = 0; i < batch->events->len; i++)
    {
      PortsideEvent *event = g_ptr_array_index (batch->events, i);
      if (event->kind != PORTSIDE_EVENT_REQUEST)
        changes |= apply_event (self, event);
    }
  return changes;
}
