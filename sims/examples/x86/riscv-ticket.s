# A ticket lock made of amoadd.w: take a ticket, wait until it is served,
# then serve the next one. Each thread adds 1 to total, a1 times.
#   x86 --isa riscv -p riscv-ticket.s -t 3 -a a1=2 -M next,serving,total -i 4 -c
.var next
.var serving
.var total

main:
    la   a0, next
    la   a2, serving
    li   t0, 1
again:
    amoadd.w t1, t0, (a0)       # my ticket
wait:
    lw   t2, 0(a2)
    bne  t1, t2, wait           # not my turn yet
    lw   t3, total              # the critical section
    addi t3, t3, 1
    sw   t3, total
    amoadd.w zero, t0, (a2)     # the next ticket's turn
    addi a1, a1, -1
    blt  zero, a1, again
    halt
