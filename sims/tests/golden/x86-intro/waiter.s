# %ax = 1: set the flag at 2000; %ax = 0: wait until it is set
.main
test $1, %ax
je .setter
.waiting
mov  2000, %cx
test $1, %cx
jne .waiting
halt
.setter
mov  $1, 2000
halt
