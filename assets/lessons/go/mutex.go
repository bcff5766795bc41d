//go:build ignore

// The Go twin of the lesson "mutex". Go's sync.Mutex does not hand the
// lock to the first waiter when it is unlocked (normal mode): the woken
// waiter competes with goroutines that arrive, and only a waiter that has
// waited more than 1 ms switches the mutex to starvation mode, where
// Unlock hands it over. The scenario's mutex is the textbook FIFO one;
// the answer, counter == 2, is the same.
// cpus 1
// policy rr 1
// expect counter == 2
package main

import (
	"fmt"
	"sync"
)

var counter = 0

var m sync.Mutex

var wg sync.WaitGroup

func t1() {
	m.Lock()
	counter = counter + 1 // the critical section
	m.Unlock()
	wg.Done()
}

func t2() {
	m.Lock()
	counter = counter + 1
	m.Unlock()
	wg.Done()
}

func main() {
	wg.Add(2)
	go t1()
	go t2()
	wg.Wait()
	fmt.Println("counter =", counter)
}
