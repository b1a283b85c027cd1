// nop: exits at once. The smallest program, for timing fork+exec.
#include "kernel/types.h"
#include "user/user.h"

int main(void) {
  exit(0);
}
