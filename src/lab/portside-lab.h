/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in lab server: HTTP and HTTPS on loopback only, with a
 * self-signed certificate made at start. It runs on threads of its own, so
 * the CLI, the window and the tests can start it without a main loop.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PORTSIDE_TYPE_LAB (portside_lab_get_type ())
G_DECLARE_FINAL_TYPE (PortsideLab, portside_lab, PORTSIDE, LAB, GObject)

PortsideLab *portside_lab_new            (void);
/* Port 0 picks a free port. The certificate and key are written under
 * state_dir (NULL: a new temporary folder). */
gboolean     portside_lab_start          (PortsideLab  *self,
                                          guint16       http_port,
                                          guint16       https_port,
                                          const char   *state_dir,
                                          GError      **error);
void         portside_lab_stop           (PortsideLab  *self);
guint16      portside_lab_get_http_port  (PortsideLab  *self);
guint16      portside_lab_get_https_port (PortsideLab  *self);
/* The PEM file to trust (--cacert) for https://localhost:PORT/. */
const char  *portside_lab_get_ca_file    (PortsideLab  *self);
char        *portside_lab_get_http_url   (PortsideLab  *self, const char *path);
char        *portside_lab_get_https_url  (PortsideLab  *self, const char *path);

G_END_DECLS
