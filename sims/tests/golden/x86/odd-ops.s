# every other instruction once: mul, neg, lea with a scale, push and pop, rdump, mdump
.var arr 4
.main
mov $3, %ax
mul $4, %ax
mov %ax, %bx
mul %bx, %ax
neg %bx
lea arr, %cx
mov $2, %dx
mov %ax, 4(%cx,%dx,4)
mov 12(%cx), %ex
push %ex
push 8(%cx)
pop %fx
pop
sub %bx, %ax
test %ax, $200
jlt .small
jlte .small
.small
test %ax, %bx
jgte .done
rdump
mdump 112
.done
nop
halt
