/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <gio/gunixinputstream.h>

#include "portside-cli.h"
#include "portside-error.h"

typedef struct
{
  char    *method;
  char   **headers;
  char    *data;
  char    *raw_request;
  char    *cacert;
  char   **resolve;
  double   connect_timeout;
  double   max_time;
  gint64   recv_size;
  gboolean insecure, ipv4, ipv6, strict;
} RawOptions;

static void
raw_options_clear (RawOptions *raw)
{
  g_free (raw->method);
  g_strfreev (raw->headers);
  g_free (raw->data);
  g_free (raw->raw_request);
  g_free (raw->cacert);
  g_strfreev (raw->resolve);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawOptions, raw_options_clear)

void
portside_cli_free (PortsideCli *cli)
{
  if (cli == NULL)
    return;
  g_clear_pointer (&cli->exchange, portside_exchange_options_free);
  g_free (cli->output);
  g_free (cli);
}

static GOptionContext *
make_context (PortsideCli *cli, RawOptions *raw)
{
  const GOptionEntry entries[] = {
    { "request", 'X', 0, G_OPTION_ARG_STRING, &raw->method, "Request method", "METHOD" },
    { "header", 'H', 0, G_OPTION_ARG_STRING_ARRAY, &raw->headers, "Add or replace a header (repeatable)", "\"NAME: VALUE\"" },
    { "data", 'd', 0, G_OPTION_ARG_STRING, &raw->data, "Send a body (POST); @FILE reads it from a file", "DATA" },
    { "include", 'i', 0, G_OPTION_ARG_NONE, &cli->include, "Print the response headers before the body", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli->verbose, "Show connection, TLS, request and response headers on stderr", NULL },
    { "silent", 's', 0, G_OPTION_ARG_NONE, &cli->silent, "Print no error message", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli->output, "Write the body to FILE", "FILE" },
    { "fail", 'f', 0, G_OPTION_ARG_NONE, &cli->fail, "Exit 22 without a body when the status is 400 or more", NULL },
    { "insecure", 'k', 0, G_OPTION_ARG_NONE, &raw->insecure, "Do not stop on a bad certificate (says so loudly)", NULL },
    { "cacert", 0, 0, G_OPTION_ARG_FILENAME, &raw->cacert, "Also trust the certificates in this PEM file", "FILE" },
    { "connect-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &raw->connect_timeout, "Give up a connection attempt after SECONDS", "SECONDS" },
    { "max-time", 'm', 0, G_OPTION_ARG_DOUBLE, &raw->max_time, "Give up the whole exchange after SECONDS", "SECONDS" },
    { "ipv4", '4', 0, G_OPTION_ARG_NONE, &raw->ipv4, "Use IPv4 addresses only", NULL },
    { "ipv6", '6', 0, G_OPTION_ARG_NONE, &raw->ipv6, "Use IPv6 addresses only", NULL },
    { "resolve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &raw->resolve, "Use ADDRESS for HOST:PORT instead of asking DNS", "HOST:PORT:ADDRESS" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, "Print every event as one JSON object a line", NULL },
    { "json-data", 0, 0, G_OPTION_ARG_NONE, &cli->json_data, "With --json: include each read's bytes (base64)", NULL },
    { "raw-request", 0, 0, G_OPTION_ARG_FILENAME, &raw->raw_request, "Send exactly the bytes of FILE (- for stdin)", "FILE" },
    { "recv-size", 0, 0, G_OPTION_ARG_INT64, &raw->recv_size, "Bytes asked for per read (default 262144)", "N" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &raw->strict, "Treat every protocol violation as an error", NULL },
    { "python", 0, 0, G_OPTION_ARG_NONE, &cli->python, "Print the request as a Python program that uses only sockets; send nothing", NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new ("URL");

  g_option_context_set_summary (context,
    "Send one HTTP request over a raw socket and show what really happens.");
  g_option_context_set_description (context,
    "Exit codes: 0 ok, 2 usage, 3 resolve, 4 connect, 5 TLS, 6 HTTP protocol error,\n"
    "7 timeout, 8 local I/O, 9 cancelled, 22 with --fail on a status of 400 or more.");
  g_option_context_add_main_entries (context, entries, NULL);
  return context;
}

static GBytes *
read_file_or_stdin (const char *path, const char *what, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL,
                                  &local_error) >= 0)
        return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
    }
  else if (g_file_get_contents (path, &contents, &length, &local_error))
    return g_bytes_new_take (g_steal_pointer (&contents), length);

  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE, "Cannot read the %s “%s”: %s",
               what, path, local_error->message);
  return NULL;
}

static gboolean
has_header (char **headers, const char *name)
{
  gsize length = strlen (name);

  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    if (g_ascii_strncasecmp (headers[i], name, length) == 0 && headers[i][length] == ':')
      return TRUE;
  return FALSE;
}

static gboolean
set_body (PortsideExchangeOptions *o, const char *data, GError **error)
{
  if (data[0] == '@')
    o->body = read_file_or_stdin (data + 1, "data file", error);
  else
    o->body = g_bytes_new (data, strlen (data));
  if (o->body == NULL)
    return FALSE;
  /* As curl does for -d. */
  if (!has_header (o->headers, "Content-Type"))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      if (o->headers != NULL)  /* -d without any -H */
        g_strv_builder_addv (builder, (const char **) o->headers);
      g_strv_builder_add (builder, "Content-Type: application/x-www-form-urlencoded");
      g_strfreev (o->headers);
      o->headers = g_strv_builder_end (builder);
    }
  return TRUE;
}

static gboolean
usage_error (GError **error, const char *message)
{
  g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE, message);
  return FALSE;
}

static guint
seconds_to_ms (double seconds)
{
  return seconds <= 0 ? 0 : (guint) MIN (seconds * 1000.0 + 0.5, (double) G_MAXUINT);
}

static gboolean
apply (PortsideCli *cli, RawOptions *raw, const char *url, GError **error)
{
  PortsideExchangeOptions *o = cli->exchange;

  if (raw->ipv4 && raw->ipv6)
    return usage_error (error, "-4 and -6 cannot be used together");
  if (raw->recv_size < 0 || raw->recv_size > 64 * 1024 * 1024)
    return usage_error (error, "--recv-size must be between 1 and 67108864 bytes");
  if (raw->connect_timeout < 0 || raw->max_time < 0)
    return usage_error (error, "Timeouts cannot be negative");
  o->url = g_strdup (url);
  o->method = g_steal_pointer (&raw->method);
  o->headers = g_steal_pointer (&raw->headers);
  o->ca_file = g_steal_pointer (&raw->cacert);
  o->resolve = g_steal_pointer (&raw->resolve);
  o->insecure = raw->insecure;
  o->strict = raw->strict;
  o->family = raw->ipv4 ? PORTSIDE_FAMILY_IPV4 : raw->ipv6 ? PORTSIDE_FAMILY_IPV6
                                                           : PORTSIDE_FAMILY_ANY;
  o->connect_timeout_ms = seconds_to_ms (raw->connect_timeout);
  o->max_time_ms = seconds_to_ms (raw->max_time);
  if (raw->recv_size > 0)
    o->recv_size = raw->recv_size;
  o->want_read_data = cli->json_data;
  o->capture_wire = cli->json_data;
  if (raw->data != NULL && !set_body (o, raw->data, error))
    return FALSE;
  if (raw->raw_request != NULL)
    o->raw_request = read_file_or_stdin (raw->raw_request, "raw request file", error);
  return raw->raw_request == NULL || o->raw_request != NULL;
}

PortsideCli *
portside_cli_parse (int        argc,
                    char     **argv,
                    gboolean  *help_only,
                    GError   **error)
{
  g_autoptr(PortsideCli) cli = g_new0 (PortsideCli, 1);
  g_auto(RawOptions) raw = { 0 };
  g_autoptr(GOptionContext) context = make_context (cli, &raw);
  g_autoptr(GError) local_error = NULL;

  *help_only = FALSE;
  cli->exchange = portside_exchange_options_new ();
  if (!g_option_context_parse (context, &argc, &argv, &local_error))
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE, "%s", local_error->message);
      return NULL;
    }
  if (argc != 2)
    {
      usage_error (error, argc < 2 ? "No URL given (try --help)"
                                   : "Only one URL, please: Portside shows one exchange at a time");
      return NULL;
    }
  if (!apply (cli, &raw, argv[1], error))
    return NULL;
  return g_steal_pointer (&cli);
}

PortsideExit
portside_cli_exit_code (const GError *error)
{
  static const PortsideExit by_stage[] = {
    [PORTSIDE_ERROR_USAGE] = PORTSIDE_EXIT_USAGE,
    [PORTSIDE_ERROR_RESOLVE] = PORTSIDE_EXIT_RESOLVE,
    [PORTSIDE_ERROR_CONNECT] = PORTSIDE_EXIT_CONNECT,
    [PORTSIDE_ERROR_TLS] = PORTSIDE_EXIT_TLS,
    [PORTSIDE_ERROR_PROTOCOL] = PORTSIDE_EXIT_PROTOCOL,
    [PORTSIDE_ERROR_TIMEOUT] = PORTSIDE_EXIT_TIMEOUT,
    [PORTSIDE_ERROR_IO] = PORTSIDE_EXIT_IO,
    [PORTSIDE_ERROR_CANCELLED] = PORTSIDE_EXIT_CANCELLED,
  };

  if (error == NULL)
    return PORTSIDE_EXIT_OK;
  if (error->domain != PORTSIDE_ERROR || error->code <= 0 ||
      (gsize) error->code >= G_N_ELEMENTS (by_stage))
    return PORTSIDE_EXIT_IO;
  return by_stage[error->code];
}
