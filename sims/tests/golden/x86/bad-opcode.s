.main
mov $1, %ax
frob %ax
halt
