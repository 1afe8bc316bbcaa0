/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * portside-lab: the lab server on its own, for the README's demos, for
 * curl and for scripts, which read the ports from the first lines printed.
 */
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>

#include "portside-lab.h"
#include "portside-error.h"

static int http_port = 8080;
static int https_port = 8443;
static char *state_dir;
static gboolean quiet;

static const GOptionEntry entries[] = {
  { "http-port", 0, 0, G_OPTION_ARG_INT, &http_port,
    "Port for plain HTTP (default 8080; 0 picks any free port)", "N" },
  { "https-port", 0, 0, G_OPTION_ARG_INT, &https_port,
    "Port for HTTPS (default 8443; 0 picks any free port)", "N" },
  { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir,
    "Where to write the certificate and key (default: a new temporary folder)", "DIR" },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
    "Do not log each request on standard error", NULL },
  { NULL }
};

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* Called on the lab's connection threads; one fprintf is one locked write. */
static void
on_request_served (PortsideLab *lab,
                   const char  *method,
                   const char  *target,
                   guint        status,
                   gpointer     user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  /* The target is whatever the client sent: keep escapes off the terminal. */
  g_autofree char *safe_method = g_strescape (method, NULL);
  g_autofree char *safe_target = g_strescape (target, NULL);

  fprintf (stderr, "%s %u %s %s\n", time, status, safe_method, safe_target);
}

static gboolean
parse_options (int     *argc,
               char  ***argv,
               GError **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
    "Serves the Portside lab on loopback: HTTP and HTTPS endpoints that show\n"
    "chunking, slow bodies, compression, redirects, statuses and more.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (http_port < 0 || http_port > 65535 || https_port < 0 || https_port > 65535)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE,
                   "A port must be a number from 0 to 65535.");
      return FALSE;
    }
  return TRUE;
}

static void
print_banner (PortsideLab *lab)
{
  printf ("Portside lab server\n");
  printf ("  http://127.0.0.1:%u/\n", portside_lab_get_http_port (lab));
  printf ("  https://localhost:%u/   (self-signed certificate: --cacert %s)\n",
          portside_lab_get_https_port (lab), portside_lab_get_ca_file (lab));
  printf ("  certificate: %s\n", portside_lab_get_ca_file (lab));
  fflush (stdout);
}

static int
run (PortsideLab *lab)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  portside_lab_stop (lab);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideLab) lab = NULL;

  g_set_prgname ("portside-lab");
  if (!parse_options (&argc, &argv, &error))
    {
      g_printerr ("portside-lab: %s\n", error->message);
      return 2;
    }

  lab = portside_lab_new ();
  if (!quiet)
    g_signal_connect (lab, "request-served", G_CALLBACK (on_request_served), NULL);
  if (!portside_lab_start (lab, http_port, https_port, state_dir, &error))
    {
      g_printerr ("portside-lab: %s\n", error->message);
      if (strstr (error->message, "already in use") != NULL)
        g_printerr ("Choose other ports with --http-port N and --https-port N, "
                    "or --http-port 0 --https-port 0 for any free ones.\n");
      return 1;
    }

  print_banner (lab);
  return run (lab);
}
