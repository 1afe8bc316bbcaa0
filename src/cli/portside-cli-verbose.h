/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The -v trace: connection and TLS lines start with "*", the request with
 * ">", the response head with "<", as curl users expect.
 */
#pragma once

#include <stdio.h>
#include "portside-event.h"

G_BEGIN_DECLS

void portside_cli_verbose_event (FILE *err, const PortsideEvent *event);

G_END_DECLS
