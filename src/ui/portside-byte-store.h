/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An append-only store for every byte received. The first memory_limit bytes
 * stay in memory; the rest goes to an unlinked temporary file, so a 1 GiB
 * body costs a bounded amount of RAM. The worker thread appends while the
 * main thread reads ranges for the rows on screen: every call is thread-safe.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PORTSIDE_BYTE_STORE_DEFAULT_MEMORY (1024 * 1024)

typedef struct _PortsideByteStore PortsideByteStore;

PortsideByteStore *portside_byte_store_new         (gsize              memory_limit);
PortsideByteStore *portside_byte_store_ref         (PortsideByteStore *self);
void               portside_byte_store_unref       (PortsideByteStore *self);
/* Returns FALSE (and drops the bytes) when the spill file cannot be written. */
gboolean           portside_byte_store_append      (PortsideByteStore *self,
                                                    const guint8      *data,
                                                    gsize              length,
                                                    GError           **error);
guint64            portside_byte_store_get_length  (PortsideByteStore *self);
/* Copies up to length bytes from offset; returns how many were copied. */
gsize              portside_byte_store_read        (PortsideByteStore *self,
                                                    guint64            offset,
                                                    guint8            *buffer,
                                                    gsize              length);
GBytes            *portside_byte_store_get_bytes   (PortsideByteStore *self,
                                                    guint64            offset,
                                                    gsize              length);
/* Bytes of the in-memory prefix, and bytes beyond it (in the spill file or
 * in its write block of at most a quarter of the limit, 256 KiB at most). */
gsize              portside_byte_store_get_memory_size (PortsideByteStore *self);
guint64            portside_byte_store_get_spilled     (PortsideByteStore *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideByteStore, portside_byte_store_unref)

G_END_DECLS
