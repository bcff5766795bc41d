package sim

import (
	"fmt"
	"strings"
	"testing"
)

// taskRows runs a scenario to the end and describes every task as
// "PID/TGID ppid=P STATE STATUS", STATUS as WaitStatus says it with underscores.
func taskRows(t *testing.T, text string) string {
	t.Helper()
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 1000})
	for !e.Done() {
		e.Step()
	}
	var rows []string
	for _, tk := range e.Tasks() {
		rows = append(rows, fmt.Sprintf("%d/%d ppid=%d %s %s", tk.PID, tk.TGID, tk.PPID, tk.State.Letter(), strings.ReplaceAll(WaitStatus(int64(tk.ExitCode), int64(tk.Signal)), " ", "_")))
	}
	return strings.Join(rows, "; ")
}

// TestThreadGroups covers the thread-group rules the golden traces do not
// (docs/scenario.md, "Threads live inside a process").
func TestThreadGroups(t *testing.T) {
	tests := []struct {
		name, scenario, want string
	}{
		{
			name:     "a thread that arrives after its process ended starts a new process",
			scenario: "thread a\n  x = 1\nthread late at=5\n  x = 2\nvar x\n",
			want:     "1/1 ppid=0 S exit_code_0; 2/2 ppid=1 X exit_code_0; 3/3 ppid=1 X exit_code_0",
		},
		{
			name:     "a fatal signal to a non-leader thread's name ends the whole process",
			scenario: "policy rr 1\nthread a\n  compute 9\nthread b\n  compute 9\nprocess k at=2\n  kill b SIGKILL\n",
			want:     "1/1 ppid=0 S exit_code_0; 2/2 ppid=1 X killed_by_SIGKILL; 3/2 ppid=1 X killed_by_SIGKILL; 4/4 ppid=1 X exit_code_0",
		},
		{
			name:     "exit_group by the main thread ends the others; the status is its code",
			scenario: "policy rr 1\nthread a\n  compute 2\n  exit 5\nthread b\n  compute 9\n",
			want:     "1/1 ppid=0 S exit_code_0; 2/2 ppid=1 X exit_code_5; 3/2 ppid=1 X exit_code_5",
		},
		{
			name:     "exit_group after the main thread has ended: the zombie carries the group's status",
			scenario: "policy rr 1\nthread a\n  compute 1\nthread b\n  compute 3\n  exit 4\n",
			want:     "1/1 ppid=0 S exit_code_0; 2/2 ppid=1 X exit_code_4; 3/2 ppid=1 X exit_code_4",
		},
		{
			name:     "a process forked by a thread has the thread's process as its parent",
			scenario: "thread a\n  fork w\n  wait\nthread b\n  compute 1\nprogram w\n  compute 1\n",
			want:     "1/1 ppid=0 S exit_code_0; 2/2 ppid=1 X exit_code_0; 3/2 ppid=1 X exit_code_0; 4/4 ppid=2 X exit_code_0",
		},
		{
			name:     "the jobs model's init ignores SIGCHLD: the process is removed when its last thread ends",
			scenario: "model jobs\npolicy fcfs\nthread a\n  compute 1\nthread b\n  compute 2\n",
			want:     "1/1 ppid=0 S exit_code_0; 2/2 ppid=1 X exit_code_0; 3/2 ppid=1 X exit_code_0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := taskRows(t, tt.scenario); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestThreadGroupWhileRunning checks what a viewer sees in the middle of a
// run: the main thread that ended first is a zombie that init cannot reap
// while another thread of its process runs, and init has one child, the
// process, not one per thread.
func TestThreadGroupWhileRunning(t *testing.T) {
	sc, err := Parse("policy rr 1\nthread a\n  compute 1\nthread b\n  compute 5\nthread c\n  compute 5\n")
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{})
	for range 4 {
		e.Step()
	}
	ts := e.Tasks()
	if got, want := ts[1].State, StateZombie; got != want {
		t.Fatalf("the main thread at step 4 is %s; want %s", got, want)
	}
	if got := ts[0].children; got != 1 {
		t.Errorf("init has %d children; want 1 (the process)", got)
	}
	if got := e.reapable(1); got {
		t.Error("the zombie main thread is reapable while its other threads run")
	}
	if got, want := e.liveThreads(1), 2; got != want {
		t.Errorf("live threads: got %d; want %d", got, want)
	}
	for _, k := range []int{2, 3} {
		if got := ts[k].TGID; got != 2 {
			t.Errorf("task %d's TGID = %d; want 2", ts[k].PID, got)
		}
	}
}
