// Unit tests for mkfs's in-memory image construction (mkfs/layout.c).
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

static uchar *new_disk(uint size) {
  return malloc((size_t)size * BSIZE);
}

static void test_layout_regions_are_contiguous(void **state) {
  struct superblock sb;
  assert_int_equal(layout_compute(2000, 200, 31, &sb), 0);
  assert_int_equal(sb.magic, FSMAGIC);
  assert_int_equal(sb.size, 2000);
  assert_int_equal(sb.logstart, 2);
  assert_int_equal(sb.inodestart, 2 + 31);
  // 200 inodes of 64 bytes = 13 blocks of 16; 2000 blocks need 1 bitmap block.
  assert_int_equal(sizeof(struct dinode), 64);
  assert_int_equal(sb.bmapstart, 2 + 31 + 13);
  assert_int_equal(layout_nmeta(&sb), 2 + 31 + 13 + 1);
  assert_int_equal(sb.nblocks, 2000 - (2 + 31 + 13 + 1));
}

static void test_layout_bitmap_blocks_round_up(void **state) {
  struct superblock sb;
  assert_int_equal(layout_compute(BPB, 16, 2, &sb), 0);
  assert_int_equal(layout_nmeta(&sb) - sb.bmapstart, 1);
  assert_int_equal(layout_compute(BPB + 1, 16, 2, &sb), 0);
  assert_int_equal(layout_nmeta(&sb) - sb.bmapstart, 2);
}

static void test_layout_rejects_images_without_data_blocks(void **state) {
  struct superblock sb;
  assert_int_equal(layout_compute(10, 200, 31, &sb), -1);
  assert_int_equal(layout_compute(2 + 2 + 1 + 1, 16, 2, &sb), -1); // no room for data
  assert_int_equal(layout_compute(2 + 2 + 1 + 1 + 1, 16, 2, &sb), 0);
  assert_int_equal(sb.nblocks, 1);
  assert_int_equal(layout_compute(0, 16, 2, &sb), -1);
}

static void test_dirent_name_lengths(void **state) {
  struct dirent de;
  assert_int_equal(dirent_make(&de, "a", 3), 0);
  assert_int_equal(de.inum, 3);
  assert_string_equal(de.name, "a");
  assert_int_equal(dirent_make(&de, "abcdefghijklmn", 4), 0); // exactly DIRSIZ
  assert_memory_equal(de.name, "abcdefghijklmn", DIRSIZ);
  assert_int_equal(dirent_make(&de, "abcdefghijklmno", 4), -1);
  assert_int_equal(dirent_make(&de, "", 4), -1);
  assert_int_equal(dirent_make(&de, "a/b", 4), -1);
  assert_int_equal(dirent_make(&de, "big", 70000), -1);
}

static void test_name_of_strips_directory_and_underscore(void **state) {
  assert_string_equal(img_name_of("user/_cat"), "cat");
  assert_string_equal(img_name_of("README.md"), "README.md");
  assert_string_equal(img_name_of("/a/b/_"), "_");
  assert_string_equal(img_name_of("_x"), "x");
}

static void test_root_has_dot_and_dotdot(void **state) {
  uchar *disk = new_disk(200);
  struct fsimage img;
  assert_int_equal(img_init(&img, disk, 200, 32, 4), 0);
  assert_int_equal(img_mkroot(&img), ROOTINO);
  assert_int_equal(img_lookup(&img, ROOTINO, "."), ROOTINO);
  assert_int_equal(img_lookup(&img, ROOTINO, ".."), ROOTINO);
  assert_int_equal(img_lookup(&img, ROOTINO, "nope"), 0);
  struct dinode din;
  img_read_inode(&img, ROOTINO, &din);
  assert_int_equal(din.type, T_DIR);
  assert_int_equal(din.nlink, 1);
  assert_int_equal(din.size, 2 * sizeof(struct dirent));
  free(disk);
}

static void test_superblock_is_in_block_one(void **state) {
  uchar *disk = new_disk(100);
  struct fsimage img;
  assert_int_equal(img_init(&img, disk, 100, 32, 4), 0);
  struct superblock sb;
  memcpy(&sb, disk + BSIZE, sizeof(sb));
  assert_int_equal(sb.magic, FSMAGIC);
  assert_int_equal(sb.size, 100);
  assert_int_equal(sb.ninodes, 32);
  assert_int_equal(sb.nlog, 4);
  free(disk);
}

static void test_append_reads_back_across_indirect(void **state) {
  uint size = 400;
  uchar *disk = new_disk(size);
  struct fsimage img;
  assert_int_equal(img_init(&img, disk, size, 32, 4), 0);
  assert_int_equal(img_mkroot(&img), ROOTINO);
  uint inum = img_ialloc(&img, T_FILE);
  assert_int_not_equal(inum, 0);
  uint n = (NDIRECT + 3) * BSIZE + 17;
  uchar *data = malloc(n), *back = malloc(n);
  for (uint i = 0; i < n; i++)
    data[i] = (uchar)(i * 7 + i / 1024);
  // Odd-sized pieces exercise partial blocks.
  assert_int_equal(img_append(&img, inum, data, 1000), 0);
  assert_int_equal(img_append(&img, inum, data + 1000, n - 1000), 0);
  assert_int_equal(img_read(&img, inum, 0, back, n), n);
  assert_memory_equal(data, back, n);
  struct dinode din;
  img_read_inode(&img, inum, &din);
  assert_int_equal(din.size, n);
  assert_int_not_equal(din.addrs[NDIRECT], 0);
  assert_int_equal(img_read(&img, inum, n, back, 10), 0);
  free(data);
  free(back);
  free(disk);
}

static void test_maximum_file_size(void **state) {
  uint size = MAXFILE + NINDIRECT + 200; // the data, its indirect blocks and the metadata
  uchar *disk = new_disk(size);
  struct fsimage img;
  assert_int_equal(img_init(&img, disk, size, 32, 4), 0);
  uint inum = img_ialloc(&img, T_FILE);
  uchar *data = calloc(MAXFILE_BYTES, 1);
  assert_int_equal(img_append(&img, inum, data, MAXFILE_BYTES), 0);
  assert_int_equal(img_append(&img, inum, data, 1), -1);
  struct dinode din;
  img_read_inode(&img, inum, &din);
  assert_int_equal(din.size, MAXFILE_BYTES);
  free(data);
  free(disk);
}

static void test_out_of_data_blocks(void **state) {
  struct fsimage img;
  uchar *disk = new_disk(15); // 9 data blocks: all direct, no indirect block needed
  assert_int_equal(img_init(&img, disk, 15, 16, 2), 0);
  uint inum = img_ialloc(&img, T_FILE);
  uint free_blocks = img.sb.nblocks;
  uchar *data = calloc(free_blocks + 1, BSIZE);
  assert_int_equal(img_append(&img, inum, data, free_blocks * BSIZE), 0);
  assert_int_equal(img_append(&img, inum, data, 1), -1);
  free(data);
  free(disk);
}

static void test_out_of_inodes(void **state) {
  struct fsimage img;
  uchar *disk = new_disk(50);
  assert_int_equal(img_init(&img, disk, 50, 8, 2), 0);
  assert_int_equal(img_mkroot(&img), ROOTINO);
  for (uint i = 2; i < 8; i++)
    assert_int_equal(img_ialloc(&img, T_FILE), i);
  assert_int_equal(img_ialloc(&img, T_FILE), 0);
  free(disk);
}

static void test_bitmap_marks_used_blocks_only(void **state) {
  struct fsimage img;
  uchar *disk = new_disk(100);
  assert_int_equal(img_init(&img, disk, 100, 16, 4), 0);
  assert_int_equal(img_mkroot(&img), ROOTINO);
  uint inum = img_ialloc(&img, T_FILE);
  uchar data[3 * BSIZE] = {1};
  assert_int_equal(img_append(&img, inum, data, sizeof(data)), 0);
  img_finish(&img);
  uint used = layout_nmeta(&img.sb) + 1 + 3; // root dir block + 3 file blocks
  for (uint b = 0; b < 100; b++)
    assert_int_equal(img_block_used(&img, b), b < used);
  free(disk);
}

static void test_directory_grows_past_one_block(void **state) {
  struct fsimage img;
  uchar *disk = new_disk(300);
  assert_int_equal(img_init(&img, disk, 300, 200, 4), 0);
  assert_int_equal(img_mkroot(&img), ROOTINO);
  char name[16];
  int count = BSIZE / sizeof(struct dirent) + 10;
  for (int i = 0; i < count; i++) {
    uint inum = img_ialloc(&img, T_FILE);
    snprintf(name, sizeof(name), "f%d", i);
    assert_int_equal(img_dirlink(&img, ROOTINO, name, inum), 0);
  }
  assert_int_equal(img_lookup(&img, ROOTINO, "f0"), 2);
  snprintf(name, sizeof(name), "f%d", count - 1);
  assert_int_equal(img_lookup(&img, ROOTINO, name), count + 1);
  free(disk);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_layout_regions_are_contiguous),
      cmocka_unit_test(test_layout_bitmap_blocks_round_up),
      cmocka_unit_test(test_layout_rejects_images_without_data_blocks),
      cmocka_unit_test(test_dirent_name_lengths),
      cmocka_unit_test(test_name_of_strips_directory_and_underscore),
      cmocka_unit_test(test_root_has_dot_and_dotdot),
      cmocka_unit_test(test_superblock_is_in_block_one),
      cmocka_unit_test(test_append_reads_back_across_indirect),
      cmocka_unit_test(test_maximum_file_size),
      cmocka_unit_test(test_out_of_data_blocks),
      cmocka_unit_test(test_out_of_inodes),
      cmocka_unit_test(test_bitmap_marks_used_blocks_only),
      cmocka_unit_test(test_directory_grows_past_one_block),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
