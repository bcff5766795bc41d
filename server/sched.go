package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"proclab/sim"
	"proclab/sim/ostep"
)

// Limits of the scheduling API (one request runs everything at once).
const (
	maxSchedJobs   = 32
	maxSchedBursts = 201
	maxSchedRuns   = 12
	maxSchedTicks  = 5000
	maxSchedBody   = 64 << 10
)

// wireWorkload is a scheduling workload as the browser's editor sends it.
type wireWorkload struct {
	CPUs       int       `json:"cpus"`
	SwitchCost int64     `json:"switch_cost"`
	Jobs       []wireJob `json:"jobs"`
	MLFQ       *wireMLFQ `json:"mlfq,omitempty"`
	Seed       uint64    `json:"seed,omitempty"`
}

// wireJob is one job: CPU bursts alternating with I/O waits
// (bursts[0] CPU, bursts[1] I/O, bursts[2] CPU, ...).
type wireJob struct {
	Name     string  `json:"name"`
	Arrival  int64   `json:"arrival"`
	Bursts   []int64 `json:"bursts"`
	Priority int     `json:"priority"`
	Tickets  int64   `json:"tickets,omitempty"`
	Nice     int     `json:"nice,omitempty"`
}

type wireMLFQ struct {
	Quanta  []int64 `json:"quanta"`
	Allot   []int64 `json:"allot"`
	Boost   int64   `json:"boost"`
	IOReset bool    `json:"io_reset,omitempty"` // a fresh allotment after each I/O (the old, gameable rule; mlfq.py -S)
}

type wireRun struct {
	Policy  string `json:"policy"`
	Quantum int64  `json:"quantum,omitempty"`
}

type wireSchedRequest struct {
	Workload wireWorkload `json:"workload"`
	Runs     []wireRun    `json:"runs"`
}

type wireManualRequest struct {
	Workload wireWorkload `json:"workload"`
	Run      wireRun      `json:"run"` // the preemption rule while the person picks: fcfs or rr
	Choices  []string     `json:"choices"`
}

type wireJobStats struct {
	Name       string `json:"name"`
	Arrival    int64  `json:"arrival"`
	Burst      int64  `json:"burst"`
	IO         int64  `json:"io"`
	Priority   int    `json:"priority"`
	FirstRun   int64  `json:"first_run"`
	Completion int64  `json:"completion"`
	Turnaround int64  `json:"turnaround"`
	Waiting    int64  `json:"waiting"`
	Response   int64  `json:"response"`
}

type wireAvg struct {
	Turnaround float64 `json:"turnaround"`
	Waiting    float64 `json:"waiting"`
	Response   float64 `json:"response"`
}

type wireSlice struct {
	CPU   int    `json:"cpu"`
	Job   string `json:"job"`
	Start int64  `json:"start"`
	End   int64  `json:"end"`
	Kind  string `json:"kind"` // "run" or "switch"
}

// wireSchedResult is one policy's schedule of the workload. States holds,
// per job, one character per tick: '-' not arrived, 'r' ready, 'R' running,
// 'c' its CPU is switching to it, 'S' waiting for I/O, ' ' ended. Queues[t]
// is the ready queue after tick t+1's dispatch, by name; Levels (MLFQ
// only) holds each job's level per tick as digits.
type wireSchedResult struct {
	Policy          string            `json:"policy"`
	Quantum         int64             `json:"quantum"`
	Scenario        string            `json:"scenario"`
	Jobs            []wireJobStats    `json:"jobs"`
	Avg             wireAvg           `json:"avg"`
	Gantt           []wireSlice       `json:"gantt"`
	ContextSwitches int64             `json:"context_switches"`
	Utilization     float64           `json:"utilization"`
	End             int64             `json:"end"`
	States          map[string]string `json:"states"`
	Queues          [][]string        `json:"queues"`
	Levels          map[string]string `json:"levels,omitempty"`
	Complete        bool              `json:"complete"`
}

type wireDecision struct {
	Time       int64     `json:"time"`
	CPU        int       `json:"cpu"`
	Candidates []string  `json:"candidates"`
	PIDs       []sim.PID `json:"pids"` // the candidates' PIDs, for choose
	PolicyPick string    `json:"policy_pick"`
	Shortest   string    `json:"shortest"`
	Chosen     string    `json:"chosen,omitempty"`
}

type wireGrade struct {
	Student     wireAvg         `json:"student"`
	Policies    []wirePolicyAvg `json:"policies"`
	Optimum     string          `json:"optimum"` // the policy with the least average waiting
	Score       int             `json:"score"`   // 100 x optimum's average waiting / the student's
	Differences []wireDecision  `json:"differences"`
}

type wirePolicyAvg struct {
	Policy string  `json:"policy"`
	Avg    wireAvg `json:"avg"`
}

type wireManualResponse struct {
	Done     bool            `json:"done"`
	Decision *wireDecision   `json:"decision,omitempty"`
	Result   wireSchedResult `json:"result"`
	Grade    *wireGrade      `json:"grade,omitempty"`
}

// text writes the workload as a scenario in the jobs model under a run's
// policy, after checking every field (so that parsing cannot fail on it).
func (w wireWorkload) text(run wireRun) (string, error) {
	pol, ok := sim.ParsePolicy(run.Policy)
	if !ok {
		return "", errf("bad_field", "unknown policy %q", run.Policy)
	}
	if w.CPUs < 1 || w.CPUs > 8 {
		return "", errf("bad_field", "cpus must be from 1 to 8")
	}
	if w.SwitchCost < 0 || w.SwitchCost > 10 {
		return "", errf("bad_field", "switch_cost must be from 0 to 10")
	}
	if len(w.Jobs) == 0 || len(w.Jobs) > maxSchedJobs {
		return "", errf("bad_field", "a workload has 1 to %d jobs", maxSchedJobs)
	}
	q := run.Quantum
	if q == 0 {
		q = sim.DefaultQuantum
	}
	if q < 1 || q > 100 {
		return "", errf("bad_field", "quantum must be from 1 to 100")
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
		if len(m.Quanta) == 0 || len(m.Quanta) > 8 || len(m.Allot) != len(m.Quanta) || m.Boost < 0 || m.Boost > maxSchedTicks {
			return "", errf("bad_field", "mlfq needs 1 to 8 levels with a quantum and an allotment each, and a boost from 0 to %d", maxSchedTicks)
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
			return "", errf("bad_field", "job name %q must be unique: 1 to 15 letters, digits, _ or -, starting with a letter", j.Name)
		}
		seen[j.Name] = true
		if j.Arrival < 0 || j.Arrival > 1000 {
			return "", errf("bad_field", "job %s: arrival must be from 0 to 1000", j.Name)
		}
		if len(j.Bursts) == 0 || len(j.Bursts) > maxSchedBursts || len(j.Bursts)%2 == 0 {
			return "", errf("bad_field", "job %s: bursts alternate CPU and I/O, start and end with CPU, at most %d", j.Name, maxSchedBursts)
		}
		if j.Priority < -100 || j.Priority > 100 || j.Tickets < 0 || j.Tickets > 10000 || j.Nice < -20 || j.Nice > 19 {
			return "", errf("bad_field", "job %s: priority -100..100, tickets 1..10000, nice -20..19", j.Name)
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
			if d < 1 || d > 1000 {
				return "", errf("bad_field", "job %s: every burst is from 1 to 1000 ticks", j.Name)
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
func schedule(w wireWorkload, run wireRun, choices []string) (wireSchedResult, *sim.Engine, *sim.Decision, error) {
	text, err := w.text(run)
	if err != nil {
		return wireSchedResult{}, nil, nil, err
	}
	sc, err := sim.Parse(text)
	if err != nil {
		return wireSchedResult{}, nil, nil, errf("bad_field", "%v", err)
	}
	opt := sim.Options{MaxSteps: maxSchedTicks, Manual: choices != nil}
	e := sim.New(sc, opt)
	res := wireSchedResult{Policy: sc.Policy.String(), Quantum: sc.Quantum, Scenario: text,
		States: map[string]string{}, Queues: [][]string{}}
	if sc.Policy == sim.MLFQ {
		res.Levels = map[string]string{}
	}
	states := map[string][]byte{}
	levels := map[string][]byte{}
	for _, j := range w.Jobs {
		states[j.Name] = nil
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
					return wireSchedResult{}, nil, nil, errf("bad_field", "choice %d names %q, which is not ready then (ready: %s)", next+1, choices[next], strings.Join(d.Names, ", "))
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
		for _, t := range e.Tasks()[1:] {
			states[t.Name] = append(states[t.Name], stateChar(e, &t))
			if res.Levels != nil {
				levels[t.Name] = append(levels[t.Name], byte('0'+t.Level))
			}
		}
		for name, s := range states { // jobs not yet arrived
			if len(s) < len(res.Queues) {
				states[name] = append(s, '-')
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
	res.Avg = wireAvg{Turnaround: st.AvgTurnaround, Waiting: st.AvgWaiting, Response: st.AvgResponse}
	res.ContextSwitches, res.Utilization, res.End = st.ContextSwitches, st.Utilization, st.End
	res.Jobs = []wireJobStats{}
	for _, j := range st.Jobs {
		res.Jobs = append(res.Jobs, wireJobStats{Name: j.Name, Arrival: j.Arrival, Burst: j.Burst, IO: j.IO,
			Priority: j.Priority, FirstRun: j.FirstRun, Completion: j.Completion, Turnaround: j.Turnaround,
			Waiting: j.Waiting, Response: j.Response})
	}
	res.Gantt = []wireSlice{}
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
		res.Gantt = append(res.Gantt, wireSlice{CPU: s.CPU, Job: s.Name, Start: s.Start, End: s.End, Kind: kind})
	}
	return res, e, pending, nil
}

// stateChar is one tick of wireSchedResult.States: what the task did
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

func nameOf(e *sim.Engine, pid sim.PID) string {
	for _, t := range e.Tasks() {
		if t.PID == pid {
			return t.Name
		}
	}
	return "?"
}

func readJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxSchedBody+1))
	if err != nil {
		return errf("bad_json", "reading the request: %v", err)
	}
	if len(body) > maxSchedBody {
		return errf("too_large", "the request is larger than %d bytes", maxSchedBody)
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errf("bad_json", "the request is not valid JSON of the expected shape: %v", err)
	}
	return nil
}

// writeError answers with the status that matches the error's code.
func writeError(w http.ResponseWriter, err error) {
	pe := asProtoError(err)
	status := http.StatusBadRequest
	switch pe.Code {
	case "too_large":
		status = http.StatusRequestEntityTooLarge
	case "internal":
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, map[string]any{"error": pe.Msg, "code": pe.Code})
}

// handleSchedule runs a workload under several policies for the
// scheduling view and its side-by-side comparison.
func (s *Server) handleSchedule(w http.ResponseWriter, r *http.Request) {
	var req wireSchedRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if len(req.Runs) == 0 || len(req.Runs) > maxSchedRuns {
		writeError(w, errf("bad_field", "ask for 1 to %d runs", maxSchedRuns))
		return
	}
	out := struct {
		Results []wireSchedResult `json:"results"`
	}{}
	for _, run := range req.Runs {
		res, _, _, err := schedule(req.Workload, run, nil)
		if err != nil {
			writeError(w, err)
			return
		}
		out.Results = append(out.Results, res)
	}
	writeJSON(w, http.StatusOK, out)
}

// handleManual advances a "you are the scheduler" run: it replays the
// choices so far and returns the next decision, or the finished schedule
// with its grade.
func (s *Server) handleManual(w http.ResponseWriter, r *http.Request) {
	var req wireManualRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if req.Run.Policy != "fcfs" && req.Run.Policy != "rr" {
		writeError(w, errf("bad_field", "manual mode runs under fcfs (you pick when the CPU is free) or rr (also at each quantum's end)"))
		return
	}
	if len(req.Choices) > maxSchedTicks {
		writeError(w, errf("too_large", "too many choices"))
		return
	}
	if req.Choices == nil {
		req.Choices = []string{}
	}
	res, e, pending, err := schedule(req.Workload, req.Run, req.Choices)
	if err != nil {
		writeError(w, err)
		return
	}
	out := wireManualResponse{Result: res}
	if pending != nil {
		d := toWireDecision(*pending)
		out.Decision = &d
		writeJSON(w, http.StatusOK, out)
		return
	}
	out.Done = true
	grade, err := gradeManual(req.Workload, res, e)
	if err != nil {
		writeError(w, err)
		return
	}
	out.Grade = grade
	writeJSON(w, http.StatusOK, out)
}

func toWireDecision(d sim.Decision) wireDecision {
	wd := wireDecision{Time: d.Step - 1, CPU: d.CPU, Candidates: d.Names, PIDs: d.Candidates, PolicyPick: d.Name(d.PolicyPick), Shortest: d.Name(d.Shortest)}
	if d.Chosen != 0 {
		wd.Chosen = d.Name(d.Chosen)
	}
	return wd
}

// gradeManual compares a finished manual schedule with every policy on the
// same workload.
func gradeManual(w wireWorkload, student wireSchedResult, e *sim.Engine) (*wireGrade, error) {
	g := &wireGrade{Student: student.Avg, Policies: []wirePolicyAvg{}, Differences: []wireDecision{}}
	best := -1.0
	for _, pol := range sim.Policies() {
		res, _, _, err := schedule(w, wireRun{Policy: pol.String()}, nil)
		if err != nil {
			return nil, err
		}
		g.Policies = append(g.Policies, wirePolicyAvg{Policy: res.Policy, Avg: res.Avg})
		if best < 0 || res.Avg.Waiting < best {
			best, g.Optimum = res.Avg.Waiting, res.Policy
		}
	}
	switch {
	case student.Avg.Waiting <= best:
		g.Score = 100
	default:
		g.Score = int(100 * best / student.Avg.Waiting)
	}
	for _, d := range e.DecisionLog() {
		if d.Chosen != d.Shortest {
			g.Differences = append(g.Differences, toWireDecision(d))
		}
	}
	return g, nil
}

// handleOstepWorkload turns an OSTEP scheduler.py, mlfq.py or lottery.py
// command line into a workload and a run for the scheduling view: the same
// jobs, scheduled by ProcLab.
func (s *Server) handleOstepWorkload(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Command string `json:"command"`
	}
	if err := readJSON(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if len(req.Command) > 1024 {
		writeError(w, errf("too_large", "the command line is at most 1024 bytes"))
		return
	}
	args, err := ostep.SplitArgs(req.Command)
	if err != nil {
		writeError(w, errf("bad_field", "%v", err))
		return
	}
	ow, err := ostep.WorkloadOf(args)
	if err != nil {
		writeError(w, errf("bad_field", "%v", err))
		return
	}
	wl := wireWorkload{CPUs: 1}
	if len(ow.Jobs) > maxSchedJobs {
		writeError(w, errf("bad_field", "the scheduling view draws at most %d jobs; this run has %d", maxSchedJobs, len(ow.Jobs)))
		return
	}
	for _, j := range ow.Jobs {
		bursts := make([]int64, len(j.Bursts))
		for i, b := range j.Bursts {
			bursts[i] = int64(b)
		}
		wl.Jobs = append(wl.Jobs, wireJob{Name: j.Name, Arrival: int64(j.Arrival), Bursts: bursts, Tickets: int64(j.Tickets)})
	}
	if ow.Policy == "mlfq" {
		m := &wireMLFQ{Boost: int64(ow.Boost), IOReset: ow.IOReset}
		for i := range ow.Quanta {
			m.Quanta = append(m.Quanta, int64(ow.Quanta[i]))
			m.Allot = append(m.Allot, int64(ow.Allot[i]))
		}
		wl.MLFQ = m
	}
	run := wireRun{Policy: ow.Policy, Quantum: int64(ow.Quantum)}
	if _, err := wl.text(run); err != nil { // the limits of the scheduling view
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"workload": wl, "run": run, "io_reset": ow.IOReset})
}
