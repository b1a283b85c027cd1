# The assembled first user program (initcode.S, built into kernel/initcode.bin), as data.
        .section .rodata
        .globl initcode_start
        .globl initcode_end
        .balign 8
initcode_start:
        .incbin "kernel/initcode.bin"
initcode_end:
