package sim

import (
	"fmt"
	"strings"
	"testing"
)

// sixteenProcesses is a lesson-sized job mix for a policy: 16 processes
// with different priorities, tickets and nice values, mixing computation,
// terminal I/O, disk reads and yields (each process gives up its CPU at
// times, so that the non-preemptive policies switch too), with loops that
// outlast any test.
func sixteenProcesses(t *testing.T, policy string) string {
	t.Helper()
	var s strings.Builder
	fmt.Fprintf(&s, "policy %s\nswitch_cost 1\nmax_tasks 64\n", policy)
	if policy == "mlfq" {
		s.WriteString("mlfq quanta=3,6,12 allot=1,1,1 boost=12 io_reset=yes\n")
	}
	for i := range 16 {
		fmt.Fprintf(&s, "process t%d priority=%d tickets=%d nice=%d\n  repeat 1000000\n    compute %d\n", i, i%3, 10+10*(i%4), i%5-2, 2+i%5)
		switch i % 3 {
		case 0:
			s.WriteString("    io 3\n")
		case 1:
			s.WriteString("    disk 2\n")
		case 2:
			s.WriteString("    yield\n")
		}
		s.WriteString("  end\n")
	}
	return s.String()
}

// stepAllocCase is a scenario whose steady state must not allocate.
type stepAllocCase struct {
	name string
	text string
	opts Options
}

// stepAllocScenarios are lesson-sized scenarios (2 to 16 tasks, every
// policy, the lessons' synchronisation) whose loops run far longer than
// the test steps them, so that every measured step is in the steady state.
func stepAllocScenarios(t *testing.T) []stepAllocCase {
	t.Helper()
	var out []stepAllocCase
	for _, p := range Policies() {
		out = append(out, stepAllocCase{"16 processes under " + p.String(), sixteenProcesses(t, p.String()), Options{}})
	}
	const big = 1_000_000_000
	return append(out, []stepAllocCase{
		{"16 processes under rr, random picks", sixteenProcesses(t, "rr 3"), Options{Random: true}},
		{"mlfq gamer and hog", fmt.Sprintf("policy mlfq 3\nmlfq quanta=3,6,12 allot=1,1,1 boost=12 io_reset=yes\n"+
			"process hog\n  repeat %[1]d\n    compute 30\n  end\nprocess gamer\n  repeat %[1]d\n    compute 2\n    io 1\n  end\n"+
			"process other\n  repeat %[1]d\n    compute 5\n    disk 1\n  end\n", big), Options{}},
		{"four threads contend a mutex on two CPUs", fmt.Sprintf("cpus 2\npolicy rr 1\nvar counter = 0\nmutex m\n"+
			"thread a\n  repeat %[1]d\n    lock m\n    counter = counter + 1\n    unlock m\n  end\n"+
			"thread b\n  repeat %[1]d\n    lock m\n    counter = counter + 1\n    unlock m\n  end\n"+
			"thread c\n  repeat %[1]d\n    lock m\n    counter = counter + 1\n    unlock m\n  end\n"+
			"thread d\n  repeat %[1]d\n    lock m\n    counter = counter + 1\n    unlock m\n  end\n", big), Options{}},
		{"spinning and blocking", fmt.Sprintf("policy rr 2\nvar a = 0\nvar b = 0\nspinlock s\nmutex m\n"+
			"thread holder1\n  repeat %[1]d\n    lock s\n    compute 6\n    unlock s\n  end\n"+
			"thread spinner\n  repeat %[1]d\n    lock s\n    a = a + 1\n    unlock s\n  end\n"+
			"thread holder2\n  repeat %[1]d\n    lock m\n    compute 6\n    unlock m\n  end\n"+
			"thread sleeper\n  repeat %[1]d\n    lock m\n    b = b + 1\n    unlock m\n  end\n", big), Options{}},
		{"producer and consumer on semaphores", fmt.Sprintf("policy rr 1\nvar slot = 0\nvar consumed = 0\n"+
			"semaphore empty = 1\nsemaphore full = 0\nmutex m\n"+
			"thread producer\n  repeat %[1]d\n    sem_wait empty\n    lock m\n    slot = 1\n    unlock m\n    sem_post full\n  end\n"+
			"thread consumer\n  repeat %[1]d\n    sem_wait full\n    lock m\n    consumed = consumed + slot\n    slot = 0\n    unlock m\n    sem_post empty\n  end\n", big), Options{}},
		{"channel hand-off", fmt.Sprintf("policy rr 1\nvar result = 0\nchan done\n"+
			"thread worker\n  repeat %[1]d\n    compute 2\n    result = 42\n    send done 1\n  end\n"+
			"thread main\n  repeat %[1]d\n    ok = recv done\n    seen = result\n  end\n", big), Options{}},
		{"gomutex counter", fmt.Sprintf("cpus 2\nvar x = 0\ngomutex mu\n"+
			"thread a\n  repeat %[1]d\n    lock mu\n    x = x + 1\n    unlock mu\n  end\n"+
			"thread b\n  repeat %[1]d\n    lock mu\n    x = x + 1\n    unlock mu\n  end\n", big), Options{}},
	}...)
}

// TestStepAllocatesNothing checks that Step allocates nothing in the steady
// state of lesson-sized scenarios: each measured run is 1,000 steps after
// 20,000 steps of warm-up (which lets the engine's reused buffers reach
// their size), so even one allocation every few hundred steps shows up.
// An allocation count is deterministic, unlike a timing. The 1,000 steps
// after the measurement must dispatch some task, so that each scenario
// exercises the scheduler rather than one task running alone.
func TestStepAllocatesNothing(t *testing.T) {
	const warmup, perRun, runs = 20_000, 1_000, 20
	for _, tc := range stepAllocScenarios(t) {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			e := New(sc, tc.opts)
			for range warmup {
				e.Step()
			}
			got := testing.AllocsPerRun(runs, func() {
				for range perRun {
					e.Step()
				}
			})
			if e.Done() {
				t.Fatalf("the run ended at step %d; the scenario must outlast the test", e.StepNum())
			}
			switches := 0
			for range perRun {
				for _, ev := range e.Step() {
					if ev.Kind == EvSwitch {
						switches++
					}
				}
			}
			if switches == 0 {
				t.Fatalf("got no dispatch in %d steps after step %d; want some (the test measures the scheduler)", perRun, e.StepNum()-perRun)
			}
			if got != 0 {
				t.Errorf("got %v allocations per %d steps in the steady state; want 0", got, perRun)
			}
		})
	}
}
