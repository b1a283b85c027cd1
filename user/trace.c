// trace: run a command with system call tracing on (labs/syscall).
//   trace MASK command [argument ...]
// Bit n of MASK traces system call number n (kernel/syscall.h): the kernel prints
// "PID: syscall NAME -> RETURN" as each traced call of the command, or of any process it
// creates, returns.
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  if (argc < 3 || argv[1][0] < '0' || argv[1][0] > '9') {
    fprintf(2, "usage: trace mask command [argument ...]\n");
    exit(1);
  }
  if (trace(atoi(argv[1])) < 0) {
    fprintf(2, "trace: trace failed\n");
    exit(1);
  }
  char *args[MAXARG];
  int n = 0;
  for (int i = 2; i < argc && n < MAXARG - 1; i++)
    args[n++] = argv[i];
  args[n] = 0;
  exec(args[0], args);
  if (strchr(args[0], '/') == 0 && strlen(args[0]) < MAXPATH - 1) {
    char path[MAXPATH] = "/"; // like the shell: programs live in the root directory
    strcpy(path + 1, args[0]);
    exec(path, args);
  }
  fprintf(2, "trace: exec %s failed\n", args[0]);
  exit(1);
}
