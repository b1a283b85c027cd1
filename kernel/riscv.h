// Kept at xv6's path for user programs: the machine definitions live in the arch layer.
#include "kernel/arch/riscv.h"
