// Kept at xv6's path for user programs: the memory layout lives in the arch layer.
#include "kernel/arch/memlayout.h"
