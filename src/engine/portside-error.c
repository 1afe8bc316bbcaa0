/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-error.h"

G_DEFINE_QUARK (portside-error-quark, portside_error)

const char *
portside_error_stage_name (PortsideErrorCode code)
{
  switch (code)
    {
    case PORTSIDE_ERROR_USAGE: return "usage";
    case PORTSIDE_ERROR_RESOLVE: return "resolve";
    case PORTSIDE_ERROR_CONNECT: return "connect";
    case PORTSIDE_ERROR_TLS: return "tls";
    case PORTSIDE_ERROR_PROTOCOL: return "protocol";
    case PORTSIDE_ERROR_TIMEOUT: return "timeout";
    case PORTSIDE_ERROR_IO: return "io";
    case PORTSIDE_ERROR_CANCELLED: return "cancelled";
    default: return "unknown";
    }
}
