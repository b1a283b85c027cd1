// Kept at xv6's path for programs written for xv6 (its init.c includes it): forwards to lib.
#include "kernel/lib/spinlock.h"
