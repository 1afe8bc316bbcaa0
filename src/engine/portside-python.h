/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same request as a short Python 3 program that uses nothing but the
 * socket and ssl modules, for a class to run beside Portside: the bytes and
 * the reads are nothing magic.
 */
#pragma once

#include "portside-exchange.h"

G_BEGIN_DECLS

/* The program's text, or NULL with the URL's or the request's error. Uses
 * the URL, the request (raw or built), -k, --cacert and --resolve of
 * options, and reads of options->recv_size bytes (4096 when that is 0 or
 * the engine's default, as in the classic lesson). */
char *portside_python_script (const PortsideExchangeOptions *options,
                              GError                       **error);

G_END_DECLS
