package lab

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"proclab/ostep"
)

// ostepFinal is one job's line in mlfq.py's final statistics.
var ostepFinal = regexp.MustCompile(`(?m)^  Job +(\d+): startTime +(\d+) - response +(\d+) - turnaround +(\d+)$`)

// ostepMLFQTimes runs `proclab ostep mlfq CMDLINE -c` and returns each job's
// first run and finish time, by ProcLab's name for it (J0, J1, ...).
func ostepMLFQTimes(t *testing.T, cmdline string) map[string][2]int64 {
	t.Helper()
	args, err := ostep.SplitArgs(cmdline)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	if code := ostep.Main(append([]string{"mlfq"}, append(args[1:], "-c")...), &out, &errOut); code != 0 {
		t.Fatalf("%s: exit %d: %s", cmdline, code, errOut.String())
	}
	times := map[string][2]int64{}
	for _, m := range ostepFinal.FindAllStringSubmatch(out.String(), -1) {
		start, _ := strconv.ParseInt(m[2], 10, 64)
		resp, _ := strconv.ParseInt(m[3], 10, 64)
		turn, _ := strconv.ParseInt(m[4], 10, 64)
		times["J"+m[1]] = [2]int64{start + resp, start + turn}
	}
	if len(times) == 0 {
		t.Fatalf("%s: no final statistics in %q", cmdline, out.String())
	}
	return times
}

// TestMLFQOneRuleTwoFrontEnds runs each workload through `proclab ostep
// mlfq` (OSTEP's mlfq.py) and through the native scheduler as the
// scheduling view opens it (OstepWorkload, then ScheduleAll), and checks
// that every job first runs and finishes at the same time in both. The
// workloads are those where the two models are comparable (see "MLFQ" in
// docs/scheduling.md): no I/O, no boost, and an allotment of one quantum at
// the top level, so that no two jobs enter the same level at the same time.
// They share the rules this checks: a job preempted by a higher level keeps
// its place at the front of its level and the rest of its quantum, a used-up
// quantum sends it to the back of its level (or down one level once its
// allotment is used up), and a new job starts at the top.
func TestMLFQOneRuleTwoFrontEnds(t *testing.T) {
	cases := []string{
		// Stallings's feedback example, q = 2^i: C finishes at 18, D at 20.
		"mlfq.py -Q 1,2,4 -A 1,1,1 -l 0,3,0:2,6,0:4,4,0:6,5,0:8,2,0",
		// J2's arrival preempts J0 at level 1 with 2 of its 6 ticks left; J0
		// runs those 2 ticks before J3, which was waiting at level 1.
		"mlfq.py -Q 2,6,8 -A 1,2,1 -l 0,20,0:4,3,0:10,3,0:1,12,0",
		// Two levels, a long quantum below: arrivals keep cutting in.
		"mlfq.py -Q 1,10 -A 1,3 -l 0,25,0:3,1,0:5,2,0:7,1,0:11,4,0:12,30,0",
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 200 {
		levels := 2 + rng.IntN(3)
		qs, as := make([]string, levels), make([]string, levels)
		for l := range levels {
			qs[l], as[l] = strconv.Itoa(1+rng.IntN(4)), "1"
			if l > 0 {
				as[l] = strconv.Itoa(1 + rng.IntN(3))
			}
		}
		jobs := make([]string, 2+rng.IntN(5))
		for j := range jobs {
			jobs[j] = fmt.Sprintf("%d,%d,0", rng.IntN(15), 1+rng.IntN(20))
		}
		cases = append(cases, fmt.Sprintf("mlfq.py -Q %s -A %s -l %s", strings.Join(qs, ","), strings.Join(as, ","), strings.Join(jobs, ":")))
	}
	for _, cmdline := range cases {
		want := ostepMLFQTimes(t, cmdline)
		w, run, err := OstepWorkload(cmdline)
		if err != nil {
			t.Fatalf("%s: %v", cmdline, err)
		}
		res, err := ScheduleAll(w, []Policy{run})
		if err != nil {
			t.Fatalf("%s: %v", cmdline, err)
		}
		if got := len(res[0].Jobs); got != len(want) {
			t.Errorf("%s: got %d jobs; want %d", cmdline, got, len(want))
			continue
		}
		for _, j := range res[0].Jobs {
			if got := [2]int64{j.FirstRun, j.Completion}; got != want[j.Name] {
				t.Errorf("%s: %s first runs and finishes at %v natively; want %v as mlfq.py", cmdline, j.Name, got, want[j.Name])
			}
		}
	}
}
