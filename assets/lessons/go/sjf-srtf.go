//go:build ignore

// The Go twin of the lesson "sjf-srtf": a long goroutine (10 ms of CPU)
// and six short ones (3 ms each) that arrive every 2 ms, on one P
// (GOMAXPROCS 1).
//
// Go's scheduler knows nothing about how long a goroutine will run: there
// is no SJF or SRTF to ask for. A goroutine that wakes up (here, from
// time.Sleep) goes to its P's runnext slot, or to the back of the run
// queue if another one took that slot, and runs when the running one
// blocks, yields or is preempted; a running goroutine is preempted only
// after about 10 ms (sysmon, forcePreemptNS in runtime/proc.go). So the
// long goroutine is not overtaken again and again as under SRTF, and
// nothing starves. On this machine the long one ran from 0 to about 12
// ms, was preempted, s6 (the newest, in runnext) ran, the long one
// finished at about 16 ms, and the others followed in no order of length.
// One tick of the lesson is one millisecond here.
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

func job(name string, arrive, ms int) {
	time.Sleep(time.Duration(arrive) * time.Millisecond)
	began := since()
	compute(ms)
	fmt.Printf("%-4s arrived at %2d ms, ran from %5.1f to %5.1f ms\n", name, arrive, began, since())
	wg.Done()
}

func main() {
	runtime.GOMAXPROCS(1)
	calibrate()
	start = time.Now()
	wg.Add(7)
	go job("long", 0, 10)
	for k := range 6 {
		go job(fmt.Sprintf("s%d", k+1), 1+2*k, 3)
	}
	wg.Wait()
}
