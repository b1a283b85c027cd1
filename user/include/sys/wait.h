#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
// The kernel's wait stores the exit status itself (exit(3) gives 3; a killed process gives -1),
// so every child counts as exited normally and WEXITSTATUS is its low byte.
#include <sys/types.h>

#define WIFEXITED(s)   1
#define WEXITSTATUS(s) ((s)&0xff)
#define WIFSIGNALED(s) 0
#define WTERMSIG(s)    0

pid_t wait(int *);
// Waits for a child in particular (pid > 0) or any (-1); no options are supported, and the
// statuses of other children that end first are lost.
pid_t waitpid(pid_t, int *, int);
#endif
