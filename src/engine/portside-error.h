/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One error domain for the whole engine. The codes are the stages of an
 * exchange, so a GError always says *where* something went wrong; the message
 * says *what*, in one plain sentence.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PORTSIDE_ERROR (portside_error_quark ())

typedef enum
{
  PORTSIDE_ERROR_USAGE = 1,   /* a bad URL, option or request the user gave */
  PORTSIDE_ERROR_RESOLVE,     /* the name did not resolve */
  PORTSIDE_ERROR_CONNECT,     /* no address accepted a TCP connection */
  PORTSIDE_ERROR_TLS,         /* handshake or certificate verification */
  PORTSIDE_ERROR_PROTOCOL,    /* the server broke HTTP/1.1 (RFC 9112) */
  PORTSIDE_ERROR_TIMEOUT,     /* --connect-timeout or --max-time ran out */
  PORTSIDE_ERROR_IO,          /* a local file or socket error */
  PORTSIDE_ERROR_CANCELLED,   /* the user cancelled */
} PortsideErrorCode;

GQuark      portside_error_quark      (void);
const char *portside_error_stage_name (PortsideErrorCode code);

G_END_DECLS
