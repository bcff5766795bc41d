package sim

import (
	"fmt"
	"strings"
	"testing"
)

// runJobs runs a workload to the end and returns its stats and Gantt.
func runJobs(t *testing.T, spec string, base Scenario) (Stats, *Gantt) {
	t.Helper()
	jobs, err := ParseJobs(spec)
	if err != nil {
		t.Fatal(err)
	}
	if base.CPUs == 0 {
		base.CPUs = 1
	}
	if base.Quantum == 0 {
		base.Quantum = 1
	}
	sc, err := NewJobs(jobs, base)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 100000})
	g := &Gantt{}
	for !e.Done() {
		e.Step()
		g.Record(e)
	}
	return e.Stats(), g
}

// TestTextbookSchedules checks ProcLab against published worked examples:
// Silberschatz et al., Operating System Concepts (ch. 5), and Stallings,
// Operating Systems (ch. 9, the five-process example A..E).
func TestTextbookSchedules(t *testing.T) {
	stallings := "A:0:3,B:2:6,C:4:4,D:6:5,E:8:2"
	// Stallings's "feedback, q = 2^i": the quantum of level i is 2^i ticks,
	// one quantum per level before a job moves down. Five levels are more than
	// the example needs (no job goes below level 2), so the three levels that
	// `proclab sched --policy mlfq --quantum 1` uses give the same schedule.
	feedback := MLFQConfig{Quanta: []int64{1, 2, 4, 8, 16}, Allot: []int64{1, 1, 1, 1, 1}}
	tests := []struct {
		name       string
		spec       string
		base       Scenario
		completion string  // NAME=TIME ...
		avgWait    float64 // 0: not checked
		avgTurn    float64 // 0: not checked
	}{
		{"FCFS 24/3/3", "P1:0:24,P2:0:3,P3:0:3", Scenario{Policy: FCFS}, "P1=24 P2=27 P3=30", 17, 27},
		{"FCFS 3/3/24", "P2:0:3,P3:0:3,P1:0:24", Scenario{Policy: FCFS}, "P2=3 P3=6 P1=30", 3, 13},
		{"SJF 6/8/7/3", "P1:0:6,P2:0:8,P3:0:7,P4:0:3", Scenario{Policy: SJF}, "P1=9 P2=24 P3=16 P4=3", 7, 13},
		{"SRTF 8/4/9/5", "P1:0:8,P2:1:4,P3:2:9,P4:3:5", Scenario{Policy: SRTF}, "P1=17 P2=5 P3=26 P4=10", 6.5, 13},
		{"RR q=4 24/3/3", "P1:0:24,P2:0:3,P3:0:3", Scenario{Policy: RR, Quantum: 4}, "P1=30 P2=7 P3=10", 17.0 / 3, 47.0 / 3},
		{"priority", "P1:0:10:3,P2:0:1:1,P3:0:2:4,P4:0:1:5,P5:0:5:2", Scenario{Policy: Priority}, "P1=16 P2=1 P3=18 P4=19 P5=6", 8.2, 12},
		{"Stallings FCFS", stallings, Scenario{Policy: FCFS}, "A=3 B=9 C=13 D=18 E=20", 0, 8.60},
		{"Stallings RR q=1", stallings, Scenario{Policy: RR, Quantum: 1}, "A=4 B=18 C=17 D=20 E=15", 0, 10.80},
		{"Stallings RR q=4", stallings, Scenario{Policy: RR, Quantum: 4}, "A=3 B=17 C=11 D=20 E=19", 0, 10.00},
		{"Stallings SPN", stallings, Scenario{Policy: SJF}, "A=3 B=9 C=15 D=20 E=11", 0, 7.60},
		{"Stallings SRT", stallings, Scenario{Policy: SRTF}, "A=3 B=15 C=8 D=20 E=10", 0, 7.20},
		{"Stallings HRRN", stallings, Scenario{Policy: HRRN}, "A=3 B=9 C=13 D=20 E=15", 0, 8.00},
		{"Stallings feedback q=2^i", stallings, Scenario{Policy: MLFQ, Quantum: 1, MLFQ: feedback}, "A=4 B=17 C=18 D=20 E=14", 0, 10.60},
		{"Stallings feedback q=2^i, proclab sched defaults", stallings, Scenario{Policy: MLFQ, Quantum: 1}, "A=4 B=17 C=18 D=20 E=14", 0, 10.60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := runJobs(t, tt.spec, tt.base)
			var got []string
			for _, j := range s.Jobs {
				got = append(got, fmt.Sprintf("%s=%d", j.Name, j.Completion))
			}
			if g := strings.Join(got, " "); g != tt.completion {
				t.Errorf("completions %s; want %s", g, tt.completion)
			}
			if tt.avgWait != 0 && fmt.Sprintf("%.4f", s.AvgWaiting) != fmt.Sprintf("%.4f", tt.avgWait) {
				t.Errorf("average waiting %.4f; want %.4f", s.AvgWaiting, tt.avgWait)
			}
			if tt.avgTurn != 0 && fmt.Sprintf("%.4f", s.AvgTurnaround) != fmt.Sprintf("%.4f", tt.avgTurn) {
				t.Errorf("average turnaround %.4f; want %.4f", s.AvgTurnaround, tt.avgTurn)
			}
		})
	}
}

func TestMultiCPUAndSwitchCost(t *testing.T) {
	s, g := runJobs(t, "A:0:4,B:0:3,C:0:2,D:1:2", Scenario{Policy: FCFS, CPUs: 2})
	var runs []string
	for _, r := range g.Runs() {
		runs = append(runs, fmt.Sprintf("cpu%d:%s[%d,%d)", r.CPU, r.Name, r.Start, r.End))
	}
	if got, want := strings.Join(runs, " "), "cpu0:A[0,4) cpu1:B[0,3) cpu1:C[3,5) cpu0:D[4,6)"; got != want {
		t.Errorf("gantt %s; want %s", got, want)
	}
	if s.Utilization != 11.0/12 || s.ContextSwitches != 2 {
		t.Errorf("utilization %v, switches %d; want 11/12 and 2", s.Utilization, s.ContextSwitches)
	}

	s, g = runJobs(t, "P1:0:24,P2:0:3,P3:0:3", Scenario{Policy: FCFS, SwitchCost: 1})
	var all []string
	for _, r := range g.Slices {
		all = append(all, fmt.Sprintf("%s:%d[%d,%d)", r.Name, r.Activity, r.Start, r.End))
	}
	if got, want := strings.Join(all, " "), "P1:1[0,24) P2:3[24,25) P2:1[25,28) P3:3[28,29) P3:1[29,32)"; got != want {
		t.Errorf("slices %s; want %s", got, want)
	}
	if w := s.Jobs[2].Waiting; w != 29 {
		t.Errorf("P3 waited %d; want 29 (two switches of 1 tick)", w)
	}
}
