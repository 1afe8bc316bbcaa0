/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timing waterfall: one bar per stage (DNS, connect, TLS, request sent,
 * waiting for the first byte, receiving), each starting where the previous
 * one ended, drawn to scale.
 */
#pragma once

#include <gtk/gtk.h>
#include "portside-event.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_WATERFALL (portside_waterfall_get_type ())
G_DECLARE_FINAL_TYPE (PortsideWaterfall, portside_waterfall, PORTSIDE, WATERFALL, GtkWidget)

GtkWidget *portside_waterfall_new         (void);
/* NULL clears the chart. */
void       portside_waterfall_set_timings (PortsideWaterfall     *self,
                                           const PortsideTimings *timings);

G_END_DECLS
