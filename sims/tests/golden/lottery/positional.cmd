x -c y
