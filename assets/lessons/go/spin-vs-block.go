//go:build ignore

// The Go twin of the lesson "spin-vs-block". Go has no spinlock type: s
// is one built from atomic.CompareAndSwapInt64, tried again and again
// while it fails (the spinner stays runnable and burns its CPU). m is a
// sync.Mutex, whose waiter sleeps. Go's own Mutex spins a few times
// before it sleeps, on a machine with more than one CPU. Where the
// scenario's holders "compute 6" inside their locks, these call
// runtime.Gosched(): they give up the CPU once while holding the lock, so
// the spinner spins and the sleeper sleeps meanwhile. (A CPU-bound loop
// here would multiply the schedules explore must try, for the same
// outcomes.)
// cpus 1
// policy rr 2
package main

import (
	"fmt"
	"runtime"
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
	runtime.Gosched()
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
	runtime.Gosched()
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
