package lab

import (
	"testing"
	"unsafe"

	"proclab/sim"
)

// TestStepsForBoundsTheRecording checks that StepsFor keeps a recording's
// task records within MaxTaskSteps: steps × the tasks a run may create,
// which for a run that forks is the whole task table, whatever max_tasks
// says (max_tasks counts live tasks, so a fork/wait loop never stops at it).
func TestStepsForBoundsTheRecording(t *testing.T) {
	const forkWait = "max_tasks 4\npolicy fcfs\nprocess parent\n  repeat 1000000\n    fork child\n    wait\n  end\nprogram child\n  exit 0\n"
	const spin = "process spin\n  repeat 1000000\n    compute 1\n  end\n"
	tests := []struct {
		name      string
		text      string
		wantSteps int64
		forks     bool // a fork/wait loop: it must go on past max_tasks
	}{
		{"no fork, max_tasks 4096", "max_tasks 4096\n" + spin, MaxTaskSteps / 4096, false},
		{"no fork, the default max_tasks", spin, MaxTaskSteps / sim.DefaultMaxTasks, false},
		{"a fork/wait loop under max_tasks 4", forkWait, MaxTaskSteps / sim.MaxTasksCreated, true},
	}
	taskSize := int64(unsafe.Sizeof(sim.Task{}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := sim.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			steps := StepsFor(sc)
			if steps != tt.wantSteps {
				t.Fatalf("StepsFor = %d; want %d", steps, tt.wantSteps)
			}
			rec := sim.Record(sc, sim.Options{MaxSteps: steps}, 0)
			if rec.Total() != steps {
				t.Errorf("the run ended at step %d; want it to run to its limit %d", rec.Total(), steps)
			}
			tasks := int64(max(sc.MaxTasks, sc.CreationBound()))
			// Each checkpoint: the engine, its task table (allocator rounding
			// allowed for), and a few small slices.
			limit := int64(rec.Checkpoints()) * (4<<10 + tasks*taskSize*5/4)
			if got := rec.Bytes(); got > limit {
				t.Errorf("the recording keeps %d bytes in %d checkpoints; want at most %d", got, rec.Checkpoints(), limit)
			}
			if got := steps * tasks; got > MaxTaskSteps {
				t.Errorf("steps × tasks = %d; want at most %d", got, MaxTaskSteps)
			}
			e := rec.Goto(steps, steps, nil)
			if got := len(e.Tasks()); int64(got) > tasks {
				t.Errorf("the task table holds %d tasks; want at most %d", got, tasks)
			}
			children := 0
			for _, task := range e.Tasks() {
				if task.Name == "child" {
					children++
				}
			}
			if tt.forks && children <= sc.MaxTasks {
				t.Errorf("the fork/wait loop created %d children; want it to go on past max_tasks %d (reaping frees room)", children, sc.MaxTasks)
			}
		})
	}
}
