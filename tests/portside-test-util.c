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

GSocket *
portside_test_bind_loopback (int      backlog,
                             guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  if (backlog >= 0)
    {
      g_socket_set_listen_backlog (socket, backlog);
      g_assert_true (g_socket_listen (socket, &error));
    }
  local = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return g_steal_pointer (&socket);
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

void
portside_test_run_clear (PortsideTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
