// forphan: leaves a file unlinked while still open, for a test that stops the machine and
// checks that the next boot frees it (the orphan list, kernel/fs.h).
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char data[20 * 1024]; // past the direct blocks: an indirect block to free too

int main(void) {
  const char *name = "forphan.tmp";
  int fd = open(name, O_CREATE | O_RDWR);
  struct stat st;
  memset(data, 'o', sizeof(data));
  if (fd < 0 || write(fd, data, sizeof(data)) != sizeof(data) || fstat(fd, &st) < 0) {
    fprintf(2, "forphan: cannot create %s\n", name);
    exit(1);
  }
  if (unlink(name) < 0 || open(name, O_RDONLY) >= 0) {
    fprintf(2, "forphan: unlink %s failed\n", name);
    exit(1);
  }
  // Still readable through the descriptor.
  char c;
  if (read(fd, &c, 1) != 0 || fstat(fd, &st) < 0 || st.nlink != 0 || st.size != sizeof(data)) {
    fprintf(2, "forphan: the unlinked file is not as written\n");
    exit(1);
  }
  printf("forphan: inode %d unlinked while open; wait for kill and reclaim\n", st.ino);
  for (;;)
    pause(1000);
}
