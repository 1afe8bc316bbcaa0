/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the lab's connection code and its routes share. One connection is
 * served on one thread with blocking I/O; PortsideLab only accepts, starts
 * those threads and ends them on stop() by shutting their sockets down.
 */
#pragma once

#include <openssl/ssl.h>

#include "portside-lab.h"
#include "portside-error.h"

G_BEGIN_DECLS

/* The /bytes pattern repeats every PORTSIDE_LAB_PATTERN_PERIOD bytes; the
 * buffer (and its memfd twin for sendfile) is a whole number of periods so
 * that wrapping around keeps the pattern seamless. */
#define PORTSIDE_LAB_PATTERN          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#define PORTSIDE_LAB_PATTERN_PERIOD   64
#define PORTSIDE_LAB_PATTERN_SIZE     (1024 * 1024)

typedef struct
{
  int     pattern_fd;   /* PORTSIDE_LAB_PATTERN_SIZE bytes, for sendfile */
  guint8 *pattern;      /* the same bytes in memory, for TLS */
  GBytes *gzip_body;    /* /gzip, compressed once */
} PortsideLabAssets;

typedef struct
{
  char      *request_line;
  char      *method;
  char      *target;
  char      *version;
  char      *path;          /* target without query, decoded */
  char      *query;         /* NULL when there is none */
  GPtrArray *names;         /* header names and values, in order, as received */
  GPtrArray *values;
  guint64    body_length;   /* read and discarded */
  gboolean   is_head;
  gboolean   keep_alive;    /* what the client asked for */
} PortsideLabRequest;

typedef struct
{
  PortsideLab             *lab;
  const PortsideLabAssets *assets;
  int                      fd;
  SSL                     *ssl;     /* NULL on the plain HTTP port */
  GByteArray              *inbuf;       /* received but not yet consumed */
  guint                    status;      /* the last final status sent */
  gboolean                 close_after; /* a route wants the connection closed */
  gboolean                 broken;      /* a read or write failed */
} PortsideLabConn;

/* portside-lab.c */
void               portside_lab_emit_served     (PortsideLab              *self,
                                                 const PortsideLabRequest *request,
                                                 guint                     status);

/* portside-lab-conn.c */
void               portside_lab_conn_serve      (PortsideLabConn *conn);
gboolean           portside_lab_conn_write      (PortsideLabConn *conn,
                                                 const void      *data,
                                                 gsize            length);
gboolean           portside_lab_conn_write_str  (PortsideLabConn *conn,
                                                 const char      *text);
/* Sleeps up to msec, waking early (and returning FALSE) when the peer hangs
 * up or the lab shuts the socket down. */
gboolean           portside_lab_conn_pause      (PortsideLabConn *conn,
                                                 guint            msec);
/* An interim (1xx) response: status line and blank line only. */
gboolean           portside_lab_conn_send_interim (PortsideLabConn *conn,
                                                   guint            status);
/* Status line, Date, Server, Connection (close when the client asked for
 * it or conn->close_after is set), then extra (each "Name: value\r\n",
 * may be NULL), Content-Length when content_length >= 0, and the blank line. */
gboolean           portside_lab_conn_send_head  (PortsideLabConn          *conn,
                                                 const PortsideLabRequest *request,
                                                 guint                     status,
                                                 const char               *extra,
                                                 gint64                    content_length);
/* A whole response with a small body; HEAD gets the head alone. */
gboolean           portside_lab_conn_respond    (PortsideLabConn          *conn,
                                                 const PortsideLabRequest *request,
                                                 guint                     status,
                                                 const char               *content_type,
                                                 const char               *extra,
                                                 const void               *body,
                                                 gsize                     length);
const char        *portside_lab_reason_phrase   (guint status);

/* portside-lab-request.c */
void               portside_lab_request_free    (PortsideLabRequest *request);
/* Parses one request head (without its blank line). On failure returns NULL
 * and sets *status to the response to send (400, 505). */
PortsideLabRequest *portside_lab_request_parse  (const char *head,
                                                 gsize       length,
                                                 guint      *status);
const char        *portside_lab_request_header  (const PortsideLabRequest *request,
                                                 const char               *name);
gboolean           portside_lab_request_has_token (const PortsideLabRequest *request,
                                                   const char               *name,
                                                   const char               *token);
/* A query parameter as a number, clamped to max; fallback when absent or bad. */
guint64            portside_lab_request_query_uint (const PortsideLabRequest *request,
                                                    const char               *name,
                                                    guint64                   fallback,
                                                    guint64                   max);

/* portside-lab-routes.c */
PortsideLabAssets *portside_lab_assets_new      (GError **error);
void               portside_lab_assets_free     (PortsideLabAssets *assets);
/* Sets conn->close_after when the connection must close after it. */
void               portside_lab_route           (PortsideLabConn          *conn,
                                                 const PortsideLabRequest *request);

/* portside-lab-stream.c */
gboolean           portside_lab_stream_init     (PortsideLabAssets *assets,
                                                 GError           **error);
void               portside_lab_stream_clear    (PortsideLabAssets *assets);
void               portside_lab_route_bytes     (PortsideLabConn          *conn,
                                                 const PortsideLabRequest *request,
                                                 const char               *arg);
void               portside_lab_route_drip      (PortsideLabConn          *conn,
                                                 const PortsideLabRequest *request,
                                                 const char               *arg);
void               portside_lab_route_chunked   (PortsideLabConn          *conn,
                                                 const PortsideLabRequest *request,
                                                 const char               *arg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideLabRequest, portside_lab_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideLabAssets, portside_lab_assets_free)

G_END_DECLS
