# ticket lock with fetchadd
.var next
.var serving
.var total

.main
.again
mov $1, %ax
fetchadd %ax, next
.wait
mov serving, %dx
test %dx, %ax
jne .wait

mov  total, %cx
add  $1, %cx
mov  %cx, total

mov $1, %ax
fetchadd %ax, serving
sub  $1, %bx
test $0, %bx
jgt .again
halt
