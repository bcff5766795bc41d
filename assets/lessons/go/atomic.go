//go:build ignore

// The Go twin of the lesson "atomic": atomic.AddInt64 reads, adds and
// writes in one indivisible step, and atomics synchronise goroutines, so
// both updates survive and `go run -race` stays silent.
// cpus 1
// policy rr 1
// expect counter == 2
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var counter int64

var wg sync.WaitGroup

func t1() {
	atomic.AddInt64(&counter, 1)
	wg.Done()
}

func t2() {
	atomic.AddInt64(&counter, 1)
	wg.Done()
}

func main() {
	wg.Add(2)
	go t1()
	go t2()
	wg.Wait()
	fmt.Println("counter =", atomic.LoadInt64(&counter))
}
