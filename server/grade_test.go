package server

import (
	"encoding/json"
	"fmt"
	"testing"
)

// stallingsWL is Stallings's Table 9.5 workload as the page sends it.
const stallingsWL = `{"cpus":1,"jobs":[{"name":"A","arrival":0,"bursts":[3]},{"name":"B","arrival":2,"bursts":[6]},` +
	`{"name":"C","arrival":4,"bursts":[4]},{"name":"D","arrival":6,"bursts":[5]},{"name":"E","arrival":8,"bursts":[2]}]}`

// playByHand plays a manual run to its end, picking at each decision what
// pick returns, and returns the final response.
func playByHand(t *testing.T, url, workload string, run map[string]any, pick func(d *wireDecision) string) wireManualResponse {
	t.Helper()
	choices := []string{}
	for range 100 {
		body, _ := json.Marshal(map[string]any{"workload": json.RawMessage(workload), "run": run, "choices": choices})
		var out wireManualResponse
		if code := post(t, url+"/api/schedule/manual", string(body), &out); code != 200 {
			t.Fatalf("status %d for %s", code, body)
		}
		if out.Done {
			return out
		}
		choices = append(choices, pick(out.Decision))
	}
	t.Fatal("the run never ended")
	return wireManualResponse{}
}

func TestGradeStallings(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	shortest := func(d *wireDecision) string { return d.Shortest }
	first := func(d *wireDecision) string { return d.Candidates[0] }
	for _, c := range []struct {
		name   string
		run    map[string]any
		pick   func(*wireDecision) string
		score  int
		rule   string
		policy string
		ref    float64
		order  string
	}{
		{"non-preemptive, SJF choices", map[string]any{"policy": "fcfs", "quantum": 1}, shortest, 100, "nonpreemptive", "sjf", 3.6, "[E C D]"},
		{"non-preemptive, queue order", map[string]any{"policy": "fcfs", "quantum": 1}, first, 78, "nonpreemptive", "sjf", 3.6, "[E C D]"},
		{"preemptive at every tick, shortest choices", map[string]any{"policy": "rr", "quantum": 1}, shortest, 100, "quantum", "srtf", 3.2, "[A B C E B D]"},
		{"preemptive at every tick, queue order", map[string]any{"policy": "rr", "quantum": 1}, first, 47, "quantum", "srtf", 3.2, "[A B C E B D]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := playByHand(t, ts.URL, stallingsWL, c.run, c.pick)
			g := out.Grade
			if g == nil {
				t.Fatal("got no grade")
			}
			if got, want := g.Score, c.score; got != want {
				t.Errorf("got score %d (you %.2f, reference %.2f); want %d", got, g.Student.Waiting, g.Reference.Avg.Waiting, want)
			}
			r := g.Reference
			if got, want := fmt.Sprintf("%s %s %.2f %v %v", r.Rule, r.Policy, r.Avg.Waiting, r.Order, r.Exact), fmt.Sprintf("%s %s %.2f %s true", c.rule, c.policy, c.ref, c.order); got != want {
				t.Errorf("got reference %q; want %q", got, want)
			}
		})
	}
}

// TestGradeTableIsCompare checks that the grade's policy table holds the
// numbers the Compare view gets for the same workload and quantum.
func TestGradeTableIsCompare(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	for _, q := range []int{1, 4} {
		t.Run(fmt.Sprintf("q=%d", q), func(t *testing.T) {
			out := playByHand(t, ts.URL, stallingsWL, map[string]any{"policy": "fcfs", "quantum": q}, func(d *wireDecision) string { return d.Shortest })
			var runs []map[string]any
			for _, p := range out.Grade.Policies {
				runs = append(runs, map[string]any{"policy": p.Policy, "quantum": q})
			}
			var cmp struct {
				Results []wireSchedResult `json:"results"`
			}
			body, _ := json.Marshal(map[string]any{"workload": json.RawMessage(stallingsWL), "runs": runs})
			if code := post(t, ts.URL+"/api/schedule", string(body), &cmp); code != 200 {
				t.Fatalf("compare: status %d", code)
			}
			if got, want := len(cmp.Results), len(out.Grade.Policies); got != want || want != 11 {
				t.Fatalf("got %d compare results; want %d (11 policies)", got, want)
			}
			for i, p := range out.Grade.Policies {
				c := cmp.Results[i]
				if got, want := fmt.Sprintf("%s %+v", p.Policy, p.Avg), fmt.Sprintf("%s %+v", c.Policy, c.Avg); got != want {
					t.Errorf("got grade row %s; want the compare row %s", got, want)
				}
				if p.Quantum != 0 && p.Quantum != int64(q) {
					t.Errorf("got %s with quantum %d; want %d", p.Policy, p.Quantum, q)
				}
			}
		})
	}
	// The textbook's numbers with q=1: RR 10.80, feedback (MLFQ, q = 2^i) 10.60.
	out := playByHand(t, ts.URL, stallingsWL, map[string]any{"policy": "fcfs", "quantum": 1}, func(d *wireDecision) string { return d.Shortest })
	want := map[string]string{"rr": "q=1 10.80", "mlfq": "q=1 10.60"}
	for _, p := range out.Grade.Policies {
		if w, ok := want[p.Policy]; ok {
			if got := fmt.Sprintf("q=%d %.2f", p.Quantum, p.Avg.Turnaround); got != w {
				t.Errorf("got %s %s; want %s", p.Policy, got, w)
			}
		}
	}
}
