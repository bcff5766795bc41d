package ostep

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// scheduler.py: FIFO, SJF and RR over jobs that all arrive at time 0
// (SEMANTICS §2). Times are float64, as in the script.

type schedJob struct {
	id     int
	length float64
}

// schedStat is one "Final statistics" line.
type schedStat struct {
	id                         int
	response, turnaround, wait float64
}

// schedFlags are scheduler.py's options.
type schedFlags struct {
	jobs, maxLen, quantum int
	seed                  pyInt
	jlist, policy         string
	solve                 bool
}

func (f *schedFlags) parse(args []string) error {
	fs := newFlagSet("scheduler.py")
	fs.seedVar(&f.seed, "-s", "--seed", 0, "the random seed")
	fs.intVar(&f.jobs, "-j", "--jobs", 3, "number of jobs in the system")
	fs.stringVar(&f.jlist, "-l", "--jlist", "", "instead of random jobs, provide a comma-separated list of run times")
	fs.intVar(&f.maxLen, "-m", "--maxlen", 10, "max length of job")
	fs.stringVar(&f.policy, "-p", "--policy", "FIFO", "sched policy to use: SJF, FIFO, RR")
	fs.intVar(&f.quantum, "-q", "--quantum", 1, "length of time slice for RR policy")
	fs.boolVar(&f.solve, "-c", "", "compute answers for me")
	return fs.parse(args)
}

func runScheduler(args []string, out *printer) error {
	const prog = "scheduler.py"
	var f schedFlags
	if err := f.parse(args); err != nil {
		return err
	}
	seed, jobs, maxLen, quantum, jlist, policy, solve := f.seed, f.jobs, f.maxLen, f.quantum, f.jlist, f.policy, f.solve

	out.f("ARG policy %s\n", policy)
	var list []schedJob
	fromList := jlist != ""
	if fromList {
		out.f("ARG jlist %s\n", jlist)
		for i, s := range strings.Split(jlist, ",") {
			f, ok := parsePyFloat(s)
			if !ok {
				return inputError(prog, "could not convert string to float: %s", pyQuote(s))
			}
			if i >= MaxJobs {
				return inputError(prog, "more than %d jobs", MaxJobs)
			}
			list = append(list, schedJob{id: i, length: f})
		}
	} else {
		out.f("ARG jobs %d\n", jobs)
		out.f("ARG maxlen %d\n", maxLen)
		out.f("ARG seed %s\n", seed.String())
		if jobs > MaxJobs {
			return inputError(prog, "more than %d jobs", MaxJobs)
		}
		if maxLen < -1e15 || maxLen > 1e15 {
			return inputError(prog, "option -m: max length %d is outside -1e15..1e15", maxLen)
		}
		rng := seed.rng()
		for i := range jobs {
			list = append(list, schedJob{id: i, length: float64(pyTrunc(float64(maxLen)*rng.random()) + 1)})
		}
	}
	out.line("")
	out.line("Here is the job list, with the run time of each job: ")
	for _, j := range list {
		if fromList {
			out.f("  Job %d ( length = %s )\n", j.id, pyFloatStr(j.length))
		} else {
			out.f("  Job %d ( length = %d )\n", j.id, int(j.length))
		}
	}
	out.line("")
	out.line("")

	if !solve {
		out.line("Compute the turnaround time, response time, and wait time for each job.")
		out.line("When you are done, run this program again, with the same arguments,")
		out.line("but with -c, which will thus provide you with the answers. You can use")
		out.line("-s <somenumber> or your own job list (-l 10,15,20 for example)")
		out.line("to generate different problems for yourself.")
		out.line("")
		return nil
	}

	out.line("** Solutions **")
	out.line("")
	var stats []schedStat
	var err error
	switch policy {
	case "SJF":
		// Python's sort orders a nan by its own algorithm's comparisons
		// (nan < x and x < nan are both false), and that order differs
		// from this sort's and between Python versions: refused. Without
		// a nan the order is total and both sorts are stable: the same.
		for _, j := range list {
			if math.IsNaN(j.length) {
				return inputError(prog, "SJF cannot order a job of length nan as Python's sort would (use FIFO or RR)")
			}
		}
		list = slices.Clone(list)
		slices.SortStableFunc(list, func(a, b schedJob) int {
			switch {
			case a.length < b.length:
				return -1
			case a.length > b.length:
				return 1
			}
			return 0
		})
		if stats, err = schedFIFO(out, list); err != nil {
			return err
		}
	case "FIFO":
		if stats, err = schedFIFO(out, list); err != nil {
			return err
		}
	case "RR":
		if stats, err = schedRR(out, list, float64(quantum)); err != nil {
			return err
		}
	default:
		out.f("Error: Policy %s is not available.\n", policy)
		return nil
	}

	if len(stats) == 0 {
		return inputError(prog, "no jobs, so no averages (division by zero)")
	}
	out.line("")
	out.line("Final statistics:")
	var sumR, sumT, sumW float64
	for _, s := range stats {
		out.f("  Job %3d -- Response: %3.2f  Turnaround %3.2f  Wait %3.2f\n", s.id, s.response, s.turnaround, s.wait)
		sumR += s.response
		sumT += s.turnaround
		sumW += s.wait
	}
	n := float64(len(stats))
	out.line("")
	out.f("  Average -- Response: %3.2f  Turnaround %3.2f  Wait %3.2f\n", sumR/n, sumT/n, sumW/n)
	out.line("")
	return nil
}

// schedFIFO runs the jobs to completion in the given order; the statistics
// follow the same order.
func schedFIFO(out *printer, list []schedJob) ([]schedStat, error) {
	out.line("Execution trace:")
	now := 0.0
	stats := make([]schedStat, 0, len(list))
	for _, j := range list {
		done := now + j.length
		at, err := schedTime(now)
		if err != nil {
			return nil, err
		}
		out.f("  [ time %3s ] Run job %d for %.2f secs ( DONE at %.2f )\n", at, j.id, j.length, done)
		stats = append(stats, schedStat{id: j.id, response: now, turnaround: done, wait: now})
		now = done
	}
	return stats, nil
}

// schedTime is "%d" % now, the "[ time %3d ]" of a trace line: int(now),
// exact however large (a length given with -l is any float). Where Python
// stops with an error (a time of nan or inf: ValueError, OverflowError),
// this stops with a usage error.
func schedTime(now float64) (string, error) {
	if math.IsNaN(now) || math.IsInf(now, 0) {
		return "", inputError("scheduler.py", "a job starts at time %s, which %%d cannot print (Python stops here with an error)", pyFloatStr(now))
	}
	if math.Abs(now) < 1<<62 {
		return strconv.FormatInt(int64(now), 10), nil
	}
	return strconv.FormatFloat(math.Trunc(now), 'f', 0, 64), nil
}

// rrEndsInTime reports whether a round robin of list with quantum q surely
// takes fewer than MaxSteps slices, counted without running it: a job of
// length l gets at most ceil(l/q) slices, one more for the rounding of the
// float subtractions (each within 2^-53 of l, so under 10^-9 of a slice
// over a million of them), and one for good measure.
func rrEndsInTime(list []schedJob, q float64) bool {
	if q < 1 {
		return false
	}
	slices := 0.0
	for _, j := range list {
		slices += max(1, math.Ceil(j.length/q)+2)
	}
	return slices < MaxSteps-1
}

// schedRR is round robin with quantum q over a FIFO queue that starts as
// the job list; the statistics are in job-id order.
func schedRR(out *printer, list []schedJob, q float64) ([]schedStat, error) {
	out.line("Execution trace:")
	type entry struct {
		id   int
		left float64
	}
	// The queue is a ring of n entries (it never holds more than the n
	// jobs), so a long run allocates nothing as it cycles.
	n := len(list)
	ring := make([]entry, n)
	for i, j := range list {
		ring[i] = entry{j.id, j.length}
	}
	head, size := 0, n
	started := make([]bool, n)
	lastRan := make([]float64, n)
	stats := make([]schedStat, n)
	for i := range stats {
		stats[i].id = i
	}
	if out.dry() && rrEndsInTime(list, q) {
		// A dry pass looks for the step limit only, and the run surely
		// stays below it: nothing to find (the statistics are not printed).
		return stats, nil
	}
	// runLine[id] is the end of the line of a slice that does not finish
	// job id, " ] Run job %3d for %.2f secs\n" with q: the same every time.
	var runLine [][]byte
	if !out.dry() {
		runLine = make([][]byte, n)
		for i := range runLine {
			runLine[i] = append(appendFixed(append(appendPadInt([]byte(" ] Run job "), i, 3), " for "...), q, 2), " secs\n"...)
		}
	}
	now := 0.0
	for steps := 0; size > 0; steps++ {
		if steps >= MaxSteps {
			return nil, stepLimit("scheduler.py")
		}
		e := ring[head]
		head, size = (head+1)%n, size-1
		s := &stats[e.id]
		if !started[e.id] {
			started[e.id] = true
			s.response = now
		}
		s.wait += now - lastRan[e.id]
		// "[ time %3d ]": an int64 unless the time is beyond one (or not
		// a number at all: an error).
		var at string
		if !(math.Abs(now) < 1<<62) {
			var err error
			if at, err = schedTime(now); err != nil {
				return nil, err
			}
		}
		var ran float64
		if e.left > q {
			ran = q
			// "  [ time %3d ] Run job %3d for %.2f secs"
			if b, ok := out.start(); ok {
				if b = append(b, "  [ time "...); at != "" {
					b = append(b, at...)
				} else {
					b = appendPadInt(b, pyTrunc(now), 3)
				}
				out.done(append(b, runLine[e.id]...))
			}
			ring[(head+size)%n] = entry{e.id, e.left - q}
			size++
		} else {
			ran = e.left
			// "  [ time %3d ] Run job %3d for %.2f secs ( DONE at %.2f )"
			if b, ok := out.start(); ok {
				if b = append(b, "  [ time "...); at != "" {
					b = append(b, at...)
				} else {
					b = appendPadInt(b, pyTrunc(now), 3)
				}
				b = appendPadInt(append(b, " ] Run job "...), e.id, 3)
				b = appendFixed(append(b, " for "...), ran, 2)
				b = appendFixed(append(b, " secs ( DONE at "...), now+ran, 2)
				out.done(append(b, " )\n"...))
			}
			s.turnaround = now + ran
		}
		now += ran
		lastRan[e.id] = now
		if out.full() {
			return stats, nil
		}
	}
	return stats, nil
}
