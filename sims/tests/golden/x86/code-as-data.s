# reads its own first instruction as data, copies it, and runs the copy
.main
mov 1000, %ax
mov %ax, 500
add %ax, %ax
rdump
mdump 500
mov 1000, %cx
test %cx, %ax
jne .out
.out
halt
