#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
// System call numbers. The first 21 match xv6-riscv; new calls are appended, never renumbered.
#define SYS_fork   1
#define SYS_exit   2
#define SYS_wait   3
#define SYS_pipe   4
#define SYS_read   5
#define SYS_kill   6
#define SYS_exec   7
#define SYS_fstat  8
#define SYS_chdir  9
#define SYS_dup    10
#define SYS_getpid 11
#define SYS_sbrk   12
#define SYS_sleep  13
#define SYS_uptime 14
#define SYS_open   15
#define SYS_write  16
#define SYS_mknod  17
#define SYS_unlink 18
#define SYS_link   19
#define SYS_mkdir  20
#define SYS_close  21
#define SYS_kstats 22
#define SYS_pause  SYS_sleep // xv6-riscv's 2025 name for sleep
// BEGIN LAB syscall
#define SYS_trace   23
#define SYS_sysinfo 24
// END LAB syscall
// BEGIN LAB sched
#define SYS_setsched   25
#define SYS_settickets 26
#define SYS_getpinfo   27
// END LAB sched
#define SYS_vmstats 28
// threads, futexes and lock statistics
#define SYS_clone       29
#define SYS_join        30
#define SYS_exit_thread 31
#define SYS_futex_wait  32
#define SYS_futex_wake  33
#define SYS_lockstat    34
#define SYS_yield       35
// marks in the block trace, for the crash-state explorer
#define SYS_blkmark 36
// The pgtbl lab's: two given (pgpte, kpgtbl), one to write (pgaccess).
#define SYS_pgpte    40
#define SYS_kpgtbl   41
#define SYS_pgaccess 42
// The fs lab's: wired here, written in the lab.
#define SYS_symlink 43
// The mmap lab's: file mappings.
#define SYS_mmap   44
#define SYS_munmap 45
// Swapping: a resident-set limit and the page replacement policy of the calling process.
#define SYS_rsslimit   46
#define SYS_pagepolicy 47
// Durability under group commit: every file-system call that returned is on the disk.
#define SYS_fsync 48
#define SYS_sync  49
#endif
