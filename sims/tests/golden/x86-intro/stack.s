# push and pop: in this dialect pop copies the stack pointer itself
.main
mov $7, %ax
push %ax
pop %bx
push (%sp)
mov (%sp), %cx
pop
mov 4(%bx), %dx
halt
