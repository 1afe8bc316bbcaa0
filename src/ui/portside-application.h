/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application: its actions (about, shortcuts, preferences, the lab
 * server), the lab server it owns, and what the command line asked for.
 */
#pragma once

#include <adwaita.h>
#include "portside-lab.h"

G_BEGIN_DECLS

#define PORTSIDE_APP_ID "org.portside.Portside"

typedef enum
{
  PORTSIDE_PANE_NONE,
  PORTSIDE_PANE_CONNECTION,
  PORTSIDE_PANE_REQUEST,
  PORTSIDE_PANE_STREAM,
  PORTSIDE_PANE_TLS,
} PortsidePane;

typedef struct
{
  char        *url;
  char        *method;
  char        *screenshot;     /* render to this PNG when the request ends, then quit */
  PortsidePane pane;
  int          width, height;
  gboolean     insecure;
  char        *ca_file;
  guint        recv_size;      /* bytes per read; 0 = the preference */
  double       zoom;           /* text size in the panes; 0 = the preference */
  gboolean     lab;            /* start the lab; a URL of just a path is on the lab */
  gboolean     lab_https;      /* …on its HTTPS port (trusted automatically) */
  char        *bench_stream;   /* benchmark hooks (issue 6) */
  gboolean     bench_startup;
  gint64       started_us;     /* g_get_monotonic_time() at the start of main() */
} PortsideLaunch;

void portside_launch_clear (PortsideLaunch *launch);

#define PORTSIDE_TYPE_APPLICATION (portside_application_get_type ())
G_DECLARE_FINAL_TYPE (PortsideApplication, portside_application, PORTSIDE, APPLICATION, AdwApplication)

/* Takes the launch options' contents. */
PortsideApplication *portside_application_new            (PortsideLaunch      *launch);
/* Starts the lab on first use. */
PortsideLab         *portside_application_get_lab        (PortsideApplication *self,
                                                          GError             **error);
/* The lab's CA file when url is on the running lab's HTTPS port, else NULL. */
const char          *portside_application_ca_for_url     (PortsideApplication *self,
                                                          const char          *url);
void                 portside_application_set_exit_status (PortsideApplication *self,
                                                           int                  status);
int                  portside_application_get_exit_status (PortsideApplication *self);

G_END_DECLS
