// Package workload writes the scenarios that ProcLab's benchmarks run, so
// that the server's Go benchmarks (server/firstrender_bench_test.go) and
// the browser's (e2e/perf_browser_test.go) measure the same runs. It only
// writes scenario text.
package workload

import (
	"fmt"
	"strings"
)

// Endless is a workload of n processes on cpus CPUs under round robin
// (quantum 2) that runs for far longer than 10,000 steps: each process
// repeats a burst of computing and a wait (terminal input, a disk read or
// a sleep, by its number), so that every step dispatches, preempts, blocks
// or wakes someone and the log has sentences to say.
func Endless(n, cpus int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cpus %d\npolicy rr 2\n\n", cpus)
	waits := []string{"io 1..4", "disk 1..3", "sleep 2..5", "io 2"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "process p%02d\n  repeat 100000\n    compute %d..%d\n    %s\n  end\n", i, 1+i%3, 3+i%5, waits[i%len(waits)])
	}
	return b.String()
}

// Largest is the largest run the limits allow: 63 processes on 16 CPUs
// (sim.MaxCPUs), each spawning 63 workers of one program (64 programs,
// sim.MaxPrograms), 4,033 tasks with PID 1 under max_tasks 4096 (the most
// a scenario may allow). Its recording ends at step 3,906 (lab.StepsFor:
// 64 million task-steps over the 16,384 tasks its spawns could create),
// when 3,030 tasks exist.
func Largest() string {
	var b strings.Builder
	b.WriteString("cpus 16\npolicy rr 2\nmax_tasks 4096\n\nprogram w\n  repeat 100000\n    compute 1..4\n    io 1..3\n  end\n\n")
	for i := 0; i < 63; i++ {
		fmt.Fprintf(&b, "process p%02d\n  repeat 63\n    spawn w\n  end\n  repeat 100000\n    compute 2\n    io 1\n  end\n", i)
	}
	return b.String()
}
