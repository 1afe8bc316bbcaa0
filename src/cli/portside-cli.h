/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * portside-cli: the engine's headless face, with curl's flag names where
 * curl has them. Options are parsed into a PortsideCli; the output side is
 * an event sink that writes the body, the verbose trace or JSON Lines.
 */
#pragma once

#include <stdio.h>
#include "portside-exchange.h"

G_BEGIN_DECLS

/* Documented in README.md; one table so that every path agrees. */
typedef enum
{
  PORTSIDE_EXIT_OK = 0,
  PORTSIDE_EXIT_USAGE = 2,
  PORTSIDE_EXIT_RESOLVE = 3,
  PORTSIDE_EXIT_CONNECT = 4,
  PORTSIDE_EXIT_TLS = 5,
  PORTSIDE_EXIT_PROTOCOL = 6,
  PORTSIDE_EXIT_TIMEOUT = 7,
  PORTSIDE_EXIT_IO = 8,
  PORTSIDE_EXIT_CANCELLED = 9,
  PORTSIDE_EXIT_HTTP_ERROR = 22,
} PortsideExit;

typedef struct
{
  PortsideExchangeOptions *exchange;
  gboolean                 include;     /* -i */
  gboolean                 verbose;     /* -v */
  gboolean                 silent;      /* -s */
  gboolean                 fail;        /* -f */
  gboolean                 json;        /* --json */
  gboolean                 json_data;   /* --json-data */
  gboolean                 python;      /* --python: print a program, send nothing */
  char                    *output;      /* -o */
} PortsideCli;

void         portside_cli_free        (PortsideCli *cli);
/* Returns NULL with a PORTSIDE_ERROR_USAGE error; *help_only when --help was printed. */
PortsideCli *portside_cli_parse       (int        argc,
                                       char     **argv,
                                       gboolean  *help_only,
                                       GError   **error);
PortsideExit portside_cli_exit_code   (const GError *error);

typedef struct _PortsideCliOutput PortsideCliOutput;

PortsideCliOutput *portside_cli_output_new    (const PortsideCli *cli,
                                               FILE              *out,
                                               FILE              *err,
                                               GError           **error);
void               portside_cli_output_free   (PortsideCliOutput *output);
void               portside_cli_output_event  (const PortsideEvent *event,
                                               gpointer             output);
/* Flushes; fails with PORTSIDE_ERROR_IO when a write failed. */
gboolean           portside_cli_output_close  (PortsideCliOutput *output,
                                               GError           **error);
/* The final status, for --fail. */
guint              portside_cli_output_status (PortsideCliOutput *output);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideCli, portside_cli_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideCliOutput, portside_cli_output_free)

G_END_DECLS
