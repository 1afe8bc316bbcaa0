/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One response header or trailer field, for the Headers table.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PORTSIDE_TYPE_HEADER_ITEM (portside_header_item_get_type ())
G_DECLARE_FINAL_TYPE (PortsideHeaderItem, portside_header_item, PORTSIDE, HEADER_ITEM, GObject)

/* section: "" for the final header section, "trailer", or "1xx" for an interim response */
PortsideHeaderItem *portside_header_item_new         (const char *name,
                                                      const char *value,
                                                      const char *section);
const char         *portside_header_item_get_name    (PortsideHeaderItem *self);
const char         *portside_header_item_get_value   (PortsideHeaderItem *self);
const char         *portside_header_item_get_section (PortsideHeaderItem *self);

G_END_DECLS
