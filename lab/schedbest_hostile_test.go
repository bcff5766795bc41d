package lab

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// The grader's search under the worst workloads the scheduling view's
// limits allow (a hostile client may send any of them to
// /api/schedule/manual): its work must stay within MaxSchedSearchNodes
// decisions and MaxSchedSearchTicks ticks whatever the workload.

// jobsOf returns n jobs named J0..J(n-1), all present at 0, each with the
// bursts given.
func jobsOf(n int, bursts ...int64) []Job {
	out := make([]Job, n)
	for i := range out {
		out[i] = Job{Name: fmt.Sprintf("J%d", i), Bursts: bursts}
	}
	return out
}

// worstSearches are workloads that make the search work hardest: no
// schedule completes within MaxSchedTicks (so no bound would ever prune),
// and the deepest tree of decisions (a decision at every tick, I/O that
// keeps the bound loose).
var worstSearches = []struct {
	name string
	w    Workload
	run  Policy
}{
	{"fcfs-none-completes", Workload{CPUs: 1, Jobs: jobsOf(MaxSchedJobs, MaxSchedBurst)}, Policy{Policy: "fcfs"}},
	{"rr1-none-completes", Workload{CPUs: 1, Jobs: jobsOf(2, MaxSchedBurst, 1, MaxSchedBurst, 1, MaxSchedBurst)}, Policy{Policy: "rr", Quantum: 1}},
	{"rr1-deepest", Workload{CPUs: 1, Jobs: jobsOf(MaxSchedJobs, 50, 1, 50, 1, 50)}, Policy{Policy: "rr", Quantum: 1}},
	{"rr1-2cpus-switch", Workload{CPUs: 2, SwitchCost: 1, Jobs: jobsOf(MaxSchedJobs, 40, 2, 40, 2, 40)}, Policy{Policy: "rr", Quantum: 1}},
}

// TestBestByHandWorstIsBounded checks that the search ends within its
// bounds when no schedule completes within MaxSchedTicks (before, it
// searched the whole tree: 32!/27! leaves for fcfs) and on the deepest
// trees the limits allow.
func TestBestByHandWorstIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("searches up to the bounds")
	}
	for _, c := range worstSearches {
		t.Run(c.name, func(t *testing.T) {
			t.Helper()
			ref, err := bestByHand(c.w, c.run)
			if err != nil && err != errNoReference {
				t.Fatal(err)
			}
			if got, want := ref.Nodes, MaxSchedSearchNodes; got > want {
				t.Errorf("got %d decisions searched; want at most %d", got, want)
			}
			// One descent past the bound at most: a run is at most
			// MaxSchedTicks ticks.
			if got, want := ref.Ticks, MaxSchedSearchTicks+MaxSchedTicks; got > want {
				t.Errorf("got %d ticks simulated; want at most %d", got, want)
			}
		})
	}
}

// TestBestByHandNoneCompletes checks the grade of a run that no schedule
// completes: the search stops at its bound and says there is no
// reference (the grade then compares the student with their own run).
func TestBestByHandNoneCompletes(t *testing.T) {
	for _, c := range worstSearches[:2] {
		t.Run(c.name, func(t *testing.T) {
			t.Helper()
			_, err := bestByHand(c.w, c.run)
			if got, want := err, errNoReference; got != want {
				t.Errorf("got error %v; want %v", got, want)
			}
		})
	}
}

// BenchmarkBestByHandWorst measures one grade's search on the worst
// workloads: time and bytes allocated per search (go test ./lab -run '^$'
// -bench BestByHandWorst -benchmem). It reports the search's nodes and
// ticks and the most heap in use seen during a search (peak-MiB, sampled
// every 5 ms).
func BenchmarkBestByHandWorst(b *testing.B) {
	for _, c := range worstSearches {
		b.Run(c.name, func(b *testing.B) {
			var ref Reference
			var peak uint64
			for b.Loop() {
				stop := watchHeap(&peak)
				ref, _ = bestByHand(c.w, c.run)
				stop()
			}
			b.ReportMetric(float64(ref.Nodes), "nodes")
			b.ReportMetric(float64(ref.Ticks), "ticks")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		})
	}
}

// watchHeap samples the heap in use every 5 ms into *peak until the
// returned function is called.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapAlloc)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// TestBestByHandExamplesExact checks what docs/scheduling.md promises
// within the bounds: the search is exhaustive for every built-in example
// of the scheduling view (web/js/sched-model.js EXAMPLES) at its own
// quantum, played non-preemptively and with quanta.
func TestBestByHandExamplesExact(t *testing.T) {
	j := func(name string, at int64, bursts ...int64) Job { return Job{Name: name, Arrival: at, Bursts: bursts} }
	examples := []struct {
		id      string
		quantum int64
		jobs    []Job
	}{
		{"convoy", 4, []Job{j("P1", 0, 24), j("P2", 0, 3), j("P3", 0, 3)}},
		{"sjf", 4, []Job{j("P1", 0, 6), j("P2", 0, 8), j("P3", 0, 7), j("P4", 0, 3)}},
		{"srtf", 4, []Job{j("P1", 0, 8), j("P2", 1, 4), j("P3", 2, 9), j("P4", 3, 5)}},
		{"stallings", 1, []Job{j("A", 0, 3), j("B", 2, 6), j("C", 4, 4), j("D", 6, 5), j("E", 8, 2)}},
		{"priority", 2, []Job{j("P1", 0, 10), j("P2", 0, 1), j("P3", 0, 2), j("P4", 0, 1), j("P5", 0, 5)}},
		{"iomix", 2, []Job{j("CPU", 0, 14), j("Edit", 0, 1, 4, 1, 4, 1, 4, 1), j("Copy", 1, 3, 5, 3, 5, 2)}},
	}
	for _, ex := range examples {
		for _, run := range []Policy{{Policy: "fcfs"}, {Policy: "rr", Quantum: ex.quantum}} {
			t.Run(ex.id+"/"+run.Policy, func(t *testing.T) {
				t.Helper()
				ref, err := bestByHand(Workload{CPUs: 1, Jobs: ex.jobs}, run)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := ref.Exact, true; got != want {
					t.Errorf("got exact %v after %d decisions and %d ticks; want %v", got, ref.Nodes, ref.Ticks, want)
				}
			})
		}
	}
}

// TestBestByHandDeepIsReplayable checks the reference of a search whose
// path was too deep to keep every engine (MaxSchedSearchBytes): it is not
// called proven best, and replaying its choices by hand gives its waiting
// time.
func TestBestByHandDeepIsReplayable(t *testing.T) {
	c := worstSearches[2] // rr1-deepest
	ref, err := bestByHand(c.w, c.run)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Exact {
		t.Errorf("got an exact reference after %d decisions; want one cut by the bounds", ref.Nodes)
	}
	st, err := ScheduleByHand(c.w, c.run, ref.Choices)
	if err != nil || !st.Done {
		t.Fatalf("replaying the reference: got %v, done %v; want a finished run", err, st.Done)
	}
	if got, want := st.Result.Avg.Waiting, ref.Avg.Waiting; !near(got, want) {
		t.Errorf("got waiting %.2f replaying the reference; want %.2f", got, want)
	}
}

// BenchmarkGradeWorst measures a whole manual grade (the student's replay,
// every policy's schedule and the search) on the workload where no
// schedule completes (go test ./lab -run '^$' -bench GradeWorst -benchmem).
func BenchmarkGradeWorst(b *testing.B) {
	c := worstSearches[0]
	choices := make([]string, 0, len(c.w.Jobs))
	for _, j := range c.w.Jobs[1:] {
		choices = append(choices, j.Name)
	}
	for b.Loop() {
		st, err := ScheduleByHand(c.w, c.run, choices)
		if err != nil || !st.Done {
			b.Fatalf("got %v, done %v; want a grade", err, st.Done)
		}
	}
}
