/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-read-model.h"
#include "portside-read-row.h"

/* Reads live in fixed blocks rather than one growing array: a block never
 * moves, so appending copies nothing, and no freed doubling is left behind
 * in the heap (250,000 reads are 6 MB, not 6 MB plus the 4 and 2 before). */
#define BLOCK_SHIFT 14
#define BLOCK_READS (1u << BLOCK_SHIFT)

struct _PortsideReadModel
{
  GObject            parent_instance;
  PortsideByteStore *store;
  GPtrArray         *blocks;  /* PortsideReadRecord[BLOCK_READS] each */
  guint              n_reads;
  GArray            *spans;   /* PortsideSpanRecord, contiguous, in stream order */
  guint64            bytes_read;
  gint64             send_time_us;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PortsideReadModel, portside_read_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
portside_read_model_get_item_type (GListModel *model)
{
  return PORTSIDE_TYPE_READ_ROW;
}

static guint
portside_read_model_get_n_items (GListModel *model)
{
  return PORTSIDE_READ_MODEL (model)->n_reads;
}

static gpointer
portside_read_model_get_item (GListModel *model,
                              guint       position)
{
  PortsideReadModel *self = PORTSIDE_READ_MODEL (model);

  if (position >= self->n_reads)
    return NULL;
  return portside_read_row_new (self, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = portside_read_model_get_item_type;
  iface->get_n_items = portside_read_model_get_n_items;
  iface->get_item = portside_read_model_get_item;
}

static void
portside_read_model_finalize (GObject *object)
{
  PortsideReadModel *self = PORTSIDE_READ_MODEL (object);

  g_clear_pointer (&self->store, portside_byte_store_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  G_OBJECT_CLASS (portside_read_model_parent_class)->finalize (object);
}

static void
portside_read_model_class_init (PortsideReadModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portside_read_model_finalize;
}

static void
portside_read_model_init (PortsideReadModel *self)
{
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->spans = g_array_new (FALSE, FALSE, sizeof (PortsideSpanRecord));
}

PortsideReadModel *
portside_read_model_new (PortsideByteStore *store)
{
  PortsideReadModel *self = g_object_new (PORTSIDE_TYPE_READ_MODEL, NULL);

  self->store = portside_byte_store_ref (store);
  return self;
}

PortsideByteStore *
portside_read_model_get_store (PortsideReadModel *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_MODEL (self), NULL);
  return self->store;
}

/* Payload spans split only by read boundaries are merged: one record per
 * body or chunk instead of one per read. Header lines stay separate so that
 * each one keeps its own tooltip. */
static gboolean
mergeable (PortsideSpanKind kind)
{
  return kind == PORTSIDE_SPAN_BODY || kind == PORTSIDE_SPAN_CHUNK_DATA ||
         kind == PORTSIDE_SPAN_EXTRA || kind == PORTSIDE_SPAN_INVALID;
}

static void
append_span (PortsideReadModel        *self,
             const PortsideSpanRecord *span)
{
  if (self->spans->len > 0)
    {
      PortsideSpanRecord *last = &g_array_index (self->spans, PortsideSpanRecord, self->spans->len - 1);

      if (last->kind == span->kind && mergeable (span->kind) &&
          last->offset + last->length == span->offset)
        {
          last->length += span->length;
          return;
        }
    }
  g_array_append_val (self->spans, *span);
}

static void
append_reads (PortsideReadModel        *self,
              const PortsideReadRecord *reads,
              guint                     n_reads)
{
  while (n_reads > 0)
    {
      guint used = self->n_reads & (BLOCK_READS - 1);
      guint n = MIN (n_reads, BLOCK_READS - used);
      PortsideReadRecord *block;

      if (used == 0)
        g_ptr_array_add (self->blocks, g_new (PortsideReadRecord, BLOCK_READS));
      block = g_ptr_array_index (self->blocks, self->blocks->len - 1);
      memcpy (block + used, reads, n * sizeof *reads);
      for (guint i = 0; i < n; i++)
        self->bytes_read += reads[i].length;
      self->n_reads += n;
      reads += n;
      n_reads -= n;
    }
}

void
portside_read_model_append (PortsideReadModel        *self,
                            const PortsideReadRecord *reads,
                            guint                     n_reads,
                            const PortsideSpanRecord *spans,
                            guint                     n_spans)
{
  guint old_len;

  g_return_if_fail (PORTSIDE_IS_READ_MODEL (self));

  for (guint i = 0; i < n_spans; i++)
    append_span (self, &spans[i]);
  if (n_reads == 0)
    return;
  old_len = self->n_reads;
  append_reads (self, reads, n_reads);
  g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, n_reads);
}

const PortsideReadRecord *
portside_read_model_get_record (PortsideReadModel *self,
                                guint              position)
{
  PortsideReadRecord *block;

  g_return_val_if_fail (PORTSIDE_IS_READ_MODEL (self), NULL);
  g_return_val_if_fail (position < self->n_reads, NULL);
  block = g_ptr_array_index (self->blocks, position >> BLOCK_SHIFT);
  return &block[position & (BLOCK_READS - 1)];
}

guint
portside_read_model_get_n_spans (PortsideReadModel *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_MODEL (self), 0);
  return self->spans->len;
}

const PortsideSpanRecord *
portside_read_model_get_span (PortsideReadModel *self,
                              guint              position)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_MODEL (self), NULL);
  g_return_val_if_fail (position < self->spans->len, NULL);
  return &g_array_index (self->spans, PortsideSpanRecord, position);
}

guint
portside_read_model_find_span (PortsideReadModel *self,
                               guint64            offset)
{
  guint lo = 0, hi;

  g_return_val_if_fail (PORTSIDE_IS_READ_MODEL (self), G_MAXUINT);
  hi = self->spans->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const PortsideSpanRecord *span = &g_array_index (self->spans, PortsideSpanRecord, mid);

      if (offset < span->offset)
        hi = mid;
      else if (offset >= span->offset + span->length)
        lo = mid + 1;
      else
        return mid;
    }
  return G_MAXUINT;
}

guint64
portside_read_model_get_bytes_read (PortsideReadModel *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_MODEL (self), 0);
  return self->bytes_read;
}

void
portside_read_model_set_send_time (PortsideReadModel *self,
                                   gint64             time_us)
{
  g_return_if_fail (PORTSIDE_IS_READ_MODEL (self));
  self->send_time_us = time_us;
}

gint64
portside_read_model_get_send_time (PortsideReadModel *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_MODEL (self), 0);
  return self->send_time_us;
}

static gboolean
is_body (PortsideSpanKind kind)
{
  return kind == PORTSIDE_SPAN_BODY || kind == PORTSIDE_SPAN_CHUNK_DATA;
}

GByteArray *
portside_read_model_dup_body (PortsideReadModel *self,
                              gsize              max,
                              guint64           *total)
{
  GByteArray *body = g_byte_array_new ();

  *total = 0;
  for (guint i = 0; i < self->spans->len; i++)
    {
      const PortsideSpanRecord *span = &g_array_index (self->spans, PortsideSpanRecord, i);
      guint old_len = body->len;
      gsize want, got;

      if (!is_body (span->kind))
        continue;
      *total += span->length;
      want = MIN (span->length, max - old_len);
      if (want == 0)
        continue;
      g_byte_array_set_size (body, old_len + want);
      got = portside_byte_store_read (self->store, span->offset, body->data + old_len, want);
      g_byte_array_set_size (body, old_len + got);
    }
  return body;
}
