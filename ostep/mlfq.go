package ostep

import (
	"strconv"
	"strings"
)

// mlfq.py: a multi-level feedback queue with per-level quanta and
// allotments, optional priority boost, I/O, stay-after-I/O and I/O bump
// (SEMANTICS §3). Queue 0 is the lowest priority, hi the highest.

// MaxQueues bounds the number of MLFQ levels.
const MaxQueues = 1000

type mlfqJob struct {
	start, run, ioFreq int

	currPri, ticksLeft, allotLeft int
	timeLeft                      int
	firstRun, endTime             int // -1 until set
	doingIO                       bool
}

type mlfqEvent struct {
	job    int
	ioDone bool // false: the job's arrival
}

type mlfqConfig struct {
	numQueues, hi    int
	quantum, allot   []int // indexed by level, 0 = lowest
	boost, ioTime    int
	stay, ioBump     bool
	solve            bool
	jobs             []*mlfqJob
	maxLen, maxIO    int
	numJobs, seed    int
	quantumList      string
	allotList, jlist string
}

func runMLFQ(args []string, out *printer) error {
	const prog = "mlfq.py"
	var c mlfqConfig
	var defQuantum, defAllot int
	fs := newFlagSet(prog)
	fs.intVar(&c.seed, "-s", "--seed", 0, "the random seed")
	fs.intVar(&c.numQueues, "-n", "--numQueues", 3, "number of queues in MLFQ (if not using -Q)")
	fs.intVar(&defQuantum, "-q", "--quantum", 10, "length of time slice (if not using -Q)")
	fs.intVar(&defAllot, "-a", "--allotment", 1, "length of allotment, in quanta (if not using -A)")
	fs.stringVar(&c.quantumList, "-Q", "--quantumList", "", "length of time slice per queue level, specified as x,y,z,... where x is the quantum length for the highest priority queue")
	fs.stringVar(&c.allotList, "-A", "--allotmentList", "", "length of allotment per queue level, specified as x,y,z,... where x is the number of quanta for the highest priority queue")
	fs.intVar(&c.numJobs, "-j", "--numJobs", 3, "number of jobs in the system")
	fs.intVar(&c.maxLen, "-m", "--maxlen", 100, "max run-time of a job (if randomly generating)")
	fs.intVar(&c.maxIO, "-M", "--maxio", 10, "max I/O frequency of a job (if randomly generating)")
	fs.intVar(&c.boost, "-B", "--boost", 0, "how often to boost the priority of all jobs back to high priority (0 means never)")
	fs.intVar(&c.ioTime, "-i", "--iotime", 5, "how long an I/O should last (fixed constant)")
	fs.boolVar(&c.stay, "-S", "--stay", "reset and stay at same priority level when issuing I/O")
	fs.boolVar(&c.ioBump, "-I", "--iobump", "if specified, jobs that finished I/O move immediately to front of current queue")
	fs.stringVar(&c.jlist, "-l", "--jlist", "", "a list of jobs to run, in the form x1,y1,z1:x2,y2,z2:... where x is start time, y is run time, and z is how often the job issues an I/O request")
	fs.boolVar(&c.solve, "-c", "", "compute answers for me")
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := c.setup(prog, defQuantum, defAllot); err != nil {
		return err
	}
	if c.solve && len(c.jobs) == 0 {
		return inputError(prog, "no jobs, so no statistics")
	}
	c.header(out)
	if !c.solve {
		out.line("Compute the execution trace for the given workloads.")
		out.line("If you would like, also compute the response and turnaround")
		out.line("times for each of the jobs.")
		out.line("")
		out.line("Use the -c flag to get the exact results when you are finished.")
		out.line("")
		return nil
	}
	if err := c.simulate(out); err != nil {
		return err
	}
	c.statistics(out)
	return nil
}

// setup builds the per-level quanta and allotments and the job list.
func (c *mlfqConfig) setup(prog string, defQuantum, defAllot int) error {
	var qs, as []int
	if c.quantumList != "" {
		var err error
		if qs, err = intList(prog, "-Q", c.quantumList); err != nil {
			return err
		}
		c.numQueues = len(qs)
	}
	if c.numQueues < 1 || c.numQueues > MaxQueues {
		return inputError(prog, "the number of queues must be in 1..%d, not %d", MaxQueues, c.numQueues)
	}
	if c.allotList != "" {
		var err error
		if as, err = intList(prog, "-A", c.allotList); err != nil {
			return err
		}
		if len(as) != c.numQueues {
			return inputError(prog, "number of allotments specified must match number of quantums")
		}
	}
	c.hi = c.numQueues - 1
	c.quantum = make([]int, c.numQueues)
	c.allot = make([]int, c.numQueues)
	for level := range c.numQueues {
		c.quantum[level], c.allot[level] = defQuantum, defAllot
		if qs != nil {
			c.quantum[level] = qs[c.hi-level]
		}
		if as != nil {
			c.allot[level] = as[c.hi-level]
		}
	}

	if c.jlist != "" {
		for _, spec := range strings.Split(c.jlist, ":") {
			f, err := intList(prog, "-l", spec)
			if err != nil {
				return err
			}
			if len(f) != 3 {
				return inputError(prog, "bad job %s in -l (want start,run,ioFreq)", pyQuote(spec))
			}
			c.addJob(f[0], f[1], f[2])
		}
	} else {
		rng := newPyRandom(int64(c.seed))
		for range max(c.numJobs, 0) {
			if len(c.jobs) >= MaxJobs {
				break
			}
			run := pyTrunc(float64(rng.random()*float64(c.maxLen-1)) + 1)
			ioFreq := pyTrunc(float64(rng.random()*float64(c.maxIO-1)) + 1)
			c.addJob(0, run, ioFreq)
		}
	}
	if len(c.jobs) > MaxJobs || c.numJobs > MaxJobs && c.jlist == "" {
		return inputError(prog, "more than %d jobs", MaxJobs)
	}
	return nil
}

func (c *mlfqConfig) addJob(start, run, ioFreq int) {
	c.jobs = append(c.jobs, &mlfqJob{
		start: start, run: run, ioFreq: ioFreq,
		currPri: c.hi, ticksLeft: c.quantum[c.hi], allotLeft: c.allot[c.hi],
		timeLeft: run, firstRun: -1, endTime: -1,
	})
}

// intList parses "x,y,z" with Python's int().
func intList(prog, opt, s string) ([]int, error) {
	parts := strings.Split(s, ",")
	if len(parts) > MaxJobs {
		return nil, inputError(prog, "option %s: more than %d values", opt, MaxJobs)
	}
	vals := make([]int, len(parts))
	for i, p := range parts {
		n, ok := parsePyInt(p)
		if !ok {
			return nil, inputError(prog, "option %s: invalid literal for int() with base 10: %s", opt, pyQuote(p))
		}
		vals[i] = n
	}
	return vals, nil
}

func (c *mlfqConfig) header(out *printer) {
	out.line("Here is the list of inputs:")
	out.f("OPTIONS jobs %d\n", len(c.jobs))
	out.f("OPTIONS queues %d\n", c.numQueues)
	for level := c.hi; level >= 0; level-- {
		out.f("OPTIONS allotments for queue %2d is %3d\n", level, c.allot[level])
		out.f("OPTIONS quantum length for queue %2d is %3d\n", level, c.quantum[level])
	}
	out.f("OPTIONS boost %d\n", c.boost)
	out.f("OPTIONS ioTime %d\n", c.ioTime)
	out.f("OPTIONS stayAfterIO %s\n", pyBool(c.stay))
	out.f("OPTIONS iobump %s\n", pyBool(c.ioBump))
	out.line("")
	out.line("")
	out.line("For each job, three defining characteristics are given:")
	out.line("  startTime : at what time does the job enter the system")
	out.line("  runTime   : the total CPU time needed by the job to finish")
	out.line("  ioFreq    : every ioFreq time units, the job issues an I/O")
	out.line("              (the I/O takes ioTime units to complete)")
	out.line("")
	out.line("Job List:")
	for i, j := range c.jobs {
		out.f("  Job %2d: startTime %3d - runTime %3d - ioFreq %3d\n", i, j.start, j.run, j.ioFreq)
	}
	out.line("")
}

// simulate prints the execution trace; one loop iteration is one time unit.
func (c *mlfqConfig) simulate(out *printer) error {
	out.line("")
	out.line("Execution Trace:")
	out.line("")
	events := map[int][]mlfqEvent{}
	for i, j := range c.jobs {
		events[j.start] = append(events[j.start], mlfqEvent{job: i})
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
			b = strconv.AppendInt(append(b, "[ time "...), int64(t), 10)
			b = strconv.AppendInt(append(b, " ] Run JOB "...), int64(id), 10)
			b = strconv.AppendInt(append(b, " at PRIORITY "...), int64(p), 10)
			b = strconv.AppendInt(append(b, " [ TICKS "...), int64(ticks), 10)
			b = strconv.AppendInt(append(b, " ALLOT "...), int64(j.allotLeft), 10)
			b = strconv.AppendInt(append(b, " TIME "...), int64(j.timeLeft), 10)
			b = strconv.AppendInt(append(b, " (of "...), int64(j.run), 10)
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
			events[at] = append(events[at], mlfqEvent{job: id, ioDone: true})
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

func (c *mlfqConfig) statistics(out *printer) {
	out.line("")
	out.line("Final statistics:")
	var sumResp, sumTurn int
	for i, j := range c.jobs {
		resp, turn := j.firstRun-j.start, j.endTime-j.start
		sumResp += resp
		sumTurn += turn
		out.f("  Job %2d: startTime %3d - response %3d - turnaround %3d\n", i, j.start, resp, turn)
	}
	n := len(c.jobs)
	out.line("")
	// The "%2d" is the index of the last job, not the count (a quirk).
	out.f("  Avg %2d: startTime n/a - response %.2f - turnaround %.2f\n", n-1, float64(sumResp)/float64(n), float64(sumTurn)/float64(n))
	out.line("")
	out.line("")
}
