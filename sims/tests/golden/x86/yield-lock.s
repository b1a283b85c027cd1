# test-and-set that gives the CPU away instead of spinning
.var lockword
.var total

.main
.again
.spin
mov  $1, %ax
xchg %ax, lockword
test $0, %ax
je   .got
yield
j    .spin
.got
mov  total, %ax
add  $1, %ax
mov  %ax, total
mov  $0, lockword
sub  $1, %bx
test $0, %bx
jgt .again
halt
