# The assembled first user program (initcode.S, built into build/kernel/initcode.bin), as data.
        .section .rodata
        .globl initcode_start
        .globl initcode_end
        .balign 8
initcode_start:
        .incbin "build/kernel/initcode.bin"
initcode_end:
