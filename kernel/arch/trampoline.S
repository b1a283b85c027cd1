# The trampoline page: the code that switches between user and kernel address spaces.
# It is mapped at TRAMPOLINE in the kernel and in every user page table, so it keeps
# running across the satp switch. User mode cannot touch it (no PTE_U).
#
# uservec: stvec points here while in user mode. Save the user registers in the
#          thread's trapframe, switch to the kernel page table and stack, and jump to
#          usertrap(). Threads of a process share a page table, so each has its trapframe at
#          an address of its own (TRAPFRAME or THREADFRAME(i)); sscratch holds it.
# userret: usertrapret() calls here with the user satp in a0 and the trapframe's user
#          address in a1. Switch to the user page table, restore the user registers, and
#          sret to user mode.
#
# Address spaces carry ASIDs (the kernel's is 0), so switching satp needs no TLB flush.
# Only when the hardware has no ASIDs (a process with ASID 0) is the TLB flushed here.
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"

        .section trampsec
        .globl uservec
        .globl userret
        .align 4
uservec:
        # Only sscratch is free to use: it holds the trapframe's address; swap a0 into it.
        csrrw a0, sscratch, a0

        sd ra, 40(a0)
        sd sp, 48(a0)
        sd gp, 56(a0)
        sd tp, 64(a0)
        sd t0, 72(a0)
        sd t1, 80(a0)
        sd t2, 88(a0)
        sd s0, 96(a0)
        sd s1, 104(a0)
        sd a1, 120(a0)
        sd a2, 128(a0)
        sd a3, 136(a0)
        sd a4, 144(a0)
        sd a5, 152(a0)
        sd a6, 160(a0)
        sd a7, 168(a0)
        sd s2, 176(a0)
        sd s3, 184(a0)
        sd s4, 192(a0)
        sd s5, 200(a0)
        sd s6, 208(a0)
        sd s7, 216(a0)
        sd s8, 224(a0)
        sd s9, 232(a0)
        sd s10, 240(a0)
        sd s11, 248(a0)
        sd t3, 256(a0)
        sd t4, 264(a0)
        sd t5, 272(a0)
        sd t6, 280(a0)
        csrr t0, sscratch
        sd t0, 112(a0)

        ld sp, 8(a0)      # kernel_sp
        ld tp, 32(a0)     # kernel_hartid
        ld t0, 16(a0)     # kernel_trap: usertrap()
        ld t1, 0(a0)      # kernel_satp

        # t2 = ASID of the user address space we are leaving
        csrr t2, satp
        slli t2, t2, 4
        srli t2, t2, 48
        csrw satp, t1
        bnez t2, 1f
        sfence.vma zero, zero
1:
        # The trapframe is no longer mapped: a0 is not valid any more.
        jr t0

userret:
        csrw satp, a0
        slli t2, a0, 4
        srli t2, t2, 48
        bnez t2, 1f
        sfence.vma zero, zero
1:
        # The next trap finds this thread's trapframe through sscratch.
        csrw sscratch, a1
        mv a0, a1
        ld ra, 40(a0)
        ld sp, 48(a0)
        ld gp, 56(a0)
        ld tp, 64(a0)
        ld t0, 72(a0)
        ld t1, 80(a0)
        ld t2, 88(a0)
        ld s0, 96(a0)
        ld s1, 104(a0)
        ld a1, 120(a0)
        ld a2, 128(a0)
        ld a3, 136(a0)
        ld a4, 144(a0)
        ld a5, 152(a0)
        ld a6, 160(a0)
        ld a7, 168(a0)
        ld s2, 176(a0)
        ld s3, 184(a0)
        ld s4, 192(a0)
        ld s5, 200(a0)
        ld s6, 208(a0)
        ld s7, 216(a0)
        ld s8, 224(a0)
        ld s9, 232(a0)
        ld s10, 240(a0)
        ld s11, 248(a0)
        ld t3, 256(a0)
        ld t4, 264(a0)
        ld t5, 272(a0)
        ld t6, 280(a0)
        ld a0, 112(a0)
        # to user mode, at sepc, with the interrupt state usertrapret() put in sstatus
        sret
