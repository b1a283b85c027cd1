// The tests' scratch directory (see scratch.h).
#include <stdio.h>
#include <stdlib.h>

#include "mkfs/tests/scratch.h"

char scratch_dir[] = "/tmp/mkfs-test-XXXXXX";
char scratch_img[64];

int scratch_setup(void **state) {
  if (mkdtemp(scratch_dir) == NULL)
    return -1;
  snprintf(scratch_img, sizeof(scratch_img), "%s/fs.img", scratch_dir);
  return 0;
}

int scratch_teardown(void **state) {
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", scratch_dir);
  return system(cmd) == 0 ? 0 : -1;
}
