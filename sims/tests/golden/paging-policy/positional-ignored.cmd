extra -c words
