// Runs the mkfs program on temporary files and reads the image back.
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
#include "kernel/param.h"
#include "kernel/stat.h"
#include "mkfs/layout.h"
#include "mkfs/tests/scratch.h"

static const char *mkfs_path(void) {
  const char *p = getenv("MKFS");
  return p ? p : "mkfs/mkfs";
}

// Runs mkfs with the given argument string; returns its exit status.
static int run_mkfs(const char *args) {
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "%s %s >/dev/null 2>&1", mkfs_path(), args);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *name, const void *data, size_t n) {
  char path[128];
  snprintf(path, sizeof(path), "%s/%s", scratch_dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  fclose(f);
}

static uchar *load_image(struct fsimage *img) {
  uchar *disk = malloc((size_t)FSSIZE * BSIZE);
  FILE *f = fopen(scratch_img, "rb");
  assert_non_null(f);
  assert_int_equal(fread(disk, BSIZE, FSSIZE, f), FSSIZE);
  fclose(f);
  img->disk = disk;
  memcpy(&img->sb, disk + BSIZE, sizeof(img->sb));
  return disk;
}

static void test_usage_error_exits_2(void **state) {
  assert_int_equal(run_mkfs(""), 2);
}

static void test_image_holds_files(void **state) {
  write_file("_hello", "hello, world\n", 13);
  uchar *big = malloc(50 * BSIZE + 3);
  for (int i = 0; i < 50 * BSIZE + 3; i++)
    big[i] = (uchar)(i % 251);
  write_file("big", big, 50 * BSIZE + 3);
  char args[512];
  snprintf(args, sizeof(args), "%s %s/_hello %s/big", scratch_img, scratch_dir, scratch_dir);
  assert_int_equal(run_mkfs(args), 0);

  struct fsimage img;
  uchar *disk = load_image(&img);
  assert_int_equal(img.sb.magic, FSMAGIC);
  assert_int_equal(img.sb.size, FSSIZE);
  assert_int_equal(img.sb.nlog, LOGSIZE + 1);
  assert_int_equal(img_lookup(&img, ROOTINO, "."), ROOTINO);
  assert_int_equal(img_lookup(&img, ROOTINO, ".."), ROOTINO);
  assert_int_equal(img_lookup(&img, ROOTINO, "_hello"), 0);
  uint hello = img_lookup(&img, ROOTINO, "hello");
  assert_int_not_equal(hello, 0);
  char buf[32] = {0};
  assert_int_equal(img_read(&img, hello, 0, buf, sizeof(buf)), 13);
  assert_string_equal(buf, "hello, world\n");

  uint bigi = img_lookup(&img, ROOTINO, "big");
  assert_int_not_equal(bigi, 0);
  uchar *back = malloc(50 * BSIZE + 3);
  assert_int_equal(img_read(&img, bigi, 0, back, 50 * BSIZE + 3), 50 * BSIZE + 3);
  assert_memory_equal(big, back, 50 * BSIZE + 3);
  struct dinode din;
  img_read_inode(&img, bigi, &din);
  assert_int_equal(din.type, T_FILE);
  assert_int_equal(din.nlink, 1);
  assert_true(img_block_used(&img, din.addrs[0]));
  assert_false(img_block_used(&img, FSSIZE - 1));
  free(back);
  free(big);
  free(disk);
}

static void test_rejects_long_name(void **state) {
  write_file("abcdefghijklmno", "x", 1);
  char args[512];
  snprintf(args, sizeof(args), "%s %s/abcdefghijklmno", scratch_img, scratch_dir);
  unlink(scratch_img);
  assert_int_equal(run_mkfs(args), 1);
  assert_int_not_equal(access(scratch_img, F_OK), 0); // nothing written
}

static void test_rejects_file_larger_than_maxfile(void **state) {
  size_t n = MAXFILE_BYTES + 1;
  uchar *data = calloc(n, 1);
  write_file("huge", data, n);
  free(data);
  char args[512];
  snprintf(args, sizeof(args), "%s %s/huge", scratch_img, scratch_dir);
  assert_int_equal(run_mkfs(args), 1);
}

static void test_rejects_image_overflow(void **state) {
  // Several maximum-size files need more blocks than FSSIZE.
  uchar *data = calloc(MAXFILE_BYTES, 1);
  write_file("max", data, MAXFILE_BYTES);
  free(data);
  char args[1024];
  int len = snprintf(args, sizeof(args), "%s", scratch_img);
  for (int i = 0; i < 8; i++) {
    char name[16];
    snprintf(name, sizeof(name), "max%d", i);
    char src[128], dst[128];
    snprintf(src, sizeof(src), "%s/max", scratch_dir);
    snprintf(dst, sizeof(dst), "%s/%s", scratch_dir, name);
    assert_int_equal(link(src, dst), 0);
    len += snprintf(args + len, sizeof(args) - len, " %s", dst);
  }
  assert_int_equal(run_mkfs(args), 1);
}

static void test_rejects_duplicate_and_missing(void **state) {
  write_file("dup", "d", 1);
  char args[512];
  snprintf(args, sizeof(args), "%s %s/dup %s/dup", scratch_img, scratch_dir, scratch_dir);
  assert_int_equal(run_mkfs(args), 1);
  snprintf(args, sizeof(args), "%s %s/does-not-exist", scratch_img, scratch_dir);
  assert_int_equal(run_mkfs(args), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_usage_error_exits_2),
      cmocka_unit_test(test_image_holds_files),
      cmocka_unit_test(test_rejects_long_name),
      cmocka_unit_test(test_rejects_file_larger_than_maxfile),
      cmocka_unit_test(test_rejects_image_overflow),
      cmocka_unit_test(test_rejects_duplicate_and_missing),
  };
  return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
