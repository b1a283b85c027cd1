# falls off the end of the code into memory that holds no instruction
.main
mov $5, %ax
