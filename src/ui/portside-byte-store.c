/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-byte-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "portside-error.h"

struct _PortsideByteStore
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  GByteArray     *memory;        /* the first memory_limit bytes */
  gsize           memory_limit;
  int             spill_fd;      /* -1 until the memory is full */
  guint64         spilled;       /* bytes in the spill file */
  GByteArray     *pending;       /* bytes for the spill file, written in large blocks */
  gsize           pending_limit;
  gboolean        failed;        /* the spill file could not be written */
};

PortsideByteStore *
portside_byte_store_new (gsize memory_limit)
{
  PortsideByteStore *self = g_new0 (PortsideByteStore, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->memory = g_byte_array_new ();
  self->memory_limit = memory_limit;
  self->spill_fd = -1;
  /* One write per block instead of one per read: 250,000 small writes
   * cost the file system more than the reads that produced them. */
  self->pending_limit = CLAMP (memory_limit / 4, 1, 256 * 1024);
  self->pending = g_byte_array_sized_new (self->pending_limit);
  return self;
}

PortsideByteStore *
portside_byte_store_ref (PortsideByteStore *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
portside_byte_store_unref (PortsideByteStore *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  if (self->spill_fd != -1)
    close (self->spill_fd);
  g_byte_array_unref (self->memory);
  g_byte_array_unref (self->pending);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/* The file is unlinked at once: nothing is left behind on a crash. */
static gboolean
open_spill_file (PortsideByteStore *self,
                 GError           **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;

  self->spill_fd = g_file_open_tmp ("portside-XXXXXX.bytes", &path, &local_error);
  if (self->spill_fd == -1)
    {
      g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                   "Could not create a temporary file for the received bytes: %s",
                   local_error->message);
      return FALSE;
    }
  g_unlink (path);
  return TRUE;
}

static gboolean
write_pending (PortsideByteStore *self,
               GError           **error)
{
  const guint8 *data = self->pending->data;
  gsize length = self->pending->len;

  if (self->spill_fd == -1 && !open_spill_file (self, error))
    return FALSE;
  while (length > 0)
    {
      gssize n = pwrite (self->spill_fd, data, length, (off_t) self->spilled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          g_set_error (error, PORTSIDE_ERROR, PORTSIDE_ERROR_IO,
                       "Could not write the received bytes to a temporary file: %s",
                       g_strerror (saved));
          return FALSE;
        }
      data += n;
      length -= n;
      self->spilled += n;
    }
  g_byte_array_set_size (self->pending, 0);
  return TRUE;
}

static gboolean
spill (PortsideByteStore *self,
       const guint8      *data,
       gsize              length,
       GError           **error)
{
  while (length > 0)
    {
      gsize n = MIN (length, self->pending_limit - self->pending->len);

      g_byte_array_append (self->pending, data, n);
      data += n;
      length -= n;
      if (self->pending->len == self->pending_limit && !write_pending (self, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
portside_byte_store_append (PortsideByteStore *self,
                            const guint8      *data,
                            gsize              length,
                            GError           **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  gsize room;

  if (self->failed)
    return FALSE;

  room = self->memory_limit - MIN (self->memory_limit, self->memory->len);
  if (self->spilled == 0 && self->pending->len == 0 && room > 0)
    {
      gsize n = MIN (room, length);
      g_byte_array_append (self->memory, data, n);
      data += n;
      length -= n;
    }
  if (length > 0 && !spill (self, data, length, error))
    {
      self->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

guint64
portside_byte_store_get_length (PortsideByteStore *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->memory->len + self->spilled + self->pending->len;
}

static gsize
read_spilled (PortsideByteStore *self,
              guint64            offset,
              guint8            *buffer,
              gsize              length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (self->spill_fd, buffer + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  return done;
}

/* Three regions in stream order: memory, the spill file, the pending block. */
gsize
portside_byte_store_read (PortsideByteStore *self,
                          guint64            offset,
                          guint8            *buffer,
                          gsize              length)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  guint64 file_start = self->memory->len;
  guint64 pending_start = file_start + self->spilled;
  guint64 total = pending_start + self->pending->len;
  gsize done = 0;

  if (offset >= total)
    return 0;
  length = MIN (length, total - offset);
  if (offset < file_start)
    {
      done = MIN (length, file_start - offset);
      memcpy (buffer, self->memory->data + offset, done);
    }
  if (done < length && offset + done < pending_start)
    {
      gsize want = MIN (length - done, pending_start - (offset + done));
      gsize got = read_spilled (self, offset + done - file_start, buffer + done, want);

      done += got;
      if (got < want)
        return done;
    }
  if (done < length)
    {
      memcpy (buffer + done, self->pending->data + (offset + done - pending_start), length - done);
      done = length;
    }
  return done;
}

GBytes *
portside_byte_store_get_bytes (PortsideByteStore *self,
                               guint64            offset,
                               gsize              length)
{
  guint8 *buffer = g_malloc (MAX (length, 1));
  gsize n = portside_byte_store_read (self, offset, buffer, length);

  return g_bytes_new_take (buffer, n);
}

gsize
portside_byte_store_get_memory_size (PortsideByteStore *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->memory->len;
}

guint64
portside_byte_store_get_spilled (PortsideByteStore *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->spilled + self->pending->len;
}
