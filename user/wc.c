// wc: counts lines, words and bytes of each file (or stdin).
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char buf[512];

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

static void count(int fd, const char *name) {
  int lines = 0, words = 0, bytes = 0, in_word = 0, n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    for (int i = 0; i < n; i++) {
      bytes++;
      if (buf[i] == '\n')
        lines++;
      if (is_space(buf[i])) {
        in_word = 0;
      } else if (!in_word) {
        words++;
        in_word = 1;
      }
    }
  }
  if (n < 0) {
    fprintf(2, "wc: %s: read error\n", name);
    exit(1);
  }
  printf("%d %d %d %s\n", lines, words, bytes, name);
}

int main(int argc, char *argv[]) {
  if (argc <= 1) {
    count(0, "");
    exit(0);
  }
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "wc: cannot open %s\n", argv[i]);
      exit(1);
    }
    count(fd, argv[i]);
    close(fd);
  }
  exit(0);
}
