/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Name resolution that keeps every answer: all A and AAAA addresses, in the
 * order the resolver gave them, and how long it took.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PORTSIDE_FAMILY_ANY,
  PORTSIDE_FAMILY_IPV4,   /* -4 */
  PORTSIDE_FAMILY_IPV6,   /* -6 */
} PortsideFamily;

typedef struct
{
  char      *host;
  GPtrArray *addresses;     /* GInetAddress*, after the family filter */
  gint64     duration_us;
  gboolean   overridden;    /* came from --resolve, no lookup was made */
  gboolean   literal;       /* the host was an IP address */
} PortsideResolution;

/* override: the ADDR part of a matching --resolve HOST:PORT:ADDR, or NULL. */
PortsideResolution *portside_resolve           (const char     *host,
                                                PortsideFamily  family,
                                                const char     *override,
                                                GCancellable   *cancellable,
                                                GError        **error);
void                portside_resolution_free   (PortsideResolution *resolution);
/* Parses "HOST:PORT:ADDR" (ADDR may be [v6]); returns ADDR when HOST and PORT match. */
char               *portside_resolve_match_override (const char *const *overrides,
                                                     const char         *host,
                                                     guint16             port,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideResolution, portside_resolution_free)

G_END_DECLS
