// Boot parameters, read from the flattened device tree QEMU hands every hart in a1 (entry.S
// keeps it in boot_fdt). The tree sits in RAM the page allocator later hands out, so the
// string is copied out at boot, before kinit().

#include "kernel/types.h"
#include "kernel/lib/bootargs.h"
#include "kernel/lib/string.h"

uint64 boot_fdt; // physical address of the device tree, from entry.S

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9
#define FDT_MAX_SIZE   (1 << 20) // QEMU's trees are a few KB; refuse anything odd

static char args[256];

static uint32 be32(const uchar *p) {
  return (uint32)p[0] << 24 | (uint32)p[1] << 16 | (uint32)p[2] << 8 | p[3];
}

// The value of /chosen/bootargs in the tree at fdt, or 0.
static const char *find_bootargs(const uchar *fdt) {
  if (be32(fdt) != FDT_MAGIC || be32(fdt + 4) > FDT_MAX_SIZE)
    return 0;
  const uchar *end = fdt + be32(fdt + 4);
  const uchar *p = fdt + be32(fdt + 8);               // structure block
  const char *strings = (char *)fdt + be32(fdt + 12); // property names
  int depth = 0, in_chosen = 0;
  while (p + 4 <= end) {
    uint32 token = be32(p);
    p += 4;
    if (token == FDT_BEGIN_NODE) {
      const char *name = (const char *)p;
      int len = strlen(name);
      depth++;
      if (depth == 2 && strncmp(name, "chosen", 7) == 0)
        in_chosen = 1;
      p += (len + 1 + 3) & ~3;
    } else if (token == FDT_END_NODE) {
      if (depth-- == 2)
        in_chosen = 0;
    } else if (token == FDT_PROP) {
      uint32 len = be32(p), nameoff = be32(p + 4);
      const char *value = (const char *)p + 8;
      if (in_chosen && strncmp(strings + nameoff, "bootargs", 9) == 0)
        return value;
      p += 8 + ((len + 3) & ~3);
    } else if (token != FDT_NOP) {
      break; // FDT_END, or a tree we do not understand
    }
  }
  return 0;
}

void bootargs_init(void) {
  const char *found = boot_fdt ? find_bootargs((const uchar *)boot_fdt) : 0;
  safestrcpy(args, found ? found : "", sizeof(args));
}

const char *bootargs(void) {
  return args;
}

uint64 bootarg_int(const char *name, uint64 absent) {
  int n = strlen(name);
  for (const char *p = args; *p;) {
    while (*p == ' ')
      p++;
    if (strncmp(p, name, n) == 0 && p[n] == '=' && p[n + 1] >= '0' && p[n + 1] <= '9') {
      uint64 value = 0;
      for (p += n + 1; *p >= '0' && *p <= '9'; p++)
        value = value * 10 + (*p - '0');
      return value;
    }
    while (*p && *p != ' ')
      p++;
  }
  return absent;
}
