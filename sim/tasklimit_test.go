package sim

import (
	"fmt"
	"testing"
)

// forkReapLoop is a parent that forks a child and reaps it, n times.
func forkReapLoop(maxTasks, n int) string {
	return fmt.Sprintf(`max_tasks %d
policy fcfs
process parent
  repeat %d
    fork child
    wait
  end
program child
  exit 0
`, maxTasks, n)
}

// TestTaskLimitCountsLiveTasks checks that max_tasks counts the tasks that
// exist (reaping frees room), and that the task table, which keeps every
// task created, stays within Scenario.TaskTableSize: a fork beyond it fails
// with a task_table event and the run goes on.
func TestTaskLimitCountsLiveTasks(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		wantCreated int // tasks created by fork
		wantLimit   int // forks failed at max_tasks
		wantTable   int // forks failed with a full task table
	}{
		{"10,000 forks and reaps under max_tasks 4", forkReapLoop(4, 10000), 10000, 0, 0},
		{"two live children under max_tasks 3", `max_tasks 3
process parent
  fork child
  fork child
  sleep 5
  wait
program child
  sleep 10
`, 1, 1, 0},
		// The children are taken away as they end (SIGCHLD ignored), so that
		// the loop costs no wait() scans.
		{"more forks than the task table holds", fmt.Sprintf(`max_tasks 4
policy fcfs
process parent
  ignore SIGCHLD
  repeat %d
    fork child
    sleep 1
  end
program child
  exit 0
`, MaxTasksCreated+100), MaxTasksCreated - 2, 0, 102},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			e := New(sc, Options{MaxSteps: 10 * int64(MaxTasksCreated+200)})
			var created, limit, table int
			for !e.Done() {
				for _, ev := range e.Step() {
					switch {
					case ev.Kind == EvCreated && ev.Cause == CauseFork:
						created++
					case ev.Kind == EvForkFailed && ev.Cause == CauseTaskLimit:
						limit++
					case ev.Kind == EvForkFailed && ev.Cause == CauseTaskTable:
						table++
						if ev.Value != int64(sc.TaskTableSize()) {
							t.Errorf("task_table event value %d; want %d", ev.Value, sc.TaskTableSize())
						}
					case ev.Kind == EvLimit:
						t.Fatalf("the run reached its step limit at step %d", ev.Step)
					}
				}
				if e.Live() > sc.MaxTasks {
					t.Fatalf("step %d: %d live tasks; max_tasks is %d", e.StepNum(), e.Live(), sc.MaxTasks)
				}
			}
			if created != tt.wantCreated || limit != tt.wantLimit || table != tt.wantTable {
				t.Errorf("got %d created, %d failed at max_tasks, %d failed with a full table; want %d, %d, %d",
					created, limit, table, tt.wantCreated, tt.wantLimit, tt.wantTable)
			}
			if got, want := len(e.Tasks()), 2+created; got != want {
				t.Errorf("the task table holds %d tasks; want %d (PID 1, the parent, its children)", got, want)
			}
			if got, max := len(e.Tasks()), sc.TaskTableSize(); got > max {
				t.Errorf("the task table holds %d tasks; want at most %d", got, max)
			}
			live := 0
			for _, task := range e.Tasks() {
				if task.State != StateDead {
					live++
				}
			}
			if e.Live() != live {
				t.Errorf("Live() = %d; want %d (tasks not reaped)", e.Live(), live)
			}
		})
	}
}

// TestCreationBound checks the bound on the tasks a run can create that
// lab.StepsFor budgets with.
func TestCreationBound(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"no fork: PID 1 and the processes", "max_tasks 8\nprocess a\n  compute 1\nprocess b\n  compute 1\n", 3},
		{"a fork: the whole task table", forkReapLoop(4, 2), MaxTasksCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.CreationBound(); got != tt.want {
				t.Errorf("CreationBound() = %d; want %d", got, tt.want)
			}
		})
	}
	jobs := make([]JobSpec, MaxTasksCreated+10)
	for i := range jobs {
		jobs[i] = JobSpec{Name: fmt.Sprintf("j%d", i), Burst: 1}
	}
	sc, err := NewJobs(jobs, Scenario{CPUs: 1, Quantum: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sc.TaskTableSize(), len(jobs)+1; got != want {
		t.Errorf("a workload of %d jobs: TaskTableSize() = %d; want %d (every job must fit)", len(jobs), got, want)
	}
}
