/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs every seed input and every past crasher through the fuzzers' own
 * checks (tests/fuzz/fuzz-harness.c), so that a bug the fuzzer found once
 * stays fixed in the ordinary test suite, which has no libFuzzer. Each file
 * is its own test, run in a subprocess: a check that aborts fails that file
 * only, and the others still run.
 */
#include "fuzz/fuzz-harness.h"

static const char *const targets[] = { "parser", "url", "request" };
static const char *const kinds[] = { "corpus", "regressions" };

typedef struct
{
  const char *target;
  char       *path;
} Input;

static void
input_free (gpointer data)
{
  Input *input = data;

  g_free (input->path);
  g_free (input);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The files in tests/fuzz/KIND/TARGET, sorted; none when the folder is absent. */
static GPtrArray *
list_inputs (const char *kind, const char *target)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", kind, target, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
replay (const Input *input)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (input->path, &contents, &length, &error);
  g_assert_no_error (error);
  portside_fuzz_init ();
  portside_fuzz_lookup (input->target) ((const guint8 *) contents, length);
}

static void
test_input (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      replay (data);
      return;
    }
  /* A failing file is reported, and the next one still runs. */
  g_test_set_nonfatal_assertions ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Each target has seeds: an empty folder would make its tests vacuous. */
static void
test_seeds (gconstpointer data)
{
  g_autoptr(GPtrArray) names = list_inputs ("corpus", data);

  g_assert_nonnull (portside_fuzz_lookup (data));
  g_assert_cmpuint (names->len, >=, 5);
}

/* Inputs too small to be worth a file: no cuts, a one-byte header, nothing. */
static void
test_edges (void)
{
  static const guint8 response[] = "\x00\x01\x05\x00HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";

  portside_fuzz_init ();
  g_assert_null (portside_fuzz_lookup ("no-such-target"));
  portside_fuzz_parser (response, sizeof response - 1);
  portside_fuzz_parser ((const guint8 *) "H", 1);
  portside_fuzz_parser ((const guint8 *) "", 0);
  portside_fuzz_url ((const guint8 *) "", 0);
  portside_fuzz_request ((const guint8 *) "", 0);
}

static void
add_inputs (const char *kind, const char *target)
{
  g_autoptr(GPtrArray) names = list_inputs (kind, target);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *test_path = g_strdup_printf ("/fuzz-replay/%s/%s/%s", target, kind, name);
      Input *input = g_new0 (Input, 1);

      input->target = target;
      input->path = g_test_build_filename (G_TEST_DIST, "fuzz", kind, target, name, NULL);
      g_test_add_data_func_full (test_path, input, test_input, input_free);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *seeds = g_strdup_printf ("/fuzz-replay/%s/seeds", targets[i]);

      g_test_add_data_func (seeds, targets[i], test_seeds);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        add_inputs (kinds[k], targets[i]);
    }
  g_test_add_func ("/fuzz-replay/edges", test_edges);
  return g_test_run ();
}
