//go:build ignore

// The Go twin of the lesson "mlfq": a CPU-bound hog and a "gamer" that
// computes 2 ms and then sleeps 1 ms, eight times, on one P
// (GOMAXPROCS 1).
//
// Go's scheduler has no priority levels, no allotments and no boost: all
// runnable goroutines of a P are equal. There is nothing to game, and
// also nothing that favours an interactive goroutine, except this: a
// goroutine woken by a timer goes to its P's runnext slot and runs as
// soon as the running one is preempted (after about 10 ms) or blocks.
// The hog is not starved either: sysmon's 10 ms preemption and the
// global run queue, which each P checks every 61 schedules, keep
// everyone moving. The program prints how long the gamer's sleeps of
// 1 ms really took: about 10 ms while the hog runs, because the woken
// gamer waits for the hog's slice to end. One tick of the lesson is one
// millisecond here.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

var start time.Time

var loopsPerMs int

var wg sync.WaitGroup

// calibrate measures how many turns of compute's loop take 1 ms.
func calibrate() {
	loopsPerMs = 1_000_000
	t := time.Now()
	compute(20)
	loopsPerMs = int(20e9 / float64(time.Since(t).Microseconds()+1)) // 20e6 turns took that many µs
}

// compute burns about ms milliseconds of CPU time. It counts loop turns,
// not wall-clock time, so time spent preempted is not counted as work.
func compute(ms int) int {
	x := 0
	for range ms * loopsPerMs {
		x++
	}
	return x
}

// since is the time since start, in milliseconds.
func since() float64 { return float64(time.Since(start)) / 1e6 }

func hog() {
	compute(30)
	fmt.Printf("hog ends at %5.1f ms\n", since())
	wg.Done()
}

func gamer() {
	for range 8 {
		compute(2)
		before := since()
		time.Sleep(time.Millisecond)
		fmt.Printf("gamer slept 1 ms from %5.1f ms: it ran again %4.1f ms later\n", before, since()-before)
	}
	fmt.Printf("gamer ends at %5.1f ms\n", since())
	wg.Done()
}

func main() {
	runtime.GOMAXPROCS(1)
	calibrate()
	start = time.Now()
	wg.Add(2)
	go hog()
	go gamer()
	wg.Wait()
}
