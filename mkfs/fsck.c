// fsck: checks a file-system image made by mkfs or written by the kernel.
//   fsck [-y] fs.img
// Prints one line per problem and a last line with the verdict; -y repairs what is safe
// and writes the image back. Exit status: 0 clean, 1 problems found (even if -y fixed them
// all), 2 bad usage or an image that cannot be read.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/types.h"
#include "mkfs/check.h"

#define MAX_IMAGE (1ULL << 30) // larger files are not images of ours

static const char *prog = "fsck";

static void usage(void) {
  fprintf(stderr, "usage: %s [-y] fs.img\n", prog);
  exit(2);
}

// A one-line error about the image, then exit 2.
static void unreadable(const char *path, const char *why) {
  fprintf(stderr, "%s: %s: %s\n", prog, path, why);
  exit(2);
}

static uchar *load(const char *path, uint64 *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    unreadable(path, strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) < 0)
    unreadable(path, strerror(errno));
  if (!S_ISREG(st.st_mode))
    unreadable(path, "not a regular file");
  if ((unsigned long long)st.st_size > MAX_IMAGE)
    unreadable(path, "larger than 1 GiB: not a disk image of ours");
  *len = st.st_size;
  uchar *disk = malloc(*len + 1);
  if (disk == NULL)
    unreadable(path, "out of memory");
  if (fread(disk, 1, *len, f) != *len)
    unreadable(path, "read error");
  fclose(f);
  return disk;
}

static void store(const char *path, const uchar *disk, uint64 len) {
  FILE *f = fopen(path, "r+b");
  if (f == NULL)
    unreadable(path, strerror(errno));
  if (fwrite(disk, 1, len, f) != len || fclose(f) != 0)
    unreadable(path, "write failed; the image may be half repaired");
}

int main(int argc, char *argv[]) {
  int repair = 0;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-y") == 0)
      repair = 1;
    else if (argv[i][0] == '-' || path != NULL)
      usage();
    else
      path = argv[i];
  }
  if (path == NULL)
    usage();

  uint64 len;
  uchar *disk = load(path, &len);
  struct fsck_report r;
  if (fsck_check(disk, len, repair, stdout, &r) < 0)
    unreadable(path, "out of memory");
  if (r.changed)
    store(path, disk, len);
  free(disk);

  if (r.fatal)
    printf("%s: the superblock is unusable, nothing else was checked\n", path);
  else if (r.problems == 0 && r.orphans == 0)
    printf("%s: clean, %u inodes and %u data blocks in use\n", path, r.inodes_used, r.data_used);
  else if (r.problems == 0)
    printf("%s: clean, %u inodes and %u data blocks in use, %u of the inodes unlinked while open "
           "(the kernel frees them at boot)\n",
           path, r.inodes_used, r.data_used, r.orphans);
  else if (repair)
    printf("%s: %u problem%s, %u fixed\n", path, r.problems, r.problems == 1 ? "" : "s", r.fixed);
  else
    printf("%s: %u problem%s, %u of them fixable with -y\n", path, r.problems,
           r.problems == 1 ? "" : "s", r.fixable);
  return r.problems == 0 ? 0 : 1;
}
