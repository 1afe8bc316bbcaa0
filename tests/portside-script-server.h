/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test server that misbehaves on purpose. It listens on 127.0.0.1 (plain
 * TCP or TLS with a fresh self-signed certificate), reads each request head
 * and then plays a script of raw writes, pauses, closes and resets, keeping
 * a record of every byte it really wrote so that a test can check that the
 * client lost none of them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PORTSIDE_SCRIPT_END,              /* terminates a script (a zeroed step) */
  PORTSIDE_SCRIPT_SEND,             /* write data in one call */
  PORTSIDE_SCRIPT_SEND_PIECES,      /* write data piece bytes at a time, delay_ms apart */
  PORTSIDE_SCRIPT_SLEEP,            /* wait delay_ms (cut short if the client goes away) */
  PORTSIDE_SCRIPT_CLOSE,            /* graceful: close_notify over TLS, then FIN */
  PORTSIDE_SCRIPT_RESET,            /* SO_LINGER 0 and close: the client sees a RST */
  PORTSIDE_SCRIPT_CLOSE_NO_NOTIFY,  /* FIN without close_notify (TLS truncation) */
  PORTSIDE_SCRIPT_STALL,            /* send nothing more until the client goes away */
  PORTSIDE_SCRIPT_REPEAT,           /* write data again and again, delay_ms apart,
                                     * until the client goes away */
} PortsideScriptOp;

typedef struct
{
  PortsideScriptOp op;
  const char      *data;
  gsize            length;    /* 0: strlen (data) */
  guint            piece;     /* SEND_PIECES: bytes per write (0 = 1) */
  guint            delay_ms;
} PortsideScriptStep;

typedef enum
{
  PORTSIDE_SCRIPT_SERVER_TLS     = 1 << 0,
  /* Start the script at once, without waiting for a request head (for a
   * plain server that a TLS client talks to). */
  PORTSIDE_SCRIPT_SERVER_NO_HEAD = 1 << 1,
} PortsideScriptServerFlags;

/* No script runs longer than this, whatever it says (REPEAT, STALL). */
#define PORTSIDE_SCRIPT_MAX_SECONDS 30

typedef struct _PortsideScriptServer PortsideScriptServer;

/* steps ends with a PORTSIDE_SCRIPT_END step; it is copied, not kept. A
 * script without a closing step ends with a graceful close. */
PortsideScriptServer *portside_script_server_new      (PortsideScriptServerFlags  flags,
                                                       const PortsideScriptStep  *steps,
                                                       GError                   **error);
/* Stops at once: running scripts are interrupted and their threads joined. */
void                  portside_script_server_free     (PortsideScriptServer *self);
guint16               portside_script_server_get_port (PortsideScriptServer *self);
/* "http://127.0.0.1:PORT/path" or "https://…" for a TLS server. */
char                 *portside_script_server_get_url  (PortsideScriptServer *self,
                                                       const char           *path);
/* The PEM certificate a client must trust; NULL for a plain server. */
const char           *portside_script_server_get_ca_file (PortsideScriptServer *self);
/* Waits until every accepted connection has finished its script; FALSE
 * when timeout_ms passed first. */
gboolean              portside_script_server_wait     (PortsideScriptServer *self,
                                                       guint                 timeout_ms);
guint                 portside_script_server_get_connections (PortsideScriptServer *self);
/* What the first connection received as its request head, and the bytes
 * its script actually wrote (plaintext over TLS). Empty before any. */
GBytes               *portside_script_server_get_request (PortsideScriptServer *self);
GBytes               *portside_script_server_get_sent    (PortsideScriptServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideScriptServer, portside_script_server_free)

G_END_DECLS
