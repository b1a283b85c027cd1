// ls: lists files: name, type, inode number and size, and for a symbolic link the path it
// holds ("name link 7 5 -> path"). A directory argument lists its entries; a link is shown
// as itself, not as what it names.
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
  case T_SYMLINK: return "link";
  default: return "?";
  }
}

// fd is open on the file itself (O_NOFOLLOW), to read a link's target.
static void show(const char *name, int fd, const struct stat *st) {
  printf("%-14s %-4s %d %lu", name, type_name(st->type), st->ino, st->size);
  char target[MAXPATH];
  int n;
  if (st->type == T_SYMLINK && (n = read(fd, target, sizeof(target) - 1)) >= 0) {
    target[n] = '\0';
    printf(" -> %s", target);
  }
  printf("\n");
}

static int list(const char *path) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW);
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
    show(path, fd, &st);
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
    int efd = open(full, O_RDONLY | O_NOFOLLOW);
    if (efd < 0 || fstat(efd, &est) < 0) {
      fprintf(2, "ls: cannot stat %s\n", full);
      if (efd >= 0)
        close(efd);
      continue;
    }
    show(name, efd, &est);
    close(efd);
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
