package sim

import (
	"fmt"
	"strings"
	"testing"
)

// stepAllocScenarios are lesson-sized scenarios (2 to 16 tasks, the
// lessons' policies and synchronisation) whose loops run far longer than
// the test steps them, so that every measured step is in the steady state.
func stepAllocScenarios(t *testing.T) []struct {
	name string
	text string
	opts Options
} {
	t.Helper()
	var rr16 strings.Builder
	rr16.WriteString("policy rr 3\nswitch_cost 1\nmax_tasks 64\n")
	for i := range 16 {
		fmt.Fprintf(&rr16, "process t%d\n  repeat 1000000\n    compute %d\n", i, 2+i%5)
		switch i % 4 {
		case 1:
			rr16.WriteString("    io 3\n")
		case 2:
			rr16.WriteString("    disk 2\n")
		case 3:
			rr16.WriteString("    yield\n")
		}
		rr16.WriteString("  end\n")
	}
	const big = 1_000_000_000
	return []struct {
		name string
		text string
		opts Options
	}{
		{"rr 16 processes, switch cost", rr16.String(), Options{}},
		{"rr 16 processes, random picks", rr16.String(), Options{Random: true}},
		{"mlfq gamer and hog", fmt.Sprintf("policy mlfq 3\nmlfq quanta=3,6,12 allot=1,1,1 boost=12 io_reset=yes\n"+
			"process hog\n  repeat %d\n    compute 30\n  end\nprocess gamer\n  repeat %d\n    compute 2\n    io 1\n  end\n"+
			"process other\n  repeat %d\n    compute 5\n    disk 1\n  end\n", big, big, big), Options{}},
		{"cfs nice values", fmt.Sprintf("policy cfs\ncfs latency=12 min_granularity=1\n"+
			"process important nice=-5\n  repeat %d\n    compute 30\n  end\nprocess batch nice=5\n  repeat %d\n    compute 12\n  end\n"+
			"process reader\n  repeat %d\n    compute 1\n    io 2\n  end\n", big, big, big), Options{}},
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
		{"gomutex counter", fmt.Sprintf("cpus 2\nvar x = 0\ngomutex mu\n"+
			"thread a\n  repeat %[1]d\n    lock mu\n    x = x + 1\n    unlock mu\n  end\n"+
			"thread b\n  repeat %[1]d\n    lock mu\n    x = x + 1\n    unlock mu\n  end\n", big), Options{}},
	}
}

// TestStepAllocatesNothing checks that Step allocates nothing in the steady
// state of lesson-sized scenarios: each measured run is 1,000 steps after
// 20,000 steps of warm-up (which lets the engine's reused buffers reach
// their size), so even one allocation every few hundred steps shows up.
// An allocation count is deterministic, unlike a timing.
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
			if got != 0 {
				t.Errorf("got %v allocations per %d steps in the steady state; want 0", got, perRun)
			}
		})
	}
}
