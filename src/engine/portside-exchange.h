/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One HTTP exchange: resolve, connect, TLS, send, read until the response is
 * complete, with every step published as a PortsideEvent. The CLI runs it on
 * its own thread with run(); the window runs it with run_async(), on a
 * thread of its own at a lower priority than the caller's.
 */
#pragma once

#include <gio/gio.h>
#include "portside-event.h"
#include "portside-resolve.h"
#include "portside-url.h"

G_BEGIN_DECLS

/* Large, so that a fast body costs few calls and few wake-ups (see the
 * pacing in portside-exchange-read.c); --recv-size 4096 gives the classic
 * lesson. */
#define PORTSIDE_DEFAULT_RECV_SIZE (256 * 1024)

/* How many nice levels below its caller run_async() runs the exchange.
 * Measured with the window benchmark on two cores shared with the lab
 * server and Xvfb: at 5, one stream in four still froze the window for
 * 50–250 ms; at 10, about one in twenty-four. */
#define PORTSIDE_WORKER_NICENESS 10

typedef struct
{
  char          *url;
  char          *method;            /* NULL: GET, or POST when there is a body */
  char         **headers;           /* "Name: value" */
  GBytes        *body;
  GBytes        *raw_request;       /* sent verbatim instead of building one */
  gboolean       insecure;
  char          *ca_file;
  PortsideFamily family;
  char         **resolve;           /* "HOST:PORT:ADDR" */
  guint          connect_timeout_ms;
  guint          max_time_ms;       /* whole exchange; 0 = none */
  gsize          recv_size;         /* bytes asked for per read; 0 = default */
  gboolean       strict;
  gboolean       capture_wire;      /* report TLS ciphertext records */
  gboolean       want_read_data;    /* READ events carry their bytes */
} PortsideExchangeOptions;

PortsideExchangeOptions *portside_exchange_options_new  (void);
PortsideExchangeOptions *portside_exchange_options_copy (const PortsideExchangeOptions *options);
void                     portside_exchange_options_free (PortsideExchangeOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideExchangeOptions, portside_exchange_options_free)
/* The method of a built request: the one given, or POST with a body, GET. */
const char              *portside_exchange_options_get_method   (const PortsideExchangeOptions *options);
/* The bytes the exchange sends to url: the raw request as given, or one
 * built from the method, headers and body. */
GBytes                  *portside_exchange_options_make_request (const PortsideExchangeOptions *options,
                                                                 const PortsideUrl             *url,
                                                                 GError                       **error);

#define PORTSIDE_TYPE_EXCHANGE (portside_exchange_get_type ())
G_DECLARE_FINAL_TYPE (PortsideExchange, portside_exchange, PORTSIDE, EXCHANGE, GObject)

PortsideExchange *portside_exchange_new          (const PortsideExchangeOptions *options);
/* The sink is called on the thread that runs the exchange. */
void              portside_exchange_set_event_func (PortsideExchange *self,
                                                    PortsideEventFunc func,
                                                    gpointer          user_data,
                                                    GDestroyNotify    destroy);
/* Blocks. Emits an ERROR event before it returns FALSE. */
gboolean          portside_exchange_run          (PortsideExchange    *self,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
void              portside_exchange_run_async    (PortsideExchange    *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean          portside_exchange_run_finish   (PortsideExchange    *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
