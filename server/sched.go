package server

import (
	"net/http"

	"proclab/lab"
	"proclab/sim"
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

// wireSchedRequest asks for a workload's schedules under runs, or (Lesson
// set, no workload) for a scheduling lesson's: its own run when Runs is
// empty, else its jobs under each run.
type wireSchedRequest struct {
	Workload wireWorkload `json:"workload"`
	Runs     []wireRun    `json:"runs"`
	Lesson   string       `json:"lesson,omitempty"`
}

// wireSchedLesson is a scheduling lesson as the scheduling view shows it
// (lab.LessonSchedule without the results).
type wireSchedLesson struct {
	ID       string       `json:"id"`
	Title    bilingual    `json:"title"`
	Explain  bilingual    `json:"explain"`
	Run      wireRun      `json:"run"`      // the lesson's own policy and quantum
	Workload wireWorkload `json:"workload"` // its jobs, to edit
	Exact    bool         `json:"exact"`    // the workload gives the lesson's very schedule
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
	SwitchTicks     int64             `json:"switch_ticks"` // ticks the CPUs spent switching
	// CFS only: each job's vruntime after each tick (1/1024 ticks of a
	// nice-0 task) and its load weight.
	Vruntime map[string][]int64 `json:"vruntime,omitempty"`
	Weights  map[string]int64   `json:"weights,omitempty"`
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
	Student   wireAvg         `json:"student"`
	Reference wireReference   `json:"reference"` // what the score compares with
	Policies  []wirePolicyAvg `json:"policies"`
	Optimum   string          `json:"optimum"` // the policy with the least average waiting
	// Score is 100 x the reference's total waiting / the student's, rounded;
	// 100 exactly when the student waits no longer than the reference.
	Score       int            `json:"score"`
	Differences []wireDecision `json:"differences"` // decisions where the student did not pick the shortest burst
	Departure   *wireDeparture `json:"departure,omitempty"`
}

// wireReference is the best schedule reachable under the rule the student
// played (lab.Reference): rule "nonpreemptive" (fcfs play) or "quantum"
// (rr play, with quantum); policy "sjf" or "srtf" when that policy's own
// schedule waits as little, else ""; exact false when the search stopped at
// its bound and the reference is the best schedule found.
type wireReference struct {
	Rule    string   `json:"rule"`
	Quantum int64    `json:"quantum,omitempty"`
	Policy  string   `json:"policy"`
	Avg     wireAvg  `json:"avg"`
	Choices []string `json:"choices"`
	Order   []string `json:"order"`
	Exact   bool     `json:"exact"`
	Nodes   int      `json:"nodes"`
}

// wireDeparture is the first decision where the student's choice differs
// from the reference's.
type wireDeparture struct {
	Time   int64  `json:"time"`
	CPU    int    `json:"cpu"`
	Chosen string `json:"chosen"`
	Best   string `json:"best"`
}

// wirePolicyAvg is one policy's averages; quantum is the quantum it ran
// with (the workload's), 0 for the policies without one.
type wirePolicyAvg struct {
	Policy  string  `json:"policy"`
	Quantum int64   `json:"quantum,omitempty"`
	Avg     wireAvg `json:"avg"`
}

type wireManualResponse struct {
	Done     bool            `json:"done"`
	Decision *wireDecision   `json:"decision,omitempty"`
	Result   wireSchedResult `json:"result"`
	Grade    *wireGrade      `json:"grade,omitempty"`
}

// Conversions between the wire and lab (the field lists are identical:
// Go converts between struct types that differ only in tags).

func (w wireWorkload) lab() lab.Workload {
	out := lab.Workload{CPUs: w.CPUs, SwitchCost: w.SwitchCost, Seed: w.Seed}
	for _, j := range w.Jobs {
		out.Jobs = append(out.Jobs, lab.Job(j))
	}
	if w.MLFQ != nil {
		m := lab.MLFQ(*w.MLFQ)
		out.MLFQ = &m
	}
	return out
}

func toWireWorkload(w lab.Workload) wireWorkload {
	out := wireWorkload{CPUs: w.CPUs, SwitchCost: w.SwitchCost, Seed: w.Seed}
	for _, j := range w.Jobs {
		out.Jobs = append(out.Jobs, wireJob(j))
	}
	if w.MLFQ != nil {
		m := wireMLFQ(*w.MLFQ)
		out.MLFQ = &m
	}
	return out
}

func toWireDecision(d lab.Decision) wireDecision { return wireDecision(d) }

func toWireSchedule(s lab.Schedule) wireSchedResult {
	out := wireSchedResult{Policy: s.Policy, Quantum: s.Quantum, Scenario: s.Scenario, Jobs: []wireJobStats{}, Avg: wireAvg(s.Avg),
		Gantt: []wireSlice{}, ContextSwitches: s.ContextSwitches, Utilization: s.Utilization, End: s.End,
		States: s.States, Queues: s.Queues, Levels: s.Levels, Complete: s.Complete, SwitchTicks: s.SwitchTicks,
		Vruntime: s.Vruntime, Weights: s.Weights}
	for _, j := range s.Jobs {
		out.Jobs = append(out.Jobs, wireJobStats(j))
	}
	for _, g := range s.Gantt {
		out.Gantt = append(out.Gantt, wireSlice(g))
	}
	return out
}

func toWireGrade(g *lab.Grade) *wireGrade {
	if g == nil {
		return nil
	}
	r := g.Reference
	out := &wireGrade{Student: wireAvg(g.Student), Policies: []wirePolicyAvg{}, Optimum: g.Optimum, Score: g.Score, Differences: []wireDecision{},
		Reference: wireReference{Rule: r.Rule, Quantum: r.Quantum, Policy: r.Policy, Avg: wireAvg(r.Avg),
			Choices: append([]string{}, r.Choices...), Order: append([]string{}, r.Order...), Exact: r.Exact, Nodes: r.Nodes}}
	for _, p := range g.Policies {
		out.Policies = append(out.Policies, wirePolicyAvg{Policy: p.Policy, Quantum: p.Quantum, Avg: wireAvg(p.Avg)})
	}
	if d := g.Departure; d != nil {
		out.Departure = &wireDeparture{Time: d.Time, CPU: d.CPU, Chosen: d.Chosen, Best: d.Best}
	}
	for _, d := range g.Differences {
		out.Differences = append(out.Differences, toWireDecision(d))
	}
	return out
}

// handleSchedule runs a workload under several policies for the
// scheduling view and its side-by-side comparison.
func (s *Server) handleSchedule(w http.ResponseWriter, r *http.Request) {
	var req wireSchedRequest
	if err := s.readJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	runs := make([]lab.Policy, len(req.Runs))
	for i, run := range req.Runs {
		runs[i] = lab.Policy(run)
	}
	if req.Lesson != "" {
		s.scheduleLesson(w, r, req.Lesson, req.Workload, runs)
		return
	}
	var results []lab.Schedule
	err := s.workFor(r, func() (err error) {
		results, err = lab.ScheduleAll(req.Workload.lab(), runs)
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := struct {
		Results []wireSchedResult `json:"results"`
	}{Results: []wireSchedResult{}}
	for _, res := range results {
		out.Results = append(out.Results, toWireSchedule(res))
	}
	s.writeJSON(w, http.StatusOK, out)
}

// scheduleLesson answers a request for a scheduling lesson's schedules.
func (s *Server) scheduleLesson(w http.ResponseWriter, r *http.Request, id string, wl wireWorkload, runs []lab.Policy) {
	if len(wl.Jobs) > 0 || wl.MLFQ != nil {
		s.writeError(w, r, lab.Errorf(lab.CodeBadField, "ask for a lesson or a workload, not both"))
		return
	}
	l, ok := s.lessons.Get(id)
	if !ok {
		s.writeError(w, r, lab.Errorf(lab.CodeUnknownLesson, "no lesson %q", id))
		return
	}
	var ls lab.LessonSchedule
	err := s.workFor(r, func() (err error) {
		ls, err = lab.ScheduleLesson(l, runs)
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := struct {
		Results []wireSchedResult `json:"results"`
		Lesson  wireSchedLesson   `json:"lesson"`
	}{Results: []wireSchedResult{}, Lesson: wireSchedLesson{ID: ls.ID, Title: bilingual(ls.Title), Explain: bilingual(ls.Explain),
		Run: wireRun(ls.Policy), Workload: toWireWorkload(ls.Workload), Exact: ls.Exact}}
	for _, res := range ls.Results {
		out.Results = append(out.Results, toWireSchedule(res))
	}
	s.writeJSON(w, http.StatusOK, out)
}

// handleManual advances a "you are the scheduler" run: it replays the
// choices so far and returns the next decision, or the finished schedule
// with its grade.
func (s *Server) handleManual(w http.ResponseWriter, r *http.Request) {
	var req wireManualRequest
	if err := s.readJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	var st lab.ManualStep
	err := s.workFor(r, func() (err error) {
		st, err = lab.ScheduleByHand(req.Workload.lab(), lab.Policy(req.Run), req.Choices)
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := wireManualResponse{Done: st.Done, Result: toWireSchedule(st.Result), Grade: toWireGrade(st.Grade)}
	if st.Decision != nil {
		d := toWireDecision(*st.Decision)
		out.Decision = &d
	}
	s.writeJSON(w, http.StatusOK, out)
}

// handleOstepWorkload turns an OSTEP scheduler.py, mlfq.py or lottery.py
// command line into a workload and a run for the scheduling view.
func (s *Server) handleOstepWorkload(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Command string `json:"command"`
	}
	if err := s.readJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	wl, run, err := lab.OstepWorkload(req.Command)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"workload": toWireWorkload(wl), "run": wireRun(run),
		"io_reset": wl.MLFQ != nil && wl.MLFQ.IOReset})
}
