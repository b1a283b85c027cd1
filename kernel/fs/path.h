#ifndef KERNEL_FS_PATH_H
#define KERNEL_FS_PATH_H
#include "kernel/types.h"
#include "kernel/fs.h"
// Path-name splitting, kept apart from the file system so it can be tested on the host.
// A name buffer holds one path element: DIRSIZ + 1 bytes, always NUL-terminated.

// Copies the first element of path into name (cut to DIRSIZ characters, as directory
// entries hold no more) and returns the rest of path, with the slashes that separated
// them skipped. Returns 0 if path has no element left ("" or only slashes).
//   path_next("a/bb/c", name) = "bb/c", name "a"
//   path_next("///a//bb", name) = "bb", name "a"
//   path_next("a", name) = "", name "a"
//   path_next("", name) = path_next("//", name) = 0
const char *path_next(const char *path, char *name);

// Do two element names match? Compares at most DIRSIZ characters, like directory entries.
int path_name_equal(const char *a, const char *b);

// Is name "." or ".."?
int path_is_dot_or_dotdot(const char *name);
#endif
