package lab

import (
	"cmp"
	"slices"

	"proclab/sim"
)

// The bounds of the search for the best schedule a person could have made
// by hand (bestByHand). They bound the work and memory of one grade:
// MaxSchedSearchTicks simulated ticks (each a copy of the engine, 2 to 10
// microseconds for a workload of MaxSchedJobs jobs) or MaxSchedSearchNodes
// decisions, whichever comes first, after a first descent of at most
// MaxSchedTicks ticks; and MaxSchedSearchBytes of engines kept to try
// other candidates. Measured on the worst workloads the limits allow, one
// search takes 0.06 to 0.45 s of one core and at most about 60 MiB of heap
// (BenchmarkBestByHandWorst; a whole grade, BenchmarkGradeWorst, 0.4 s). The bounds count work, never the clock, so
// a grade is the same on every machine (lab is deterministic).
const (
	MaxSchedSearchNodes = 5_000           // decisions the search may branch at
	MaxSchedSearchTicks = 20_000          // ticks it may simulate in all
	MaxSchedSearchBytes = 16 << 20        // engines it keeps at once to try other candidates (sim.Engine.Bytes)
	ruleNonPreemptive   = "nonpreemptive" // fcfs play: a choice only when a CPU is free
	ruleQuantum         = "quantum"       // rr play: also at each quantum's end
	refPolicyNone       = ""              // the reference is no policy's own schedule
	refPolicySJF        = "sjf"           // non-preemptive SJF reaches the reference
	refPolicySRTF       = "srtf"          // SRTF reaches the reference's average waiting time
	noBurst             = int64(1) << 60  // burst left of a task that is not computing
)

// Reference is the schedule a "you are the scheduler" run is graded
// against: the best one, by average waiting time, that the person could
// have made under the rule they played.
type Reference struct {
	// Rule is the rule the person played: "nonpreemptive" (fcfs: they pick
	// when a CPU is free, a job keeps it until it blocks or ends) or
	// "quantum" (rr: they also pick at the end of each quantum).
	Rule    string
	Quantum int64 // the quantum of the "quantum" rule, in ticks (0 under "nonpreemptive")
	// Policy names a policy whose own schedule of the workload has the same
	// average waiting time as the reference: "sjf" (nonpreemptive rule) or
	// "srtf" (quantum rule), or "" when that policy does worse.
	Policy  string
	Avg     Averages // the reference's averages, in ticks
	Choices []string // the reference's choice at each decision, in order: the same play, replayed, gives the same schedule
	Order   []string // the jobs in the order they start running from the first decision on (consecutive runs of one job merged)
	// Exact is true when the search ruled out every other schedule, false
	// when it stopped at one of its bounds (MaxSchedSearchNodes, ...Ticks,
	// ...Bytes) with the best schedule found so far.
	Exact bool
	Nodes int // decisions the search branched at
	Ticks int // ticks the search simulated between decisions
}

// bestByHand finds the best schedule (least total waiting time, so least
// average waiting time: every job completes in each) that a person playing
// "you are the scheduler" under run's rule could have made. It searches the
// very tree of decisions the person faces: it runs the engine in manual
// mode and, at each decision (two or more jobs ready for a free CPU, or at
// a quantum's end under rr), tries every candidate. So the reference is
// reachable by construction: a CPU never idles while a job is ready (the
// person cannot make it idle either), I/O, several CPUs and the switch cost
// play exactly as in the person's run, and the score can reach 100.
//
// Why not a formula: with arrivals over time, non-preemptive SJF is not
// always the best (starting a short job that arrives a tick later may beat
// starting a long one now), and minimising total completion time on one
// CPU with release dates is NP-hard without preemption (1|r_j|ΣC_j). With
// preemption at every tick on one CPU, shortest-remaining-time-first is
// optimal (SRPT), and the search finds it at once (see below); with several
// CPUs, with quanta longer than a tick, with I/O or with a switch cost, no
// simple rule is optimal, and the same search is used.
//
// The search is depth-first branch and bound. Candidates are tried
// shortest burst left first (ties: the job the CPU ran last, then queue
// order), so the first complete schedule is SJF's (nonpreemptive rule) or
// SRTF's at the quantum's granularity (quantum rule). A branch is cut when
// a lower bound of its total waiting is no better than the best schedule
// found: the waiting time accrued so far plus that of a relaxation, the
// jobs that have only their last CPU burst left scheduled by SRPT (optimal
// for total completion time with preemption) on one CPU as fast as all the
// CPUs together. When every job has one burst and all are present, or on
// one CPU with a quantum of one tick, that bound is reached and the search
// stops after one schedule.
//
// Complexity: the tree has up to n! leaves for n jobs on one CPU without
// I/O (more with quanta, I/O or several CPUs), and n is at most
// MaxSchedJobs (32), so an exhaustive search is not always possible. The
// search branches at most MaxSchedSearchNodes times, simulates at most
// MaxSchedSearchTicks ticks (after its first descent) and keeps at most
// MaxSchedSearchBytes of engines for backtracking; each node
// costs O(ticks to the next decision × n) plus O(n²) for the bound. Within
// those bounds it is exhaustive for the workloads of a classroom: every
// built-in example of the scheduling view at its own quantum, and one-burst
// workloads of up to 6 jobs on one CPU (a test checks those against brute
// force). Beyond them (the I/O mix at q=1 is one: its bound is loose) it
// returns the best schedule found with Exact false, and the grade says so.
// It is deterministic.
func bestByHand(w Workload, run Policy) (Reference, error) {
	text, err := w.text(run)
	if err != nil {
		return Reference{}, err
	}
	sc, err := sim.Parse(text)
	if err != nil {
		return Reference{}, Errorf(CodeBadField, "%v", err)
	}
	s := &bestSearch{jobs: map[string]*searchJob{}, cpus: int64(w.CPUs), best: -1}
	for _, j := range w.Jobs {
		sj := &searchJob{arrival: j.Arrival, cpuUpTo: make([]int64, len(j.Bursts))}
		var sum int64
		for k, b := range j.Bursts {
			if k%2 == 0 {
				sum += b
			}
			sj.cpuUpTo[k] = sum
		}
		sj.total = sum
		sj.last = sum - j.Bursts[len(j.Bursts)-1]
		s.jobs[j.Name] = sj
		s.order = append(s.order, j.Name)
	}
	root := sim.New(sc, sim.Options{MaxSteps: MaxSchedTicks, Manual: true})
	s.floor = s.lowerBound(root)
	s.descend(root)
	ref := Reference{Rule: ruleNonPreemptive, Exact: !s.stopped && !s.partial, Nodes: s.nodes, Ticks: s.ticks}
	if run.Policy == "rr" {
		ref.Rule, ref.Quantum = ruleQuantum, sc.Quantum
	}
	if s.bestEng == nil {
		return ref, errNoReference
	}
	for _, d := range s.bestEng.DecisionLog() {
		ref.Choices = append(ref.Choices, d.Name(d.Chosen))
	}
	res, _, _, err := schedule(w, run, append([]string{}, ref.Choices...))
	if err != nil {
		return Reference{}, err
	}
	ref.Avg = res.Avg
	ref.Order = runOrder(res, s.bestEng.DecisionLog())
	return ref, nil
}

// errNoReference says that no schedule the search tried completed within
// MaxSchedTicks (then the student's cannot have either).
var errNoReference = Errorf(CodeTooLarge, "no complete schedule within %d ticks", MaxSchedTicks)

// runOrder lists the jobs of a schedule in the order they start running,
// from its first decision on (or from the start when it had none), with
// consecutive runs of one job merged.
func runOrder(res Schedule, log []sim.Decision) []string {
	from := int64(0)
	if len(log) > 0 {
		from = log[0].Step - 1
	}
	runs := make([]Slice, 0, len(res.Gantt))
	for _, g := range res.Gantt {
		if g.Kind == "run" && g.End > from {
			runs = append(runs, g)
		}
	}
	slices.SortStableFunc(runs, func(a, b Slice) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.CPU, b.CPU)) })
	out := []string{}
	for _, g := range runs {
		if n := len(out); n == 0 || out[n-1] != g.Job {
			out = append(out, g.Job)
		}
	}
	return out
}

// searchJob is what the bound needs to know of one job, in ticks.
type searchJob struct {
	arrival int64
	cpuUpTo []int64 // per burst index k, the CPU ticks of bursts 0..k
	total   int64   // CPU ticks of all its bursts
	last    int64   // CPU ticks before its last CPU burst
}

// bestSearch is the state of one bestByHand search. It is used by one
// goroutine.
type bestSearch struct {
	jobs      map[string]*searchJob
	order     []string // job names in the workload's order
	cpus      int64
	floor     int64       // a lower bound of every schedule's total waiting: reaching it ends the search
	best      int64       // the least total waiting found (-1: none yet)
	bestEng   *sim.Engine // the engine at the end of that schedule
	nodes     int
	ticks     int
	held      int64 // bytes of the engines kept on the current path (MaxSchedSearchBytes)
	stopped   bool  // a bound stopped the search
	partial   bool  // MaxSchedSearchBytes cut a path's other candidates
	descended bool  // the first descent reached the end of its run
	done      bool  // the best schedule found reaches floor
}

// over reports whether the search must end: the best schedule found
// reaches the floor, or a bound of the search is reached (never before
// the end of the first descent, which is at most MaxSchedTicks steps: so
// the first schedule is always found). The bounds hold even when that
// schedule is not complete: then nothing prunes the tree, which has up to
// 32!/27! leaves.
func (s *bestSearch) over() bool {
	if s.stopped || s.done {
		return true
	}
	if !s.descended {
		return false
	}
	if s.nodes >= MaxSchedSearchNodes || s.ticks >= MaxSchedSearchTicks {
		s.stopped = true
	}
	return s.stopped
}

// descend runs e to its next decision and branches there, or, at the end
// of the run, keeps the schedule if it is the best so far.
func (s *bestSearch) descend(e *sim.Engine) {
	for !e.Done() {
		if s.over() {
			return
		}
		_, d := e.StepManual()
		if d != nil {
			s.branch(e, d)
			return
		}
		s.ticks++
	}
	s.descended = true
	st := e.Stats()
	if st.Completed < len(st.Jobs) || st.Completed < len(s.order) {
		return // the tick limit cut it short
	}
	var total int64
	for _, j := range st.Jobs {
		total += j.Waiting
	}
	if s.best < 0 || total < s.best {
		s.best, s.bestEng = total, e
	}
	if s.best <= s.floor {
		s.done = true // nothing can beat it: the search is complete
	}
}

// branch tries each candidate of decision d, best guess first.
func (s *bestSearch) branch(e *sim.Engine, d *sim.Decision) {
	s.nodes++
	if s.best >= 0 && s.lowerBound(e) >= s.best {
		return
	}
	_, ranLast := e.Activity(d.CPU)
	type cand struct {
		pid  sim.PID
		left int64
		last bool
		k    int
	}
	cands := make([]cand, len(d.Candidates))
	for k, pid := range d.Candidates {
		cands[k] = cand{pid: pid, left: s.burstLeft(e, pid, d.Names[k]), last: pid == ranLast, k: k}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.left != b.left {
			return cmp.Compare(a.left, b.left)
		}
		if a.last != b.last {
			if a.last {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.k, b.k)
	})
	// e is kept while its candidates are tried, so a path of thousands of
	// decisions (one at each tick under rr at q=1) would keep thousands of
	// engines: past MaxSchedSearchBytes, only the best guess is followed,
	// in e itself, and the reference is no longer proven best.
	n := e.Bytes()
	if s.held+n > MaxSchedSearchBytes {
		s.partial = true
		e.AddChoice(cands[0].pid)
		s.descend(e)
		return
	}
	s.held += n
	defer func() { s.held -= n }()
	for _, c := range cands {
		if s.over() {
			return
		}
		next := e.Clone()
		next.AddChoice(c.pid)
		s.descend(next)
	}
}

// burstLeft is the CPU ticks left in the current CPU burst of the task
// named name with PID pid, as e stands before the step that asks the
// decision: a job that arrives in that step is not in e yet (its first
// burst is left), and one that wakes in it is still at its I/O statement
// (the next CPU burst is left).
func (s *bestSearch) burstLeft(e *sim.Engine, pid sim.PID, name string) int64 {
	j := s.jobs[name]
	if j == nil {
		return noBurst
	}
	for _, t := range e.Tasks() {
		if t.PID != pid {
			continue
		}
		k := t.PC
		if k%2 != 0 {
			k++
		}
		if k < 0 || k >= len(j.cpuUpTo) {
			return noBurst
		}
		return j.cpuUpTo[k] - (t.UserTicks + t.KernelTicks)
	}
	return j.cpuUpTo[0]
}

// lowerBound returns a total waiting time that no complete schedule from
// e's state can beat: the waiting accrued so far (0 for a job now in I/O,
// whose I/O time is booked only when it wakes) plus SRPT's waiting for the
// jobs that are ready, running or yet to arrive with only their last CPU
// burst left, on one CPU as fast as all of e's CPUs together.
func (s *bestSearch) lowerBound(e *sim.Engine) int64 {
	now := e.StepNum()
	var acc int64
	var pieces []srptJob
	arrived := map[string]bool{}
	for _, t := range e.Tasks()[1:] {
		arrived[t.Name] = true
		used := t.UserTicks + t.KernelTicks
		j := s.jobs[t.Name]
		switch {
		case t.Ended > 0:
			acc += t.Ended - (t.Created - 1) - used - t.IOTicks
		case t.State == sim.StateRunnable || t.State == sim.StateRunning:
			acc += now - (t.Created - 1) - used - t.IOTicks
			if j != nil && used >= j.last {
				pieces = append(pieces, srptJob{release: now, work: j.total - used})
			}
		}
	}
	for _, name := range s.order {
		if j := s.jobs[name]; !arrived[name] && j.last == 0 {
			pieces = append(pieces, srptJob{release: max(now, j.arrival), work: j.total})
		}
	}
	return acc + srptWaiting(pieces, s.cpus)
}

// srptJob is one job of the relaxation: available from release, needing
// work ticks of CPU.
type srptJob struct{ release, work int64 }

// srptWaiting returns a lower bound of the total waiting time (completion
// − release − work, summed) of jobs on cpus CPUs with preemption: SRPT's
// on one CPU cpus times as fast (any schedule on the CPUs can be run on
// that one, no job finishing later), rounded up, and at least 0. It takes
// O(n²) for n jobs.
func srptWaiting(jobs []srptJob, cpus int64) int64 {
	if len(jobs) == 0 {
		return 0
	}
	// Time is counted in 1/cpus ticks: the fast CPU does one tick of work
	// per unit.
	js := slices.Clone(jobs)
	slices.SortFunc(js, func(a, b srptJob) int { return cmp.Compare(a.release, b.release) })
	left := make([]int64, len(js))
	var base, sumC int64
	for i, j := range js {
		left[i] = j.work
		base += j.release + j.work
	}
	now := js[0].release * cpus
	for done := 0; done < len(js); {
		// The ready job with the least work left; the next release.
		pick, next := -1, int64(-1)
		for i, j := range js {
			if left[i] == 0 {
				continue
			}
			if r := j.release * cpus; r > now {
				if next < 0 || r < next {
					next = r
				}
				continue
			}
			if pick < 0 || left[i] < left[pick] {
				pick = i
			}
		}
		if pick < 0 {
			now = next
			continue
		}
		run := left[pick]
		if next >= 0 && next-now < run {
			run = next - now
		}
		now += run
		left[pick] -= run
		if left[pick] == 0 {
			done++
			sumC += now
		}
	}
	lb := (sumC + cpus - 1) / cpus // completion times, in ticks, summed and rounded up
	return max(0, lb-base)
}
