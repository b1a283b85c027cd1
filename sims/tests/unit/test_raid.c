/* raid: block mappings from the book's figures (chapter "Redundant Arrays
 * of Inexpensive Disks"), the cost of requests, and the disk time model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/raid/raid.h"

static raid_array make(int level, int ndisks, long long chunk, bool left_symmetric) {
  raid_array a;
  assert_true(raid_init(&a, level, ndisks, chunk, left_symmetric));
  return a;
}

static void expect_map(const raid_array *a, long long block, int disk, long long offset) {
  int d;
  long long off;
  raid_map(a, block, &d, &off);
  assert_int_equal(d, disk);
  assert_int_equal(off, offset);
}

/* Collects the ops of a request. */
typedef struct {
  raid_op ops[64];
  int count, reads, writes;
} op_log;

static void log_op(void *ctx, const raid_op *op) {
  op_log *log = ctx;
  if (log->count < 64)
    log->ops[log->count] = *op;
  log->count++;
  if (op->write)
    log->writes++;
  else
    log->reads++;
}

static op_log request(raid_array *a, long long addr, long long size, bool write) {
  op_log log = {0};
  assert_true(raid_request(a, addr, size, write, log_op, &log, NULL));
  return log;
}

static void test_raid0_striping(void **state) {
  (void)state;
  /* Figure 38.1: four disks, one-block chunks; block 14 is on disk 2 at
     * offset 3 (disk = A % 4, offset = A / 4). */
  raid_array a = make(0, 4, 1, true);
  expect_map(&a, 0, 0, 0);
  expect_map(&a, 3, 3, 0);
  expect_map(&a, 14, 2, 3);
  raid_free(&a);
  /* Figure 38.2: two-block chunks: disk 1 holds 2, 3, 10, 11. */
  a = make(0, 4, 2, true);
  expect_map(&a, 2, 1, 0);
  expect_map(&a, 3, 1, 1);
  expect_map(&a, 10, 1, 2);
  expect_map(&a, 11, 1, 3);
  expect_map(&a, 9, 0, 3);
  raid_free(&a);
}

static void test_raid1_mirroring(void **state) {
  (void)state;
  /* Figure 38.3: disks 0 and 1 hold 0, 2, 4, 6; disks 2 and 3 hold 1, 3,
     * 5, 7. */
  raid_array a = make(1, 4, 1, true);
  expect_map(&a, 0, 0, 0);
  expect_map(&a, 1, 2, 0);
  expect_map(&a, 4, 0, 2);
  expect_map(&a, 7, 2, 3);
  /* A write goes to both disks of the pair; a read to one of them, chosen
     * by the offset. */
  op_log w = request(&a, 7, 1, true);
  assert_int_equal(w.writes, 2);
  assert_int_equal(w.ops[0].disk, 2);
  assert_int_equal(w.ops[1].disk, 3);
  op_log r = request(&a, 7, 1, false);
  assert_int_equal(r.count, 1);
  assert_int_equal(r.ops[0].disk, 3); /* offset 3 is odd */
  r = request(&a, 5, 1, false);
  assert_int_equal(r.ops[0].disk, 2); /* offset 2 is even */
  raid_free(&a);
}

static void test_raid4_parity_disk(void **state) {
  (void)state;
  /* Figure 38.4: five disks, parity on disk 4; disk 0 holds 0, 4, 8, 12. */
  raid_array a = make(4, 5, 1, true);
  expect_map(&a, 8, 0, 2);
  expect_map(&a, 13, 1, 3);
  assert_int_equal(raid_parity_disk(&a, 0), 4);
  assert_int_equal(raid_parity_disk(&a, 7), 4);
  raid_free(&a);
}

static void test_raid5_left_symmetric(void **state) {
  (void)state;
  /* Figure 38.7 (left-symmetric):
     *   0  1  2  3 P0
     *   5  6  7 P1  4
     *  10 11 P2  8  9
     *  15 P3 12 13 14
     *  P4 16 17 18 19 */
  raid_array a = make(5, 5, 1, true);
  expect_map(&a, 4, 4, 1);
  expect_map(&a, 5, 0, 1);
  expect_map(&a, 8, 3, 2);
  expect_map(&a, 12, 2, 3);
  expect_map(&a, 16, 1, 4);
  expect_map(&a, 19, 4, 4);
  for (int s = 0; s < 5; s++)
    assert_int_equal(raid_parity_disk(&a, s), 4 - s);
  raid_free(&a);
}

static void test_raid5_left_asymmetric(void **state) {
  (void)state;
  /* Left-asymmetric: data fills the disks left to right, skipping parity:
     *   0  1  2 P0
     *   3  4 P1  5
     *   6 P2  7  8
     *  P3  9 10 11 */
  raid_array a = make(5, 4, 1, false);
  expect_map(&a, 5, 3, 1);
  expect_map(&a, 6, 0, 2);
  expect_map(&a, 7, 2, 2);
  expect_map(&a, 9, 1, 3);
  raid_free(&a);
}

static void test_parity_write_costs(void **state) {
  (void)state;
  /* The book's small write on RAID-4: read old data and old parity, write
     * new data and new parity (subtractive parity). */
  raid_array a = make(4, 5, 1, true);
  op_log small = request(&a, 5, 1, true);
  assert_int_equal(small.reads, 2);
  assert_int_equal(small.writes, 2);
  assert_false(small.ops[1].write);
  assert_int_equal(small.ops[1].disk, 4);
  /* A full-stripe write needs no reads at all. */
  op_log full = request(&a, 8, 4, true);
  assert_int_equal(full.reads, 0);
  assert_int_equal(full.writes, 5);
  /* Three of four blocks: reading the one other block (additive parity)
     * beats reading three old blocks and the parity. */
  op_log most = request(&a, 12, 3, true);
  assert_int_equal(most.reads, 1);
  assert_int_equal(most.ops[0].disk, 3);
  assert_int_equal(most.writes, 4);
  /* Reads never touch parity. */
  op_log read = request(&a, 0, 4, false);
  assert_int_equal(read.reads, 4);
  assert_int_equal(read.writes, 0);
  raid_free(&a);
}

static void test_parity_offsets_once(void **state) {
  (void)state;
  /* With two-block chunks, a write of blocks 1..2 of a stripe touches
     * parity offsets 1 and 0, each once, in first-seen order. */
  raid_array a = make(4, 4, 2, true);
  op_log log = request(&a, 1, 2, true);
  /* subtractive: 2 data reads, 2 parity reads, then the same writes */
  assert_int_equal(log.count, 8);
  assert_int_equal(log.ops[2].disk, 3);
  assert_int_equal(log.ops[2].offset, 1);
  assert_int_equal(log.ops[3].offset, 0);
  assert_true(log.ops[3].ends_line);
  raid_free(&a);
}

static void test_disk_timing(void **state) {
  (void)state;
  raid_array a = make(0, 1, 1, true);
  double total;
  assert_false(raid_total_time(&a, &total));
  /* First access seeks: 10 ms plus 0.1 ms transfer. */
  request(&a, 50, 1, false);
  assert_true(raid_total_time(&a, &total));
  assert_true(total == 10.1);
  /* The next block is sequential: 0.1 ms. */
  request(&a, 51, 1, false);
  assert_int_equal(a.disks[0].sequential, 1);
  /* Same track, 40 blocks on: "nearly", 0.1 ms a block. */
  request(&a, 91, 1, false);
  assert_int_equal(a.disks[0].nearly, 1);
  /* Another track, far away: a seek again. */
  request(&a, 5000, 1, false);
  assert_int_equal(a.disks[0].random, 2);
  assert_true(raid_total_time(&a, &total));
  assert_true(total == 10.1 + 0.1 + 40 * 0.1 + 10.1);
  raid_free(&a);
}

static void test_beyond_disk(void **state) {
  (void)state;
  /* Each disk holds 10000 blocks; block 40000 of four disks is beyond. */
  raid_array a = make(0, 4, 1, true);
  raid_op bad;
  assert_true(raid_request(&a, 39999, 1, false, NULL, NULL, &bad));
  assert_false(raid_request(&a, 40000, 1, false, NULL, NULL, &bad));
  assert_int_equal(bad.disk, 0);
  assert_int_equal(bad.offset, 10000);
  raid_free(&a);
}

static void test_workload_draws(void **state) {
  (void)state;
  /* Seed 0: random() gives 0.844..., 0.757..., 0.420..., so the first
     * request is block 8444 and a read at 50% writes (0.757 >= 0.5). */
  raid_workload w;
  assert_true(raid_workload_init(&w, "0", false, 10000, 1, 50));
  long long block;
  bool write;
  raid_workload_next(&w, &block, &write);
  assert_int_equal(block, 8444);
  assert_false(write);
  /* Sequential requests follow each other and still draw the kind. */
  assert_true(raid_workload_init(&w, "0", true, 10000, 4, 80));
  raid_workload_next(&w, &block, &write);
  assert_int_equal(block, 0);
  assert_false(write); /* 0.844 >= 0.8 */
  raid_workload_next(&w, &block, &write);
  assert_int_equal(block, 4);
  assert_true(write); /* 0.757 < 0.8 */
  assert_false(raid_workload_init(&w, "zero", true, 1, 1, 0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_raid0_striping),        cmocka_unit_test(test_raid1_mirroring),
      cmocka_unit_test(test_raid4_parity_disk),     cmocka_unit_test(test_raid5_left_symmetric),
      cmocka_unit_test(test_raid5_left_asymmetric), cmocka_unit_test(test_parity_write_costs),
      cmocka_unit_test(test_parity_offsets_once),   cmocka_unit_test(test_disk_timing),
      cmocka_unit_test(test_beyond_disk),           cmocka_unit_test(test_workload_draws),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
