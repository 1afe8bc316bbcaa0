/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request and everything learnt from it. The exchange runs on a worker
 * thread; its events come back in batches through a PortsideEventQueue and
 * are applied here, on the main thread, to the models the panes show. A
 * session is used once: a new request makes a new session, so the views
 * simply drop the old models.
 */
#pragma once

#include <gio/gio.h>
#include "portside-exchange.h"
#include "portside-read-model.h"

G_BEGIN_DECLS

typedef enum
{
  PORTSIDE_SESSION_READY,
  PORTSIDE_SESSION_RUNNING,
  PORTSIDE_SESSION_DONE,
  PORTSIDE_SESSION_FAILED,
  PORTSIDE_SESSION_CANCELLED,
} PortsideSessionState;

/* What a "changed" emission touched, so that each pane redraws only its part. */
typedef enum
{
  PORTSIDE_SESSION_CHANGED_CONNECTION = 1 << 0,
  PORTSIDE_SESSION_CHANGED_REQUEST    = 1 << 1,
  PORTSIDE_SESSION_CHANGED_TLS        = 1 << 2,
  PORTSIDE_SESSION_CHANGED_RESPONSE   = 1 << 3,   /* status, headers, violations, warnings */
  PORTSIDE_SESSION_CHANGED_STREAM     = 1 << 4,
  PORTSIDE_SESSION_CHANGED_STATE      = 1 << 5,
} PortsideSessionChange;

#define PORTSIDE_TYPE_SESSION_STATE (portside_session_state_get_type ())
GType portside_session_state_get_type (void);

#define PORTSIDE_TYPE_SESSION (portside_session_get_type ())
G_DECLARE_FINAL_TYPE (PortsideSession, portside_session, PORTSIDE, SESSION, GObject)

/* memory_limit: received bytes kept in RAM before spilling to a file; 0 = default. */
PortsideSession      *portside_session_new             (gsize                          memory_limit);
/* Runs the exchange on a worker. READ events always carry their bytes. */
void                  portside_session_start           (PortsideSession               *self,
                                                        const PortsideExchangeOptions *options);
void                  portside_session_cancel          (PortsideSession               *self);
/* Feeds an event as the engine would, from any thread (tests, replays). */
void                  portside_session_push_event      (PortsideSession               *self,
                                                        const PortsideEvent           *event);
/* Applies whatever is queued now instead of at the next frame. */
void                  portside_session_flush           (PortsideSession               *self);

PortsideSessionState  portside_session_get_state       (PortsideSession *self);
gboolean              portside_session_get_running     (PortsideSession *self);
const char           *portside_session_get_url         (PortsideSession *self);
gboolean              portside_session_get_is_tls      (PortsideSession *self);
guint                 portside_session_get_n_batches   (PortsideSession *self);

/* Connection */
const PortsideResolution *portside_session_get_resolution (PortsideSession *self);
GPtrArray            *portside_session_get_attempts    (PortsideSession *self);  /* PortsideEvent* CONNECT */
const char           *portside_session_get_remote      (PortsideSession *self);  /* "addr:port" that connected */
const char           *portside_session_get_local       (PortsideSession *self);
const PortsideTimings *portside_session_get_timings    (PortsideSession *self);  /* NULL until done */
/* The duration of each stage so far, -1 for a stage that has not run. */
void                  portside_session_get_stage_times (PortsideSession *self,
                                                        PortsideTimings *timings);

/* Request */
GBytes               *portside_session_get_request     (PortsideSession *self);
const char *const    *portside_session_get_request_warnings (PortsideSession *self);

/* TLS */
const PortsideTlsInfo *portside_session_get_tls        (PortsideSession *self);
GPtrArray            *portside_session_get_tls_messages (PortsideSession *self); /* PortsideEvent* */
GPtrArray            *portside_session_get_wire_records (PortsideSession *self); /* PortsideEvent* with data */
guint64               portside_session_get_wire_bytes  (PortsideSession *self);

/* Response */
PortsideReadModel    *portside_session_get_reads       (PortsideSession *self);
GListModel           *portside_session_get_headers     (PortsideSession *self);
guint                 portside_session_get_status      (PortsideSession *self);
const char           *portside_session_get_status_line (PortsideSession *self);  /* "HTTP/1.1 200 OK" */
PortsideFraming       portside_session_get_framing     (PortsideSession *self);
/* The header's value in the final response (last one wins), or NULL. */
const char           *portside_session_lookup_header   (PortsideSession *self,
                                                        const char      *name);
GPtrArray            *portside_session_get_violations  (PortsideSession *self);  /* char* */
GPtrArray            *portside_session_get_warnings    (PortsideSession *self);  /* char* */
guint                 portside_session_get_n_chunks    (PortsideSession *self);
const GError         *portside_session_get_error       (PortsideSession *self);

G_END_DECLS
