// The console: user reads and writes to the console device come here. Input is
// line-edited as it is typed:
//   backspace  erase the last character      ^U  erase the whole line
//   ^D         end of file                  ^P  print the process list
// A read returns once a whole line (or ^D) is available.

#include "kernel/types.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/mem/vm.h"
#include "kernel/core/condvar.h"
#include "kernel/core/proc.h"
#include "kernel/core/sleeplock.h"
#include "kernel/dev/uart.h"
#include "kernel/dev/console.h"
#include "kernel/dev/devsw.h"

#define CTRL(x)   ((x) - '@')
#define BACKSPACE 0x100 // for consputc: erase the previous character on screen
#define DEL       0x7f

#define INPUT_BUF_SIZE 128

static struct {
  struct spinlock lock;
  struct condvar readable; // a line (or ^D) has been completed
  char buf[INPUT_BUF_SIZE];
  uint r; // next index to read
  uint w; // end of completed input: readers may take up to here
  uint e; // end of the line being edited
} cons;

// Print one character; printf and the echo of input use this.
void consputc(int c) {
  if (c == BACKSPACE) {
    uartputc_sync('\b');
    uartputc_sync(' ');
    uartputc_sync('\b');
  } else {
    uartputc_sync(c);
  }
}

// Write n bytes from user (user_src = 1) or kernel memory to the console.
// One write() at a time, so that two threads or processes printing at once do not mix the
// characters of their lines. A sleep lock: uartputc may sleep while the UART is busy.
static struct sleeplock writing;

static int consolewrite(int user_src, uint64 src, int n) {
  int i;
  acquiresleep(&writing);
  for (i = 0; i < n; i++) {
    char c;
    if (either_copyin(&c, user_src, src + i, 1) == -1)
      break;
    uartputc(c);
  }
  releasesleep(&writing);
  return i;
}

// Read up to n bytes of input into dst, stopping after a newline. ^D ends the read; if it
// comes after some bytes it is kept so that the next read returns 0 (end of file).
static int consoleread(int user_dst, uint64 dst, int n) {
  int want = n;
  if (user_dst) // the copies happen under the console's spinlock, where no page comes from swap
    uvm_prefault(myproc()->pagetable, dst, n, 1);
  acquire(&cons.lock);
  while (n > 0) {
    while (cons.r == cons.w) {
      if (killed(myproc())) {
        release(&cons.lock);
        return -1;
      }
      uartrxresume(); // never wait for input the UART is holding back
      cv_wait(&cons.readable, &cons.lock);
    }
    int c = cons.buf[cons.r++ % INPUT_BUF_SIZE];
    if (c == CTRL('D')) {
      if (n < want)
        cons.r--;
      break;
    }
    char byte = c;
    if (either_copyout(user_dst, dst, &byte, 1) == -1)
      break;
    dst++;
    n--;
    if (c == '\n')
      break;
  }
  release(&cons.lock);
  if (want - n > 0)
    uartrxresume(); // there is room again
  return want - n;
}

// Is there room for another typed character? (The UART holds input back while not.)
int consoleroom(void) {
  acquire(&cons.lock);
  int room = cons.e - cons.r < INPUT_BUF_SIZE;
  release(&cons.lock);
  return room;
}

// A character arrived from the UART (interrupt context).
void consoleintr(int c) {
  int show_procs = 0;
  acquire(&cons.lock);
  switch (c) {
  case CTRL('P'): show_procs = 1; break;
  case CTRL('U'):
    while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF_SIZE] != '\n') {
      cons.e--;
      consputc(BACKSPACE);
    }
    break;
  case CTRL('H'):
  case DEL:
    if (cons.e != cons.w) {
      cons.e--;
      consputc(BACKSPACE);
    }
    break;
  default:
    if (c == 0 || cons.e - cons.r >= INPUT_BUF_SIZE)
      break;
    if (c == '\r')
      c = '\n';
    consputc(c);
    cons.buf[cons.e++ % INPUT_BUF_SIZE] = c;
    if (c == '\n' || c == CTRL('D') || cons.e - cons.r == INPUT_BUF_SIZE) {
      cons.w = cons.e;
      cv_broadcast(&cons.readable);
    }
    break;
  }
  release(&cons.lock);
  if (show_procs)
    procdump();
}

void consoleinit(void) {
  initlock(&cons.lock, "cons");
  initsleeplock(&writing, "console write");
  cv_init(&cons.readable, "console input");
  uartinit();
  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
  printf_set_output(consputc);
}
