/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared helpers for the tests: a lab server per test process and a way to
 * run portside-cli and collect what it printed.
 */
#pragma once

#include <gio/gio.h>
#include "portside-lab.h"

G_BEGIN_DECLS

/* A finished program: its exit status and what it printed. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} PortsideTestRun;

void         portside_test_run_clear    (PortsideTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PortsideTestRun, portside_test_run_clear)

/* One lab server for the whole test process, started on first use. */
PortsideLab *portside_test_lab          (void);
/* Runs $PORTSIDE_CLI with argv (NULL-terminated, without argv[0]); returns
 * the exit status and fills out/err with what it printed. */
int          portside_test_run_cli      (const char *const *argv,
                                         char              **out,
                                         char              **err);
/* A TCP socket bound to 127.0.0.1 on a free port; listening (with the given
 * backlog) unless backlog is negative. */
GSocket     *portside_test_bind_loopback (int      backlog,
                                          guint16 *port);
/* Same, with a formatted URL path on the lab, e.g. ("http", "/chunked"). */
char        *portside_test_lab_url      (const char *scheme,
                                         const char *path);

G_END_DECLS
