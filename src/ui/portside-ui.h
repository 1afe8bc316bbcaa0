/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything the program and the GUI tests need to set up the window's
 * types and resources before building one.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Registers the bundled resources and the widget types used in templates. */
void portside_ui_init (void);

G_END_DECLS
