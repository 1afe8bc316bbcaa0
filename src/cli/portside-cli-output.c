/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLI's event sink. Text goes where curl would put it: the body to
 * stdout or -o, the trace (-v) and warnings to stderr. With --json every
 * event is one line on stdout instead.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "portside-cli.h"
#include "portside-cli-verbose.h"
#include "portside-error.h"

#define BODY_BUFFER_SIZE  (1024 * 1024)
#define DIRECT_WRITE_SIZE (16 * 1024)

struct _PortsideCliOutput
{
  const PortsideCli *cli;
  FILE              *out;
  FILE              *err;
  FILE              *body;        /* stdout, the -o file, or NULL (no body wanted) */
  gboolean           owns_body;
  char              *body_buffer;
  int                write_errno;
  guint              status;
};

PortsideCliOutput *
portside_cli_output_new (const PortsideCli *cli,
                         FILE              *out,
                         FILE              *err,
                         GError           **error)
{
  g_autoptr(PortsideCliOutput) self = g_new0 (PortsideCliOutput, 1);

  self->cli = cli;
  self->out = out;
  self->err = err;
  if (cli->output != NULL)
    {
      self->body = fopen (cli->output, "wb");
      if (self->body == NULL)
        {
          int saved = errno;
          g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO, "Cannot write “%s”: %s",
                       cli->output, g_strerror (saved));
          return NULL;
        }
      self->owns_body = TRUE;
    }
  else if (!cli->json)
    self->body = out;
  /* Large blocks: the body path should cost one write per read or less. */
  if (self->body != NULL)
    {
      self->body_buffer = g_malloc (BODY_BUFFER_SIZE);
      setvbuf (self->body, self->body_buffer, _IOFBF, BODY_BUFFER_SIZE);
    }
  return g_steal_pointer (&self);
}

void
portside_cli_output_free (PortsideCliOutput *self)
{
  if (self == NULL)
    return;
  if (self->owns_body && self->body != NULL)
    fclose (self->body);
  else if (self->body != NULL)
    {
      fflush (self->body);
      setvbuf (self->body, NULL, _IOFBF, BUFSIZ);
    }
  g_free (self->body_buffer);
  g_free (self);
}

static void
note_write (PortsideCliOutput *self, size_t written, size_t wanted)
{
  if (written < wanted && self->write_errno == 0)
    self->write_errno = errno != 0 ? errno : EIO;
}

static gboolean
body_wanted (PortsideCliOutput *self)
{
  return self->body != NULL && !(self->cli->fail && self->status >= 400);
}

/* Large blocks skip stdio's buffer: copying a gigabyte through it would cost
 * more than the write itself. Small ones (4 KiB reads) are gathered there. */
static void
write_body (PortsideCliOutput *self, const guint8 *data, gsize length)
{
  int fd;

  if (!body_wanted (self))
    return;
  if (length < DIRECT_WRITE_SIZE)
    {
      note_write (self, fwrite (data, 1, length, self->body), length);
      return;
    }
  if (fflush (self->body) != 0)
    note_write (self, 0, 1);
  fd = fileno (self->body);
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          note_write (self, 0, 1);
          return;
        }
      data += n;
      length -= n;
    }
}

/* -i: the response head before the body, as curl prints it. */
static void
write_include (PortsideCliOutput *self, const PortsideEvent *e)
{
  if (!self->cli->include || self->cli->json)
    return;
  if (e->kind == PORTSIDE_EVENT_STATUS)
    fprintf (self->out, "%s %u %s\r\n", e->name, e->code, e->value);
  else if (e->kind == PORTSIDE_EVENT_HEADER && !e->flag)
    fprintf (self->out, "%s: %s\r\n", e->name, e->value);
  else if (e->kind == PORTSIDE_EVENT_HEADERS_END)
    fputs ("\r\n", self->out);
}

static void
write_json (PortsideCliOutput *self, const PortsideEvent *e)
{
  g_autofree char *line = portside_event_to_json (e);

  fputs (line, self->out);
  fputc ('\n', self->out);
}

void
portside_cli_output_event (const PortsideEvent *e,
                           gpointer             data)
{
  PortsideCliOutput *self = data;

  if (e->kind == PORTSIDE_EVENT_STATUS && !e->flag)
    self->status = e->code;
  if (self->cli->json)
    write_json (self, e);
  else
    write_include (self, e);
  if (e->kind == PORTSIDE_EVENT_BODY)
    write_body (self, e->data, e->length);
  else if (self->cli->verbose && !self->cli->json)
    portside_cli_verbose_event (self->err, e);
  else if (e->kind == PORTSIDE_EVENT_WARNING && !self->cli->silent && !self->cli->json)
    fprintf (self->err, "Warning: %s\n", e->value);
}

gboolean
portside_cli_output_close (PortsideCliOutput *self,
                           GError           **error)
{
  if (self->body != NULL && fflush (self->body) != 0)
    note_write (self, 0, 1);
  fflush (self->out);
  if (self->write_errno == 0)
    return TRUE;
  g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO, "Writing the body to %s failed: %s",
               self->cli->output != NULL ? self->cli->output : "standard output",
               g_strerror (self->write_errno));
  return FALSE;
}

guint
portside_cli_output_status (PortsideCliOutput *self)
{
  return self->status;
}
