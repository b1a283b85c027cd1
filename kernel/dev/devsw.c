// The device switch (devsw.h).

#include "kernel/dev/devsw.h"

struct devsw devsw[NDEV];
