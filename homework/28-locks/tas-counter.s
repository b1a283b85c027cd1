# Each thread adds one to the counter at 2000, %cx times, holding a test-and-set lock
# (the word at 2001: 0 free, 1 held) around the update.
.main
.again
.spin
mov $1, %ax
xchg %ax, 2001       # atomically swap: ax gets the old lock word, the lock word 1
test $0, %ax
jne .spin            # it was held: try again
mov 2000, %dx
add $1, %dx
mov %dx, 2000
mov $0, 2001         # release
sub $1, %cx
test $0, %cx
jgt .again
halt
