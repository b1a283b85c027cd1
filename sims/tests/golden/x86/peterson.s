# Peterson's algorithm for two threads; %bx is the thread's number (0 or 1)
.var want 2
.var turn
.var total

.main
lea want, %fx
mov %bx, %cx
neg %cx
add $1, %cx          # %cx: the other thread

mov $1, 0(%fx,%bx,4) # I want in
mov %cx, turn        # you go first
.wait
mov 0(%fx,%cx,4), %ax
test $1, %ax
jne .enter
mov turn, %ax
test %cx, %ax
je .wait
.enter
mov total, %ax
add $1, %ax
mov %ax, total
mov $0, 0(%fx,%bx,4)
halt
