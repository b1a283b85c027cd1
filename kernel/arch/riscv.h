#ifndef KERNEL_RISCV_H
#define KERNEL_RISCV_H
// RISC-V machine definitions: control and status registers, Sv39 page-table entries.
// Constants are usable from assembly; the inline register accessors only from C.

// mstatus: machine-mode status.
#define MSTATUS_MPP_MASK (3L << 11) // previous privilege mode
#define MSTATUS_MPP_M    (3L << 11)
#define MSTATUS_MPP_S    (1L << 11)
#define MSTATUS_MPP_U    (0L << 11)
#define MSTATUS_MIE      (1L << 3)

// sstatus: supervisor-mode status.
#define SSTATUS_SPP  (1L << 8) // previous mode: 1 = supervisor, 0 = user
#define SSTATUS_SPIE (1L << 5) // supervisor interrupts enabled before the trap
#define SSTATUS_UPIE (1L << 4)
#define SSTATUS_SIE  (1L << 1) // supervisor interrupt enable
#define SSTATUS_UIE  (1L << 0)
#define SSTATUS_SUM  (1L << 18) // supervisor may access user pages

// Interrupt-enable bits, the same positions in sie/mie and sip/mip.
#define SIE_SSIE (1L << 1) // software
#define SIE_STIE (1L << 5) // timer
#define SIE_SEIE (1L << 9) // external
#define MIE_STIE (1L << 5)
#define MIE_MTIE (1L << 7) // machine timer
#define SIP_SSIP (1L << 1) // supervisor software interrupt pending

// scause values.
#define SCAUSE_INTERRUPT     (1UL << 63)
#define IRQ_S_SOFT           1
#define IRQ_S_TIMER          5
#define IRQ_S_EXTERNAL       9
#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS      1
#define EXC_ILLEGAL_INST     2
#define EXC_BREAKPOINT       3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS      5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U          8
#define EXC_ECALL_S          9
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

// menvcfg.STCE enables the Sstc extension (stimecmp); mcounteren.TM lets S-mode read time.
#define MENVCFG_STCE  (1L << 63)
#define MCOUNTEREN_TM (1L << 1)

// QEMU's virt timer counts at 10 MHz; the kernel takes a timer tick every 1/10 second.
#define TIMER_HZ         10000000UL
#define TICKS_PER_SECOND 10
#define TICK_INTERVAL    (TIMER_HZ / TICKS_PER_SECOND)

// Page tables (Sv39): three levels of 512 eight-byte entries, 4096-byte pages.
#define PGSIZE         4096
#define PGSHIFT        12
#define PGROUNDUP(sz)  (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

// 2 MB pages: a leaf at level 1. The rounding macros are those of MIT's pgtbl lab, whose
// tests use them: SUPERPGROUNDDOWN is one superpage below the round-up, so an address on a
// boundary rounds down to the superpage before it.
#define SUPERPGSIZE         (2L * 1024 * 1024)
#define SUPERPGROUNDUP(a)   (((a) + SUPERPGSIZE - 1) & ~(SUPERPGSIZE - 1))
#define SUPERPGROUNDDOWN(a) (SUPERPGROUNDUP(a) - SUPERPGSIZE)

#define PTE_V (1L << 0) // valid
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4) // user mode may access
#define PTE_G (1L << 5) // global mapping
#define PTE_A (1L << 6) // accessed
#define PTE_D (1L << 7) // dirty
// BEGIN LAB cow
#define PTE_COW (1L << 8) // software bit (RSW): shared copy-on-write, copy on the next write
// END LAB cow
// Software bit (RSW): the page is on the swap disk, in the slot the PTE holds where a page's
// physical address would be. V is clear, so any access faults.
#define PTE_SWAPPED (1L << 9)
// Software bit (RSW) with V clear: the page is in the program's file, not yet read (exec with
// lazyexec=1). The PTE holds the file offset and byte count to read (mem/vm.h). With V set,
// the same bit is the cow lab's PTE_COW.
#define PTE_UNREAD (1L << 8)

// A physical address goes in a PTE shifted: bits 12.. of the address at bit 10.
#define PA2PTE(pa)     ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte)    (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte)&0x3FF)

// The 9-bit page-table index of virtual address va at level 2, 1 or 0.
#define PXMASK         0x1FF
#define PXSHIFT(level) (PGSHIFT + (9 * (level)))
#define PX(level, va)  ((((uint64)(va)) >> PXSHIFT(level)) & PXMASK)

// One past the highest virtual address. Sv39 allows 39 bits, but we use 38 so that
// no address needs sign extension of bit 38.
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

// satp: paging mode, address-space id (bits 44..59) and the root page table's page number.
#define SATP_SV39       (8L << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK  0xFFFFL
#define MAKE_SATP(pagetable, asid)                                                                 \
  (SATP_SV39 | (((uint64)(asid)&SATP_ASID_MASK) << SATP_ASID_SHIFT) | (((uint64)(pagetable)) >> 12))

#ifndef __ASSEMBLER__
#include "kernel/types.h"

#define CSR_READ(name)                                                                             \
  static inline uint64 r_##name(void) {                                                            \
    uint64 x;                                                                                      \
    asm volatile("csrr %0, " #name : "=r"(x));                                                     \
    return x;                                                                                      \
  }
#define CSR_WRITE(name)                                                                            \
  static inline void w_##name(uint64 x) {                                                          \
    asm volatile("csrw " #name ", %0" : : "r"(x));                                                 \
  }

CSR_READ(mhartid)
CSR_READ(mstatus)
CSR_WRITE(mstatus)
CSR_WRITE(mepc)
CSR_READ(mie)
CSR_WRITE(mie)
CSR_WRITE(medeleg)
CSR_WRITE(mideleg)
CSR_READ(mtvec)
CSR_WRITE(mtvec)
CSR_WRITE(mscratch)
CSR_WRITE(pmpcfg0)
CSR_WRITE(pmpaddr0)
CSR_READ(mcounteren)
CSR_WRITE(mcounteren)
CSR_READ(sstatus)
CSR_WRITE(sstatus)
CSR_READ(sip)
CSR_WRITE(sip)
CSR_READ(sie)
CSR_WRITE(sie)
CSR_READ(sepc)
CSR_WRITE(sepc)
CSR_READ(stvec)
CSR_WRITE(stvec)
CSR_READ(satp)
CSR_WRITE(satp)
CSR_READ(scause)
CSR_READ(stval)
CSR_READ(sscratch)
CSR_WRITE(sscratch)
CSR_READ(time)

#undef CSR_READ
#undef CSR_WRITE

// menvcfg and stimecmp are named by number so that older assemblers accept them.
static inline uint64 r_menvcfg(void) {
  uint64 x;
  asm volatile("csrr %0, 0x30a" : "=r"(x));
  return x;
}
static inline void w_menvcfg(uint64 x) {
  asm volatile("csrw 0x30a, %0" : : "r"(x));
}
static inline void w_stimecmp(uint64 x) {
  asm volatile("csrw 0x14d, %0" : : "r"(x));
}

static inline void intr_on(void) {
  w_sstatus(r_sstatus() | SSTATUS_SIE);
}
static inline void intr_off(void) {
  w_sstatus(r_sstatus() & ~SSTATUS_SIE);
}
static inline int intr_get(void) {
  return (r_sstatus() & SSTATUS_SIE) != 0;
}

static inline uint64 r_sp(void) {
  uint64 x;
  asm volatile("mv %0, sp" : "=r"(x));
  return x;
}

// The frame pointer (s0): backtraces walk the chain of frames it starts.
static inline uint64 r_fp(void) {
  uint64 x;
  asm volatile("mv %0, s0" : "=r"(x));
  return x;
}

// tp holds this hart's id while in the kernel.
static inline uint64 r_tp(void) {
  uint64 x;
  asm volatile("mv %0, tp" : "=r"(x));
  return x;
}
static inline void w_tp(uint64 x) {
  asm volatile("mv tp, %0" : : "r"(x));
}

static inline uint64 r_ra(void) {
  uint64 x;
  asm volatile("mv %0, ra" : "=r"(x));
  return x;
}

// Raw sfence.vma; kernel code calls tlb_flush_all()/tlb_flush_asid() in vm.c, which count them.
static inline void sfence_vma(void) {
  asm volatile("sfence.vma zero, zero" : : : "memory");
}
static inline void sfence_vma_asid(uint64 asid) {
  asm volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
}

#endif // __ASSEMBLER__
#endif // KERNEL_RISCV_H
