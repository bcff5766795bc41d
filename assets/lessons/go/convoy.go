//go:build ignore

// The Go twin of the lesson "convoy": a long CPU-bound goroutine (the
// truck, 24 ms of work) and two short ones (3 ms each), all started at
// once on one P (GOMAXPROCS 1), each printing when it starts and ends.
//
// Go's scheduler is not FCFS, so the convoy does not form the same way:
//   - a new goroutine goes to its P's "runnext" slot and pushes the one
//     there to the back of the run queue, so the last goroutine started
//     (car2) runs first, then truck, then car1;
//   - sysmon preempts a goroutine that has run for 10 ms (forcePreemptNS
//     in runtime/proc.go; sysmon looks now and then, so 10 to 20 ms), so
//     the truck is stopped part way and car1 runs before it finishes.
//
// A quiet run on this machine printed car2 from 0 to 3 ms, truck from 3
// ms, car1 from about 15 to 19 ms and the truck ending at about 26 ms (on
// a busy machine every number grows). Linux schedules the Go program's
// threads; Go schedules the goroutines on them, and no setting chooses
// Go's policy. One tick of the lesson is one millisecond of CPU here.
//
// GOMAXPROCS 1 makes one goroutine run at a time, like the lesson's one
// CPU. Common misconception (the course): "only one process runs at a
// time". That holds per CPU: with GOMAXPROCS 2 on two CPUs, two of these
// goroutines run at the same instant.
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

func job(name string, ms int) {
	began := time.Since(start)
	compute(ms)
	fmt.Printf("%-5s ran from %5.1f ms to %5.1f ms\n", name,
		float64(began)/1e6, float64(time.Since(start))/1e6)
	wg.Done()
}

func main() {
	runtime.GOMAXPROCS(1) // one P: goroutines take turns, as on one CPU
	calibrate()
	start = time.Now()
	wg.Add(3)
	go job("truck", 24)
	go job("car1", 3)
	go job("car2", 3)
	wg.Wait()
}
