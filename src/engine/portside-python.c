/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "portside-python.h"
#include "portside-resolve.h"

#define LESSON_RECV_SIZE 4096

/* Python's b"…": printable ASCII as it is, CR, LF and tab as the escapes a
 * class knows, every other byte in hex. */
static void
append_bytes_literal (GString      *out,
                      const guint8 *data,
                      gsize         length)
{
  g_string_append (out, "b\"");
  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\\' || c == '"')
        g_string_append_printf (out, "\\%c", c);
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  g_string_append_c (out, '"');
}

/* A str literal; text that is not UTF-8 (a file name, say) is decoded the
 * way Python decodes file names, so no byte is lost. */
static void
append_str_literal (GString    *out,
                    const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      append_bytes_literal (out, (const guint8 *) text, strlen (text));
      g_string_append (out, ".decode(\"utf-8\", \"surrogateescape\")");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\\' || c == '"')
        g_string_append_printf (out, "\\%c", (char) c);
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, c <= 0xffff ? "\\u%04x" : "\\U%08x", c);
    }
  g_string_append_c (out, '"');
}

/* One b"…" per line of the request, so it reads like the request. */
static void
append_request (GString *out,
                GBytes  *request)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (request, &length);
  gsize start = 0;

  g_string_append (out, "REQUEST = (\n");
  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n' || i + 1 == length)
      {
        g_string_append (out, "    ");
        append_bytes_literal (out, data + start, i + 1 - start);
        g_string_append_c (out, '\n');
        start = i + 1;
      }
  if (length == 0)
    g_string_append (out, "    b\"\"\n");
  g_string_append (out, ")\n\n");
}

static void
append_tls (GString                       *out,
            const PortsideExchangeOptions *options)
{
  g_string_append (out, "# TLS around the socket, like a sealed container for the cargo.\n"
                        "context = ssl.create_default_context()\n");
  if (options->ca_file != NULL && !options->insecure)
    {
      g_string_append (out, "# Also trust the certificate Portside was given with --cacert.\n"
                            "context.load_verify_locations(cafile=");
      append_str_literal (out, options->ca_file);
      g_string_append (out, ")\n");
    }
  if (options->insecure)
    g_string_append (out, "# VERIFICATION IS OFF, as Portside was told (-k): anyone on the way\n"
                          "# could pretend to be this server and read everything.\n"
                          "context.check_hostname = False\n"
                          "context.verify_mode = ssl.CERT_NONE\n");
  g_string_append (out, "sock = context.wrap_socket(sock, server_hostname=HOST)\n"
                        "print(\"TLS:\", sock.version(), sock.cipher()[0])\n\n");
}

static void
append_exchange (GString *out,
                 gsize    recv_size)
{
  g_string_append (out,
    "local, remote = sock.getsockname(), sock.getpeername()\n"
    "print(f\"connected from {local[0]} port {local[1]} to {remote[0]} port {remote[1]}\")\n"
    "sock.sendall(REQUEST)\n\n"
    "# The answer comes in pieces, as the network delivers it: one recv() is\n"
    "# not one message. Read until the server closes the connection, or says\n"
    "# nothing for 30 seconds.\n"
    "response = bytearray()\n"
    "try:\n"
    "    while True:\n");
  g_string_append_printf (out, "        piece = sock.recv(%" G_GSIZE_FORMAT ")\n", recv_size);
  g_string_append (out,
    "        if not piece:\n"
    "            break\n"
    "        print(f\"recv() gave {len(piece)} bytes\")\n"
    "        response += piece\n"
    "except OSError as error:\n"
    "    print(\"reading stopped:\", error)\n"
    "sock.close()\n"
    "print(response.decode(\"utf-8\", \"replace\"))\n");
}

char *
portside_python_script (const PortsideExchangeOptions *options,
                        GError                       **error)
{
  g_autoptr(PortsideUrl) url = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *address = NULL;
  GError *local_error = NULL;
  gsize recv_size;

  g_return_val_if_fail (options != NULL && options->url != NULL, NULL);
  recv_size = options->recv_size;
  url = portside_url_parse (options->url, error);
  if (url == NULL)
    return NULL;
  request = portside_exchange_options_make_request (options, url, error);
  if (request == NULL)
    return NULL;
  address = portside_resolve_match_override ((const char *const *) options->resolve, url->host,
                                             url->port, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (recv_size == 0 || recv_size == PORTSIDE_DEFAULT_RECV_SIZE)
    recv_size = LESSON_RECV_SIZE;

  g_string_append (out, "#!/usr/bin/env python3\n"
                        "# The request Portside sends, by hand, with nothing but Python's\n");
  g_string_append_printf (out, "# %s. Made by Portside %s.\n",
                          url->tls ? "socket and ssl modules" : "socket module", PORTSIDE_VERSION);
  g_string_append (out, url->tls ? "import socket\nimport ssl\n\n" : "import socket\n\n");
  g_string_append (out, "HOST = ");
  append_str_literal (out, url->host);
  g_string_append_printf (out, "\nPORT = %u\n", url->port);
  if (address != NULL)
    {
      g_string_append (out, "# --resolve: the ship sails to this address, still asking for HOST.\n"
                            "ADDRESS = ");
      append_str_literal (out, address);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "\n# The cargo: every byte of the request, CR LF and all.\n");
  append_request (out, request);
  g_string_append_printf (out, "# The ship: a TCP socket from a port of ours to the server's port.\n"
                               "sock = socket.create_connection((%s, PORT), timeout=30)\n\n",
                          address != NULL ? "ADDRESS" : "HOST");
  if (url->tls)
    append_tls (out, options);
  append_exchange (out, recv_size);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
