# this dialect takes one-digit immediates only
.main
mov $10, %ax
halt
