// usertests: files: create, read, write, truncate, sizes, links and unlink.
#include "user/usertests.h"

static char buf[BSIZE * 4];

static void fill(char *p, int n, int seed) {
  for (int i = 0; i < n; i++)
    p[i] = (char)(seed + i * 7 + i / 251);
}

static void small_file(void) {
  CHECK(open("nofile", O_RDONLY) == -1, "open of a missing file did not fail");
  int fd = open("small", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create failed");
  for (int i = 0; i < 100; i++)
    CHECK(write(fd, "aaaaaaaaaa", 10) == 10 && write(fd, "bbbbbbbbbb", 10) == 10, "write %d failed",
          i);
  close(fd);
  fd = open("small", O_RDONLY);
  CHECK(read(fd, buf, sizeof(buf)) == 2000, "read back the wrong size");
  CHECK(buf[0] == 'a' && buf[10] == 'b' && buf[1999] == 'b', "read back wrong data");
  CHECK(read(fd, buf, 10) == 0, "read at end of file not 0");
  close(fd);
  struct stat st;
  CHECK(stat("small", &st) == 0 && st.type == T_FILE && st.size == 2000 && st.nlink == 1,
        "stat: type %d size %lu links %d", st.type, st.size, st.nlink);
  // O_CREATE on an existing file keeps it; O_TRUNC empties it.
  fd = open("small", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.size == 2000, "O_CREATE changed the file");
  close(fd);
  fd = open("small", O_RDWR | O_TRUNC);
  CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.size == 0, "O_TRUNC did not empty the file");
  CHECK(write(fd, "xyz", 3) == 3, "write after truncate failed");
  close(fd);
  CHECK(read_file("small", buf, sizeof(buf)) == 3 && buf[0] == 'x', "truncate then write wrong");
  CHECK(unlink("small") == 0, "unlink failed");
  CHECK(open("small", O_RDONLY) == -1, "unlinked file still opens");
  CHECK(unlink("small") == -1, "second unlink did not fail");
}

// Writes at odd sizes across block boundaries and into the indirect blocks.
static void big_writes(void) {
  int fd = open("bigw", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create failed");
  int sizes[] = {1, 1023, 1024, 1025, 3000, 4096, 17, BSIZE * 4};
  int total = 0;
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
      fill(buf, sizes[i], total);
      CHECK(write(fd, buf, sizes[i]) == sizes[i], "write of %d bytes failed", sizes[i]);
      total += sizes[i];
    }
  }
  close(fd);
  CHECK(total > NDIRECT * BSIZE, "test does not reach the indirect block");
  fd = open("bigw", O_RDONLY);
  int off = 0;
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
      static char expect[BSIZE * 4];
      fill(expect, sizes[i], off);
      CHECK(read(fd, buf, sizes[i]) == sizes[i], "short read at %d", off);
      CHECK(memcmp(buf, expect, sizes[i]) == 0, "wrong data at offset %d", off);
      off += sizes[i];
    }
  }
  close(fd);
  unlink("bigw");
}

// A file of exactly MAXFILE blocks; one more byte fails. With the fs lab's doubly-indirect
// block a file of MAXFILE (65,803) blocks does not fit on fs.img and takes the kernel many
// minutes to write: then the file goes 64 blocks into the doubly-indirect block's range, and
// make test-fs-maxfile checks the largest file.
#define MAXFILE_TESTED (MAXFILE <= 1000 ? MAXFILE : NDIRECT + NINDIRECT + 64)
static void max_file(void) {
  int fd = open("maxfile", O_CREATE | O_RDWR | O_TRUNC);
  CHECK(fd >= 0, "create failed");
  // Several blocks per write, so that the kernel can batch them into fewer transactions.
  for (int b = 0; b < MAXFILE_TESTED; b += 4) {
    int nb = MAXFILE_TESTED - b < 4 ? MAXFILE_TESTED - b : 4;
    for (int i = 0; i < nb; i++)
      fill(buf + i * BSIZE, BSIZE, b + i);
    CHECK(write(fd, buf, nb * BSIZE) == nb * BSIZE, "write of blocks %d.. failed", b);
  }
  if (MAXFILE_TESTED == MAXFILE)
    CHECK(write(fd, "x", 1) == -1, "write past MAXFILE did not fail");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.size == (uint64)MAXFILE_TESTED * BSIZE, "size %lu", st.size);
  close(fd);
  fd = open("maxfile", O_RDONLY);
  for (int b = 0; b < MAXFILE_TESTED; b++) {
    static char expect[BSIZE];
    fill(expect, BSIZE, b);
    CHECK(read(fd, buf, BSIZE) == BSIZE && memcmp(buf, expect, BSIZE) == 0,
          "block %d read back wrong", b);
  }
  CHECK(read(fd, buf, 1) == 0, "data past the end");
  close(fd);
  CHECK(unlink("maxfile") == 0, "unlink failed");
}

// Links: names, counts, and the rules about directories and missing files.
static void links(void) {
  CHECK(make_file("lf1", "hello", 5) == 0, "create failed");
  CHECK(link("lf1", "lf2") == 0, "link failed");
  struct stat st;
  CHECK(stat("lf1", &st) == 0 && st.nlink == 2, "nlink %d after link", st.nlink);
  uint ino = st.ino;
  CHECK(stat("lf2", &st) == 0 && st.ino == ino, "link is a different inode");
  CHECK(unlink("lf1") == 0, "unlink failed");
  CHECK(read_file("lf2", buf, 10) == 5 && memcmp(buf, "hello", 5) == 0, "data lost");
  CHECK(stat("lf2", &st) == 0 && st.nlink == 1, "nlink %d after unlink", st.nlink);
  CHECK(link("lf2", "lf2") == -1, "link onto an existing name did not fail");
  CHECK(link("nothing", "lf3") == -1, "link of a missing file did not fail");
  CHECK(link("lf2", "nodir/lf3") == -1, "link into a missing directory did not fail");
  CHECK(link(".", "dotlink") == -1, "link of a directory did not fail");
  CHECK(link("lf2", "/utmp/") == -1, "link to an empty name did not fail");
  CHECK(unlink("lf2") == 0, "unlink failed");
  CHECK(link("lf2", "lf4") == -1, "link of an unlinked file did not fail");
}

// An open file outlives its last name.
static void unlink_open(void) {
  int fd = open("uo", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create failed");
  CHECK(write(fd, "0123456789", 10) == 10, "write failed");
  CHECK(unlink("uo") == 0, "unlink failed");
  CHECK(open("uo", O_RDONLY) == -1, "name still there");
  CHECK(write(fd, "abc", 3) == 3, "write after unlink failed");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.size == 13 && st.nlink == 0, "fstat after unlink wrong");
  close(fd);
  // The name can be reused at once for a new, empty file.
  fd = open("uo", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.size == 0, "new file not empty");
  close(fd);
  unlink("uo");
}

// Two processes write one file through a shared descriptor.
static void shared_fd(void) {
  int fd = open("sharedfd", O_CREATE | O_RDWR | O_TRUNC);
  CHECK(fd >= 0, "create failed");
  int pid = fork_checked();
  char c = pid == 0 ? 'c' : 'p';
  memset(buf, c, 10);
  for (int i = 0; i < 50; i++)
    if (write(fd, buf, 10) != 10)
      FAIL("write failed");
  if (pid == 0)
    exit(0);
  CHECK(wait_pid(pid) == 0, "child failed");
  close(fd);
  fd = open("sharedfd", O_RDONLY);
  int nc = 0, np = 0, n;
  while ((n = read(fd, buf, sizeof(buf))) > 0)
    for (int i = 0; i < n; i++)
      nc += buf[i] == 'c', np += buf[i] == 'p';
  close(fd);
  CHECK(nc == 500 && np == 500, "got %d and %d bytes", nc, np);
  unlink("sharedfd");
}

// Several processes create, write and unlink files in one directory at once.
static void concurrent_create(void) {
  enum { PROCS = 4, FILES = 10, ROUNDS = 2 };
  CHECK(mkdir("cc") == 0 && chdir("cc") == 0, "mkdir failed");
  for (int p = 0; p < PROCS; p++) {
    if (fork_checked() == 0) {
      char name[8] = {'p', '0' + p, 'f', 0, 0, 0};
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < FILES; i++) {
          name[3] = 'a' + i;
          int fd = open(name, O_CREATE | O_RDWR);
          if (fd < 0 || write(fd, name, 4) != 4)
            FAIL("create %s failed", name);
          close(fd);
        }
        for (int i = 0; i < FILES; i++) {
          name[3] = 'a' + i;
          char back[4];
          if (read_file(name, back, 4) != 4 || memcmp(back, name, 4) != 0)
            FAIL("%s has the wrong content", name);
          if (round < ROUNDS - 1 && unlink(name) != 0)
            FAIL("unlink %s failed", name);
        }
      }
      exit(0);
    }
  }
  for (int p = 0; p < PROCS; p++) {
    int st;
    CHECK(wait(&st) >= 0 && st == 0, "a child failed");
  }
  // Now the survivors of the last round, and nothing else.
  int fd = open(".", O_RDONLY);
  struct dirent de;
  int count = 0;
  while (read(fd, &de, sizeof(de)) == sizeof(de))
    if (de.inum != 0 && de.name[0] == 'p')
      count++;
  close(fd);
  CHECK(count == PROCS * FILES, "directory holds %d files, expected %d", count, PROCS * FILES);
  for (int p = 0; p < PROCS; p++)
    for (int i = 0; i < FILES; i++) {
      char name[5] = {'p', '0' + p, 'f', 'a' + i, 0};
      CHECK(unlink(name) == 0, "unlink %s failed", name);
    }
  CHECK(chdir("..") == 0 && unlink("cc") == 0, "cleanup failed");
}

// Two processes repeatedly create and delete the same names.
static void create_race(void) {
  int pid = fork_checked();
  for (int i = 0; i < 100; i++) {
    char name[3] = {'r', 'a' + i % 10, 0};
    if (i % 3 == (pid == 0)) {
      int fd = open(name, O_CREATE | O_RDWR);
      if (fd >= 0)
        close(fd);
    } else {
      unlink(name);
    }
    if (i % 7 == 0)
      link("ra", "rb");
  }
  if (pid == 0)
    exit(0);
  CHECK(wait_pid(pid) == 0, "child failed");
  for (int i = 0; i < 10; i++) {
    char name[3] = {'r', 'a' + i, 0};
    unlink(name);
  }
}

// fsync and sync: bad descriptors fail; on a good one, and for the whole disk, they succeed.
static void fsync_sync(void) {
  CHECK(fsync(-1) == -1 && fsync(NOFILE) == -1 && fsync(1 << 30) == -1, "fsync of a bad fd");
  int fd = open("fsynced", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create failed");
  CHECK(write(fd, "durable", 7) == 7, "write failed");
  CHECK(fsync(fd) == 0, "fsync failed");
  close(fd);
  CHECK(fsync(fd) == -1, "fsync of a closed fd did not fail");
  CHECK(sync() == 0, "sync failed");
  char buf[8];
  CHECK(read_file("fsynced", buf, sizeof(buf)) == 7 && memcmp(buf, "durable", 7) == 0,
        "read back wrong data");
  CHECK(unlink("fsynced") == 0 && sync() == 0, "unlink then sync failed");
}

struct test fs_tests[] = {
    {"smallfile", small_file, 0},
    {"fsync", fsync_sync, 0},
    {"bigwrite", big_writes, 0},
    {"maxfile", max_file, 0},
    {"links", links, 0},
    {"unlinkopen", unlink_open, 0},
    {"sharedfd", shared_fd, 0},
    {"concreate", concurrent_create, 0},
    {"createrace", create_race, 0},
    {0, 0, 0},
};
