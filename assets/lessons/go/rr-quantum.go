//go:build ignore

// The Go twin of the lesson "rr-quantum": three CPU-bound goroutines with
// 60 ms of work each on one P (GOMAXPROCS 1).
//
// Go's scheduler does round robin among runnable goroutines, with a time
// slice you cannot set: sysmon preempts a goroutine that has run for 10
// ms (forcePreemptNS in runtime/proc.go), checked now and then, so a
// slice is 10 to 20 ms. The program prints each time a goroutine notices
// it was switched out (a gap of over 2 ms between two of its 1 ms steps).
// The cost of a switch between goroutines is well under a microsecond,
// far cheaper than a switch between threads in the kernel, because Go's
// runtime saves only a few registers and stays in user mode. The lesson's
// "switch_cost 1" has no counterpart here. One tick of the lesson is 10 ms
// here, so that Go's 10 ms slice is about one tick.
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

func job(name string, ms int) {
	last := since()
	fmt.Printf("%s starts at %5.1f ms\n", name, last)
	for range ms {
		compute(1)
		if now := since(); now-last > 2 {
			fmt.Printf("%s was switched out from %5.1f to %5.1f ms\n", name, last, now)
		}
		last = since()
	}
	fmt.Printf("%s ends at %5.1f ms\n", name, last)
	wg.Done()
}

func main() {
	runtime.GOMAXPROCS(1)
	calibrate()
	start = time.Now()
	wg.Add(3)
	go job("a", 60)
	go job("b", 60)
	go job("c", 60)
	wg.Wait()
}
