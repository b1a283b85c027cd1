// Unit tests for the log's bookkeeping (kernel/logbook.c).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/fs/logbook.h"

static void test_init_clamps_capacity(void **state) {
  struct logbook lb;
  logbook_init(&lb, 1000);
  assert_int_equal(lb.cap, LOGSIZE);
  assert_int_equal(lb.n, 0);
  logbook_init(&lb, 12);
  assert_int_equal(lb.cap, 12);
}

static void test_add_keeps_first_write_order(void **state) {
  struct logbook lb;
  logbook_init(&lb, LOGSIZE);
  assert_int_equal(logbook_add(&lb, 70), 1);
  assert_int_equal(logbook_add(&lb, 50), 1);
  assert_int_equal(logbook_add(&lb, 60), 1);
  assert_int_equal(lb.n, 3);
  assert_int_equal(lb.block[0], 70);
  assert_int_equal(lb.block[1], 50);
  assert_int_equal(lb.block[2], 60);
  assert_int_equal(logbook_find(&lb, 50), 1);
  assert_int_equal(logbook_find(&lb, 99), -1);
}

static void test_repeated_writes_are_absorbed(void **state) {
  struct logbook lb;
  logbook_init(&lb, LOGSIZE);
  assert_int_equal(logbook_add(&lb, 40), 1);
  assert_int_equal(logbook_add(&lb, 41), 1);
  for (int i = 0; i < 10; i++) {
    assert_int_equal(logbook_add(&lb, 40), 0);
    assert_int_equal(logbook_add(&lb, 41), 0);
  }
  assert_int_equal(lb.n, 2);
}

static void test_add_fails_when_full(void **state) {
  struct logbook lb;
  logbook_init(&lb, 3);
  assert_int_equal(logbook_add(&lb, 100), 1);
  assert_int_equal(logbook_add(&lb, 101), 1);
  assert_int_equal(logbook_add(&lb, 102), 1);
  assert_int_equal(logbook_add(&lb, 103), -1);
  assert_int_equal(logbook_add(&lb, 101), 0); // still absorbed when full
  assert_int_equal(lb.n, 3);
}

static void test_clear_empties(void **state) {
  struct logbook lb;
  logbook_init(&lb, LOGSIZE);
  logbook_add(&lb, 9);
  logbook_clear(&lb);
  assert_int_equal(lb.n, 0);
  assert_int_equal(logbook_find(&lb, 9), -1);
  assert_int_equal(logbook_add(&lb, 9), 1);
}

static void test_room_reserves_maxopblocks_per_operation(void **state) {
  struct logbook lb;
  logbook_init(&lb, 3 * MAXOPBLOCKS);
  assert_true(logbook_has_room(&lb, 0));
  assert_true(logbook_has_room(&lb, 2));  // three operations fit exactly
  assert_false(logbook_has_room(&lb, 3)); // a fourth would not
  logbook_add(&lb, 77);                   // blocks already logged count too
  assert_false(logbook_has_room(&lb, 2));
  assert_true(logbook_has_room(&lb, 1));
}

static void test_room_with_small_log(void **state) {
  struct logbook lb;
  logbook_init(&lb, MAXOPBLOCKS - 1);
  assert_false(logbook_has_room(&lb, 0));
  logbook_init(&lb, MAXOPBLOCKS);
  assert_true(logbook_has_room(&lb, 0));
  assert_false(logbook_has_room(&lb, 1));
}

static void test_pack_layout_is_little_endian(void **state) {
  struct logbook lb;
  uchar block[BSIZE];
  memset(block, 0xAA, sizeof(block));
  logbook_init(&lb, LOGSIZE);
  logbook_add(&lb, 0x01020304);
  logbook_add(&lb, 5);
  logbook_pack(&lb, block);
  const uchar want[] = {2, 0, 0, 0, 4, 3, 2, 1, 5, 0, 0, 0};
  assert_memory_equal(block, want, sizeof(want));
  for (int i = sizeof(want); i < BSIZE; i++)
    assert_int_equal(block[i], 0);
}

static void test_pack_unpack_round_trip(void **state) {
  struct logbook out, in;
  uchar block[BSIZE];
  logbook_init(&out, LOGSIZE);
  for (uint b = 0; b < LOGSIZE; b++)
    logbook_add(&out, 100 + 3 * b);
  logbook_pack(&out, block);
  logbook_init(&in, LOGSIZE);
  assert_int_equal(logbook_unpack(&in, block, 100, 200), 0);
  assert_int_equal(in.n, LOGSIZE);
  assert_memory_equal(in.block, out.block, LOGSIZE * sizeof(uint));
}

static void test_unpack_empty_header(void **state) {
  struct logbook lb;
  uchar block[BSIZE];
  memset(block, 0, sizeof(block));
  logbook_init(&lb, LOGSIZE);
  logbook_add(&lb, 150);
  assert_int_equal(logbook_unpack(&lb, block, 100, 200), 0);
  assert_int_equal(lb.n, 0);
}

static void test_unpack_rejects_too_many_blocks(void **state) {
  struct logbook lb;
  uchar block[BSIZE];
  memset(block, 0, sizeof(block));
  block[0] = 11; // n = 11 in a log of 10
  logbook_init(&lb, 10);
  assert_int_equal(logbook_unpack(&lb, block, 0, 1000), -1);
  assert_int_equal(lb.n, 0);
  block[0] = 0xff;
  block[3] = 0xff; // a huge n must not be trusted either
  assert_int_equal(logbook_unpack(&lb, block, 0, 1000), -1);
}

static void test_unpack_rejects_blocks_out_of_range(void **state) {
  struct logbook out, in;
  uchar block[BSIZE];
  logbook_init(&out, LOGSIZE);
  logbook_init(&in, LOGSIZE);
  logbook_add(&out, 150);
  logbook_add(&out, 200); // hi is exclusive
  logbook_pack(&out, block);
  assert_int_equal(logbook_unpack(&in, block, 100, 200), -1);
  assert_int_equal(in.n, 0);
  assert_int_equal(logbook_unpack(&in, block, 151, 300), -1);
  assert_int_equal(logbook_unpack(&in, block, 150, 201), 0);
  assert_int_equal(in.n, 2);
}

// The orphan list lives in the superblock's block, below the log: a transaction that puts a
// file on it or takes one off logs that block, and recovery must install it.
static void test_unpack_accepts_the_superblock(void **state) {
  struct logbook out, in;
  uchar block[BSIZE];
  logbook_init(&out, LOGSIZE);
  logbook_init(&in, LOGSIZE);
  logbook_add(&out, 150);
  logbook_add(&out, SUPERBLOCK);
  logbook_pack(&out, block);
  assert_int_equal(logbook_unpack(&in, block, 100, 200), 0);
  assert_int_equal(in.n, 2);
  assert_int_equal(in.block[1], SUPERBLOCK);
  logbook_add(&out, SUPERBLOCK + 1); // the log's own blocks (here from 2) never are home blocks
  logbook_pack(&out, block);
  assert_int_equal(logbook_unpack(&in, block, 100, 200), -1);
}

static void test_summed_header_round_trip(void **state) {
  struct logbook out, in;
  uchar block[BSIZE], data[BSIZE];
  memset(data, 7, sizeof(data));
  logbook_init(&out, LOGSIZE);
  logbook_add(&out, 150);
  out.summed = 1;
  out.sum = logbook_sum_add(logbook_sum_start(&out), data);
  logbook_pack(&out, block);
  logbook_init(&in, LOGSIZE);
  assert_int_equal(logbook_unpack(&in, block, 100, 200), 0);
  assert_true(in.summed);
  assert_int_equal(in.sum, out.sum);
  assert_int_equal(logbook_sum_add(logbook_sum_start(&in), data), in.sum);
  data[BSIZE - 1] = 8; // a logged block that is not the one summed
  assert_int_not_equal(logbook_sum_add(logbook_sum_start(&in), data), in.sum);
}

static void test_unsummed_and_empty_headers_carry_no_sum(void **state) {
  struct logbook lb;
  uchar block[BSIZE];
  logbook_init(&lb, LOGSIZE);
  logbook_add(&lb, 150);
  logbook_pack(&lb, block);
  assert_int_equal(logbook_unpack(&lb, block, 100, 200), 0);
  assert_false(lb.summed);
  lb.summed = 1;
  logbook_clear(&lb);
  logbook_pack(&lb, block);
  for (int i = 0; i < BSIZE; i++)
    assert_int_equal(block[i], 0); // the cleared header is all zeros in both modes
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_init_clamps_capacity),
      cmocka_unit_test(test_add_keeps_first_write_order),
      cmocka_unit_test(test_repeated_writes_are_absorbed),
      cmocka_unit_test(test_add_fails_when_full),
      cmocka_unit_test(test_clear_empties),
      cmocka_unit_test(test_room_reserves_maxopblocks_per_operation),
      cmocka_unit_test(test_room_with_small_log),
      cmocka_unit_test(test_pack_layout_is_little_endian),
      cmocka_unit_test(test_pack_unpack_round_trip),
      cmocka_unit_test(test_unpack_empty_header),
      cmocka_unit_test(test_unpack_rejects_too_many_blocks),
      cmocka_unit_test(test_unpack_rejects_blocks_out_of_range),
      cmocka_unit_test(test_unpack_accepts_the_superblock),
      cmocka_unit_test(test_summed_header_round_trip),
      cmocka_unit_test(test_unsummed_and_empty_headers_carry_no_sum),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
