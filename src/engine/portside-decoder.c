/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each content coding is one stage with its own GZlibDecompressor; the
 * stages run in the reverse of the order the server listed them, each
 * feeding the next. Every stage's output is checked against the raw input
 * consumed so far, so a bomb stops after at most one output block.
 */
#include "portside-decoder.h"
#include "portside-error.h"

#include <gio/gio.h>
#include <string.h>

#define MAX_CODINGS 4
#define OUT_BLOCK   (64 * 1024)

typedef struct
{
  const char *name;       /* "gzip" or "deflate", for messages */
  gboolean    deflate;    /* zlib-wrapped or raw: decided by the first two bytes */
  GConverter *converter;  /* NULL until a deflate stage has seen its first bytes */
  guint8      head[2];
  gsize       head_length;
  guint64     received;
  guint64     written;
  gboolean    finished;
} Stage;

struct _PortsideDecoder
{
  GPtrArray *stages;      /* Stage *, in decoding order */
  guint64    consumed;    /* raw input bytes */
  GError    *error;
};

static void
stage_free (gpointer data)
{
  Stage *stage = data;

  g_clear_object (&stage->converter);
  g_free (stage);
}

static Stage *
stage_new (const char *coding)
{
  Stage *stage = g_new0 (Stage, 1);

  if (g_str_equal (coding, "deflate"))
    {
      stage->name = "deflate";
      stage->deflate = TRUE;
      return stage;
    }
  stage->name = "gzip";
  stage->converter = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  return stage;
}

static gboolean
add_coding (PortsideDecoder  *self,
            const char       *coding,
            GError          **error)
{
  if (*coding == '\0' || g_str_equal (coding, "identity"))
    return TRUE;
  if (!g_str_equal (coding, "gzip") && !g_str_equal (coding, "x-gzip") &&
      !g_str_equal (coding, "deflate"))
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL,
                   "The content coding \"%s\" is not supported for display", coding);
      return FALSE;
    }
  if (self->stages->len == MAX_CODINGS)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL,
                   "The body has more than %d content codings, too many to decode", MAX_CODINGS);
      return FALSE;
    }
  /* The last coding applied is the first to undo. */
  g_ptr_array_insert (self->stages, 0, stage_new (coding));
  return TRUE;
}

PortsideDecoder *
portside_decoder_new (const char  *content_encoding,
                      GError     **error)
{
  g_autoptr(PortsideDecoder) self = g_new0 (PortsideDecoder, 1);
  g_auto(GStrv) codings = NULL;

  self->stages = g_ptr_array_new_with_free_func (stage_free);
  codings = g_strsplit (content_encoding != NULL ? content_encoding : "", ",", -1);
  for (guint i = 0; codings[i] != NULL; i++)
    {
      g_autofree char *coding = g_ascii_strdown (g_strstrip (codings[i]), -1);

      if (!add_coding (self, coding, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

void
portside_decoder_free (PortsideDecoder *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_free (self);
}

static gboolean
fail (PortsideDecoder *self,
      const char      *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (PortsideDecoder *self,
      const char      *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_clear_error (&self->error);
  self->error = g_error_new_valist (PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
check_bounds (PortsideDecoder *self,
              Stage           *stage)
{
  if (stage->written > self->consumed * PORTSIDE_DECODER_DEFAULT_MAX_RATIO)
    return fail (self, "Decompression stopped: the body expands more than %d× "
                 "(a decompression bomb?)", PORTSIDE_DECODER_DEFAULT_MAX_RATIO);
  if (stage->written > PORTSIDE_DECODER_DEFAULT_MAX_OUTPUT)
    return fail (self, "Decompression stopped: the decoded body is larger than "
                 "Portside's limit of %d MiB", PORTSIDE_DECODER_DEFAULT_MAX_OUTPUT / (1024 * 1024));
  return TRUE;
}

static gboolean
convert_error (PortsideDecoder *self,
               Stage           *stage,
               const GError    *error,
               gboolean         at_end)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) && !at_end)
    return TRUE;  /* zlib needs more input than it has been given yet */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return fail (self, "The %s data ends before its stream is complete (the body is truncated)",
                 stage->name);
  return fail (self, "The body is not valid %s data: %s", stage->name, error->message);
}

/* Pushes input through one converter, appending its output to out. */
static gboolean
run_converter (PortsideDecoder *self,
               Stage           *stage,
               const guint8    *input,
               gsize            length,
               gboolean         at_end,
               GByteArray      *out)
{
  static const guint8 nothing[1];
  GConverterFlags flags = at_end ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS;
  gsize read = 0, written = 0;

  do
    {
      g_autoptr(GError) error = NULL;
      guint old = out->len;
      GConverterResult result;

      if (stage->finished)
        return TRUE;  /* like browsers, ignore anything after the end */
      g_byte_array_set_size (out, old + OUT_BLOCK);
      result = g_converter_convert (stage->converter, length ? input : nothing, length,
                                    out->data + old, OUT_BLOCK, flags, &read, &written, &error);
      g_byte_array_set_size (out, old + (result == G_CONVERTER_ERROR ? 0 : written));
      if (result == G_CONVERTER_ERROR)
        return convert_error (self, stage, error, at_end);
      input += read;
      length -= read;
      stage->written += written;
      stage->finished = result == G_CONVERTER_FINISHED;
      if (!check_bounds (self, stage))
        return FALSE;
    }
  while ((read > 0 || written > 0) && (length > 0 || written == OUT_BLOCK || at_end));

  if (at_end && !stage->finished)
    return fail (self, "The %s data ends before its stream is complete (the body is truncated)",
                 stage->name);
  return TRUE;
}

/* HTTP's "deflate" is zlib-wrapped (RFC 9110 §8.4.1.2), but some servers
 * send raw deflate: a zlib header is recognisable by its first two bytes. */
static void
choose_deflate_format (Stage *stage)
{
  guint header = stage->head[0] * 256 + stage->head[1];
  gboolean zlib = stage->head_length == 2 && (stage->head[0] & 0x0f) == 8 && header % 31 == 0;

  stage->converter = G_CONVERTER (g_zlib_decompressor_new (zlib ? G_ZLIB_COMPRESSOR_FORMAT_ZLIB
                                                                 : G_ZLIB_COMPRESSOR_FORMAT_RAW));
}

static gboolean
run_stage (PortsideDecoder *self,
           Stage           *stage,
           const guint8    *input,
           gsize            length,
           gboolean         at_end,
           GByteArray      *out)
{
  stage->received += length;
  if (at_end && stage->received == 0)
    return TRUE;  /* an empty body is not a truncated stream */
  if (length == 0 && !at_end)
    return TRUE;
  if (stage->converter == NULL)
    {
      gsize take = MIN (length, 2 - stage->head_length);

      memcpy (stage->head + stage->head_length, input, take);
      stage->head_length += take;
      input += take;
      length -= take;
      if (stage->head_length < 2 && !at_end)
        return TRUE;
      choose_deflate_format (stage);
      if (!run_converter (self, stage, stage->head, stage->head_length, at_end && length == 0, out))
        return FALSE;
      if (length == 0 && !at_end)
        return TRUE;
    }
  return run_converter (self, stage, input, length, at_end, out);
}

static gboolean
run_stages (PortsideDecoder  *self,
            const guint8     *data,
            gsize             length,
            gboolean          at_end,
            GByteArray       *out,
            GError          **error)
{
  g_autoptr(GByteArray) input = NULL;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  for (guint i = 0; i < self->stages->len; i++)
    {
      gboolean last = i + 1 == self->stages->len;
      g_autoptr(GByteArray) output = last ? g_byte_array_ref (out) : g_byte_array_new ();

      if (!run_stage (self, g_ptr_array_index (self->stages, i),
                      input ? input->data : data, input ? input->len : length, at_end, output))
        break;
      g_clear_pointer (&input, g_byte_array_unref);
      input = g_steal_pointer (&output);
    }
  if (self->stages->len == 0 && length > 0)
    g_byte_array_append (out, data, length);
  if (self->error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (self->error));
  return FALSE;
}

gboolean
portside_decoder_feed (PortsideDecoder  *self,
                       const guint8     *data,
                       gsize             length,
                       GByteArray       *out,
                       GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  self->consumed += length;
  return run_stages (self, data, length, FALSE, out, error);
}

gboolean
portside_decoder_finish (PortsideDecoder  *self,
                         GByteArray       *out,
                         GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return run_stages (self, NULL, 0, TRUE, out, error);
}
