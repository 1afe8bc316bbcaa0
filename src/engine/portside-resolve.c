/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "portside-resolve.h"
#include "portside-error.h"

void
portside_resolution_free (PortsideResolution *resolution)
{
  if (resolution == NULL)
    return;
  g_free (resolution->host);
  g_clear_pointer (&resolution->addresses, g_ptr_array_unref);
  g_free (resolution);
}

static gboolean
family_matches (GInetAddress *address, PortsideFamily family)
{
  GSocketFamily f = g_inet_address_get_family (address);

  return family == PORTSIDE_FAMILY_ANY ||
         (family == PORTSIDE_FAMILY_IPV4 && f == G_SOCKET_FAMILY_IPV4) ||
         (family == PORTSIDE_FAMILY_IPV6 && f == G_SOCKET_FAMILY_IPV6);
}

static GPtrArray *
lookup (const char *host, PortsideFamily family, GCancellable *cancellable, GError **error)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) local_error = NULL;
  GResolverNameLookupFlags flags = G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT;
  GList *list;
  GPtrArray *addresses;

  if (family == PORTSIDE_FAMILY_IPV4)
    flags = G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY;
  else if (family == PORTSIDE_FAMILY_IPV6)
    flags = G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY;

  list = g_resolver_lookup_by_name_with_flags (resolver, host, flags, cancellable, &local_error);
  if (list == NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        g_set_error_literal (error, PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED, "Cancelled");
      else
        g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_RESOLVE,
                     "Could not resolve “%s”: %s", host, local_error->message);
      return NULL;
    }
  addresses = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (addresses, g_object_ref (l->data));
  g_resolver_free_addresses (list);
  return addresses;
}

static GPtrArray *
from_literal (const char *text, PortsideFamily family, GError **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);
  GPtrArray *addresses;

  if (address == NULL)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE, "“%s” is not an IP address", text);
      return NULL;
    }
  if (!family_matches (address, family))
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_RESOLVE,
                   "%s is not an %s address", text,
                   family == PORTSIDE_FAMILY_IPV4 ? "IPv4" : "IPv6");
      return NULL;
    }
  addresses = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (addresses, g_steal_pointer (&address));
  return addresses;
}

PortsideResolution *
portside_resolve (const char     *host,
                  PortsideFamily  family,
                  const char     *override,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(PortsideResolution) resolution = g_new0 (PortsideResolution, 1);
  gint64 start = g_get_monotonic_time ();

  resolution->host = g_strdup (host);
  resolution->literal = g_hostname_is_ip_address (host);
  resolution->overridden = override != NULL && !resolution->literal;
  if (resolution->literal)
    resolution->addresses = from_literal (host, family, error);
  else if (override != NULL)
    resolution->addresses = from_literal (override, family, error);
  else
    resolution->addresses = lookup (host, family, cancellable, error);
  if (resolution->addresses == NULL)
    return NULL;
  if (resolution->addresses->len == 0)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_RESOLVE,
                   "“%s” has no address of the requested family", host);
      return NULL;
    }
  resolution->duration_us = g_get_monotonic_time () - start;
  return g_steal_pointer (&resolution);
}

char *
portside_resolve_match_override (const char *const *overrides,
                                 const char         *host,
                                 guint16             port,
                                 GError            **error)
{
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (overrides[i], ":", 3);
      g_autofree char *address = NULL;
      guint64 want_port = 0;

      if (g_strv_length (parts) != 3 || *parts[0] == '\0' ||
          !g_ascii_string_to_unsigned (parts[1], 10, 1, 65535, &want_port, NULL))
        {
          g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE,
                       "Bad --resolve “%s”: expected HOST:PORT:ADDRESS", overrides[i]);
          return NULL;
        }
      if (parts[2][0] == '[' && g_str_has_suffix (parts[2], "]"))
        address = g_strndup (parts[2] + 1, strlen (parts[2]) - 2);
      else
        address = g_strdup (parts[2]);
      if (g_ascii_strcasecmp (parts[0], host) == 0 && want_port == port)
        return g_steal_pointer (&address);
    }
  return NULL;
}
