//go:build ignore

// The Go twin of the lesson "lost-update": two goroutines each add 1 to a
// shared counter with a plain counter = counter + 1, which is a load, an
// add and a store. Run it with `go run -race lost-update.go`: the race
// detector reports a DATA RACE on counter, whether or not an update was
// lost on that run.
// cpus 1
// policy rr 1
// expect counter == 2
package main

import (
	"fmt"
	"sync"
)

var counter = 0

var wg sync.WaitGroup

func t1() {
	counter = counter + 1
	wg.Done()
}

func t2() {
	counter = counter + 1
	wg.Done()
}

func main() {
	// main only starts the two threads of the lesson and waits for them.
	wg.Add(2)
	go t1()
	go t2()
	wg.Wait()
	fmt.Println("counter =", counter)
}
