/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The part of a URL that a request needs: scheme, host, port and the request
 * target, kept verbatim so the bytes on the wire are the bytes the user typed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *scheme;         /* "http" or "https", lower case */
  char     *host;           /* ASCII form (IDN converted), IPv6 without brackets */
  char     *host_display;   /* as typed (Unicode for IDN), for people */
  guint16   port;           /* explicit or the scheme's default */
  gboolean  port_explicit;
  gboolean  ipv6_literal;
  gboolean  tls;            /* https */
  char     *target;         /* path + query, verbatim; "/" when empty */
} PortsideUrl;

PortsideUrl *portside_url_parse        (const char        *text,
                                        GError           **error);
PortsideUrl *portside_url_copy         (const PortsideUrl *url);
void         portside_url_free         (PortsideUrl       *url);
/* The value of the Host header: "[::1]:8080", "example.com" (default port omitted). */
char        *portside_url_host_header  (const PortsideUrl *url);
char        *portside_url_to_string    (const PortsideUrl *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideUrl, portside_url_free)

G_END_DECLS
