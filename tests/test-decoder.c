/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <string.h>

#include "portside-decoder.h"
#include "portside-error.h"

static GBytes *
compress_level (GZlibCompressorFormat  format,
                int                    level,
                GBytes                *input)
{
  g_autoptr(GConverter) compressor = G_CONVERTER (g_zlib_compressor_new (format, level));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *data = g_bytes_get_data (input, NULL);
  gsize length = g_bytes_get_size (input);
  GConverterResult result;

  do
    {
      g_autoptr(GError) error = NULL;
      guint8 block[16384];
      gsize read = 0, written = 0;

      result = g_converter_convert (compressor, data, length, block, sizeof block,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &error);
      g_assert_no_error (error);
      g_byte_array_append (out, block, written);
      data += read;
      length -= read;
    }
  while (result != G_CONVERTER_FINISHED);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
compress (GZlibCompressorFormat  format,
          GBytes                *input)
{
  return compress_level (format, -1, input);
}

/* Text that compresses well but not absurdly: numbered lines. */
static GBytes *
sample_text (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "line %u: the quick brown fox jumps over the lazy dog\n", i);
  return g_string_free_to_bytes (text);
}

/* Decodes in pieces of the given size; returns the output, or NULL and error. */
static GByteArray *
decode (const char  *coding,
        GBytes      *input,
        gsize        piece,
        GError     **error)
{
  g_autoptr(PortsideDecoder) decoder = portside_decoder_new (coding, error);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *data = g_bytes_get_data (input, NULL);
  gsize length = g_bytes_get_size (input);

  g_assert_nonnull (decoder);
  for (gsize at = 0; at < length; at += piece)
    if (!portside_decoder_feed (decoder, data + at, MIN (piece, length - at), out, error))
      return NULL;
  if (!portside_decoder_finish (decoder, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

static void
assert_decodes (const char *coding,
                GBytes     *encoded,
                GBytes     *expected)
{
  const gsize pieces[] = { 1, 7, 4096, G_MAXSIZE };

  for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) out = decode (coding, encoded, pieces[i], &error);

      g_assert_no_error (error);
      g_assert_cmpmem (out->data, out->len, g_bytes_get_data (expected, NULL),
                       g_bytes_get_size (expected));
    }
}

static void
test_gzip (void)
{
  g_autoptr(GBytes) text = sample_text ();
  g_autoptr(GBytes) gzipped = compress (G_ZLIB_COMPRESSOR_FORMAT_GZIP, text);

  g_assert_cmpuint (g_bytes_get_size (gzipped), <, g_bytes_get_size (text) / 4);
  assert_decodes ("gzip", gzipped, text);
  assert_decodes ("x-gzip", gzipped, text);
  assert_decodes (" GZip ", gzipped, text);
}

static void
test_deflate (void)
{
  g_autoptr(GBytes) text = sample_text ();
  g_autoptr(GBytes) zlib = compress (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, text);
  g_autoptr(GBytes) raw = compress (G_ZLIB_COMPRESSOR_FORMAT_RAW, text);

  assert_decodes ("deflate", zlib, text);
  /* Some servers send raw deflate under the same name. */
  assert_decodes ("deflate", raw, text);
}

static void
test_chain (void)
{
  g_autoptr(GBytes) text = sample_text ();
  g_autoptr(GBytes) zlib = compress (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, text);
  g_autoptr(GBytes) zlib_gzip = compress (G_ZLIB_COMPRESSOR_FORMAT_GZIP, zlib);
  g_autoptr(GBytes) gzip = compress (G_ZLIB_COMPRESSOR_FORMAT_GZIP, text);
  g_autoptr(GBytes) gzip_gzip = compress (G_ZLIB_COMPRESSOR_FORMAT_GZIP, gzip);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) wrong_order = NULL;

  /* "deflate, gzip": deflate was applied first, so gzip is undone first. */
  assert_decodes ("deflate, gzip", zlib_gzip, text);
  assert_decodes ("gzip,gzip", gzip_gzip, text);
  assert_decodes ("identity, gzip", gzip, text);

  wrong_order = decode ("gzip, deflate", zlib_gzip, G_MAXSIZE, &error);
  g_assert_null (wrong_order);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
}

static void
test_identity (void)
{
  g_autoptr(GBytes) text = sample_text ();

  assert_decodes ("identity", text, text);
  assert_decodes ("", text, text);
}

static void
test_empty (void)
{
  g_autoptr(GBytes) nothing = g_bytes_new_static ("", 0);

  assert_decodes ("gzip", nothing, nothing);
  assert_decodes ("deflate", nothing, nothing);
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) text = sample_text ();
  g_autoptr(GBytes) gzipped = compress (G_ZLIB_COMPRESSOR_FORMAT_GZIP, text);
  gsize cuts[] = { 1, 20, g_bytes_get_size (gzipped) / 2, g_bytes_get_size (gzipped) - 4 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (gzipped, 0, cuts[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) out = decode ("gzip", part, 4096, &error);

      g_assert_null (out);
      g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, "truncated"));
    }
}

static void
test_invalid (void)
{
  static const char garbage[] = "this is not gzip at all";
  g_autoptr(PortsideDecoder) decoder = portside_decoder_new ("gzip", NULL);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;

  g_assert_false (portside_decoder_feed (decoder, (const guint8 *) garbage, strlen (garbage),
                                         out, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (error->message, "The body is not valid gzip data"));
  /* A failed decoder stays failed. */
  g_assert_false (portside_decoder_finish (decoder, out, &again));
  g_assert_cmpstr (again->message, ==, error->message);
}

static void
assert_bomb (const char *coding,
             GBytes     *bomb)
{
  g_autoptr(PortsideDecoder) decoder = portside_decoder_new (coding, NULL);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const guint8 *data = g_bytes_get_data (bomb, NULL);
  gsize length = g_bytes_get_size (bomb);

  g_assert_false (portside_decoder_feed (decoder, data, length, out, &error));
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "Decompression stopped: the body expands more than "
                                       "1000× (a decompression bomb?)");
  /* Stopped within one output block of the bound. */
  g_assert_cmpuint (out->len, <=, length * PORTSIDE_DECODER_DEFAULT_MAX_RATIO + 64 * 1024);
}

static void
test_bomb (void)
{
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (10 * 1024 * 1024), 10 * 1024 * 1024);
  /* Deflate tops out near 1032:1, so zeros at the best level just pass 1000×. */
  g_autoptr(GBytes) gzipped = compress_level (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9, zeros);
  g_autoptr(GBytes) twice = compress (G_ZLIB_COMPRESSOR_FORMAT_GZIP, gzipped);

  assert_bomb ("gzip", gzipped);
  assert_bomb ("gzip, gzip", twice);
}

static void
test_unknown (void)
{
  const char *unsupported[] = { "br", "zstd", "compress", "gzip, br" };

  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PortsideDecoder) decoder = portside_decoder_new (unsupported[i], &error);

      g_assert_null (decoder);
      g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, "is not supported for display"));
    }
}

static void
test_too_many (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideDecoder) four = portside_decoder_new ("gzip, gzip, gzip, gzip", NULL);
  g_autoptr(PortsideDecoder) five = portside_decoder_new ("gzip, gzip, gzip, gzip, gzip", &error);

  g_assert_nonnull (four);
  g_assert_null (five);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==,
                   "The body has more than 4 content codings, too many to decode");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decoder/gzip", test_gzip);
  g_test_add_func ("/decoder/deflate", test_deflate);
  g_test_add_func ("/decoder/chain", test_chain);
  g_test_add_func ("/decoder/identity", test_identity);
  g_test_add_func ("/decoder/empty", test_empty);
  g_test_add_func ("/decoder/truncated", test_truncated);
  g_test_add_func ("/decoder/invalid", test_invalid);
  g_test_add_func ("/decoder/bomb", test_bomb);
  g_test_add_func ("/decoder/unknown", test_unknown);
  g_test_add_func ("/decoder/too-many", test_too_many);
  return g_test_run ();
}
