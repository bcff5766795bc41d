package lab

import (
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"testing"

	"proclab/sim"
)

// The scheduling view's share links carry a workload and a policy, and
// open through ScheduleAll (POST /api/schedule), not through a session.
// They keep the same promise as the stepper's links (links_test.go): each
// entry of testdata/links/sched.json must schedule to the same result while
// sim.SemanticsVersion is the version it was recorded under.

const schedLinksPath = "testdata/links/sched.json"

type schedLink struct {
	Name     string
	E        int // the semantics version it was recorded under
	Workload Workload
	Policy   Policy
	Hash     string // schedHash of the schedule
}

// schedHash digests what the scheduling view draws of a schedule: the
// Gantt chart, each job's metrics, the per-tick states, ready queues and
// MLFQ levels, the end, switches and utilisation. (Named fields, so that a
// new field of Schedule does not change old hashes.)
func schedHash(s Schedule) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s %d %d %d %.6f|", s.Policy, s.Quantum, s.End, s.ContextSwitches, s.Utilization)
	for _, g := range s.Gantt {
		fmt.Fprintf(h, "g%d %s %d %d %s|", g.CPU, g.Job, g.Start, g.End, g.Kind)
	}
	for _, j := range s.Jobs {
		fmt.Fprintf(h, "j%s %d %d %d %d %d %d %d %d|", j.Name, j.Arrival, j.Burst, j.IO, j.FirstRun, j.Completion, j.Turnaround, j.Waiting, j.Response)
	}
	states, _ := json.Marshal([]any{s.States, s.Queues, s.Levels}) // maps in key order
	h.Write(states)
	return fmt.Sprintf("%016x", h.Sum64())
}

// schedLinkWorkloads are the workloads the corpus covers under every
// policy: a convoy, I/O, two CPUs with a switch cost, MLFQ levels, tickets
// and nice values.
func schedLinkWorkloads() map[string]Workload {
	return map[string]Workload{
		"convoy": {CPUs: 1, Jobs: []Job{{Name: "P1", Bursts: []int64{24}}, {Name: "P2", Bursts: []int64{3}}, {Name: "P3", Bursts: []int64{3}}}},
		"io-mix": {CPUs: 1, Jobs: []Job{{Name: "A", Bursts: []int64{5, 3, 2}, Priority: 2}, {Name: "B", Arrival: 1, Bursts: []int64{4}, Priority: 1},
			{Name: "C", Arrival: 2, Bursts: []int64{2, 6, 2}, Tickets: 300, Nice: -5}}},
		"two-cpus": {CPUs: 2, SwitchCost: 1, Seed: 7, Jobs: []Job{{Name: "A", Bursts: []int64{6}}, {Name: "B", Arrival: 1, Bursts: []int64{3}},
			{Name: "C", Arrival: 2, Bursts: []int64{8}}, {Name: "D", Arrival: 3, Bursts: []int64{2}}}},
		"mlfq": {CPUs: 1, MLFQ: &MLFQ{Quanta: []int64{1, 2, 4}, Allot: []int64{1, 2, 4}, Boost: 20},
			Jobs: []Job{{Name: "Long", Bursts: []int64{30}}, {Name: "Short", Arrival: 5, Bursts: []int64{3, 2, 3}}}},
	}
}

var updateSched = flag.Bool("update-sched-links", false, "append the current version's missing scheduling-view links to the corpus (never rewrites one)")

// TestSchedLinks schedules every link of the corpus and compares.
func TestSchedLinks(t *testing.T) {
	var corpus []schedLink
	data, err := os.ReadFile(schedLinksPath)
	if err != nil && !*updateSched {
		t.Fatal(err)
	}
	if err == nil {
		if err := json.Unmarshal(data, &corpus); err != nil {
			t.Fatal(err)
		}
	}
	if *updateSched {
		// Append the current version's missing entries; never rewrite one.
		have := map[string]bool{}
		for _, l := range corpus {
			have[fmt.Sprintf("%s@%d", l.Name, l.E)] = true
		}
		for name, w := range schedLinkWorkloads() {
			for _, pol := range sim.Policies() {
				run := Policy{Policy: pol.String(), Quantum: 3}
				if have[fmt.Sprintf("%s/%s@%d", name, pol, sim.SemanticsVersion)] {
					continue
				}
				res, err := ScheduleAll(w, []Policy{run})
				if err != nil {
					t.Fatal(err)
				}
				corpus = append(corpus, schedLink{Name: name + "/" + pol.String(), E: sim.SemanticsVersion, Workload: w, Policy: run, Hash: schedHash(res[0])})
			}
		}
		out, _ := json.MarshalIndent(corpus, "", " ")
		if err := os.WriteFile(schedLinksPath, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if len(corpus) < len(sim.Policies())*len(schedLinkWorkloads()) {
		t.Fatalf("%d scheduling links; want every policy on every workload", len(corpus))
	}
	for _, l := range corpus {
		res, err := ScheduleAll(l.Workload, []Policy{l.Policy})
		if err != nil {
			t.Errorf("link %s no longer opens: %v", l.Name, err)
			continue
		}
		got := schedHash(res[0])
		switch {
		case l.E == sim.SemanticsVersion && got != l.Hash:
			t.Errorf("scheduling link %s (policy %s, quantum %d, seed %d) now shows another schedule: hash %s; want %s. "+
				"Bump sim.SemanticsVersion instead of editing the corpus.", l.Name, l.Policy.Policy, l.Policy.Quantum, l.Workload.Seed, got, l.Hash)
		case l.E > sim.SemanticsVersion:
			t.Errorf("link %s was recorded under version %d, newer than %d", l.Name, l.E, sim.SemanticsVersion)
		}
	}
}
