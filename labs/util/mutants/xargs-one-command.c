// Mutant: reads all of its input, then runs the command once with every word of it.
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  static char input[2048];
  char *args[MAXARG];
  int n = 0, len = 0, got;
  for (int i = 1; i < argc && n < MAXARG - 1; i++)
    args[n++] = argv[i];
  while (len < sizeof(input) - 1 && (got = read(0, input + len, sizeof(input) - 1 - len)) > 0)
    len += got;
  for (char *p = input; *p && n < MAXARG - 1;) {
    while (*p == ' ' || *p == '\n')
      *p++ = '\0';
    if (*p)
      args[n++] = p;
    while (*p && *p != ' ' && *p != '\n')
      p++;
  }
  args[n] = 0;
  if (fork() == 0) {
    exec(args[0], args);
    exit(1);
  }
  wait(0);
  exit(0);
}
