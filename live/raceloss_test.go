//go:build linux

package live

import (
	"os"
	"testing"
	"time"
)

// TestRaceLossRate measures how reliably the lost-update demo loses
// updates: it runs the race workload's plain mode LIVE_RACE_RUNS times
// (default 20) with LIVE_RACE_PROCS processes (4) of LIVE_RACE_ITERS
// increments each (the workload's default) and logs each run's loss and
// the runs that lost nothing. It is a measuring tool for
// docs/live-truth.md, not a check (how much is lost depends on the
// machine and its load), so it runs only when LIVE_MEASURE_RACE is set:
//
//	LIVE_MEASURE_RACE=1 go test ./live -run TestRaceLossRate -v
//
// Load the machine meanwhile (two busy loops: `yes >/dev/null &` twice) or
// pin everything to one CPU (`taskset -c 0 go test ...`) to see how the
// loss holds up.
func TestRaceLossRate(t *testing.T) {
	if os.Getenv("LIVE_MEASURE_RACE") == "" {
		t.Skip("SKIPPED: a measurement, not a check: set LIVE_MEASURE_RACE=1 to run it")
	}
	w, _ := LookupWorkload("race")
	iters := envInt("LIVE_RACE_ITERS", int(w.Args[1].Default))
	procs := envInt("LIVE_RACE_PROCS", 4)
	runs := envInt("LIVE_RACE_RUNS", 20)
	m := newTestManager(t, Config{})
	none := 0
	for i := 0; i < runs; i++ {
		sub := m.Subscribe(4096)
		spawn(t, m, "race", args("procs", procs, "iters", iters, "mode", 0))
		var done Report
		reportsFrom(t, sub, 120*time.Second, func(r Report) bool {
			if r.Kind == "race" && r.Phase == "done" {
				done = r
				return true
			}
			return false
		})
		sub.Close()
		m.KillAll(teacher)
		if done.Lost == 0 {
			none++
		}
		t.Logf("run %2d: lost %10d of %10d (%5.1f%%) in %.1f ms", i+1, done.Lost, done.Expected, 100*float64(done.Lost)/float64(done.Expected), done.ElapsedMS)
	}
	t.Logf("%d processes x %d increments: %d of %d runs lost nothing", procs, iters, none, runs)
}
