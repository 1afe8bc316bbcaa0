/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script server's state, shared by the server (listening, accepting,
 * stopping) and the connection threads that play the script.
 */
#pragma once

#include <openssl/ssl.h>
#include "portside-script-server.h"

G_BEGIN_DECLS

typedef struct
{
  PortsideScriptServer *server;
  int                   fd;        /* -1 once closed; changed under the server's mutex */
  SSL                  *ssl;
  GByteArray           *request;
  GByteArray           *sent;      /* appended under the server's mutex */
  gint64                deadline;  /* monotonic µs: no script runs past it */
  gboolean              gone;      /* the client went away, or the server stops */
  gboolean              closed;
} PortsideScriptConn;

struct _PortsideScriptServer
{
  PortsideScriptServerFlags  flags;
  GArray                    *steps;   /* PortsideScriptStep, data owned */
  char                      *tmpdir;
  char                      *ca_file;
  SSL_CTX                   *ssl_ctx;
  int                        listen_fd;
  guint16                    port;
  int                        wake[2];
  gint                       stopping;
  GThread                   *accept_thread;
  GMutex                     mutex;
  GCond                      cond;
  GPtrArray                 *conns;    /* PortsideScriptConn *, every accepted one */
  GPtrArray                 *threads;  /* GThread *, joined when freed */
  guint                      running;
};

PortsideScriptConn *portside_script_conn_new  (PortsideScriptServer *server,
                                               int                   fd);
void                portside_script_conn_free (gpointer              conn);
/* The connection's thread: plays the script, then closes. */
gpointer            portside_script_conn_main (gpointer              conn);

G_END_DECLS
