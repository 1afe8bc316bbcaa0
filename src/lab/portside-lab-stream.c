/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab's streaming endpoints: /bytes (fast enough for gigabytes),
 * /drip (slow on purpose) and /chunked (small chunks, spaced out so that
 * they arrive as separate reads).
 */
#define _GNU_SOURCE
#include "portside-lab-private.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sys/mman.h>
#include <sys/sendfile.h>

#define MAX_BYTES        (G_GUINT64_CONSTANT (64) << 30)
#define TLS_WRITE_SIZE   (256 * 1024)
#define CHUNK_SIZE       (64 * 1024)
#define DRIP_MAX_BYTES   (1024 * 1024)
#define DRIP_MAX_DELAY   10000
#define CHUNKED_PAUSE    30
#define TEXT_PLAIN       "Content-Type: text/plain; charset=utf-8\r\n"
#define PATTERN_TYPE     "Content-Type: text/plain; charset=us-ascii\r\n"

static int
open_pattern_file (GError **error)
{
  g_autofree char *path = NULL;
  int fd = memfd_create ("portside-lab-pattern", MFD_CLOEXEC);

  if (fd >= 0)
    return fd;
  /* No memfd (an old kernel): an unlinked temporary file does as well. */
  fd = g_file_open_tmp ("portside-lab-XXXXXX", &path, error);
  if (fd >= 0)
    g_unlink (path);
  return fd;
}

gboolean
portside_lab_stream_init (PortsideLabAssets *assets,
                          GError           **error)
{
  gsize written = 0;

  assets->pattern = g_malloc (PORTSIDE_LAB_PATTERN_SIZE);
  for (gsize i = 0; i < PORTSIDE_LAB_PATTERN_SIZE; i++)
    assets->pattern[i] = PORTSIDE_LAB_PATTERN[i % PORTSIDE_LAB_PATTERN_PERIOD];

  assets->pattern_fd = open_pattern_file (error);
  if (assets->pattern_fd < 0)
    return FALSE;
  while (written < PORTSIDE_LAB_PATTERN_SIZE)
    {
      gssize n = write (assets->pattern_fd, assets->pattern + written,
                        PORTSIDE_LAB_PATTERN_SIZE - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                       "Could not write the lab's byte pattern: %s.", g_strerror (errno));
          return FALSE;
        }
      written += n;
    }
  return TRUE;
}

void
portside_lab_stream_clear (PortsideLabAssets *assets)
{
  if (assets->pattern_fd >= 0)
    close (assets->pattern_fd);
  assets->pattern_fd = -1;
  g_clear_pointer (&assets->pattern, g_free);
}

/* Plain HTTP: the kernel copies from the pattern file to the socket. The
 * file is a whole number of pattern periods, so wrapping is seamless. */
static void
send_pattern_plain (PortsideLabConn *conn,
                    guint64          length)
{
  off_t offset = 0;

  while (length > 0)
    {
      gsize count = MIN (length, (guint64) (PORTSIDE_LAB_PATTERN_SIZE - offset));
      gssize n = sendfile (conn->fd, conn->assets->pattern_fd, &offset, count);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          conn->broken = TRUE;
          return;
        }
      length -= n;
      if (offset == PORTSIDE_LAB_PATTERN_SIZE)
        offset = 0;
    }
}

/* TLS: large writes, so OpenSSL fills whole 16 KiB records back to back. */
static void
send_pattern_tls (PortsideLabConn *conn,
                  guint64          length)
{
  guint64 sent = 0;

  while (sent < length)
    {
      gsize pos = sent % PORTSIDE_LAB_PATTERN_SIZE;
      gsize count = MIN (length - sent, (guint64) MIN (TLS_WRITE_SIZE, PORTSIDE_LAB_PATTERN_SIZE - pos));

      if (!portside_lab_conn_write (conn, conn->assets->pattern + pos, count))
        return;
      sent += count;
    }
}

static void
send_pattern_chunked (PortsideLabConn *conn,
                      guint64          length)
{
  g_autofree char *buffer = g_malloc (CHUNK_SIZE + 32);
  guint64 sent = 0;

  /* Chunks are CHUNK_SIZE long, a whole number of pattern periods, so each
   * one starts at the pattern's first byte. */
  while (sent < length)
    {
      gsize count = MIN (length - sent, CHUNK_SIZE);
      int head = g_snprintf (buffer, 32, "%zx\r\n", count);

      memcpy (buffer + head, conn->assets->pattern, count);
      memcpy (buffer + head + count, "\r\n", 2);
      if (!portside_lab_conn_write (conn, buffer, head + count + 2))
        return;
      sent += count;
    }
  portside_lab_conn_write_str (conn, "0\r\n\r\n");
}

void
portside_lab_route_bytes (PortsideLabConn          *conn,
                          const PortsideLabRequest *request,
                          const char               *arg)
{
  gboolean chunked = portside_lab_request_query_uint (request, "chunked", 0, 1) == 1;
  guint64 length = 0;
  gboolean ok;

  if (!g_ascii_string_to_unsigned (arg, 10, 0, MAX_BYTES, &length, NULL))
    {
      const char *text = "400 Bad Request: use /bytes/N with N from 0 to 68719476736 (64 GiB).\n";

      portside_lab_conn_respond (conn, request, 400, "text/plain; charset=utf-8", NULL,
                                 text, strlen (text));
      return;
    }

  if (chunked)
    ok = portside_lab_conn_send_head (conn, request, 200,
                                      PATTERN_TYPE "Transfer-Encoding: chunked\r\n", -1);
  else
    ok = portside_lab_conn_send_head (conn, request, 200, PATTERN_TYPE, length);
  if (!ok || request->is_head)
    return;

  if (chunked)
    send_pattern_chunked (conn, length);
  else if (conn->ssl != NULL)
    send_pattern_tls (conn, length);
  else
    send_pattern_plain (conn, length);
}

void
portside_lab_route_drip (PortsideLabConn          *conn,
                         const PortsideLabRequest *request,
                         const char               *arg)
{
  guint64 length = portside_lab_request_query_uint (request, "bytes", 10, DRIP_MAX_BYTES);
  guint delay = portside_lab_request_query_uint (request, "delay", 100, DRIP_MAX_DELAY);

  if (!portside_lab_conn_send_head (conn, request, 200, PATTERN_TYPE, length) || request->is_head)
    return;

  for (guint64 i = 0; i < length; i++)
    {
      if (i > 0 && !portside_lab_conn_pause (conn, delay))
        return;
      if (!portside_lab_conn_write (conn, conn->assets->pattern + i % PORTSIDE_LAB_PATTERN_PERIOD, 1))
        return;
    }
}

static const struct
{
  const char *extension;
  const char *data;
} chunked_parts[] = {
  { "", "Portside lab: this body arrives in chunks.\n" },
  { ";harbour=portside", "Each chunk starts with its size in hexadecimal; this one also carries a chunk extension.\n" },
  { "", "ok\n" },
  { "", "A chunked body suits a server that does not know the length in advance: it sends "
        "what it has, as it has it, and a chunk of size zero says that the cargo is complete. "
        "One read on the client is not one chunk: a chunk may arrive split or several together.\n" },
  { ";last", "After the zero-size chunk comes a trailer: X-Checksum, the SHA-256 of this body.\n" },
};

static gboolean
write_chunk (PortsideLabConn *conn,
             const char      *extension,
             const char      *data)
{
  g_autofree char *chunk = g_strdup_printf ("%zx%s\r\n%s\r\n", strlen (data), extension, data);

  return portside_lab_conn_write_str (conn, chunk);
}

void
portside_lab_route_chunked (PortsideLabConn          *conn,
                            const PortsideLabRequest *request,
                            const char               *arg)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *last = NULL;

  if (!portside_lab_conn_send_head (conn, request, 200,
                                    TEXT_PLAIN "Transfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n", -1) ||
      request->is_head)
    return;

  /* Pauses between writes, so that each chunk is a separate read. */
  for (guint i = 0; i < G_N_ELEMENTS (chunked_parts); i++)
    {
      if (i > 0 && !portside_lab_conn_pause (conn, CHUNKED_PAUSE))
        return;
      if (!write_chunk (conn, chunked_parts[i].extension, chunked_parts[i].data))
        return;
      g_checksum_update (checksum, (const guchar *) chunked_parts[i].data, -1);
    }
  if (!portside_lab_conn_pause (conn, CHUNKED_PAUSE))
    return;
  last = g_strdup_printf ("0\r\nX-Checksum: sha256=%s\r\n\r\n", g_checksum_get_string (checksum));
  portside_lab_conn_write_str (conn, last);
}
