// fsck against every single-field corruption of the sample image: each superblock field,
// each field of each inode in use, the indirect block's slots, each field of each directory
// entry, the log header, the bitmap's bytes, whole blocks of garbage, and the image cut
// short anywhere. Built with AddressSanitizer and UndefinedBehaviorSanitizer, so a read out
// of bounds or an overflow fails the test. For each image: the check finishes, a repair
// leaves nothing a second repair would fix, and when every problem was fixable the second
// run is clean.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "mkfs/layout.h"
#include "mkfs/check.h"
#include "mkfs/tests/sample.h"

static struct sample s;
static uchar *pristine; // the sample image, never modified
static FILE *devnull;
static uint cases;

static int setup(void **state) {
  pristine = sample_build(&s);
  devnull = fopen("/dev/null", "w");
  return devnull == NULL ? -1 : 0;
}

static int teardown(void **state) {
  printf("%u damaged images checked\n", cases);
  fclose(devnull);
  free(pristine);
  return 0;
}

// Checks one damaged image of len bytes (a copy of exactly that size, so that the sanitizer
// sees any read past its end), repairs another copy and checks that again.
static void check_damaged(const uchar *image, uint64 len, const char *what) {
  cases++;
  uchar *copy = malloc(len ? len : 1);
  memcpy(copy, image, len);
  struct fsck_report r, fixed, again;
  assert_true(fsck_check(copy, len, 0, devnull, &r) >= 0);
  memcpy(copy, image, len);
  assert_true(fsck_check(copy, len, 1, devnull, &fixed) >= 0);
  assert_true(fsck_check(copy, len, 0, devnull, &again) >= 0);
  assert_true(fixed.fixed <= fixed.fixable && fixed.fixable <= fixed.problems);
  assert_true(r.fixable <= r.problems && r.fixed == 0 && !r.changed);
  if (again.fixable != 0 || (fixed.fixed == fixed.problems && again.problems != 0)) {
    print_error("%s: -y fixed %u of %u problems, then a second run found %u (%u fixable):\n", what,
                fixed.fixed, fixed.problems, again.problems, again.fixable);
    memcpy(copy, image, len);
    fsck_check(copy, len, 1, stderr, &fixed);
    fprintf(stderr, "-- second run:\n");
    fsck_check(copy, len, 0, stderr, &again);
    free(copy);
    fail();
  }
  free(copy);
}

// Writes v into the width-byte little-endian field at off of a copy of the sample, and checks it.
static void try_value(uint64 off, int width, uint v, const char *field) {
  uchar *img = malloc(SAMPLE_LEN);
  memcpy(img, pristine, SAMPLE_LEN);
  for (int i = 0; i < width; i++)
    img[off + i] = v >> (8 * i);
  char what[128];
  snprintf(what, sizeof(what), "%s = %u (0x%x)", field, v, v);
  check_damaged(img, SAMPLE_LEN, what);
  free(img);
}

static uint field_value(uint64 off, int width) {
  uint v = 0;
  for (int i = 0; i < width; i++)
    v |= (uint)pristine[off + i] << (8 * i);
  return v;
}

// Every value in a list of ones likely to matter: the edges of each region, off by one, the
// field's extremes, and bit flips of what is there.
static void try_field(uint64 off, int width, const char *field) {
  uint v = field_value(off, width);
  uint top = width == 4 ? 0xffffffff : width == 2 ? 0xffff : 0xff;
  uint values[] = {0,
                   1,
                   2,
                   3,
                   4,
                   v - 1,
                   v + 1,
                   v ^ 1,
                   v ^ 0x80,
                   v << 1,
                   s.img.sb.logstart + s.img.sb.nlog - 1,
                   s.img.sb.bmapstart,
                   layout_nmeta(&s.img.sb) - 1,
                   layout_nmeta(&s.img.sb),
                   SAMPLE_SIZE - 1,
                   SAMPLE_SIZE,
                   SAMPLE_NINODES - 1,
                   SAMPLE_NINODES,
                   LOGSIZE,
                   LOGSIZE + 1,
                   top / 2,
                   top / 2 + 1,
                   top,
                   0x10000 | v,
                   '.',
                   '/'};
  for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
    try_value(off, width, values[i] & top, field);
}

static void test_superblock_fields(void **state) {
  static const char *names[] = {"magic", "size",     "nblocks",    "ninodes",
                                "nlog",  "logstart", "inodestart", "bmapstart"};
  for (int i = 0; i < 8; i++)
    try_field(BSIZE + 4 * i, 4, names[i]);
}

static void test_inode_fields(void **state) {
  for (uint inum = 0; inum < 8; inum++) { // 0 is never used, 1 to 7 are
    uint64 at = sample_inode_off(&s, inum);
    char name[64];
    snprintf(name, sizeof(name), "inode %u type", inum);
    try_field(at, 2, name);
    snprintf(name, sizeof(name), "inode %u major", inum);
    try_field(at + 2, 2, name);
    snprintf(name, sizeof(name), "inode %u minor", inum);
    try_field(at + 4, 2, name);
    snprintf(name, sizeof(name), "inode %u nlink", inum);
    try_field(at + 6, 2, name);
    snprintf(name, sizeof(name), "inode %u size", inum);
    try_field(at + 8, 4, name);
    for (int k = 0; k < NADDRS; k++) {
      snprintf(name, sizeof(name), "inode %u addrs[%d]", inum, k);
      try_field(at + 12 + 4 * k, 4, name);
    }
  }
  // A free inode made to look used.
  try_field(sample_inode_off(&s, 20), 2, "free inode 20 type");
}

static void test_indirect_slots(void **state) {
  struct dinode din;
  img_read_inode(&s.img, s.big, &din);
  for (uint i = 0; i < 3; i++) { // two in use, one not
    char name[64];
    snprintf(name, sizeof(name), "indirect slot %u", i);
    try_field((uint64)din.addrs[NDIRECT] * BSIZE + 4 * i, 4, name);
  }
}

static void test_directory_entries(void **state) {
  static const char *names[] = {".", "..", "", "/", "README", "d", "e", "abcdefghijklmn"};
  uint dirs[] = {ROOTINO, s.d, s.e};
  for (int d = 0; d < 3; d++) {
    struct dinode din;
    img_read_inode(&s.img, dirs[d], &din);
    for (uint i = 0; i < din.size / sizeof(struct dirent); i++) {
      uint64 at = sample_dirent_off(&s, dirs[d], i);
      char field[64];
      snprintf(field, sizeof(field), "directory %u entry %u inum", dirs[d], i);
      try_field(at, 2, field);
      snprintf(field, sizeof(field), "directory %u entry %u name[0]", dirs[d], i);
      try_field(at + 2, 1, field);
      for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
        uchar *img = malloc(SAMPLE_LEN);
        memcpy(img, pristine, SAMPLE_LEN);
        strncpy((char *)img + at + 2, names[n], DIRSIZ);
        snprintf(field, sizeof(field), "directory %u entry %u name \"%s\"", dirs[d], i, names[n]);
        check_damaged(img, SAMPLE_LEN, field);
        free(img);
      }
    }
  }
}

static void test_log_header(void **state) {
  uint64 hdr = (uint64)s.img.sb.logstart * BSIZE;
  try_field(hdr, 4, "log count");
  // Headers naming one block, then two (the first a data block), the last one each of the
  // values tried; try_field damages copies of pristine, which is put back after.
  uint first = fs_le32(layout_nmeta(&s.img.sb));
  pristine[hdr] = 1;
  try_field(hdr + 4, 4, "log entry 0");
  pristine[hdr] = 2;
  memcpy(pristine + hdr + 4, &first, 4);
  try_field(hdr + 8, 4, "log entry 1");
  memset(pristine + hdr, 0, 8);
}

static void test_bitmap_bytes(void **state) {
  uint64 bitmap = (uint64)s.img.sb.bmapstart * BSIZE;
  for (uint i = 0; i < SAMPLE_SIZE / 8 + 2; i++) {
    char name[64];
    snprintf(name, sizeof(name), "bitmap byte %u", i);
    try_field(bitmap + i, 1, name);
  }
}

// Each block in turn filled with garbage.
static void test_garbage_blocks(void **state) {
  uint seed = 12345;
  for (uint b = 0; b < SAMPLE_SIZE; b++) {
    for (int round = 0; round < 2; round++) {
      uchar *img = malloc(SAMPLE_LEN);
      memcpy(img, pristine, SAMPLE_LEN);
      for (int i = 0; i < BSIZE; i++) {
        seed = seed * 1103515245 + 12345;
        // Small numbers half the time, so that they pass for inode and block numbers.
        img[(uint64)b * BSIZE + i] = round == 0 ? seed >> 16 : (seed >> 16) % 64;
      }
      char what[64];
      snprintf(what, sizeof(what), "block %u garbage, round %d", b, round);
      check_damaged(img, SAMPLE_LEN, what);
      free(img);
    }
  }
}

// Several bytes at once, in the parts of the metadata in use, each set to a random value.
static void test_random_bytes(void **state) {
  struct dinode big;
  img_read_inode(&s.img, s.big, &big);
  struct {
    uint64 start, len;
  } parts[] = {
      {(uint64)s.img.sb.logstart * BSIZE, 12},                   // log header
      {sample_inode_off(&s, 0), 8 * sizeof(struct dinode)},      // inodes 0 to 7
      {(uint64)s.img.sb.bmapstart * BSIZE, SAMPLE_SIZE / 8 + 2}, // bitmap
      {sample_dirent_off(&s, ROOTINO, 0), 8 * sizeof(struct dirent)},
      {sample_dirent_off(&s, s.d, 0), 4 * sizeof(struct dirent)},
      {sample_dirent_off(&s, s.e, 0), 2 * sizeof(struct dirent)},
      {(uint64)big.addrs[NDIRECT] * BSIZE, 12}, // indirect slots
  };
  uint seed = 777;
  for (int round = 0; round < 3000; round++) {
    uchar *img = malloc(SAMPLE_LEN);
    memcpy(img, pristine, SAMPLE_LEN);
    seed = seed * 1103515245 + 12345;
    int n = 1 + (seed >> 16) % 6;
    for (int i = 0; i < n; i++) {
      seed = seed * 1103515245 + 12345;
      int p = (seed >> 16) % (sizeof(parts) / sizeof(parts[0]));
      seed = seed * 1103515245 + 12345;
      uint64 at = parts[p].start + (seed >> 16) % parts[p].len;
      seed = seed * 1103515245 + 12345;
      // Small values a third of the time, so that they pass for inode and block numbers.
      img[at] = (seed >> 16) % 3 == 0 ? (seed >> 20) % 64 : seed >> 16;
    }
    char what[64];
    snprintf(what, sizeof(what), "random bytes, round %d", round);
    check_damaged(img, SAMPLE_LEN, what);
    free(img);
  }
}

static void test_truncated_images(void **state) {
  for (uint64 len = 0; len < SAMPLE_LEN; len += len < 3 * BSIZE ? 97 : BSIZE - 1) {
    char what[64];
    snprintf(what, sizeof(what), "image cut to %llu bytes", (unsigned long long)len);
    check_damaged(pristine, len, what);
    struct fsck_report r;
    uchar *copy = malloc(len ? len : 1);
    memcpy(copy, pristine, len);
    fsck_check(copy, len, 0, devnull, &r);
    assert_true(r.fatal);
    assert_int_equal(r.problems, 1);
    free(copy);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_superblock_fields), cmocka_unit_test(test_inode_fields),
      cmocka_unit_test(test_indirect_slots),    cmocka_unit_test(test_directory_entries),
      cmocka_unit_test(test_log_header),        cmocka_unit_test(test_bitmap_bytes),
      cmocka_unit_test(test_garbage_blocks),    cmocka_unit_test(test_random_bytes),
      cmocka_unit_test(test_truncated_images),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
