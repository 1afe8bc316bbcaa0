/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-read-row.h"

struct _PortsideReadRow
{
  GObject            parent_instance;
  PortsideReadModel *model;
  guint              position;
  PortsideReadRecord record;
};

G_DEFINE_FINAL_TYPE (PortsideReadRow, portside_read_row, G_TYPE_OBJECT)

enum { PROP_0, PROP_INDEX, PROP_OFFSET, PROP_LENGTH, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
portside_read_row_finalize (GObject *object)
{
  PortsideReadRow *self = PORTSIDE_READ_ROW (object);

  g_clear_object (&self->model);
  G_OBJECT_CLASS (portside_read_row_parent_class)->finalize (object);
}

static void
portside_read_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PortsideReadRow *self = PORTSIDE_READ_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX: g_value_set_uint (value, self->record.index); break;
    case PROP_OFFSET: g_value_set_uint64 (value, self->record.offset); break;
    case PROP_LENGTH: g_value_set_uint (value, self->record.length); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portside_read_row_class_init (PortsideReadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = portside_read_row_finalize;
  object_class->get_property = portside_read_row_get_property;
  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_OFFSET] = g_param_spec_uint64 ("offset", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_LENGTH] = g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
portside_read_row_init (PortsideReadRow *self)
{
}

PortsideReadRow *
portside_read_row_new (PortsideReadModel *model,
                       guint              position)
{
  PortsideReadRow *self = g_object_new (PORTSIDE_TYPE_READ_ROW, NULL);

  self->model = g_object_ref (model);
  self->position = position;
  self->record = *portside_read_model_get_record (model, position);
  return self;
}

PortsideReadModel *
portside_read_row_get_model (PortsideReadRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_ROW (self), NULL);
  return self->model;
}

guint
portside_read_row_get_position (PortsideReadRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_ROW (self), 0);
  return self->position;
}

guint
portside_read_row_get_index (PortsideReadRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_ROW (self), 0);
  return self->record.index;
}

guint64
portside_read_row_get_offset (PortsideReadRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_ROW (self), 0);
  return self->record.offset;
}

guint
portside_read_row_get_length (PortsideReadRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_ROW (self), 0);
  return self->record.length;
}

gint64
portside_read_row_get_time (PortsideReadRow *self)
{
  g_return_val_if_fail (PORTSIDE_IS_READ_ROW (self), 0);
  return self->record.time_us - portside_read_model_get_send_time (self->model);
}

GBytes *
portside_read_row_get_bytes (PortsideReadRow *self,
                             gsize            max)
{
  PortsideByteStore *store;

  g_return_val_if_fail (PORTSIDE_IS_READ_ROW (self), NULL);
  store = portside_read_model_get_store (self->model);
  return portside_byte_store_get_bytes (store, self->record.offset, MIN (max, self->record.length));
}
