// SOLUTION FILE LAB util
// xargs: run a command once per line of standard input, with the words of that line
// appended to the command's own arguments.  "echo b c | xargs echo a" runs "echo a b c".
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"

#define LINE_MAX 512

// Read one line (without its newline) into buf. Returns its length, or -1 at end of input
// with nothing read. A line longer than the buffer is cut.
static int read_line(char *buf, int size) {
  int n = 0;
  char c;
  int got;
  while ((got = read(0, &c, 1)) == 1 && c != '\n') {
    if (n < size - 1)
      buf[n++] = c;
  }
  buf[n] = '\0';
  if (got != 1 && n == 0)
    return -1;
  return n;
}

static void run(char **argv) {
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "xargs: fork failed\n");
    exit(1);
  }
  if (pid == 0) {
    exec(argv[0], argv);
    if (strchr(argv[0], '/') == 0 && strlen(argv[0]) < MAXPATH - 1) {
      char path[MAXPATH] = "/"; // like the shell: programs live in the root directory
      strcpy(path + 1, argv[0]);
      exec(path, argv);
    }
    fprintf(2, "xargs: cannot run %s\n", argv[0]);
    exit(1);
  }
  wait(0);
}

int main(int argc, char *argv[]) {
  if (argc < 2) {
    fprintf(2, "usage: xargs command [argument ...]\n");
    exit(1);
  }
  if (argc - 1 >= MAXARG) {
    fprintf(2, "xargs: too many arguments\n");
    exit(1);
  }
  char *args[MAXARG + 1];
  int fixed = argc - 1;
  for (int i = 0; i < fixed; i++)
    args[i] = argv[i + 1];

  char line[LINE_MAX];
  while (read_line(line, sizeof(line)) >= 0) {
    // split the line into words in place
    int n = fixed;
    char *p = line;
    for (;;) {
      while (*p == ' ' || *p == '\t')
        *p++ = '\0';
      if (*p == '\0')
        break;
      if (n == MAXARG - 1) {
        fprintf(2, "xargs: too many arguments, line cut\n");
        break;
      }
      args[n++] = p;
      while (*p && *p != ' ' && *p != '\t')
        p++;
    }
    args[n] = 0;
    if (n > fixed) // a line without words runs nothing
      run(args);
  }
  exit(0);
}
