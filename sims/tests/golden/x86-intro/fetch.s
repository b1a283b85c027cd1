# fetchadd and xchg in the older dialect
.var slot
.main
mov $3, %ax
fetchadd %ax, slot
mov $9, %bx
xchg %bx, slot
mov slot, %cx
halt
