/* vsfs: the file system operations of the chapter "File System
 * Implementation": what creat, mkdir, write, link and unlink change in the
 * bitmaps, inodes and directory blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/vsfs/vsfs.h"

static void test_empty(void **state) {
  (void)state;
  vsfs_fs fs;
  assert_true(vsfs_init(&fs, 8, 8));
  /* The root: inode 0 (a directory with two links), block 0 with . and .. */
  assert_int_equal(fs.ibitmap[0], 1);
  assert_int_equal(fs.imap.nfree, 7);
  assert_int_equal(fs.inodes[0].type, VSFS_DIR);
  assert_int_equal(fs.inodes[0].refs, 2);
  assert_int_equal(fs.blocks[0].used, 2);
  assert_string_equal(fs.blocks[0].entries[1].name, "..");
  vsfs_free(&fs);
}

static void test_create_and_write(void **state) {
  (void)state;
  vsfs_fs fs;
  assert_true(vsfs_init(&fs, 8, 8));
  /* creat takes an inode but no block; the file is empty (a:-1). */
  long long f = vsfs_create(&fs, 0, 'a', VSFS_FILE);
  assert_int_equal(f, 1);
  assert_int_equal(fs.inodes[1].addr, -1);
  assert_int_equal(fs.dmap.nfree, 7);
  /* mkdir takes both, and adds a link to the parent (its ..). */
  long long d = vsfs_create(&fs, 0, 'u', VSFS_DIR);
  assert_int_equal(d, 2);
  assert_int_equal(fs.inodes[2].addr, 1);
  assert_int_equal(fs.inodes[0].refs, 3);
  /* A name is unique within its directory. */
  assert_int_equal(vsfs_create(&fs, 0, 'a', VSFS_DIR), -1);
  /* A write gives the file its one block; a second write fails. */
  assert_int_equal(vsfs_write(&fs, f, 'q'), 0);
  assert_int_equal(fs.inodes[1].addr, 2);
  assert_int_equal(fs.blocks[2].data, 'q');
  assert_int_equal(vsfs_write(&fs, f, 'r'), -1);
  vsfs_free(&fs);
}

static void test_link_and_unlink(void **state) {
  (void)state;
  vsfs_fs fs;
  assert_true(vsfs_init(&fs, 8, 8));
  long long f = vsfs_create(&fs, 0, 'a', VSFS_FILE);
  assert_int_equal(vsfs_write(&fs, f, 'x'), 0);
  /* A hard link adds a name, not an inode. */
  assert_int_equal(vsfs_link(&fs, f, 0, 'b'), f);
  assert_int_equal(fs.inodes[f].refs, 2);
  assert_int_equal(fs.imap.nfree, 6);
  /* Unlinking one name keeps the file; the last one frees inode and block. */
  vsfs_unlink(&fs, f, 0, 'a');
  assert_int_equal(fs.inodes[f].refs, 1);
  assert_int_equal(fs.ibitmap[f], 1);
  vsfs_unlink(&fs, f, 0, 'b');
  assert_int_equal(fs.ibitmap[f], 0);
  assert_int_equal(fs.dbitmap[1], 0);
  assert_int_equal(fs.blocks[0].used, 2);
  /* The lowest free inode is reused first. */
  assert_int_equal(vsfs_create(&fs, 0, 'c', VSFS_FILE), 1);
  vsfs_free(&fs);
}

static void test_seed_17(void **state) {
  (void)state;
  /* vsfs -s 17: mkdir("/u"); creat("/a"); unlink("/a"). */
  vsfs_fs fs;
  assert_true(vsfs_init(&fs, 8, 8));
  pyrandom rng;
  pyrandom_seed(&rng, 17);
  const char *expect[] = {"/u", "/a", "/a"};
  const vsfs_op_kind kinds[] = {OP_MKDIR, OP_CREAT, OP_UNLINK};
  for (int i = 0; i < 3; i++) {
    vsfs_op op;
    while (!vsfs_attempt(&fs, &rng, &op))
      ;
    assert_int_equal(op.kind, kinds[i]);
    assert_string_equal(op.path, expect[i]);
  }
  vsfs_free(&fs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_create_and_write),
      cmocka_unit_test(test_link_and_unlink),
      cmocka_unit_test(test_seed_17),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
