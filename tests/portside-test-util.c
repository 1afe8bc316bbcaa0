/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>

#include "portside-test-util.h"

static PortsideLab *shared_lab;

/* Stops the lab and removes its certificate folder when the test ends. */
static void
release_shared_lab (void)
{
  g_clear_object (&shared_lab);
}

PortsideLab *
portside_test_lab (void)
{
  g_autoptr(GError) error = NULL;

  if (shared_lab != NULL)
    return shared_lab;

  shared_lab = portside_lab_new ();
  if (!portside_lab_start (shared_lab, 0, 0, NULL, &error))
    g_error ("cannot start the lab server: %s", error->message);
  atexit (release_shared_lab);
  return shared_lab;
}

char *
portside_test_lab_url (const char *scheme,
                       const char *path)
{
  PortsideLab *lab = portside_test_lab ();

  if (g_str_equal (scheme, "https"))
    return portside_lab_get_https_url (lab, path);
  return portside_lab_get_http_url (lab, path);
}

int
portside_test_run_cli (const char *const *argv,
                       char              **out,
                       char              **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PORTSIDE_CLI");
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     out, err, &status, &error))
    g_error ("cannot run %s: %s", cli, error->message);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + WTERMSIG (status);
}
