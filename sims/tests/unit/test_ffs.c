/* ffs: the placement rules of the chapter "Locality and The Fast File
 * System" on small disks: directories spread out, files stay with their
 * directory, large files move on after a chunk, and the original's delete
 * frees the wrong slots where the group count differs from the group
 * size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/ffs/ffs.h"

static ffs_config defaults(void) {
  /* the original's defaults: 10 groups of 10 inodes and 30 blocks, large
   * files move on after 30 blocks */
  return (ffs_config){10, 30, 10, 30, 1, 1, false, false};
}

static void make(ffs_fs *fs, ffs_config cfg) {
  assert_true(ffs_init(fs, &cfg));
}

static ffs_result create(ffs_fs *fs, const char *path, long long size) {
  ffs_result r;
  char text[24];
  snprintf(text, sizeof text, "%lld", size);
  assert_int_equal(ffs_create(fs, path, size, text, &r), FFS_STEP_OK);
  return r;
}

static ffs_result mkdir_ok(ffs_fs *fs, const char *path) {
  ffs_result r;
  assert_int_equal(ffs_mkdir(fs, path, &r), FFS_STEP_OK);
  return r;
}

static const ffs_inode *inode_at(const ffs_fs *fs, const char *path) {
  long long inum = ffs_lookup(fs, path);
  assert_true(inum >= 0);
  const ffs_inode *rec = ffs_inode_of(fs, inum);
  assert_non_null(rec);
  return rec;
}

static void test_root(void **state) {
  (void)state;
  ffs_fs fs;
  make(&fs, defaults());
  const ffs_inode *root = inode_at(&fs, "/");
  assert_int_equal(root->inum, 0);
  assert_int_equal(root->type, FFS_DIRECTORY);
  assert_int_equal(root->blocks[0], 0);
  char sym;
  assert_true(ffs_symbol(&fs, 0, &sym));
  assert_int_equal(sym, '/');
  assert_int_equal(fs.total_data_free, 299);
  assert_int_equal(fs.total_inodes_free, 99);
  ffs_free(&fs);
}

static void test_directories_spread_files_stay(void **state) {
  (void)state;
  /* The README's example: /a and /b go to the emptiest groups (1 and 2);
   * /a/c and /a/d go with /a, /b/f with /b. */
  ffs_fs fs;
  make(&fs, defaults());
  ffs_result a = mkdir_ok(&fs, "/a"), b = mkdir_ok(&fs, "/b");
  assert_int_equal(a.group, 1);
  assert_int_equal(a.inum, 10);
  assert_int_equal(b.group, 2);
  ffs_result c = create(&fs, "/a/c", 2);
  assert_true(c.ok);
  assert_int_equal(c.inum, 11);
  const ffs_inode *rc = inode_at(&fs, "/a/c");
  assert_int_equal(rc->nblocks, 2);
  assert_int_equal(rc->blocks[0], 31); /* block 30 holds /a itself */
  assert_int_equal(rc->blocks[1], 32);
  ffs_result f = create(&fs, "/b/f", 2);
  assert_int_equal(f.inum, 21);
  char sym;
  assert_true(ffs_symbol(&fs, 21, &sym));
  assert_int_equal(sym, 'f'); /* a one-letter name draws itself */
  ffs_free(&fs);
}

static void test_large_file_exception(void **state) {
  (void)state;
  /* With -L 4 a 20-block file in the root takes 4 blocks in group 0
   * (after the root's block), then 4 in each following group. */
  ffs_config cfg = defaults();
  cfg.large_file_exception = 4;
  ffs_fs fs;
  make(&fs, cfg);
  assert_true(create(&fs, "/big", 20).ok);
  const ffs_inode *r = inode_at(&fs, "/big");
  assert_int_equal(r->nblocks, 20);
  assert_int_equal(r->blocks[0], 1);
  assert_int_equal(r->blocks[3], 4);
  assert_int_equal(r->blocks[4], 30); /* group 1 */
  assert_int_equal(r->blocks[8], 60); /* group 2 */
  assert_int_equal(r->blocks[19], 123);
  ffs_free(&fs);
  /* Without the exception the file fills group 0 first. */
  make(&fs, defaults());
  assert_true(create(&fs, "/big", 35).ok);
  r = inode_at(&fs, "/big");
  assert_int_equal(r->blocks[28], 29);
  assert_int_equal(r->blocks[29], 30);
  ffs_free(&fs);
}

static void test_contiguous_policy(void **state) {
  (void)state;
  /* Holes of one block are skipped when -C 2 asks for two in a row. */
  ffs_config cfg = defaults();
  cfg.ngroups = cfg.blocks_per_group = cfg.inodes_per_group = 10; /* a correct delete */
  cfg.contig = 2;
  ffs_fs fs;
  make(&fs, cfg);
  const char *names[] = {"/a", "/b", "/c", "/d", "/e"};
  for (int i = 0; i < 5; i++)
    assert_true(create(&fs, names[i], 1).ok); /* blocks 1..5 */
  ffs_result r;
  assert_int_equal(ffs_delete(&fs, "/b", &r), FFS_STEP_OK);
  assert_true(r.ok);
  assert_int_equal(ffs_delete(&fs, "/d", &r), FFS_STEP_OK);
  assert_true(create(&fs, "/w", 2).ok);
  const ffs_inode *w = inode_at(&fs, "/w");
  assert_int_equal(w->blocks[0], 6);
  assert_int_equal(w->blocks[1], 7);
  ffs_free(&fs);
}

static void test_spread_inodes(void **state) {
  (void)state;
  /* -I: files too go to the group with the most free inodes. */
  ffs_config cfg = defaults();
  cfg.spread_inodes = true;
  ffs_fs fs;
  make(&fs, cfg);
  assert_int_equal(create(&fs, "/x", 1).group, 1);
  assert_int_equal(create(&fs, "/y", 1).group, 2);
  ffs_free(&fs);
}

static void test_failures(void **state) {
  (void)state;
  ffs_fs fs;
  make(&fs, defaults());
  ffs_result r = create(&fs, "/nodir/f", 1);
  assert_false(r.ok);
  assert_string_equal(r.reason, "failed to find parent /nodir");
  assert_true(create(&fs, "/f", 1).ok);
  r = create(&fs, "/f", 1);
  assert_false(r.ok);
  assert_string_equal(r.reason, "file f already exists in dir /");
  r = create(&fs, "/huge", 1000);
  assert_string_equal(r.reason, "out of disk space");
  assert_int_equal(ffs_delete(&fs, "/", &r), FFS_STEP_OK);
  assert_false(r.ok);
  mkdir_ok(&fs, "/d");
  assert_int_equal(ffs_delete(&fs, "/d", &r), FFS_STEP_OK);
  assert_string_equal(r.reason, "cannot delete directories");
  ffs_free(&fs);
}

static void test_delete_bug(void **state) {
  (void)state;
  /* The original frees block b at group b / groups, index b % groups. On
   * the default disk (10 groups of 30 blocks) block 12 is freed as
   * block 32, which is free already: its check then fails. */
  ffs_fs fs;
  make(&fs, defaults());
  assert_true(create(&fs, "/a", 11).ok); /* blocks 1..11 */
  assert_true(create(&fs, "/b", 1).ok);  /* block 12 */
  ffs_result r;
  assert_int_equal(ffs_delete(&fs, "/b", &r), FFS_STEP_CRASH);
  assert_non_null(strstr(fs.error, "consistency check"));
  ffs_free(&fs);
  /* With as many groups as blocks per group the same delete is right. */
  ffs_config cfg = defaults();
  cfg.blocks_per_group = 10;
  make(&fs, cfg);
  assert_true(create(&fs, "/a", 8).ok);
  assert_true(create(&fs, "/b", 3).ok);
  assert_int_equal(ffs_delete(&fs, "/b", &r), FFS_STEP_OK);
  assert_true(r.ok);
  assert_int_equal(fs.total_data_free, 100 - 1 - 8);
  ffs_free(&fs);
}

static void test_symbols_run_out(void **state) {
  (void)state;
  ffs_config cfg = defaults();
  cfg.inodes_per_group = 20;
  ffs_fs fs;
  make(&fs, cfg);
  char path[16];
  ffs_result r;
  for (int i = 0; i < FFS_NSYMBOLS - 1; i++) {
    snprintf(path, sizeof path, "/f%d", i);
    assert_true(create(&fs, path, 1).ok);
  }
  assert_int_equal(fs.navailable, 0);
  assert_int_equal(ffs_create(&fs, "/last", 1, "1", &r), FFS_STEP_CRASH);
  ffs_free(&fs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_root),
      cmocka_unit_test(test_directories_spread_files_stay),
      cmocka_unit_test(test_large_file_exception),
      cmocka_unit_test(test_contiguous_policy),
      cmocka_unit_test(test_spread_inodes),
      cmocka_unit_test(test_failures),
      cmocka_unit_test(test_delete_bug),
      cmocka_unit_test(test_symbols_run_out),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
