/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The selected read as a hex dump, its bytes coloured by framing span like
 * the row they came from.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-read-row.h"

G_BEGIN_DECLS

#define PORTSIDE_HEX_VIEW_MAX_BYTES (64 * 1024)

#define PORTSIDE_TYPE_HEX_VIEW (portside_hex_view_get_type ())
G_DECLARE_FINAL_TYPE (PortsideHexView, portside_hex_view, PORTSIDE, HEX_VIEW, GtkWidget)

/* NULL clears the view. */
void  portside_hex_view_set_read (PortsideHexView *self,
                                  PortsideReadRow *read);
char *portside_hex_view_dup_text (PortsideHexView *self);

G_END_DECLS
