//go:build ignore

// The Go twin of the lesson "spin-vs-block". Go has no spinlock type: s
// is one built from atomic.CompareAndSwapInt64, tried again and again
// while it fails (the spinner stays runnable and burns its CPU). m is a
// sync.Mutex, whose waiter sleeps. Go's own Mutex spins a few times
// before it sleeps, on a machine with more than one CPU. The scenario's
// "compute 6" is a short CPU-bound loop here.
// policy rr 2
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var a = 0

var b = 0

var s int64 // the spinlock: 0 free, 1 held

var m sync.Mutex

var wg sync.WaitGroup

func holder1() {
	for !atomic.CompareAndSwapInt64(&s, 0, 1) {
	}
	work := 0
	for range 6 {
		work = work + 1
	}
	atomic.StoreInt64(&s, 0)
	wg.Done()
}

func spinner() {
	for !atomic.CompareAndSwapInt64(&s, 0, 1) {
	}
	a = a + 1
	atomic.StoreInt64(&s, 0)
	wg.Done()
}

func holder2() {
	m.Lock()
	work := 0
	for range 6 {
		work = work + 1
	}
	m.Unlock()
	wg.Done()
}

func sleeper() {
	m.Lock()
	b = b + 1
	m.Unlock()
	wg.Done()
}

func main() {
	wg.Add(4)
	go holder1()
	go spinner()
	go holder2()
	go sleeper()
	wg.Wait()
	fmt.Println("a =", a)
	fmt.Println("b =", b)
}
