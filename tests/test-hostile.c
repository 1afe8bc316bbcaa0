/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Never crash, never hang, never lie: exchanges against a scripted server
 * that misbehaves on purpose. The tables of cases are in hostile-cases-*.c,
 * the checks in hostile-runner.c; the cases built at run time are here.
 */
#include <gio/gio.h>

#include "hostile-runner.h"

static void
test_case (gconstpointer data)
{
  const HostileCase *hc = data;

  if (hc->known_bug == NULL || g_test_subprocess ())
    {
      hostile_run_case (hc);
      return;
    }
  /* A crash (SIGPIPE, abort) must not take the other cases down with it. */
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (g_test_trap_has_passed ())
    g_test_message ("This case passes now; remove its known_bug: %s", hc->known_bug);
  else
    g_test_incomplete (hc->known_bug);
}

/* ---- cases built at run time -------------------------------------------- */

#define SPLIT_RESPONSE "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" \
                       "X-Folded: a\r\n b\r\n\r\n" \
                       "4;ext=\"q\\\"\"\r\nabcd\r\n0\r\nX-Sum: 9\r\n\r\n"

/* The response in two writes, split at every byte. */
static void
test_every_split (void)
{
  static const char response[] = SPLIT_RESPONSE;

  for (gsize at = 1; at < sizeof response - 1; at++)
    {
      const PortsideScriptStep steps[] = {
        { PORTSIDE_SCRIPT_SEND, response, at },
        { PORTSIDE_SCRIPT_SLEEP, .delay_ms = 3 },
        { PORTSIDE_SCRIPT_SEND, response + at, sizeof response - 1 - at },
        { 0 },
      };
      HostileCase hc = { g_test_get_path (), steps, .violation = "§5.2", .header = "X-Folded: a b",
                         .trailer = "X-Sum: 9", BODY ("abcd") };

      hostile_run_case (&hc);
    }
}

static GBytes *
random_bytes (gsize length)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, length);
}

static void
test_large_body (gconstpointer data)
{
  HostileTransport transport = GPOINTER_TO_INT (data);
  g_autoptr(GBytes) body = random_bytes (1024 * 1024);
  gsize length = 0;
  const char *bytes = g_bytes_get_data (body, &length);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %" G_GSIZE_FORMAT
                                           "\r\n\r\n", length);
  const PortsideScriptStep steps[] = {
    { PORTSIDE_SCRIPT_SEND, head },
    { PORTSIDE_SCRIPT_SEND_PIECES, bytes, length, 8000, 0 },
    { 0 },
  };
  HostileCase hc = { g_test_get_path (), steps, transport, .body = bytes, .body_length = length,
                     .recv_size = 4096 };

  hostile_run_case (&hc);
}

/* gzip-compresses input, rounds times over. */
static GBytes *
gzip_bytes (GBytes *input, guint rounds)
{
  g_autoptr(GBytes) current = g_bytes_ref (input);

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GZlibCompressor) compressor =
        g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
      g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (current);
      g_autoptr(GInputStream) coded =
        g_converter_input_stream_new (source, G_CONVERTER (compressor));
      g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;

      g_output_stream_splice (sink, coded, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
      g_assert_no_error (error);
      g_bytes_unref (current);
      current = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
    }
  return g_steal_pointer (&current);
}

/* Megabytes of zeros in a few kilobytes: the exchange shows the raw bytes;
 * the decoder must refuse to inflate them. */
static void
test_gzip_bomb (gconstpointer data)
{
  guint rounds = GPOINTER_TO_UINT (data);
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (32 * 1024 * 1024), 32 * 1024 * 1024);
  g_autoptr(GBytes) bomb = gzip_bytes (zeros, rounds);
  gsize length = 0;
  const char *bytes = g_bytes_get_data (bomb, &length);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                           rounds == 1 ? "gzip" : "gzip, gzip", length);
  const PortsideScriptStep steps[] = {
    { PORTSIDE_SCRIPT_SEND, head },
    { PORTSIDE_SCRIPT_SEND, bytes, length },
    { 0 },
  };
  HostileCase hc = { g_test_get_path (), steps, .body = bytes, .body_length = length,
                     .decode_error = "decompression bomb" };

  g_assert_cmpuint (length, <, 64 * 1024);
  hostile_run_case (&hc);
}

/* A script in the middle of a long stall must not hold up the server's end. */
static void
test_server_stops (void)
{
  const PortsideScriptStep steps[] = { { PORTSIDE_SCRIPT_STALL }, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  PortsideScriptServer *server = portside_script_server_new (0, steps, &error);
  GOutputStream *out;
  gint64 start;

  g_assert_no_error (error);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                portside_script_server_get_port (server),
                                                NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, "GET / HTTP/1.1\r\n\r\n", 18, NULL, NULL, &error);
  g_assert_no_error (error);
  while (portside_script_server_get_connections (server) == 0)
    g_usleep (1000);
  g_assert_false (portside_script_server_wait (server, 200));

  start = g_get_monotonic_time ();
  portside_script_server_free (server);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
add_table (const HostileCase *cases, guint n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  add_table (hostile_syntax_cases, hostile_n_syntax_cases);
  add_table (hostile_network_cases, hostile_n_network_cases);
  g_test_add_func ("/hostile/server/stops-promptly", test_server_stops);
  g_test_add_func ("/hostile/split/every-two-way", test_every_split);
  g_test_add_data_func ("/hostile/body/large", GINT_TO_POINTER (HOSTILE_PLAIN), test_large_body);
  g_test_add_data_func ("/hostile/body/large-tls", GINT_TO_POINTER (HOSTILE_TLS), test_large_body);
  g_test_add_data_func ("/hostile/encoding/gzip-bomb", GUINT_TO_POINTER (1), test_gzip_bomb);
  g_test_add_data_func ("/hostile/encoding/gzip-bomb-nested", GUINT_TO_POINTER (2), test_gzip_bomb);
  return g_test_run ();
}
