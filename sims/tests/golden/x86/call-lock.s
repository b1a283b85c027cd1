# a lock behind call and ret, its address passed on the stack
.var lockword
.var total

.main
.again
lea  lockword, %ax
push %ax
call .acquire
pop
mov  total, %ax
add  $1, %ax
mov  %ax, total
push lockword
call .release
pop
sub  $1, %bx
test $0, %bx
jgt .again
halt

.acquire
mov  4(%sp), %dx
.spin
mov  $1, %cx
xchg %cx, (%dx)
test $0, %cx
jne  .spin
ret

.release
mov  4(%sp), %dx
mov  $0, (%dx)
ret
