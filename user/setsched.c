// setsched: switch the kernel's scheduling policy (labs/sched).
//   setsched rr | lottery | stride
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(2, "usage: setsched policy   (rr, lottery, stride)\n");
    exit(1);
  }
  if (setsched(argv[1]) < 0) {
    fprintf(2, "setsched: no scheduling policy %s\n", argv[1]);
    exit(1);
  }
  exit(0);
}
