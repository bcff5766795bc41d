package sim

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// benchExplore explores sc b.N times with opt and reports the states, the
// states per second of wall time and of CPU time (the process's user and
// system time over the runs, garbage collection included: on a shared
// machine the wall figure mostly measures waiting for a core), the moves
// (edges of the state graph taken) per CPU second, the peak heap in MB
// over the run (sampled after each exploration: what it kept at the end,
// its tables and outcome lists), whether it completed, and what the
// visited set and the outcome lists keep per state, in bytes, apart and
// together.
func benchExplore(b *testing.B, sc *Scenario, opt ExploreOptions) {
	b.Helper()
	var r ExploreResult
	var peak uint64
	var set, lists, moves int
	cpu0 := cpuTime(b)
	for range b.N {
		x := explore(sc, opt)
		r, moves = x.res, x.moves
		set, lists = x.keptBytes()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
		runtime.KeepAlive(x)
	}
	cpu := (cpuTime(b) - cpu0).Seconds()
	complete := 0.0
	if r.Complete {
		complete = 1
	}
	b.ReportMetric(float64(r.States), "states")
	b.ReportMetric(float64(r.States)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
	b.ReportMetric(float64(r.States)*float64(b.N)/cpu, "states/cpu-s")
	b.ReportMetric(float64(moves)*float64(b.N)/cpu, "moves/cpu-s")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
	b.ReportMetric(complete, "complete")
	b.ReportMetric(float64(set)/float64(r.States), "set-B/state")
	b.ReportMetric(float64(lists)/float64(r.States), "lists-B/state")
	b.ReportMetric(float64(set+lists)/float64(r.States), "B/state")
}

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkExploreLostUpdate4x3 and BenchmarkExploreLostUpdate3x4 explore
// the two targets, four threads of three unlocked increments and
// three threads of four, within the lab's default bound (lab.MaxExploreStates).
func BenchmarkExploreLostUpdate4x3(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(4, 3)), ExploreOptions{MaxStates: benchBound})
}

func BenchmarkExploreLostUpdate3x4(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(3, 4)), ExploreOptions{MaxStates: benchBound})
}

// benchBound is the state bound of the lost-update benchmarks.
const benchBound = 5_000_000

// The same with symmetry reduction.
func BenchmarkExploreLostUpdate4x3Sym(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(4, 3)), ExploreOptions{MaxStates: benchBound, Symmetry: true})
}

func BenchmarkExploreLostUpdate3x4Sym(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(3, 4)), ExploreOptions{MaxStates: benchBound, Symmetry: true})
}

// The same with both reductions, as the lab explores.
func BenchmarkExploreLostUpdate4x3Reduced(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(4, 3)), ExploreOptions{MaxStates: benchBound, Symmetry: true, PartialOrder: true})
}

func BenchmarkExploreLostUpdate3x4Reduced(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(3, 4)), ExploreOptions{MaxStates: benchBound, Symmetry: true, PartialOrder: true})
}

// The same with both reductions and no schedule counts: what the visited
// set alone costs per state.
func BenchmarkExploreLostUpdate4x3Outcomes(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(4, 3)), ExploreOptions{MaxStates: benchBound, Symmetry: true, PartialOrder: true, OutcomesOnly: true})
}

func BenchmarkExploreLostUpdate3x4Outcomes(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(3, 4)), ExploreOptions{MaxStates: benchBound, Symmetry: true, PartialOrder: true, OutcomesOnly: true})
}

// BenchmarkExploreLostUpdate4x3OutcomesFull is the unreduced exploration
// without counts, bounded: the states per second of the plain explorer
// and the bytes a state costs when nothing merges by symmetry.
func BenchmarkExploreLostUpdate4x3OutcomesFull(b *testing.B) {
	benchExplore(b, mustParse(b, threadsIncrementing(4, 3)), ExploreOptions{MaxStates: 2_000_000, OutcomesOnly: true})
}
