package ostep

import (
	"fmt"
	"strings"
	"testing"
)

// The expected jobs come from CPython: run = int(random()*(m-1)+1), then
// ioFreq = int(random()*(M-1)+1), per job.
func TestMLFQRandomJobs(t *testing.T) {
	tests := []struct {
		args []string
		want [][2]int
	}{
		{[]string{"mlfq", "-s", "2", "-j", "4"}, [][2]int{{95, 9}, {6, 1}, {83, 7}, {67, 3}}},
		{[]string{"mlfq", "-s", "9", "-j", "3", "-m", "20", "-M", "5"}, [][2]int{{9, 2}, {3, 4}, {1, 3}}},
	}
	for _, tc := range tests {
		out := mustRun(t, tc.args...)
		for i, j := range tc.want {
			mustContainLine(t, tc.args, out, fmt.Sprintf("  Job %2d: startTime   0 - runTime %3d - ioFreq %3d", i, j[0], j[1]))
		}
		if !strings.HasSuffix(out, "Use the -c flag to get the exact results when you are finished.\n\n") {
			t.Errorf("%q: got %q; want the prompt at the end", tc.args, out)
		}
	}
}

// mlfqTrace runs mlfq with -c and returns the trace lines.
func mlfqTrace(t *testing.T, args ...string) (string, []string) {
	t.Helper()
	args = append([]string{"mlfq"}, append(args, "-c")...)
	out := mustRun(t, args...)
	_, trace, ok := strings.Cut(out, "Execution Trace:\n\n")
	if !ok {
		t.Fatalf("%q: no trace in %q", args, out)
	}
	trace, _, _ = strings.Cut(trace, "\nFinal statistics:")
	return strings.Join(args, " "), strings.Split(trace, "\n")
}

// wantTrace checks that the trace has the lines want, consecutively.
func wantTrace(t *testing.T, what string, trace []string, want ...string) {
	t.Helper()
	for i := range trace {
		if trace[i] != want[0] {
			continue
		}
		for k, w := range want {
			if i+k >= len(trace) || trace[i+k] != w {
				t.Errorf("%s: after %q got %q; want %q", what, want[0], trace[i:min(i+k+1, len(trace))], want)
				return
			}
		}
		return
	}
	t.Errorf("%s: no line %q in trace:\n%s", what, want[0], strings.Join(trace, "\n"))
}

// A boost refreshes the quantum of a job already in the top queue, which
// keeps its place at the head (SEMANTICS §3 quirk, case mlfq-12).
func TestMLFQBoostRefreshesTopQueue(t *testing.T) {
	what, trace := mlfqTrace(t, "-n", "2", "-q", "4", "-B", "6", "-l", "0,20,0:0,20,0")
	wantTrace(t, what, trace,
		"[ time 4 ] Run JOB 1 at PRIORITY 1 [ TICKS 3 ALLOT 1 TIME 19 (of 20) ]",
		"[ time 5 ] Run JOB 1 at PRIORITY 1 [ TICKS 2 ALLOT 1 TIME 18 (of 20) ]",
		"[ time 6 ] BOOST ( every 6 )",
		"[ time 6 ] Run JOB 1 at PRIORITY 1 [ TICKS 3 ALLOT 1 TIME 17 (of 20) ]",
	)
}

// A boost moves the lower queues up lowest first, so the job demoted
// furthest runs first after it.
func TestMLFQBoostLowestQueueFirst(t *testing.T) {
	what, trace := mlfqTrace(t, "-n", "3", "-q", "2", "-B", "9", "-l", "0,30,0:0,30,0:0,30,0")
	wantTrace(t, what, trace,
		"[ time 8 ] Run JOB 1 at PRIORITY 1 [ TICKS 1 ALLOT 1 TIME 27 (of 30) ]",
		"[ time 9 ] BOOST ( every 9 )",
		"[ time 9 ] Run JOB 0 at PRIORITY 2 [ TICKS 1 ALLOT 1 TIME 25 (of 30) ]",
	)
}

// A boost also reaches a job doing I/O: it comes back at the top level.
func TestMLFQBoostDuringIO(t *testing.T) {
	what, trace := mlfqTrace(t, "-n", "2", "-q", "2", "-B", "5", "-l", "0,10,3:0,10,0", "-i", "3")
	wantTrace(t, what, trace,
		"[ time 4 ] Run JOB 0 at PRIORITY 0 [ TICKS 1 ALLOT 1 TIME 7 (of 10) ]",
		"[ time 5 ] IO_START by JOB 0",
		"IO DONE",
		"[ time 5 ] BOOST ( every 5 )",
	)
	wantTrace(t, what, trace,
		"[ time 8 ] IO_DONE by JOB 0",
		"[ time 8 ] Run JOB 0 at PRIORITY 1 [ TICKS 1 ALLOT 1 TIME 6 (of 10) ]",
	)
}

// With -S, an I/O issued on the tick the quantum runs out still uses up the
// freshly reset allotment, so the job is demoted (case mlfq-11).
func TestMLFQStayQuirkDemotes(t *testing.T) {
	what, trace := mlfqTrace(t, "-n", "2", "-q", "3", "-S", "-l", "0,10,3", "-i", "2")
	wantTrace(t, what, trace,
		"[ time 2 ] Run JOB 0 at PRIORITY 1 [ TICKS 0 ALLOT 1 TIME 7 (of 10) ]",
		"[ time 3 ] IO_START by JOB 0",
		"IO DONE",
		"[ time 3 ] IDLE",
		"[ time 4 ] IDLE",
		"[ time 5 ] IO_DONE by JOB 0",
		"[ time 5 ] Run JOB 0 at PRIORITY 0 [ TICKS 2 ALLOT 1 TIME 6 (of 10) ]",
	)
	// With an allotment of 2 the reset one survives the decrement: the job
	// stays at its level, where without -S it would be demoted.
	what, trace = mlfqTrace(t, "-n", "2", "-q", "3", "-a", "2", "-S", "-l", "0,20,6", "-i", "1")
	wantTrace(t, what, trace,
		"[ time 5 ] Run JOB 0 at PRIORITY 1 [ TICKS 0 ALLOT 1 TIME 14 (of 20) ]",
		"[ time 6 ] IO_START by JOB 0",
		"IO DONE",
		"[ time 6 ] IDLE",
		"[ time 7 ] IO_DONE by JOB 0",
		"[ time 7 ] Run JOB 0 at PRIORITY 1 [ TICKS 2 ALLOT 1 TIME 13 (of 20) ]",
	)
	what, trace = mlfqTrace(t, "-n", "2", "-q", "3", "-a", "2", "-l", "0,20,6", "-i", "1")
	wantTrace(t, what, trace,
		"[ time 7 ] IO_DONE by JOB 0",
		"[ time 7 ] Run JOB 0 at PRIORITY 0 [ TICKS 2 ALLOT 2 TIME 13 (of 20) ]",
	)
}

// Without -S a job keeps its partly used quantum across an I/O; with -S the
// quantum is reset when the I/O is issued.
func TestMLFQStayResetsQuantum(t *testing.T) {
	what, trace := mlfqTrace(t, "-n", "1", "-q", "5", "-l", "0,6,2", "-i", "1")
	wantTrace(t, what, trace,
		"[ time 3 ] IO_DONE by JOB 0",
		"[ time 3 ] Run JOB 0 at PRIORITY 0 [ TICKS 2 ALLOT 1 TIME 3 (of 6) ]",
	)
	what, trace = mlfqTrace(t, "-n", "1", "-q", "5", "-S", "-l", "0,6,2", "-i", "1")
	wantTrace(t, what, trace,
		"[ time 3 ] IO_DONE by JOB 0",
		"[ time 3 ] Run JOB 0 at PRIORITY 0 [ TICKS 4 ALLOT 1 TIME 3 (of 6) ]",
	)
}

// With -I a job finishing I/O goes to the front of its queue and runs at
// once; without it, it waits behind the running job.
func TestMLFQIOBump(t *testing.T) {
	what, trace := mlfqTrace(t, "-n", "1", "-q", "10", "-I", "-l", "0,10,2:0,10,0", "-i", "1")
	wantTrace(t, what, trace,
		"[ time 3 ] IO_DONE by JOB 0",
		"[ time 3 ] Run JOB 0 at PRIORITY 0 [ TICKS 7 ALLOT 1 TIME 7 (of 10) ]",
	)
	what, trace = mlfqTrace(t, "-n", "1", "-q", "10", "-l", "0,10,2:0,10,0", "-i", "1")
	wantTrace(t, what, trace,
		"[ time 3 ] IO_DONE by JOB 0",
		"[ time 3 ] Run JOB 1 at PRIORITY 0 [ TICKS 8 ALLOT 1 TIME 8 (of 10) ]",
	)
}

// The average line's "%2d" is the last job's index, not the job count.
func TestMLFQAverageShowsLastIndex(t *testing.T) {
	args := []string{"mlfq", "-l", "0,3,0:1,2,0", "-c"}
	out := mustRun(t, args...)
	if !strings.HasSuffix(out, "\n  Avg  1: startTime n/a - response 1.00 - turnaround 3.50\n\n\n") {
		t.Errorf("%q: got %q; want the quirky average line at the end", args, out)
	}
}

// -Q and -A give per-level values, highest level first; -Q sets the count.
func TestMLFQQuantumAndAllotmentLists(t *testing.T) {
	args := []string{"mlfq", "-Q", "2,4", "-A", "3,5", "-n", "7", "-l", "0,1,0"}
	out := mustRun(t, args...)
	for _, l := range []string{
		"OPTIONS queues 2",
		"OPTIONS allotments for queue  1 is   3",
		"OPTIONS quantum length for queue  1 is   2",
		"OPTIONS allotments for queue  0 is   5",
		"OPTIONS quantum length for queue  0 is   4",
	} {
		mustContainLine(t, args, out, l)
	}
}
