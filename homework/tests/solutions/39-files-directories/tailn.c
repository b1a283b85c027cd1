// Reference program for the homework tests: the last N lines of a file.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char data[8192];

int main(int argc, char *argv[]) {
  if (argc != 3) {
    fprintf(2, "usage: tailn N file\n");
    exit(1);
  }
  int want = atoi(argv[1]);
  int fd = open(argv[2], O_RDONLY);
  if (fd < 0) {
    fprintf(2, "tailn: cannot open %s\n", argv[2]);
    exit(1);
  }
  int len = 0, n;
  while (len < sizeof(data) && (n = read(fd, data + len, sizeof(data) - len)) > 0)
    len += n;
  close(fd);
  int start = len, lines = 0;
  if (start > 0 && data[start - 1] == '\n')
    start--;
  while (start > 0) {
    if (data[start - 1] == '\n' && ++lines == want)
      break;
    start--;
  }
  write(1, data + start, len - start);
  exit(0);
}
