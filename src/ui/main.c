/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <locale.h>

#include "portside-application.h"

static gboolean
parse_size (const char     *text,
            PortsideLaunch *launch,
            GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", 2);
  guint64 width = 0, height = 0;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 200, 10000, &width, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 200, 10000, &height, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The size “%s” is not WIDTHxHEIGHT, for example 1366x768."), text);
      return FALSE;
    }
  launch->width = width;
  launch->height = height;
  return TRUE;
}

static gboolean
parse_pane (const char     *text,
            PortsideLaunch *launch,
            GError        **error)
{
  static const char *names[] = { "window", "connection", "request", "stream", "tls" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        launch->pane = (PortsidePane) i;
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("The pane “%s” is not one of connection, request, stream or tls."), text);
  return FALSE;
}

static gboolean
parse_args (int            *argc,
            char         ***argv,
            PortsideLaunch *launch,
            GError        **error)
{
  g_autofree char *size = NULL;
  g_autofree char *pane = NULL;
  g_auto(GStrv) rest = NULL;
  int recv_size = 0;
  GOptionEntry entries[] = {
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &launch->screenshot,
      N_("Run the request, save the window as a PNG image and quit"), N_("FILE") },
    { "pane", 0, 0, G_OPTION_ARG_STRING, &pane,
      N_("Save only one pane: connection, request, stream or tls"), N_("PANE") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, N_("Window size, e.g. 1366x768"), N_("WxH") },
    { "insecure", 'k', 0, G_OPTION_ARG_NONE, &launch->insecure,
      N_("Do not verify the server’s certificate"), NULL },
    { "cacert", 0, 0, G_OPTION_ARG_FILENAME, &launch->ca_file,
      N_("Also trust the certificates in this PEM file"), N_("FILE") },
    { "recv-size", 0, 0, G_OPTION_ARG_INT, &recv_size,
      N_("Bytes each recv() asks for (small values show more reads)"), N_("N") },
    { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &launch->zoom,
      N_("Text size in the panes, from 0.5 to 3 (1 is normal)"), N_("FACTOR") },
    { "request", 'X', 0, G_OPTION_ARG_STRING, &launch->method, N_("Request method"), N_("METHOD") },
    { "lab", 0, 0, G_OPTION_ARG_NONE, &launch->lab,
      N_("Start the built-in lab server; URL may be a path on it (default /chunked)"), NULL },
    { "lab-https", 0, 0, G_OPTION_ARG_NONE, &launch->lab_https,
      N_("With --lab: use the lab's HTTPS port"), NULL },
    { "bench-stream", 0, 0, G_OPTION_ARG_STRING, &launch->bench_stream,
      N_("Benchmark: stream URL and report main-loop lateness"), N_("URL") },
    { "bench-startup", 0, 0, G_OPTION_ARG_NONE, &launch->bench_startup,
      N_("Benchmark: quit after the first frame is painted"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, N_("[URL]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _("Watch one HTTP exchange, byte by byte."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (size != NULL && !parse_size (size, launch, error))
    return FALSE;
  if (pane != NULL && !parse_pane (pane, launch, error))
    return FALSE;
  launch->recv_size = MAX (recv_size, 0);
  if (launch->zoom != 0 && (launch->zoom < 0.5 || launch->zoom > 3.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The zoom %.2f is not between 0.5 and 3."), launch->zoom);
      return FALSE;
    }
  if (rest != NULL && rest[0] != NULL)
    launch->url = g_strdup (rest[0]);
  if (launch->screenshot != NULL && launch->url == NULL && !launch->lab)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--screenshot needs a URL (or --lab)."));
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PortsideApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  PortsideLaunch launch = { 0 };
  char *app_argv[] = { argv[0], NULL };
  int status;

  launch.started_us = g_get_monotonic_time ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!parse_args (&argc, &argv, &launch, &error))
    {
      g_printerr ("portside: %s\n", error->message);
      portside_launch_clear (&launch);
      return 2;
    }
  app = portside_application_new (&launch);
  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  return status != 0 ? status : portside_application_get_exit_status (app);
}
