#ifndef KERNEL_DEV_CONSOLE_H
#define KERNEL_DEV_CONSOLE_H
// The console device (major number CONSOLE): line-edited input, output to the UART.
// consoleinit also makes it printf's output.
void consoleinit(void);
void consoleintr(int c); // a character arrived from the UART
int consoleroom(void);   // can the console take another input character?
void consputc(int c);
#endif
