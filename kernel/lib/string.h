#ifndef KERNEL_LIB_STRING_H
#define KERNEL_LIB_STRING_H
// Memory and string functions for the freestanding kernel.
#include "kernel/types.h"

int memcmp(const void *v1, const void *v2, uint n);
void *memmove(void *dst, const void *src, uint n);
void *memset(void *dst, int c, uint n);
void *memcpy(void *dst, const void *src, uint n);
char *safestrcpy(char *s, const char *t, int n); // always NUL-terminates
int strlen(const char *s);
int strncmp(const char *p, const char *q, uint n);
char *strncpy(char *s, const char *t, int n);

// Number of elements in a fixed-size array.
#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#endif
