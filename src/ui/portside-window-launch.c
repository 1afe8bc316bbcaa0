/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the command line asks of a window: the lab, a URL to send at once,
 * the headless screenshot, and the benchmark hooks. Only the window's
 * public API is used here.
 */
#define _GNU_SOURCE   /* RUSAGE_THREAD */
#include <glib/gi18n.h>
#include <sys/resource.h>

#include "portside-screenshot.h"
#include "portside-window.h"

/* Frames to wait after the request ends, so that layout has settled. */
#define SETTLE_FRAMES 3
#define SCREENSHOT_MAX_TIME_MS 30000

typedef struct
{
  PortsideWindow *window;
  char           *path;
  PortsidePane    pane;
  guint           frames;
  GArray         *lateness;      /* bench-stream: gint64 µs */
  gint64          last_probe;
  gint64          started;
  guint           probe_id;
} LaunchRun;

static void
launch_run_free (LaunchRun *run)
{
  g_clear_handle_id (&run->probe_id, g_source_remove);
  g_clear_pointer (&run->lateness, g_array_unref);
  g_free (run->path);
  g_free (run);
}

static void
finish_run (LaunchRun *run,
            int        status)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (run->window));

  if (app != NULL)
    portside_application_set_exit_status (PORTSIDE_APPLICATION (app), status);
  gtk_window_close (GTK_WINDOW (run->window));
}

static void
report_request (PortsideSession *session)
{
  const GError *error = portside_session_get_error (session);

  if (error != NULL)
    g_printerr (_("portside: note: the request ended with: %s\n"), error->message);
}

static void
screenshot_taken (GdkTexture   *texture,
                  const GError *error,
                  gpointer      data)
{
  LaunchRun *run = data;
  g_autoptr(GError) save_error = NULL;

  report_request (portside_window_get_session (run->window));
  if (error == NULL && !portside_screenshot_save (texture, run->path, &save_error))
    error = save_error;
  if (error != NULL)
    g_printerr ("portside: %s\n", error->message);
  finish_run (run, error != NULL ? 1 : 0);
  launch_run_free (run);
}

static gboolean
screenshot_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  LaunchRun *run = data;

  if (++run->frames < SETTLE_FRAMES)
    return G_SOURCE_CONTINUE;
  portside_screenshot_capture (portside_window_get_pane (run->window, run->pane), screenshot_taken, run);
  return G_SOURCE_REMOVE;
}

static void
screenshot_when_done (PortsideSession *session,
                      GParamSpec      *pspec,
                      LaunchRun       *run)
{
  if (portside_session_get_running (session))
    return;
  g_signal_handlers_disconnect_by_data (session, run);
  gtk_widget_add_tick_callback (GTK_WIDGET (run->window), screenshot_tick, run, NULL);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
bench_probe (gpointer data)
{
  LaunchRun *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_probe != 0)
    {
      gint64 late = now - run->last_probe - 5000;
      g_array_append_val (run->lateness, late);
    }
  run->last_probe = now;
  return G_SOURCE_CONTINUE;
}

/* Prints in the same form as /work/shared/bench/baseline-stream.c. */
static void
bench_stream_done (PortsideSession *session,
                   GParamSpec      *pspec,
                   LaunchRun       *run)
{
  GArray *l = run->lateness;
  struct rusage usage, thread;
  guint rows;

  if (portside_session_get_running (session))
    return;
  g_signal_handlers_disconnect_by_data (session, run);
  g_array_sort (l, compare_gint64);
  rows = g_list_model_get_n_items (G_LIST_MODEL (portside_session_get_reads (session)));
  getrusage (RUSAGE_THREAD, &thread);
  getrusage (RUSAGE_SELF, &usage);
  if (l->len > 0)
    g_print ("rows %u in %.2f s; main-loop lateness p50 %.1f ms p99 %.1f ms max %.1f ms; "
             "peak RSS %ld MB; main thread CPU %.2f s\n",
             rows, (g_get_monotonic_time () - run->started) / 1e6,
             g_array_index (l, gint64, l->len / 2) / 1e3,
             g_array_index (l, gint64, l->len * 99 / 100) / 1e3,
             g_array_index (l, gint64, l->len - 1) / 1e3, usage.ru_maxrss / 1024,
             thread.ru_utime.tv_sec + thread.ru_stime.tv_sec + (thread.ru_utime.tv_usec + thread.ru_stime.tv_usec) / 1e6);
  report_request (session);
  finish_run (run, portside_session_get_state (session) == PORTSIDE_SESSION_DONE && l->len > 0 ? 0 : 1);
  launch_run_free (run);
}

static void
first_frame_painted (GdkFrameClock *clock,
                     LaunchRun     *run)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (run->window));

  g_signal_handlers_disconnect_by_data (clock, run);
  g_print ("first frame painted %.1f ms after start\n", (g_get_monotonic_time () - run->started) / 1e3);
  /* Quit as baseline-window.c does, without taking the window apart first:
   * the benchmark is about the way in, not the way out. */
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
  else
    finish_run (run, 0);
  launch_run_free (run);
}

static void
bench_startup_mapped (GtkWidget *widget,
                      LaunchRun *run)
{
  g_signal_handlers_disconnect_by_data (widget, run);
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (first_frame_painted), run);
}

static void
close_failed_launch (gpointer data)
{
  GtkWindow *window = data;
  GtkApplication *app = gtk_window_get_application (window);

  if (app != NULL)
    portside_application_set_exit_status (PORTSIDE_APPLICATION (app), 1);
  gtk_window_close (window);
}

static LaunchRun *
launch_run_new (PortsideWindow       *self,
                const PortsideLaunch *launch)
{
  LaunchRun *run = g_new0 (LaunchRun, 1);

  run->window = self;
  run->path = g_strdup (launch->screenshot);
  run->pane = launch->pane;
  if (launch->bench_stream != NULL)
    run->lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->started = launch->started_us ? launch->started_us : g_get_monotonic_time ();
  return run;
}

/* With --lab, a URL that is only a path ("/bytes/1024") is on the lab. */
static const char *
launch_url (PortsideWindow       *self,
            const PortsideLaunch *launch,
            char                **owned)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *wanted = launch->bench_stream ? launch->bench_stream : launch->url;
  g_autoptr(GError) error = NULL;
  const char *path;
  PortsideLab *lab;

  if (!launch->lab || app == NULL)
    return wanted;
  lab = portside_application_get_lab (PORTSIDE_APPLICATION (app), &error);
  if (lab == NULL)
    {
      g_printerr ("portside: %s\n", error->message);
      return wanted;
    }
  if (wanted != NULL && wanted[0] != '/')
    return wanted;
  path = wanted ? wanted : "/chunked";
  *owned = launch->lab_https ? portside_lab_get_https_url (lab, path) : portside_lab_get_http_url (lab, path);
  return *owned;
}

static void
apply_options (PortsideWindow       *self,
               const PortsideLaunch *launch)
{
  if (launch->screenshot != NULL || launch->bench_stream != NULL || launch->bench_startup)
    portside_window_forget_changes (self);
  if (launch->width > 0 && launch->height > 0)
    {
      gtk_window_unmaximize (GTK_WINDOW (self));
      gtk_window_set_default_size (GTK_WINDOW (self), launch->width, launch->height);
    }
  if (launch->method != NULL)
    portside_window_set_method (self, launch->method);
  if (launch->insecure)
    portside_window_set_verify (self, FALSE);
  if (launch->ca_file != NULL)
    portside_window_set_ca_file (self, launch->ca_file);
  if (launch->recv_size > 0)
    portside_window_set_recv_size (self, launch->recv_size);
  if (launch->zoom > 0)
    portside_window_set_zoom (self, launch->zoom);
  if (launch->screenshot != NULL)
    {
      portside_window_set_max_time (self, SCREENSHOT_MAX_TIME_MS);
      /* A picture half-way through a colour transition helps nobody. */
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    }
}

static void
start_request (LaunchRun *run)
{
  PortsideSession *session;

  portside_window_send (run->window);
  session = portside_window_get_session (run->window);
  if (run->path != NULL)
    g_signal_connect (session, "notify::running", G_CALLBACK (screenshot_when_done), run);
  else if (run->lateness != NULL)
    {
      run->started = g_get_monotonic_time ();
      g_signal_connect (session, "notify::running", G_CALLBACK (bench_stream_done), run);
    }
  else
    launch_run_free (run);
}

static void
start_after_paint (GdkFrameClock *clock,
                   LaunchRun     *run)
{
  g_signal_handlers_disconnect_by_func (clock, start_after_paint, run);
  start_request (run);
}

/* The request starts once the window has drawn itself: the window shows at
 * once, and the first rows arrive in later frames instead of making the
 * first one longer. The lateness probe starts where baseline-stream.c starts
 * its own, once the window is presented, so both measure the same stretch. */
static void
start_when_mapped (GtkWidget *widget,
                   LaunchRun *run)
{
  g_signal_handlers_disconnect_by_func (widget, start_when_mapped, run);
  if (run->lateness != NULL)
    run->probe_id = g_timeout_add (5, bench_probe, run);
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (start_after_paint), run);
}

void
portside_window_launch (PortsideWindow       *self,
                        const PortsideLaunch *launch)
{
  g_autofree char *owned = NULL;
  const char *url;
  LaunchRun *run;

  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  apply_options (self, launch);
  if (launch->bench_startup)
    g_signal_connect (self, "map", G_CALLBACK (bench_startup_mapped), launch_run_new (self, launch));
  url = launch_url (self, launch, &owned);
  if (url == NULL && (launch->screenshot != NULL || launch->bench_stream != NULL))
    {
      /* Closed once the application has shown it, so that activate() is done with it. */
      g_idle_add_once (close_failed_launch, self);
      return;
    }
  if (url == NULL)
    return;
  portside_window_set_url (self, url);
  run = launch_run_new (self, launch);
  g_signal_connect (self, "map", G_CALLBACK (start_when_mapped), run);
}
