#ifndef _STDIO_H
#define _STDIO_H
// Standard I/O for POSIX programs. Output is not buffered across calls: each printf, fputs, ...
// is one write, so stdout and stderr stay in order and threads' lines do not interleave mid-call.
// printf and fprintf link under other names (__posix_*) than xv6's printf(const char *, ...) and
// fprintf(int fd, ...) in user/printf.c, which a program in xv6's world gets from user/user.h.
#include <sys/cdefs.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct __file {
  int fd;
  int eof;   // a read returned 0
  int error; // a read or write failed
  int unget; // a byte pushed back by ungetc, or -1
} FILE;

extern FILE *stdin, *stdout, *stderr;

#define EOF    (-1)
#define BUFSIZ 1024

#define __printf_like(f, a) __attribute__((format(printf, f, a)))

int printf(const char *, ...) __asm__("__posix_printf") __printf_like(1, 2);
int fprintf(FILE *, const char *, ...) __asm__("__posix_fprintf") __printf_like(2, 3);
int dprintf(int fd, const char *, ...) __printf_like(2, 3);
int sprintf(char *, const char *, ...) __printf_like(2, 3);
int snprintf(char *, size_t, const char *, ...) __printf_like(3, 4);
int vprintf(const char *, va_list);
int vfprintf(FILE *, const char *, va_list);
int vdprintf(int fd, const char *, va_list);
int vsprintf(char *, const char *, va_list);
int vsnprintf(char *, size_t, const char *, va_list);

int fputc(int, FILE *);
int putc(int, FILE *);
int putchar(int);
int fputs(const char *, FILE *);
int puts(const char *);
size_t fwrite(const void *, size_t, size_t, FILE *);
int fflush(FILE *);
void perror(const char *);

int fgetc(FILE *);
int getc(FILE *);
int getchar(void);
int ungetc(int, FILE *);
char *fgets(char *, int, FILE *);
size_t fread(void *, size_t, size_t, FILE *);
int feof(FILE *);
int ferror(FILE *);
void clearerr(FILE *);
int fileno(FILE *);
#endif
