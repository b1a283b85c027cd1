// symlinktest: the fs lab's tests of symbolic links. `symlinktest CASE` runs one case and
// prints "symlinktest CASE: ok", or "symlinktest CASE: FAIL what" and exits 1; with no
// argument it runs them all. Each case works in a directory of its own, /sl-CASE, made afresh.
// Nothing is needed beyond the system calls of the lab: with them missing, every case fails
// at once.
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "user/user.h"

#define CHAIN_MAX 10 // the longest chain of links open must follow

static const char *current;

static void fail(const char *what) {
  printf("symlinktest %s: FAIL %s\n", current, what);
  exit(1);
}

// Removes dir and what it holds (files, links and directories of files).
static void remove_tree(const char *dir) {
  int fd = open(dir, O_RDONLY | O_NOFOLLOW);
  if (fd < 0)
    return;
  struct stat st;
  if (fstat(fd, &st) == 0 && st.type == T_DIR) {
    struct dirent de;
    char path[MAXPATH];
    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
      if (de.inum == 0 || strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
        continue;
      strcpy(path, dir);
      int n = strlen(path);
      path[n++] = '/';
      memmove(path + n, de.name, DIRSIZ);
      path[n + DIRSIZ] = '\0';
      remove_tree(path);
    }
  }
  close(fd);
  unlink(dir);
}

static void fresh_dir(const char *dir) {
  remove_tree(dir);
  if (mkdir(dir) < 0 || chdir(dir) < 0)
    fail("cannot make its directory");
}

static void make_file(const char *path, const char *text) {
  int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
  if (fd < 0 || write(fd, text, strlen(text)) != strlen(text))
    fail("cannot create a file");
  close(fd);
}

// What the file at path holds (following links), or "" if it cannot be opened.
static char *contents(const char *path, int flags) {
  static char text[64];
  memset(text, 0, sizeof(text));
  int fd = open(path, O_RDONLY | flags);
  if (fd >= 0) {
    read(fd, text, sizeof(text) - 1);
    close(fd);
  }
  return text;
}

static int stat_of(const char *path, int flags, struct stat *st) {
  int fd = open(path, O_RDONLY | flags);
  if (fd < 0)
    return -1;
  int r = fstat(fd, st);
  close(fd);
  return r;
}

static void link_or_fail(char *target, char *path) {
  if (symlink(target, path) != 0)
    fail("symlink failed");
}

// A link to a file: open, read and write through it; unlink removes the link only.
static void to_file(void) {
  make_file("f", "first");
  link_or_fail("/sl-file/f", "abs");
  link_or_fail("f", "rel");
  if (strcmp(contents("abs", 0), "first") != 0 || strcmp(contents("rel", 0), "first") != 0)
    fail("reading through the link does not read the file");
  int fd = open("abs", O_WRONLY);
  if (fd < 0 || write(fd, "F", 1) != 1)
    fail("cannot write through the link");
  close(fd);
  if (strcmp(contents("f", 0), "First") != 0)
    fail("writing through the link does not change the file");
  struct stat file, through;
  if (stat_of("f", 0, &file) < 0 || stat_of("abs", 0, &through) < 0 || file.ino != through.ino ||
      through.type != T_FILE)
    fail("the link does not open the file's inode");
  if (symlink("/sl-file/f", "abs") == 0)
    fail("symlink over an existing name succeeded");
  if (unlink("abs") < 0 || strcmp(contents("f", 0), "First") != 0)
    fail("unlinking the link harmed the file");
  // exec follows a link too.
  link_or_fail("/echo", "run");
  int pid = fork();
  if (pid == 0) {
    char *argv[] = {"run", "symlinktest-exec-through-link", 0};
    exec("/sl-file/run", argv);
    exit(7);
  }
  int status = -1;
  wait(&status);
  if (status != 0)
    fail("exec through a link failed");
}

// A link to a directory: open gives the directory; chdir goes into it.
static void to_dir(void) {
  if (mkdir("d") < 0)
    fail("mkdir failed");
  make_file("d/inside", "in d");
  link_or_fail("/sl-dir/d", "ld");
  struct stat dir, through;
  if (stat_of("d", 0, &dir) < 0 || stat_of("ld", 0, &through) < 0)
    fail("cannot open the link to a directory");
  if (through.type != T_DIR || through.ino != dir.ino)
    fail("opening a link to a directory does not open the directory");
  if (chdir("ld") < 0 || strcmp(contents("inside", 0), "in d") != 0)
    fail("chdir through the link does not enter the directory");
  chdir("/sl-dir");
}

// A chain of CHAIN_MAX links is followed; one more link, and open fails.
static void chain(void) {
  make_file("end", "end of chain");
  char name[8], target[8];
  strcpy(target, "end");
  for (int i = 1; i <= CHAIN_MAX + 1; i++) {
    name[0] = 'c';
    name[1] = '0' + i / 10;
    name[2] = '0' + i % 10;
    name[3] = '\0';
    link_or_fail(target, name);
    strcpy(target, name);
  }
  // c10 is CHAIN_MAX links from the file, c11 one more.
  if (strcmp(contents("c01", 0), "end of chain") != 0)
    fail("a link to a link to a file does not open the file");
  if (strcmp(contents("c10", 0), "end of chain") != 0)
    fail("a chain of 10 links is not followed to the file");
  if (open("c11", O_RDONLY) >= 0)
    fail("a chain of 11 links is followed");
}

// Links that lead back to themselves: open fails, and does not hang.
static void cycle(void) {
  link_or_fail("b", "a");
  link_or_fail("a", "b");
  link_or_fail("self", "self");
  if (open("a", O_RDONLY) >= 0 || open("b", O_RDWR) >= 0 || open("self", O_RDONLY) >= 0)
    fail("opening a link in a cycle succeeded");
  // A way out of the cycle makes it a chain.
  unlink("b");
  make_file("b", "out");
  if (strcmp(contents("a", 0), "out") != 0)
    fail("a link to a file does not open it");
}

// O_NOFOLLOW opens the link itself: its type, and the path it holds.
static void nofollow(void) {
  make_file("f", "file");
  link_or_fail("/sl-nofollow/f", "l");
  struct stat st;
  if (stat_of("l", O_NOFOLLOW, &st) < 0)
    fail("cannot open a link with O_NOFOLLOW");
  if (st.type != T_SYMLINK)
    fail("O_NOFOLLOW does not open the link itself");
  if (st.size != strlen("/sl-nofollow/f") || strcmp(contents("l", O_NOFOLLOW), "/sl-nofollow/f"))
    fail("the link does not hold its target");
  if (stat_of("f", O_NOFOLLOW, &st) < 0 || st.type != T_FILE)
    fail("O_NOFOLLOW on a file does not open the file");
  if (stat_of("l", 0, &st) < 0 || st.type != T_FILE)
    fail("without O_NOFOLLOW the link is not followed");
}

// A link to nothing: made without complaint, fails to open until its target appears.
static void dangling(void) {
  link_or_fail("/sl-dangling/later", "l");
  if (open("l", O_RDONLY) >= 0)
    fail("a link to nothing opened");
  struct stat st;
  if (stat_of("l", O_NOFOLLOW, &st) < 0 || st.type != T_SYMLINK)
    fail("a link to nothing is not there");
  make_file("later", "here now");
  if (strcmp(contents("l", 0), "here now") != 0)
    fail("a link does not open a target made after it");
  unlink("later");
  if (open("l", O_RDONLY) >= 0)
    fail("a link to a removed file opened");
  if (symlink("", "empty") == 0)
    fail("a link to the empty path was made");
}

// Several processes make and remove links at once, under one name and under names of their own.
static void concurrent(void) {
  // 56 links of their own: more than the kernel's in-memory inodes, should symlink keep any.
  enum { NCHILD = 4, ROUNDS = 8, OWN = 14 };
  make_file("t", "target");
  for (int c = 0; c < NCHILD; c++) {
    if (fork() == 0) {
      char mine[4] = {'m', 'a' + c, 'a', '\0'};
      for (int i = 0; i < OWN; i++) {
        struct stat st;
        if (i < ROUNDS && symlink("/sl-concurrent/t", "shared") == 0 &&
            stat_of("shared", O_NOFOLLOW, &st) == 0 && st.type != T_SYMLINK)
          exit(2);
        char *seen = contents("shared", O_NOFOLLOW); // "" when there is no link just now
        if (strcmp(seen, "") != 0 && strcmp(seen, "/sl-concurrent/t") != 0)
          exit(3); // a link seen before its target was written
        if (i < ROUNDS && i % 3 == 0)
          unlink("shared");
        mine[2] = 'a' + i;
        if (symlink("/sl-concurrent/t", mine) != 0)
          exit(4);
      }
      exit(0);
    }
  }
  int worst = 0;
  for (int c = 0; c < NCHILD; c++) {
    int status = -1;
    wait(&status);
    worst = status != 0 ? status : worst;
  }
  if (worst != 0)
    fail(worst == 2   ? "a link made at once with others is not a link"
         : worst == 3 ? "a link made at once with others read wrong"
                      : "a link of one's own could not be made");
  for (int c = 0; c < NCHILD; c++) {
    for (int i = 0; i < OWN; i++) {
      char mine[4] = {'m', 'a' + c, 'a' + i, '\0'};
      if (strcmp(contents(mine, 0), "target") != 0)
        fail("a link made at once with others does not open its target");
    }
  }
}

static struct {
  const char *name;
  void (*run)(void);
} cases[] = {
    {"file", to_file},      {"dir", to_dir},        {"chain", chain},           {"cycle", cycle},
    {"nofollow", nofollow}, {"dangling", dangling}, {"concurrent", concurrent},
};

int main(int argc, char *argv[]) {
  int ran = 0;
  for (int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
      continue;
    current = cases[i].name;
    char dir[32] = "/sl-";
    strcpy(dir + 4, cases[i].name);
    fresh_dir(dir);
    cases[i].run();
    chdir("/"); // the directory stays, for a look afterwards; the next run starts afresh
    printf("symlinktest %s: ok\n", cases[i].name);
    ran++;
  }
  if (ran == 0) {
    printf("usage: symlinktest [file|dir|chain|cycle|nofollow|dangling|concurrent]\n");
    exit(2);
  }
  exit(0);
}
