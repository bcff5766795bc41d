package ostep

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// mlfqRefEvent is an event of simulateRef: a job's arrival or the end of
// its I/O.
type mlfqRefEvent struct {
	job    int
	ioDone bool // false: the job's arrival
}

// simulateRef is mlfq's simulation as it was before its queues became
// rings and its events a FIFO (a map from time to events, slices as
// queues): the reference TestMLFQMatchesReference compares with.
func (c *mlfqConfig) simulateRef(out *printer) error {
	out.line("")
	out.line("Execution Trace:")
	out.line("")
	events := map[int][]mlfqRefEvent{}
	for i, j := range c.jobs {
		events[j.start] = append(events[j.start], mlfqRefEvent{job: i})
	}
	queues := make([][]int, c.numQueues)
	finished := 0
	for t, steps := 0, 0; finished < len(c.jobs); steps++ {
		if steps >= MaxSteps {
			return stepLimit("mlfq.py")
		}
		if out.full() {
			return nil
		}
		// 1. Boost: lower queues join the top one, lowest first; every
		// unfinished job gets the top level's full quantum and allotment.
		if c.boost > 0 && t != 0 && t%c.boost == 0 {
			out.f("[ time %d ] BOOST ( every %d )\n", t, c.boost)
			for q := 0; q < c.hi; q++ {
				queues[c.hi] = append(queues[c.hi], queues[q]...)
				queues[q] = nil
			}
			for _, j := range c.jobs {
				if j.timeLeft > 0 {
					j.currPri, j.ticksLeft, j.allotLeft = c.hi, c.quantum[c.hi], c.allot[c.hi]
				}
			}
		}
		// 2. Arrivals and I/O completions at t, in list order.
		for _, ev := range events[t] {
			j := c.jobs[ev.job]
			if ev.ioDone {
				out.f("[ time %d ] IO_DONE by JOB %d\n", t, ev.job)
			} else {
				out.f("[ time %d ] JOB BEGINS by JOB %d\n", t, ev.job)
			}
			j.doingIO = false
			q := j.currPri
			if ev.ioDone && c.ioBump {
				queues[q] = append([]int{ev.job}, queues[q]...)
			} else {
				queues[q] = append(queues[q], ev.job)
			}
		}
		delete(events, t)
		// 3. The head of the highest non-empty queue runs.
		p := -1
		for q := c.hi; q >= 0; q-- {
			if len(queues[q]) > 0 {
				p = q
				break
			}
		}
		if p < 0 {
			out.f("[ time %d ] IDLE\n", t)
			t++
			continue
		}
		id := queues[p][0]
		j := c.jobs[id]
		// 4. One tick.
		j.timeLeft--
		j.ticksLeft--
		if j.firstRun < 0 {
			j.firstRun = t
		}
		ticks := j.ticksLeft
		// [ time %d ] Run JOB %d at PRIORITY %d [ TICKS %d ALLOT %d TIME %d (of %d) ]
		if b, ok := out.start(); ok {
			b = appendInt(append(b, "[ time "...), int64(t))
			b = appendInt(append(b, " ] Run JOB "...), int64(id))
			b = appendInt(append(b, " at PRIORITY "...), int64(p))
			b = appendInt(append(b, " [ TICKS "...), int64(ticks))
			b = appendInt(append(b, " ALLOT "...), int64(j.allotLeft))
			b = appendInt(append(b, " TIME "...), int64(j.timeLeft))
			b = appendInt(append(b, " (of "...), int64(j.run))
			out.done(append(b, ") ]\n"...))
		}
		t++
		// 5. Finished?
		if j.timeLeft == 0 {
			out.f("[ time %d ] FINISHED JOB %d\n", t, id)
			j.endTime = t
			queues[p] = queues[p][1:]
			finished++
			continue
		}
		// 6. I/O?
		issuedIO := false
		if j.ioFreq > 0 && (j.run-j.timeLeft)%j.ioFreq == 0 {
			out.f("[ time %d ] IO_START by JOB %d\n", t, id)
			out.line("IO DONE")
			queues[p] = queues[p][1:]
			j.doingIO = true
			issuedIO = true
			if c.stay {
				j.ticksLeft, j.allotLeft = c.quantum[j.currPri], c.allot[j.currPri]
			}
			at := t + c.ioTime
			events[at] = append(events[at], mlfqRefEvent{job: id, ioDone: true})
		}
		// 7. Quantum over (tested on the value shown in step 4)?
		if ticks != 0 {
			continue
		}
		if !issuedIO {
			queues[p] = queues[p][1:]
		}
		j.allotLeft--
		next := p
		if j.allotLeft == 0 {
			if p > 0 {
				next = p - 1
				j.currPri = next
			}
			j.ticksLeft, j.allotLeft = c.quantum[next], c.allot[next]
		} else {
			j.ticksLeft = c.quantum[p]
		}
		if !issuedIO {
			queues[next] = append(queues[next], id)
		}
	}
	return nil
}

// TestMLFQMatchesReference runs random MLFQ configurations (levels,
// quanta, allotments, boosts, I/O times including 0 and negative ones,
// stay and bump, jobs starting before 0, at once or later) through
// simulate and simulateRef and wants the same trace and the same error.
func TestMLFQMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 4))
	runs := 400
	if testing.Short() {
		runs = 60
	}
	for i := range runs {
		args := []string{"-n", fmt.Sprint(1 + rng.IntN(4)), "-q", fmt.Sprint(1 + rng.IntN(6)), "-a", fmt.Sprint(1 + rng.IntN(3)),
			"-i", fmt.Sprint(rng.IntN(7)), "-B", fmt.Sprint([]int{0, 0, 5, 13, 40}[rng.IntN(5)])}
		if rng.IntN(2) == 0 {
			args = append(args, "-S")
		}
		if rng.IntN(2) == 0 {
			args = append(args, "-I")
		}
		var jobs []string
		for range 1 + rng.IntN(5) {
			jobs = append(jobs, fmt.Sprintf("%d,%d,%d", []int{0, 0, 3, 9, 25}[rng.IntN(5)], 1+rng.IntN(60), rng.IntN(8)))
		}
		// A few runs that never end: an arrival before time 0 or I/O that
		// completes before it starts (both stop at the step limit).
		switch i {
		case 7:
			jobs[0] = "-2,5,0"
		case 11:
			args = append(args, "-i", "-1")
			jobs[0] = "0,9,2"
		}
		args = append(args, "-l", strings.Join(jobs, ":"))
		got, gotErr := mlfqSimulateWith(t, args, (*mlfqConfig).simulate)
		want, wantErr := mlfqSimulateWith(t, args, (*mlfqConfig).simulateRef)
		if (i == 7 || i == 11) && gotErr == nil {
			t.Errorf("mlfq %q: got no error; want the step limit", args)
		}
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("mlfq %q: got %d bytes, error %v; want %d bytes, error %v (first difference at byte %d)",
				args, len(got), gotErr, len(want), wantErr, firstDiff(got, want))
		}
	}
}

// mlfqSimulateWith parses args as mlfq.py's flags and runs sim on them,
// returning its output and error.
func mlfqSimulateWith(t *testing.T, args []string, sim func(*mlfqConfig, *printer) error) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	p := &printer{w: &buf}
	err := sim(mlfqConfigOf(t, args), p)
	p.flush()
	return buf.String(), err
}

// mlfqConfigOf parses args as mlfq.py's flags (the ones the tests use).
func mlfqConfigOf(t *testing.T, args []string) *mlfqConfig {
	t.Helper()
	var c mlfqConfig
	var defQuantum, defAllot int
	fs := newFlagSet("mlfq.py")
	fs.intVar(&c.numQueues, "-n", "--numQueues", 3, "")
	fs.intVar(&defQuantum, "-q", "--quantum", 10, "")
	fs.intVar(&defAllot, "-a", "--allotment", 1, "")
	fs.intVar(&c.boost, "-B", "--boost", 0, "")
	fs.intVar(&c.ioTime, "-i", "--iotime", 5, "")
	fs.boolVar(&c.stay, "-S", "--stay", "")
	fs.boolVar(&c.ioBump, "-I", "--iobump", "")
	fs.stringVar(&c.jlist, "-l", "--jlist", "", "")
	if err := fs.parse(args); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	if err := c.setup("mlfq.py", defQuantum, defAllot); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return &c
}

// TestMLFQDryPassEndsEarlyOnlyWhenSafe runs long random MLFQ configurations
// around the step limit (a million ticks) twice: as Main's dry first pass,
// which stops once endsInTime proves the rest of the run stays within the
// limit, and as a real run (output discarded), which never stops early;
// both must agree on whether the limit is hit. It also counts the dry
// passes that stopped early, so the test shows the shortcut is taken.
func TestMLFQDryPassEndsEarlyOnlyWhenSafe(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 44))
	runs := 14
	if testing.Short() {
		runs = 3
	}
	early, limited := 0, 0
	for range runs {
		n := 1 + rng.IntN(3)
		var jobs []string
		for range n {
			jobs = append(jobs, fmt.Sprintf("%d,%d,%d", rng.IntN(2000), (300_000+rng.IntN(900_000))/n, rng.IntN(12)))
		}
		args := []string{"-n", fmt.Sprint(1 + rng.IntN(3)), "-q", fmt.Sprint(1 + rng.IntN(20)), "-i", fmt.Sprint(rng.IntN(9)),
			"-B", fmt.Sprint([]int{0, 0, 50, 997}[rng.IntN(4)]), "-l", strings.Join(jobs, ":")}
		if rng.IntN(2) == 0 {
			args = append(args, "-S")
		}
		if rng.IntN(2) == 0 {
			args = append(args, "-I")
		}
		dryErr := mlfqConfigOf(t, args).simulate(&printer{})
		realErr := mlfqConfigOf(t, args).simulate(&printer{w: io.Discard})
		if fmt.Sprint(dryErr) != fmt.Sprint(realErr) {
			t.Errorf("mlfq %q: the dry pass gave %v; the run gave %v", args, dryErr, realErr)
		}
		if realErr != nil {
			limited++
		}
		if c := mlfqConfigOf(t, args); c.endsInTime(0) {
			early++
		} else {
			// Count a shortcut taken later in the run too: simulate with
			// a dry printer returns before the end only through endsInTime.
			c := mlfqConfigOf(t, args)
			if err := c.simulate(&printer{}); err == nil && slices.ContainsFunc(c.jobs, func(j *mlfqJob) bool { return j.endTime < 0 }) {
				early++
			}
		}
	}
	if early == 0 || (limited == 0 && !testing.Short()) {
		t.Errorf("%d of %d dry passes stopped early and %d runs hit the limit; want some of each", early, runs, limited)
	}
	t.Logf("%d of %d dry passes stopped early; %d runs hit the step limit", early, runs, limited)
}

// firstDiff is the index of the first byte where a and b differ.
func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
