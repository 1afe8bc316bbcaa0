/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the response stream: the read's index, its time since the
 * request was sent, its size, and the start of its bytes with each framing
 * span coloured (hover a span for what it is).
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-read-row.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_STREAM_ROW (portside_stream_row_get_type ())
G_DECLARE_FINAL_TYPE (PortsideStreamRow, portside_stream_row, PORTSIDE, STREAM_ROW, GtkWidget)

GtkWidget *portside_stream_row_new      (void);
/* NULL unbinds. */
void       portside_stream_row_set_read (PortsideStreamRow *self,
                                         PortsideReadRow   *read);
/* The bytes as last drawn, glyphs and all; NULL before the row is drawn. */
const char *portside_stream_row_get_preview (PortsideStreamRow *self);
/* The tooltip text for the byte at offset into the stream (tests, tooltips). */
char      *portside_stream_describe_offset (PortsideReadModel *model,
                                            guint64            offset);

G_END_DECLS
