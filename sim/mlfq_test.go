package sim

import (
	"fmt"
	"strings"
	"testing"
)

// TestMLFQQuantumBelongsToTheLevel checks MLFQ's preemption rule: a task
// preempted by a higher level keeps its place at the front of its level and
// the rest of its quantum, and a task back from I/O also runs the rest of
// its quantum (as OSTEP's mlfq.py does); io_reset=yes gives it a new one.
func TestMLFQQuantumBelongsToTheLevel(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // the Gantt chart's runs
	}{
		{
			// L and W move to level 1 (quantum 4, two quanta). N arrives at 5
			// and preempts L with 1 tick of its quantum left: L runs that tick
			// at 6, before W, which was waiting at level 1 since time 2, and
			// only then goes to the back of level 1 (mlfq.py -Q 1,4 -A 1,2
			// -l 0,9,0:1,4,0:5,1,0 runs the same schedule).
			name: "preempted by an arrival",
			text: `model jobs
policy mlfq 1
mlfq quanta=1,4 allot=1,2
process L at=0
  compute 9
process W at=1
  compute 4
process N at=5
  compute 1
`,
			want: "L[0,1) W[1,2) L[2,5) N[5,6) L[6,7) W[7,10) L[10,14)",
		},
		{
			// A runs 1 tick of its 3-tick quantum and blocks; back at time 2,
			// it runs the 2 ticks left at time 3 (after B's quantum), then B.
			name: "back from I/O",
			text: `model jobs
policy mlfq 3
mlfq quanta=3,6 allot=2,1
process A at=0
  compute 1
  io 1
  compute 5
process B at=0
  compute 10
`,
			want: "A[0,1) B[1,4) A[4,6) B[6,9) A[9,12) B[12,16)",
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
			if got := strings.Join(runs, " "); got != tt.want {
				t.Errorf("runs %s; want %s", got, tt.want)
			}
		})
	}
}
