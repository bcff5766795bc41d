package ostep

import (
	"fmt"
	"testing"
)

func TestWorkloadOf(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"scheduler", "-p", "RR", "-q", "2", "-l", "3,5,1", "-c"}, "scheduler rr q2 [{J0 0 [3] 0} {J1 0 [5] 0} {J2 0 [1] 0}]"},
		{[]string{"scheduler", "-s", "100", "-p", "SJF"}, "scheduler sjf q1 [{J0 0 [2] 0} {J1 0 [5] 0} {J2 0 [8] 0}]"},
		{[]string{"lottery", "-l", "10:100,20:50", "-q", "2"}, "lottery lottery q2 [{J0 0 [10] 100} {J1 0 [20] 50}]"},
		{[]string{"mlfq", "-l", "0,7,3:4,2,0", "-n", "2", "-q", "5", "-i", "4", "-B", "20"}, "mlfq mlfq q5 [{J0 0 [3 4 3 4 1] 0} {J1 4 [2] 0}]"},
		// As the homework and its README write them: an interpreter, a path.
		{[]string{"python3", "scheduler.py", "-p", "RR", "-q", "2", "-l", "3,5,1"}, "scheduler rr q2 [{J0 0 [3] 0} {J1 0 [5] 0} {J2 0 [1] 0}]"},
		{[]string{"./scheduler.py", "-p", "SJF", "-s", "100"}, "scheduler sjf q1 [{J0 0 [2] 0} {J1 0 [5] 0} {J2 0 [8] 0}]"},
		{[]string{"python", "./cpu-sched-lottery/lottery.py", "-l", "10:100,20:50", "-q", "2"}, "lottery lottery q2 [{J0 0 [10] 100} {J1 0 [20] 50}]"},
		{[]string{"/usr/bin/python3.11", "mlfq.py", "-l", "0,7,3:4,2,0", "-n", "2", "-q", "5", "-i", "4", "-B", "20"}, "mlfq mlfq q5 [{J0 0 [3 4 3 4 1] 0} {J1 4 [2] 0}]"},
		// A quantum of 0 is harmless where no quantum is used.
		{[]string{"scheduler", "-p", "FIFO", "-q", "0", "-l", "3"}, "scheduler fcfs q0 [{J0 0 [3] 0}]"},
	}
	for _, tt := range tests {
		w, err := WorkloadOf(tt.args)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if got := fmt.Sprintf("%s %s q%d %v", w.Sim, w.Policy, w.Quantum, w.Jobs); got != tt.want {
			t.Errorf("%v:\n got %s\nwant %s", tt.args, got, tt.want)
		}
	}
	w, _ := WorkloadOf([]string{"mlfq", "-Q", "2,4,8", "-A", "1,2,3", "-B", "50", "-S", "-l", "0,5,0"})
	if fmt.Sprint(w.Quanta, w.Allot, w.Boost, w.IOReset) != "[2 4 8] [1 2 3] 50 true" {
		t.Errorf("mlfq settings %v %v %v %v", w.Quanta, w.Allot, w.Boost, w.IOReset)
	}
	for _, bad := range [][]string{{"scheduler", "-l", "2.5"}, {"fork", "-s", "1"}, {"lottery", "-l", "x"}, {},
		{"scheduler", "-p", "RR", "-q", "0", "-l", "3"}, // scheduler.py would never end
		{"python3"}, {"pythonic.py", "-l", "3"}} {
		if _, err := WorkloadOf(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
