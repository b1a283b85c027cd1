# never halts
.main
.forever
add $1, %ax
j .forever
