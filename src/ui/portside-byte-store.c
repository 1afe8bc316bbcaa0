/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-byte-store.h"

#include <errno.h>
#include <string.h>
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
  GByteArray     *writing;       /* a full block being written, outside the lock; or NULL */
  GByteArray     *spare;         /* the last written block, to be filled again */
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
  g_clear_pointer (&self->spare, g_byte_array_unref);
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
write_at (int            fd,
          const guint8  *data,
          gsize          length,
          guint64        offset,
          GError       **error)
{
  while (length > 0)
    {
      gssize n = pwrite (fd, data, length, (off_t) offset);

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
      offset += n;
    }
  return TRUE;
}

/* Called with the lock held, by the one thread that appends. The lock is
 * let go for the write itself: a kernel throttling dirty pages can hold a
 * write for a tenth of a second, and the window reading its rows must not
 * wait for that. Meanwhile readers take the block's bytes from memory. */
static gboolean
write_pending (PortsideByteStore *self,
               GError           **error)
{
  GByteArray *block = self->pending;
  guint64 offset = self->spilled;
  gboolean ok;

  if (self->spill_fd == -1 && !open_spill_file (self, error))
    return FALSE;
  self->writing = block;
  self->pending = self->spare != NULL ? self->spare : g_byte_array_sized_new (self->pending_limit);
  self->spare = NULL;
  g_mutex_unlock (&self->mutex);
  ok = write_at (self->spill_fd, block->data, block->len, offset, error);
  g_mutex_lock (&self->mutex);
  if (ok)
    self->spilled += block->len;
  self->writing = NULL;
  g_byte_array_set_size (block, 0);
  self->spare = block;
  return ok;
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

static gsize
block_length (GByteArray *block)
{
  return block != NULL ? block->len : 0;
}

guint64
portside_byte_store_get_length (PortsideByteStore *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->memory->len + self->spilled + block_length (self->writing) + self->pending->len;
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

/* Copies what [offset, offset + length) has of the block that starts at
 * start; returns how many bytes that was. */
static gsize
copy_from_block (GByteArray *block,
                 guint64     start,
                 guint64     offset,
                 guint8     *buffer,
                 gsize       length)
{
  gsize n;

  if (block == NULL || offset < start || offset >= start + block->len)
    return 0;
  n = (gsize) MIN ((guint64) length, start + block->len - offset);
  memcpy (buffer, block->data + (offset - start), n);
  return n;
}

/* Four regions in stream order: memory, the spill file, the block being
 * written and the pending block. */
gsize
portside_byte_store_read (PortsideByteStore *self,
                          guint64            offset,
                          guint8            *buffer,
                          gsize              length)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  guint64 file_start = self->memory->len;
  guint64 writing_start = file_start + self->spilled;
  guint64 pending_start = writing_start + block_length (self->writing);
  guint64 total = pending_start + self->pending->len;
  gsize done;

  if (offset >= total)
    return 0;
  length = MIN (length, total - offset);
  done = copy_from_block (self->memory, 0, offset, buffer, length);
  if (done < length && offset + done < writing_start)
    {
      gsize want = MIN (length - done, writing_start - (offset + done));
      gsize got = read_spilled (self, offset + done - file_start, buffer + done, want);

      done += got;
      if (got < want)
        return done;
    }
  done += copy_from_block (self->writing, writing_start, offset + done, buffer + done, length - done);
  done += copy_from_block (self->pending, pending_start, offset + done, buffer + done, length - done);
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

  return self->spilled + block_length (self->writing) + self->pending->len;
}
