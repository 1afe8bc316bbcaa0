/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab's endpoints. Each shows one thing about HTTP/1.1 on the wire;
 * the streaming ones (/bytes, /drip, /chunked) live in
 * portside-lab-stream.c.
 */
#include "portside-lab-private.h"

#include <string.h>
#include <json-glib/json-glib.h>

#define MAX_REDIRECTS 1000
#define TEXT_PLAIN    "text/plain; charset=utf-8"

typedef void (*RouteFunc) (PortsideLabConn          *conn,
                           const PortsideLabRequest *request,
                           const char               *arg);

static const char index_page[] =
  "<!DOCTYPE html>\n"
  "<html lang=\"en\">\n"
  "<head><meta charset=\"utf-8\"><title>Portside lab</title></head>\n"
  "<body>\n"
  "<h1>Portside lab</h1>\n"
  "<p>A host is a harbour with numbered ports; a socket is a ship sailing\n"
  "between two ports, and the request and the response are its cargo. This\n"
  "small server runs on your own machine (loopback only) so you can watch\n"
  "every kind of cargo HTTP/1.1 carries, with or without the locked\n"
  "container of TLS.</p>\n"
  "<dl>\n"
  "<dt><a href=\"/chunked\">/chunked</a></dt><dd>a body sent in chunks, with a chunk extension and a trailer</dd>\n"
  "<dt><a href=\"/drip?bytes=10&amp;delay=100\">/drip?bytes=N&amp;delay=MS</a></dt><dd>N bytes, one every MS milliseconds</dd>\n"
  "<dt><a href=\"/gzip\">/gzip</a></dt><dd>a text compressed with gzip (Content-Encoding)</dd>\n"
  "<dt><a href=\"/redirect/3\">/redirect/N</a></dt><dd>N redirects in a row, then 200</dd>\n"
  "<dt><a href=\"/status/418\">/status/CODE</a></dt><dd>any status from 100 to 599</dd>\n"
  "<dt><a href=\"/headers\">/headers</a></dt><dd>your request line and headers, as JSON, exactly as received</dd>\n"
  "<dt><a href=\"/bytes/1024\">/bytes/N</a></dt><dd>N bytes of a repeating pattern (up to 64 GiB; ?chunked=1 for chunks)</dd>\n"
  "<dt><a href=\"/close\">/close</a></dt><dd>a body that ends when the server closes the connection</dd>\n"
  "<dt><a href=\"/keepalive\">/keepalive</a></dt><dd>a body with Content-Length on a connection that stays open</dd>\n"
  "</dl>\n"
  "</body>\n"
  "</html>\n";

static const char gzip_line[] =
  "A host is a harbour, a socket is a ship, and this line is cargo packed with gzip.\n";

static void
route_index (PortsideLabConn          *conn,
             const PortsideLabRequest *request,
             const char               *arg)
{
  portside_lab_conn_respond (conn, request, 200, "text/html; charset=utf-8", NULL,
                             index_page, strlen (index_page));
}

static void
respond_text (PortsideLabConn          *conn,
              const PortsideLabRequest *request,
              guint                     status,
              const char               *extra,
              const char               *text)
{
  portside_lab_conn_respond (conn, request, status, TEXT_PLAIN, extra, text, strlen (text));
}

static void
route_gzip (PortsideLabConn          *conn,
            const PortsideLabRequest *request,
            const char               *arg)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (conn->assets->gzip_body, &length);

  portside_lab_conn_respond (conn, request, 200, TEXT_PLAIN,
                             "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n",
                             data, length);
}

static void
route_redirect (PortsideLabConn          *conn,
                const PortsideLabRequest *request,
                const char               *arg)
{
  g_autofree char *location = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *body = NULL;
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (arg, 10, 0, MAX_REDIRECTS, &n, NULL))
    {
      respond_text (conn, request, 404, NULL, "404 Not Found: use /redirect/N with N from 0 to 1000.\n");
      return;
    }
  if (n == 0)
    {
      respond_text (conn, request, 200, NULL, "done\n");
      return;
    }
  location = g_strdup_printf ("/redirect/%" G_GUINT64_FORMAT, n - 1);
  extra = g_strdup_printf ("Location: %s\r\n", location);
  body = g_strdup_printf ("Redirecting to %s\n", location);
  respond_text (conn, request, 302, extra, body);
}

/* A 1xx is never final: send it as an interim response, then answer. */
static void
respond_after_interim (PortsideLabConn          *conn,
                       const PortsideLabRequest *request,
                       guint                     code)
{
  g_autofree char *body = NULL;

  if (!portside_lab_conn_send_interim (conn, code))
    return;
  body = g_strdup_printf ("After an interim %u %s, this is the final response.\n",
                          code, portside_lab_reason_phrase (code));
  respond_text (conn, request, 200, NULL, body);
}

static void
route_status (PortsideLabConn          *conn,
              const PortsideLabRequest *request,
              const char               *arg)
{
  g_autofree char *body = NULL;
  guint64 code = 0;

  if (!g_ascii_string_to_unsigned (arg, 10, 100, 599, &code, NULL))
    respond_text (conn, request, 400, NULL, "400 Bad Request: the status must be a number from 100 to 599.\n");
  else if (code < 200)
    respond_after_interim (conn, request, code);
  /* These may not carry a body (RFC 9110, 15.3.5, 15.3.6, 15.4.5). */
  else if (code == 204 || code == 304)
    portside_lab_conn_send_head (conn, request, code, NULL, -1);
  else if (code == 205)
    portside_lab_conn_send_head (conn, request, code, NULL, 0);
  else
    {
      body = g_strdup_printf ("%u %s\n", (guint) code, portside_lab_reason_phrase (code));
      respond_text (conn, request, code,
                    code >= 300 && code < 400 ? "Location: /\r\n" : NULL, body);
    }
}

/* JSON strings must be UTF-8; the lab echoes anything else repaired. */
static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, valid);
}

static JsonNode *
headers_json (const PortsideLabRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "request_line", request->request_line);
  add_string (builder, "method", request->method);
  add_string (builder, "target", request->target);
  add_string (builder, "version", request->version);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < request->names->len; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", request->names->pdata[i]);
      add_string (builder, "value", request->values->pdata[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "body_length");
  json_builder_add_int_value (builder, (gint64) request->body_length);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
route_headers (PortsideLabConn          *conn,
               const PortsideLabRequest *request,
               const char               *arg)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = headers_json (request);
  g_autofree char *json = NULL;
  g_autofree char *body = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  body = g_strconcat (json, "\n", NULL);
  portside_lab_conn_respond (conn, request, 200, "application/json", NULL, body, strlen (body));
}

static void
route_close (PortsideLabConn          *conn,
             const PortsideLabRequest *request,
             const char               *arg)
{
  /* No Content-Length and no chunking: the end of the body is the end of
   * the connection (RFC 9112, 6.3, last rule). */
  conn->close_after = TRUE;
  if (!portside_lab_conn_send_head (conn, request, 200, "Content-Type: " TEXT_PLAIN "\r\n", -1))
    return;
  if (!request->is_head)
    portside_lab_conn_write_str (conn, "This body has no length: it ends when the server closes the connection.\n");
}

static void
route_keepalive (PortsideLabConn          *conn,
                 const PortsideLabRequest *request,
                 const char               *arg)
{
  /* send_head() already says keep-alive to an HTTP/1.0 client, and close
   * to one that asked for it. */
  gboolean announce = request->keep_alive && g_str_equal (request->version, "HTTP/1.1");

  respond_text (conn, request, 200, announce ? "Connection: keep-alive\r\n" : NULL,
                "This connection stays open for your next request.\n");
}

static void
route_not_found (PortsideLabConn          *conn,
                 const PortsideLabRequest *request,
                 const char               *arg)
{
  respond_text (conn, request, 404, NULL, "404 Not Found: the lab has no such endpoint; see / for the list.\n");
}

static const struct
{
  const char *path;
  gboolean    prefix;
  RouteFunc   func;
} routes[] = {
  { "/", FALSE, route_index },
  { "/chunked", FALSE, portside_lab_route_chunked },
  { "/drip", FALSE, portside_lab_route_drip },
  { "/gzip", FALSE, route_gzip },
  { "/redirect/", TRUE, route_redirect },
  { "/status/", TRUE, route_status },
  { "/headers", FALSE, route_headers },
  { "/bytes/", TRUE, portside_lab_route_bytes },
  { "/close", FALSE, route_close },
  { "/keepalive", FALSE, route_keepalive },
};

void
portside_lab_route (PortsideLabConn          *conn,
                    const PortsideLabRequest *request)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (routes[i].prefix && g_str_has_prefix (request->path, routes[i].path))
        {
          routes[i].func (conn, request, request->path + strlen (routes[i].path));
          return;
        }
      if (!routes[i].prefix && g_str_equal (request->path, routes[i].path))
        {
          routes[i].func (conn, request, "");
          return;
        }
    }
  route_not_found (conn, request, "");
}

static GBytes *
gzip_compress (const char  *text,
               gsize        length,
               GError     **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) gz = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  /* Closing the converter stream flushes the gzip trailer and closes memory. */
  if (!g_output_stream_write_all (gz, text, length, NULL, NULL, error) ||
      !g_output_stream_close (gz, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static GBytes *
make_gzip_body (GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 1; i <= 40; i++)
    g_string_append_printf (text, "%02u %s", i, gzip_line);
  return gzip_compress (text->str, text->len, error);
}

PortsideLabAssets *
portside_lab_assets_new (GError **error)
{
  g_autoptr(PortsideLabAssets) assets = g_new0 (PortsideLabAssets, 1);

  assets->pattern_fd = -1;
  assets->gzip_body = make_gzip_body (error);
  if (assets->gzip_body == NULL)
    return NULL;
  if (!portside_lab_stream_init (assets, error))
    return NULL;
  return g_steal_pointer (&assets);
}

void
portside_lab_assets_free (PortsideLabAssets *assets)
{
  if (assets == NULL)
    return;
  portside_lab_stream_clear (assets);
  g_clear_pointer (&assets->gzip_body, g_bytes_unref);
  g_free (assets);
}
