// grep: prints the lines that match a pattern. Patterns know ^ (start of
// line), $ (end of line), . (any character) and c* (zero or more of c).
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static int match_here(const char *re, const char *text);

// Does c* followed by re match at the start of text? Tries the shortest run first.
static int match_star(char c, const char *re, const char *text) {
  for (;;) {
    if (match_here(re, text))
      return 1;
    if (*text == '\0' || (c != '.' && *text != c))
      return 0;
    text++;
  }
}

// Does re match at the start of text?
static int match_here(const char *re, const char *text) {
  if (re[0] == '\0')
    return 1;
  if (re[1] == '*')
    return match_star(re[0], re + 2, text);
  if (re[0] == '$' && re[1] == '\0')
    return *text == '\0';
  if (*text != '\0' && (re[0] == '.' || re[0] == *text))
    return match_here(re + 1, text + 1);
  return 0;
}

// Does re match anywhere in text?
static int match(const char *re, const char *text) {
  if (re[0] == '^')
    return match_here(re + 1, text);
  for (;; text++) {
    if (match_here(re, text))
      return 1;
    if (*text == '\0')
      return 0;
  }
}

static char buf[1024];

static void grep(const char *pattern, int fd) {
  int have = 0, n;
  while ((n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
    have += n;
    buf[have] = '\0';
    char *line = buf, *nl;
    while ((nl = strchr(line, '\n')) != 0) {
      *nl = '\0';
      if (match(pattern, line)) {
        *nl = '\n';
        write(1, line, nl + 1 - line);
      }
      line = nl + 1;
    }
    have -= line - buf;
    if (have == sizeof(buf) - 1) { // a line longer than the buffer: match what we have
      if (match(pattern, buf))
        printf("%s\n", buf);
      have = 0;
    } else if (have > 0) {
      memmove(buf, line, have);
    }
  }
  if (have > 0) { // last line without a newline
    buf[have] = '\0';
    if (match(pattern, buf))
      printf("%s\n", buf);
  }
}

int main(int argc, char *argv[]) {
  if (argc < 2) {
    fprintf(2, "usage: grep pattern [file ...]\n");
    exit(1);
  }
  if (argc == 2) {
    grep(argv[1], 0);
    exit(0);
  }
  for (int i = 2; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "grep: cannot open %s\n", argv[i]);
      exit(1);
    }
    grep(argv[1], fd);
    close(fd);
  }
  exit(0);
}
