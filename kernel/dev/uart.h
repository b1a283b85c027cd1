#ifndef KERNEL_DEV_UART_H
#define KERNEL_DEV_UART_H
// The 16550 UART: the console's wire.
void uartinit(void);
void uartintr(void);
void uartputc(int c);      // may wait for room: process context only
void uartputc_sync(int c); // spins: for printf and echo
int uartgetc(void);        // -1 if no character is waiting
void uartrxresume(void);   // the console has room again: resume receive interrupts
#endif
