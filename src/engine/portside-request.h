/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request bytes: built from a URL, method, headers and body, or taken
 * verbatim from the user ("raw mode") and only checked, never fixed.
 */
#pragma once

#include <glib.h>
#include "portside-url.h"

G_BEGIN_DECLS

#define PORTSIDE_USER_AGENT "portside/" PORTSIDE_VERSION

/* headers: "Name: value" strings; a user header replaces the default of the
 * same name, and "Name:" with no value removes it (as curl does). */
GBytes    *portside_request_build      (const PortsideUrl  *url,
                                        const char         *method,
                                        const char *const  *headers,
                                        GBytes             *body,
                                        GError            **error);
/* Warnings about raw bytes (bare LF, missing Host, no blank line, …): one
 * plain sentence each, empty when the bytes look like a valid request. */
GPtrArray *portside_request_check_raw  (const guint8 *data,
                                        gsize         length);
/* The method of a request's first line ("GET"), or NULL. */
char      *portside_request_get_method (const guint8 *data,
                                        gsize         length);

G_END_DECLS
