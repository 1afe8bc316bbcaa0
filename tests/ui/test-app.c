/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real PortsideApplication, registered on a session bus (meson runs this
 * test under dbus-run-session): its menu, its actions and every keyboard
 * shortcut, reached through the shortcut controllers GTK itself would use
 * for a key press. Runs under Xvfb.
 */
#include <math.h>

#include "portside-application.h"
#include "portside-preferences.h"
#include "portside-ui-test-util.h"
#include "portside-window.h"

static PortsideApplication *app;

/* The window activate() made; a test after Ctrl+Q gets a new one. */
static PortsideWindow *
main_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (app));
      window = gtk_application_get_active_window (GTK_APPLICATION (app));
    }

  g_assert_true (PORTSIDE_IS_WINDOW (window));
  return PORTSIDE_WINDOW (window);
}

static GtkEditable *
url_entry (PortsideWindow *window)
{
  GtkWidget *entry = portside_ui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_ENTRY);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

/* An action with several accelerators has an alternative trigger, a tree. */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     mods)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, mods) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, mods);
  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;
}

static GtkShortcut *
find_in_controller (GListModel     *shortcuts,
                    guint           keyval,
                    GdkModifierType mods)
{
  for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, mods))
        return g_steal_pointer (&shortcut);
    }
  return NULL;
}

/* The shortcut a key press on the window would run: the window's own
 * bindings and the application's accelerators are both shortcut
 * controllers on the window. */
static GtkShortcut *
find_shortcut (PortsideWindow *window,
               guint           keyval,
               GdkModifierType mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      GtkShortcut *shortcut;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      shortcut = find_in_controller (G_LIST_MODEL (controller), keyval, mods);
      if (shortcut != NULL)
        return shortcut;
    }
  return NULL;
}

/* Presses the key, as far as GTK's shortcut machinery is concerned, and
 * checks that it reaches the named action. */
static void
press (PortsideWindow *window,
       const char     *accelerator,
       const char     *expected_action)
{
  g_autoptr(GtkShortcut) shortcut = NULL;
  g_autofree char *description = NULL;
  g_autofree char *expected = g_strdup_printf ("action(%s)", expected_action);
  GdkModifierType mods;
  guint keyval;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
  shortcut = find_shortcut (window, keyval, mods);
  if (shortcut == NULL)
    g_error ("no shortcut for %s", accelerator);
  description = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));
  g_assert_cmpstr (description, ==, expected);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               GTK_WIDGET (window), gtk_shortcut_get_arguments (shortcut)));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
test_activate_twice (void)
{
  PortsideWindow *window = main_window ();

  g_application_activate (G_APPLICATION (app));
  g_assert_true (main_window () == window);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_true (gtk_window_get_application (GTK_WINDOW (window)) == GTK_APPLICATION (app));
  portside_ui_test_spin_until (window_mapped, window);
}

static gboolean
window_has_action (PortsideWindow *window,
                   const char     *name)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (window);
  const GVariantType *parameter_type;
  const char *installed, *property;
  GType owner;

  /* GTK 4.8 writes every out argument: none may be NULL. */
  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &installed, &parameter_type, &property); i++)
    if (g_str_equal (installed, name))
      return TRUE;
  /* Actions of GtkApplicationWindow's own map, if any. */
  return g_str_has_prefix (name, "win.") && g_action_group_has_action (G_ACTION_GROUP (window), name + 4);
}

static void
check_menu_section (PortsideWindow *window,
                    GMenuModel     *menu,
                    GHashTable     *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      if (section != NULL)
        {
          check_menu_section (window, section, actions);
          continue;
        }
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      if (g_str_has_prefix (action, "app."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), action + 4));
      else
        g_assert_true (window_has_action (window, action));
      g_hash_table_insert (actions, g_steal_pointer (&label), g_steal_pointer (&action));
    }
}

/* The menu button F10 opens. */
static GtkWidget *
find_primary_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (root)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* label → action of every item in the primary menu, each one checked to exist. */
static GHashTable *
primary_menu_actions (PortsideWindow *window)
{
  GtkWidget *button = find_primary_menu_button (GTK_WIDGET (window));
  GHashTable *actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* Its popover is made on first use. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  check_menu_section (window, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), actions);
  return actions;
}

/* Start Lab Server from the menu, then Ctrl+Return: a 200 from the lab. */
static void
test_start_lab (void)
{
  PortsideWindow *window = main_window ();
  g_autoptr(GHashTable) menu = primary_menu_actions (window);
  const char *action = g_hash_table_lookup (menu, "Start _Lab Server");
  g_autofree char *expected = NULL;
  PortsideSession *session;

  g_assert_cmpuint (g_hash_table_size (menu), >=, 7);
  g_assert_cmpstr (action, ==, "win.start-lab");
  g_assert_cmpstr (g_hash_table_lookup (menu, "_Keyboard Shortcuts"), ==, "win.show-help-overlay");
  portside_window_set_url (window, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  expected = portside_lab_get_http_url (portside_application_get_lab (app, NULL), "/chunked");
  g_assert_cmpstr (gtk_editable_get_text (url_entry (window)), ==, expected);
  g_assert_null (portside_window_get_session (window));

  press (window, "<Control>Return", "win.send");
  session = portside_window_get_session (window);
  g_assert_nonnull (session);
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  g_assert_cmpuint (portside_session_get_status (session), ==, 200);
  g_assert_cmpstr (portside_session_get_url (session), ==, expected);
  g_assert_null (portside_window_get_error_text (window));

  /* A second start reuses the running lab. */
  portside_window_set_url (window, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  g_assert_cmpstr (gtk_editable_get_text (url_entry (window)), ==, expected);
}

/* The HTTPS port of the app's own lab is trusted without --cacert. */
static void
test_lab_https (void)
{
  PortsideWindow *window = main_window ();
  PortsideLab *lab = portside_application_get_lab (app, NULL);
  g_autofree char *url = portside_lab_get_https_url (lab, "/");
  PortsideSession *session;

  g_assert_cmpstr (portside_application_ca_for_url (app, url), ==, portside_lab_get_ca_file (lab));
  portside_window_set_url (window, url);
  press (window, "<Control>KP_Enter", "win.send");
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  session = portside_window_get_session (window);
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  g_assert_true (portside_session_get_tls (session)->verified);
  g_assert_cmpuint (portside_session_get_status (session), ==, 200);
}

static gboolean
session_has_reads (gpointer data)
{
  PortsideSession *session = portside_window_get_session (data);

  return g_list_model_get_n_items (G_LIST_MODEL (portside_session_get_reads (session))) >= 2;
}

static void
test_send_and_cancel_keys (void)
{
  PortsideWindow *window = main_window ();
  g_autofree char *url = portside_lab_get_http_url (portside_application_get_lab (app, NULL),
                                                    "/drip?bytes=40&delay=100");
  PortsideSession *session;

  portside_window_set_url (window, url);
  press (window, "<Control>Return", "win.send");
  session = portside_window_get_session (window);
  g_assert_true (portside_session_get_running (session));
  portside_ui_test_spin_until (session_has_reads, window);
  press (window, "Escape", "win.cancel");
  portside_ui_test_spin_until (portside_ui_test_session_finished, window);
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_CANCELLED);
  g_assert_nonnull (strstr (portside_window_get_error_text (window), "Cancelled"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (portside_session_get_reads (session))), <, 40);
}

/* Ctrl+N: a second window with an exchange of its own, HTTP beside HTTPS. */
static void
test_new_window (void)
{
  PortsideWindow *first = main_window ();
  PortsideLab *lab = portside_application_get_lab (app, NULL);
  g_autofree char *http = portside_lab_get_http_url (lab, "/chunked");
  g_autofree char *https = portside_lab_get_https_url (lab, "/chunked");
  PortsideWindow *second;
  GList *windows;

  press (first, "<Control>n", "app.new-window");
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 2);
  second = PORTSIDE_WINDOW (windows->data == (gpointer) first ? windows->next->data : windows->data);
  portside_window_set_url (first, http);
  portside_window_set_url (second, https);
  portside_window_send (first);
  portside_window_send (second);
  portside_ui_test_spin_until (portside_ui_test_session_finished, first);
  portside_ui_test_spin_until (portside_ui_test_session_finished, second);
  g_assert_false (portside_session_get_is_tls (portside_window_get_session (first)));
  g_assert_true (portside_session_get_is_tls (portside_window_get_session (second)));
  g_assert_cmpuint (portside_session_get_status (portside_window_get_session (first)), ==, 200);
  g_assert_cmpuint (portside_session_get_status (portside_window_get_session (second)), ==, 200);
  portside_ui_test_window_destroy (second);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
}

static void
test_focus_url (void)
{
  PortsideWindow *window = main_window ();
  GtkEditable *entry = url_entry (window);
  GtkWidget *focus;
  int start = -1, end = -1;

  portside_window_set_url (window, "http://localhost:9/");
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_null (gtk_root_get_focus (GTK_ROOT (window)));
  press (window, "<Control>l", "win.focus-url");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (entry)));
  /* All of it selected, so that typing replaces the address. */
  g_assert_true (gtk_editable_get_selection_bounds (entry, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, (int) strlen ("http://localhost:9/"));
}

static double
pane_font_size (PortsideWindow *window)
{
  GtkWidget *pane = portside_window_get_pane (window, PORTSIDE_PANE_CONNECTION);
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (pane));

  return pango_font_description_get_size (font) / (double) PANGO_SCALE;
}

typedef struct
{
  PortsideWindow *window;
  double          size;
} FontWait;

static gboolean
font_is (gpointer data)
{
  FontWait *wait = data;

  return fabs (pane_font_size (wait->window) - wait->size) < 0.05;
}

/* Ctrl+plus, Ctrl+minus and Ctrl+0 change the panes' text, not just a number. */
static void
test_zoom_keys (void)
{
  PortsideWindow *window = main_window ();
  g_autoptr(GSettings) settings = g_settings_new (PORTSIDE_APP_ID);
  FontWait wait = { window, 0 };
  double normal;

  press (window, "<Control>0", "win.zoom-reset");
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.0, 0.001);
  normal = wait.size = pane_font_size (window);
  g_assert_cmpfloat (normal, >, 4);
  press (window, "<Control>plus", "win.zoom-in");
  press (window, "<Control>equal", "win.zoom-in");
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.2, 0.001);
  wait.size = normal * 1.2;
  portside_ui_test_spin_until (font_is, &wait);
  press (window, "<Control>minus", "win.zoom-out");
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.1, 0.001);
  press (window, "<Control>KP_0", "win.zoom-reset");
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.0, 0.001);
  wait.size = normal;
  portside_ui_test_spin_until (font_is, &wait);
}

static void
collect_accelerators (GtkWidget *widget,
                      GPtrArray *accelerators)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) each = NULL;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      each = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; each[i] != NULL; i++)
        g_ptr_array_add (accelerators, g_strdup (each[i]));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_accelerators (child, accelerators);
}

/* F1 opens the shortcuts window, built on first use and kept for the next,
 * and every key it lists does something. */
static void
test_shortcuts_window (void)
{
  PortsideWindow *window = main_window ();
  g_autoptr(GPtrArray) accelerators = g_ptr_array_new_with_free_func (g_free);
  GtkWindow *overlay;

  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  press (window, "F1", "win.show-help-overlay");
  overlay = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (overlay);
  g_assert_true (gtk_window_get_transient_for (overlay) == GTK_WINDOW (window));
  portside_ui_test_spin_until (window_mapped, overlay);
  gtk_window_close (overlay);
  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  press (window, "<Control>question", "win.show-help-overlay");
  g_assert_true (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == overlay);
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);

  collect_accelerators (GTK_WIDGET (overlay), accelerators);
  g_assert_cmpuint (accelerators->len, >=, 9);
  for (guint i = 0; i < accelerators->len; i++)
    {
      const char *accelerator = g_ptr_array_index (accelerators, i);
      g_autoptr(GtkShortcut) shortcut = NULL;
      GdkModifierType mods;
      guint keyval;

      g_test_message ("listed: %s", accelerator);
      g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
      shortcut = find_shortcut (window, keyval, mods);
      if (shortcut == NULL)
        g_error ("the shortcuts window lists %s, which does nothing", accelerator);
    }
}

static void
test_about (void)
{
  PortsideWindow *window = main_window ();
  GtkWindow *about;

  g_assert_null (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Portside");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PORTSIDE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  portside_ui_test_spin_until (window_mapped, about);
  gtk_window_destroy (about);
  g_assert_null (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
}

static void
test_preferences (void)
{
  PortsideWindow *window = main_window ();
  GtkWindow *preferences;

  g_assert_null (find_toplevel (PORTSIDE_TYPE_PREFERENCES));
  press (window, "<Control>comma", "app.preferences");
  preferences = find_toplevel (PORTSIDE_TYPE_PREFERENCES);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_application (preferences) == GTK_APPLICATION (app));
  portside_ui_test_spin_until (window_mapped, preferences);
  gtk_window_destroy (preferences);
  g_assert_null (find_toplevel (PORTSIDE_TYPE_PREFERENCES));
  /* The menu reaches the same action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  preferences = find_toplevel (PORTSIDE_TYPE_PREFERENCES);
  g_assert_nonnull (preferences);
  gtk_window_destroy (preferences);
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* Last: Ctrl+Q closes every window, cancelling a running request. */
static void
test_quit (void)
{
  PortsideWindow *window = main_window ();
  g_autofree char *url = portside_lab_get_http_url (portside_application_get_lab (app, NULL),
                                                    "/drip?bytes=40&delay=100");
  g_autoptr(PortsideSession) session = NULL;

  portside_window_set_url (window, url);
  portside_window_send (window);
  session = g_object_ref (portside_window_get_session (window));
  press (window, "<Control>q", "app.quit");
  portside_ui_test_spin_until (no_windows, NULL);
  while (portside_session_get_running (session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_CANCELLED);
}

static void
test_no_bus (void)
{
  g_test_skip ("No D-Bus session bus: run under dbus-run-session");
}

static gboolean
have_session_bus (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  return bus != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  PortsideLaunch launch = { 0 };
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  if (!have_session_bus ())
    {
      g_test_add_func ("/app/no-session-bus", test_no_bus);
      return g_test_run ();
    }
  /* The application as main() makes it, without a URL: a unique instance. */
  app = portside_application_new (&launch);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_activate (G_APPLICATION (app));

  g_test_add_func ("/app/activate/twice", test_activate_twice);
  g_test_add_func ("/app/menu/start-lab", test_start_lab);
  g_test_add_func ("/app/lab/https-trusted", test_lab_https);
  g_test_add_func ("/app/keys/send-cancel", test_send_and_cancel_keys);
  g_test_add_func ("/app/keys/new-window", test_new_window);
  g_test_add_func ("/app/keys/focus-url", test_focus_url);
  g_test_add_func ("/app/keys/zoom", test_zoom_keys);
  g_test_add_func ("/app/dialogs/shortcuts", test_shortcuts_window);
  g_test_add_func ("/app/dialogs/about", test_about);
  g_test_add_func ("/app/dialogs/preferences", test_preferences);
  g_test_add_func ("/app/quit/ctrl-q", test_quit);
  g_test_add_func ("/app/quit/activate-again", test_activate_twice);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
