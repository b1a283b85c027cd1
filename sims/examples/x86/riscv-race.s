# The race without a lock: load, add, store, a1 times.
#   x86 --isa riscv -p riscv-race.s -a a1=3 -M total -i 2 -c
.var total

main:
    lw   t0, total
    addi t0, t0, 1
    sw   t0, total
    addi a1, a1, -1
    blt  zero, a1, main
    halt
