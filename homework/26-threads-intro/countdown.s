# Count %dx down to below zero; touches no memory.
.main
.down
sub $1, %dx
test $0, %dx
jgte .down
halt
