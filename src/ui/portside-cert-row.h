/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One certificate of the peer's chain: an expander row whose title is the
 * subject's common name and whose rows hold every field, with dates out of
 * range highlighted and an "Export PEM" button.
 */
#pragma once

#include <adwaita.h>
#include "portside-tls.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_CERT_ROW (portside_cert_row_get_type ())
G_DECLARE_FINAL_TYPE (PortsideCertRow, portside_cert_row, PORTSIDE, CERT_ROW, AdwExpanderRow)

GtkWidget              *portside_cert_row_new      (const PortsideCertInfo *info,
                                                    guint                   chain_length);
const PortsideCertInfo *portside_cert_row_get_info (PortsideCertRow        *self);
/* "CN=localhost,O=Portside Lab" → "localhost" (or the whole subject) */
char                   *portside_cert_common_name  (const char             *subject);

G_END_DECLS
