/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Copy Request as Python": the request the window would send now, as a
 * short program that uses only Python's socket and ssl modules, for a class
 * to run beside Portside.
 */
#include <glib/gi18n.h>

#include "portside-window-private.h"
#include "portside-python.h"

void
portside_window_copy_python (PortsideWindow *self)
{
  g_autoptr(PortsideExchangeOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *script = NULL;

  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  url = g_strstrip (g_strdup (portside_window_get_url (self)));
  if (url[0] == '\0')
    {
      portside_window_add_toast (self, _("Type an address first, for example https://example.com/"));
      return;
    }
  options = portside_window_build_options (self, url);
  script = portside_python_script (options, &error);
  if (script == NULL)
    {
      portside_window_add_toast (self, error->message);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), script);
  portside_window_add_toast (self, _("Copied: the request as a Python program that uses only sockets"));
}

void
portside_window_copy_python_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  portside_window_copy_python (PORTSIDE_WINDOW (widget));
}
