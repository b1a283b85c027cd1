#ifndef USER_USER_H
#define USER_USER_H
// The user-space API: system calls and the small C library.
// Source-compatible with xv6-riscv's user/user.h; new calls are added at the end.
struct stat;
struct kstats;
struct vmstats;

#define SBRK_ERROR ((char *)-1) // what sbrk, sbrklazy and sys_sbrk return on failure

// system calls
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int *);
int pipe(int *);
int write(int, const void *, int);
int read(int, void *, int);
int close(int);
int kill(int);
int exec(const char *, char **);
int open(const char *, int);
int mknod(const char *, short, short);
int unlink(const char *);
int fstat(int fd, struct stat *);
int link(const char *, const char *);
int mkdir(const char *);
int chdir(const char *);
int dup(int);
int getpid(void);
char *sbrk(int);
int sleep(int);
int uptime(void);
int kstats(struct kstats *);            // copy the kernel's counters (kernel/kstats.h)
char *sys_sbrk(int n, int how);         // how: SBRK_EAGER or SBRK_LAZY (kernel/vm.h)
char *sbrklazy(int n);                  // grow the heap; pages are allocated when first touched
int pause(int ticks);                   // sleep, by its 2025 xv6 name
int vmstats(int pid, struct vmstats *); // VM counters of pid, or of the system for 0
// Page tables (the pgtbl lab; names as in MIT's xv6 labs)
uint64 pgpte(void *va);                           // the PTE that maps va, or 0
void kpgtbl(void);                                // print this process's page table (vmprint)
int pgaccess(void *base, int npages, void *bits); // pages accessed since last asked, as bits
int ugetpid(void);                                // getpid without a system call (USYSCALL page)
int blkmark(int id, const char *text); // a mark in the block trace (boot with blktrace=1)
int symlink(char *target, char *path); // a symbolic link at path naming target (the fs lab)
// File mappings (the mmap lab; prototypes as in MIT's). Flags in kernel/fcntl.h; (void *)-1
// on failure.
typedef unsigned long size_t; // the same types as <stddef.h> and <sys/types.h> give
typedef long off_t;
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t len);
// Swapping (needs the swap disk): keep at most pages of the heap pages this process brought in
// by faults in RAM, paging the others out to swap (0: no limit; -1 without a swap disk, or in
// a process with threads; it holds from the next page brought in); and the policy that picks
// the page to go: PAGE_FIFO, PAGE_CLOCK (second chance) or PAGE_RANDOM (kernel/vmstat.h).
// fork passes both on, exec keeps them.
int rsslimit(int pages);
int pagepolicy(int policy);
int fsync(int fd); // the file's changes are durable (they are at once unless groupcommit=1)
int sync(void);    // every file-system call that returned is durable
// BEGIN LAB syscall
struct sysinfo;
int trace(int mask);
int sysinfo(struct sysinfo *);
// END LAB syscall
// BEGIN LAB sched
struct pstat;
int setsched(const char *policy);
int settickets(int tickets);
int getpinfo(struct pstat *);
// END LAB sched

// Threads, futexes and lock statistics (user/thread.h has the library over them).
struct lockstat;
int clone(void (*fn)(void *, void *), void *arg1, void *arg2, void *stack); // stack: one page
int join(void **stack);                           // a thread this one made: its pid, its stack
void exit_thread(void) __attribute__((noreturn)); // end this thread only
int futex_wait(int *addr, int expected);          // sleep while *addr == expected
int futex_wake(int *addr, int n);                 // wake up to n sleepers; returns how many
int lockstat(struct lockstat *, int n);           // kernel/lockstat.h; lockstat(0, 0) resets
int yield(void);                                  // give the cpu to another thread or process
// MIT's lock lab's names (user/lockcompat.c): the allocator's and the cache's lock statistics
// as text ending in "tot= SPINS"; pinning to a hart, which this kernel cannot do (-1).
int statistics(void *buf, int sz);
int cpupin(int cpu);

// ulib.c
int stat(const char *, struct stat *);
char *strcpy(char *, const char *);
void *memmove(void *, const void *, int);
char *strchr(const char *, char c);
int strcmp(const char *, const char *);
void fprintf(int, const char *, ...);
void printf(const char *, ...);
char *gets(char *, int max);
uint strlen(const char *);
void *memset(void *, int, uint);
int atoi(const char *);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);

// umalloc.c
void *malloc(uint);
void free(void *);
#endif
