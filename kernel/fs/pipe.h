#ifndef KERNEL_FS_PIPE_H
#define KERNEL_FS_PIPE_H
// Pipes: a bounded buffer between a writing and a reading file.
#include "kernel/types.h"

struct file;
struct pipe;

int pipealloc(struct file **f0, struct file **f1);
void pipeclose(struct pipe *pi, int writable);
int pipewrite(struct pipe *pi, uint64 addr, int n);
int piperead(struct pipe *pi, uint64 addr, int n);
#endif
