.main
j .nowhere
halt
