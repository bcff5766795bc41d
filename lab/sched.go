package lab

import (
	"fmt"
	"math"
	"strings"

	"proclab/ostep"
	"proclab/sim"
)

// Workload is a scheduling workload as the browser's editor sends it.
type Workload struct {
	CPUs       int
	SwitchCost int64
	Jobs       []Job
	MLFQ       *MLFQ
	Seed       uint64
}

// Job is one job: CPU bursts alternating with I/O waits
// (bursts[0] CPU, bursts[1] I/O, bursts[2] CPU, ...).
type Job struct {
	Name     string
	Arrival  int64
	Bursts   []int64
	Priority int
	Tickets  int64
	Nice     int
}

// MLFQ configures the multi-level feedback queue: per level a quantum and
// an allotment (ticks), and the boost period (0: never).
type MLFQ struct {
	Quanta  []int64
	Allot   []int64
	Boost   int64
	IOReset bool // a fresh allotment after each I/O (the old, gameable rule; mlfq.py -S)
}

// Policy is the policy (by sim.ParsePolicy name) and quantum of one run
// of a workload (Quantum 0: sim.DefaultQuantum).
type Policy struct {
	Policy  string
	Quantum int64
}

// JobStats are one job's metrics, in ticks.
type JobStats struct {
	Name       string
	Arrival    int64
	Burst      int64
	IO         int64
	Priority   int
	FirstRun   int64
	Completion int64
	Turnaround int64
	Waiting    int64
	Response   int64
}

// Averages are a schedule's average metrics, in ticks.
type Averages struct {
	Turnaround float64
	Waiting    float64
	Response   float64
}

// Slice is one stretch of a Gantt chart: a job running, or a CPU switching to it.
type Slice struct {
	CPU   int
	Job   string
	Start int64
	End   int64
	Kind  string // "run" or "switch"
}

// Schedule is one policy's schedule of the workload. States holds,
// per job, one character per tick: '-' not arrived, 'r' ready, 'R' running,
// 'c' its CPU is switching to it, 'S' waiting for I/O, ' ' ended. Queues[t]
// is the ready queue after tick t+1's dispatch, by name; Levels (MLFQ
// only) holds each job's level per tick as digits.
type Schedule struct {
	Policy          string
	Quantum         int64
	Scenario        string
	Jobs            []JobStats
	Avg             Averages
	Gantt           []Slice
	ContextSwitches int64
	Utilization     float64
	End             int64
	States          map[string]string
	Queues          [][]string
	Levels          map[string]string
	Complete        bool
	SwitchTicks     int64 // ticks the CPUs spent switching (switch cost), not running a job
	// Vruntime (CFS only) holds each job's virtual runtime after each tick,
	// in 1/1024 ticks of a nice-0 task (before it arrives: 0; after it
	// ends: its last value); Weights each job's load weight (its nice
	// value's, 1024 for nice 0). Both are what the engine computed, for
	// viewers; nil under other policies.
	Vruntime map[string][]int64
	Weights  map[string]int64
}

// Grade compares a schedule made by hand with the best schedule the person
// could have made under the rule they played (Reference), and with every
// policy on the same workload.
type Grade struct {
	Student   Averages
	Reference Reference // what the score compares with
	Policies  []PolicyAverages
	Optimum   string // the policy with the least average waiting in Policies
	// Score is 100 × the reference's total waiting ÷ the student's, rounded:
	// 100 exactly when the student waits no longer than the reference (also
	// when both wait 0), at most 99 otherwise.
	Score       int
	Differences []Decision // the decisions where the student did not pick the shortest burst
	// Departure is the first decision where the student's choice differs
	// from the reference's (nil when they never differ).
	Departure *Departure
}

// Departure is the first decision at which the student left the
// reference's path: at Time (ticks), on CPU, they chose Chosen where the
// reference chooses Best.
type Departure struct {
	Time   int64
	CPU    int
	Chosen string
	Best   string
}

// PolicyAverages are one policy's averages on the same workload, run with
// Quantum (the workload's quantum; 0 for the policies without one).
type PolicyAverages struct {
	Policy  string
	Quantum int64
	Avg     Averages
}

// ManualStep is where a schedule made by hand stands: the next decision,
// or (Done) the finished schedule and its grade.
type ManualStep struct {
	Done     bool
	Decision *Decision
	Result   Schedule
	Grade    *Grade
}

// text writes the workload as a scenario in the jobs model under a run's
// policy, after checking every field (so that parsing cannot fail on it).
func (w Workload) text(run Policy) (string, error) {
	pol, ok := sim.ParsePolicy(run.Policy)
	if !ok {
		return "", Errorf(CodeBadField, "unknown policy %q", run.Policy)
	}
	if w.CPUs < 1 || w.CPUs > MaxSchedCPUs {
		return "", Errorf(CodeBadField, "cpus must be from 1 to %d", MaxSchedCPUs)
	}
	if w.SwitchCost < 0 || w.SwitchCost > MaxSchedSwitchCost {
		return "", Errorf(CodeBadField, "switch_cost must be from 0 to %d", MaxSchedSwitchCost)
	}
	if len(w.Jobs) == 0 || len(w.Jobs) > MaxSchedJobs {
		return "", Errorf(CodeBadField, "a workload has 1 to %d jobs", MaxSchedJobs)
	}
	q := run.Quantum
	if q == 0 {
		q = sim.DefaultQuantum
	}
	if q < 1 || q > MaxSchedQuantum {
		return "", Errorf(CodeBadField, "quantum must be from 1 to %d", MaxSchedQuantum)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "model jobs\ncpus %d\n", w.CPUs)
	switch pol {
	case sim.RR, sim.MLFQ, sim.Lottery, sim.Stride:
		fmt.Fprintf(&b, "policy %s %d\n", pol, q)
	default:
		fmt.Fprintf(&b, "policy %s\n", pol)
	}
	if w.SwitchCost > 0 {
		fmt.Fprintf(&b, "switch_cost %d\n", w.SwitchCost)
	}
	if w.Seed > 0 {
		fmt.Fprintf(&b, "seed %d\n", w.Seed)
	}
	if m := w.MLFQ; m != nil && pol == sim.MLFQ {
		if len(m.Quanta) == 0 || len(m.Quanta) > MaxSchedMLFQLevels || len(m.Allot) != len(m.Quanta) || m.Boost < 0 || m.Boost > MaxSchedTicks {
			return "", Errorf(CodeBadField, "mlfq needs 1 to %d levels with a quantum and an allotment each, and a boost from 0 to %d", MaxSchedMLFQLevels, MaxSchedTicks)
		}
		reset := "no"
		if m.IOReset {
			reset = "yes"
		}
		fmt.Fprintf(&b, "mlfq quanta=%s allot=%s boost=%d io_reset=%s\n", joinInts(m.Quanta), joinInts(m.Allot), m.Boost, reset)
	}
	seen := map[string]bool{}
	for _, j := range w.Jobs {
		if !validJobName(j.Name) || seen[j.Name] {
			return "", Errorf(CodeBadField, "job name %q must be unique: 1 to 15 letters, digits, _ or -, starting with a letter", j.Name)
		}
		seen[j.Name] = true
		if j.Arrival < 0 || j.Arrival > MaxSchedArrival {
			return "", Errorf(CodeBadField, "job %s: arrival must be from 0 to %d", j.Name, MaxSchedArrival)
		}
		if len(j.Bursts) == 0 || len(j.Bursts) > MaxSchedBursts || len(j.Bursts)%2 == 0 {
			return "", Errorf(CodeBadField, "job %s: bursts alternate CPU and I/O, start and end with CPU, at most %d", j.Name, MaxSchedBursts)
		}
		if j.Priority < -100 || j.Priority > 100 || j.Tickets < 0 || j.Tickets > 10000 || j.Nice < -20 || j.Nice > 19 {
			return "", Errorf(CodeBadField, "job %s: priority -100..100, tickets 1..10000, nice -20..19", j.Name)
		}
		fmt.Fprintf(&b, "\nprocess %s at=%d priority=%d", j.Name, j.Arrival, j.Priority)
		if j.Tickets > 0 {
			fmt.Fprintf(&b, " tickets=%d", j.Tickets)
		}
		if j.Nice != 0 {
			fmt.Fprintf(&b, " nice=%d", j.Nice)
		}
		b.WriteString("\n")
		for k, d := range j.Bursts {
			if d < 1 || d > MaxSchedBurst {
				return "", Errorf(CodeBadField, "job %s: every burst is from 1 to %d ticks", j.Name, MaxSchedBurst)
			}
			if k%2 == 0 {
				fmt.Fprintf(&b, "  compute %d\n", d)
			} else {
				fmt.Fprintf(&b, "  io %d\n", d)
			}
		}
	}
	return b.String(), nil
}

func validJobName(s string) bool {
	if len(s) == 0 || len(s) > 15 {
		return false
	}
	for i, c := range s {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '_' || c == '-')) {
			return false
		}
	}
	return true
}

func joinInts(xs []int64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ",")
}

// schedule runs one policy over the workload, in manual mode when choices
// is not nil, and returns the result and, in manual mode, the pending
// decision (nil when the run is complete).
func schedule(w Workload, run Policy, choices []string) (Schedule, *sim.Engine, *sim.Decision, error) {
	text, err := w.text(run)
	if err != nil {
		return Schedule{}, nil, nil, err
	}
	return scheduleText(text, choices)
}

// scheduleText runs a scenario in the jobs model, in manual mode when
// choices is not nil, recording what the scheduling view draws.
func scheduleText(text string, choices []string) (Schedule, *sim.Engine, *sim.Decision, error) {
	sc, err := sim.Parse(text)
	if err != nil {
		return Schedule{}, nil, nil, Errorf(CodeBadField, "%v", err)
	}
	opt := sim.Options{MaxSteps: MaxSchedTicks, Manual: choices != nil}
	e := sim.New(sc, opt)
	res := Schedule{Policy: sc.Policy.String(), Quantum: sc.Quantum, Scenario: text,
		States: map[string]string{}, Queues: [][]string{}}
	if sc.Policy == sim.MLFQ {
		res.Levels = map[string]string{}
	}
	if sc.Policy == sim.CFS {
		res.Vruntime = map[string][]int64{}
		res.Weights = map[string]int64{}
	}
	states := map[string][]byte{}
	levels := map[string][]byte{}
	for _, p := range sc.Processes {
		states[sc.Programs[p.Program].Name] = nil
		if res.Weights != nil {
			res.Weights[sc.Programs[p.Program].Name] = sim.NiceWeight(p.Nice)
			res.Vruntime[sc.Programs[p.Program].Name] = []int64{}
		}
	}
	g := &sim.Gantt{}
	next := 0 // choices used
	var pending *sim.Decision
	var ready []sim.PID
	for !e.Done() {
		if opt.Manual {
			if _, d := e.StepManual(); d != nil {
				if next >= len(choices) {
					pending = d
					break
				}
				var pid sim.PID
				for k, name := range d.Names {
					if name == choices[next] {
						pid = d.Candidates[k]
					}
				}
				if pid == 0 {
					return Schedule{}, nil, nil, Errorf(CodeBadField, "choice %d names %q, which is not ready then (ready: %s)", next+1, choices[next], strings.Join(d.Names, ", "))
				}
				e.AddChoice(pid)
				next++
				continue
			}
		} else {
			e.Step()
		}
		g.Record(e)
		ready = e.Ready(ready)
		q := make([]string, len(ready))
		for k, pid := range ready {
			q[k] = nameOf(e, pid)
		}
		res.Queues = append(res.Queues, q)
		ts := e.Tasks()[1:]
		for i := range ts {
			t := &ts[i] // read in place: a Task is hundreds of bytes
			states[t.Name] = append(states[t.Name], stateChar(e, t))
			if res.Levels != nil {
				levels[t.Name] = append(levels[t.Name], byte('0'+t.Level))
			}
			if res.Vruntime != nil {
				res.Vruntime[t.Name] = append(res.Vruntime[t.Name], t.Vruntime)
			}
		}
		for name, s := range states { // jobs not yet arrived
			if len(s) < len(res.Queues) {
				states[name] = append(s, '-')
			}
		}
		for name, v := range res.Vruntime { // not arrived yet (0), or ended (its last value)
			if len(v) < len(res.Queues) {
				last := int64(0)
				if len(v) > 0 {
					last = v[len(v)-1]
				}
				res.Vruntime[name] = append(v, last)
			}
		}
	}
	for name, s := range states {
		res.States[name] = string(s)
		if res.Levels != nil {
			res.Levels[name] = string(levels[name])
		}
	}
	st := e.Stats()
	res.Complete = e.Done() && st.Completed == len(st.Jobs)
	res.Avg = Averages{Turnaround: st.AvgTurnaround, Waiting: st.AvgWaiting, Response: st.AvgResponse}
	res.ContextSwitches, res.Utilization, res.End = st.ContextSwitches, st.Utilization, st.End
	res.SwitchTicks = st.SwitchTicks
	res.Jobs = []JobStats{}
	for _, j := range st.Jobs {
		res.Jobs = append(res.Jobs, JobStats{Name: j.Name, Arrival: j.Arrival, Burst: j.Burst, IO: j.IO,
			Priority: j.Priority, FirstRun: j.FirstRun, Completion: j.Completion, Turnaround: j.Turnaround,
			Waiting: j.Waiting, Response: j.Response})
	}
	res.Gantt = []Slice{}
	for _, s := range g.Slices {
		kind := "run"
		if s.Activity == sim.Switch {
			kind = "switch"
		}
		if n := len(res.Gantt); n > 0 && kind == "run" && res.Gantt[n-1].Kind == "run" &&
			res.Gantt[n-1].CPU == s.CPU && res.Gantt[n-1].Job == s.Name && res.Gantt[n-1].End == s.Start {
			res.Gantt[n-1].End = s.End
			continue
		}
		res.Gantt = append(res.Gantt, Slice{CPU: s.CPU, Job: s.Name, Start: s.Start, End: s.End, Kind: kind})
	}
	return res, e, pending, nil
}

// stateChar is one tick of Schedule.States: what the task did
// during the last step (a task that ran, then blocked or ended, shows R).
func stateChar(e *sim.Engine, t *sim.Task) byte {
	for c := range e.Scenario().CPUs {
		if act, pid := e.Activity(c); pid == t.PID {
			switch act {
			case sim.Switch:
				return 'c'
			case sim.User, sim.Kernel:
				return 'R'
			}
		}
	}
	switch t.State {
	case sim.StateRunnable, sim.StateRunning:
		return 'r'
	case sim.StateSleeping:
		return 'S'
	case sim.StateDisk:
		return 'D'
	case sim.StateZombie, sim.StateDead:
		return ' '
	}
	return '-'
}

// nameOf returns the name of task pid of e, or "?". It reads the tasks in
// place (a Task is hundreds of bytes: copying each, for each queued task
// at each tick, was most of a grade's time).
func nameOf(e *sim.Engine, pid sim.PID) string {
	ts := e.Tasks()
	for i := range ts {
		if ts[i].PID == pid {
			return ts[i].Name
		}
	}
	return "?"
}

// gradeManual compares a finished manual schedule with the best schedule
// reachable under the same rule (bestByHand) and with every policy run on
// the same workload with the run's quantum, as the Compare view runs them
// (ScheduleAll with runs of the same quantum gives the same numbers).
func gradeManual(w Workload, run Policy, student Schedule, e *sim.Engine) (*Grade, error) {
	g := &Grade{Student: student.Avg, Policies: []PolicyAverages{}, Differences: []Decision{}}
	best := -1.0
	byPolicy := map[string]Averages{}
	for _, pol := range sim.Policies() {
		res, _, _, err := schedule(w, Policy{Policy: pol.String(), Quantum: run.Quantum}, nil)
		if err != nil {
			return nil, err
		}
		q := int64(0)
		switch pol {
		case sim.RR, sim.MLFQ, sim.Lottery, sim.Stride:
			q = res.Quantum
		}
		g.Policies = append(g.Policies, PolicyAverages{Policy: res.Policy, Quantum: q, Avg: res.Avg})
		byPolicy[res.Policy] = res.Avg
		if best < 0 || res.Avg.Waiting < best {
			best, g.Optimum = res.Avg.Waiting, res.Policy
		}
	}
	ref, err := bestByHand(w, run)
	switch {
	case err == errNoReference: // nothing completes: the student's schedule is the best known
		ref.Avg, ref.Exact = student.Avg, false
		for _, d := range e.DecisionLog() {
			ref.Choices = append(ref.Choices, d.Name(d.Chosen))
		}
		ref.Order = runOrder(student, e.DecisionLog())
	case err != nil:
		return nil, err
	}
	n := float64(len(student.Jobs))
	refTotal, youTotal := totalWaiting(ref.Avg, n), totalWaiting(student.Avg, n)
	cmpWith := refPolicySJF
	if ref.Rule == ruleQuantum {
		cmpWith = refPolicySRTF
	}
	if avg, ok := byPolicy[cmpWith]; ok && totalWaiting(avg, n) == refTotal {
		ref.Policy = cmpWith
	}
	g.Reference = ref
	g.Score = score(refTotal, youTotal)
	log := e.DecisionLog()
	for _, d := range log {
		if !d.ChoseShortest() { // an equally short job is as short
			g.Differences = append(g.Differences, toDecision(d))
		}
	}
	for k, d := range log {
		if k >= len(ref.Choices) || g.Score >= 100 { // as good as the best: no departure to point at
			break
		}
		if chosen := d.Name(d.Chosen); chosen != ref.Choices[k] {
			g.Departure = &Departure{Time: d.Step - 1, CPU: d.CPU, Chosen: chosen, Best: ref.Choices[k]}
			break
		}
	}
	return g, nil
}

// totalWaiting turns an average waiting time over n jobs back into the
// whole number of ticks it was computed from.
func totalWaiting(a Averages, n float64) int64 {
	return int64(math.Round(a.Waiting * n))
}

// score is 100 × ref ÷ you (total waiting times, ticks), rounded to the
// nearest whole number: 100 when you ≤ ref, and at most 99 when you > ref
// (so that 100 always means as good as the reference).
func score(ref, you int64) int {
	if you <= ref {
		return 100
	}
	return min(99, int(math.Round(100*float64(ref)/float64(you))))
}

// ScheduleAll schedules the workload under each of runs (1 to
// MaxSchedRuns), for the scheduling view and its side-by-side comparison.
func ScheduleAll(w Workload, runs []Policy) ([]Schedule, error) {
	if len(runs) == 0 || len(runs) > MaxSchedRuns {
		return nil, Errorf(CodeBadField, "ask for 1 to %d runs", MaxSchedRuns)
	}
	out := make([]Schedule, 0, len(runs))
	for _, run := range runs {
		res, _, _, err := schedule(w, run, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// ScheduleByHand advances a "you are the scheduler" run: it replays the
// choices so far (job names, one per decision) under run's preemption rule
// (fcfs: the person picks when the CPU is free; rr: also at each quantum's
// end) and returns the next decision, or the finished schedule and its grade.
func ScheduleByHand(w Workload, run Policy, choices []string) (ManualStep, error) {
	if run.Policy != "fcfs" && run.Policy != "rr" {
		return ManualStep{}, Errorf(CodeBadField, "manual mode runs under fcfs (you pick when the CPU is free) or rr (also at each quantum's end)")
	}
	if len(choices) > MaxSchedTicks {
		return ManualStep{}, Errorf(CodeTooLarge, "%d choices; the limit is %d", len(choices), MaxSchedTicks)
	}
	if choices == nil {
		choices = []string{}
	}
	res, e, pending, err := schedule(w, run, choices)
	if err != nil {
		return ManualStep{}, err
	}
	out := ManualStep{Result: res}
	if pending != nil {
		d := toDecision(*pending)
		out.Decision = &d
		return out, nil
	}
	out.Done = true
	if out.Grade, err = gradeManual(w, run, res, e); err != nil {
		return ManualStep{}, err
	}
	return out, nil
}

// OstepWorkload turns an OSTEP scheduler.py, mlfq.py or lottery.py command
// line into a workload and a run for the scheduling view: the same jobs,
// scheduled by ProcLab.
func OstepWorkload(cmdline string) (Workload, Policy, error) {
	if len(cmdline) > MaxOstepArgsBytes {
		return Workload{}, Policy{}, Errorf(CodeTooLarge, "the command line is at most %d bytes", MaxOstepArgsBytes)
	}
	args, err := ostep.SplitArgs(cmdline)
	if err != nil {
		return Workload{}, Policy{}, Errorf(CodeBadField, "%v", err)
	}
	ow, err := ostep.WorkloadOf(args)
	if err != nil {
		return Workload{}, Policy{}, Errorf(CodeBadField, "%v", err)
	}
	if len(ow.Jobs) > MaxSchedJobs {
		return Workload{}, Policy{}, Errorf(CodeTooLarge, "the scheduling view draws at most %d jobs; this run has %d", MaxSchedJobs, len(ow.Jobs))
	}
	wl := Workload{CPUs: 1}
	for _, j := range ow.Jobs {
		bursts := make([]int64, len(j.Bursts))
		for i, b := range j.Bursts {
			bursts[i] = int64(b)
		}
		wl.Jobs = append(wl.Jobs, Job{Name: j.Name, Arrival: int64(j.Arrival), Bursts: bursts, Tickets: int64(j.Tickets)})
	}
	if ow.Policy == "mlfq" {
		m := &MLFQ{Boost: int64(ow.Boost), IOReset: ow.IOReset}
		for i := range ow.Quanta {
			m.Quanta = append(m.Quanta, int64(ow.Quanta[i]))
			m.Allot = append(m.Allot, int64(ow.Allot[i]))
		}
		wl.MLFQ = m
	}
	run := Policy{Policy: ow.Policy, Quantum: int64(ow.Quantum)}
	if _, err := wl.text(run); err != nil { // the limits of the scheduling view
		return Workload{}, Policy{}, err
	}
	return wl, run, nil
}
