// SOLUTION FILE LAB util
// find: print the path of every file or directory under a directory whose name is the
// given name, searching the whole tree below it (but never "." or "..").
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"

// The last component of path.
static const char *base_name(const char *path) {
  const char *base = path;
  for (const char *p = path; *p; p++)
    if (*p == '/')
      base = p + 1;
  return base;
}

// path names a file or directory already known to exist; search it and below.
static void find(char *path, const char *name) {
  if (strcmp(base_name(path), name) == 0)
    printf("%s\n", path);

  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "find: cannot open %s\n", path);
    return;
  }
  struct stat st;
  if (fstat(fd, &st) < 0) {
    fprintf(2, "find: cannot stat %s\n", path);
    close(fd);
    return;
  }
  if (st.type != T_DIR) {
    close(fd);
    return;
  }

  int len = strlen(path);
  if (len + 1 + DIRSIZ + 1 > MAXPATH) {
    fprintf(2, "find: path too long: %s\n", path);
    close(fd);
    return;
  }
  path[len] = '/';
  struct dirent de;
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    memmove(path + len + 1, de.name, DIRSIZ);
    path[len + 1 + DIRSIZ] = '\0';
    if (strcmp(path + len + 1, ".") == 0 || strcmp(path + len + 1, "..") == 0)
      continue;
    find(path, name);
  }
  path[len] = '\0';
  close(fd);
}

int main(int argc, char *argv[]) {
  if (argc != 3) {
    fprintf(2, "usage: find directory name\n");
    exit(1);
  }
  // One buffer for the whole walk: each level appends its entry's name and removes it.
  static char path[MAXPATH];
  if (strlen(argv[1]) >= MAXPATH) {
    fprintf(2, "find: path too long: %s\n", argv[1]);
    exit(1);
  }
  strcpy(path, argv[1]);
  struct stat st;
  if (stat(path, &st) < 0) {
    fprintf(2, "find: cannot stat %s\n", path);
    exit(1);
  }
  find(path, argv[2]);
  exit(0);
}
