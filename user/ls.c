// ls: lists files: name, type, inode number and size. A directory argument
// lists its entries.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"

static const char *type_name(short type) {
  switch (type) {
  case T_DIR: return "dir";
  case T_FILE: return "file";
  case T_DEVICE: return "dev";
  default: return "?";
  }
}

static void show(const char *name, const struct stat *st) {
  printf("%-14s %-4s %d %lu\n", name, type_name(st->type), st->ino, st->size);
}

static int list(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: cannot open %s\n", path);
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", path);
    close(fd);
    return -1;
  }
  if (st.type != T_DIR) {
    show(path, &st);
    close(fd);
    return 0;
  }

  char full[MAXPATH];
  int plen = strlen(path);
  if (plen + 1 + DIRSIZ + 1 > sizeof(full)) {
    fprintf(2, "ls: path too long: %s\n", path);
    close(fd);
    return -1;
  }
  strcpy(full, path);
  full[plen++] = '/';
  struct dirent de;
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    char name[DIRSIZ + 1];
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = '\0';
    strcpy(full + plen, name);
    struct stat est;
    if (stat(full, &est) < 0) {
      fprintf(2, "ls: cannot stat %s\n", full);
      continue;
    }
    show(name, &est);
  }
  close(fd);
  return 0;
}

int main(int argc, char *argv[]) {
  int status = 0;
  if (argc < 2)
    status = list(".") < 0;
  for (int i = 1; i < argc; i++)
    if (list(argv[i]) < 0)
      status = 1;
  exit(status);
}
