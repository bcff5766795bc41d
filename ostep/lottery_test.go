package ostep

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// The expected jobs and numbers come from CPython: per job int(m*random())
// and int(T*random()), each redrawn while 0; then int(random()*1000001)
// for each unit of run time.
func TestLotteryRandomJobsAndNumbers(t *testing.T) {
	tests := []struct {
		seed, jobs, maxLen, maxTicket int
		want                          [][2]int
		numbers                       []int
	}{
		{3, 3, 10, 100, [][2]int{{2, 54}, {3, 60}, {6, 6}},
			[]int{13168, 837469, 259354, 234331, 995645, 470263, 836462, 476353, 639068, 150616, 634861}},
		{11, 2, 5, 10, [][2]int{{2, 5}, {4, 4}},
			[]int{507841, 587385, 184660, 511909, 629883, 792977}},
	}
	for _, tc := range tests {
		args := []string{"lottery", "-s", fmt.Sprint(tc.seed), "-j", fmt.Sprint(tc.jobs), "-m", fmt.Sprint(tc.maxLen), "-T", fmt.Sprint(tc.maxTicket)}
		out := mustRun(t, args...)
		var want strings.Builder
		for i, j := range tc.want {
			fmt.Fprintf(&want, "  Job %d ( length = %d, tickets = %d )\n", i, j[0], j[1])
		}
		want.WriteString("\n\nHere is the set of random numbers you will need (at most):\n")
		for _, n := range tc.numbers {
			fmt.Fprintf(&want, "Random %d\n", n)
		}
		if !strings.HasSuffix(out, want.String()) {
			t.Errorf("%q: got %q; want it to end with %q", args, out, want.String())
		}

		// -c consumes the same numbers, in the same order.
		solved := mustRun(t, append(args, "-c")...)
		var got []string
		for _, l := range strings.Split(solved, "\n") {
			if f := strings.Fields(l); len(f) > 2 && f[0] == "Random" && f[2] == "->" {
				got = append(got, f[1])
			}
		}
		for i, g := range got {
			if g != fmt.Sprint(tc.numbers[i]) {
				t.Errorf("%q -c: draw %d: got %s; want %d", args, i, g, tc.numbers[i])
			}
		}
	}
}

// The clock advances a whole quantum even when the winner needed less
// (SEMANTICS §4 quirk, cases lottery-5 and lottery-8).
func TestLotteryQuantumQuirk(t *testing.T) {
	args := []string{"lottery", "-s", "0", "-l", "1:10,4:10", "-q", "3", "-c"}
	out := mustRun(t, args...)
	want := "" +
		"** Solutions **\n" +
		"\n" +
		"Random 844422 -> Winning ticket 2 (of 20) -> Run 0\n" +
		"  Jobs:\n" +
		" (* job:0 timeleft:1 tix:10 )  (  job:1 timeleft:4 tix:10 ) \n" +
		"--> JOB 0 DONE at time 3\n" +
		"Random 757955 -> Winning ticket 5 (of 10) -> Run 1\n" +
		"  Jobs:\n" +
		" (  job:0 timeleft:0 tix:--- )  (* job:1 timeleft:4 tix:10 ) \n" +
		"Random 420572 -> Winning ticket 2 (of 10) -> Run 1\n" +
		"  Jobs:\n" +
		" (  job:0 timeleft:0 tix:--- )  (* job:1 timeleft:1 tix:10 ) \n" +
		"--> JOB 1 DONE at time 9\n" +
		"\n"
	_, got, _ := strings.Cut(out, "\n\n\n")
	compareOutput(t, strings.Join(args, " "), got, want)
	mustContainLine(t, args, out, "ARG jobs 3") // -j's value even with -l
}

// TestLotteryRunsOutOfTickets checks that a run whose draws run out of
// tickets part-way (a job without tickets outlives the others) is rejected
// with nothing on stdout, although the dry first pass skips the draws of
// runs where every job holds tickets.
func TestLotteryRunsOutOfTickets(t *testing.T) {
	tests := []struct {
		jlist    string
		wantCode int
		wantSkip bool
	}{
		{"3:10,5:0", 2, false},
		{"3:10,5:20", 0, true},
		{"400:1,300:2", 0, true},
		{"2:1099511627777", 0, false}, // above 2^40 tickets: the dry pass draws
	}
	for _, tc := range tests {
		args := []string{"lottery", "-l", tc.jlist, "-c", "-s", "1"}
		var stdout, stderr strings.Builder
		code := Main(args, &stdout, &stderr)
		if code != tc.wantCode {
			t.Errorf("%q: exit status %d; want %d (stderr %q)", args, code, tc.wantCode, stderr.String())
		}
		if code != 0 && (stdout.Len() > 0 || !strings.Contains(stderr.String(), "no tickets left")) {
			t.Errorf("%q: got %d bytes on stdout and stderr %q; want none and the tickets error", args, stdout.Len(), stderr.String())
		}
		var tix []int
		for _, job := range strings.Split(tc.jlist, ",") {
			_, n, _ := strings.Cut(job, ":")
			v, _ := strconv.Atoi(n)
			tix = append(tix, v)
		}
		if got := ticketsNeverRunOut(tix); got != tc.wantSkip {
			t.Errorf("ticketsNeverRunOut(%v): got %v; want %v", tix, got, tc.wantSkip)
		}
	}
}
