/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hand-over between the worker thread that runs an exchange and the main
 * loop. The worker's event sink copies what it needs (read bytes go straight
 * into the byte store; reads and spans become compact records) and at most
 * one wake-up is scheduled per batch, a frame's time after its first event.
 */
#pragma once

#include "portside-byte-store.h"
#include "portside-event.h"

G_BEGIN_DECLS

/* One recv()/SSL_read(): 24 bytes, so 250,000 reads cost 6 MB. */
typedef struct
{
  guint64 offset;
  gint64  time_us;
  guint32 index;
  guint32 length;
} PortsideReadRecord;

typedef struct
{
  guint64          offset;
  guint64          length;
  PortsideSpanKind kind;
} PortsideSpanRecord;

typedef struct
{
  GArray    *reads;    /* PortsideReadRecord */
  GArray    *spans;    /* PortsideSpanRecord */
  GPtrArray *events;   /* PortsideEvent, deep copies, in order */
} PortsideEventBatch;

typedef void (*PortsideQueueWakeup) (gpointer user_data);

typedef struct _PortsideEventQueue PortsideEventQueue;

PortsideEventQueue *portside_event_queue_new    (PortsideByteStore   *store,
                                                 guint                delay_ms,
                                                 PortsideQueueWakeup  wakeup,
                                                 gpointer             user_data);
PortsideEventQueue *portside_event_queue_ref    (PortsideEventQueue  *self);
void                portside_event_queue_unref  (PortsideEventQueue  *self);
/* A PortsideEventFunc: call from any thread. */
void                portside_event_queue_push   (const PortsideEvent *event,
                                                 gpointer             queue);
/* Main thread. NULL when nothing is pending. */
PortsideEventBatch *portside_event_queue_steal  (PortsideEventQueue  *self);
/* Main thread. No more wake-ups; later events are still queued. */
void                portside_event_queue_close  (PortsideEventQueue  *self);

void                portside_event_batch_free   (PortsideEventBatch  *batch);
PortsideEvent      *portside_event_copy         (const PortsideEvent *event,
                                                 gsize                max_data);
void                portside_event_free         (PortsideEvent       *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideEventQueue, portside_event_queue_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideEventBatch, portside_event_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideEvent, portside_event_free)

G_END_DECLS
