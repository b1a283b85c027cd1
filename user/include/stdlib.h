#ifndef _STDLIB_H
#define _STDLIB_H
// The standard library for POSIX programs. malloc takes a size_t here (xv6's takes a uint), and
// exit runs the atexit functions before the exit system call (_exit in unistd.h).
#include <sys/cdefs.h>
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX     0x7fffffff

void *malloc(size_t) __asm__("__posix_malloc");
void *calloc(size_t, size_t);
void *realloc(void *, size_t);
void free(void *);

int atoi(const char *);
long atol(const char *);
long long atoll(const char *);
long strtol(const char *, char **, int);
unsigned long strtoul(const char *, char **, int);
long long strtoll(const char *, char **, int);
unsigned long long strtoull(const char *, char **, int);

int abs(int);
long labs(long);
long long llabs(long long);

int rand(void);
int rand_r(unsigned int *);
void srand(unsigned int);

void exit(int) __asm__("__posix_exit") __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int atexit(void (*)(void));
char *getenv(const char *);

void qsort(void *, size_t, size_t, int (*)(const void *, const void *));
#endif
