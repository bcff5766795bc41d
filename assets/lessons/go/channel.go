//go:build ignore

// The Go twin of the lesson "channel": an unbuffered channel hand-off. The
// send happens before the receive completes, so main reads result after
// <-done without a data race.
// cpus 1
// policy rr 1
package main

import "fmt"

var result = 0

var done = make(chan int)

func worker() {
	work := 0
	for range 2 {
		work = work + 1
	}
	result = 42
	done <- 1
}

func main() {
	go worker()
	<-done
	seen := result
	if seen != 42 {
		panic("result is not 42")
	}
	fmt.Println("result =", result)
}
