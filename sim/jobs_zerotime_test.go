package sim

import (
	"fmt"
	"strings"
	"testing"
)

// TestJobsZeroTimeKeepsTheCPU checks the jobs model's promise that system
// calls take no time: a job dispatched only to block or end (its I/O just
// done, nothing left to compute) leaves its CPU at the tick's start, the
// CPU runs the next ready job in the same tick, and the job's completion
// is the time it ended (the tick's start), not the tick's end. Semantics
// version 6; before it the tick was lost and the completion one later.
func TestJobsZeroTimeKeepsTheCPU(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		runs       string // the Gantt chart's runs
		completion string // name=completion of each job
	}{
		{
			// A's I/O is done at time 2; at time 3 B's quantum ends and A is
			// dispatched, only to exit (at time 3). B goes on at once.
			name: "an exit at dispatch under rr",
			text: `model jobs
policy rr 2
process A at=0
  compute 1
  io 1
process B at=0
  compute 4
`,
			runs:       "A[0,1) B[1,5)",
			completion: "A=3 B=5",
		},
		{
			// The MLFQ lesson's ending: the gamer's last I/O ends, it
			// preempts the hog and exits; the hog loses no tick to it.
			name: "an exit at dispatch under mlfq",
			text: `model jobs
policy mlfq 3
mlfq quanta=3,6 allot=1,1 io_reset=yes
process hog at=0
  compute 10
process gamer at=1
  repeat 2
    compute 2
    io 1
  end
`,
			// The gamer's second I/O ends at time 9: it preempts the hog
			// and exits at 9, and the hog runs on from 9 to 14.
			runs:       "hog[0,3) gamer[3,5) hog[5,6) gamer[6,8) hog[8,14)",
			completion: "hog=14 gamer=9",
		},
		{
			// A is dispatched at time 4 only to start another I/O: it sleeps
			// from 4 to 5 (not 6) and computes from 5 to 6.
			name: "a block at dispatch",
			text: `model jobs
policy fcfs
process A at=0
  compute 1
  io 1
  io 1
  compute 1
process B at=0
  compute 3
`,
			runs:       "A[0,1) B[1,4) A[5,6)",
			completion: "A=6 B=4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			e := New(sc, Options{MaxSteps: 1000})
			g := &Gantt{}
			for !e.Done() {
				e.Step()
				g.Record(e)
			}
			var runs []string
			for _, r := range g.Runs() {
				runs = append(runs, fmt.Sprintf("%s[%d,%d)", r.Name, r.Start, r.End))
			}
			if got := strings.Join(runs, " "); got != tt.runs {
				t.Errorf("runs %s; want %s", got, tt.runs)
			}
			var done []string
			for _, j := range e.Stats().Jobs {
				done = append(done, fmt.Sprintf("%s=%d", j.Name, j.Completion))
			}
			if got := strings.Join(done, " "); got != tt.completion {
				t.Errorf("completion %s; want %s", got, tt.completion)
			}
		})
	}
}

// TestJobsZeroTimeYieldLoopMovesTheClock checks that jobs which only yield
// or block cannot hold a tick: the refill gives each ready job one turn.
func TestJobsZeroTimeYieldLoopMovesTheClock(t *testing.T) {
	sc, err := Parse(`model jobs
policy rr 1
process A at=0
  repeat 50
    yield
  end
  compute 1
process B at=0
  repeat 50
    yield
  end
  compute 1
`)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 200})
	for !e.Done() {
		e.Step()
	}
	if e.StepNum() >= 200 {
		t.Fatalf("the run hit its step limit: the yields held the clock")
	}
	for _, j := range e.Stats().Jobs {
		if j.Completion < 0 {
			t.Errorf("%s never completed", j.Name)
		}
	}
}

// TestJobsZeroTimeRefillAsksInManualMode checks that the CPU a job leaves
// at dispatch is a manual decision like any other: StepManual stops at it
// in the same step, and the job chosen runs in that tick.
func TestJobsZeroTimeRefillAsksInManualMode(t *testing.T) {
	sc, err := Parse(`model jobs
policy fcfs
process A at=0
  compute 1
  io 1
process B at=0
  compute 2
process C at=0
  compute 2
process D at=0
  compute 2
`)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{Manual: true, MaxSteps: 100})
	var asked []string
	for !e.Done() {
		_, d := e.StepManual()
		if d == nil {
			continue
		}
		var names []string
		pick := d.PolicyPick
		for _, pid := range d.Candidates {
			names = append(names, d.Name(pid))
			if d.Name(pid) == "A" {
				pick = pid // A, back from I/O at step 4, only to exit
			}
		}
		asked = append(asked, fmt.Sprintf("%d:%s", d.Step, strings.Join(names, ",")))
		e.AddChoice(pick)
	}
	want := "1:A,B,C,D 2:B,C,D 4:C,D,A 4:C,D"
	if got := strings.Join(asked, " "); got != want {
		t.Errorf("decisions %s; want %s", got, want)
	}
	st := e.Stats()
	if st.End != 7 || st.BusyTicks != 7 {
		t.Errorf("end %d, busy %d; want 7 and 7 (no tick lost)", st.End, st.BusyTicks)
	}
}
