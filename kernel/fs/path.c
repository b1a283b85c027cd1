// Path-name splitting: see path.h. Pure code, also compiled on the host for tests.

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/fs/path.h"

const char *path_next(const char *path, char *name) {
  while (*path == '/')
    path++;
  if (*path == 0)
    return 0;

  int len = 0;
  for (; *path != '/' && *path != 0; path++) {
    if (len < DIRSIZ)
      name[len++] = *path;
  }
  name[len] = 0;

  while (*path == '/')
    path++;
  return path;
}

int path_name_equal(const char *a, const char *b) {
  for (int i = 0; i < DIRSIZ; i++) {
    if (a[i] != b[i])
      return 0;
    if (a[i] == 0)
      return 1;
  }
  return 1;
}

int path_is_dot_or_dotdot(const char *name) {
  return path_name_equal(name, ".") || path_name_equal(name, "..");
}
