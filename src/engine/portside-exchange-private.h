/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state of one run of an exchange, shared by the stage functions in
 * portside-exchange.c and the response loop in portside-exchange-read.c.
 */
#pragma once

#include "portside-exchange.h"
#include "portside-parser.h"
#include "portside-tls.h"
#include "portside-url.h"

G_BEGIN_DECLS

typedef struct
{
  const PortsideExchangeOptions *options;
  PortsideEventFunc              emit_func;
  gpointer                       emit_data;
  GCancellable                  *cancellable;
  gint64                         start;       /* monotonic µs */
  gint64                         deadline;    /* monotonic µs, 0 = none */
  PortsideUrl                   *url;
  char                          *method;
  GSocket                       *socket;
  PortsideTls                   *tls;
  PortsideParser                *parser;
  PortsideTimings                timings;
  gint64                         request_sent; /* monotonic µs */
  guint                          status;
  gsize                          low_water;   /* SO_RCVLOWAT now set; 0 = never set */
} PortsideRun;

/* Stamps the time and hands the event to the sink. */
void     portside_run_emit          (PortsideRun *run, PortsideEvent *event);
void     portside_run_warn          (PortsideRun *run, const char *message);
/* Reads and parses until the response is complete or fails. */
gboolean portside_run_read_response (PortsideRun *run, GError **error);
/* The SO_RCVLOWAT for the next read (1 = wake on any byte), from the one now
 * set, the read size, the body bytes still promised and the last read. */
gsize    portside_pacing_low_water  (gsize   current,
                                     gsize   size,
                                     guint64 promised,
                                     gsize   last_read);

G_END_DECLS
