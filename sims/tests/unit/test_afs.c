/* Unit tests of the AFS model: the README's scenario (a callback while the
 * file is open), whole-file caching on re-open, last writer wins, the
 * original's dict order and repr, and its checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "afs.h"

typedef struct {
  afs_step steps[64];
  long long cbs[64][4];
  int n;
} record;

static void on_step(void *ctx, const afs_sim *s, const afs_step *st) {
  (void)s;
  record *r = ctx;
  r->steps[r->n] = *st;
  for (long long i = 0; i < st->ncallbacks && i < 4; i++)
    r->cbs[r->n][i] = st->callbacks[i];
  r->n++;
}

static afs_status run(afs_sim *s, const char *actions, const char *schedule, record *rec,
                      char *err) {
  memset(s, 0, sizeof *s);
  s->nclients_opt = 2;
  s->nsteps = 2;
  s->nfiles = 1;
  s->readratio = 0.5;
  s->actions = actions;
  s->schedule = schedule;
  s->solve = true;
  afs_init(s);
  memset(rec, 0, sizeof *rec);
  afs_hooks hooks = {rec, NULL, on_step};
  return afs_run(s, "12", NULL, &hooks, err, 256);
}

/* README: c0 opens a and reads it; c1 opens, writes and closes it, which
 * breaks c0's callback; c0 still reads its open copy (0), and a is 1. */
static void test_readme_callback(void **state) {
  (void)state;
  afs_sim s;
  record rec;
  char err[256];
  assert_int_equal(run(&s, "oa1:r1:c1,oa1:w1:c1", "011100", &rec, err), AFS_DONE);
  assert_int_equal(rec.n, 6);
  /* order: c0 open, c1 open, w, close (callback to c0), c0 read, c0 close */
  assert_int_equal(rec.steps[3].act.op, AFS_CLOSE);
  assert_true(rec.steps[3].stored);
  assert_int_equal(rec.steps[3].ncallbacks, 1);
  assert_int_equal(rec.cbs[3][0], 0);
  assert_int_equal(rec.steps[4].act.op, AFS_READ);
  assert_int_equal(rec.steps[4].value, 0); /* the stale copy: AFS checks only at open */
  assert_int_equal(s.server_value['a'], 1);
  assert_int_equal(s.clients[0].invalidates, 1);
  /* c0 closed the invalid file: gone from its cache */
  assert_int_equal(s.clients[0].ncache, 0);
  assert_int_equal(s.gets, 2);
  assert_int_equal(s.puts, 1);
  afs_free(&s);
}

/* A second open of a valid cached file is a hit and needs no get; after a
 * callback the next open fetches the new contents. */
static void test_reopen(void **state) {
  (void)state;
  afs_sim s;
  record rec;
  char err[256];
  assert_int_equal(run(&s, "oa1:r1:c1:oa2:r2:c2:oa3:r3:c3,oa1:w1:c1", "0001111000", &rec, err),
                   AFS_DONE);
  afs_client *c0 = &s.clients[0];
  /* steps: c0 open/read/close, c1 open/write/close (breaking c0's callback),
   * c0 open (cached but invalid: fetch) ..., c0 open (cached, valid: no fetch) */
  assert_int_equal(rec.n, 12);
  assert_int_equal(c0->hits, 2);   /* both re-opens find the file cached */
  assert_int_equal(c0->misses, 1); /* the first open */
  assert_int_equal(s.gets, 3);     /* c0 twice, c1 once */
  assert_true(rec.steps[6].fetched);
  assert_int_equal(rec.steps[7].value, 1); /* the second read sees c1's write */
  assert_false(rec.steps[9].fetched);
  assert_int_equal(rec.steps[10].value, 1);
  afs_free(&s);
}

/* Both clients write; the last one to close wins. */
static void test_last_writer_wins(void **state) {
  (void)state;
  afs_sim s;
  record rec;
  char err[256];
  assert_int_equal(run(&s, "oa1:w1:c1,oa1:w1:c1", "0101", &rec, err), AFS_DONE);
  /* values: a starts at 0; c0 writes 1, c1 writes 2; c0 closes, then c1 */
  assert_int_equal(s.server_value['a'], 2);
  assert_int_equal(s.puts, 2);
  afs_free(&s);
}

static void test_errors(void **state) {
  (void)state;
  afs_sim s;
  record rec;
  char err[256];
  assert_int_equal(run(&s, "oa1:oa1", "", &rec, err), AFS_ABORT);
  assert_non_null(strstr(err, "fd:1 already in use"));
  afs_free(&s);
  assert_int_equal(run(&s, "oa1::c1", "", &rec, err), AFS_CRASH);
  afs_free(&s);
  assert_int_equal(run(&s, "oa1:c1", "2", &rec, err), AFS_ABORT); /* client 0 never scheduled */
  afs_free(&s);
  assert_int_equal(run(&s, "oa1:c1", "0x", &rec, err), AFS_CRASH);
  afs_free(&s);
}

static void test_char_repr(void **state) {
  (void)state;
  char buf[8];
  assert_string_equal(afs_char_repr('a', buf), "'a'");
  assert_string_equal(afs_char_repr('\'', buf), "\"'\"");
  assert_string_equal(afs_char_repr('\\', buf), "'\\\\'");
  assert_string_equal(afs_char_repr('\t', buf), "'\\t'");
  assert_string_equal(afs_char_repr(1, buf), "'\\x01'");
  assert_string_equal(afs_char_repr(0x7f, buf), "'\\x7f'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_readme_callback),  cmocka_unit_test(test_reopen),
      cmocka_unit_test(test_last_writer_wins), cmocka_unit_test(test_errors),
      cmocka_unit_test(test_char_repr),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
