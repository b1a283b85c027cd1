// Validation of ELF headers for exec (see elfcheck.h). No kernel state: also built for
// the host unit tests.

#include "kernel/types.h"
#include "kernel/elf.h"
#include "kernel/sys/elfcheck.h"

#define PAGE 4096UL

int elf_header_ok(const struct elfhdr *eh, uint64 filesize) {
  if (filesize < sizeof(struct elfhdr))
    return 0;
  if (eh->magic != ELF_MAGIC)
    return 0;
  // eh->elf[] continues e_ident after the four magic bytes: class, data, version.
  if (eh->elf[0] != ELF_CLASS_64 || eh->elf[1] != ELF_DATA_LITTLE || eh->elf[2] != 1)
    return 0;
  if (eh->type != ELF_TYPE_EXEC || eh->machine != ELF_MACHINE_RISCV || eh->version != 1)
    return 0;
  if (eh->phentsize != sizeof(struct proghdr))
    return 0;
  if (eh->phnum == 0 || eh->phnum > ELF_MAX_PHNUM)
    return 0;
  uint64 table_size = (uint64)eh->phnum * sizeof(struct proghdr);
  if (eh->phoff > filesize || table_size > filesize - eh->phoff)
    return 0;
  return 1;
}

int elf_segment_ok(const struct proghdr *ph, uint64 filesize, uint64 va_limit) {
  if (ph->type != ELF_PROG_LOAD)
    return 0;
  if (ph->vaddr % PAGE != 0)
    return 0;
  if (ph->filesz > ph->memsz)
    return 0;
  // File range [off, off+filesz) inside the file, written so that nothing can overflow.
  if (ph->off > filesize || ph->filesz > filesize - ph->off)
    return 0;
  // Memory range [vaddr, vaddr+memsz) below va_limit, without wrap-around.
  if (ph->vaddr > va_limit || ph->memsz > va_limit - ph->vaddr)
    return 0;
  return 1;
}

int elf_segments_overlap(const struct proghdr *ph, int n) {
  for (int i = 0; i < n; i++) {
    if (ph[i].type != ELF_PROG_LOAD || ph[i].memsz == 0)
      continue;
    // Pages [first, end) of segment i; segments have been checked for wrap-around.
    uint64 first_i = ph[i].vaddr / PAGE;
    uint64 end_i = (ph[i].vaddr + ph[i].memsz + PAGE - 1) / PAGE;
    for (int j = i + 1; j < n; j++) {
      if (ph[j].type != ELF_PROG_LOAD || ph[j].memsz == 0)
        continue;
      uint64 first_j = ph[j].vaddr / PAGE;
      uint64 end_j = (ph[j].vaddr + ph[j].memsz + PAGE - 1) / PAGE;
      if (first_i < end_j && first_j < end_i)
        return 1;
    }
  }
  return 0;
}
