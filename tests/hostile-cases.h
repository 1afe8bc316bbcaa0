/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hostile-server cases: a script for the server, the options of the
 * exchange, and the verdict the exchange must reach. The runner in
 * test-hostile.c adds the checks every case shares (no byte lost, spans
 * cover the stream, one DONE or ERROR last, no hang).
 */
#pragma once

#include "portside-error.h"
#include "portside-script-server.h"

G_BEGIN_DECLS

typedef enum
{
  HOSTILE_PLAIN,
  HOSTILE_TLS,
  HOSTILE_TLS_TO_PLAIN,   /* an https:// client on a server that does not speak TLS */
} HostileTransport;

typedef struct
{
  const char               *path;         /* the g_test path */
  const PortsideScriptStep *script;
  HostileTransport          transport;
  gboolean                  no_head;      /* the script starts without reading the request */
  gboolean                  strict;
  gboolean                  head;         /* the request is HEAD */
  gsize                     recv_size;    /* 0: the engine's default */
  guint                     max_time_ms;  /* 0: 3000 */

  /* The verdict. */
  PortsideErrorCode         error;        /* 0: the exchange succeeds */
  const char               *message;      /* in the error message, or in the violation's */
  const char               *violation;    /* in a violation's section; NULL: no violation at all */
  guint                     status;       /* the final status; 0: not checked */
  guint                     interim;      /* 1xx responses before it */
  const char               *body;         /* the BODY events joined; NULL: not checked */
  gsize                     body_length;
  const char               *header;       /* "Name: value" some HEADER event carries */
  const char               *trailer;      /* same, for a trailer field */
  const char               *warning;      /* in a WARNING event; NULL: none may come */
  const char               *decode_error; /* portside_decoder on the body fails with it */

  /* The client stops reading before the server is done: what it read is a
   * prefix of what was sent, at least min_read bytes long. */
  gboolean                  partial;
  gsize                     min_read;

  /* An engine bug this case shows: the case runs in a subprocess and, while
   * it fails, is reported as incomplete instead of failing the suite. */
  const char               *known_bug;
} HostileCase;

#define SEND(s)           { PORTSIDE_SCRIPT_SEND, (s), sizeof (s) - 1 }
#define PIECES(s, n, ms)  { PORTSIDE_SCRIPT_SEND_PIECES, (s), sizeof (s) - 1, (n), (ms) }
#define REPEAT(s, ms)     { PORTSIDE_SCRIPT_REPEAT, (s), sizeof (s) - 1, 0, (ms) }
#define SLEEP(ms)         { PORTSIDE_SCRIPT_SLEEP, .delay_ms = (ms) }
#define CLOSE             { PORTSIDE_SCRIPT_CLOSE }
#define RESET             { PORTSIDE_SCRIPT_RESET }
#define TRUNCATE          { PORTSIDE_SCRIPT_CLOSE_NO_NOTIFY }
#define STALL             { PORTSIDE_SCRIPT_STALL }
#define SCRIPT(...)       ((const PortsideScriptStep[]) { __VA_ARGS__, { 0 } })
#define BODY(s)           .body = (s), .body_length = sizeof (s) - 1

extern const HostileCase hostile_syntax_cases[];
extern const guint       hostile_n_syntax_cases;
extern const HostileCase hostile_network_cases[];
extern const guint       hostile_n_network_cases;

G_END_DECLS
