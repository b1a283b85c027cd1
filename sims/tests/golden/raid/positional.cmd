foo -c bar -n 2
