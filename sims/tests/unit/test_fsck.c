/* fsck: the workload keeps the file system consistent (a small checker in
 * the style of the chapter's fsck proves it), and each of the twelve
 * corruptions makes exactly the inconsistency the chapter describes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/fsck/fsck.h"

/* What a checker finds, by the chapter's kinds of check. */
typedef struct {
  int inode_bitmap;  /* bitmap and inode type disagree */
  int data_bitmap;   /* bitmap and "some inode points here" disagree */
  int refcnt;        /* links counted in directories != refs */
  int bad_pointer;   /* an inode points to a free block, or a dir to no dir block */
  int entry_inode;   /* a directory entry names a free inode */
  int dot_entries;   /* a directory lacks '.' as itself or '..' */
  int unreferenced;  /* a live inode no directory names */
  int type_mismatch; /* a file inode owns a directory block or the reverse */
} findings;

static findings check(const fsck_fs *fs) {
  findings f = {0};
  long long *links = calloc((size_t)fs->ninodes, sizeof *links);
  long long *owners = calloc((size_t)fs->ndata, sizeof *owners);
  assert_non_null(links);
  assert_non_null(owners);
  links[0]++; /* the root is named by the superblock, in effect */
  for (long long i = 0; i < fs->ninodes; i++) {
    const fsck_inode *ino = &fs->inodes[i];
    if ((ino->type != FSCK_FREE) != (fs->ibitmap.bits[i] == '1'))
      f.inode_bitmap++;
    if (ino->type == FSCK_FREE)
      continue;
    if (ino->addr >= 0) {
      owners[ino->addr]++;
      const fsck_block *blk = &fs->data[ino->addr];
      if (blk->type == FSCK_FREE)
        f.bad_pointer++;
      else if ((blk->type == FSCK_DIR) != (ino->type == FSCK_DIR))
        f.type_mismatch++;
    } else if (ino->type == FSCK_DIR) {
      f.bad_pointer++;
    }
    if (ino->type != FSCK_DIR || ino->addr < 0 || fs->data[ino->addr].type != FSCK_DIR)
      continue;
    const fsck_block *blk = &fs->data[ino->addr];
    if (blk->nentries < 2 || strcmp(blk->entries[0].name, ".") || blk->entries[0].inum != i ||
        strcmp(blk->entries[1].name, ".."))
      f.dot_entries++;
    for (int e = 0; e < blk->nentries; e++) {
      long long t = blk->entries[e].inum;
      if (!strcmp(blk->entries[e].name, ".") || !strcmp(blk->entries[e].name, ".."))
        continue;
      if (t < 0 || t >= fs->ninodes || fs->inodes[t].type == FSCK_FREE) {
        f.entry_inode++;
        continue;
      }
      links[t]++;
    }
  }
  for (long long i = 0; i < fs->ninodes; i++) {
    const fsck_inode *ino = &fs->inodes[i];
    if (ino->type == FSCK_FREE)
      continue;
    if (links[i] == 0)
      f.unreferenced++;
    long long expect = links[i];
    if (ino->type == FSCK_DIR && ino->addr >= 0 && fs->data[ino->addr].type == FSCK_DIR) {
      /* '.' and '..' of itself plus one '..' per subdirectory, less the
       * parent's name for it counted above */
      expect = 2;
      for (long long j = 1; j < fs->ninodes; j++)
        if (j != i && fs->inodes[j].type == FSCK_DIR && fs->inodes[j].addr >= 0 &&
            fs->data[fs->inodes[j].addr].type == FSCK_DIR &&
            fs->data[fs->inodes[j].addr].entries[1].inum == i)
          expect++;
    }
    if (links[i] > 0 && ino->refs != expect)
      f.refcnt++;
  }
  for (long long b = 0; b < fs->ndata; b++)
    if ((owners[b] > 0) != (fs->dbitmap.bits[b] == '1'))
      f.data_bitmap++;
  free(links);
  free(owners);
  return f;
}

static int total(findings f) {
  return f.inode_bitmap + f.data_bitmap + f.refcnt + f.bad_pointer + f.entry_inode + f.dot_entries +
         f.unreferenced + f.type_mismatch;
}

static void make(fsck_fs *fs, const char *seed, long long n) {
  assert_true(fsck_init(fs, 32, 32, seed));
  assert_int_equal(fsck_run(fs, n), FSCK_OK);
}

static void test_empty_file_system(void **state) {
  (void)state;
  fsck_fs fs;
  assert_true(fsck_init(&fs, 4, 4, "0"));
  /* Only the root: inode 0, a directory in block 0 holding . and .. */
  assert_string_equal(fs.ibitmap.bits, "1000");
  assert_string_equal(fs.dbitmap.bits, "1000");
  assert_int_equal(fs.inodes[0].type, FSCK_DIR);
  assert_int_equal(fs.inodes[0].refs, 2);
  assert_int_equal(fs.data[0].nentries, 2);
  assert_string_equal(fs.data[0].entries[1].name, "..");
  assert_int_equal(total(check(&fs)), 0);
  fsck_free(&fs);
}

static void test_workload_stays_consistent(void **state) {
  (void)state;
  const char *seeds[] = {"0", "1", "2", "3", "42", "12345678901234567890"};
  for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
    fsck_fs fs;
    make(&fs, seeds[s], 25);
    assert_int_equal(total(check(&fs)), 0);
    fsck_free(&fs);
  }
}

static void test_seed_zero_workload(void **state) {
  (void)state;
  /* The original's default run (-s 0 -n 15 on 16 inodes and blocks): the
   * root holds g, w, m and z, where m and z are links to one inode. */
  fsck_fs fs;
  assert_true(fsck_init(&fs, 16, 16, "0"));
  assert_int_equal(fsck_run(&fs, 15), FSCK_OK);
  assert_string_equal(fs.ibitmap.bits, "1000100010000101");
  assert_int_equal(fs.inodes[13].refs, 2);
  assert_int_equal(fs.data[0].nentries, 6);
  assert_int_equal(fs.ndirs, 3);
  fsck_free(&fs);
}

static void test_each_corruption_is_found(void **state) {
  (void)state;
  for (int kind = 0; kind < FSCK_NCORRUPTIONS; kind++) {
    fsck_fs fs;
    make(&fs, "7", 25);
    fsck_corruption c;
    assert_int_equal(fsck_corrupt(&fs, "3", kind, true, &c), 1);
    assert_int_equal(c.kind, kind);
    findings f = check(&fs);
    switch (kind) {
    case FSCK_C_DATA_BITMAP: assert_int_equal(f.data_bitmap, 1); break;
    case FSCK_C_INODE_BITMAP: assert_int_equal(f.inode_bitmap, 1); break;
    case FSCK_C_FILE_REFCNT:
    case FSCK_C_DIR_REFCNT: assert_int_equal(f.refcnt, 1); break;
    case FSCK_C_FILE_ORPHAN:
    case FSCK_C_DIR_ORPHAN:
      assert_int_equal(f.unreferenced, 1);
      assert_int_equal(f.inode_bitmap, 1);
      break;
    case FSCK_C_FILE_DEAD_BLOCK:
    case FSCK_C_DIR_DEAD_BLOCK:
      assert_int_equal(f.bad_pointer, 1);
      /* the new block is used but free in the bitmap; the old one, if
       * any, is marked but no longer used */
      assert_int_equal(f.data_bitmap, c.old_addr >= 0 ? 2 : 1);
      break;
    case FSCK_C_FILE_TYPE:
    case FSCK_C_DIR_TYPE: assert_true(f.type_mismatch + f.bad_pointer + f.refcnt >= 1); break;
    case FSCK_C_ENTRY_INODE: assert_true(f.entry_inode + f.dot_entries >= 1); break;
    case FSCK_C_ENTRY_NAME:
      /* a renamed file is still linked: only a renamed . or .. shows */
      assert_string_not_equal(c.before.name, c.after.name);
      break;
    }
    assert_true(kind == FSCK_C_ENTRY_NAME || total(f) >= 1);
    fsck_free(&fs);
  }
}

static void test_corruption_draws(void **state) {
  (void)state;
  /* -S 1 on the default file system flips inode bitmap bit 13, as the
   * chapter's README shows; -w overrides the kind but draws the same. */
  fsck_fs fs;
  fsck_corruption c;
  assert_true(fsck_init(&fs, 16, 16, "0"));
  assert_int_equal(fsck_run(&fs, 15), FSCK_OK);
  assert_int_equal(fsck_corrupt(&fs, "1", -1, false, &c), 1);
  assert_int_equal(c.kind, FSCK_C_INODE_BITMAP);
  assert_int_equal(c.bit, 13);
  assert_int_equal(fs.ibitmap.bits[13], '0');
  assert_int_equal(fsck_corrupt(&fs, "1", 12, true, &c), 0);
  fsck_free(&fs);
}

static void test_missing_structure(void **state) {
  (void)state;
  /* No file yet: a file's refcnt cannot be corrupted. */
  fsck_fs fs;
  fsck_corruption c;
  assert_true(fsck_init(&fs, 4, 4, "0"));
  assert_int_equal(fsck_corrupt(&fs, "0", FSCK_C_FILE_REFCNT, true, &c), -1);
  fsck_free(&fs);
}

static void test_out_of_inodes(void **state) {
  (void)state;
  fsck_fs fs;
  assert_true(fsck_init(&fs, 3, 64, "0"));
  assert_int_equal(fsck_run(&fs, 100), FSCK_OUT_OF_INODES);
  assert_string_equal(fs.ibitmap.bits, "111");
  fsck_free(&fs);
}

static void test_unlink_takes_first_file(void **state) {
  (void)state;
  fsck_fs fs;
  make(&fs, "5", 40);
  /* Every listed name resolves to a live inode of type file. */
  for (size_t i = 0; i < fsck_nfiles(&fs); i++) {
    const fsck_file *f = fsck_file_at(&fs, i);
    assert_int_equal(fs.inodes[f->inum].type, FSCK_FILE);
    char *p = fsck_file_path(&fs, f);
    assert_int_equal(p[0], '/');
    free(p);
  }
  fsck_free(&fs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_file_system),  cmocka_unit_test(test_workload_stays_consistent),
      cmocka_unit_test(test_seed_zero_workload), cmocka_unit_test(test_each_corruption_is_found),
      cmocka_unit_test(test_corruption_draws),   cmocka_unit_test(test_missing_structure),
      cmocka_unit_test(test_out_of_inodes),      cmocka_unit_test(test_unlink_takes_first_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
