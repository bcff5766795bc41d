module proclab

go 1.26
