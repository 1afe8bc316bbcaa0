/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"

/* Arrows rather than the Control Pictures block (U+240D, U+240A), which
 * few fonts cover: the carriage returns to the left, the line feeds down. */
#define GLYPH_CR  "\342\206\220"   /* U+2190 LEFTWARDS ARROW */
#define GLYPH_LF  "\342\206\223"   /* U+2193 DOWNWARDS ARROW */
#define GLYPH_TAB "\342\206\222"   /* U+2192 RIGHTWARDS ARROW */
#define GLYPH_DOT "\302\267"       /* U+00B7 MIDDLE DOT */

static void
add_glyph (PortsideVisible *visible,
           const char      *glyph)
{
  guint32 start = visible->text->len;
  guint32 end;

  g_string_append (visible->text, glyph);
  end = visible->text->len;
  g_array_append_val (visible->dims, start);
  g_array_append_val (visible->dims, end);
}

/* Returns how many input bytes were consumed. */
static gsize
add_byte (PortsideVisible *visible,
          const guint8    *data,
          gsize            length,
          gboolean         newline_after_lf)
{
  gunichar c;

  switch (data[0])
    {
    case '\r': add_glyph (visible, GLYPH_CR); return 1;
    case '\t': add_glyph (visible, GLYPH_TAB); return 1;
    case '\n':
      add_glyph (visible, GLYPH_LF);
      if (newline_after_lf)
        g_string_append_c (visible->text, '\n');
      return 1;
    default: break;
    }
  if (data[0] >= 0x20 && data[0] < 0x7f)
    {
      g_string_append_c (visible->text, data[0]);
      return 1;
    }
  c = g_utf8_get_char_validated ((const char *) data, MIN (length, 4));
  if (data[0] >= 0x80 && c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isprint (c))
    {
      gsize n = g_utf8_skip[data[0]];
      g_string_append_len (visible->text, (const char *) data, n);
      return n;
    }
  add_glyph (visible, GLYPH_DOT);
  return 1;
}

PortsideVisible *
portside_visible_new (const guint8 *data,
                      gsize         length,
                      gboolean      newline_after_lf)
{
  PortsideVisible *visible = g_new0 (PortsideVisible, 1);
  gsize i = 0;

  visible->text = g_string_sized_new (length + 16);
  visible->map = g_array_sized_new (FALSE, FALSE, sizeof (guint32), length + 1);
  visible->dims = g_array_new (FALSE, FALSE, sizeof (guint32));
  while (i < length)
    {
      guint32 start = visible->text->len;
      gsize n = add_byte (visible, data + i, length - i, newline_after_lf);

      /* Every byte of a multi-byte character maps to the character's start. */
      for (gsize k = 0; k < n; k++)
        g_array_append_val (visible->map, start);
      i += n;
    }
  g_array_append_val (visible->map, visible->text->len);
  return visible;
}

void
portside_visible_free (PortsideVisible *visible)
{
  g_string_free (visible->text, TRUE);
  g_array_unref (visible->map);
  g_array_unref (visible->dims);
  g_free (visible);
}

void
portside_visible_add_dims (PortsideVisible *visible,
                           PangoAttrList   *attrs)
{
  for (guint i = 0; i + 1 < visible->dims->len; i += 2)
    {
      PangoAttribute *attr = pango_attr_foreground_alpha_new (0x7000);

      attr->start_index = g_array_index (visible->dims, guint32, i);
      attr->end_index = g_array_index (visible->dims, guint32, i + 1);
      pango_attr_list_insert (attrs, attr);
    }
}

guint
portside_hex_column (guint i)
{
  return 10 + i * 3 + (i >= 8 ? 1 : 0);
}

guint
portside_hex_text_column (guint i)
{
  return 61 + i;
}

static void
append_hex_line (GString      *out,
                 const guint8 *data,
                 gsize         n,
                 guint64       offset)
{
  g_string_append_printf (out, "%08" G_GINT64_MODIFIER "x  ", offset);
  for (guint i = 0; i < PORTSIDE_HEX_LINE_BYTES; i++)
    {
      if (i == 8)
        g_string_append_c (out, ' ');
      if (i < n)
        g_string_append_printf (out, "%02x ", data[i]);
      else
        g_string_append (out, "   ");
    }
  g_string_append (out, " |");
  for (guint i = 0; i < PORTSIDE_HEX_LINE_BYTES; i++)
    g_string_append_c (out, i >= n ? ' ' : g_ascii_isprint (data[i]) ? data[i] : '.');
  g_string_append (out, "|\n");
}

char *
portside_format_hex (const guint8 *data,
                     gsize         length,
                     guint64       base_offset)
{
  GString *out = g_string_sized_new ((length / PORTSIDE_HEX_LINE_BYTES + 1) * PORTSIDE_HEX_LINE_CHARS);

  for (gsize i = 0; i < length; i += PORTSIDE_HEX_LINE_BYTES)
    append_hex_line (out, data + i, MIN (PORTSIDE_HEX_LINE_BYTES, length - i), base_offset + i);
  return g_string_free (out, FALSE);
}

char *
portside_format_size (guint64 bytes)
{
  g_autofree char *human = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

  if (bytes < 1024)
    return g_strdup_printf (g_dngettext (NULL, "%" G_GUINT64_FORMAT " byte",
                                         "%" G_GUINT64_FORMAT " bytes", bytes), bytes);
  return g_strdup_printf (_("%s (%'" G_GUINT64_FORMAT " bytes)"), human, bytes);
}

char *
portside_format_duration (gint64 us)
{
  if (us < 0)
    return g_strdup ("—");
  if (us < 1000)
    return g_strdup_printf (_("%" G_GINT64_FORMAT " µs"), us);
  if (us < 10 * G_USEC_PER_SEC)
    return g_strdup_printf (_("%.1f ms"), us / 1000.0);
  return g_strdup_printf (_("%.2f s"), us / (double) G_USEC_PER_SEC);
}

typedef struct
{
  const char *color;
  const char *label;
  const char *explain;
} SpanInfo;

/* Mid-tone GNOME palette colours, drawn at partial opacity so that they
 * read on both the light and the dark style. */
static const SpanInfo span_info[PORTSIDE_N_SPANS] = {
  [PORTSIDE_SPAN_STATUS_LINE] = { "#9141ac", N_("Status line"),
    N_("The status line: the protocol version, a three-digit status code and a reason phrase, ended by CR LF.") },
  [PORTSIDE_SPAN_HEADER] = { "#3584e4", N_("Header field"),
    N_("One header field: a name, a colon and a value, ended by CR LF.") },
  [PORTSIDE_SPAN_HEADERS_END] = { "#1a5fb4", N_("End of headers"),
    N_("An empty line (CR LF alone): the header section is over and the body starts right after it.") },
  [PORTSIDE_SPAN_CHUNK_SIZE] = { "#ff7800", N_("Chunk size line"),
    N_("A chunk-size line: how many bytes of data follow, in hexadecimal, ended by CR LF.") },
  [PORTSIDE_SPAN_CHUNK_DATA] = { "#2ec27e", N_("Chunk data"),
    N_("Chunk data: exactly as many body bytes as the chunk-size line announced.") },
  [PORTSIDE_SPAN_CHUNK_END] = { "#986a44", N_("End of chunk"),
    N_("The CR LF that closes a chunk's data.") },
  [PORTSIDE_SPAN_LAST_CHUNK] = { "#e01b24", N_("Last chunk"),
    N_("The last chunk: a size of zero says the body is complete; trailers may follow.") },
  [PORTSIDE_SPAN_TRAILER] = { "#1c9fb0", N_("Trailer field"),
    N_("A trailer field: a header sent after the body, at the end of a chunked message.") },
  [PORTSIDE_SPAN_BODY] = { "#33d17a", N_("Body"),
    N_("Body bytes, delimited by Content-Length or by the server closing the connection.") },
  [PORTSIDE_SPAN_EXTRA] = { "#77767b", N_("Extra bytes"),
    N_("Bytes after the end of the message: the server sent more than the framing allows.") },
  [PORTSIDE_SPAN_INVALID] = { "#c01c28", N_("Invalid bytes"),
    N_("Bytes the parser could not frame as HTTP/1.1.") },
};

void
portside_span_kind_get_color (PortsideSpanKind kind,
                              GdkRGBA         *rgba)
{
  g_return_if_fail (kind < PORTSIDE_N_SPANS);
  gdk_rgba_parse (rgba, span_info[kind].color);
}

const char *
portside_span_kind_get_label (PortsideSpanKind kind)
{
  g_return_val_if_fail (kind < PORTSIDE_N_SPANS, "");
  return _(span_info[kind].label);
}

const char *
portside_span_kind_explain (PortsideSpanKind kind)
{
  g_return_val_if_fail (kind < PORTSIDE_N_SPANS, "");
  return _(span_info[kind].explain);
}

void
portside_span_kind_add_attrs (PangoAttrList   *attrs,
                               PortsideSpanKind kind,
                               guint            start,
                               guint            end)
{
  GdkRGBA rgba;
  PangoAttribute *attr;

  portside_span_kind_get_color (kind, &rgba);
  attr = pango_attr_background_new (rgba.red * 65535, rgba.green * 65535, rgba.blue * 65535);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
  attr = pango_attr_background_alpha_new (kind == PORTSIDE_SPAN_INVALID ? 0x9000 : 0x5000);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}
