package ostep

import (
	"strings"
	"testing"
)

// shorthand encodes a program as c (cpu) and i (an io, io_done pair).
func shorthand(t *testing.T, kinds []byte) string {
	t.Helper()
	code := make([]string, len(kinds))
	for i, k := range kinds {
		code[i] = instNames[k]
	}
	var b strings.Builder
	for k := 0; k < len(code); k++ {
		switch code[k] {
		case instCPU:
			b.WriteByte('c')
		case instIO:
			if k+1 >= len(code) || code[k+1] != instIODone {
				t.Fatalf("io not followed by io_done in %q", code)
			}
			b.WriteByte('i')
			k++
		default:
			t.Fatalf("unexpected instruction %q in %q", code[k], code)
		}
	}
	return b.String()
}

// The expected programs come from CPython's random module: one
// random.random() per slot, r < Y/100 giving a CPU instruction.
func TestProcessRunRandomPrograms(t *testing.T) {
	tests := []struct {
		seed int
		list string
		want []string
	}{
		{1, "8:50,5:30", []string{"ciicccii", "cciii"}},
		{7, "6:70,3:0,4:100", []string{"cccccc", "iii", "cccc"}},
		{42, "10:25", []string{"iciciiicic"}},
	}
	for _, tc := range tests {
		procs, err := prLoad("process-run.py", &prOptions{seed: intOf(int64(tc.seed)), processList: tc.list})
		if err != nil {
			t.Fatalf("seed %d -l %s: %v", tc.seed, tc.list, err)
		}
		var got []string
		for _, p := range procs {
			got = append(got, shorthand(t, p.code))
		}
		if strings.Join(got, ":") != strings.Join(tc.want, ":") {
			t.Errorf("seed %d -l %s: got %q; want %q", tc.seed, tc.list, got, tc.want)
		}
	}
}

func TestProcessRunExplicitPrograms(t *testing.T) {
	procs, err := prLoad("process-run.py", &prOptions{program: "c2,i,c1:i,c3,i:c0"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ccic", "iccci", ""}
	for pid, p := range procs {
		if got := shorthand(t, p.code); got != want[pid] {
			t.Errorf("pid %d: got %q; want %q", pid, got, want[pid])
		}
	}
}

// With -L 0 an I/O completes on the next tick: no IOs count is ever shown
// and IO Busy stays 0 (SEMANTICS §1, case process-run-11).
func TestProcessRunIOLengthZero(t *testing.T) {
	args := []string{"process-run", "-s", "0", "-P", "i:c2", "-L", "0", "-c", "-p"}
	want := "" +
		"Time        PID: 0        PID: 1           CPU           IOs\n" +
		"  1         RUN:io         READY             1          \n" +
		"  2*         READY       RUN:cpu             1          \n" +
		"  3          READY       RUN:cpu             1          \n" +
		"  4    RUN:io_done          DONE             1          \n" +
		"\n" +
		"Stats: Total Time 4\n" +
		"Stats: CPU Busy 4 (100.00%)\n" +
		"Stats: IO Busy  0 (0.00%)\n" +
		"\n"
	compareOutput(t, strings.Join(args, " "), mustRun(t, args...), want)
}

// Under IO_RUN_IMMEDIATE each completion preempts the running process, so
// when two I/Os finish in the same tick the higher pid wins and the lower
// one stays READY. (From the command line one CPU issues at most one I/O per
// tick, so this needs a hand-made state.)
func TestProcessRunImmediateTwoIOsFinishTogether(t *testing.T) {
	m := &prMachine{procs: []*prProc{
		{code: []byte{kindIODone}, state: prBlocked, ioFinish: 9},
		{code: []byte{kindIODone}, state: prBlocked, ioFinish: 9},
		{code: []byte{kindCPU, kindCPU}, state: prRunning, ioFinish: -1},
	}, curr: 2}
	if got := m.completeIO(9, true, true); len(got) != 2 {
		t.Fatalf("completeIO(9): got %v; want two completions", got)
	}
	gotStates := []int{m.procs[0].state, m.procs[1].state, m.procs[2].state}
	wantStates := []int{prReady, prRunning, prReady}
	if m.curr != 1 || gotStates[0] != wantStates[0] || gotStates[1] != wantStates[1] || gotStates[2] != wantStates[2] {
		t.Errorf("got curr %d, states %v; want curr 1, states %v", m.curr, gotStates, wantStates)
	}

	// IO_RUN_LATER under SWITCH_ON_IO leaves the running process alone.
	m = &prMachine{procs: []*prProc{
		{code: []byte{kindIODone}, state: prBlocked, ioFinish: 9},
		{code: []byte{kindCPU}, state: prRunning, ioFinish: -1},
	}, curr: 1}
	m.completeIO(9, false, true)
	if m.curr != 1 || m.procs[0].state != prReady || m.procs[1].state != prRunning {
		t.Errorf("IO_RUN_LATER: got curr %d, states %d %d; want curr 1, READY, RUNNING", m.curr, m.procs[0].state, m.procs[1].state)
	}
}

// IO_RUN_IMMEDIATE end to end: pid 1's I/O completes while pid 0 runs, and
// pid 1 takes the CPU in that very tick (compare case process-run-9).
func TestProcessRunImmediatePreempts(t *testing.T) {
	args := []string{"process-run", "-P", "c1,i,c4:i,c1", "-L", "2", "-I", "IO_RUN_IMMEDIATE", "-c"}
	want := "" +
		"Time        PID: 0        PID: 1           CPU           IOs\n" +
		"  1        RUN:cpu         READY             1          \n" +
		"  2         RUN:io         READY             1          \n" +
		"  3        BLOCKED        RUN:io             1             1\n" +
		"  4        BLOCKED       BLOCKED                           2\n" +
		"  5*   RUN:io_done       BLOCKED             1             1\n" +
		"  6*         READY   RUN:io_done             1          \n" +
		"  7          READY       RUN:cpu             1          \n" +
		"  8        RUN:cpu          DONE             1          \n" +
		"  9        RUN:cpu          DONE             1          \n" +
		" 10        RUN:cpu          DONE             1          \n" +
		" 11        RUN:cpu          DONE             1          \n"
	compareOutput(t, strings.Join(args, " "), mustRun(t, args...), want)
}

// Without -c the script lists the programs and the two behaviours.
func TestProcessRunListing(t *testing.T) {
	args := []string{"process-run", "-P", "c1,i:c1", "-S", "SWITCH_ON_END", "-I", "IO_RUN_IMMEDIATE"}
	want := "" +
		"Produce a trace of what would happen when you run these processes:\n" +
		"Process 0\n  cpu\n  io\n  io_done\n\n" +
		"Process 1\n  cpu\n\n" +
		"Important behaviors:\n" +
		"  System will switch when the current process is FINISHED\n" +
		"  After IOs, the process issuing the IO will run IMMEDIATELY\n\n"
	compareOutput(t, strings.Join(args, " "), mustRun(t, args...), want)
}
