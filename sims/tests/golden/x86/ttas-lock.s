# test and test-and-set: spin on a plain load, then xchg
.var lockword
.var total

.main
.again
.look
mov  lockword, %ax
test $0, %ax
jne  .look
mov  $1, %ax
xchg %ax, lockword
test $0, %ax
jne  .look

mov  total, %ax
add  $1, %ax
mov  %ax, total

mov  $0, lockword
sub  $1, %bx
test $0, %bx
jgt .again
halt
