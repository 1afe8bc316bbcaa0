/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One lab connection, served on its own thread with blocking I/O: read a
 * request head, read (and discard) its body, let a route answer, and go
 * round again while both sides want keep-alive.
 */
#define _GNU_SOURCE
#include "portside-lab-private.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <openssl/err.h>

#define HEAD_LIMIT     (64 * 1024)
#define READ_SIZE      (16 * 1024)
#define LINGER_MSEC    500
#define LINGER_LIMIT   (256 * 1024)

typedef enum
{
  HEAD_OK,
  HEAD_EOF,
  HEAD_TOO_LARGE,
} HeadResult;

static gssize
conn_read (PortsideLabConn *conn,
           void            *buffer,
           gsize            size)
{
  gssize n;

  if (conn->ssl != NULL)
    {
      n = SSL_read (conn->ssl, buffer, (int) MIN (size, G_MAXINT));
      if (n <= 0)
        {
          /* A close_notify is a clean end; anything else breaks the
           * connection, and SSL_shutdown() must then not be tried. */
          if (SSL_get_error (conn->ssl, (int) n) != SSL_ERROR_ZERO_RETURN)
            conn->broken = TRUE;
          ERR_clear_error ();
          return n < 0 ? -1 : 0;
        }
      return n;
    }

  do
    n = recv (conn->fd, buffer, size, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    conn->broken = TRUE;
  return n;
}

gboolean
portside_lab_conn_write (PortsideLabConn *conn,
                         const void      *data,
                         gsize            length)
{
  const guint8 *p = data;

  while (length > 0 && !conn->broken)
    {
      gssize n;

      if (conn->ssl != NULL)
        n = SSL_write (conn->ssl, p, (int) MIN (length, G_MAXINT));
      else
        do
          n = send (conn->fd, p, length, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);

      if (n <= 0)
        {
          ERR_clear_error ();
          conn->broken = TRUE;
          break;
        }
      p += n;
      length -= n;
    }
  if (conn->ssl != NULL && !conn->broken && BIO_flush (SSL_get_wbio (conn->ssl)) <= 0)
    conn->broken = TRUE;
  return !conn->broken;
}

gboolean
portside_lab_conn_write_str (PortsideLabConn *conn,
                             const char      *text)
{
  return portside_lab_conn_write (conn, text, strlen (text));
}

gboolean
portside_lab_conn_pause (PortsideLabConn *conn,
                         guint            msec)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) msec * 1000;

  for (;;)
    {
      struct pollfd pfd = { .fd = conn->fd, .events = POLLRDHUP };
      gint64 left = (deadline - g_get_monotonic_time () + 999) / 1000;
      int r;

      if (left <= 0)
        return TRUE;
      r = poll (&pfd, 1, (int) left);
      if (r < 0 && errno == EINTR)
        continue;
      if (r != 0)
        {
          /* Hung up, or stop() shut the socket down. */
          conn->broken = TRUE;
          return FALSE;
        }
    }
}

/* RFC 9110's IMF-fixdate; strftime's names would follow the locale. */
static char *
http_date (void)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          months[g_date_time_get_month (now) - 1],
                          g_date_time_get_year (now),
                          g_date_time_get_hour (now),
                          g_date_time_get_minute (now),
                          g_date_time_get_second (now));
}

gboolean
portside_lab_conn_send_interim (PortsideLabConn *conn,
                                guint            status)
{
  g_autofree char *line = g_strdup_printf ("HTTP/1.1 %u %s\r\n\r\n",
                                           status, portside_lab_reason_phrase (status));

  return portside_lab_conn_write_str (conn, line);
}

gboolean
portside_lab_conn_send_head (PortsideLabConn          *conn,
                             const PortsideLabRequest *request,
                             guint                     status,
                             const char               *extra,
                             gint64                    content_length)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *date = http_date ();

  if (request == NULL || !request->keep_alive)
    conn->close_after = TRUE;
  conn->status = status;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status, portside_lab_reason_phrase (status));
  g_string_append_printf (head, "Date: %s\r\n", date);
  g_string_append (head, "Server: portside-lab/" PORTSIDE_VERSION "\r\n");
  if (conn->close_after)
    g_string_append (head, "Connection: close\r\n");
  else if (g_str_equal (request->version, "HTTP/1.0"))
    g_string_append (head, "Connection: keep-alive\r\n");
  if (extra != NULL)
    g_string_append (head, extra);
  if (content_length >= 0)
    g_string_append_printf (head, "Content-Length: %" G_GINT64_FORMAT "\r\n", content_length);
  g_string_append (head, "\r\n");
  return portside_lab_conn_write (conn, head->str, head->len);
}

gboolean
portside_lab_conn_respond (PortsideLabConn          *conn,
                           const PortsideLabRequest *request,
                           guint                     status,
                           const char               *content_type,
                           const char               *extra,
                           const void               *body,
                           gsize                     length)
{
  g_autofree char *headers = g_strdup_printf ("Content-Type: %s\r\n%s",
                                              content_type, extra != NULL ? extra : "");

  if (!portside_lab_conn_send_head (conn, request, status, headers, length))
    return FALSE;
  if (request != NULL && request->is_head)
    return TRUE;
  return portside_lab_conn_write (conn, body, length);
}

static void
respond_error (PortsideLabConn          *conn,
               const PortsideLabRequest *request,
               guint                     status,
               const char               *why)
{
  g_autofree char *body = g_strdup_printf ("%u %s: %s\n", status,
                                           portside_lab_reason_phrase (status), why);

  conn->close_after = TRUE;
  portside_lab_conn_respond (conn, request, status, "text/plain; charset=utf-8",
                             NULL, body, strlen (body));
}

static gssize
fill (PortsideLabConn *conn)
{
  guint old = conn->inbuf->len;
  gssize n;

  g_byte_array_set_size (conn->inbuf, old + READ_SIZE);
  n = conn_read (conn, conn->inbuf->data + old, READ_SIZE);
  g_byte_array_set_size (conn->inbuf, old + MAX (n, 0));
  return n;
}

/* Finds the blank line ending a head; bare LFs are tolerated. */
static gboolean
find_head_end (GByteArray *buf,
               gsize      *head_length,
               gsize      *terminator_length)
{
  for (gsize i = 0; i + 1 < buf->len; i++)
    {
      if (buf->data[i] != '\n')
        continue;
      if (buf->data[i + 1] == '\n')
        {
          *head_length = i + 1;
          *terminator_length = 1;
          return TRUE;
        }
      if (buf->data[i + 1] == '\r' && i + 2 < buf->len && buf->data[i + 2] == '\n')
        {
          *head_length = i + 1;
          *terminator_length = 2;
          return TRUE;
        }
    }
  return FALSE;
}

static HeadResult
read_head (PortsideLabConn *conn,
           gsize           *head_length,
           gsize           *terminator_length)
{
  for (;;)
    {
      /* Empty lines before a request line are ignored (RFC 9112, 2.2). */
      guint skip = 0;
      while (skip < conn->inbuf->len && (conn->inbuf->data[skip] == '\r' || conn->inbuf->data[skip] == '\n'))
        skip++;
      g_byte_array_remove_range (conn->inbuf, 0, skip);

      if (find_head_end (conn->inbuf, head_length, terminator_length))
        return HEAD_OK;
      if (conn->inbuf->len >= HEAD_LIMIT)
        return HEAD_TOO_LARGE;
      if (fill (conn) <= 0)
        return HEAD_EOF;
    }
}

static gboolean
discard_body (PortsideLabConn    *conn,
              PortsideLabRequest *request,
              guint64             length)
{
  g_autofree guint8 *scratch = NULL;
  guint64 from_buffer = MIN (length, conn->inbuf->len);

  g_byte_array_remove_range (conn->inbuf, 0, from_buffer);
  request->body_length = from_buffer;
  if (request->body_length < length)
    scratch = g_malloc (READ_SIZE);
  while (request->body_length < length)
    {
      gssize n = conn_read (conn, scratch, MIN (READ_SIZE, length - request->body_length));

      if (n <= 0)
        return FALSE;
      request->body_length += n;
    }
  return TRUE;
}

static gboolean
read_body (PortsideLabConn    *conn,
           PortsideLabRequest *request)
{
  const char *value = portside_lab_request_header (request, "Content-Length");
  guint64 length = 0;

  if (portside_lab_request_header (request, "Transfer-Encoding") != NULL)
    {
      respond_error (conn, request, 411, "the lab reads request bodies by Content-Length only");
      return FALSE;
    }
  if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &length, NULL))
    {
      respond_error (conn, request, 400, "the Content-Length is not a number");
      return FALSE;
    }
  if (length > 0 && portside_lab_request_has_token (request, "Expect", "100-continue"))
    portside_lab_conn_send_interim (conn, 100);
  return discard_body (conn, request, length);
}

/* One request and its response; FALSE when the connection should end. */
static gboolean
serve_one (PortsideLabConn *conn)
{
  g_autoptr(PortsideLabRequest) request = NULL;
  gsize head_length = 0, terminator_length = 0;
  guint status = 400;

  switch (read_head (conn, &head_length, &terminator_length))
    {
    case HEAD_EOF:
      return FALSE;
    case HEAD_TOO_LARGE:
      respond_error (conn, NULL, 431, "the request head is larger than 64 KiB");
      return FALSE;
    case HEAD_OK:
    default:
      break;
    }

  request = portside_lab_request_parse ((const char *) conn->inbuf->data, head_length, &status);
  g_byte_array_remove_range (conn->inbuf, 0, head_length + terminator_length);
  if (request == NULL)
    {
      respond_error (conn, NULL, status, "the request line or a header could not be parsed");
      return FALSE;
    }
  if (!read_body (conn, request))
    return FALSE;

  conn->close_after = FALSE;
  portside_lab_route (conn, request);
  portside_lab_emit_served (conn->lab, request, conn->status);
  return !conn->close_after && !conn->broken;
}

/* Closing with unread input would make the kernel send a reset, which can
 * destroy the end of the response before the client read it: so send our
 * FIN first and give the client a moment to finish. */
static void
linger (PortsideLabConn *conn)
{
  gint64 deadline = g_get_monotonic_time () + LINGER_MSEC * 1000;
  guint8 scratch[4096];
  gsize drained = 0;

  if (conn->ssl != NULL && !conn->broken)
    {
      SSL_shutdown (conn->ssl);
      BIO_flush (SSL_get_wbio (conn->ssl));
    }
  ERR_clear_error ();
  shutdown (conn->fd, SHUT_WR);

  while (drained < LINGER_LIMIT)
    {
      struct pollfd pfd = { .fd = conn->fd, .events = POLLIN };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      gssize n;

      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        break;
      n = recv (conn->fd, scratch, sizeof scratch, MSG_DONTWAIT);
      if (n <= 0)
        break;
      drained += n;
    }
}

void
portside_lab_conn_serve (PortsideLabConn *conn)
{
  if (conn->ssl != NULL && SSL_accept (conn->ssl) != 1)
    {
      ERR_clear_error ();
      return;
    }
  while (serve_one (conn))
    ;
  linger (conn);
}

const char *
portside_lab_reason_phrase (guint status)
{
  static const struct { guint status; const char *reason; } reasons[] = {
    { 100, "Continue" }, { 101, "Switching Protocols" }, { 102, "Processing" },
    { 103, "Early Hints" }, { 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
    { 203, "Non-Authoritative Information" }, { 204, "No Content" },
    { 205, "Reset Content" }, { 206, "Partial Content" }, { 300, "Multiple Choices" },
    { 301, "Moved Permanently" }, { 302, "Found" }, { 303, "See Other" },
    { 304, "Not Modified" }, { 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
    { 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
    { 404, "Not Found" }, { 405, "Method Not Allowed" }, { 408, "Request Timeout" },
    { 410, "Gone" }, { 411, "Length Required" }, { 413, "Content Too Large" },
    { 414, "URI Too Long" }, { 418, "I'm a teapot" }, { 429, "Too Many Requests" },
    { 431, "Request Header Fields Too Large" }, { 500, "Internal Server Error" },
    { 501, "Not Implemented" }, { 502, "Bad Gateway" }, { 503, "Service Unavailable" },
    { 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" },
  };
  static const char *const classes[] = { "Informational", "Success", "Redirection",
                                         "Client Error", "Server Error" };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].status == status)
      return reasons[i].reason;
  if (status >= 100 && status < 600)
    return classes[status / 100 - 1];
  return "Unknown";
}
