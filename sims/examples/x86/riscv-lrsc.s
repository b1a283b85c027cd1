# An atomic increment with lr.w and sc.w: the store-conditional fails (t1 = 1)
# when another thread wrote total after this thread's load-reserved.
#   x86 --isa riscv -p riscv-lrsc.s -a a1=3 -M total -R t0,t1 -i 2 -c
.var total

main:
    la   a0, total
again:
    lr.w t0, (a0)
    addi t0, t0, 1
    sc.w t1, t0, (a0)
    bne  t1, zero, again        # lost the reservation: start over
    addi a1, a1, -1
    blt  zero, a1, again
    halt
