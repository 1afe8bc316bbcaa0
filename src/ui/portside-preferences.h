/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small preferences window: style, text size, bytes per read.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PORTSIDE_TYPE_PREFERENCES (portside_preferences_get_type ())
G_DECLARE_FINAL_TYPE (PortsidePreferences, portside_preferences, PORTSIDE, PREFERENCES, AdwPreferencesWindow)

GtkWidget *portside_preferences_new (void);

G_END_DECLS
