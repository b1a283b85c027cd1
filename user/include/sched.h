#ifndef _SCHED_H
#define _SCHED_H
// Scheduling: give up the CPU to another runnable thread or process.
int sched_yield(void);
#endif
