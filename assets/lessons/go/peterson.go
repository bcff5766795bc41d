//go:build ignore

// The Go twin of the lesson "peterson": mutual exclusion from plain loads
// and stores. ProcLab runs it under sequential consistency, where it is
// correct. Real Go gives no such promise: these accesses are data races
// (`go run -race` reports them), and an x86 CPU may let a load overtake
// an earlier store still in its store buffer, so both goroutines can enter
// the critical section. Real code uses sync.Mutex or sync/atomic.
// cpus 1
// policy rr 1
// expect inside == 2
package main

import (
	"fmt"
	"sync"
)

var flag0 = 0

var flag1 = 0

var turn = 0

var inside = 0

var wg sync.WaitGroup

func p0() {
	flag0 = 1
	turn = 1
	for flag1 == 1 && turn == 1 {
	}
	inside = inside + 1 // the critical section
	flag0 = 0
	wg.Done()
}

func p1() {
	flag1 = 1
	turn = 0
	for flag0 == 1 && turn == 0 {
	}
	inside = inside + 1
	flag1 = 0
	wg.Done()
}

func main() {
	wg.Add(2)
	go p0()
	go p1()
	wg.Wait()
	fmt.Println("flag0 =", flag0)
	fmt.Println("flag1 =", flag1)
	fmt.Println("turn =", turn)
	fmt.Println("inside =", inside)
}
