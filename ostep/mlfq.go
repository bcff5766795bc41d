package ostep

import (
	"cmp"
	"slices"
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
	// ioIn counts down the ticks to the job's next I/O (while ioFreq > 0):
	// it reaches 0 when (run-timeLeft)%ioFreq == 0, without a division.
	ioIn int

	// For the Run line: timeLeft as a counter, the line's middle,
	// " ] Run JOB id at PRIORITY p [ TICKS ", for priority lineMidPri, and
	// its end, " (of run) ]\n", which never changes.
	timeLeftDigits counter
	lineMid        []byte
	lineMidPri     int
	lineEnd        []byte
}

// mlfqIODone is an I/O that completes at time at.
type mlfqIODone struct {
	at, job int
}

// jobQueue is one level's queue of job indices: a ring that grows by
// doubling, so a long run that cycles its jobs through the queue
// allocates nothing (slicing the front off a slice and appending at its
// end reallocated it every few ticks).
type jobQueue struct {
	buf     []int
	head, n int
}

func (q *jobQueue) len() int   { return q.n }
func (q *jobQueue) front() int { return q.buf[q.head] }

func (q *jobQueue) popFront() {
	q.head++
	if q.head == len(q.buf) {
		q.head = 0
	}
	q.n--
}

// grow makes room for one more job.
func (q *jobQueue) grow() {
	if q.n < len(q.buf) {
		return
	}
	buf := make([]int, max(4, 2*len(q.buf)))
	for i := range q.n {
		buf[i] = q.buf[(q.head+i)%len(q.buf)]
	}
	q.buf, q.head = buf, 0
}

func (q *jobQueue) pushBack(id int) {
	q.grow()
	q.buf[(q.head+q.n)%len(q.buf)] = id
	q.n++
}

func (q *jobQueue) pushFront(id int) {
	q.grow()
	q.head = (q.head - 1 + len(q.buf)) % len(q.buf)
	q.buf[q.head] = id
	q.n++
}

// moveTo appends the queue's jobs, in order, to dst and empties it.
func (q *jobQueue) moveTo(dst *jobQueue) {
	for ; q.n > 0; q.popFront() {
		dst.pushBack(q.front())
	}
	q.head = 0
}

type mlfqConfig struct {
	numQueues, hi    int
	quantum, allot   []int // indexed by level, 0 = lowest
	boost, ioTime    int
	stay, ioBump     bool
	solve            bool
	jobs             []*mlfqJob
	maxLen, maxIO    int
	numJobs          int
	seed             pyInt
	quantumList      string
	allotList, jlist string
}

func runMLFQ(args []string, out *printer) error {
	const prog = "mlfq.py"
	var c mlfqConfig
	var defQuantum, defAllot int
	fs := newFlagSet(prog)
	fs.seedVar(&c.seed, "-s", "--seed", 0, "the random seed")
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
		rng := c.seed.rng()
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
	// The events at a time t are, in this order, the arrivals of the jobs
	// that start at t (in list order) and the I/Os that complete at t (in
	// the order they were issued). I/Os are issued at increasing times and
	// all last ioTime, so they complete in the order they were issued: a
	// FIFO holds them. An arrival before time 0 or an I/O that would
	// complete before it was issued (a negative -i) never happens, as in
	// the script, where no tick looks at that time any more.
	arrivals := make([]int, len(c.jobs))
	for i := range arrivals {
		arrivals[i] = i
	}
	slices.SortStableFunc(arrivals, func(a, b int) int { return cmp.Compare(c.jobs[a].start, c.jobs[b].start) })
	nextArrival := 0
	var ioDone []mlfqIODone // pending I/Os from ioHead on, in completion order
	ioHead := 0
	queues := make([]jobQueue, c.numQueues)
	for _, j := range c.jobs {
		j.ioIn = j.ioFreq
	}
	dry := out.dry()
	if !dry {
		for _, j := range c.jobs {
			j.timeLeftDigits.set(int64(j.timeLeft))
			j.lineEnd = append(appendInt([]byte(" (of "), int64(j.run)), ") ]\n"...)
		}
	}
	var clock counter // t, for the trace's lines
	clock.set(0)
	finished := 0
	for t, steps := 0, 0; finished < len(c.jobs); steps++ {
		if steps >= MaxSteps {
			return stepLimit("mlfq.py")
		}
		if out.full() {
			return nil
		}
		if dry && steps%4096 == 0 && c.endsInTime(t) {
			// A dry pass looks for the step limit only, and the rest of
			// the run surely stays below it: nothing more to find.
			return nil
		}
		// 1. Boost: lower queues join the top one, lowest first; every
		// unfinished job gets the top level's full quantum and allotment.
		if c.boost > 0 && t != 0 && t%c.boost == 0 {
			out.f("[ time %d ] BOOST ( every %d )\n", t, c.boost)
			for q := 0; q < c.hi; q++ {
				queues[q].moveTo(&queues[c.hi])
			}
			for _, j := range c.jobs {
				if j.timeLeft > 0 {
					j.currPri, j.ticksLeft, j.allotLeft = c.hi, c.quantum[c.hi], c.allot[c.hi]
				}
			}
		}
		// 2. Arrivals and I/O completions at t.
		for nextArrival < len(arrivals) && c.jobs[arrivals[nextArrival]].start < t {
			nextArrival++ // a start before time 0
		}
		for ; nextArrival < len(arrivals) && c.jobs[arrivals[nextArrival]].start == t; nextArrival++ {
			id := arrivals[nextArrival]
			out.f("[ time %d ] JOB BEGINS by JOB %d\n", t, id)
			j := c.jobs[id]
			j.doingIO = false
			queues[j.currPri].pushBack(id)
		}
		for ioHead < len(ioDone) && ioDone[ioHead].at < t {
			ioHead++ // a negative -i
		}
		for ; ioHead < len(ioDone) && ioDone[ioHead].at == t; ioHead++ {
			id := ioDone[ioHead].job
			mlfqEventLine(out, &clock, " ] IO_DONE by JOB ", id)
			j := c.jobs[id]
			j.doingIO = false
			if c.ioBump {
				queues[j.currPri].pushFront(id)
			} else {
				queues[j.currPri].pushBack(id)
			}
		}
		if ioHead == len(ioDone) {
			ioDone, ioHead = ioDone[:0], 0
		}
		// 3. The head of the highest non-empty queue runs.
		p := -1
		for q := c.hi; q >= 0; q-- {
			if queues[q].len() > 0 {
				p = q
				break
			}
		}
		if p < 0 {
			mlfqEventLine(out, &clock, " ] IDLE", -1)
			t++
			if !dry {
				clock.inc()
			}
			continue
		}
		id := queues[p].front()
		j := c.jobs[id]
		// 4. One tick.
		j.timeLeft--
		if !dry {
			j.timeLeftDigits.dec()
		}
		j.ticksLeft--
		if j.firstRun < 0 {
			j.firstRun = t
		}
		ticks := j.ticksLeft
		// [ time %d ] Run JOB %d at PRIORITY %d [ TICKS %d ALLOT %d TIME %d (of %d) ]
		if b, ok := out.start(); ok {
			b = clock.appendTo(append(b, "[ time "...))
			if j.lineMidPri != p || j.lineMid == nil {
				j.lineMid = appendInt(append(appendInt(append(j.lineMid[:0], " ] Run JOB "...), int64(id)), " at PRIORITY "...), int64(p))
				j.lineMid, j.lineMidPri = append(j.lineMid, " [ TICKS "...), p
			}
			b = appendInt(append(b, j.lineMid...), int64(ticks))
			b = appendInt(append(b, " ALLOT "...), int64(j.allotLeft))
			b = j.timeLeftDigits.appendTo(append(b, " TIME "...))
			out.done(append(b, j.lineEnd...))
		}
		t++
		if !dry {
			clock.inc()
		}
		// 5. Finished?
		if j.timeLeft == 0 {
			out.f("[ time %d ] FINISHED JOB %d\n", t, id)
			j.endTime = t
			queues[p].popFront()
			finished++
			continue
		}
		// 6. I/O?
		issuedIO := false
		j.ioIn--
		if j.ioFreq > 0 && j.ioIn == 0 {
			j.ioIn = j.ioFreq
			mlfqEventLine(out, &clock, " ] IO_START by JOB ", id)
			out.line("IO DONE")
			queues[p].popFront()
			j.doingIO = true
			issuedIO = true
			if c.stay {
				j.ticksLeft, j.allotLeft = c.quantum[j.currPri], c.allot[j.currPri]
			}
			if ioHead > 0 && len(ioDone) == cap(ioDone) {
				// Reuse the room of the completed ones: a job has at most
				// one I/O pending, so the array stays within twice the jobs.
				ioDone, ioHead = ioDone[:copy(ioDone, ioDone[ioHead:])], 0
			}
			ioDone = append(ioDone, mlfqIODone{at: t + c.ioTime, job: id})
		}
		// 7. Quantum over (tested on the value shown in step 4)?
		if ticks != 0 {
			continue
		}
		if !issuedIO {
			queues[p].popFront()
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
			queues[next].pushBack(id)
		}
	}
	return nil
}

// endsInTime reports whether a run at time t (at the top of a tick, which
// is also the count of ticks so far) surely ends within MaxSteps ticks in
// all, from an upper bound of the ticks left: every tick runs a job or is
// idle. The ticks that run jobs are the unfinished jobs' time left. An idle
// tick comes before a job's arrival, or has every arrived unfinished job
// doing I/O, among them the job that finishes last; so there are at most
// (latest start - t) idle ticks before the last arrival, and after it at
// most that job's I/O ticks: ioTime for the I/O it may be doing and for
// each it may still issue (at most one per ioFreq ticks it runs), which
// the job with the most bounds. Without a bound (a job that starts before
// time 0 or never finishes, a negative I/O time) the answer is false.
func (c *mlfqConfig) endsInTime(t int) bool {
	if c.ioTime < 0 || c.ioTime >= MaxSteps {
		return false
	}
	left, idleBefore, mostIO := 0, 0, 0
	for _, j := range c.jobs {
		if j.endTime >= 0 {
			continue // finished
		}
		if j.start < 0 || j.timeLeft <= 0 {
			return false // it never arrives, or never reaches time left 0
		}
		if j.start >= MaxSteps || j.timeLeft >= MaxSteps {
			return false // too long anyway (and the sums stay far from overflowing)
		}
		left += j.timeLeft
		idleBefore = max(idleBefore, j.start-t)
		ios := 1 // the I/O it may be doing now
		if j.ioFreq > 0 {
			ios += (j.timeLeft + j.ioFreq - 1) / j.ioFreq
		}
		mostIO = max(mostIO, ios)
	}
	return t+idleBefore+left+mostIO*c.ioTime < MaxSteps-1
}

// mlfqEventLine prints "[ time T<what>ID\n" with T the clock, without ID
// when id < 0: the trace's IDLE, IO_START and IO_DONE lines, as
// out.f("[ time %d ] IDLE\n", t) and so on would, faster.
func mlfqEventLine(out *printer, clock *counter, what string, id int) {
	if b, ok := out.start(); ok {
		b = append(clock.appendTo(append(b, "[ time "...)), what...)
		if id >= 0 {
			b = appendInt(b, int64(id))
		}
		out.done(append(b, '\n'))
	}
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
