# Each thread adds one to the shared counter at address 2000, %cx times, with no lock.
.main
.again
mov 2000, %ax    # load the counter
add $1, %ax      # one more
mov %ax, 2000    # store it
sub $1, %cx
test $0, %cx
jgt .again
halt
