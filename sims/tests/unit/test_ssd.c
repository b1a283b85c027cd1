/* ssd: the three translation layers of the chapter "Flash-based SSDs" on
 * small worked examples, the cleaner, and the ordered address list behind
 * the random workload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/ssd/ssd.h"
#include "../../src/ssd/workload.h"

static ssd make(ssd_kind kind, long long nlogical, long long nblocks, long long ppb, long long high,
                long long low) {
  ssd s;
  assert_true(ssd_init(&s, kind, nlogical, nblocks, ppb, 1000.0, 40.0, 10.0, high, low));
  return s;
}

static void test_ideal(void **state) {
  (void)state;
  /* The README's first example: one write to logical page 10 lands on
   * physical page 10, with no erase. */
  ssd s = make(SSD_IDEAL, 30, 3, 10, 10, 8);
  assert_string_equal(ssd_write(&s, 10, "a"), "success");
  assert_int_equal(s.forward[10], 10);
  assert_int_equal(s.state[10], PAGE_VALID);
  assert_int_equal(s.state[11], PAGE_INVALID);
  assert_string_equal(ssd_read(&s, 10), "a");
  assert_string_equal(ssd_trim(&s, 10), "success");
  assert_string_equal(ssd_read(&s, 10), "fail: uninitialized read");
  assert_string_equal(ssd_trim(&s, 10), "fail: uninitialized trim");
  assert_string_equal(ssd_write(&s, 30, "b"), "fail: illegal write address");
  assert_string_equal(ssd_read(&s, -1), "fail: illegal read address");
  assert_int_equal(s.erase_sum, 0);
  assert_int_equal(s.write_sum, 1);
  assert_int_equal(s.read_sum, 1);
  assert_int_equal(s.lwrite_fail, 1);
  assert_int_equal(s.lread_fail, 2);
  assert_int_equal(s.trim_fail, 1);
  ssd_free(&s);
}

static void test_direct_read_modify_write(void **state) {
  (void)state;
  /* A direct write reads the block's other valid pages, erases the block
   * and programs them back with the new page: the write amplification the
   * chapter warns of. */
  ssd s = make(SSD_DIRECT, 30, 3, 10, 10, 8);
  assert_string_equal(ssd_write(&s, 1, "x"), "success");
  assert_string_equal(ssd_write(&s, 2, "y"), "success");
  assert_string_equal(ssd_write(&s, 1, "z"), "success");
  /* 3 erases of block 0; programs 1 + 2 + 2; reads 0 + 1 + 2 */
  assert_int_equal(s.erases[0], 3);
  assert_int_equal(s.writes[0], 5);
  assert_int_equal(s.reads[0], 3);
  assert_string_equal(ssd_read(&s, 1), "z");
  assert_string_equal(ssd_read(&s, 2), "y");
  /* the rest of the block was erased along the way */
  assert_int_equal(s.state[0], PAGE_ERASED);
  assert_int_equal(s.state[10], PAGE_INVALID);
  ssd_free(&s);
}

static void test_log_appends(void **state) {
  (void)state;
  /* Writes go to the next page of the log; an overwrite leaves the old
   * page valid but dead (the FTL points elsewhere). */
  ssd s = make(SSD_LOG, 8, 3, 4, 3, 2);
  const char *data[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
  long long addr[] = {0, 1, 0, 2, 3, 1, 4, 5};
  for (int i = 0; i < 8; i++) {
    assert_string_equal(ssd_write(&s, addr[i], data[i]), "success");
    assert_true(ssd_upkeep(&s));
  }
  assert_int_equal(s.forward[0], 2);
  assert_int_equal(s.forward[1], 5);
  assert_int_equal(s.forward[5], 7);
  assert_false(ssd_page_live(&s, 0));
  assert_false(ssd_page_live(&s, 1));
  assert_true(ssd_page_live(&s, 2));
  assert_string_equal(ssd_read(&s, 0), "c");
  /* each block was erased once, when the log first opened it */
  assert_int_equal(s.erase_sum, 2);
  assert_int_equal(s.in_use_count, 2);
  ssd_free(&s);
}

static void test_log_cleaner(void **state) {
  (void)state;
  /* Three blocks of two pages; the cleaner starts at 2 blocks in use and
   * stops at 1. Page 0 (logical 0, overwritten) is dead, page 1 live: the
   * cleaner copies page 1 to the log and erases block 0. */
  ssd s = make(SSD_LOG, 4, 3, 2, 2, 1);
  assert_string_equal(ssd_write(&s, 0, "a"), "success");
  assert_true(ssd_upkeep(&s));
  assert_string_equal(ssd_write(&s, 0, "b"), "success");
  assert_true(ssd_upkeep(&s));
  assert_string_equal(ssd_write(&s, 1, "c"), "success");
  assert_true(ssd_upkeep(&s));
  assert_int_equal(s.gc_count, 1);
  assert_int_equal(s.forward[0], 3);
  assert_int_equal(s.forward[1], 2);
  assert_int_equal(s.state[0], PAGE_ERASED);
  assert_int_equal(s.state[1], PAGE_ERASED);
  assert_int_equal(s.erases[0], 2);
  /* the copy counts as a logical write */
  assert_int_equal(s.lwrite_sum, 4);
  assert_int_equal(s.write_sum, 4);
  assert_int_equal(s.read_sum, 1);
  assert_int_equal(s.in_use_count, 1);
  assert_string_equal(ssd_read(&s, 0), "b");
  ssd_free(&s);
}

static void test_log_full(void **state) {
  (void)state;
  /* With the cleaner never due, the log fills up and writes fail. */
  ssd s = make(SSD_LOG, 10, 2, 2, 10, 8);
  for (int i = 0; i < 4; i++)
    assert_string_equal(ssd_write(&s, i, "x"), "success");
  assert_string_equal(ssd_write(&s, 4, "y"), "failure: device full");
  assert_int_equal(s.lwrite_fail, 1);
  ssd_free(&s);
}

static void test_crash_where_original_crashes(void **state) {
  (void)state;
  /* More logical than physical pages on a direct device: the original
   * looks up a page that does not exist. */
  ssd s = make(SSD_DIRECT, 50, 2, 2, 10, 8);
  assert_null(ssd_write(&s, 7, "x"));
  assert_non_null(s.error);
  ssd_free(&s);
  s = make(SSD_IDEAL, 5, 1, 0, 10, 8);
  assert_null(ssd_write(&s, 0, "x"));
  ssd_free(&s);
}

static void test_addr_list(void **state) {
  (void)state;
  /* Python list semantics: append keeps order, remove closes the gap. */
  addr_list l;
  assert_true(addr_list_init(&l));
  for (long long a = 0; a < 1000; a++)
    assert_true(addr_list_append(&l, a * 7));
  for (long long i = 0; i < 500; i++)
    addr_list_remove_at(&l, i); /* every other one of the original items */
  assert_int_equal(l.items.count, 500);
  assert_int_equal(addr_list_get(&l, 0), 7);
  assert_int_equal(addr_list_get(&l, 10), 21 * 7);
  assert_true(addr_list_contains(&l, 7));
  assert_false(addr_list_contains(&l, 0));
  assert_true(addr_list_append(&l, 0));
  assert_int_equal(addr_list_get(&l, 500), 0);
  assert_true(addr_list_append(&l, -5));
  assert_int_equal(addr_list_get(&l, 501), -5);
  addr_list_free(&l);
}

static void test_random_commands(void **state) {
  (void)state;
  /* The original with seed 0 and its defaults starts: write(37, q),
   * write(39, i), write(29, U), write(14, K), write(12, U), trim(12). */
  pyrandom r;
  pyrandom_seed(&r, 0);
  ssd_workload w;
  assert_true(workload_init_random(&w, &r, 6, 40, 50, 0, 50, false, 0, 0, 0));
  long long want[] = {37, 39, 29, 14, 12, 12};
  const char *data[] = {"q", "i", "U", "K", "U"};
  for (int i = 0; i < 6; i++) {
    ssd_cmd c = workload_next(&w);
    assert_int_equal(c.kind, i < 5 ? CMD_WRITE : CMD_TRIM);
    assert_int_equal(c.address, want[i]);
    if (i < 5)
      assert_string_equal(c.data, data[i]);
  }
  assert_int_equal(workload_next(&w).kind, CMD_END);
  workload_free(&w);
  /* Only reads of known pages and trims: nothing could ever be drawn. */
  assert_false(workload_init_random(&w, &r, 5, 100, 10, 0, 50, false, 0, 0, 0));
  workload_free(&w);
}

static void test_command_list(void **state) {
  (void)state;
  ssd_workload w;
  assert_true(workload_init_list(&w, "w9:f,t9,r9,x1,r 4 ,w3:ab:c,,r1"));
  ssd_cmd c = workload_next(&w);
  assert_int_equal(c.kind, CMD_WRITE);
  assert_int_equal(c.address, 9);
  assert_string_equal(c.data, "f");
  assert_int_equal(workload_next(&w).kind, CMD_TRIM);
  assert_int_equal(workload_next(&w).kind, CMD_READ);
  assert_int_equal(workload_next(&w).kind, CMD_OTHER);
  c = workload_next(&w);
  assert_int_equal(c.kind, CMD_READ);
  assert_int_equal(c.address, 4);
  c = workload_next(&w);
  assert_string_equal(c.data, "ab");
  /* an empty word ends the list */
  assert_int_equal(workload_next(&w).kind, CMD_END);
  assert_int_equal(workload_next(&w).kind, CMD_END);
  workload_free(&w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ideal),        cmocka_unit_test(test_direct_read_modify_write),
      cmocka_unit_test(test_log_appends),  cmocka_unit_test(test_log_cleaner),
      cmocka_unit_test(test_log_full),     cmocka_unit_test(test_crash_where_original_crashes),
      cmocka_unit_test(test_addr_list),    cmocka_unit_test(test_random_commands),
      cmocka_unit_test(test_command_list),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
