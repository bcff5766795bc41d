//go:build ignore

// The Go twin of the lesson "check-then-act": each goroutine checks that
// the seat is free with a plain read, then takes it with an atomic add.
// The add is atomic, the check-then-act is not: both goroutines can see 0
// before either adds, and the seat is sold twice. The plain read of a
// variable that another goroutine writes atomically is also a data race
// for the race detector.
// cpus 1
// policy rr 1
// expect seats_sold == 1
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var seats_sold int64

var wg sync.WaitGroup

func alice() {
	if seats_sold == 0 {
		// critical section: only one goroutine should ever be here
		atomic.AddInt64(&seats_sold, 1)
	}
	wg.Done()
}

func bob() {
	if seats_sold == 0 {
		atomic.AddInt64(&seats_sold, 1)
	}
	wg.Done()
}

func main() {
	wg.Add(2)
	go alice()
	go bob()
	wg.Wait()
	fmt.Println("seats_sold =", seats_sold)
}
