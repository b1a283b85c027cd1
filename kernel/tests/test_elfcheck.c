// Host tests for kernel/elfcheck.c: the checks exec makes before trusting an ELF file.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/types.h"
#include "kernel/elf.h"
#include "kernel/sys/elfcheck.h"

#define PAGE  4096UL
#define LIMIT (1UL << 37) // a user-space limit for the segment tests

// A valid header for a file of 64 KB with two program headers right after it.
static struct elfhdr good_header(void) {
  struct elfhdr eh;
  memset(&eh, 0, sizeof(eh));
  eh.magic = ELF_MAGIC;
  eh.elf[0] = ELF_CLASS_64;
  eh.elf[1] = ELF_DATA_LITTLE;
  eh.elf[2] = 1;
  eh.type = ELF_TYPE_EXEC;
  eh.machine = ELF_MACHINE_RISCV;
  eh.version = 1;
  eh.entry = 0x100;
  eh.phoff = sizeof(struct elfhdr);
  eh.phentsize = sizeof(struct proghdr);
  eh.phnum = 2;
  eh.ehsize = sizeof(struct elfhdr);
  return eh;
}

static struct proghdr segment(uint64 vaddr, uint64 off, uint64 filesz, uint64 memsz) {
  struct proghdr ph;
  memset(&ph, 0, sizeof(ph));
  ph.type = ELF_PROG_LOAD;
  ph.flags = ELF_PROG_FLAG_READ;
  ph.vaddr = vaddr;
  ph.off = off;
  ph.filesz = filesz;
  ph.memsz = memsz;
  ph.align = PAGE;
  return ph;
}

static void test_header_valid(void **state) {
  struct elfhdr eh = good_header();
  assert_int_equal(elf_header_ok(&eh, 65536), 1);
}

static void test_header_bad_magic(void **state) {
  struct elfhdr eh = good_header();
  eh.magic = 0x464C457E;
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
}

static void test_header_not_64bit_riscv_exec(void **state) {
  struct elfhdr eh = good_header();
  eh.elf[0] = 1; // 32-bit
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
  eh = good_header();
  eh.elf[1] = 2; // big endian
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
  eh = good_header();
  eh.machine = 62; // x86-64
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
  eh = good_header();
  eh.type = 3; // shared object
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
  eh = good_header();
  eh.version = 0;
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
}

static void test_header_file_too_short(void **state) {
  struct elfhdr eh = good_header();
  assert_int_equal(elf_header_ok(&eh, sizeof(struct elfhdr) - 1), 0);
  assert_int_equal(elf_header_ok(&eh, 0), 0);
}

static void test_header_phdrs_truncated(void **state) {
  struct elfhdr eh = good_header();
  uint64 needed = sizeof(struct elfhdr) + 2 * sizeof(struct proghdr);
  assert_int_equal(elf_header_ok(&eh, needed), 1);
  assert_int_equal(elf_header_ok(&eh, needed - 1), 0);
}

static void test_header_phoff_wraps(void **state) {
  struct elfhdr eh = good_header();
  eh.phoff = ~0UL - 8; // offset + table size wraps past zero
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
  eh.phoff = 65536; // just past the end
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
}

static void test_header_phnum_and_entsize(void **state) {
  struct elfhdr eh = good_header();
  eh.phnum = 0;
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
  eh.phnum = ELF_MAX_PHNUM + 1;
  assert_int_equal(elf_header_ok(&eh, 1 << 20), 0);
  eh = good_header();
  eh.phentsize = sizeof(struct proghdr) - 1;
  assert_int_equal(elf_header_ok(&eh, 65536), 0);
}

static void test_segment_valid(void **state) {
  struct proghdr ph = segment(0, 0x1000, 0x2000, 0x3000);
  assert_int_equal(elf_segment_ok(&ph, 0x3000, LIMIT), 1);
}

static void test_segment_filesz_gt_memsz(void **state) {
  struct proghdr ph = segment(0, 0x1000, 0x2001, 0x2000);
  assert_int_equal(elf_segment_ok(&ph, 0x10000, LIMIT), 0);
}

static void test_segment_outside_file(void **state) {
  struct proghdr ph = segment(0, 0x1000, 0x2000, 0x2000);
  assert_int_equal(elf_segment_ok(&ph, 0x2fff, LIMIT), 0); // one byte short
  ph = segment(0, 0x4000, 0, 0x1000);                      // offset past the end
  assert_int_equal(elf_segment_ok(&ph, 0x3000, LIMIT), 0);
  ph = segment(0, ~0UL - 0xfff, 0x2000, 0x2000); // offset + size wraps
  assert_int_equal(elf_segment_ok(&ph, 0x3000, LIMIT), 0);
}

static void test_segment_vaddr_wraps_or_too_high(void **state) {
  struct proghdr ph = segment(~0UL - 0xfff, 0, 0, 0x2000); // wraps around
  assert_int_equal(elf_segment_ok(&ph, 0x1000, LIMIT), 0);
  ph = segment(LIMIT - PAGE, 0, 0, PAGE); // ends exactly at the limit: fine
  assert_int_equal(elf_segment_ok(&ph, 0x1000, LIMIT), 1);
  ph = segment(LIMIT - PAGE, 0, 0, PAGE + 1); // one byte over
  assert_int_equal(elf_segment_ok(&ph, 0x1000, LIMIT), 0);
  ph = segment(LIMIT, 0, 0, 0);                            // starts above
  assert_int_equal(elf_segment_ok(&ph, 0x1000, LIMIT), 1); // empty, at the limit
}

static void test_segment_unaligned_or_not_load(void **state) {
  struct proghdr ph = segment(0x1010, 0, 0x10, 0x10);
  assert_int_equal(elf_segment_ok(&ph, 0x1000, LIMIT), 0);
  ph = segment(0x1000, 0, 0x10, 0x10);
  ph.type = 4; // PT_NOTE
  assert_int_equal(elf_segment_ok(&ph, 0x1000, LIMIT), 0);
}

static void test_segments_disjoint(void **state) {
  struct proghdr ph[3] = {
      segment(0, 0x1000, 0x1800, 0x1800),     // pages 0-1
      segment(0x2000, 0x3000, 0x100, 0x4000), // pages 2-5
      segment(0x10000, 0x4000, 0x100, 0x100), // page 16
  };
  assert_int_equal(elf_segments_overlap(ph, 3), 0);
}

static void test_segments_overlap(void **state) {
  struct proghdr ph[2] = {
      segment(0, 0x1000, 0x1000, 0x3000),    // pages 0-2
      segment(0x2000, 0x2000, 0x100, 0x100), // page 2
  };
  assert_int_equal(elf_segments_overlap(ph, 2), 1);
  // Sharing a page counts: the first ends inside page 1, the second starts in it.
  struct proghdr share[2] = {
      segment(0, 0, 0x1100, 0x1100),
      segment(0x1000, 0x2000, 0x10, 0x10),
  };
  assert_int_equal(elf_segments_overlap(share, 2), 1);
  // Order does not matter.
  struct proghdr rev[2] = {share[1], share[0]};
  assert_int_equal(elf_segments_overlap(rev, 2), 1);
}

static void test_segments_overlap_ignores_non_load(void **state) {
  struct proghdr ph[2] = {
      segment(0, 0, 0x1000, 0x1000),
      segment(0, 0, 0x1000, 0x1000),
  };
  ph[1].type = 0x70000003; // RISC-V attributes
  assert_int_equal(elf_segments_overlap(ph, 2), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_header_valid),
      cmocka_unit_test(test_header_bad_magic),
      cmocka_unit_test(test_header_not_64bit_riscv_exec),
      cmocka_unit_test(test_header_file_too_short),
      cmocka_unit_test(test_header_phdrs_truncated),
      cmocka_unit_test(test_header_phoff_wraps),
      cmocka_unit_test(test_header_phnum_and_entsize),
      cmocka_unit_test(test_segment_valid),
      cmocka_unit_test(test_segment_filesz_gt_memsz),
      cmocka_unit_test(test_segment_outside_file),
      cmocka_unit_test(test_segment_vaddr_wraps_or_too_high),
      cmocka_unit_test(test_segment_unaligned_or_not_load),
      cmocka_unit_test(test_segments_disjoint),
      cmocka_unit_test(test_segments_overlap),
      cmocka_unit_test(test_segments_overlap_ignores_non_load),
  };
  return cmocka_run_group_tests_name("elfcheck", tests, NULL, NULL);
}
