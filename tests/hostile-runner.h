/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hostile-cases.h"

G_BEGIN_DECLS

/* Runs the case and asserts its verdict and the event stream's promises. */
void hostile_run_case (const HostileCase *hc);

G_END_DECLS
