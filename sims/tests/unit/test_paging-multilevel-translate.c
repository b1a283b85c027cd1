/* paging-multilevel-translate: the two-level walk of the book's chapter
 * "Paging: Smaller Tables", and the machine built from a seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/paging-multilevel-translate/multilevel.h"

static ml_machine machine;

static void test_walk_by_hand(void **state) {
  (void)state;
  /* Directory in frame 0; its entry 3 points to a page table in frame 5,
     * whose entry 7 maps frame 9. VA = 3<<10 | 7<<5 | 4 = 0xce4 translates
     * to 9*32 + 4 = 292. */
  memset(&machine, 0, sizeof machine);
  memset(machine.memory, ML_UNUSED_ENTRY, 6 * ML_PAGE_SIZE);
  machine.pdbr = 0;
  machine.memory[3] = 0x80 | 5;
  machine.memory[5 * ML_PAGE_SIZE + 7] = 0x80 | 9;
  machine.memory[9 * ML_PAGE_SIZE + 4] = 0x1b;
  ml_walk walk;
  ml_translate(&machine, 0xce4, &walk);
  assert_int_equal(walk.result, ML_TRANSLATED);
  assert_int_equal(walk.pde_index, 3);
  assert_int_equal(walk.pte_index, 7);
  assert_int_equal(walk.paddr, 292);
  assert_int_equal(walk.value, 0x1b);
  /* Another entry of the same table is empty: a PTE fault. */
  ml_translate(&machine, 0xc00, &walk);
  assert_int_equal(walk.result, ML_PTE_FAULT);
  assert_int_equal(walk.pte, ML_UNUSED_ENTRY);
  /* An empty directory entry: a PDE fault, no table looked at. */
  ml_translate(&machine, 0x1000, &walk);
  assert_int_equal(walk.result, ML_PDE_FAULT);
  assert_int_equal(walk.pde, ML_UNUSED_ENTRY);
}

static void test_seed_zero(void **state) {
  (void)state;
  /* The original, seed 0, 64 pages: PDBR 108; VA 611c translates to
     * 0x6bc holding 08, VA 3da8 hits an empty PTE. */
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  assert_true(ml_build(&machine, &rng, 64));
  assert_int_equal(machine.pdbr, 108);
  ml_walk walk;
  assert_int_equal(ml_next_address(&machine, &rng, 0), 0x611c);
  ml_translate(&machine, 0x611c, &walk);
  assert_int_equal(walk.result, ML_TRANSLATED);
  assert_int_equal(walk.paddr, 0x6bc);
  assert_int_equal(walk.value, 0x08);
  assert_int_equal(ml_next_address(&machine, &rng, 1), 0x3da8);
  ml_translate(&machine, 0x3da8, &walk);
  assert_int_equal(walk.result, ML_PTE_FAULT);
}

static void test_build_invariants(void **state) {
  (void)state;
  pyrandom rng;
  pyrandom_seed(&rng, 42);
  assert_true(ml_build(&machine, &rng, 64));
  assert_int_equal(machine.nallocated, 64);
  bool frame_seen[ML_FRAMES] = {false};
  frame_seen[machine.pdbr] = true;
  int tables = 0;
  for (int pde = 0; pde < 32; pde++) {
    int entry = machine.memory[machine.pdbr * ML_PAGE_SIZE + pde];
    if (entry & 0x80) {
      tables++;
      assert_false(frame_seen[entry & 0x7f]);
      frame_seen[entry & 0x7f] = true;
    } else {
      assert_int_equal(entry, ML_UNUSED_ENTRY);
    }
  }
  /* One directory, one frame per page, one per page table. */
  assert_int_equal(machine.frames_used, 1 + 64 + tables);
  for (int i = 0; i < machine.nallocated; i++) {
    ml_walk walk;
    ml_translate(&machine, machine.allocated[i] << ML_PAGE_BITS | 31, &walk);
    assert_int_equal(walk.result, ML_TRANSLATED);
    int frame = walk.paddr >> ML_PAGE_BITS;
    assert_false(frame_seen[frame]);
    frame_seen[frame] = true;
    for (int j = 0; j < ML_PAGE_SIZE; j++)
      assert_in_range(machine.memory[frame * ML_PAGE_SIZE + j], 0, 30);
  }
}

static void test_frames_run_out(void **state) {
  (void)state;
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  assert_false(ml_build(&machine, &rng, 127));
  assert_int_equal(machine.frames_used, ML_FRAMES);
}

static void test_coin_drawn_without_pages(void **state) {
  (void)state;
  /* With no pages allocated the coin is still drawn before each address:
     * seed 0 gives 35d5, 4171, 6453 as the original does. */
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  assert_true(ml_build(&machine, &rng, 0));
  assert_int_equal(ml_next_address(&machine, &rng, 0), 0x35d5);
  assert_int_equal(ml_next_address(&machine, &rng, 1), 0x4171);
  assert_int_equal(ml_next_address(&machine, &rng, 2), 0x6453);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_walk_by_hand),
      cmocka_unit_test(test_seed_zero),
      cmocka_unit_test(test_build_invariants),
      cmocka_unit_test(test_frames_run_out),
      cmocka_unit_test(test_coin_drawn_without_pages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
