# First instructions of the kernel, run in machine mode by every hart at 0x80000000.
# Keep the device tree's address (QEMU passes it in a1), give each hart its own 4 KB boot
# stack out of stack0 and call start().
        .section .text.entry
        .global _entry
_entry:
        la t0, boot_fdt
        sd a1, 0(t0)
        la sp, stack0
        li a0, 4096
        csrr a1, mhartid
        addi a1, a1, 1
        mul a0, a0, a1
        add sp, sp, a0
        # no caller frame: a zero frame pointer ends backtraces here
        li s0, 0
        call start
hang:
        wfi
        j hang
