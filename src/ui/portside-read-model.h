/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every recv()/SSL_read() of a response as a GListModel. The reads and the
 * framing spans are compact arrays of records over the byte store; get_item()
 * makes a small PortsideReadRow only for the rows a view asks for, so 250,000
 * reads cost a few megabytes. Each appended batch is one items-changed.
 */
#pragma once

#include <gio/gio.h>
#include "portside-byte-store.h"
#include "portside-event-queue.h"

G_BEGIN_DECLS

#define PORTSIDE_TYPE_READ_MODEL (portside_read_model_get_type ())
G_DECLARE_FINAL_TYPE (PortsideReadModel, portside_read_model, PORTSIDE, READ_MODEL, GObject)

PortsideReadModel        *portside_read_model_new          (PortsideByteStore *store);
PortsideByteStore        *portside_read_model_get_store    (PortsideReadModel *self);
void                      portside_read_model_append       (PortsideReadModel        *self,
                                                            const PortsideReadRecord *reads,
                                                            guint                     n_reads,
                                                            const PortsideSpanRecord *spans,
                                                            guint                     n_spans);
const PortsideReadRecord *portside_read_model_get_record   (PortsideReadModel *self,
                                                            guint              position);
guint                     portside_read_model_get_n_spans  (PortsideReadModel *self);
const PortsideSpanRecord *portside_read_model_get_span     (PortsideReadModel *self,
                                                            guint              position);
/* The span that holds offset (binary search), or G_MAXUINT. */
guint                     portside_read_model_find_span    (PortsideReadModel *self,
                                                            guint64            offset);
guint64                   portside_read_model_get_bytes_read (PortsideReadModel *self);
/* Time of the request being sent, so rows show "time since send". */
void                      portside_read_model_set_send_time (PortsideReadModel *self,
                                                             gint64             time_us);
gint64                    portside_read_model_get_send_time (PortsideReadModel *self);
/* Copies the body (BODY and CHUNK_DATA spans) into a new array, at most max bytes;
 * *total is set to the whole body's size. */
GByteArray               *portside_read_model_dup_body     (PortsideReadModel *self,
                                                            gsize              max,
                                                            guint64           *total);

G_END_DECLS
