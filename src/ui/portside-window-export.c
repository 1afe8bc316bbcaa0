/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What leaves the window. "Copy Request as Python": the request the window
 * would send now, as a short program that uses only Python's socket and ssl
 * modules, for a class to run beside Portside. "Save Received Bytes": every
 * byte the server sent, framing included, exactly as it arrived.
 */
#include <glib/gi18n.h>

#include "portside-window-private.h"
#include "portside-python.h"
#include "portside-widget-util.h"

#define SAVE_BLOCK (256 * 1024)

void
portside_window_copy_python (PortsideWindow *self)
{
  g_autoptr(PortsideExchangeOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *script = NULL;

  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  url = portside_window_dup_typed_url (self);
  if (url == NULL)
    return;
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

typedef struct
{
  PortsideByteStore *store;
  guint64            length;   /* what had arrived when saving began */
  GFile             *file;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  portside_byte_store_unref (job->store);
  g_object_unref (job->file);
  g_free (job);
}

/* On a worker thread: the store may hold a gigabyte, mostly in its spill file. */
static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  SaveJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_NONE,
                                                     cancellable, &error);
  g_autofree guint8 *block = g_malloc (SAVE_BLOCK);
  guint64 offset = 0;

  while (out != NULL && offset < job->length)
    {
      gsize n = portside_byte_store_read (job->store, offset, block,
                                          (gsize) MIN ((guint64) SAVE_BLOCK, job->length - offset));

      if (n == 0 || !g_output_stream_write_all (G_OUTPUT_STREAM (out), block, n, NULL,
                                                cancellable, &error))
        break;
      offset += n;
    }
  if (out != NULL && error == NULL && offset < job->length)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Only %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes could be read back"),
                 offset, job->length);
  if (out != NULL && error == NULL)
    g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) MIN (offset, (guint64) G_MAXSSIZE));
}

void
portside_window_save_received_async (PortsideWindow      *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PortsideSession *session;
  SaveJob *job;

  g_return_if_fail (PORTSIDE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, portside_window_save_received_async);
  session = portside_window_get_session (self);
  if (session == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("Nothing received yet: send a request first"));
      return;
    }
  job = g_new0 (SaveJob, 1);
  job->store = portside_byte_store_ref (portside_read_model_get_store (portside_session_get_reads (session)));
  job->length = portside_byte_store_get_length (job->store);
  job->file = g_object_ref (file);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
portside_window_save_received_finish (PortsideWindow  *self,
                                      GAsyncResult    *result,
                                      guint64         *saved,
                                      GError         **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (saved != NULL)
    *saved = (guint64) n;
  return TRUE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PortsideWindow *self = PORTSIDE_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  g_autofree char *message = NULL;
  guint64 saved = 0;

  if (!portside_window_save_received_finish (self, result, &saved, &error))
    message = g_strdup_printf (_("Could not save the received bytes: %s"), error->message);
  else
    {
      size = g_format_size_full (saved, G_FORMAT_SIZE_IEC_UNITS);
      message = g_strdup_printf (_("Saved %s: every byte received, framing included"), size);
    }
  portside_window_add_toast (self, message);
}

static void
save_chosen (GFile    *file,
             gpointer  data)
{
  portside_window_save_received_async (data, file, NULL, saved_cb, NULL);
}

void
portside_window_save_received_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  PortsideWindow *self = PORTSIDE_WINDOW (widget);

  if (portside_window_get_session (self) == NULL)
    {
      portside_window_add_toast (self, _("Nothing received yet: send a request first"));
      return;
    }
  portside_choose_save_file (widget, _("Save Received Bytes"), "response.bin", save_chosen,
                             g_object_ref (self), g_object_unref);
}
