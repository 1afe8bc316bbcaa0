/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turning raw bytes into something a person can read: CR and LF as visible
 * glyphs, other control bytes as dots, hex dumps, and the colour and the
 * plain-language explanation of each kind of framing span.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-parser.h"

G_BEGIN_DECLS

typedef struct
{
  GString *text;   /* UTF-8 */
  GArray  *map;    /* guint32 per input byte + 1: where it starts in text */
  GArray  *dims;   /* guint32 pairs: [start, end) of glyphs to draw dim */
} PortsideVisible;

/* newline_after_lf: also break the line after each LF glyph. */
PortsideVisible *portside_visible_new      (const guint8 *data,
                                            gsize         length,
                                            gboolean      newline_after_lf);
void             portside_visible_free     (PortsideVisible *visible);
/* Dims the glyphs of visible into attrs. */
void             portside_visible_add_dims (PortsideVisible *visible,
                                            PangoAttrList   *attrs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideVisible, portside_visible_free)

/* A classic 16-bytes-a-line dump: offset, hex, and the printable bytes. */
#define PORTSIDE_HEX_LINE_BYTES 16
#define PORTSIDE_HEX_LINE_CHARS 79   /* with the newline */
char        *portside_format_hex            (const guint8 *data,
                                             gsize         length,
                                             guint64       base_offset);
/* Character column of byte i (0..15) of a line in the hex and text parts. */
guint        portside_hex_column            (guint i);
guint        portside_hex_text_column       (guint i);

char        *portside_format_size           (guint64 bytes);   /* "4.0 KiB (4,096 bytes)" */
char        *portside_format_duration       (gint64  us);      /* "12.3 ms" */

void         portside_span_kind_get_color   (PortsideSpanKind kind,
                                             GdkRGBA         *rgba);
const char  *portside_span_kind_get_label   (PortsideSpanKind kind);   /* "Chunk size line" */
const char  *portside_span_kind_explain     (PortsideSpanKind kind);   /* tooltip sentence */
/* A translucent background for [start, end) of a layout's text. */
void         portside_span_kind_add_attrs   (PangoAttrList   *attrs,
                                             PortsideSpanKind kind,
                                             guint            start,
                                             guint            end);

G_END_DECLS
