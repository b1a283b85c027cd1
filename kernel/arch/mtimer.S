# Machine-mode pieces of the tick timer (timer.c).

# int csr_probe_stimecmp(void): 1 if the stimecmp CSR exists (the Sstc extension), else 0.
# Reading a missing CSR raises an illegal-instruction trap; a temporary machine trap
# vector catches it, clears the answer and skips the read. Call before mstatus.MPP is set.
        .globl csr_probe_stimecmp
csr_probe_stimecmp:
        la t0, probe_trap
        csrrw t1, mtvec, t0
        li a0, 1
        csrr t2, 0x14d          # stimecmp, by number for older assemblers
        csrw mtvec, t1
        ret
        .align 2
probe_trap:
        li a0, 0
        csrr t0, mepc
        addi t0, t0, 4
        csrw mepc, t0
        mret

# Machine timer interrupt, on machines without Sstc. mscratch points at this hart's
# words (timer.c): three save slots, the addresses of its mtimecmp and of mtime, the
# interval. Set the next compare one interval from now (as the Sstc path does), then
# raise a supervisor software interrupt for the kernel.
        .globl mtimervec
        .align 4
mtimervec:
        csrrw a0, mscratch, a0
        sd a1, 0(a0)
        sd a2, 8(a0)
        sd a3, 16(a0)
        ld a1, 32(a0)           # &mtime
        ld a2, 0(a1)
        ld a3, 40(a0)           # interval
        add a2, a2, a3
        ld a1, 24(a0)           # &mtimecmp
        sd a2, 0(a1)
        li a1, 2                # mip.SSIP
        csrs mip, a1
        ld a3, 16(a0)
        ld a2, 8(a0)
        ld a1, 0(a0)
        csrrw a0, mscratch, a0
        mret
