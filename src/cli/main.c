/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <signal.h>

#include "portside-cli.h"
#include "portside-error.h"
#include "portside-python.h"

static GCancellable *interrupt;

static void
on_interrupt (int signum)
{
  /* g_cancellable_cancel is not async-signal-safe; its fd-based wakeup is
   * what the socket waits poll, so cancelling from here is the pragmatic way
   * to make Ctrl+C stop a stuck exchange at once. */
  g_cancellable_cancel (interrupt);
}

static int
report (const PortsideCli *cli, const GError *error)
{
  if (cli == NULL || !cli->silent)
    g_printerr ("portside-cli: %s error: %s\n", portside_error_stage_name (error->code),
                error->message);
  return portside_cli_exit_code (error);
}

static int
print_python (const PortsideCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = portside_python_script (cli->exchange, &error);

  if (script == NULL)
    return report (cli, error);
  fputs (script, stdout);
  return fflush (stdout) == 0 ? PORTSIDE_EXIT_OK : PORTSIDE_EXIT_IO;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideCli) cli = NULL;
  g_autoptr(PortsideCliOutput) output = NULL;
  g_autoptr(PortsideExchange) exchange = NULL;
  gboolean help_only = FALSE, ok;

  setlocale (LC_ALL, "");
  cli = portside_cli_parse (argc, argv, &help_only, &error);
  if (cli == NULL)
    return report (NULL, error);
  if (cli->python)
    return print_python (cli);
  output = portside_cli_output_new (cli, stdout, stderr, &error);
  if (output == NULL)
    return report (cli, error);

  interrupt = g_cancellable_new ();
  signal (SIGINT, on_interrupt);
  signal (SIGPIPE, SIG_IGN);
  exchange = portside_exchange_new (cli->exchange);
  portside_exchange_set_event_func (exchange, portside_cli_output_event, output, NULL);
  ok = portside_exchange_run (exchange, interrupt, &error);
  if (!portside_cli_output_close (output, ok ? &error : NULL) && ok)
    ok = FALSE;
  g_clear_object (&interrupt);
  if (!ok)
    return report (cli, error);
  if (cli->fail && portside_cli_output_status (output) >= 400)
    {
      if (!cli->silent)
        g_printerr ("portside-cli: the server answered %u\n", portside_cli_output_status (output));
      return PORTSIDE_EXIT_HTTP_ERROR;
    }
  return PORTSIDE_EXIT_OK;
}
