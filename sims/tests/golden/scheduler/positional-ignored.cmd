foo -c bar -s 3
