#ifndef KERNEL_LOCKSTAT_H
#define KERNEL_LOCKSTAT_H
#include "kernel/types.h"
// Spinlock statistics, read with lockstat(struct lockstat *st, int n): one entry per lock
// name (every lock called "proc" counts together): acquisitions, how many of them had to
// wait or came from another hart, the spins spent waiting, and how many different locks of
// the name were taken. lockstat(0, 0) sets every counter back to zero.
#define LOCKSTAT_NAME 16
#define NLOCKSTAT     64 // lock names the kernel keeps counters for; more share the last entry

struct lockstat {
  char name[LOCKSTAT_NAME];
  uint64 acquires; // times the lock was taken
  uint64 spins;    // turns of the waiting loop, summed over every contended acquire
  // Acquires that found the lock taken. Unlike spins, one wait counts once however long it
  // lasts (a hart that QEMU's host deschedules while holding a lock makes others spin long).
  uint64 contended;
  // Acquires on another hart than the one that held the lock last: the lock (and the data
  // it guards) moved between harts' caches. Counted whether or not anyone had to wait, so
  // it shows a lock shared by harts even when they seldom run at the same moment.
  uint64 handoffs;
  // Different locks of this name taken: shows whether work spread over a table of locks
  // (the buffer cache's buckets) even when the harts seldom ran at the same moment.
  uint64 locks;
};
#endif
