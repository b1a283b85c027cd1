#ifndef KERNEL_CONDVAR_H
#define KERNEL_CONDVAR_H
// Condition variable: the one way kernel code waits. cv_wait(cv, lk) atomically releases lk and
// sleeps until cv_signal/cv_broadcast, then re-acquires lk; callers re-check their condition in a loop.
struct condvar {
  char *name; // for debugging and the ^P process list
};
#endif
