/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The short-lived item a PortsideReadModel hands out for one row on screen.
 */
#pragma once

#include "portside-read-model.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_READ_ROW (portside_read_row_get_type ())
G_DECLARE_FINAL_TYPE (PortsideReadRow, portside_read_row, PORTSIDE, READ_ROW, GObject)

PortsideReadRow   *portside_read_row_new        (PortsideReadModel *model,
                                                 guint              position);
PortsideReadModel *portside_read_row_get_model  (PortsideReadRow   *self);
guint              portside_read_row_get_position (PortsideReadRow *self);
guint              portside_read_row_get_index  (PortsideReadRow   *self);
guint64            portside_read_row_get_offset (PortsideReadRow   *self);
guint              portside_read_row_get_length (PortsideReadRow   *self);
gint64             portside_read_row_get_time   (PortsideReadRow   *self);  /* since send */
/* Up to max bytes of the read, from the store. */
GBytes            *portside_read_row_get_bytes  (PortsideReadRow   *self,
                                                 gsize              max);

G_END_DECLS
