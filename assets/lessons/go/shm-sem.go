//go:build ignore

// The Go twin of the lesson "shm-sem". The lesson's processes share
// nothing until each maps the segment; in Go one would map a shared
// segment with syscall.Mmap(fd, 0, size, PROT_READ|PROT_WRITE, MAP_SHARED)
// on a file that a child started with os/exec opens too, and put a
// process-shared semaphore (or a futex) in it. Goroutines need none of
// that: they are threads of one process and share its memory already, so
// this twin uses goroutines for the four processes a1, a2, b1 and b2. The
// race is the same: racy = racy + 1 is a load, an add and a store, and
// `go run -race shm-sem.go` reports a DATA RACE on racy. A plain run
// usually prints racy = 2: two single additions seldom overlap on a real
// machine, which is why a race can hide for a long time; the race detector
// reports it whatever the result. The semaphore s is a buffered channel
// holding one token: a receive is P (sem_wait), a send gives the token
// back (V, sem_post). peek has no twin: a goroutine shares all of its
// process's memory, so there is no segment it has not mapped (the
// lesson's peek is a process that never maps seg, and dies of SIGSEGV).
// cpus 1
// policy rr 1
// expect racy == 2
// expect safe == 2
package main

import (
	"fmt"
	"sync"
)

var racy = 0

var safe = 0

var s = make(chan int, 1) // semaphore s = 1 (main puts the token in)

var wg sync.WaitGroup

func a1() {
	racy = racy + 1
	wg.Done()
}

func a2() {
	racy = racy + 1
	wg.Done()
}

func b1() {
	<-s // P(s)
	safe = safe + 1
	s <- 1 // V(s)
	wg.Done()
}

func b2() {
	<-s // P(s)
	safe = safe + 1
	s <- 1 // V(s)
	wg.Done()
}

func main() {
	s <- 1
	wg.Add(4)
	go a1()
	go a2()
	go b1()
	go b2()
	wg.Wait()
	fmt.Println("racy =", racy)
	fmt.Println("safe =", safe)
}
