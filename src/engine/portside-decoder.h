/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Undo Content-Encoding (gzip, deflate, and chains of them) for display. The
 * raw bytes stay raw everywhere else; this only makes a readable copy, with a
 * bound on how much larger the output may grow than the input, so that a
 * decompression bomb is stopped with a clear error.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PORTSIDE_DECODER_DEFAULT_MAX_RATIO   1000
#define PORTSIDE_DECODER_DEFAULT_MAX_OUTPUT  (512 * 1024 * 1024)

typedef struct _PortsideDecoder PortsideDecoder;

/* content_encoding: the header's value, e.g. "gzip" or "deflate, gzip".
 * Returns NULL with an error for an unknown coding. "identity" is allowed. */
PortsideDecoder *portside_decoder_new  (const char      *content_encoding,
                                        GError         **error);
void             portside_decoder_free (PortsideDecoder *decoder);
/* Appends decoded bytes to out. */
gboolean         portside_decoder_feed (PortsideDecoder *decoder,
                                        const guint8    *data,
                                        gsize            length,
                                        GByteArray      *out,
                                        GError         **error);
/* The input ended: fails when a coding stream was cut short. */
gboolean         portside_decoder_finish (PortsideDecoder *decoder,
                                          GByteArray      *out,
                                          GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideDecoder, portside_decoder_free)

G_END_DECLS
