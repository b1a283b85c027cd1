# count %dx down until it drops below zero
.main
.again
sub  $1,%dx
test $0,%dx
jgte .again
halt
