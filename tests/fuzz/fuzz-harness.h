/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks behind each fuzz target, with no libFuzzer in them, so that the
 * fuzzers and the ordinary test that replays the corpus and every past
 * crasher run exactly the same code. A check that fails aborts (g_assert),
 * which the fuzzer reports as a crash and the replay test as a failure.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*PortsideFuzzFunc) (const guint8 *data, gsize size);

/* Makes GLib criticals and warnings fatal, as G_DEBUG=fatal-warnings does. */
void             portside_fuzz_init          (void);

/* The first bytes choose the options and the split points; the rest is a
 * response fed in one piece, in the chosen pieces and a byte at a time,
 * which must all give the same callbacks. */
void             portside_fuzz_parser        (const guint8 *data, gsize size);
/* Parse, print, parse again: both parses must agree. */
void             portside_fuzz_url           (const guint8 *data, gsize size);
/* Warnings and method of raw request bytes. */
void             portside_fuzz_request       (const guint8 *data, gsize size);

/* "parser", "url", "request" → the check, or NULL. */
PortsideFuzzFunc portside_fuzz_lookup        (const char *target);

G_END_DECLS
