// Driver for the 16550 UART that QEMU's virt machine puts at UART0.
// Output goes through a small buffer drained by transmit interrupts; input characters
// are handed to the console as their receive interrupts arrive, while it has room.

#include "kernel/types.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/core/condvar.h"
#include "kernel/dev/uart.h"
#include "kernel/dev/console.h"

// 16550 registers, as byte offsets from UART0.
#define RHR             0 // receive holding register (read)
#define THR             0 // transmit holding register (write)
#define IER             1 // interrupt enable
#define IER_RX_ENABLE   (1 << 0)
#define IER_TX_ENABLE   (1 << 1)
#define FCR             2 // FIFO control
#define FCR_FIFO_ENABLE (1 << 0)
#define FCR_FIFO_CLEAR  (3 << 1)
#define ISR             2 // interrupt status (read)
#define LCR             3 // line control
#define LCR_EIGHT_BITS  (3 << 0)
#define LCR_BAUD_LATCH  (1 << 7) // DLL/DLM replace RHR/IER while set
#define LSR             5        // line status
#define LSR_RX_READY    (1 << 0)
#define LSR_TX_IDLE     (1 << 5)

static inline volatile uchar *uart_reg(int r) {
  return (volatile uchar *)(UART0 + r);
}
#define ReadReg(r)     (*uart_reg(r))
#define WriteReg(r, v) (*uart_reg(r) = (v))

#define TX_BUF_SIZE 32
static struct {
  struct spinlock lock;
  struct condvar space; // signalled when the buffer drains
  char buf[TX_BUF_SIZE];
  uint64 head; // next byte to send is buf[head % TX_BUF_SIZE]
  uint64 tail; // next byte goes to buf[tail % TX_BUF_SIZE]
} tx;

void uartinit(void) {
  WriteReg(IER, 0x00);
  // 38.4K baud: divisor 3 in the baud latch.
  WriteReg(LCR, LCR_BAUD_LATCH);
  WriteReg(0, 0x03);
  WriteReg(1, 0x00);
  WriteReg(LCR, LCR_EIGHT_BITS);
  WriteReg(FCR, FCR_FIFO_ENABLE | FCR_FIFO_CLEAR);
  WriteReg(IER, IER_TX_ENABLE | IER_RX_ENABLE);

  initlock(&tx.lock, "uart");
  cv_init(&tx.space, "uart tx");
}

// Send buffered bytes while the UART can take them. Caller holds tx.lock.
static void uartstart(void) {
  while (tx.head != tx.tail) {
    if ((ReadReg(LSR) & LSR_TX_IDLE) == 0)
      return; // the transmit interrupt will call again
    int c = tx.buf[tx.head % TX_BUF_SIZE];
    tx.head++;
    cv_broadcast(&tx.space);
    WriteReg(THR, c);
  }
}

// Queue a byte for output, waiting for room. Only for process context (console writes).
void uartputc(int c) {
  acquire(&tx.lock);
  if (panicked) {
    for (;;)
      ;
  }
  while (tx.tail == tx.head + TX_BUF_SIZE)
    cv_wait(&tx.space, &tx.lock);
  tx.buf[tx.tail % TX_BUF_SIZE] = c;
  tx.tail++;
  uartstart();
  release(&tx.lock);
}

// Send a byte by polling, usable anywhere (printf, echo of typed characters).
void uartputc_sync(int c) {
  push_off();
  if (panicked) {
    for (;;)
      ;
  }
  while ((ReadReg(LSR) & LSR_TX_IDLE) == 0)
    ;
  WriteReg(THR, c);
  pop_off();
}

// A received byte, or -1 if none is waiting.
int uartgetc(void) {
  if (ReadReg(LSR) & LSR_RX_READY)
    return ReadReg(RHR);
  return -1;
}

// Receive flow control: while the console has no room for input, receive interrupts are
// off and typed bytes wait in the UART, and in QEMU's queue behind it, instead of being lost.
static void set_rx_interrupts(int on) {
  acquire(&tx.lock);
  WriteReg(IER, IER_TX_ENABLE | (on ? IER_RX_ENABLE : 0));
  release(&tx.lock);
}

// The console made room for input (or a reader is about to wait for some).
void uartrxresume(void) {
  set_rx_interrupts(1);
}

// The UART interrupted: input arrived, or it is ready for more output, or both.
void uartintr(void) {
  int c;
  while (consoleroom() && (c = uartgetc()) != -1)
    consoleintr(c);
  if (!consoleroom())
    set_rx_interrupts(0);
  acquire(&tx.lock);
  uartstart();
  release(&tx.lock);
}
