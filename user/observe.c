// observe: run a command and report what the kernel saw it do. Its standard output and
// standard error are kept apart (in two files, removed afterwards) and printed after it
// ends, then one line with its exit status and the kernel's counters over its run:
//
//   $ observe sleep
//   observe: stdout
//   observe: stderr
//   usage: sleep ticks
//   observe: exit 1 forks 0 pipes 0 pipe_bytes 0 ticks 0
//
// The counters are the whole system's, so they are the command's own while nothing else
// runs; observe's own fork is not counted. The labs' graders use it.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/kstats.h"
#include "user/user.h"

#define OUT_FILE "observe.out"
#define ERR_FILE "observe.err"

static void die(const char *what) {
  fprintf(2, "observe: %s\n", what);
  unlink(OUT_FILE);
  unlink(ERR_FILE);
  exit(1);
}

// Copy a captured file to standard output, ending with a newline, then remove it.
static void show(const char *name, const char *path) {
  printf("observe: %s\n", name);
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    die("cannot reopen what the command wrote");
  char buf[512], last = '\n';
  int n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    write(1, buf, n);
    last = buf[n - 1];
  }
  close(fd);
  unlink(path);
  if (last != '\n')
    printf("\n");
}

int main(int argc, char *argv[]) {
  if (argc < 2) {
    fprintf(2, "usage: observe command [args...]\n");
    exit(1);
  }
  // The files exist before the count starts, so creating them is not counted.
  int out = open(OUT_FILE, O_CREATE | O_TRUNC | O_WRONLY);
  int err = open(ERR_FILE, O_CREATE | O_TRUNC | O_WRONLY);
  if (out < 0 || err < 0)
    die("cannot create the files that keep the command's output");
  struct kstats before, after;
  if (kstats(&before) < 0)
    die("kstats failed");
  int pid = fork();
  if (pid < 0)
    die("fork failed");
  if (pid == 0) {
    close(1);
    close(2);
    dup(out);
    dup(err);
    close(out);
    close(err);
    exec(argv[1], argv + 1);
    fprintf(2, "observe: cannot run %s\n", argv[1]);
    exit(127);
  }
  int status = 0;
  if (wait(&status) != pid)
    die("wait failed");
  if (kstats(&after) < 0)
    die("kstats failed");
  close(out);
  close(err);
  show("stdout", OUT_FILE);
  show("stderr", ERR_FILE);
  printf("observe: exit %d forks %lu pipes %lu pipe_bytes %lu ticks %lu\n", status,
         after.forks - before.forks - 1, after.pipes - before.pipes,
         after.pipe_bytes - before.pipe_bytes, after.ticks - before.ticks);
  exit(0);
}
