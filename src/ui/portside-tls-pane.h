/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pane 4: the locked container. For HTTPS the negotiated version, cipher,
 * group and ALPN, the handshake messages in order, the certificate chain
 * and the verification result in plain words; for plain HTTP the bytes
 * anyone on the path reads.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-session.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_TLS_PANE (portside_tls_pane_get_type ())
G_DECLARE_FINAL_TYPE (PortsideTlsPane, portside_tls_pane, PORTSIDE, TLS_PANE, GtkWidget)

void        portside_tls_pane_set_session       (PortsideTlsPane *self,
                                                 PortsideSession *session);
/* Whether the window's verification switch is on. */
void        portside_tls_pane_set_verify        (PortsideTlsPane *self,
                                                 gboolean         verify);
/* "empty", "tls" or "plain" */
const char *portside_tls_pane_get_page          (PortsideTlsPane *self);
const char *portside_tls_pane_get_result_text   (PortsideTlsPane *self);
guint       portside_tls_pane_get_n_certificates (PortsideTlsPane *self);

G_END_DECLS
