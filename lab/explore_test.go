package lab

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"proclab/sim"
)

// increments returns a scenario of n threads, each adding 1 to a shared
// counter k times without a lock.
func increments(n, k int) string {
	var b strings.Builder
	b.WriteString("var c = 0\n")
	for t := range n {
		b.WriteString("thread t" + string(rune('a'+t)) + "\n")
		b.WriteString(strings.Repeat("  c = c + 1\n", k))
	}
	return b.String()
}

// TestExploreTargets checks that the two targets, four threads of
// three unlocked increments and three threads of four, complete within
// MaxExploreStates, the second with exact schedule counts and the first
// by the reduced pass, which counts none; that each finds every counter value
// from the fewest increments a schedule can keep to all of them; and that
// progress is told with a percent of the budget in 0..100.
func TestExploreTargets(t *testing.T) {
	tests := []struct {
		threads, each int
		reduced       bool
		values        []int64
	}{
		{3, 4, false, []int64{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{4, 3, true, []int64{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
	}
	for _, tt := range tests {
		sc, err := sim.Parse(increments(tt.threads, tt.each))
		if err != nil {
			t.Fatal(err)
		}
		reports := 0
		x := exploreScenario(sc, MaxExploreStates, nil, func(p ExploreProgress) {
			reports++
			if p.Percent < 0 || p.Percent > 100 || p.States <= 0 {
				t.Errorf("%dx%d: progress %+v; want states > 0 and a percent in 0..100", tt.threads, tt.each, p)
			}
		})
		if !x.Complete || x.Reduced != tt.reduced {
			t.Errorf("%dx%d: got complete %v, reduced %v (%d states); want complete, reduced %v", tt.threads, tt.each, x.Complete, x.Reduced, x.States, tt.reduced)
		}
		var got []int64
		for _, o := range x.Outcomes {
			got = append(got, o.Vars["c"])
			if (o.Schedules == 0) != tt.reduced {
				t.Errorf("%dx%d: outcome c=%d has %d schedules; want 0 exactly when reduced", tt.threads, tt.each, o.Vars["c"], o.Schedules)
			}
			if len(o.Races) != 1 || len(o.LostUpdates) == 0 && o.Vars["c"] < 12 {
				t.Errorf("%dx%d: outcome c=%d has races %v, lost updates %v; want a race on c, and a lost update below 12", tt.threads, tt.each, o.Vars["c"], o.Races, o.LostUpdates)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.values) {
			t.Errorf("%dx%d: counter values %v; want %v", tt.threads, tt.each, got, tt.values)
		}
		if reports == 0 {
			t.Errorf("%dx%d: no progress report in %d states", tt.threads, tt.each, x.States)
		}
	}
}

// BenchmarkExploreTargets measures the lab's explore on the two targets:
// the time, the states of the pass that finished, the peak heap in use,
// sampled at every progress report (MB), and the states both passes
// expanded together per second of wall time (what the two cores did).
func BenchmarkExploreTargets(b *testing.B) {
	for _, size := range [][2]int{{4, 3}, {3, 4}} {
		sc, err := sim.Parse(increments(size[0], size[1]))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(rune('0'+size[0]))+"x"+string(rune('0'+size[1])), func(b *testing.B) {
			var peak uint64
			var x Explored
			both := 0
			for range b.N {
				runtime.GC()
				var passes [2]int
				x, passes = explorePasses(sc, MaxExploreStates, nil, func(ExploreProgress) {
					var m runtime.MemStats
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapInuse)
				})
				both += passes[0] + passes[1]
			}
			b.ReportMetric(float64(x.States), "states")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(both)/b.Elapsed().Seconds(), "both-passes-states/s")
		})
	}
}

// TestExploreJoinedSameAnswer checks that the lab's answer does not depend
// on the timing of its goroutines: three threads of three increments with
// a bound of 5,000 states (the exact pass, 11,819 states, stops short and
// joins the shared walk, 3,792 states) and, without the race detector,
// four of three with the lab's bound, explored several times, and the
// shared walk on both goroutines from the start, give the same states,
// outcomes in the same order, witnesses and race facts; and the walk's
// states and outcomes are those of sim.Explore with the same reductions.
func TestExploreJoinedSameAnswer(t *testing.T) {
	cases := []struct{ threads, each, bound int }{{3, 3, 5000}, {4, 3, MaxExploreStates}}
	if raceEnabled {
		cases = cases[:1] // the race detector makes the second take minutes
	}
	for _, c := range cases {
		sc, err := sim.Parse(increments(c.threads, c.each))
		if err != nil {
			t.Fatal(err)
		}
		x := exploreScenario(sc, c.bound, nil, nil)
		if !x.Reduced || !x.Complete {
			t.Fatalf("%dx%d: got reduced %t, complete %t; want the shared walk's complete answer", c.threads, c.each, x.Reduced, x.Complete)
		}
		first := fmt.Sprintf("%+v", x)
		for run := range 3 {
			if got := fmt.Sprintf("%+v", exploreScenario(sc, c.bound, nil, nil)); got != first {
				t.Errorf("%dx%d, run %d: got %s; want %s", c.threads, c.each, run+2, got, first)
			}
		}
		both, _ := walkBoth(sc, c.bound)
		b := ExploredOf(both, sc)
		b.Reduced = true
		if got := fmt.Sprintf("%+v", b); got != first {
			t.Errorf("%dx%d: the walk on two goroutines from the start gives %s; the lab's answer is %s", c.threads, c.each, got, first)
		}
		seq := sim.Explore(sc, sim.ExploreOptions{MaxStates: c.bound, Symmetry: true, PartialOrder: true, OutcomesOnly: true})
		if !both.Complete || both.States != seq.States || len(both.Outcomes) != len(seq.Outcomes) {
			t.Errorf("%dx%d: the walk on two goroutines: complete %t, %d states, %d outcomes; sim.Explore: %t, %d, %d",
				c.threads, c.each, both.Complete, both.States, len(both.Outcomes), seq.Complete, seq.States, len(seq.Outcomes))
		}
	}
}

// BenchmarkExploreWalk measures the reduced pass alone as a shared walk on
// both goroutines from the start (walkBoth; the lab's explore runs it so
// once the exact pass has stopped short): states per second of wall time
// and of CPU time (the process's user + system time), the witnesses'
// rebuilding included, the set's bytes per state and the busiest
// goroutine's share of the states.
func BenchmarkExploreWalk(b *testing.B) {
	for _, size := range [][2]int{{4, 3}, {3, 4}} {
		sc, err := sim.Parse(increments(size[0], size[1]))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(rune('0'+size[0]))+"x"+string(rune('0'+size[1])), func(b *testing.B) {
			var r sim.ExploreResult
			var each [2]int
			cpu0 := cpuSeconds(b)
			for range b.N {
				r, each = walkBoth(sc, MaxExploreStates)
			}
			cpu := cpuSeconds(b) - cpu0
			if !r.Complete {
				b.Fatalf("incomplete at %d states", r.States)
			}
			b.ReportMetric(float64(r.States), "states")
			b.ReportMetric(float64(r.States)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
			b.ReportMetric(float64(r.States)*float64(b.N)/cpu, "states/cpu-s")
			b.ReportMetric(float64(12*(MaxExploreStates+MaxExploreStates/4))/float64(r.States), "set-B/state")
			b.ReportMetric(float64(max(each[0], each[1]))/float64(r.States), "busiest-share")
		})
	}
}

// cpuSeconds returns the process's user + system time so far, in seconds.
func cpuSeconds(b *testing.B) float64 {
	b.Helper()
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e9
}
