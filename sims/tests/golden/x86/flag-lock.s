# a lock made of plain loads and stores (it does not work)
.var lockword
.var total

.main
.again
.spin
mov  lockword, %ax
test $0, %ax
jne  .spin
mov  $1, lockword

mov  total, %ax
add  $1, %ax
mov  %ax, total

mov  $0, lockword
sub  $1, %bx
test $0, %bx
jgt .again
halt
