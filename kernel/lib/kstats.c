// The kernel's event counters (kstats.h). Code anywhere in the kernel bumps them with
// KSTAT_INC; user programs read a copy with the kstats system call.

#include "kernel/types.h"
#include "kernel/kstats.h"

struct kstats kstats;
