/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read pacing: while a large body outruns the reader, the engine asks the
 * kernel to wake it only once many bytes wait (SO_RCVLOWAT). These tests
 * hold it to its promises: the mark follows the rules, and a server that
 * pauses mid-body is still shown as it is, its few bytes in a read of
 * their own, long before the rest arrives.
 */
#include "portside-exchange-private.h"
#include "portside-error.h"
#include "portside-script-server.h"

#define KIB              1024
#define BURST            (768 * KIB)
#define TRICKLE          100
#define REST             (256 * KIB)
#define PAUSE_MS         400

static void
test_low_water (void)
{
  static const struct
  {
    gsize   current, size;
    guint64 promised;
    gsize   last_read, expected;
  } rows[] = {
    { 1,         256 * KIB, 1 << 30,   200 * KIB, 128 * KIB },  /* flowing: paced */
    { 1,         256 * KIB, 1 << 30,   10 * KIB,  1 },          /* trickling: not yet */
    { 128 * KIB, 256 * KIB, 1 << 30,   10 * KIB,  128 * KIB },  /* stays until a lull */
    { 128 * KIB, 256 * KIB, 40 * KIB,  128 * KIB, 20 * KIB },   /* half what is promised */
    { 128 * KIB, 256 * KIB, 20 * KIB,  128 * KIB, 1 },          /* too little left */
    { 0,         256 * KIB, 0,         256 * KIB, 1 },          /* nothing promised */
    { 1,         4096,      1 << 30,   4096,      1 },          /* the classic lesson */
    { 1,         64 * KIB,  1 << 30,   64 * KIB,  32 * KIB },   /* half a buffer */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("row %" G_GSIZE_FORMAT, i);
      g_assert_cmpuint (portside_pacing_low_water (rows[i].current, rows[i].size,
                                                   rows[i].promised, rows[i].last_read),
                        ==, rows[i].expected);
    }
}

typedef struct
{
  guint64 received;
  guint64 trickle_end;      /* where the paused-for bytes end in the stream */
  gint64  trickle_read_us;  /* when a read ended exactly there; -1: never */
  gint64  last_read_us;
} Reads;

static void
note_read (const PortsideEvent *e, gpointer data)
{
  Reads *r = data;

  if (e->kind != PORTSIDE_EVENT_READ)
    return;
  r->received += e->length;
  r->last_read_us = e->time_us;
  if (r->received == r->trickle_end)
    r->trickle_read_us = e->time_us;
}

static void
run_paused_body (gconstpointer data)
{
  PortsideScriptServerFlags flags = GPOINTER_TO_UINT (data);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n",
                                           BURST + TRICKLE + REST);
  g_autofree char *burst = g_strnfill (BURST, 'a');
  g_autofree char *trickle = g_strnfill (TRICKLE, 'b');
  g_autofree char *rest = g_strnfill (REST, 'c');
  const PortsideScriptStep steps[] = {
    { PORTSIDE_SCRIPT_SEND, head },
    { PORTSIDE_SCRIPT_SEND, burst },
    { PORTSIDE_SCRIPT_SLEEP, .delay_ms = 50 },
    { PORTSIDE_SCRIPT_SEND, trickle },
    { PORTSIDE_SCRIPT_SLEEP, .delay_ms = PAUSE_MS },
    { PORTSIDE_SCRIPT_SEND, rest },
    { 0 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortsideScriptServer) server = portside_script_server_new (flags, steps, &error);
  g_autoptr(PortsideExchangeOptions) o = portside_exchange_options_new ();
  g_autoptr(PortsideExchange) exchange = NULL;
  Reads r = { .trickle_end = strlen (head) + BURST + TRICKLE, .trickle_read_us = -1 };

  g_assert_no_error (error);
  o->url = portside_script_server_get_url (server, "/paused");
  o->ca_file = g_strdup (portside_script_server_get_ca_file (server));
  /* A mark of 16 KiB: a burst on loopback surely brings reads that large. */
  o->recv_size = 32 * KIB;
  exchange = portside_exchange_new (o);
  portside_exchange_set_event_func (exchange, note_read, &r, NULL);
  g_assert_true (portside_exchange_run (exchange, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.received, ==, r.trickle_end + REST);
  /* Had the reader kept waiting for its mark, the trickle would only have
   * come with the rest, in one read, PAUSE_MS later. */
  g_assert_cmpint (r.trickle_read_us, >=, 0);
  g_assert_cmpint (r.last_read_us - r.trickle_read_us, >=, PAUSE_MS * 1000 / 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pacing/low-water", test_low_water);
  g_test_add_data_func ("/pacing/paused-body/http", GUINT_TO_POINTER (0), run_paused_body);
  g_test_add_data_func ("/pacing/paused-body/https",
                        GUINT_TO_POINTER (PORTSIDE_SCRIPT_SERVER_TLS), run_paused_body);
  return g_test_run ();
}
