// Kept at xv6's path for programs written for xv6 (its init.c includes it): forwards to core.
#include "kernel/core/sleeplock.h"
