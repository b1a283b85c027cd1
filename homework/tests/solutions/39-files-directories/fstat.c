// Reference program for the homework tests: type, links and size of each path.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  struct stat st;
  for (int i = 1; i < argc; i++) {
    if (stat(argv[i], &st) < 0) {
      fprintf(2, "fstat: cannot stat %s\n", argv[i]);
      continue;
    }
    printf("%s type %d links %d size %d\n", argv[i], st.type, st.nlink, (int)st.size);
  }
  exit(0);
}
