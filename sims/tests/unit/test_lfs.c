/* lfs: the worked examples of the chapter "Log-structured File Systems":
 * what each update appends to the log, the checkpoint region and inode
 * map, liveness, and the random command stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/lfs/lfs.h"
#include "../../src/lfs/workload.h"

static pyrandom rng;

static lfs make(bool use_disk_cr, bool no_force, bool random_alloc) {
  lfs f;
  pyrandom_seed(&rng, 0);
  assert_true(lfs_init(&f, use_disk_cr, no_force, random_alloc, &rng));
  return f;
}

static void test_initial(void **state) {
  (void)state;
  /* checkpoint, root directory block, root inode, imap chunk 0 */
  lfs f = make(false, false, false);
  assert_int_equal(f.len, 4);
  assert_int_equal(f.disk[0].kind, BLK_CHECKPOINT);
  assert_int_equal(f.disk[0].entries[0], 3);
  assert_int_equal(f.disk[1].kind, BLK_DIR);
  assert_int_equal(f.disk[2].inode.ptr[0], 1);
  assert_int_equal(f.disk[3].entries[0], 2);
  for (int i = 0; i < 4; i++)
    assert_true(lfs_live(&f, i));
  lfs_free(&f);
}

static void test_create_appends(void **state) {
  (void)state;
  /* Creating /foo appends the new root directory block, the new root
   * inode, the file's inode and imap chunk 0; the old versions die. */
  lfs f = make(false, false, false);
  assert_int_equal(lfs_create(&f, "/foo", true), 0);
  assert_int_equal(f.len, 8);
  assert_int_equal(f.disk[4].kind, BLK_DIR);
  assert_string_equal(lfs_name(&f, f.disk[4].dir.name[2]), "foo");
  assert_int_equal(f.disk[4].dir.inum[2], 1);
  assert_int_equal(f.disk[5].inode.ptr[0], 4);
  assert_false(f.disk[6].inode.is_dir);
  assert_int_equal(f.disk[7].entries[0], 5);
  assert_int_equal(f.disk[7].entries[1], 6);
  assert_int_equal(f.cr[0], 7);
  assert_int_equal(f.disk[0].entries[0], 7); /* forced checkpoint */
  assert_false(lfs_live(&f, 1));
  assert_false(lfs_live(&f, 2));
  assert_false(lfs_live(&f, 3));
  for (int i = 4; i < 8; i++)
    assert_true(lfs_live(&f, i));
  /* again: an error, nothing logged */
  assert_int_equal(lfs_create(&f, "/foo", true), -1);
  assert_string_equal(f.errors[0], "create failed: file already exists");
  assert_int_equal(f.len, 8);
  lfs_free(&f);
}

static void test_write(void **state) {
  (void)state;
  /* One write of 4 blocks: 4 data blocks, the inode, imap chunk. Four
   * writes of one block each leave three dead inodes and imap chunks. */
  lfs f = make(false, false, false);
  assert_int_equal(lfs_create(&f, "/foo", true), 0);
  assert_int_equal(lfs_write(&f, "/foo", 0, 4), 4);
  assert_int_equal(f.len, 14);
  for (int i = 8; i < 12; i++) {
    assert_int_equal(f.disk[i].kind, BLK_DATA);
    assert_true(lfs_live(&f, i));
  }
  assert_int_equal(f.disk[12].inode.size, 4);
  /* past the end of the inode's pointers: only what fits */
  assert_int_equal(lfs_write(&f, "/foo", 7, 3), 1);
  assert_int_equal(lfs_write(&f, "/foo", 8, 1), -1);
  assert_string_equal(f.errors[0], "write failed: bad offset 8");
  lfs_free(&f);
}

static void test_links_and_delete(void **state) {
  (void)state;
  lfs f = make(false, false, false);
  assert_int_equal(lfs_create(&f, "/foo", true), 0);
  assert_int_equal(lfs_link(&f, "/foo", "/bar"), 0);
  long long inode = f.imap[1];
  assert_int_equal(f.disk[inode].inode.refs, 2);
  /* deleting one name keeps the inode with one reference */
  assert_int_equal(lfs_delete(&f, "/foo"), 0);
  assert_int_equal(f.disk[f.imap[1]].inode.refs, 1);
  /* deleting the last frees the inode number */
  assert_int_equal(lfs_delete(&f, "/bar"), 0);
  assert_int_equal(f.imap[1], -1);
  assert_int_equal(lfs_delete(&f, "/bar"), -1);
  /* a directory cannot be deleted or linked */
  assert_int_equal(lfs_create(&f, "/d", false), 0);
  assert_int_equal(lfs_delete(&f, "/d"), -1);
  assert_int_equal(lfs_link(&f, "/d", "/e"), -1);
  /* the directory's own block points back at it and its parent */
  long long dir = f.imap[1];
  const lfs_block *own = &f.disk[f.disk[dir].inode.ptr[0]];
  assert_string_equal(lfs_name(&f, own->dir.name[1]), "..");
  assert_int_equal(own->dir.inum[1], 0);
  /* a link whose destination directory is missing: the original crashes */
  assert_int_equal(lfs_create(&f, "/x", true), 0);
  assert_int_equal(lfs_link(&f, "/x", "/nope/y"), LFS_CRASH);
  lfs_free(&f);
}

static void test_no_force_and_disk_cr(void **state) {
  (void)state;
  /* Without forced checkpoints the on-disk region stays old until a sync;
   * reading through it (-D) cannot find the new file's inode. */
  lfs f = make(true, true, false);
  assert_int_equal(lfs_create(&f, "/a", true), 0);
  assert_int_equal(f.disk[0].entries[0], 3);
  assert_int_equal(f.cr[0], 7);
  assert_int_equal(lfs_write(&f, "/a", 0, 1), -1);
  assert_int_equal(lfs_sync(&f), 0);
  assert_int_equal(f.disk[0].entries[0], 7);
  assert_int_equal(lfs_write(&f, "/a", 0, 1), 1);
  lfs_free(&f);
}

static void test_directory_full(void **state) {
  (void)state;
  /* 8 blocks of 8 entries, less '.' and '..': 62 names */
  lfs f = make(false, false, false);
  char path[16];
  int made = 0;
  for (int i = 0; i < 70; i++) {
    snprintf(path, sizeof path, "/f%d", i);
    if (lfs_create(&f, path, true) == 0)
      made++;
  }
  assert_int_equal(made, 62);
  assert_string_equal(f.errors[0], "error: directory is full (path /f69)");
  lfs_free(&f);
}

static void test_percents(void **state) {
  (void)state;
  lfs_percents p;
  char bad[2];
  assert_int_equal(lfs_parse_percents("c30,w30,d10,r20,l10,s0", &p, bad), PERCENTS_OK);
  assert_true(p.lo[1] == 0.3 && p.hi[1] == 0.6);
  assert_int_equal(lfs_parse_percents("c30,w30", &p, bad), PERCENTS_NOT_100);
  assert_int_equal(lfs_parse_percents("c-10,w110", &p, bad), PERCENTS_NEGATIVE);
  assert_int_equal(lfs_parse_percents("c50,x50", &p, bad), PERCENTS_BAD_CMD);
  assert_string_equal(bad, "x");
  assert_int_equal(lfs_parse_percents("c50,,w50", &p, bad), PERCENTS_CRASH);
}

static void test_generate(void **state) {
  (void)state;
  /* seed 0, the defaults: the original's first command is c,/ku3 */
  lfs_percents p;
  char bad[2];
  assert_int_equal(lfs_parse_percents("c30,w30,d10,r20,l10,s0", &p, bad), PERCENTS_OK);
  pyrandom r;
  pyrandom_seed(&r, 0);
  char *text;
  assert_int_equal(lfs_generate(&r, 1, &p, &text), GEN_OK);
  assert_string_equal(text, "c,/ku3");
  free(text);
  /* only writes and deletes: nothing can ever be drawn */
  assert_int_equal(lfs_parse_percents("w50,r50", &p, bad), PERCENTS_OK);
  assert_int_equal(lfs_generate(&r, 3, &p, &text), GEN_HANGS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_initial),
      cmocka_unit_test(test_create_appends),
      cmocka_unit_test(test_write),
      cmocka_unit_test(test_links_and_delete),
      cmocka_unit_test(test_no_force_and_disk_cr),
      cmocka_unit_test(test_directory_full),
      cmocka_unit_test(test_percents),
      cmocka_unit_test(test_generate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
