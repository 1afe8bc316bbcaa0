/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer's entry points. meson.build compiles this file once per target
 * with PORTSIDE_FUZZ_CHECK naming the check in fuzz-harness.h.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz-harness.h"

#ifndef PORTSIDE_FUZZ_CHECK
#error "PORTSIDE_FUZZ_CHECK must name a check from fuzz-harness.h"
#endif

int LLVMFuzzerInitialize   (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  portside_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PORTSIDE_FUZZ_CHECK (data, size);
  return 0;
}
