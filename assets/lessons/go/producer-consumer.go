//go:build ignore

// The Go twin of the lesson "producer-consumer". Go has no semaphore in
// the standard library; a buffered channel is one: its buffer holds the
// tokens, a receive takes one (P, sem_wait) and blocks while there is
// none, a send gives one back (V, sem_post). empty starts with one token,
// full with none. The mutex protects the slot, as in the scenario (the
// channels alone would already order the accesses).
// cpus 1
// policy rr 1
// expect consumed == 6
package main

import (
	"fmt"
	"sync"
)

var slot = 0

var consumed = 0

var empty = make(chan int, 1) // semaphore empty = 1 (main puts the token in)

var full = make(chan int, 1) // semaphore full = 0

var m sync.Mutex

var wg sync.WaitGroup

func producer() {
	item := 1
	for range 3 {
		<-empty // P(empty)
		m.Lock()
		slot = item
		m.Unlock()
		full <- 1 // V(full)
		item = item + 1
	}
	wg.Done()
}

func consumer() {
	for range 3 {
		<-full // P(full)
		m.Lock()
		consumed = consumed + slot
		slot = 0
		m.Unlock()
		empty <- 1 // V(empty)
	}
	wg.Done()
}

func main() {
	empty <- 1
	wg.Add(2)
	go producer()
	go consumer()
	wg.Wait()
	fmt.Println("slot =", slot)
	fmt.Println("consumed =", consumed)
}
