package server

import "proclab/sim"

// source is what a session shows: a run that can be viewed at any step
// from 0 to Total. A source is owned by one session goroutine.
type source interface {
	// Total is the last step.
	Total() int64
	// Step is the step the source is at.
	Step() int64
	// At moves to step n (already clamped) and returns a snapshot of it
	// whose window starts at step from.
	At(n, from int64) wireSnapshot
	// Forward moves one step on (Step < Total) and returns that step.
	Forward() wireEvents
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

func (s *engineSource) At(n, from int64) wireSnapshot {
	base := s.rec.Goto(from, from, nil)
	snap := wireSnapshot{
		V: ProtocolVersion, Type: "snapshot", Step: n, Total: s.rec.Total(),
		Base:   wireBase{Step: from, Tasks: toWireTasks(base), CPUs: base.CPUs(nil)},
		Events: []wireEvent{},
	}
	e := base.Clone()
	for e.StepNum() < n {
		snap.Events = appendWireEvents(snap.Events, e.Step())
	}
	snap.Tasks, snap.CPUs = toWireTasks(e), e.CPUs(nil)
	s.cur = e
	snap.wireShared = s.shared()
	return snap
}

// shared is the shared-memory state at the cursor, with the pending manual
// decision when the cursor is at the end of a recording that stopped at one.
func (s *engineSource) shared() wireShared {
	w := toWireShared(s.cur)
	if d := s.rec.Pending(); d != nil && s.cur.StepNum() == s.rec.Total() {
		wd := toWireDecision(*d)
		w.Decision = &wd
	}
	return w
}

func (s *engineSource) Forward() wireEvents {
	evs := s.cur.Step()
	return wireEvents{
		V: ProtocolVersion, Type: "events", Step: s.cur.StepNum(),
		Events: appendWireEvents(make([]wireEvent, 0, len(evs)), evs),
		Tasks:  toWireTasks(s.cur), CPUs: s.cur.CPUs(nil),
		wireShared: s.shared(),
	}
}

// frame is one step of a precomputed run.
type frame struct {
	events []wireEvent // what happened in this step
	tasks  []wireTask  // the task table after it
	cpus   []sim.PID
	shared wireShared // shared variables after it, if any
}

// frameSource shows a run computed in full beforehand (an OSTEP
// simulator's), one frame per step.
type frameSource struct {
	frames []frame // frames[0] is step 0
	cur    int64
}

func (s *frameSource) Total() int64 { return int64(len(s.frames) - 1) }
func (s *frameSource) Step() int64  { return s.cur }

func (s *frameSource) At(n, from int64) wireSnapshot {
	s.cur = n
	snap := wireSnapshot{
		V: ProtocolVersion, Type: "snapshot", Step: n, Total: s.Total(),
		Base:   wireBase{Step: from, Tasks: s.frames[from].tasks, CPUs: s.frames[from].cpus},
		Events: []wireEvent{},
		Tasks:  s.frames[n].tasks, CPUs: s.frames[n].cpus,
		wireShared: s.frames[n].shared,
	}
	for k := from + 1; k <= n; k++ {
		snap.Events = append(snap.Events, s.frames[k].events...)
	}
	return snap
}

func (s *frameSource) Forward() wireEvents {
	s.cur++
	f := s.frames[s.cur]
	return wireEvents{V: ProtocolVersion, Type: "events", Step: s.cur, Events: f.events, Tasks: f.tasks, CPUs: f.cpus, wireShared: f.shared}
}

// setFrameState moves task k+1 of a precomputed run's task table (index 0
// is PID 1) to state `to`, appending the state event our engine would emit
// for the change (on CPU 0: these runs have one CPU).
func setFrameState(evs *[]wireEvent, tasks []wireTask, step int64, k int, to, cause string) {
	t := &tasks[k+1]
	if t.State == to {
		return
	}
	cpu := int16(-1)
	if t.State == "running" || to == "running" {
		cpu = 0
	}
	*evs = append(*evs, wireEvent{Step: step, Kind: "state", PID: t.PID, CPU: cpu, From: t.State, To: to, Cause: cause})
	t.State = to
	t.CPU = -1
	if to == "running" {
		t.CPU = 0
	}
}
