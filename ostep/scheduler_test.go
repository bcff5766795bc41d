package ostep

import (
	"fmt"
	"strings"
	"testing"
)

// The expected lengths are int(maxlen*random.random())+1 from CPython.
func TestSchedulerRandomLengths(t *testing.T) {
	tests := []struct {
		seed, jobs, maxLen int
		want               []int
	}{
		{1, 5, 10, []int{2, 9, 8, 3, 5}},
		{7, 4, 100, []int{33, 16, 66, 8}},
		{42, 6, 3, []int{2, 1, 1, 1, 3, 3}},
	}
	for _, tc := range tests {
		args := []string{"scheduler", "-s", fmt.Sprint(tc.seed), "-j", fmt.Sprint(tc.jobs), "-m", fmt.Sprint(tc.maxLen)}
		out := mustRun(t, args...)
		for i, n := range tc.want {
			mustContainLine(t, args, out, fmt.Sprintf("  Job %d ( length = %d )", i, n))
		}
		mustContainLine(t, args, out, fmt.Sprintf("ARG seed %d", tc.seed))
	}
}

// -l lengths are floats: they print as Python's str (2.5, 1.0, 0.1), and the
// "[ time %3d ]" column truncates the float clock (2.1 prints as 2).
func TestSchedulerFloatLengthsRR(t *testing.T) {
	args := []string{"scheduler", "-l", "2.5,1,0.1", "-p", "RR", "-q", "1", "-c"}
	want := "" +
		"ARG policy RR\n" +
		"ARG jlist 2.5,1,0.1\n" +
		"\n" +
		"Here is the job list, with the run time of each job: \n" +
		"  Job 0 ( length = 2.5 )\n" +
		"  Job 1 ( length = 1.0 )\n" +
		"  Job 2 ( length = 0.1 )\n" +
		"\n\n" +
		"** Solutions **\n" +
		"\n" +
		"Execution trace:\n" +
		"  [ time   0 ] Run job   0 for 1.00 secs\n" +
		"  [ time   1 ] Run job   1 for 1.00 secs ( DONE at 2.00 )\n" +
		"  [ time   2 ] Run job   2 for 0.10 secs ( DONE at 2.10 )\n" +
		"  [ time   2 ] Run job   0 for 1.00 secs\n" +
		"  [ time   3 ] Run job   0 for 0.50 secs ( DONE at 3.60 )\n" +
		"\n" +
		"Final statistics:\n" +
		"  Job   0 -- Response: 0.00  Turnaround 3.60  Wait 1.10\n" +
		"  Job   1 -- Response: 1.00  Turnaround 2.00  Wait 1.00\n" +
		"  Job   2 -- Response: 2.00  Turnaround 2.10  Wait 2.00\n" +
		"\n" +
		"  Average -- Response: 1.00  Turnaround 2.57  Wait 1.37\n" +
		"\n"
	compareOutput(t, strings.Join(args, " "), mustRun(t, args...), want)
}

// SJF is a stable sort by length, and its statistics follow execution order.
func TestSchedulerSJFStableFloats(t *testing.T) {
	args := []string{"scheduler", "-p", "SJF", "-l", "2.5,0.5,2.5,1e-5", "-c"}
	out := mustRun(t, args...)
	for _, l := range []string{
		"  Job 3 ( length = 1e-05 )",
		"  [ time   0 ] Run job 3 for 0.00 secs ( DONE at 0.00 )",
		"  [ time   0 ] Run job 1 for 0.50 secs ( DONE at 0.50 )",
		"  [ time   0 ] Run job 0 for 2.50 secs ( DONE at 3.00 )",
		"  [ time   3 ] Run job 2 for 2.50 secs ( DONE at 5.50 )",
	} {
		mustContainLine(t, args, out, l)
	}
	if i, j := strings.Index(out, "  Job   1 --"), strings.Index(out, "  Job   0 --"); i < 0 || j < 0 || i > j {
		t.Errorf("%q: statistics not in execution order:\n%s", args, out)
	}
}

func TestSchedulerUnknownPolicy(t *testing.T) {
	args := []string{"scheduler", "-p", "MLFQ", "-l", "1", "-c"}
	out := mustRun(t, args...)
	if !strings.HasSuffix(out, "** Solutions **\n\nError: Policy MLFQ is not available.\n") {
		t.Errorf("%q: got %q; want the error after the Solutions banner", args, out)
	}
}

func TestSchedulerWithoutSolve(t *testing.T) {
	args := []string{"scheduler", "-s", "100"}
	out := mustRun(t, args...)
	if strings.Contains(out, "Solutions") || !strings.Contains(out, "  Job 2 ( length = 8 )\n\n\nCompute the turnaround time") {
		t.Errorf("%q: got %q; want the job list and the prompt only", args, out)
	}
}

// Many ties: SJF must keep job-id order within equal lengths (a stable
// sort), well beyond the sizes where an unstable sort happens to be stable.
func TestSchedulerSJFStableManyTies(t *testing.T) {
	var lens []string
	for i := range 60 {
		lens = append(lens, fmt.Sprint(3-i%3))
	}
	args := []string{"scheduler", "-p", "SJF", "-l", strings.Join(lens, ","), "-c"}
	out := mustRun(t, args...)
	var got, want []string
	for _, l := range strings.Split(out, "\n") {
		if _, rest, ok := strings.Cut(l, "] Run job "); ok {
			id, _, _ := strings.Cut(rest, " ")
			got = append(got, id)
		}
	}
	for r := 2; r >= 0; r-- {
		for i := r; i < 60; i += 3 {
			want = append(want, fmt.Sprint(i))
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%q: got order %v; want %v", args, got, want)
	}
}

// TestSchedulerRRStepLimitWithoutDryRun checks round-robin runs around the
// step limit: rrEndsInTime, which lets Main's dry first pass skip the run,
// says yes only well below the limit, and Main still rejects a run of one
// slice too many, with nothing on stdout.
func TestSchedulerRRStepLimitWithoutDryRun(t *testing.T) {
	tests := []struct {
		jlist    string
		q        int
		wantCode int
		wantSkip bool // rrEndsInTime's answer
	}{
		{"300000,300000,300000", 1, 0, true},
		{"999000", 1, 0, true},
		{"1000000", 1, 0, false},           // exactly MaxSteps slices
		{"1000001", 1, 2, false},           // one more
		{"500000.5,500000.5", 1, 2, false}, // 1,000,002 slices
		{"2999997", 3, 0, false},
		{"0.1,0.2", 1, 0, true},
		{"-5,7", 1, 0, true},
	}
	for _, tc := range tests {
		list := []schedJob{}
		for i, s := range strings.Split(tc.jlist, ",") {
			f, ok := parsePyFloat(s)
			if !ok {
				t.Fatalf("bad length %q", s)
			}
			list = append(list, schedJob{id: i, length: f})
		}
		if got := rrEndsInTime(list, float64(tc.q)); got != tc.wantSkip {
			t.Errorf("rrEndsInTime(%s, q=%d): got %v; want %v", tc.jlist, tc.q, got, tc.wantSkip)
		}
		args := []string{"scheduler", "-p", "RR", "-q", fmt.Sprint(tc.q), "-l", tc.jlist, "-c"}
		var stdout, stderr strings.Builder
		code := Main(args, &stdout, &stderr)
		if code != tc.wantCode {
			t.Errorf("%q: exit status %d; want %d (stderr %q)", args, code, tc.wantCode, stderr.String())
		}
		if code != 0 && stdout.Len() > 0 {
			t.Errorf("%q: got %d bytes on stdout; want none after an error", args, stdout.Len())
		}
	}
}
