/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session's fields, shared by portside-session.c (life cycle, getters)
 * and portside-session-apply.c (turning events into model updates).
 */
#pragma once

#include "portside-event-queue.h"
#include "portside-session.h"

G_BEGIN_DECLS

struct _PortsideSession
{
  GObject                  parent_instance;

  PortsideExchangeOptions *options;
  PortsideExchange        *exchange;
  GCancellable            *cancellable;
  PortsideByteStore       *store;
  PortsideEventQueue      *queue;
  PortsideSessionState     state;
  gboolean                 running;     /* the worker has not returned yet */
  gboolean                 held_app;
  guint                    n_batches;
  guint                    unsent;      /* PortsideSessionChange not yet emitted */
  guint                    stage_id;    /* emits the next kind of change */

  PortsideEvent           *resolve;
  GPtrArray               *attempts;    /* PortsideEvent* */
  char                    *remote;
  char                    *local;
  PortsideTimings         *timings;
  gint64                   t_resolved, t_connected, t_tls, t_request, t_first_read, t_last;

  PortsideEvent           *request;

  PortsideTlsInfo         *tls;
  GPtrArray               *tls_messages;
  GPtrArray               *wire_records;
  guint64                  wire_bytes;

  PortsideReadModel       *reads;
  GListStore              *headers;
  GHashTable              *final_headers;  /* lower-case name → value */
  guint                    status;
  char                    *status_line;
  gboolean                 interim;        /* the header section being read is 1xx */
  PortsideFraming          framing;
  GPtrArray               *violations;
  GPtrArray               *warnings;
  guint                    n_chunks;
  GError                  *error;
};

/* Applies one batch; returns the PortsideSessionChange flags it touched. */
guint portside_session_apply_batch (PortsideSession    *self,
                                    PortsideEventBatch *batch);

G_END_DECLS
