package lab

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// stallings is the workload of Stallings's Table 9.5: A arrives at 0 and
// needs 3 ticks, B 2/6, C 4/4, D 6/5, E 8/2.
func stallings() Workload {
	return Workload{CPUs: 1, Jobs: []Job{
		{Name: "A", Arrival: 0, Bursts: []int64{3}}, {Name: "B", Arrival: 2, Bursts: []int64{6}},
		{Name: "C", Arrival: 4, Bursts: []int64{4}}, {Name: "D", Arrival: 6, Bursts: []int64{5}},
		{Name: "E", Arrival: 8, Bursts: []int64{2}},
	}}
}

func TestBestByHand(t *testing.T) {
	// longerFirst: at time 1 the best non-preemptive play starts A (6
	// ticks), not the shorter E (4): then D, arriving at 6, runs at 7.
	longerFirst := Workload{CPUs: 1, Jobs: []Job{
		{Name: "A", Arrival: 0, Bursts: []int64{6}}, {Name: "B", Arrival: 3, Bursts: []int64{7}},
		{Name: "C", Arrival: 0, Bursts: []int64{1}}, {Name: "D", Arrival: 6, Bursts: []int64{1}},
		{Name: "E", Arrival: 1, Bursts: []int64{4}},
	}}
	for _, c := range []struct {
		name    string
		w       Workload
		run     Policy
		wait    float64 // the reference's average waiting time
		policy  string
		choices []string
		order   []string
	}{
		{"Stallings, non-preemptive: SJF's order", stallings(), Policy{Policy: "fcfs"}, 3.6, "sjf", []string{"E", "C"}, []string{"E", "C", "D"}},
		{"Stallings, rr q=1: SRTF", stallings(), Policy{Policy: "rr", Quantum: 1}, 3.2, "srtf", nil, []string{"A", "B", "C", "E", "B", "D"}},
		{"Stallings, rr q=4: quanta too long for SRTF", stallings(), Policy{Policy: "rr", Quantum: 4}, 3.6, "", []string{"B", "E", "C"}, []string{"B", "E", "C", "D"}},
		{"a longer job first beats SJF", longerFirst, Policy{Policy: "fcfs"}, 3.6, "", []string{"C", "A", "D", "E"}, []string{"C", "A", "D", "E", "B"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, err := ScheduleByHand(c.w, c.run, c.choices)
			if c.choices == nil { // replay the reference's own choices
				ref, err := bestByHand(c.w, c.run)
				if err != nil {
					t.Fatal(err)
				}
				st, err = ScheduleByHand(c.w, c.run, ref.Choices)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !st.Done {
				t.Fatalf("got a pending decision %+v; want the choices to finish the run", st.Decision)
			}
			g := st.Grade
			ref := g.Reference
			if got, want := ref.Avg.Waiting, c.wait; !near(got, want) {
				t.Errorf("got reference waiting %.2f; want %.2f", got, want)
			}
			if got, want := ref.Policy, c.policy; got != want {
				t.Errorf("got reference policy %q; want %q", got, want)
			}
			if got, want := ref.Order, c.order; !slices.Equal(got, want) {
				t.Errorf("got order %v; want %v", got, want)
			}
			if !ref.Exact {
				t.Errorf("got an inexact reference after %d nodes; want exact", ref.Nodes)
			}
			if got, want := g.Score, 100; got != want || g.Departure != nil {
				t.Errorf("got score %d (departure %+v) for the reference's own play; want %d", got, g.Departure, want)
			}
		})
	}
}

// TestBestByHandMatchesBruteForce compares the search with an independent
// enumeration of every non-preemptive, non-idling schedule of small random
// one-CPU workloads.
func TestBestByHandMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 6))
	for range 150 {
		n := 3 + r.IntN(4)
		w := Workload{CPUs: 1}
		var arr, burst []int64
		for k := range n {
			a, b := int64(r.IntN(8)), int64(1+r.IntN(7))
			arr, burst = append(arr, a), append(burst, b)
			w.Jobs = append(w.Jobs, Job{Name: string(rune('A' + k)), Arrival: a, Bursts: []int64{b}})
		}
		ref, err := bestByHand(w, Policy{Policy: "fcfs"})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := totalWaiting(ref.Avg, float64(n)), bruteWaiting(arr, burst, make([]bool, n), 0); got != want || !ref.Exact {
			t.Errorf("%+v: got total waiting %d (exact %v); want %d", w.Jobs, got, ref.Exact, want)
		}
	}
}

// bruteWaiting is the least total waiting of the jobs not done, on one CPU
// free from time now, over every order that never idles while a job waits.
func bruteWaiting(arr, burst []int64, done []bool, now int64) int64 {
	first := int64(-1)
	for i := range arr {
		if !done[i] && (first < 0 || arr[i] < first) {
			first = arr[i]
		}
	}
	if first < 0 {
		return 0
	}
	now = max(now, first)
	best := int64(-1)
	for i := range arr {
		if done[i] || arr[i] > now {
			continue
		}
		done[i] = true
		if v := now - arr[i] + bruteWaiting(arr, burst, done, now+burst[i]); best < 0 || v < best {
			best = v
		}
		done[i] = false
	}
	return best
}

func TestGradeScores(t *testing.T) {
	for _, c := range []struct {
		name    string
		run     Policy
		choices []string
		score   int
	}{
		{"SJF choices", Policy{Policy: "fcfs"}, []string{"E", "C"}, 100},
		{"queue order (FCFS's schedule)", Policy{Policy: "fcfs"}, []string{"C", "D"}, 78}, // 18 / 23 ticks of waiting
		{"longest first", Policy{Policy: "fcfs"}, []string{"D", "C"}, 75},                 // 18 / 24
	} {
		t.Run(c.name, func(t *testing.T) {
			st, err := ScheduleByHand(stallings(), c.run, c.choices)
			if err != nil || !st.Done {
				t.Fatalf("got %v, done %v; want a finished run", err, st.Done)
			}
			if got, want := st.Grade.Score, c.score; got != want {
				t.Errorf("got score %d (you %.2f, reference %.2f); want %d", got, st.Grade.Student.Waiting, st.Grade.Reference.Avg.Waiting, want)
			}
			if c.score < 100 && st.Grade.Departure == nil {
				t.Errorf("got no departure; want the first choice that left the reference")
			}
		})
	}
}

// TestGradeTies plays the convoy (a truck of 24 ticks, then two cars of 3)
// choosing the second car before the first: the cars are equally short, so
// the schedule is as good as SJF's. The grade says 100 and names no choice
// as a departure or as a pick of a longer job (it named both, QA pass).
func TestGradeTies(t *testing.T) {
	w := Workload{CPUs: 1, Jobs: []Job{
		{Name: "truck", Arrival: 0, Bursts: []int64{24}},
		{Name: "car1", Arrival: 0, Bursts: []int64{3}},
		{Name: "car2", Arrival: 0, Bursts: []int64{3}},
	}}
	st, err := ScheduleByHand(w, Policy{Policy: "fcfs"}, []string{"car2", "car1"})
	if err != nil || !st.Done {
		t.Fatalf("got %v, done %v; want a finished run", err, st.Done)
	}
	g := st.Grade
	if g.Score != 100 || g.Departure != nil || len(g.Differences) != 0 {
		t.Errorf("got score %d, departure %+v, differences %+v; want 100, none, none", g.Score, g.Departure, g.Differences)
	}
	// A longer pick is still one.
	st, err = ScheduleByHand(w, Policy{Policy: "fcfs"}, []string{"truck", "car1"})
	if err != nil || !st.Done {
		t.Fatalf("got %v, done %v; want a finished run", err, st.Done)
	}
	if len(st.Grade.Differences) != 1 || st.Grade.Departure == nil {
		t.Errorf("truck first: got differences %+v, departure %+v; want the truck's pick in both", st.Grade.Differences, st.Grade.Departure)
	}
}

func TestScore(t *testing.T) {
	for _, c := range []struct{ ref, you, want int64 }{
		{18, 18, 100}, {0, 0, 100}, {18, 17, 100}, {199, 200, 99}, {18, 28, 64}, {0, 5, 0}, {2, 3, 67},
	} {
		if got := score(c.ref, c.you); int64(got) != c.want {
			t.Errorf("score(%d, %d): got %d; want %d", c.ref, c.you, got, c.want)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestBestByHandBounded checks a search that stops at its bound (the I/O
// mix example played at q=1): the reference says it is not proven best,
// and it is a schedule the student could make: its choices, replayed by
// hand, finish the run with the same waiting time.
func TestBestByHandBounded(t *testing.T) {
	w := Workload{CPUs: 1, Jobs: []Job{
		{Name: "CPU", Arrival: 0, Bursts: []int64{14}},
		{Name: "Edit", Arrival: 0, Bursts: []int64{1, 4, 1, 4, 1, 4, 1}},
		{Name: "Copy", Arrival: 1, Bursts: []int64{3, 5, 3, 5, 2}},
	}}
	run := Policy{Policy: "rr", Quantum: 1}
	ref, err := bestByHand(w, run)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Exact {
		t.Errorf("got an exact reference after %d nodes; want the search to stop at its bound", ref.Nodes)
	}
	st, err := ScheduleByHand(w, run, ref.Choices)
	if err != nil || !st.Done {
		t.Fatalf("replaying the reference's choices: got %v, done %v; want a finished run", err, st.Done)
	}
	if got, want := st.Result.Avg.Waiting, ref.Avg.Waiting; !near(got, want) {
		t.Errorf("got waiting %.2f replaying the reference; want its %.2f", got, want)
	}
	// (Its grade searches again; the clock may stop that search elsewhere,
	// so the score is not asserted here.)
	if st.Grade.Reference.Exact {
		t.Errorf("got an exact reference in the grade; want the search to stop at its bound again")
	}
}
