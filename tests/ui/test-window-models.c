/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's models alone, fed synthetic engine events: the byte store,
 * the event queue's batching, the read model and the session's state.
 */
#include <sys/resource.h>

#include "portside-byte-format.h"
#include "portside-byte-store.h"
#include "portside-error.h"
#include "portside-header-item.h"
#include "portside-read-row.h"
#include "portside-session.h"

static void
test_store_spill (void)
{
  g_autoptr(PortsideByteStore) store = portside_byte_store_new (1000);
  guint8 data[10000], back[10000];
  gsize done = 0, step = 1;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + 3);
  while (done < sizeof data)
    {
      gsize n = MIN (step, sizeof data - done);
      g_assert_true (portside_byte_store_append (store, data + done, n, NULL));
      done += n;
      step = step * 3 % 997 + 1;
    }
  g_assert_cmpuint (portside_byte_store_get_length (store), ==, sizeof data);
  g_assert_cmpuint (portside_byte_store_get_memory_size (store), ==, 1000);
  g_assert_cmpuint (portside_byte_store_get_spilled (store), ==, 9000);
  /* Regions: memory [0, 1000), the file in 250-byte blocks, then the block being filled. */
  /* Ranges inside memory, across the boundary, inside the file, past the end. */
  g_assert_cmpuint (portside_byte_store_read (store, 0, back, sizeof back), ==, sizeof data);
  g_assert_cmpmem (back, sizeof back, data, sizeof data);
  g_assert_cmpuint (portside_byte_store_read (store, 990, back, 20), ==, 20);
  g_assert_cmpmem (back, 20, data + 990, 20);
  g_assert_cmpuint (portside_byte_store_read (store, 9995, back, 20), ==, 5);
  g_assert_cmpmem (back, 5, data + 9995, 5);
  g_assert_cmpuint (portside_byte_store_read (store, 10000, back, 1), ==, 0);
}

#define CONCURRENT_BYTES (8 * 1024 * 1024)

static guint8
pattern_byte (guint64 i)
{
  return (guint8) (i * 131 + (i >> 9));
}

static gpointer
append_pattern (gpointer data)
{
  PortsideByteStore *store = data;
  guint8 chunk[4096];
  guint64 done = 0;

  while (done < CONCURRENT_BYTES)
    {
      for (guint i = 0; i < sizeof chunk; i++)
        chunk[i] = pattern_byte (done + i);
      g_assert_true (portside_byte_store_append (store, chunk, sizeof chunk, NULL));
      done += sizeof chunk;
    }
  return NULL;
}

/* The window reads rows while the worker appends, and the spill file is
 * written outside the lock: every range read at any moment must hold the
 * bytes appended there, across memory, the file, the block being written
 * and the pending one. */
static void
test_store_concurrent (void)
{
  g_autoptr(PortsideByteStore) store = portside_byte_store_new (64 * 1024);
  GThread *writer = g_thread_new ("append", append_pattern, store);
  guint8 back[70000];
  guint checks = 0;

  for (guint64 length = 0; length < CONCURRENT_BYTES; checks++)
    {
      guint64 offset;
      gsize n;

      length = portside_byte_store_get_length (store);
      if (length == 0)
        continue;
      offset = g_random_int_range (0, (gint32) MIN (length, G_MAXINT32));
      n = portside_byte_store_read (store, offset, back, sizeof back);
      g_assert_cmpuint (n, >=, MIN (sizeof back, length - offset));  /* more may have come */
      for (gsize i = 0; i < n; i++)
        if (back[i] != pattern_byte (offset + i))
          g_error ("byte %" G_GUINT64_FORMAT " differs", offset + i);
    }
  g_thread_join (writer);
  g_test_message ("%u checks", checks);
  g_assert_cmpuint (portside_byte_store_get_length (store), ==, CONCURRENT_BYTES);
}

static void
test_visible (void)
{
  static const guint8 line[] = "GET / HTTP/1.1\r\nA:\tb\x01\xc3\xa9\r\n";
  g_autoptr(PortsideVisible) one = portside_visible_new (line, sizeof line - 1, FALSE);
  g_autoptr(PortsideVisible) lines = portside_visible_new (line, sizeof line - 1, TRUE);

  g_assert_cmpstr (one->text->str, ==, "GET / HTTP/1.1←↓A:→b·é←↓");
  g_assert_cmpstr (lines->text->str, ==, "GET / HTTP/1.1←↓\nA:→b·é←↓\n");
  /* One map entry per byte plus the end; both bytes of é map to its start. */
  g_assert_cmpuint (one->map->len, ==, sizeof line);
  g_assert_cmpuint (g_array_index (one->map, guint32, 14), ==, 14);
  g_assert_cmpuint (g_array_index (one->map, guint32, 15), ==, 17);
  g_assert_cmpuint (g_array_index (one->map, guint32, 21), ==, g_array_index (one->map, guint32, 22));
  /* CR, LF, tab, \x01, CR, LF are drawn dim. */
  g_assert_cmpuint (one->dims->len, ==, 12);
}

static void
test_hex (void)
{
  static const guint8 bytes[] = "HTTP/1.1 200 OK\r\n";
  g_autofree char *hex = portside_format_hex (bytes, sizeof bytes - 1, 0x10);

  g_assert_true (g_str_has_prefix (hex, "00000010  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  "
                                        "|HTTP/1.1 200 OK.|\n00000020  0a "));
  g_assert_true (g_str_has_suffix (hex, " |.               |\n"));
  g_assert_cmpuint (strlen (hex), ==, 2 * PORTSIDE_HEX_LINE_CHARS);
  g_assert_cmpuint (hex[portside_hex_column (9)], ==, '3');
  g_assert_cmpuint (hex[portside_hex_text_column (9)], ==, '2');
}

/* Feeding events ------------------------------------------------------- */

static void
push (PortsideSession  *session,
      PortsideEventKind kind,
      gint64            time_us)
{
  PortsideEvent event = { .kind = kind, .time_us = time_us };

  portside_session_push_event (session, &event);
}

static void
push_read (PortsideSession *session,
           guint            index,
           guint64          offset,
           const char      *data,
           gint64           time_us)
{
  PortsideEvent event = {
    .kind = PORTSIDE_EVENT_READ, .index = index, .offset = offset, .length = strlen (data),
    .data = (const guint8 *) data, .time_us = time_us,
  };

  portside_session_push_event (session, &event);
}

static void
push_span (PortsideSession *session,
           PortsideSpanKind kind,
           guint64          offset,
           guint64          length)
{
  PortsideEvent event = { .kind = PORTSIDE_EVENT_SPAN, .span = kind, .offset = offset, .length = length };

  portside_session_push_event (session, &event);
}

static void
push_connection (PortsideSession *session)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) refused = g_error_new_literal (PORTSIDE_ERROR, PORTSIDE_ERROR_CONNECT, "Connection refused.");
  PortsideResolution resolution = { .host = (char *) "example.test", .duration_us = 1500 };
  PortsideEvent event = { .kind = PORTSIDE_EVENT_RESOLVE, .resolution = &resolution, .time_us = 1500 };
  static const char request[] = "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n";
  static const char *const warnings[] = { "No User-Agent.", NULL };

  g_ptr_array_add (addresses, g_inet_address_new_from_string ("::1"));
  g_ptr_array_add (addresses, g_inet_address_new_from_string ("127.0.0.1"));
  resolution.addresses = addresses;
  portside_session_push_event (session, &event);
  event = (PortsideEvent) { .kind = PORTSIDE_EVENT_CONNECT, .name = "[::1]:80", .error = refused, .time_us = 2000 };
  portside_session_push_event (session, &event);
  event = (PortsideEvent) { .kind = PORTSIDE_EVENT_CONNECT, .name = "127.0.0.1:80", .value = "127.0.0.1:40000", .time_us = 2500 };
  portside_session_push_event (session, &event);
  event = (PortsideEvent) { .kind = PORTSIDE_EVENT_REQUEST, .data = (const guint8 *) request,
                            .length = strlen (request), .warnings = warnings, .time_us = 3000 };
  portside_session_push_event (session, &event);
}

static void
push_header (PortsideSession *session,
             const char      *name,
             const char      *value,
             gboolean         trailer)
{
  PortsideEvent event = { .kind = PORTSIDE_EVENT_HEADER, .name = name, .value = value, .flag = trailer };

  portside_session_push_event (session, &event);
}

/* A chunked response in three reads: headers, one chunk, the last chunk and a trailer. */
static void
push_chunked_response (PortsideSession *session)
{
  static const char *reads[] = {
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
    "5\r\nhello\r\n",
    "0\r\nX-Sum: 1\r\n\r\n",
  };
  PortsideEvent status = { .kind = PORTSIDE_EVENT_STATUS, .code = 200, .name = "HTTP/1.1", .value = "OK" };
  PortsideTimings timings = { .dns_us = 1500, .connect_us = 1000, .tls_us = -1, .request_us = 100,
                              .first_byte_us = 900, .total_us = 6000, .bytes_received = 67, .reads = 3 };
  PortsideEvent done = { .kind = PORTSIDE_EVENT_DONE, .timings = &timings, .code = 200, .time_us = 6000 };
  guint64 offset = 0;

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      push_read (session, i, offset, reads[i], 4000 + i * 500);
      offset += strlen (reads[i]);
    }
  push_span (session, PORTSIDE_SPAN_STATUS_LINE, 0, 17);
  push_span (session, PORTSIDE_SPAN_HEADER, 17, 28);
  push_span (session, PORTSIDE_SPAN_HEADERS_END, 45, 2);
  push_span (session, PORTSIDE_SPAN_CHUNK_SIZE, 47, 3);
  push_span (session, PORTSIDE_SPAN_CHUNK_DATA, 50, 2);
  push_span (session, PORTSIDE_SPAN_CHUNK_DATA, 52, 3);
  push_span (session, PORTSIDE_SPAN_CHUNK_END, 55, 2);
  push_span (session, PORTSIDE_SPAN_LAST_CHUNK, 57, 3);
  push_span (session, PORTSIDE_SPAN_TRAILER, 60, 10);
  push_span (session, PORTSIDE_SPAN_HEADERS_END, 70, 2);
  portside_session_push_event (session, &status);
  push_header (session, "Transfer-Encoding", "chunked", FALSE);
  push_header (session, "X-Sum", "1", TRUE);
  push (session, PORTSIDE_EVENT_CHUNK, 4600);
  push (session, PORTSIDE_EVENT_CHUNK, 5100);
  portside_session_push_event (session, &done);
}

static void
test_session_synthetic (void)
{
  g_autoptr(PortsideSession) session = portside_session_new (0);
  PortsideReadModel *reads = portside_session_get_reads (session);
  g_autoptr(PortsideHeaderItem) trailer = NULL;
  g_autoptr(PortsideReadRow) row = NULL;
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(GBytes) request = NULL;
  const PortsideResolution *resolution;
  guint64 total = 0;

  push_connection (session);
  push_chunked_response (session);
  portside_session_flush (session);

  g_assert_cmpint (portside_session_get_state (session), ==, PORTSIDE_SESSION_DONE);
  g_assert_cmpuint (portside_session_get_n_batches (session), ==, 1);
  resolution = portside_session_get_resolution (session);
  g_assert_cmpstr (resolution->host, ==, "example.test");
  g_assert_cmpuint (resolution->addresses->len, ==, 2);
  g_assert_cmpuint (portside_session_get_attempts (session)->len, ==, 2);
  g_assert_cmpstr (portside_session_get_remote (session), ==, "127.0.0.1:80");
  g_assert_cmpstr (portside_session_get_local (session), ==, "127.0.0.1:40000");
  request = portside_session_get_request (session);
  g_assert_cmpmem (g_bytes_get_data (request, NULL), 16, "GET / HTTP/1.1\r\n", 16);
  g_assert_cmpstr (portside_session_get_request_warnings (session)[0], ==, "No User-Agent.");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reads)), ==, 3);
  g_assert_cmpuint (portside_read_model_get_bytes_read (reads), ==, 72);
  /* The two CHUNK_DATA pieces merge; everything else stays one span each. */
  g_assert_cmpuint (portside_read_model_get_n_spans (reads), ==, 9);
  g_assert_cmpint (portside_read_model_get_span (reads, portside_read_model_find_span (reads, 53))->kind,
                   ==, PORTSIDE_SPAN_CHUNK_DATA);
  g_assert_cmpuint (portside_read_model_get_span (reads, portside_read_model_find_span (reads, 53))->length, ==, 5);
  g_assert_cmpuint (portside_read_model_find_span (reads, 72), ==, G_MAXUINT);
  body = portside_read_model_dup_body (reads, 1024, &total);
  g_assert_cmpuint (total, ==, 5);
  g_assert_cmpmem (body->data, body->len, "hello", 5);

  row = g_list_model_get_item (G_LIST_MODEL (reads), 1);
  g_assert_cmpuint (portside_read_row_get_offset (row), ==, 47);
  g_assert_cmpuint (portside_read_row_get_length (row), ==, 10);
  g_assert_cmpint (portside_read_row_get_time (row), ==, 1500);   /* since the request at 3000 µs */

  g_assert_cmpuint (portside_session_get_status (session), ==, 200);
  g_assert_cmpstr (portside_session_get_status_line (session), ==, "HTTP/1.1 200 OK");
  g_assert_cmpuint (g_list_model_get_n_items (portside_session_get_headers (session)), ==, 2);
  trailer = g_list_model_get_item (portside_session_get_headers (session), 1);
  g_assert_cmpstr (portside_header_item_get_section (trailer), ==, "trailer");
  g_assert_cmpstr (portside_session_lookup_header (session, "transfer-encoding"), ==, "chunked");
  g_assert_cmpuint (portside_session_get_n_chunks (session), ==, 2);
  g_assert_cmpint (portside_session_get_timings (session)->total_us, ==, 6000);
  g_clear_object (&row);
  g_clear_object (&trailer);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_session_error (void)
{
  g_autoptr(PortsideSession) failed = portside_session_new (0);
  g_autoptr(PortsideSession) cancelled = portside_session_new (0);
  g_autoptr(GError) tls = g_error_new_literal (PORTSIDE_ERROR, PORTSIDE_ERROR_TLS, "The certificate is self-signed.");
  g_autoptr(GError) stop = g_error_new_literal (PORTSIDE_ERROR, PORTSIDE_ERROR_CANCELLED, "Cancelled.");
  PortsideEvent event = { .kind = PORTSIDE_EVENT_ERROR, .error = tls };

  push_read (failed, 0, 0, "HTTP/1.1 2", 100);
  portside_session_push_event (failed, &event);
  portside_session_flush (failed);
  g_assert_cmpint (portside_session_get_state (failed), ==, PORTSIDE_SESSION_FAILED);
  g_assert_error (portside_session_get_error (failed), PORTSIDE_ERROR, PORTSIDE_ERROR_TLS);
  /* What arrived before the failure stays. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (portside_session_get_reads (failed))), ==, 1);

  event.error = stop;
  portside_session_push_event (cancelled, &event);
  portside_session_flush (cancelled);
  g_assert_cmpint (portside_session_get_state (cancelled), ==, PORTSIDE_SESSION_CANCELLED);
}

/* Staged changes --------------------------------------------------------- */

static void
record_changes (PortsideSession *session,
                guint            changes,
                GArray          *emissions)
{
  g_array_append_val (emissions, changes);
}

static gboolean
emitted (GArray *emissions,
         guint   change)
{
  for (guint i = 0; i < emissions->len; i++)
    if (g_array_index (emissions, guint, i) & change)
      return TRUE;
  return FALSE;
}

/* A batch that touches every pane reaches them one kind of change at a
 * time, read list first; flushing delivers whatever is left at once. */
static void
test_session_staged (void)
{
  g_autoptr(PortsideSession) session = portside_session_new (0);
  g_autoptr(GArray) emissions = g_array_new (FALSE, FALSE, sizeof (guint));
  guint all = 0;

  g_signal_connect (session, "changed", G_CALLBACK (record_changes), emissions);
  push_connection (session);
  push_chunked_response (session);
  while (!emitted (emissions, PORTSIDE_SESSION_CHANGED_STATE))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (portside_session_get_n_batches (session), ==, 1);
  g_assert_cmpuint (emissions->len, ==, 5);
  g_assert_cmpuint (g_array_index (emissions, guint, 0), ==, PORTSIDE_SESSION_CHANGED_STREAM);
  g_assert_cmpuint (g_array_index (emissions, guint, 4), ==, PORTSIDE_SESSION_CHANGED_STATE);
  for (guint i = 0; i < emissions->len; i++)
    {
      guint changes = g_array_index (emissions, guint, i);
      g_assert_cmpuint (changes & (changes - 1), ==, 0);   /* one kind each */
      all |= changes;
    }
  g_assert_cmpuint (all, ==, PORTSIDE_SESSION_CHANGED_STREAM | PORTSIDE_SESSION_CHANGED_RESPONSE |
                             PORTSIDE_SESSION_CHANGED_CONNECTION | PORTSIDE_SESSION_CHANGED_REQUEST |
                             PORTSIDE_SESSION_CHANGED_STATE);

  g_clear_object (&session);
  session = portside_session_new (0);
  g_array_set_size (emissions, 0);
  g_signal_connect (session, "changed", G_CALLBACK (record_changes), emissions);
  push_connection (session);
  push_chunked_response (session);
  portside_session_flush (session);
  g_assert_cmpuint (emissions->len, ==, 2);
  g_assert_cmpuint (g_array_index (emissions, guint, 0), ==, PORTSIDE_SESSION_CHANGED_STREAM);
  g_assert_cmpuint (g_array_index (emissions, guint, 1), ==, all & ~PORTSIDE_SESSION_CHANGED_STREAM);
}

/* 250,000 reads from a worker thread ------------------------------------ */

#define MANY_READS 250000
#define READ_SIZE 128
#define MEMORY_LIMIT (1024 * 1024)

typedef struct
{
  PortsideSession *session;
  guint            emissions;
  guint            added;
  gboolean         done;
} Many;

static gpointer
produce_many (gpointer data)
{
  Many *many = data;
  guint8 bytes[READ_SIZE];

  memset (bytes, 'x', sizeof bytes);
  for (guint i = 0; i < MANY_READS; i++)
    {
      PortsideEvent read = { .kind = PORTSIDE_EVENT_READ, .index = i, .offset = (guint64) i * READ_SIZE,
                             .length = READ_SIZE, .data = bytes, .time_us = i };
      PortsideEvent span = { .kind = PORTSIDE_EVENT_SPAN, .span = PORTSIDE_SPAN_BODY,
                             .offset = (guint64) i * READ_SIZE, .length = READ_SIZE };

      portside_session_push_event (many->session, &read);
      portside_session_push_event (many->session, &span);
    }
  push (many->session, PORTSIDE_EVENT_DONE, MANY_READS);
  return NULL;
}

static void
many_items_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Many       *many)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position, ==, many->added);
  g_assert_cmpuint (added, >, 0);
  many->emissions++;
  many->added += added;
}

static void
many_state (PortsideSession *session,
            GParamSpec      *pspec,
            Many            *many)
{
  many->done = portside_session_get_state (session) == PORTSIDE_SESSION_DONE;
}

static void
test_session_many_reads (void)
{
  g_autoptr(PortsideSession) session = portside_session_new (MEMORY_LIMIT);
  PortsideReadModel *reads = portside_session_get_reads (session);
  PortsideByteStore *store = portside_read_model_get_store (reads);
  Many many = { .session = session };
  struct rusage usage;
  GThread *thread;

  g_signal_connect (reads, "items-changed", G_CALLBACK (many_items_changed), &many);
  g_signal_connect (session, "notify::state", G_CALLBACK (many_state), &many);
  thread = g_thread_new ("producer", produce_many, &many);
  while (!many.done)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  g_assert_cmpuint (many.added, ==, MANY_READS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reads)), ==, MANY_READS);
  /* One items-changed per applied batch, and far fewer batches than reads. */
  g_assert_cmpuint (many.emissions, <=, portside_session_get_n_batches (session));
  g_assert_cmpuint (many.emissions, <, MANY_READS / 10);
  g_test_message ("%u reads arrived in %u batches", MANY_READS, many.emissions);
  /* Bounded memory: the bytes beyond the limit went to the spill file,
   * and the body spans of consecutive reads merged into one record. */
  g_assert_cmpuint (portside_byte_store_get_length (store), ==, (guint64) MANY_READS * READ_SIZE);
  g_assert_cmpuint (portside_byte_store_get_memory_size (store), <=, MEMORY_LIMIT);
  g_assert_cmpuint (portside_read_model_get_n_spans (reads), ==, 1);
  /* Every record where it was put, across the model's storage blocks. */
  for (guint i = 0; i < MANY_READS; i++)
    {
      const PortsideReadRecord *record = portside_read_model_get_record (reads, i);
      if (record->index != i || record->offset != (guint64) i * READ_SIZE || record->time_us != i)
        g_error ("read %u holds read %u at offset %" G_GUINT64_FORMAT, i, record->index, record->offset);
    }
  getrusage (RUSAGE_SELF, &usage);
  g_assert_cmpint (usage.ru_maxrss, <, 256 * 1024);   /* KiB */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/window-models/store/spill", test_store_spill);
  g_test_add_func ("/window-models/store/concurrent", test_store_concurrent);
  g_test_add_func ("/window-models/format/visible", test_visible);
  g_test_add_func ("/window-models/format/hex", test_hex);
  g_test_add_func ("/window-models/session/synthetic", test_session_synthetic);
  g_test_add_func ("/window-models/session/error", test_session_error);
  g_test_add_func ("/window-models/session/staged", test_session_staged);
  g_test_add_func ("/window-models/session/250000-reads", test_session_many_reads);
  return g_test_run ();
}
