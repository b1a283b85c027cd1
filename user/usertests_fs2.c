// usertests: directories, path names, devices, and a full disk.
#include "user/usertests.h"

static char buf[BSIZE];

static void dir_basic(void) {
  CHECK(mkdir("d1") == 0, "mkdir failed");
  CHECK(mkdir("d1") == -1, "mkdir of an existing name did not fail");
  CHECK(mkdir("nodir/d2") == -1, "mkdir in a missing directory did not fail");
  CHECK(make_file("d1/f", "x", 1) == 0, "create in a directory failed");
  CHECK(mkdir("d1/f/g") == -1, "mkdir under a file did not fail");
  CHECK(open("d1/f/g", O_CREATE | O_RDWR) == -1, "create under a file did not fail");
  CHECK(chdir("d1/f") == -1, "chdir to a file did not fail");
  CHECK(chdir("nothing") == -1, "chdir to a missing directory did not fail");
  struct stat st;
  CHECK(stat("d1", &st) == 0 && st.type == T_DIR, "stat of a directory wrong");
  CHECK(unlink("d1") == -1, "unlink of a non-empty directory did not fail");
  CHECK(unlink("d1/.") == -1 && unlink("d1/..") == -1, "unlink of . or .. did not fail");
  CHECK(unlink("d1/f") == 0, "unlink failed");
  CHECK(unlink("d1") == 0, "unlink of an empty directory failed");
  CHECK(stat("d1", &st) == -1, "directory still there");
  CHECK(mkdir("") == -1 && open("", O_CREATE | O_RDWR) == -1, "empty names did not fail");
}

// A directory can be read as dirents but not written or opened for writing.
static void dir_read(void) {
  CHECK(mkdir("dr") == 0, "mkdir failed");
  CHECK(open("dr", O_WRONLY) == -1 && open("dr", O_RDWR) == -1, "dir opened for writing");
  CHECK(open("dr", O_CREATE | O_RDWR) == -1, "O_CREATE on a directory did not fail");
  int fd = open("dr", O_RDONLY);
  CHECK(fd >= 0, "open of a directory failed");
  CHECK(write(fd, "x", 1) == -1, "write to a directory did not fail");
  struct dirent de;
  int dot = 0, dotdot = 0, n = 0;
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    n++;
    dot += strcmp(de.name, ".") == 0;
    dotdot += strcmp(de.name, "..") == 0;
  }
  close(fd);
  CHECK(n == 2 && dot == 1 && dotdot == 1, "new directory has %d entries", n);
  struct stat d, parent, here;
  CHECK(stat("dr/.", &d) == 0 && stat("dr", &here) == 0 && d.ino == here.ino, "dr/. wrong");
  CHECK(stat("dr/..", &d) == 0 && stat(".", &parent) == 0 && d.ino == parent.ino, "dr/.. wrong");
  CHECK(stat("/..", &d) == 0 && stat("/", &parent) == 0 && d.ino == parent.ino, "/.. is not /");
  CHECK(stat("dr//..//dr/./", &d) == 0 && d.ino == here.ino, "repeated slashes not handled");
  CHECK(unlink("dr") == 0, "unlink failed");
}

// chdir works with relative paths, ., .. and absolute paths.
static void chdir_test(void) {
  struct stat top, st;
  CHECK(stat(".", &top) == 0, "stat . failed");
  CHECK(mkdir("cd1") == 0 && mkdir("cd1/cd2") == 0, "mkdir failed");
  CHECK(chdir("cd1/cd2") == 0, "chdir failed");
  CHECK(make_file("f", "x", 1) == 0, "create failed");
  CHECK(stat("/utmp/cd1/cd2/f", &st) == 0, "file not where chdir put us");
  CHECK(chdir("../..") == 0 && stat(".", &st) == 0 && st.ino == top.ino, "../.. wrong");
  CHECK(chdir("cd1/./cd2/../cd2") == 0 && stat("f", &st) == 0, "dotted path wrong");
  // Removing the current directory's contents and the directory itself.
  CHECK(unlink("f") == 0, "unlink failed");
  CHECK(chdir("/utmp") == 0, "absolute chdir failed");
  CHECK(unlink("cd1/cd2") == 0 && unlink("cd1") == 0, "cleanup failed");
}

// A chain of nested directories as deep as MAXPATH allows.
static void deep_dirs(void) {
  char path[MAXPATH];
  int depth = 0;
  CHECK(mkdir("dp") == 0 && chdir("dp") == 0, "mkdir failed");
  strcpy(path, "/utmp/dp");
  while (strlen(path) + 3 < MAXPATH - 8) {
    CHECK(mkdir("dd") == 0 && chdir("dd") == 0, "mkdir at depth %d failed", depth);
    strcpy(path + strlen(path), "/dd");
    depth++;
  }
  CHECK(make_file("leaf", "deep", 4) == 0, "create at depth %d failed", depth);
  strcpy(path + strlen(path), "/leaf");
  CHECK(read_file(path, buf, 10) == 4 && memcmp(buf, "deep", 4) == 0, "read of %s failed", path);
  // A path longer than MAXPATH is refused.
  static char longpath[MAXPATH * 2];
  memset(longpath, 'a', sizeof(longpath) - 1);
  CHECK(open(longpath, O_CREATE | O_RDWR) == -1, "a path longer than MAXPATH worked");
  CHECK(unlink("leaf") == 0, "unlink failed");
  for (; depth > 0; depth--)
    CHECK(chdir("..") == 0 && unlink("dd") == 0, "cleanup at depth %d failed", depth);
  CHECK(chdir("..") == 0 && unlink("dp") == 0, "cleanup failed");
}

// A directory with many entries spanning several blocks.
static void wide_dir(void) {
  enum { N = 70 }; // more than one block of entries
  CHECK(mkdir("wd") == 0 && chdir("wd") == 0, "mkdir failed");
  char name[8];
  for (int i = 0; i < N; i++) {
    name[0] = 'w';
    name[1] = '0' + i / 100;
    name[2] = '0' + i / 10 % 10;
    name[3] = '0' + i % 10;
    name[4] = 0;
    int fd = open(name, O_CREATE | O_RDWR);
    CHECK(fd >= 0, "create %s failed", name);
    close(fd);
  }
  struct stat st;
  CHECK(stat(".", &st) == 0 && st.size >= (N + 2) * sizeof(struct dirent), "dir size %lu", st.size);
  CHECK(stat("w069", &st) == 0 && stat("w000", &st) == 0, "lookup failed");
  for (int i = 0; i < N; i += 2) {
    name[1] = '0' + i / 100;
    name[2] = '0' + i / 10 % 10;
    name[3] = '0' + i % 10;
    CHECK(unlink(name) == 0, "unlink %s failed", name);
  }
  // Freed slots are reused without the directory growing.
  CHECK(stat(".", &st) == 0, "stat failed");
  uint64 size = st.size;
  CHECK(make_file("reuse", "r", 1) == 0, "create failed");
  CHECK(stat(".", &st) == 0 && st.size == size, "directory grew instead of reusing a slot");
  unlink("reuse");
  for (int i = 1; i < N; i += 2) {
    name[1] = '0' + i / 100;
    name[2] = '0' + i / 10 % 10;
    name[3] = '0' + i % 10;
    CHECK(unlink(name) == 0, "unlink %s failed", name);
  }
  CHECK(chdir("..") == 0 && unlink("wd") == 0, "cleanup failed");
}

// Names of exactly DIRSIZ characters work; longer ones do not create a second file.
static void long_names(void) {
  char name[DIRSIZ + 1];
  memset(name, 'n', DIRSIZ);
  name[DIRSIZ] = 0;
  CHECK(make_file(name, "14", 2) == 0, "create of a DIRSIZ name failed");
  CHECK(read_file(name, buf, 10) == 2, "read of a DIRSIZ name failed");
  int fd = open(".", O_RDONLY);
  struct dirent de;
  int found = 0;
  while (read(fd, &de, sizeof(de)) == sizeof(de))
    found += de.inum != 0 && memcmp(de.name, name, DIRSIZ) == 0;
  close(fd);
  CHECK(found == 1, "DIRSIZ name found %d times", found);
  CHECK(unlink(name) == 0, "unlink failed");
}

// Device files: mknod makes one, stat reports it, the console can be written.
static void devices(void) {
  CHECK(mknod("dev", 1, 0) == 0, "mknod failed");
  CHECK(mknod("dev", 1, 0) == -1, "mknod of an existing name did not fail");
  struct stat st;
  CHECK(stat("dev", &st) == 0 && st.type == T_DEVICE, "stat of a device: type %d", st.type);
  CHECK(unlink("dev") == 0, "unlink of a device failed");
  CHECK(stat("/console", &st) == 0 && st.type == T_DEVICE, "no /console device");
  CHECK(fstat(1, &st) == 0 && st.type == T_DEVICE, "stdout is not a device");
  // A node may name a device that does not exist; using it fails.
  short majors[] = {1000, -1, NDEV};
  for (int i = 0; i < sizeof(majors) / sizeof(majors[0]); i++) {
    if (mknod("baddev", majors[i], 0) != 0)
      continue;
    int fd = open("baddev", O_RDWR);
    CHECK(fd < 0 || (write(fd, "x", 1) == -1 && read(fd, buf, 1) == -1),
          "device with major %d worked", majors[i]);
    if (fd >= 0)
      close(fd);
    CHECK(unlink("baddev") == 0, "unlink failed");
  }
}

// Many files, open and closed repeatedly: the inode and file tables do not leak.
static void many_files(void) {
  for (int i = 0; i < NFILE + NINODE; i++) {
    int fd = open("mf", O_CREATE | O_RDWR);
    CHECK(fd >= 0, "open %d failed", i);
    close(fd);
    if (i % 40 == 39)
      CHECK(unlink("mf") == 0, "unlink %d failed", i);
  }
  unlink("mf");
}

// Filling the disk: writes end with -1, and after deleting everything the
// disk is usable again.
static void fill_disk(void) {
  CHECK(mkdir("full") == 0 && chdir("full") == 0, "mkdir failed");
  int files = 0;
  uint64 total = 0;
  int full = 0;
  memset(buf, 'F', sizeof(buf));
  while (!full && files < 100) {
    char name[4] = {'F', '0' + files / 10, '0' + files % 10, 0};
    int fd = open(name, O_CREATE | O_WRONLY);
    if (fd < 0)
      break;
    files++;
    for (int b = 0; b < MAXFILE; b++) {
      int n = write(fd, buf, BSIZE);
      if (n != BSIZE) {
        CHECK(n == -1 || (n >= 0 && n < BSIZE), "write on a full disk returned %d", n);
        full = 1;
        break;
      }
      total += BSIZE;
    }
    close(fd);
  }
  CHECK(full, "the disk never filled (%lu bytes)", total);
  CHECK(total > FSSIZE / 2 * BSIZE, "disk full after only %lu bytes", total);
  for (int i = 0; i < files; i++) {
    char name[4] = {'F', '0' + i / 10, '0' + i % 10, 0};
    CHECK(unlink(name) == 0, "unlink %s failed", name);
  }
  // All the space came back.
  int fd = open("again", O_CREATE | O_WRONLY);
  for (int b = 0; b < MAXFILE; b++)
    CHECK(write(fd, buf, BSIZE) == BSIZE, "space not returned (block %d)", b);
  close(fd);
  CHECK(unlink("again") == 0 && chdir("..") == 0 && unlink("full") == 0, "cleanup failed");
}

static int file_is(const char *name, const char *expect) {
  int n = read_file(name, buf, sizeof(buf) - 1);
  if (n < 0)
    return 0;
  buf[n] = 0;
  return strcmp(buf, expect) == 0;
}

// The shell and the small programs: pipes, redirection, lists, groups, cd, &.
static void shell(void) {
  const char *script = "echo hello world > sh1\n"
                       "cat < sh1 | wc > sh2\n"
                       "(echo a; echo b) > sh3\n"
                       "mkdir shd; cd shd; echo in > f; cd ..\n"
                       "grep ^hel.*d$ sh1 > sh4 ; grep xyz sh1 > sh5\n"
                       "no-such-command\n"
                       "ln sh1 sh6 ; rm sh1\n"
                       "echo background > sh7 &\n";
  CHECK(make_file("script", script, strlen(script)) == 0, "cannot write the script");
  int pid = fork_checked();
  if (pid == 0) {
    close(2); // the failing command's message is expected
    open("sherr", O_CREATE | O_WRONLY);
    char *argv[] = {"sh", "script", 0};
    exec("/sh", argv);
    exit(9);
  }
  CHECK(wait_pid(pid) == 0, "sh failed");
  CHECK(file_is("sh2", "1 2 12 \n"), "cat < sh1 | wc gave '%s'", buf);
  CHECK(file_is("sh3", "a\nb\n"), "(echo a; echo b) gave '%s'", buf);
  CHECK(file_is("shd/f", "in\n"), "cd in a list did not work: '%s'", buf);
  CHECK(file_is("sh4", "hello world\n"), "grep gave '%s'", buf);
  CHECK(file_is("sh5", ""), "grep matched what it should not: '%s'", buf);
  CHECK(file_is("sh6", "hello world\n") && open("sh1", O_RDONLY) < 0, "ln or rm failed");
  CHECK(read_file("sherr", buf, sizeof(buf)) > 0, "no error message for a missing command");
  int tries = 0;
  while (!file_is("sh7", "background\n") && tries++ < 5 * TICKS_PER_SECOND)
    sleep(1);
  CHECK(file_is("sh7", "background\n"), "background command did not run");
  const char *names[] = {"script", "sherr", "sh2", "sh3", "shd/f",
                         "shd",    "sh4",   "sh5", "sh6", "sh7"};
  for (int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    CHECK(unlink(names[i]) == 0, "cannot remove %s", names[i]);
}

struct test fs2_tests[] = {
    {"dirbasic", dir_basic, 0},
    {"dirread", dir_read, 0},
    {"chdir", chdir_test, 0},
    {"deepdir", deep_dirs, 0},
    {"widedir", wide_dir, 0},
    {"longname", long_names, 0},
    {"devices", devices, 0},
    {"manyfiles", many_files, 0},
    {"shell", shell, 0},
    {"filldisk", fill_disk, 1},
    {0, 0, 0},
};
