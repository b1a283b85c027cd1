// Formatted output, panic, and backtraces.

#include <stdarg.h>

#include "kernel/types.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"

// Set once a hart panics: the others stop printing and the UART freezes.
volatile int panicked = 0;

// Where output goes: the console registers its putc at boot; until then nothing is printed.
static void (*output)(int c);

static void emit(int c) {
  if (output)
    output(c);
}

void printf_set_output(void (*putc)(int c)) {
  output = putc;
}

static struct {
  struct spinlock lock;
  int locking; // 0 while panicking, so a panic inside printf cannot deadlock
} pr;

extern char etext[]; // kernel.ld: end of kernel text

static const char digits[] = "0123456789abcdef";

static void print_unsigned(uint64 x, int base) {
  char buf[24];
  int i = 0;
  do {
    buf[i++] = digits[x % base];
    x /= base;
  } while (x != 0);
  while (--i >= 0)
    emit(buf[i]);
}

static void print_signed(long x) {
  if (x < 0) {
    emit('-');
    print_unsigned(-(uint64)x, 10);
  } else {
    print_unsigned(x, 10);
  }
}

static void print_pointer(uint64 x) {
  emit('0');
  emit('x');
  for (int shift = 60; shift >= 0; shift -= 4)
    emit(digits[(x >> shift) & 0xf]);
}

// Understands %d %u %x %p %s %c %%, with an optional l or ll before d, u and x, and xv6's %l.
int printf(char *fmt, ...) {
  va_list ap;
  int locking = pr.locking;
  if (locking)
    acquire(&pr.lock);

  va_start(ap, fmt);
  for (int i = 0; fmt[i] != 0; i++) {
    char c = fmt[i];
    if (c != '%') {
      emit(c);
      continue;
    }
    c = fmt[++i];
    int longs = 0;
    while (c == 'l') {
      longs++;
      c = fmt[++i];
    }
    if (longs && c != 'd' && c != 'u' && c != 'x') {
      // xv6's own "%l": a uint64 in decimal, with no conversion letter after it.
      print_unsigned(va_arg(ap, uint64), 10);
      i--;
      continue;
    }
    if (c == 0)
      break;
    switch (c) {
    case 'd': print_signed(longs ? va_arg(ap, long) : va_arg(ap, int)); break;
    case 'u': print_unsigned(longs ? va_arg(ap, uint64) : va_arg(ap, uint), 10); break;
    case 'x': print_unsigned(longs ? va_arg(ap, uint64) : va_arg(ap, uint), 16); break;
    case 'p': print_pointer(va_arg(ap, uint64)); break;
    case 'c': emit(va_arg(ap, int)); break;
    case 's': {
      char *s = va_arg(ap, char *);
      if (s == 0)
        s = "(null)";
      for (; *s; s++)
        emit(*s);
      break;
    }
    case '%': emit('%'); break;
    default:
      // Unknown directive: show it as written.
      emit('%');
      emit(c);
      break;
    }
  }
  va_end(ap);

  if (locking)
    release(&pr.lock);
  return 0;
}

// Print the return addresses of the calls that led here, innermost first, by following
// the chain of frame pointers (the kernel is built with -fno-omit-frame-pointer).
// A RISC-V frame keeps the return address at fp-8 and the caller's fp at fp-16.
void backtrace(void) {
  uint64 fp = r_fp();
  uint64 stack_page = PGROUNDDOWN(fp - 1);
  printf("backtrace:\n");
  // Each kernel stack is one page: stop when the chain leaves it.
  for (int depth = 0; depth < 64; depth++) {
    if (fp < stack_page + 16 || fp > stack_page + PGSIZE)
      break;
    uint64 ra = *(uint64 *)(fp - 8);
    // The outermost kernel frame was entered by a jump from user space (usertrap) or
    // from swtch (forkret): its return address is not kernel code.
    if (ra < KERNBASE || ra >= (uint64)etext)
      break;
    printf("  %p\n", (void *)ra);
    fp = *(uint64 *)(fp - 16);
  }
}

void panic(char *s) {
  pr.locking = 0;
  printf("panic: %s\n", s);
  backtrace();
  panicked = 1; // freeze output from the other harts
  for (;;)
    ;
}

void printfinit(void) {
  initlock(&pr.lock, "pr");
  pr.locking = 1;
}
