#ifndef KERNEL_SYS_ELFCHECK_H
#define KERNEL_SYS_ELFCHECK_H
#include "kernel/types.h"
#include "kernel/elf.h"
// Checks that exec makes on an ELF file before trusting any of it. Pure functions of
// the headers and the file size, so that they can be tested on the host.

#define ELF_MACHINE_RISCV 243
#define ELF_CLASS_64      2
#define ELF_DATA_LITTLE   1
#define ELF_TYPE_EXEC     2
#define ELF_MAX_PHNUM     16 // more program headers than this: not one of our programs

// Is eh the header of a RISC-V 64-bit little-endian executable whose program-header
// table lies entirely within a file of filesize bytes? 1 if so, else 0.
int elf_header_ok(const struct elfhdr *eh, uint64 filesize);

// Is the loadable segment ph sane for a file of filesize bytes: page-aligned address,
// filesz <= memsz, file range inside the file, memory range without wrap-around and
// ending at or below va_limit? 1 if so, else 0.
int elf_segment_ok(const struct proghdr *ph, uint64 filesize, uint64 va_limit);

// Do any two of the n loadable segments in ph[] share a page? (Non-LOAD entries are
// ignored.) 1 if they do, else 0.
int elf_segments_overlap(const struct proghdr *ph, int n);
#endif
