package lab

import (
	"sort"

	"proclab/sim"
)

// source is what a session shows: a run that can be viewed at any step
// from 0 to Total. A source is owned by its session.
type source interface {
	// Total is the last step.
	Total() int64
	// Step is the step the source is at.
	Step() int64
	// At moves to step n (already clamped) and returns a snapshot of it
	// whose window starts at step from.
	At(n, from int64) Snapshot
	// Forward moves one step on (Step < Total) and returns that step.
	Forward() Frame
}

// engineSource shows a recorded simulation: going back restores the
// nearest checkpoint and replays.
type engineSource struct {
	rec *sim.Recording
	cur *sim.Engine
}

func newEngineSource(rec *sim.Recording) *engineSource {
	return &engineSource{rec: rec, cur: rec.Goto(0, 0, nil)}
}

func (s *engineSource) Total() int64 { return s.rec.Total() }
func (s *engineSource) Step() int64  { return s.cur.StepNum() }

func (s *engineSource) At(n, from int64) Snapshot {
	base := s.rec.Goto(from, from, nil)
	w := snapshotWatch{n: n, from: from}
	w.see(base, nil)
	e := base.Clone()
	for e.StepNum() < n {
		w.see(e, e.Step())
	}
	return s.show(w, e)
}

// snapshotWatch takes the window of the snapshot of step n, from step
// from (<= n), from an engine that goes through those steps: the tasks at
// from (the base), the events of the steps after it, and the tasks at n-1
// (prev). engineSource.At replays the steps from a checkpoint for it;
// Session.Load watches the recording (sim.RecordWatch) instead, and keeps
// a copy of the engine at n, so that a load shows its step without
// replaying up to a checkpoint's spacing of steps again.
type snapshotWatch struct {
	n, from int64
	snap    Snapshot    // Base, Events and Prev, as far as seen
	at      *sim.Engine // recording: a copy of the engine at step n, once seen
}

// see takes in e after a step, with its events evs, or e at the window's
// first step (no events). Steps after n change nothing.
func (w *snapshotWatch) see(e *sim.Engine, evs []sim.Event) {
	k := e.StepNum()
	if k == w.from {
		w.snap.Base = Base{Step: w.from, Tasks: tasksOf(e), CPUs: e.CPUs(nil)}
	}
	if k > w.from && k <= w.n {
		w.snap.Events = append(w.snap.Events, evs...)
	}
	if k == w.n-1 && w.n > w.from {
		w.snap.Prev = tasksOf(e)
	}
}

// record is see for sim.RecordWatch: it keeps a copy of the engine at n.
func (w *snapshotWatch) record(e *sim.Engine, evs []sim.Event) {
	w.see(e, evs)
	if e.StepNum() == w.n {
		w.at = e.Clone()
	}
}

// show moves the cursor to e, the engine at the watched window's step
// w.n, and returns the snapshot of it with w's window.
func (s *engineSource) show(w snapshotWatch, e *sim.Engine) Snapshot {
	snap := w.snap
	snap.Step, snap.Total = w.n, s.rec.Total()
	snap.Tasks, snap.CPUs = tasksOf(e), e.CPUs(nil)
	s.cur = e
	snap.Shared = s.shared()
	if out := OutputOf(e); len(out) > 0 {
		window := sort.Search(len(out), func(i int) bool { return out[i].Step > w.from })
		snap.Output, snap.OutputOmitted = snapshotOutput(out, window)
	}
	return snap
}

// shared is the shared-memory state at the cursor, with the pending manual
// decision when the cursor is at the end of a recording that stopped at one.
func (s *engineSource) shared() Shared {
	w := sharedOf(s.cur)
	if d := s.rec.Pending(); d != nil && s.cur.StepNum() == s.rec.Total() {
		wd := toDecision(*d)
		w.Decision = &wd
	}
	return w
}

func (s *engineSource) Forward() Frame {
	printed := len(OutputOf(s.cur))
	evs := s.cur.Step()
	return Frame{Step: s.cur.StepNum(), Events: append([]sim.Event(nil), evs...),
		Tasks: tasksOf(s.cur), CPUs: s.cur.CPUs(nil), Shared: s.shared(), Output: outputSince(OutputOf(s.cur), printed)}
}

// frameSource shows a run computed in full beforehand (an OSTEP
// simulator's), one frame per step; frames[0] is step 0.
type frameSource struct {
	frames []Frame
	cur    int64
}

func (s *frameSource) Total() int64 { return int64(len(s.frames) - 1) }
func (s *frameSource) Step() int64  { return s.cur }

func (s *frameSource) At(n, from int64) Snapshot {
	s.cur = n
	f := s.frames[n]
	snap := Snapshot{Step: n, Total: s.Total(),
		Base:  Base{Step: from, Tasks: s.frames[from].Tasks, CPUs: s.frames[from].CPUs},
		Tasks: f.Tasks, CPUs: f.CPUs, Shared: f.Shared}
	for k := from + 1; k <= n; k++ {
		snap.Events = append(snap.Events, s.frames[k].Events...)
	}
	if n > 0 {
		snap.Prev = s.frames[n-1].Tasks
	}
	return snap
}

func (s *frameSource) Forward() Frame {
	s.cur++
	return s.frames[s.cur]
}

// frameBuilder builds a precomputed run's frames with the typed events our
// own engine would emit for the same changes (one CPU: CPU 0).
type frameBuilder struct {
	tasks []Task // index 0 is PID 1 (init)
	step  int64
	evs   []sim.Event
}

// setState moves task k+1 to state to, with the state event.
func (b *frameBuilder) setState(k int, to sim.State, cause sim.Cause) {
	t := &b.tasks[k+1]
	if t.State == to {
		return
	}
	cpu := int16(-1)
	if t.State == sim.StateRunning || to == sim.StateRunning {
		cpu = 0
	}
	b.evs = append(b.evs, sim.Event{Step: b.step, Kind: sim.EvState, Task: t.PID, CPU: cpu, From: t.State, To: to, Cause: cause})
	t.State = to
	t.CPU = -1
	if to == sim.StateRunning {
		t.CPU = 0
	}
}

// add appends an event of this step.
func (b *frameBuilder) add(ev sim.Event) {
	ev.Step = b.step
	b.evs = append(b.evs, ev)
}

// frame ends the step: its events and a copy of the task table.
func (b *frameBuilder) frame(running sim.PID, shared Shared) Frame {
	tasks := make([]Task, len(b.tasks))
	for i, t := range b.tasks {
		t.Locals = append([]int64(nil), t.Locals...)
		tasks[i] = t
	}
	f := Frame{Step: b.step, Events: b.evs, Tasks: tasks, CPUs: []sim.PID{running}, Shared: shared}
	b.evs = nil
	b.step++
	return f
}
