# A test-and-set spin lock made of amoswap.w. Each thread adds 1 to total,
# a1 times, holding the lock while it does.
#   x86 --isa riscv -p riscv-tas.s -a a1=3 -M lock,total -R t1 -i 5 -c
.var lock
.var total

main:
    la   a0, lock
    li   t0, 1
again:
spin:
    amoswap.w.aq t1, t0, (a0)   # t1 = the old lock word; the word = 1
    bne  t1, zero, spin         # it was held: try again
    lw   t2, total              # the critical section
    addi t2, t2, 1
    sw   t2, total
    amoswap.w.rl zero, zero, (a0)   # release: store 0
    addi a1, a1, -1
    blt  zero, a1, again
    halt
