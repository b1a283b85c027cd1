extra -c args
