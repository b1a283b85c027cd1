// dorphan: leaves a directory removed while it is the current directory, for a test that
// stops the machine and checks that the next boot frees it (the orphan list, kernel/fs.h).
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"

int main(void) {
  const char *name = "dorphan.dir";
  struct stat st;
  if (mkdir(name) < 0 || chdir(name) < 0 || stat(".", &st) < 0) {
    fprintf(2, "dorphan: cannot make and enter %s\n", name);
    exit(1);
  }
  char path[32] = "../";
  strcpy(path + 3, name);
  if (unlink(path) < 0) {
    fprintf(2, "dorphan: unlink %s failed\n", path);
    exit(1);
  }
  printf("dorphan: inode %d unlinked while open; wait for kill and reclaim\n", st.ino);
  for (;;)
    pause(1000);
}
