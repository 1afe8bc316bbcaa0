/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "portside-resolve.h"
#include "portside-error.h"

static gboolean
has_address (PortsideResolution *r, const char *text)
{
  for (guint i = 0; i < r->addresses->len; i++)
    {
      g_autofree char *s = g_inet_address_to_string (r->addresses->pdata[i]);
      if (g_str_equal (s, text))
        return TRUE;
    }
  return FALSE;
}

static void
test_localhost (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideResolution) r = portside_resolve ("localhost", PORTSIDE_FAMILY_IPV4, NULL,
                                                      NULL, &error);

  g_assert_no_error (error);
  g_assert_true (has_address (r, "127.0.0.1"));
  g_assert_false (r->literal);
  g_assert_false (r->overridden);
  g_assert_cmpint (r->duration_us, >=, 0);
}

static void
test_literal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideResolution) r = portside_resolve ("::1", PORTSIDE_FAMILY_ANY, NULL, NULL,
                                                      &error);
  g_autoptr(PortsideResolution) wrong = NULL;

  g_assert_no_error (error);
  g_assert_true (r->literal);
  g_assert_cmpuint (r->addresses->len, ==, 1);
  g_assert_true (has_address (r, "::1"));

  wrong = portside_resolve ("::1", PORTSIDE_FAMILY_IPV4, NULL, NULL, &error);
  g_assert_null (wrong);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_RESOLVE);
}

static void
test_override (void)
{
  const char *overrides[] = { "other:80:10.0.0.1", "example.test:8080:[::1]", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *addr = portside_resolve_match_override (overrides, "EXAMPLE.test", 8080, &error);
  g_autofree char *none = portside_resolve_match_override (overrides, "example.test", 80, &error);
  g_autoptr(PortsideResolution) r = NULL;
  const char *bad[] = { "nonsense", NULL };
  g_autofree char *bad_addr = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (addr, ==, "::1");
  g_assert_null (none);
  r = portside_resolve ("example.test", PORTSIDE_FAMILY_ANY, addr, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (r->overridden);
  g_assert_true (has_address (r, "::1"));

  bad_addr = portside_resolve_match_override (bad, "h", 80, &error);
  g_assert_null (bad_addr);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_USAGE);
}

/* A resolver that knows no names, so the failure path is tested without
 * sending a query anywhere. */
typedef struct { GResolver parent_instance; } NoResolver;
typedef struct { GResolverClass parent_class; } NoResolverClass;
static GType no_resolver_get_type (void);
G_DEFINE_TYPE (NoResolver, no_resolver, G_TYPE_RESOLVER)

static GList *
no_resolver_lookup (GResolver *resolver, const char *host, GResolverNameLookupFlags flags,
                    GCancellable *cancellable, GError **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "Name or service not known");
  return NULL;
}

static GList *
no_resolver_lookup_plain (GResolver *resolver, const char *host, GCancellable *cancellable,
                          GError **error)
{
  return no_resolver_lookup (resolver, host, 0, cancellable, error);
}

static void
no_resolver_class_init (NoResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name_with_flags = no_resolver_lookup;
  resolver_class->lookup_by_name = no_resolver_lookup_plain;
}

static void
no_resolver_init (NoResolver *self)
{
}

static void
test_unknown_name (void)
{
  g_autoptr(GResolver) saved = g_resolver_get_default ();
  g_autoptr(GResolver) none = g_object_new (no_resolver_get_type (), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideResolution) r = NULL;

  g_resolver_set_default (none);
  r = portside_resolve ("no-such-host.invalid", PORTSIDE_FAMILY_ANY, NULL, NULL, &error);
  g_resolver_set_default (saved);

  g_assert_null (r);
  g_assert_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_RESOLVE);
  g_assert_nonnull (strstr (error->message, "Could not resolve “no-such-host.invalid”"));
  g_assert_nonnull (strstr (error->message, "not known"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resolve/localhost", test_localhost);
  g_test_add_func ("/resolve/literal", test_literal);
  g_test_add_func ("/resolve/override", test_override);
  g_test_add_func ("/resolve/unknown-name", test_unknown_name);
  return g_test_run ();
}
