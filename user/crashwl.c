// crashwl: runs the crash-state explorer's workloads (crash/README.md) on a kernel booted
// with blktrace=1, so the block trace shows what the real kernel writes for each one.
//   crashwl FILE [FIRST [LAST]]
// Each line of FILE is one workload, "id|setup|operations": in a fresh directory /cw the
// setup operations build the starting tree, then blkmark(id, "begin"), the operations,
// blkmark(id, "end"), and /cw is removed. Operations, separated by ';', paths inside /cw:
//   creat P, write P N (N bytes from offset 0, one write call), append P N, trunc P
//   (open with O_TRUNC), link P Q, unlink P, rename P Q (link, then unlink), mkdir P,
//   rmdir P (unlink of an empty directory), symlink T P (a symbolic link P naming T),
//   hold P (open P and keep it open until the operations are done, then close it: a file
//   unlinked meanwhile is an orphan until that close).
// It prints nothing while it runs (its output would mix with the trace), then one line.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "user/user.h"

static int failures;
static char first_failure[128];
static int held[8]; // files a workload keeps open (hold P), closed at its end
static int nheld;

static void failed(int id, const char *op) {
  if (failures++ == 0) {
    char *p = first_failure;
    const char *pre = "workload ";
    while (*pre)
      *p++ = *pre++;
    char num[12];
    int n = 0, v = id;
    do {
      num[n++] = '0' + v % 10;
      v /= 10;
    } while (v);
    while (n)
      *p++ = num[--n];
    *p++ = ':';
    *p++ = ' ';
    for (int i = 0; op[i] && p < first_failure + sizeof(first_failure) - 1; i++)
      *p++ = op[i];
    *p = 0;
  }
}

// Splits s at spaces into at most max words; returns how many.
static int words(char *s, char **w, int max) {
  int n = 0;
  while (*s) {
    while (*s == ' ')
      *s++ = 0;
    if (*s == 0 || n == max)
      break;
    w[n++] = s;
    while (*s && *s != ' ')
      s++;
  }
  return n;
}

// Writes n bytes of c from offset off of an open file, in one write call.
static int put(int fd, int n, char c) {
  char *buf = malloc(n > 0 ? n : 1);
  if (buf == 0)
    return -1;
  memset(buf, c, n);
  int r = write(fd, buf, n);
  free(buf);
  return r == n ? 0 : -1;
}

// Runs one operation; 0 or -1. c is the byte written by write and append.
static int run_op(char *op, char c) {
  char *w[4];
  int n = words(op, w, 4);
  if (n == 0)
    return 0;
  if (strcmp(w[0], "creat") == 0 && n == 2) {
    int fd = open(w[1], O_CREATE | O_RDWR);
    return fd < 0 ? -1 : close(fd);
  }
  if ((strcmp(w[0], "write") == 0 || strcmp(w[0], "append") == 0) && n == 3) {
    int fd = open(w[1], O_RDWR);
    if (fd < 0)
      return -1;
    if (w[0][0] == 'a') { // no lseek: read to the end
      char buf[512];
      while (read(fd, buf, sizeof(buf)) > 0)
        ;
    }
    int r = put(fd, atoi(w[2]), c);
    close(fd);
    return r;
  }
  if (strcmp(w[0], "trunc") == 0 && n == 2) {
    int fd = open(w[1], O_WRONLY | O_TRUNC);
    return fd < 0 ? -1 : close(fd);
  }
  if (strcmp(w[0], "link") == 0 && n == 3)
    return link(w[1], w[2]);
  if ((strcmp(w[0], "unlink") == 0 || strcmp(w[0], "rmdir") == 0) && n == 2)
    return unlink(w[1]);
  if (strcmp(w[0], "rename") == 0 && n == 3)
    return link(w[1], w[2]) < 0 ? -1 : unlink(w[1]);
  if (strcmp(w[0], "mkdir") == 0 && n == 2)
    return mkdir(w[1]);
  if (strcmp(w[0], "symlink") == 0 && n == 3)
    return symlink(w[1], w[2]);
  if (strcmp(w[0], "hold") == 0 && n == 2 && nheld < (int)(sizeof(held) / sizeof(held[0]))) {
    int fd = open(w[1], O_RDONLY);
    return fd < 0 ? -1 : (held[nheld++] = fd, 0);
  }
  return -1;
}

// Closes the files the workload held: the last close of an unlinked file frees it.
static int close_held(void) {
  int r = 0;
  while (nheld > 0)
    r |= close(held[--nheld]);
  return r;
}

// Runs the ';'-separated operations of list; k counts operations for the bytes written.
static void run_ops(int id, char *list, int *k) {
  while (list && *list) {
    char *next = strchr(list, ';');
    if (next)
      *next++ = 0;
    char copy[128];
    strcpy(copy, list);
    if (run_op(list, 'a' + (id * 7 + (*k)++) % 26) < 0)
      failed(id, copy);
    list = next;
  }
}

// Removes path and everything under it (a symbolic link itself, not what it names).
static int rmtree(const char *path) {
  struct stat st;
  int fd = open(path, O_RDONLY | O_NOFOLLOW);
  if (fd < 0)
    return -1;
  int ok = fstat(fd, &st) == 0;
  if (ok && st.type == T_DIR) {
    struct dirent de;
    char sub[MAXPATH];
    int len = strlen(path);
    while (ok && read(fd, &de, sizeof(de)) == sizeof(de)) {
      if (de.inum == 0 || strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
        continue;
      if (len + 2 + DIRSIZ > MAXPATH) {
        ok = 0;
        break;
      }
      strcpy(sub, path);
      sub[len] = '/';
      memmove(sub + len + 1, de.name, DIRSIZ);
      sub[len + 1 + DIRSIZ] = 0;
      ok = rmtree(sub) == 0;
    }
  }
  close(fd);
  return ok ? unlink(path) : -1;
}

static char *load(const char *path) {
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0) {
    fprintf(2, "crashwl: cannot open %s\n", path);
    exit(1);
  }
  char *text = malloc(st.size + 1);
  int got = 0, r;
  while (text && (r = read(fd, text + got, st.size - got)) > 0)
    got += r;
  close(fd);
  if (text == 0 || got != st.size) {
    fprintf(2, "crashwl: cannot read %s\n", path);
    exit(1);
  }
  text[got] = 0;
  return text;
}

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 4) {
    fprintf(2, "usage: crashwl FILE [FIRST [LAST]]\n");
    exit(1);
  }
  int first = argc > 2 ? atoi(argv[2]) : 0, last = argc > 3 ? atoi(argv[3]) : 1 << 30;
  char *text = load(argv[1]);
  if (blkmark(-1, "crashwl") < 0) {
    fprintf(2, "crashwl: the kernel keeps no block trace: boot it with blktrace=1\n");
    exit(1);
  }
  int ran = 0;
  for (char *line = text; line && *line;) {
    char *next = strchr(line, '\n');
    if (next)
      *next++ = 0;
    char *setup = strchr(line, '|');
    char *ops = setup ? strchr(setup + 1, '|') : 0;
    int id = atoi(line);
    if (ops && id >= first && id <= last) {
      *setup++ = 0;
      *ops++ = 0;
      int k = 0;
      if (mkdir("/cw") < 0 || chdir("/cw") < 0) {
        fprintf(2, "crashwl: cannot make /cw\n");
        exit(1);
      }
      run_ops(id, setup, &k);
      // With group commit the calls would wait for a later commit: the workload's own
      // commits start after its setup and end before its end mark. Otherwise sync writes nothing.
      sync();
      blkmark(id, "begin");
      run_ops(id, ops, &k);
      if (close_held() < 0)
        failed(id, "closing the held files");
      sync();
      blkmark(id, "end");
      if (chdir("/") < 0 || rmtree("/cw") < 0)
        failed(id, "removing /cw");
      ran++;
    }
    line = next;
  }
  blkmark(-1, "done");
  if (failures)
    printf("crashwl: %d workloads, %d operations failed, the first: %s\n", ran, failures,
           first_failure);
  else
    printf("crashwl: %d workloads, every operation worked\n", ran);
  exit(failures ? 1 : 0);
}
