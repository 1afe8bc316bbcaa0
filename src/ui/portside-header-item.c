/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-header-item.h"

struct _PortsideHeaderItem
{
  GObject parent_instance;
  char   *name;
  char   *value;
  char   *section;
};

G_DEFINE_FINAL_TYPE (PortsideHeaderItem, portside_header_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, PROP_VALUE, PROP_SECTION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
portside_header_item_finalize (GObject *object)
{
  PortsideHeaderItem *self = PORTSIDE_HEADER_ITEM (object);

  g_free (self->name);
  g_free (self->value);
  g_free (self->section);
  G_OBJECT_CLASS (portside_header_item_parent_class)->finalize (object);
}

static void
portside_header_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PortsideHeaderItem *self = PORTSIDE_HEADER_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_VALUE: g_value_set_string (value, self->value); break;
    case PROP_SECTION: g_value_set_string (value, self->section); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portside_header_item_class_init (PortsideHeaderItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = portside_header_item_finalize;
  object_class->get_property = portside_header_item_get_property;
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  properties[PROP_SECTION] = g_param_spec_string ("section", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
portside_header_item_init (PortsideHeaderItem *self)
{
}

PortsideHeaderItem *
portside_header_item_new (const char *name,
                          const char *value,
                          const char *section)
{
  PortsideHeaderItem *self = g_object_new (PORTSIDE_TYPE_HEADER_ITEM, NULL);

  self->name = g_strdup (name);
  self->value = g_strdup (value);
  self->section = g_strdup (section ? section : "");
  return self;
}

const char *
portside_header_item_get_name (PortsideHeaderItem *self)
{
  g_return_val_if_fail (PORTSIDE_IS_HEADER_ITEM (self), NULL);
  return self->name;
}

const char *
portside_header_item_get_value (PortsideHeaderItem *self)
{
  g_return_val_if_fail (PORTSIDE_IS_HEADER_ITEM (self), NULL);
  return self->value;
}

const char *
portside_header_item_get_section (PortsideHeaderItem *self)
{
  g_return_val_if_fail (PORTSIDE_IS_HEADER_ITEM (self), NULL);
  return self->section;
}
