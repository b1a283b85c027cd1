// unistd, time and wait for POSIX programs, over the kernel's system calls.
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel/types.h"
#include "kernel/arch/riscv.h"
#include "user/libc/libc.h"

#define USEC_PER_TICK (1000000 / TICKS_PER_SECOND)

unsigned int sleep(unsigned int seconds) {
  pause(seconds * TICKS_PER_SECOND);
  return 0;
}

// Rounded up to whole ticks: it sleeps at least as long as asked.
int usleep(useconds_t usec) {
  pause((usec + USEC_PER_TICK - 1) / USEC_PER_TICK);
  return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  usleep(req->tv_sec * 1000000 + (req->tv_nsec + 999) / 1000);
  if (rem)
    rem->tv_sec = rem->tv_nsec = 0;
  return 0;
}

int gettimeofday(struct timeval *tv, void *tz) {
  (void)tz;
  int t = uptime();
  tv->tv_sec = t / TICKS_PER_SECOND;
  tv->tv_usec = (t % TICKS_PER_SECOND) * USEC_PER_TICK;
  return 0;
}

time_t time(time_t *t) {
  time_t now = uptime() / TICKS_PER_SECOND;
  if (t)
    *t = now;
  return now;
}

clock_t clock(void) {
  return (clock_t)uptime() * (CLOCKS_PER_SEC / TICKS_PER_SECOND);
}

pid_t waitpid(pid_t pid, int *status, int options) {
  (void)options;
  for (;;) {
    int s, got = wait(&s);
    if (got < 0 || pid == -1 || got == pid) {
      if (got >= 0 && status)
        *status = s;
      return got;
    }
  }
}

int rmdir(const char *path) {
  return unlink(path);
}

int execv(const char *path, char *const argv[]) {
  return exec(path, (char **)argv);
}

// No PATH: the name as given, then from the root, where the shell finds programs.
int execvp(const char *file, char *const argv[]) {
  exec(file, (char **)argv);
  if (file[0] != '/' && strlen(file) < 128) {
    char path[130] = "/";
    strcpy(path + 1, file);
    exec(path, (char **)argv);
  }
  return -1;
}

#define EXECL_MAX 32
static int execl_common(const char *path, const char *arg0, va_list ap,
                        int (*fn)(const char *, char *const[])) {
  char *argv[EXECL_MAX + 1];
  int n = 0;
  argv[n++] = (char *)arg0;
  while (arg0 && n <= EXECL_MAX && (argv[n] = va_arg(ap, char *)) != NULL)
    n++;
  if (n > EXECL_MAX)
    return -1;
  argv[n] = NULL;
  return fn(path, argv);
}

int execl(const char *path, const char *arg0, ...) {
  va_list ap;
  va_start(ap, arg0);
  int r = execl_common(path, arg0, ap, execv);
  va_end(ap);
  return r;
}

int execlp(const char *file, const char *arg0, ...) {
  va_list ap;
  va_start(ap, arg0);
  int r = execl_common(file, arg0, ap, execvp);
  va_end(ap);
  return r;
}

// getopt as POSIX has it: options end at the first non-option or "--"; "ab:c" means b takes
// an argument (attached, -bARG, or the next word); '?' for an unknown option or a missing
// argument, ':' for the latter when the option string starts with ':'.
char *optarg;
int optind = 1, opterr = 1, optopt;
static int optpos = 1; // the next letter inside argv[optind]

int getopt(int argc, char *const argv[], const char *opts) {
  optarg = NULL;
  if (optind == 0) { // a caller's way to start over
    optind = 1;
    optpos = 1;
  }
  if (optind >= argc || argv[optind] == NULL || argv[optind][0] != '-' || argv[optind][1] == '\0')
    return -1;
  if (strcmp(argv[optind], "--") == 0) {
    optind++;
    return -1;
  }
  int quiet = opts[0] == ':';
  char c = argv[optind][optpos++];
  const char *o = c == ':' ? NULL : strchr(opts + quiet, c);
  int last = argv[optind][optpos] == '\0';
  if (o == NULL) {
    optopt = c;
    if (opterr && !quiet)
      fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
    if (last) {
      optind++;
      optpos = 1;
    }
    return '?';
  }
  if (o[1] == ':') {
    if (!last) {
      optarg = (char *)&argv[optind][optpos];
      optind++;
    } else if (optind + 1 < argc) {
      optarg = argv[optind + 1];
      optind += 2;
    } else {
      optind++;
      optpos = 1;
      optopt = c;
      if (opterr && !quiet)
        fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
      return quiet ? ':' : '?';
    }
    optpos = 1;
  } else if (last) {
    optind++;
    optpos = 1;
  }
  return c;
}
