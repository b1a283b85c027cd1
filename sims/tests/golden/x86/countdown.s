# count %dx down; stop once it is no longer above zero
.main
.again
sub  $1,%dx
test $0,%dx
jgt .again
halt
