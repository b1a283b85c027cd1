#ifndef _UNISTD_H
#define _UNISTD_H
// POSIX system interface. sleep counts seconds here (it links as __posix_sleep); xv6's
// sleep(ticks) in user/user.h is the system call. _exit is that world's exit system call.
#include <sys/cdefs.h>
#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

pid_t fork(void);
pid_t getpid(void);
ssize_t read(int, void *, size_t);
ssize_t write(int, const void *, size_t);
int close(int);
int pipe(int[2]);
int dup(int);
int unlink(const char *);
int link(const char *, const char *);
int chdir(const char *);
int rmdir(const char *);
void _exit(int) __asm__("exit") __attribute__((noreturn));

int execv(const char *, char *const[]);
int execvp(const char *, char *const[]);
int execl(const char *, const char *, ...);
int execlp(const char *, const char *, ...);

unsigned int sleep(unsigned int) __asm__("__posix_sleep");
int usleep(useconds_t);

int getopt(int, char *const[], const char *);
extern char *optarg;
extern int optind, opterr, optopt;
#endif
