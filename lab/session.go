package lab

import (
	"proclab/sim"
)

// LoadRequest says what to open: exactly one of Lesson, Scenario and
// Ostep, and how to run it.
type LoadRequest struct {
	Lesson     string  // a built-in lesson's id
	Scenario   *string // a scenario's text
	Ostep      string  // an OSTEP command line (process-run, x86-intro, x86-locks)
	Source     string  // x86-intro/x86-locks: the program's text
	Seed       uint64  // 0: the scenario's own
	Choices    []sim.PID
	Step       int64 // the step to open at (clamped to the run)
	Manual     bool  // stop at every dispatch decision for a person to make
	Interleave bool  // one CPU, quantum 1 (as explore; witnesses replay)
	Picker     Picker
	Semantics  int // the engine semantics version of the link (0: current)
}

// Session is one learner's open run: a recorded simulation (or a
// precomputed OSTEP run) and a cursor on it. It is not safe for concurrent
// use: its owner calls it from one goroutine at a time. The zero Session
// has nothing open.
type Session struct {
	lessons *Lessons
	src     source // nil until a load succeeds
	run     Run
	sc      *sim.Scenario // the loaded scenario (nil for OSTEP runs)
	opt     sim.Options   // how it was recorded
	shared  *Recordings   // where Load finds and keeps runs (nil: it records its own)
}

// NewSession returns a session that opens lessons from ls.
func NewSession(ls *Lessons) *Session { return &Session{lessons: ls} }

// ShareRecordings makes Load take its runs from c, and keep there those it
// records, so that sessions opening the same run share one recording. It
// returns s.
func (s *Session) ShareRecordings(c *Recordings) *Session {
	s.shared = c
	return s
}

// Loaded reports whether a run is open.
func (s *Session) Loaded() bool { return s.src != nil }

// Run describes the open run (the zero Run when none is).
func (s *Session) Run() Run { return s.run }

// Step is the cursor's step; Total the run's last step.
func (s *Session) Step() int64 {
	if s.src == nil {
		return 0
	}
	return s.src.Step()
}

// Total is the open run's last step (0 when none is open).
func (s *Session) Total() int64 {
	if s.src == nil {
		return 0
	}
	return s.src.Total()
}

// Choices is the choice list of the open run (they grow in manual mode).
func (s *Session) Choices() []sim.PID { return s.opt.Choices }

// Seed is the seed the open run was recorded with (0: the scenario's own),
// for failure reports.
func (s *Session) Seed() uint64 { return s.opt.Seed }

// Check validates a load request without running anything.
func (r LoadRequest) Check() error {
	given := 0
	for _, b := range []bool{r.Lesson != "", r.Scenario != nil, r.Ostep != ""} {
		if b {
			given++
		}
	}
	switch {
	case given != 1:
		return Errorf(CodeBadField, "load needs exactly one of lesson, scenario and ostep")
	case len(r.Ostep) > MaxOstepArgsBytes:
		return Errorf(CodeTooLarge, "an OSTEP command line is at most %d bytes", MaxOstepArgsBytes)
	case len(r.Source) > MaxX86SourceBytes:
		return Errorf(CodeTooLarge, "an x86 program is at most %d bytes", MaxX86SourceBytes)
	case r.Scenario != nil && len(*r.Scenario) > MaxScenarioBytes:
		return Errorf(CodeTooLarge, "the scenario is %d bytes; the limit is %d", len(*r.Scenario), MaxScenarioBytes)
	case len(r.Choices) > MaxChoices:
		return Errorf(CodeTooLarge, "%d choices; the limit is %d", len(r.Choices), MaxChoices)
	case r.Step < 0:
		return Errorf(CodeBadField, "step must not be negative")
	case r.Picker != "" && r.Picker != PickPolicy && r.Picker != PickRandom:
		return Errorf(CodeBadField, "picker is policy or random")
	case r.Semantics < 0:
		return Errorf(CodeBadField, "semantics must not be negative")
	}
	return nil
}

// Load opens what r names and moves to r.Step. stop is polled while the
// run is recorded (it may be nil); when it reports true, Load gives up with
// ErrStopped. On any error the session is left as it was.
func (s *Session) Load(r LoadRequest, stop func() bool) (Snapshot, error) {
	if err := r.Check(); err != nil {
		return Snapshot{}, err
	}
	if r.Ostep != "" {
		src, run, err := openOstep(r.Ostep, r.Source)
		if err != nil {
			return Snapshot{}, err
		}
		s.sc, s.opt = nil, sim.Options{}
		return s.open(src, run, r.Step), nil
	}
	var sc *sim.Scenario
	lessonID, goSource := "", ""
	if r.Lesson != "" {
		l, ok := s.lessons.Get(r.Lesson)
		if !ok {
			return Snapshot{}, Errorf(CodeUnknownLesson, "there is no lesson %q", truncate(r.Lesson, 64))
		}
		sc, lessonID, goSource = l.Scenario, l.ID, l.Go
	} else {
		var err error
		if sc, err = compileText(*r.Scenario); err != nil {
			return Snapshot{}, AsError(err) // CodeParse, with the line and column
		}
	}
	opt := sim.Options{Seed: r.Seed, Choices: r.Choices, MaxSteps: StepsFor(sc),
		Manual: r.Manual, Interleave: r.Interleave, Random: r.Picker == PickRandom}
	// The snapshot of the step asked for is taken while the run is recorded
	// (snapshotWatch): a share link at a late step of a large run is shown
	// without replaying its last steps from a checkpoint.
	w := &snapshotWatch{n: r.Step, from: max(0, r.Step-Window)}
	recordRun := func(stop func() bool) *sim.Recording { return sim.RecordWatch(sc, opt, 0, stop, w.record) }
	var rec *sim.Recording
	var key recordingKey
	if s.shared != nil {
		key = keyOf(lessonID, r.Scenario, opt)
		// A run another load recorded is shown from the step a load kept,
		// or from its checkpoints (below: w saw nothing).
		rec = s.shared.record(key, stop, recordRun)
	} else {
		rec = recordRun(stop)
	}
	if rec == nil {
		return Snapshot{}, ErrStopped
	}
	seed := sc.Seed
	if r.Seed != 0 {
		seed = r.Seed
	}
	run := Run{
		Lesson: lessonID, Title: Text{En: sc.Title["en"], Zh: sc.Title["zh"]},
		Explain:  Text{En: sc.Explain["en"], Zh: sc.Explain["zh"]},
		Scenario: sc.Source, Seed: seed, Choices: append([]sim.PID{}, r.Choices...),
		Total: rec.Total(), CPUs: sc.CPUs, Policy: sc.Policy.String(), Quantum: sc.Quantum,
		Programs: programsOf(sc), Manual: r.Manual, Interleave: r.Interleave, Picker: PickPolicy,
		Semantics: sim.SemanticsVersion, Lang: langOf(sc), GoSource: goSource,
	}
	if v := r.Semantics; v != 0 && v != sim.SemanticsVersion && !replaysLesson(v, lessonID, sc) {
		run.Notice = &Notice{From: v, To: sim.SemanticsVersion}
	}
	if r.Picker == PickRandom {
		run.Picker = PickRandom
	}
	if r.Interleave {
		run.CPUs, run.Policy, run.Quantum = 1, sim.RR.String(), 1
	}
	for _, v := range sc.Vars {
		run.Vars = append(run.Vars, Var{Name: v.Name, Init: v.Init})
	}
	for _, o := range sc.Objects {
		run.Objects = append(run.Objects, ObjDecl{Name: o.Name, Kind: o.Kind.String()})
	}
	for _, x := range sc.Expects {
		run.Expects = append(run.Expects, x.Text)
	}
	s.sc, s.opt = sc, opt
	src := newEngineSource(rec)
	var snap Snapshot
	n := max(0, min(r.Step, rec.Total()))
	if w.at != nil {
		snap = src.show(*w, w.at)
	} else if kept, at, ok := s.shared.view(key, rec, n); ok {
		// Another load showed this step: its snapshot, and its engine
		// as the cursor until the cursor moves (engineSource.own).
		snap, src.cur, src.borrowed = kept, at, true
	} else { // the run ends before the step asked for (it shows its last), or another load recorded it
		snap = src.At(n, max(0, n-Window))
	}
	if !src.borrowed {
		var taken bool
		snap, taken = s.shared.keepView(key, rec, snap, src.cur)
		src.borrowed = taken
	}
	s.src, s.run = src, run
	return snap, nil
}

// ErrStopped is returned by work that its caller stopped (the client went).
var ErrStopped = Errorf(CodeStopped, "the work was stopped because its client went away")

// record records sc under opt, polling stop.
func record(sc *sim.Scenario, opt sim.Options, stop func() bool) (*sim.Recording, error) {
	rec := sim.RecordStop(sc, opt, 0, stop)
	if rec == nil {
		return nil, ErrStopped
	}
	return rec, nil
}

// open makes src the session's run and returns the snapshot at step.
func (s *Session) open(src source, run Run, step int64) Snapshot {
	s.src, s.run = src, run
	return s.At(step)
}

// At moves to step n (clamped to the run) and returns a snapshot with
// up to Window steps of history. It needs an open run.
func (s *Session) At(n int64) Snapshot {
	n = max(0, min(n, s.src.Total()))
	return s.src.At(n, max(0, n-Window))
}

// Forward moves one step on and returns it; ok is false at the end of the
// run (nothing moves).
func (s *Session) Forward() (f Frame, ok bool) {
	if s.src == nil || s.src.Step() >= s.src.Total() {
		return Frame{}, false
	}
	return s.src.Forward(), true
}

// AtEnd reports whether the cursor is at the run's last step.
func (s *Session) AtEnd() bool { return s.src == nil || s.src.Step() >= s.src.Total() }

// Clone returns a session that starts where s is and moves on its own
// (the open run's recording is shared: nothing changes it), so that a
// caller can try a Choose and keep s if it does not want the result.
func (s *Session) Clone() *Session {
	c := *s
	return &c
}

// Choose makes the pending manual decision: the run is recorded again with
// pid appended to the choices and moves on. It returns the frame to show,
// or (when the next decision is in the same step, on another CPU) a
// snapshot of it.
func (s *Session) Choose(pid sim.PID, stop func() bool) (f *Frame, snap *Snapshot, err error) {
	es, ok := s.src.(*engineSource)
	if !ok || es.rec.Pending() == nil {
		return nil, nil, Errorf(CodeNoDecision, "there is no decision to make: load with manual mode and step to the end")
	}
	d := es.rec.Pending()
	if d.Name(pid) == "" {
		return nil, nil, Errorf(CodeNotReady, "P%d is not ready to run now; the candidates are %v", pid, d.Candidates)
	}
	at := es.rec.Total()
	opt := s.opt
	opt.Choices = append(append([]sim.PID{}, s.opt.Choices...), pid)
	rec, err := record(s.sc, opt, stop)
	if err != nil {
		return nil, nil, err
	}
	s.opt = opt
	s.run.Choices = opt.Choices
	s.src = newEngineSource(rec)
	s.run.Total = s.src.Total()
	if s.src.Total() == at {
		sn := s.At(at)
		return nil, &sn, nil
	}
	s.src.At(at, at) // the cursor, without a snapshot: the client already shows it
	fr, _ := s.Forward()
	return &fr, nil, nil
}

// Outcome is one distinct end state explore found.
type Outcome struct {
	Vars       map[string]int64 // the shared variables at the end, by name
	Violations []string
	Schedules  uint64    // how many schedules end here
	Witness    []sim.PID // choices that replay one of them (with Interleave)
	// Races names the shared variables with a data race on some schedule
	// that ends here, and LostUpdates those with a lost update; both are
	// empty (not nil) when there is none. An outcome without violations
	// but with races has the right value by luck of the schedule.
	Races       []string
	LostUpdates []string
	// Output is what a Go program printed on the schedules that end here
	// (stdout and stderr in the order written; "" for a scenario).
	Output string
}

// Explored is explore's answer.
type Explored struct {
	Outcomes []Outcome
	States   int
	Complete bool // false: a bound was hit (or it was stopped)
	Cycles   bool // some schedules loop forever
	Go       bool // it explored a Go program: each outcome's Output is what it printed
	// Reduced says the answer is the partial-order reduced exploration's
	// (threads' local steps not interleaved), which counts no schedules
	// (each outcome's Schedules is 0): the exact one needed more than the
	// state bound. Outcomes and races are those of every interleaving.
	Reduced bool
}

// Explore enumerates the open scenario's interleavings, expanding at most
// MaxExploreStates states and polling stop.
func (s *Session) Explore(stop func() bool) (Explored, error) {
	return s.ExploreWatched(stop, nil)
}

// ExploreProgress is how far an explore is: the states expanded, the
// states opened and not yet finished (the frontier), and the share of the
// budget used, in percent (the larger of states over MaxExploreStates and
// memory over MaxExploreBytes).
type ExploreProgress struct {
	States, Frontier int
	Percent          float64
}

// ExploreWatched is Explore telling progress (which may be nil) how far it
// is every sim.ProgressEvery states, on the calling goroutine.
func (s *Session) ExploreWatched(stop func() bool, progress func(ExploreProgress)) (Explored, error) {
	if s.sc == nil {
		return Explored{}, Errorf(CodeCannotExplore, "only a scenario can be explored")
	}
	if len(s.sc.Vars) == 0 && len(s.sc.Objects) == 0 && s.sc.Go == nil {
		return Explored{}, Errorf(CodeCannotExplore, "explore works on threads that share variables or locks, and on Go programs")
	}
	return exploreScenario(s.sc, MaxExploreStates, stop, progress), nil
}

// ExploredOf is explore's result for sc with each outcome's variables by
// name.
func ExploredOf(r sim.ExploreResult, sc *sim.Scenario) Explored {
	out := Explored{States: r.States, Complete: r.Complete, Cycles: r.Cycles, Go: sc.Go != nil}
	for _, o := range r.Outcomes {
		w := Outcome{Vars: map[string]int64{}, Violations: append([]string{}, o.Violations...), Schedules: o.Schedules, Witness: append([]sim.PID{}, o.Witness...),
			Races: []string{}, LostUpdates: []string{}, Output: o.Output}
		for v, d := range sc.Vars {
			w.Vars[d.Name] = o.Vars[v]
		}
		for _, v := range o.Races {
			w.Races = append(w.Races, sc.Vars[v].Name)
		}
		for _, v := range o.LostUpdates {
			w.LostUpdates = append(w.LostUpdates, sc.Vars[v].Name)
		}
		out.Outcomes = append(out.Outcomes, w)
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// Bytes estimates the memory the open run keeps, in bytes (0 when none is
// open), so that a server can budget memory across sessions.
func (s *Session) Bytes() int64 {
	switch src := s.src.(type) {
	case *engineSource:
		return src.rec.Bytes()
	case *frameSource:
		var n int64
		for _, f := range src.frames {
			n += int64(len(f.Tasks))*taskViewBytes + int64(len(f.Events))*eventBytes + int64(len(f.Vars))*8
		}
		return n
	}
	return 0
}

// Charge returns what the open run costs the server: Bytes, and the
// recording it holds (nil when none: an OSTEP run), which other sessions
// that opened the same run through a Recordings hold too, so that a
// server counts it once.
func (s *Session) Charge() (recording any, bytes int64) {
	if es, ok := s.src.(*engineSource); ok {
		return es.rec, s.Bytes()
	}
	return nil, s.Bytes()
}

// Approximate sizes in bytes of a Task view (with its slices' headers) and
// of a sim.Event, for Bytes.
const (
	taskViewBytes   = 160
	eventBytes      = 48
	outputViewBytes = 64
)
