foo -c bar
