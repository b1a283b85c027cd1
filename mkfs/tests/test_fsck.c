// fsck's checks (mkfs/check.c) on the sample image: clean as built, and each kind of damage
// found with the right message; where every problem is one fsck may fix, -y leaves a clean
// image behind.
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
#include "kernel/fs/logbook.h"
#include "mkfs/layout.h"
#include "mkfs/check.h"
#include "mkfs/tests/sample.h"

// The sample's inode and block numbers, which the expected messages name.
enum { ROOT = 1, README = 2, BIG = 3, CONSOLE = 4, D = 5, EMPTY = 6, E = 7 };
// big's indirect block comes after its direct blocks, whatever NDIRECT is.
enum { DATA = 36, ROOTBLK = 36, READMEBLK = 37, BIGBLK = 38, BIGIND = BIGBLK + NDIRECT };
enum { DBLK = 53, EBLK = 54 };
#if NDIRECT == 11
#define BIGIND_TEXT  "49"
#define BIGLAST_TEXT "2"
#else
#define BIGIND_TEXT  "50"
#define BIGLAST_TEXT "1"
#endif

// One run of the checker: its report and everything it printed.
struct run {
  struct fsck_report r;
  char *text;
};

static struct run check(uchar *disk, uint64 len, int repair) {
  struct run run;
  size_t n;
  FILE *out = open_memstream(&run.text, &n);
  assert_non_null(out);
  assert_true(fsck_check(disk, len, repair, out, &run.r) >= 0);
  fclose(out);
  return run;
}

static void test_sample_is_clean(void **state) {
  struct sample s;
  uchar *disk = sample_build(&s);
  // The numbers the messages below rely on.
  assert_int_equal(layout_nmeta(&s.img.sb), DATA);
  assert_int_equal(s.readme, README);
  assert_int_equal(s.big, BIG);
  assert_int_equal(s.console, CONSOLE);
  assert_int_equal(s.d, D);
  assert_int_equal(s.empty, EMPTY);
  assert_int_equal(s.e, E);
  struct dinode din;
  img_read_inode(&s.img, BIG, &din);
  assert_int_equal(din.addrs[0], BIGBLK);
  assert_int_equal(din.addrs[NDIRECT], BIGIND);
  img_read_inode(&s.img, E, &din);
  assert_int_equal(din.addrs[0], EBLK);

  struct run run = check(disk, SAMPLE_LEN, 0);
  assert_string_equal(run.text, "");
  assert_int_equal(run.r.problems, 0);
  assert_int_equal(run.r.inodes_used, 7);
  assert_int_equal(run.r.data_used, EBLK + 1 - DATA);
  free(run.text);
  free(disk);
}

// ---- the damage, one function each ----

static struct sample s; // the image a case damages
static uchar *disk;

#define EDIT_INODE(inum, change)                                                                   \
  do {                                                                                             \
    struct dinode din;                                                                             \
    img_read_inode(&s.img, inum, &din);                                                            \
    change;                                                                                        \
    img_write_inode(&s.img, inum, &din);                                                           \
  } while (0)

static void put32(uint64 off, uint v) {
  v = fs_le32(v);
  memcpy(disk + off, &v, 4);
}

static void set_dirent(uint dir, uint i, const char *name, uint inum) {
  struct dirent de;
  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = fs_le16(inum);
  memcpy(disk + sample_dirent_off(&s, dir, i), &de, sizeof(de));
}

static void set_dirent_inum(uint dir, uint i, uint inum) {
  ushort v = fs_le16(inum);
  memcpy(disk + sample_dirent_off(&s, dir, i), &v, 2);
}

static void sb_field(int i, uint v) {
  put32(BSIZE + 4 * i, v);
}
// Superblock fields by position: magic, size, nblocks, ninodes, nlog, logstart, inodestart, bmapstart.
static void bad_magic(void) {
  sb_field(0, 0x12345678);
}
static void size_past_image(void) {
  sb_field(1, SAMPLE_SIZE + 1);
}
static void no_data_blocks(void) {
  sb_field(2, 0);
}
static void one_inode(void) {
  sb_field(3, 1);
}
static void tiny_log(void) {
  sb_field(4, 5);
}
static void inodes_over_log(void) {
  sb_field(6, 10);
}
static void unknown_type(void) {
  EDIT_INODE(EMPTY, din.type = 9);
}
static void file_nlink(void) {
  EDIT_INODE(README, din.nlink = 3);
}
static void dir_nlink(void) {
  EDIT_INODE(D, din.nlink = 1);
}
static void size_past_blocks(void) {
  EDIT_INODE(README, din.size = 2000);
}
static void huge_size(void) {
  EDIT_INODE(BIG, din.size = 0xffffffff);
}
static void blocks_past_size(void) {
  EDIT_INODE(BIG, din.size = 5 * BSIZE);
}
static void pointer_into_log(void) {
  EDIT_INODE(README, din.addrs[0] = 3);
}
static void pointer_past_end(void) {
  EDIT_INODE(BIG, din.addrs[NDIRECT] = 5000);
}
static void slot_into_inodes(void) {
  put32((uint64)BIGIND * BSIZE + 4 * (13 - NDIRECT), 34); // big's last block
}
static void shared_block(void) {
  EDIT_INODE(EMPTY, din.size = 10; din.addrs[0] = READMEBLK);
}
static void block_twice(void) {
  EDIT_INODE(BIG, din.addrs[1] = BIGBLK);
}
static void hole(void) {
  EDIT_INODE(BIG, din.addrs[3] = 0);
}
static void used_marked_free(void) {
  img_mark_block(&s.img, READMEBLK, 0);
}
static void free_marked_used(void) {
  img_mark_block(&s.img, SAMPLE_SIZE - 1, 1);
}
static void log_marked_free(void) {
  img_mark_block(&s.img, 3, 0);
}
static void past_end_marked_used(void) {
  img_mark_block(&s.img, SAMPLE_SIZE, 1);
}
static void dot_wrong(void) {
  set_dirent_inum(D, 0, BIG);
}
static void dotdot_wrong(void) {
  set_dirent_inum(D, 1, D);
}
static void dot_renamed(void) {
  set_dirent(D, 0, "x", D);
}
static void names_free_inode(void) {
  set_dirent_inum(ROOT, 2, 20); // README
}
static void names_inode_past_last(void) {
  set_dirent_inum(ROOT, 3, 40); // big
}
static void directory_hard_link(void) {
  set_dirent(ROOT, 4, "d2", D); // the free entry
}
static void extra_dotdot(void) {
  set_dirent(ROOT, 4, "..", ROOT);
}
static void empty_name(void) {
  set_dirent(ROOT, 4, "", BIG);
  EDIT_INODE(BIG, din.nlink = 2);
}
static void orphan_no_links(void) {
  EDIT_INODE(20, din.type = T_FILE; din.nlink = 0);
}
static void orphan_with_link(void) {
  EDIT_INODE(20, din.type = T_FILE; din.nlink = 1);
}
// The orphan list beside the superblock (kernel/fs.h).
static void set_orphan_slot(uint i, uint inum) {
  put32((uint64)BSIZE + ORPHAN_OFFSET + 4 * i, inum);
}
static void orphan_list_names_free(void) {
  set_orphan_slot(3, 20);
}
static void orphan_list_names_named(void) {
  set_orphan_slot(0, README);
}
static void orphan_list_past_last(void) {
  set_orphan_slot(1, 40);
}
static void orphan_list_twice(void) {
  orphan_no_links();
  set_orphan_slot(0, 20);
  set_orphan_slot(5, 20);
}
static void unreachable_directory(void) {
  set_dirent_inum(D, 3, 0); // e
  EDIT_INODE(D, din.nlink = 1);
}
static void root_not_directory(void) {
  EDIT_INODE(ROOT, din.type = T_FILE);
}
static void dir_size_ragged(void) {
  EDIT_INODE(ROOT, din.size += 3);
}
static void inode_zero_used(void) {
  EDIT_INODE(0, din.type = T_FILE);
}
static void log_too_long(void) {
  put32((uint64)2 * BSIZE, LOGSIZE + 1);
}
static void log_names_metadata(void) {
  put32((uint64)2 * BSIZE, 1);
  put32((uint64)2 * BSIZE + 4, 5);
}

struct damage {
  const char *name;
  void (*apply)(void);
  const char *expect; // a line, or the start of one, that the check must print
  int fixable;        // -y fixes everything, and a second run is clean
};

static const struct damage damages[] = {
    {"bad magic", bad_magic, "superblock: magic 0x12345678, not 0x4f535446", 0},
    {"size past image", size_past_image,
     "superblock: size 121 blocks, but the image holds only 120", 0},
    {"no data blocks", no_data_blocks, "superblock: 0 data blocks in a file system of 120 blocks",
     0},
    {"one inode", one_inode, "superblock: 1 inodes leave no room for the root inode (1)", 0},
    {"tiny log", tiny_log,
     "superblock: a log of 5 blocks is smaller than the kernel's minimum (11)", 0},
    {"inodes over log", inodes_over_log,
     "superblock: inode blocks [10, 12) start before the log blocks [2, 33) end", 0},
    {"unknown type", unknown_type, "inode 6: unknown type 9", 0},
    {"file nlink", file_nlink, "inode 2: link count 3, but 2 directory entries name it", 1},
    {"dir nlink", dir_nlink, "inode 5: link count 1, but 2 directory entries name it", 1},
    {"size past blocks", size_past_blocks,
     "inode 2: size 2000 needs 2 blocks, but file block 1 has none", 1},
    {"huge size", huge_size, "inode 3: size 4294967295 is more than a file can hold (", 1},
    {"blocks past size", blocks_past_size,
     "inode 3: file block 5 (block 43) lies past its size 5120", 1},
    {"pointer into log", pointer_into_log,
     "inode 2: block pointer 0 holds block 3, outside the data area [36, 120)", 1},
    {"pointer past end", pointer_past_end,
     "inode 3: indirect pointer holds block 5000, outside the data area [36, 120)", 1},
    {"slot into inodes", slot_into_inodes,
     "inode 3: slot " BIGLAST_TEXT " of indirect block " BIGIND_TEXT
     " holds block 34, outside the data area [36, 120)",
     1},
    {"shared block", shared_block, "block 37: used by inode 2 and by inode 6", 0},
    {"block twice", block_twice, "inode 3: uses block 38 twice", 0},
    {"hole", hole, "inode 3: size 14326 needs 14 blocks, but file block 3 has none", 0},
    {"used marked free", used_marked_free, "block 37: used by inode 2, but marked free", 1},
    {"free marked used", free_marked_used, "block 119: marked in use, but no inode uses it", 1},
    {"log marked free", log_marked_free, "block 3: a log block, but marked free", 1},
    {"past end marked used", past_end_marked_used,
     "block 120: past the last block (119), but marked in use", 1},
    {"dot wrong", dot_wrong, "directory 5: \".\" names inode 3, not 5", 1},
    {"dotdot wrong", dotdot_wrong, "directory 5: \"..\" names inode 5, not 1", 1},
    {"dot renamed", dot_renamed, "directory 5: entry 0 is \"x\", not \".\"", 0},
    {"names free inode", names_free_inode,
     "directory 1: entry \"README\" names inode 20, which is free", 1},
    {"names inode past last", names_inode_past_last,
     "directory 1: entry \"big\" names inode 40, past the last (31)", 0},
    {"directory hard link", directory_hard_link,
     "directory 1: entry \"d\" names directory 5, already reached from 1", 0},
    {"extra dotdot", extra_dotdot, "directory 1: another \"..\" entry, at offset 64", 1},
    {"empty name", empty_name, "directory 1: the entry at offset 64 names inode 3 but has no name",
     0},
    {"orphan, no links", orphan_no_links,
     "inode 20: an orphan: no directory entry names it and its link count is 0", 1},
    {"orphan with a link", orphan_with_link,
     "inode 20: link count 1, but no directory entry names it", 0},
    {"orphan list names a free inode", orphan_list_names_free,
     "orphan list slot 3: inode 20 is free", 1},
    {"orphan list names a named inode", orphan_list_names_named,
     "orphan list slot 0: inode 2 still has a name", 1},
    {"orphan list names no inode", orphan_list_past_last,
     "orphan list slot 1: inode 40 does not exist", 1},
    {"orphan listed twice", orphan_list_twice, "orphan list slot 5: inode 20 is listed twice", 1},
    {"unreachable directory", unreachable_directory,
     "inode 7: link count 1, but no directory entry names it", 0},
    {"root not a directory", root_not_directory,
     "inode 1: the root, but its type is 2, not a directory", 0},
    {"ragged directory size", dir_size_ragged,
     "inode 1: directory size 131 is not a whole number of 16-byte entries", 1},
    {"inode 0 in use", inode_zero_used, "inode 0: type 2, but inode 0 is never used", 1},
    {"log too long", log_too_long, "log: the header names 31 blocks, more than the log holds (30)",
     1},
    {"log names metadata", log_names_metadata,
     "log: entry 0 names block 5, outside blocks [33, 120)", 1},
};

static void test_each_damage_is_found_and_repaired(void **state) {
  for (size_t i = 0; i < sizeof(damages) / sizeof(damages[0]); i++) {
    const struct damage *d = &damages[i];
    disk = sample_build(&s);
    d->apply();
    uchar *copy = malloc(SAMPLE_LEN);
    memcpy(copy, disk, SAMPLE_LEN);

    struct run run = check(disk, SAMPLE_LEN, 0);
    if (run.r.problems == 0 || strstr(run.text, d->expect) == NULL) {
      print_error("%s: expected \"%s\", got:\n%s", d->name, d->expect, run.text);
      fail();
    }
    if (d->fixable != (run.r.fixable == run.r.problems)) {
      print_error("%s: %u of %u problems fixable:\n%s", d->name, run.r.fixable, run.r.problems,
                  run.text);
      fail();
    }
    free(run.text);

    // Repairing: every problem's line says whether it was fixed; then a second run.
    struct run fixed = check(copy, SAMPLE_LEN, 1);
    assert_int_equal(fixed.r.changed, fixed.r.fixed > 0);
    struct run again = check(copy, SAMPLE_LEN, 0);
    if (again.r.fixable != 0 || (d->fixable && again.r.problems != 0)) {
      print_error("%s: after -y:\n%sthe second run found:\n%s", d->name, fixed.text, again.text);
      fail();
    }
    free(fixed.text);
    free(again.text);
    free(copy);
    free(disk);
  }
}

// An inode unlinked while open when the machine stopped: no name, no links, on the orphan
// list. It is not a problem (the kernel frees it at boot), and it is counted.
static void test_listed_orphan_is_clean(void **state) {
  disk = sample_build(&s);
  orphan_no_links();
  set_orphan_slot(7, 20);
  struct run run = check(disk, SAMPLE_LEN, 0);
  assert_string_equal(run.text, "");
  assert_int_equal(run.r.problems, 0);
  assert_int_equal(run.r.orphans, 1);
  free(run.text);
  free(disk);
}

static void test_repair_says_what_it_did(void **state) {
  disk = sample_build(&s);
  file_nlink();
  used_marked_free();
  struct run run = check(disk, SAMPLE_LEN, 1);
  assert_string_equal(run.text,
                      "inode 2: link count 3, but 2 directory entries name it (fixed: link count "
                      "set)\nblock 37: used by inode 2, but marked free (fixed: marked in use)\n");
  assert_int_equal(run.r.problems, 2);
  assert_int_equal(run.r.fixed, 2);
  struct dinode din;
  img_read_inode(&s.img, README, &din);
  assert_int_equal(din.nlink, 2);
  assert_true(img_block_used(&s.img, READMEBLK));
  free(run.text);
  free(disk);
}

static void test_unfixable_problems_say_so(void **state) {
  disk = sample_build(&s);
  shared_block();
  struct run run = check(disk, SAMPLE_LEN, 1);
  assert_non_null(strstr(run.text, "block 37: used by inode 2 and by inode 6 (not fixed)\n"));
  free(run.text);
  free(disk);
}

// A block shared by two inodes is left alone; once a repair to one of them ends the sharing,
// a second round repairs the other.
static void test_repair_goes_round_again(void **state) {
  disk = sample_build(&s);
  put32((uint64)BIGIND * BSIZE + 4 * (14 - NDIRECT), DBLK); // big's file block 14, past its size
  set_dirent_inum(D, 0, BIG);
  struct run run = check(disk, SAMPLE_LEN, 1);
  assert_string_equal(run.text,
                      "inode 3: file block 14 (block 53) lies past its size 14326 (fixed: slot "
                      "cleared)\n"
                      "directory 5: \".\" names inode 3, not 5 (not fixed)\n"
                      "directory 5: \".\" names inode 3, not 5 (fixed: corrected)\n");
  assert_int_equal(run.r.problems, 2);
  assert_int_equal(run.r.fixed, 2);
  free(run.text);
  run = check(disk, SAMPLE_LEN, 0);
  assert_string_equal(run.text, "");
  free(run.text);
  free(disk);
}

// A transaction committed to the log but not installed: the kernel installs it at boot, and
// fsck checks the image as it will be then. Here the home copy of README's inode has a wrong
// link count that the logged copy corrects.
static void commit_to_log(void) {
  uint iblock = IBLOCK(README, s.img.sb);
  uint logstart = s.img.sb.logstart;
  memcpy(img_block(&s.img, logstart + 1), img_block(&s.img, iblock), BSIZE);
  EDIT_INODE(README, din.nlink = 7);
  struct logbook lb;
  logbook_init(&lb, LOGSIZE);
  logbook_add(&lb, iblock);
  logbook_pack(&lb, img_block(&s.img, logstart));
}

// The same commit with a checksum (logsum=1): intact, it is installed as before; torn (a
// logged block that is not the one summed), it is discarded, as the kernel does at boot.
static void commit_summed_to_log(int torn) {
  commit_to_log();
  uint logstart = s.img.sb.logstart;
  struct logbook lb;
  logbook_init(&lb, LOGSIZE);
  logbook_add(&lb, IBLOCK(README, s.img.sb));
  lb.summed = 1;
  lb.sum = logbook_sum_add(logbook_sum_start(&lb), img_block(&s.img, logstart + 1));
  logbook_pack(&lb, img_block(&s.img, logstart));
  if (torn)
    img_block(&s.img, logstart + 1)[BSIZE - 1] ^= 1;
}

static void test_summed_log_installed_unless_torn(void **state) {
  disk = sample_build(&s);
  commit_summed_to_log(0);
  struct run run = check(disk, SAMPLE_LEN, 1);
  assert_string_equal(run.text, "log: installed a committed transaction of 1 blocks\n");
  free(run.text);
  free(disk);

  disk = sample_build(&s);
  commit_summed_to_log(1);
  run = check(disk, SAMPLE_LEN, 1);
  assert_string_equal(run.text, "log: holds a torn transaction of 1 blocks (its checksum does "
                                "not match), discarded as the kernel does at boot\n"
                                "inode 2: link count 7, but 2 directory entries name it (fixed: "
                                "link count set)\n");
  assert_int_equal(img_block(&s.img, s.img.sb.logstart)[0], 0);
  free(run.text);
  free(disk);
}

static void test_committed_log_is_checked_as_installed(void **state) {
  disk = sample_build(&s);
  commit_to_log();
  struct run run = check(disk, SAMPLE_LEN, 0);
  assert_string_equal(run.text, "log: holds a committed transaction of 1 blocks, checked as "
                                "installed (the kernel installs it at boot)\n");
  assert_int_equal(run.r.problems, 0);
  assert_int_equal(run.r.changed, 0);
  free(run.text);
  free(disk);

  disk = sample_build(&s);
  commit_to_log();
  run = check(disk, SAMPLE_LEN, 1);
  assert_string_equal(run.text, "log: installed a committed transaction of 1 blocks\n");
  assert_int_equal(run.r.changed, 1);
  struct dinode din;
  img_read_inode(&s.img, README, &din);
  assert_int_equal(din.nlink, 2);
  assert_int_equal(img_block(&s.img, s.img.sb.logstart)[0], 0); // the log is empty again
  free(run.text);
  run = check(disk, SAMPLE_LEN, 0);
  assert_string_equal(run.text, "");
  free(run.text);
  free(disk);
}

// A transaction that puts an orphan on the list logs the superblock's block: installed, the
// inode unlinked while open is on the list. A logged copy that changes the superblock itself
// is damage, never installed.
static void commit_superblock_block_to_log(int damaged) {
  uint logstart = s.img.sb.logstart;
  orphan_no_links();
  uchar *logged = img_block(&s.img, logstart + 1);
  memcpy(logged, img_block(&s.img, SUPERBLOCK), BSIZE);
  logged[ORPHAN_OFFSET] = 20; // slot 0 names inode 20 (little endian)
  if (damaged)
    logged[4] ^= 1; // the superblock's size
  struct logbook lb;
  logbook_init(&lb, LOGSIZE);
  logbook_add(&lb, SUPERBLOCK);
  logbook_pack(&lb, img_block(&s.img, logstart));
}

static void test_logged_superblock_block(void **state) {
  disk = sample_build(&s);
  commit_superblock_block_to_log(0);
  struct run run = check(disk, SAMPLE_LEN, 0);
  assert_string_equal(run.text, "log: holds a committed transaction of 1 blocks, checked as "
                                "installed (the kernel installs it at boot)\n");
  assert_int_equal(run.r.problems, 0);
  free(run.text);
  free(disk);

  disk = sample_build(&s);
  commit_superblock_block_to_log(1);
  run = check(disk, SAMPLE_LEN, 1);
  assert_non_null(strstr(run.text, "log: entry 0, the superblock's block, holds a different "
                                   "superblock (fixed: log cleared)\n"));
  assert_int_equal(img_block(&s.img, s.img.sb.logstart)[0], 0);
  struct superblock after;
  sb_decode(img_block(&s.img, SUPERBLOCK), &after);
  assert_int_equal(after.size, s.img.sb.size); // the damaged copy was not installed
  free(run.text);
  free(disk);
}

static void test_truncated_image_is_a_problem(void **state) {
  disk = sample_build(&s);
  struct run run = check(disk, 60 * BSIZE, 0);
  assert_string_equal(run.text, "superblock: size 120 blocks, but the image holds only 60\n");
  assert_true(run.r.fatal);
  free(run.text);
  run = check(disk, 100, 0);
  assert_string_equal(run.text, "superblock: the image is 100 bytes, too short to hold one\n");
  free(run.text);
  free(disk);
}

// ---- the doubly-indirect tree and symbolic links ----

// An image with a file reaching into the second table below the doubly-indirect block, and a
// symbolic link to it. Only a layout with a doubly-indirect block has one (the fs lab's).
#define DEEP_SIZE   700
#define DEEP_LEN    ((uint64)DEEP_SIZE * BSIZE)
#define DEEP_BLOCKS (NDIRECT + 2 * NINDIRECT + 5)
static uint deep, link_inum;

static uchar *deep_build(struct fsimage *img) {
  uchar *d = malloc(DEEP_LEN);
  img_init(img, d, DEEP_SIZE, 32, LOGSIZE + 1);
  uint root = img_mkroot(img);
  static uchar data[DEEP_BLOCKS * BSIZE];
  for (uint i = 0; i < sizeof(data); i++)
    data[i] = i / BSIZE;
  deep = img_ialloc(img, T_FILE);
  assert_int_equal(img_append(img, deep, data, sizeof(data)), 0);
  img_dirlink(img, root, "deep", deep);
  link_inum = img_ialloc(img, T_SYMLINK);
  img_append(img, link_inum, "/deep", 5);
  img_dirlink(img, root, "link", link_inum);
  img_finish(img);
  return d;
}

// The doubly-indirect block of deep, and slot i of it (a table).
static uint deep_top(struct fsimage *img) {
  struct dinode din;
  img_read_inode(img, deep, &din);
  return din.addrs[NADDRS - 1];
}

static uint deep_table(struct fsimage *img, uint i) {
  uint v;
  memcpy(&v, img_block(img, deep_top(img)) + 4 * i, 4);
  return fs_le32(v);
}

// fsck on a damaged copy: its report must hold `expect`; with `fixable`, -y must mend it all.
static void deep_case(const char *name, void (*damage)(struct fsimage *), const char *expect,
                      int fixable) {
  struct fsimage img;
  uchar *d = deep_build(&img);
  damage(&img);
  uchar *copy = malloc(DEEP_LEN);
  memcpy(copy, d, DEEP_LEN);
  struct run run = check(d, DEEP_LEN, 0);
  if (strstr(run.text, expect) == NULL || (fixable && run.r.fixable != run.r.problems)) {
    print_error("%s: expected \"%s\"%s, got:\n%s", name, expect,
                fixable ? ", every problem fixable" : "", run.text);
    fail();
  }
  struct run fixed = check(copy, DEEP_LEN, 1);
  struct run again = check(copy, DEEP_LEN, 0);
  if (again.r.fixable != 0 || (fixable && again.r.problems != 0)) {
    print_error("%s: after -y:\n%sthe second run found:\n%s", name, fixed.text, again.text);
    fail();
  }
  free(run.text);
  free(fixed.text);
  free(again.text);
  free(copy);
  free(d);
}

static void top_past_end(struct fsimage *img) {
  struct dinode din;
  img_read_inode(img, deep, &din);
  din.addrs[NADDRS - 1] = 5000;
  img_write_inode(img, deep, &din);
}
static void table_into_inodes(struct fsimage *img) {
  uint v = fs_le32(3);
  memcpy(img_block(img, deep_top(img)) + 4 * 1, &v, 4);
}
static void slot_of_table_past_end(struct fsimage *img) {
  uint v = fs_le32(DEEP_SIZE + 7);
  memcpy(img_block(img, deep_table(img, 1)) + 4 * 4, &v, 4); // the file's last block
}
static void table_shared(struct fsimage *img) {
  struct dinode din;
  img_read_inode(img, deep, &din);
  uint v = fs_le32(din.addrs[NDIRECT]); // the singly-indirect block, as a table too
  memcpy(img_block(img, deep_top(img)) + 4 * 1, &v, 4);
}
static void top_marked_free(struct fsimage *img) {
  img_mark_block(img, deep_top(img), 0);
}
static void table_marked_free(struct fsimage *img) {
  img_mark_block(img, deep_table(img, 1), 0);
}
static void table_past_size(struct fsimage *img) {
  struct dinode din;
  img_read_inode(img, deep, &din);
  din.size = (NDIRECT + NINDIRECT + 3) * BSIZE; // into the first table only
  img_write_inode(img, deep, &din);
}
static void link_empty(struct fsimage *img) {
  struct dinode din;
  img_read_inode(img, link_inum, &din);
  din.size = 0;
  img_write_inode(img, link_inum, &din);
}
static void link_past_blocks(struct fsimage *img) {
  struct dinode din;
  img_read_inode(img, link_inum, &din);
  din.size = 100;
  din.addrs[0] = 0;
  img_write_inode(img, link_inum, &din);
}

static void test_doubly_indirect_damage(void **state) {
  if (NADDRS < NDIRECT + 2)
    skip(); // the layout has no doubly-indirect block
  struct fsimage img;
  uchar *d = deep_build(&img);
  struct run run = check(d, DEEP_LEN, 0);
  assert_string_equal(run.text, "");
  assert_int_equal(run.r.data_used, DEEP_BLOCKS + 4 + 2); // + indirect blocks, root, link
  free(run.text);
  uint top = deep_top(&img), table = deep_table(&img, 1);
  free(d);

  char expect[160];
  deep_case("doubly-indirect pointer past the end", top_past_end,
            "doubly-indirect pointer holds block 5000, outside the data area", 1);
  snprintf(expect, sizeof(expect), "slot 1 of doubly-indirect block %u holds block 3, outside",
           top);
  deep_case("table in the inodes", table_into_inodes, expect, 1);
  snprintf(expect, sizeof(expect), "slot 4 of indirect block %u holds block %u, outside", table,
           DEEP_SIZE + 7);
  deep_case("slot of a table past the end", slot_of_table_past_end, expect, 1);
  deep_case("table shared with the indirect block", table_shared, "uses block", 0);
  snprintf(expect, sizeof(expect), "block %u: used by inode %u, but marked free", top, deep);
  deep_case("doubly-indirect block marked free", top_marked_free, expect, 1);
  snprintf(expect, sizeof(expect), "block %u: used by inode %u, but marked free", table, deep);
  deep_case("table marked free", table_marked_free, expect, 1);
  snprintf(expect, sizeof(expect), "inode %u: indirect block %u lies past its size", deep, table);
  deep_case("table past the size", table_past_size, expect, 1);
}

static void test_symlink_damage(void **state) {
  if (NADDRS < NDIRECT + 2)
    skip(); // the image is built with the doubly-indirect layout
  char expect[160];
  snprintf(expect, sizeof(expect), "inode %u: symbolic link of 0 bytes, not 1 to %d", link_inum,
           MAXPATH - 1);
  deep_case("empty link", link_empty, expect, 0);
  snprintf(expect, sizeof(expect), "inode %u: size 100 needs 1 blocks, but file block 0 has none",
           link_inum);
  deep_case("link past its blocks", link_past_blocks, expect, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sample_is_clean),
      cmocka_unit_test(test_each_damage_is_found_and_repaired),
      cmocka_unit_test(test_listed_orphan_is_clean),
      cmocka_unit_test(test_repair_says_what_it_did),
      cmocka_unit_test(test_unfixable_problems_say_so),
      cmocka_unit_test(test_repair_goes_round_again),
      cmocka_unit_test(test_committed_log_is_checked_as_installed),
      cmocka_unit_test(test_logged_superblock_block),
      cmocka_unit_test(test_summed_log_installed_unless_torn),
      cmocka_unit_test(test_truncated_image_is_a_problem),
      cmocka_unit_test(test_doubly_indirect_damage),
      cmocka_unit_test(test_symlink_damage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
