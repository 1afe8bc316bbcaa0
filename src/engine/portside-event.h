/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one event stream that the CLI and the window both consume. An exchange
 * calls its PortsideEventFunc synchronously, on the thread it runs on, with
 * an event whose pointers are borrowed: valid only during the call. A sink
 * that keeps an event (the window's queue) copies what it needs.
 */
#pragma once

#include <gio/gio.h>
#include "portside-parser.h"
#include "portside-resolve.h"
#include "portside-tls.h"

G_BEGIN_DECLS

typedef enum
{
  PORTSIDE_EVENT_RESOLVE,      /* resolution */
  PORTSIDE_EVENT_CONNECT,      /* one attempt: name=remote, value=local, error */
  PORTSIDE_EVENT_TLS_MESSAGE,  /* name=message, value=content type, sent, length */
  PORTSIDE_EVENT_TLS_RECORD,   /* ciphertext: sent, data (only when capture_wire) */
  PORTSIDE_EVENT_TLS_DONE,     /* tls (also after a failed verification) */
  PORTSIDE_EVENT_REQUEST,      /* data = the exact bytes sent; warnings */
  PORTSIDE_EVENT_READ,         /* index, offset, length, data (one recv/SSL_read) */
  PORTSIDE_EVENT_SPAN,         /* span, offset, length */
  PORTSIDE_EVENT_STATUS,       /* code, name=version, value=reason, interim */
  PORTSIDE_EVENT_HEADER,       /* name, value, trailer */
  PORTSIDE_EVENT_HEADERS_END,  /* interim, framing, length=content length */
  PORTSIDE_EVENT_CHUNK,        /* offset, length=size, value=extensions */
  PORTSIDE_EVENT_BODY,         /* offset, length, data (raw body bytes) */
  PORTSIDE_EVENT_VIOLATION,    /* violation */
  PORTSIDE_EVENT_WARNING,      /* value = plain sentence (e.g. verification off) */
  PORTSIDE_EVENT_DONE,         /* timings, code = status */
  PORTSIDE_EVENT_ERROR,        /* error (stage = error->code) */
  PORTSIDE_N_EVENTS
} PortsideEventKind;

typedef struct
{
  gint64  dns_us;         /* each is a duration; -1 when the step did not run */
  gint64  connect_us;
  gint64  tls_us;
  gint64  request_us;     /* writing the request */
  gint64  first_byte_us;  /* from request sent to first byte */
  gint64  total_us;
  guint64 bytes_sent;
  guint64 bytes_received;
  guint64 body_bytes;     /* raw body bytes, without framing */
  guint   reads;
} PortsideTimings;

typedef struct
{
  PortsideEventKind          kind;
  gint64                     time_us;     /* since the exchange started */
  guint64                    offset;
  guint64                    length;
  guint                      index;
  guint                      code;
  gboolean                   flag;        /* sent / interim / trailer */
  PortsideSpanKind           span;
  PortsideFraming            framing;
  const char                *name;
  const char                *value;
  const guint8              *data;        /* length bytes */
  const char *const         *warnings;    /* NULL-terminated, REQUEST only */
  const PortsideResolution  *resolution;
  const PortsideTlsInfo     *tls;
  const PortsideViolation   *violation;
  const PortsideTimings     *timings;
  const GError              *error;
} PortsideEvent;

typedef void (*PortsideEventFunc) (const PortsideEvent *event, gpointer user_data);

const char *portside_event_kind_name (PortsideEventKind kind);  /* "read", "tls-done", … */
/* One JSON object, no newline; the schema is in README.md. */
char       *portside_event_to_json   (const PortsideEvent *event);

G_END_DECLS
