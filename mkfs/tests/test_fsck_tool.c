// Runs the fsck program: its exit status, its output, -y writing the image back, and its
// one-line errors for bad usage and unreadable input.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "mkfs/layout.h"
#include "mkfs/tests/scratch.h"
#include "mkfs/tests/sample.h"

static char output[8192]; // what the last run printed, standard output and error

static const char *tool(const char *var, const char *fallback) {
  const char *p = getenv(var);
  return p ? p : fallback;
}

// Runs a command line; returns its exit status and leaves what it printed in output.
static int run(const char *cmd) {
  char full[1024], out_path[128];
  snprintf(out_path, sizeof(out_path), "%s/out", scratch_dir);
  snprintf(full, sizeof(full), "%s >%s 2>&1", cmd, out_path);
  int st = system(full);
  FILE *f = fopen(out_path, "r");
  assert_non_null(f);
  size_t n = fread(output, 1, sizeof(output) - 1, f);
  output[n] = '\0';
  fclose(f);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int fsck(const char *args) {
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "%s %s", tool("FSCK", "mkfs/fsck"), args);
  return run(cmd);
}

static void write_image(const uchar *disk, uint64 len) {
  FILE *f = fopen(scratch_img, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(disk, 1, len, f), len);
  fclose(f);
}

static void test_image_from_mkfs_is_clean(void **state) {
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "printf 'hello\\n' > %s/hello && head -c 20000 /dev/zero > %s/big",
           scratch_dir, scratch_dir);
  assert_int_equal(system(cmd), 0);
  snprintf(cmd, sizeof(cmd), "%s %s %s/hello %s/big", tool("MKFS", "mkfs/mkfs"), scratch_img,
           scratch_dir, scratch_dir);
  assert_int_equal(run(cmd), 0);
  assert_int_equal(fsck(scratch_img), 0);
  char want[256];
  snprintf(want, sizeof(want), "%s: clean, 3 inodes and 23 data blocks in use\n", scratch_img);
  assert_string_equal(output, want);
}

static void test_problems_exit_1_and_y_repairs(void **state) {
  struct sample s;
  uchar *disk = sample_build(&s);
  struct dinode din;
  img_read_inode(&s.img, s.readme, &din);
  din.nlink = 5;
  img_write_inode(&s.img, s.readme, &din);
  write_image(disk, SAMPLE_LEN);
  free(disk);

  char want[512];
  assert_int_equal(fsck(scratch_img), 1);
  snprintf(want, sizeof(want),
           "inode 2: link count 5, but 2 directory entries name it\n"
           "%s: 1 problem, 1 of them fixable with -y\n",
           scratch_img);
  assert_string_equal(output, want);
  assert_int_equal(fsck(scratch_img), 1); // nothing was written

  char args[128];
  snprintf(args, sizeof(args), "-y %s", scratch_img);
  assert_int_equal(fsck(args), 1);
  snprintf(want, sizeof(want),
           "inode 2: link count 5, but 2 directory entries name it (fixed: link count set)\n"
           "%s: 1 problem, 1 fixed\n",
           scratch_img);
  assert_string_equal(output, want);
  assert_int_equal(fsck(scratch_img), 0);
}

static void test_damaged_superblock_exits_1(void **state) {
  struct sample s;
  uchar *disk = sample_build(&s);
  disk[BSIZE] ^= 0xff; // the magic
  write_image(disk, SAMPLE_LEN);
  free(disk);
  char args[128];
  snprintf(args, sizeof(args), "-y %s", scratch_img);
  assert_int_equal(fsck(args), 1);
  assert_non_null(strstr(output, "superblock: magic 0x4f5354b9, not 0x4f535446 (not fixed)\n"));
  assert_non_null(strstr(output, "the superblock is unusable, nothing else was checked\n"));
}

static void test_truncated_images_exit_1(void **state) {
  struct sample s;
  uchar *disk = sample_build(&s);
  uint64 lens[] = {0, 1, BSIZE, 2 * BSIZE - 1, 2 * BSIZE, 50 * BSIZE + 7, SAMPLE_LEN - 1};
  for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
    write_image(disk, lens[i]);
    assert_int_equal(fsck(scratch_img), 1);
    assert_non_null(strstr(output, "superblock: "));
  }
  free(disk);
}

static void test_usage_and_unreadable_input_exit_2(void **state) {
  assert_int_equal(fsck(""), 2);
  assert_string_equal(output, "usage: fsck [-y] fs.img\n");
  assert_int_equal(fsck("-x fs.img"), 2);
  assert_int_equal(fsck("a.img b.img"), 2);
  char args[128];
  snprintf(args, sizeof(args), "%s/none.img", scratch_dir);
  assert_int_equal(fsck(args), 2);
  char want[256];
  snprintf(want, sizeof(want), "fsck: %s/none.img: No such file or directory\n", scratch_dir);
  assert_string_equal(output, want);
  assert_int_equal(fsck(scratch_dir), 2);
  snprintf(want, sizeof(want), "fsck: %s: not a regular file\n", scratch_dir);
  assert_string_equal(output, want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_image_from_mkfs_is_clean),
      cmocka_unit_test(test_problems_exit_1_and_y_repairs),
      cmocka_unit_test(test_damaged_superblock_exits_1),
      cmocka_unit_test(test_truncated_images_exit_1),
      cmocka_unit_test(test_usage_and_unreadable_input_exit_2),
  };
  return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
