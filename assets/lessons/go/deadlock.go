//go:build ignore

// The Go twin of the lesson "deadlock": t1 locks a then b, t2 locks b then
// a; u1 and u2 take c and d in the same order. When t1 and t2 each hold
// one lock, no goroutine can go on, and once u1 and u2 have finished the
// Go runtime sees every goroutine blocked and stops the program with
// "fatal error: all goroutines are asleep - deadlock!" (exit status 2).
// On a run where t1 finishes before t2 starts, it prints "done".
// cpus 1
// policy rr 1
package main

import (
	"fmt"
	"sync"
)

var a, b, c, d sync.Mutex

var wg sync.WaitGroup

func t1() {
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	wg.Done()
}

func t2() {
	b.Lock()
	a.Lock()
	a.Unlock()
	b.Unlock()
	wg.Done()
}

func u1() {
	c.Lock()
	d.Lock()
	d.Unlock()
	c.Unlock()
	wg.Done()
}

func u2() {
	c.Lock()
	d.Lock()
	d.Unlock()
	c.Unlock()
	wg.Done()
}

func main() {
	wg.Add(4)
	go t1()
	go t2()
	go u1()
	go u2()
	wg.Wait()
	fmt.Println("done")
}
