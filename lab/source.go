package lab

import (
	"slices"
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
	// whose window starts at step from or later (windowStarts).
	At(n, from int64) Snapshot
	// Forward moves one step on (Step < Total) and returns that step.
	Forward() Frame
}

// engineSource shows a recorded simulation: going back restores the
// nearest checkpoint and replays.
type engineSource struct {
	rec *sim.Recording
	cur *sim.Engine // the cursor, set by At or show (its maker calls one at once)
	// borrowed: cur is a shared step's engine (Recordings), which
	// nothing may change: own copies it before the cursor moves.
	borrowed bool
}

// own makes the cursor the source's own, to move it.
func (s *engineSource) own() {
	if s.borrowed {
		s.cur, s.borrowed = s.rec.CopyOf(s.cur), false
	}
}

func newEngineSource(rec *sim.Recording) *engineSource {
	return &engineSource{rec: rec}
}

func (s *engineSource) Total() int64 { return s.rec.Total() }
func (s *engineSource) Step() int64  { return s.cur.StepNum() }

func (s *engineSource) At(n, from int64) Snapshot {
	e := s.rec.Goto(from, from, nil)
	w := snapshotWatch{n: n, from: from}
	w.see(e, nil) // copies what it keeps
	for e.StepNum() < n {
		w.see(e, e.Step())
	}
	return s.show(w, e)
}

// windowLengths are the lengths (steps) a snapshot's window may take,
// longest first: a snapshot carries the longest whose steps' events number
// at most WindowEvents, or else its last step alone. A large run's steps
// make many events each (the largest run's 200 steps about 9,300, 40 % of
// its snapshot's bytes), and the page folds and describes every one,
// though its log keeps the newest 3,000 sentences.
var windowLengths = [...]int64{Window, Window / 2, Window / 4, Window / 8, Window / 16, Window / 32, Window / 64, 1}

// windowStarts returns the steps a window of step n may start at (its
// base), oldest first: n less each of windowLengths, none before from.
func windowStarts(n, from int64) []int64 {
	var out []int64
	for _, l := range windowLengths {
		k := max(from, n-l)
		if len(out) == 0 || out[len(out)-1] < k {
			out = append(out, k)
		}
	}
	return out
}

// snapshotWatch takes the window of the snapshot of step n from an engine
// that goes through the steps from step from (<= n, the longest window's
// start) to n: the tasks at the window's start (the base), the events of
// the steps after it, and the tasks at n-1 (prev). The window starts at
// the oldest of windowStarts whose events number at most WindowEvents
// (or at n-1): the watch keeps the state at each start met while it may
// still be that one, and drops it once the events after it pass the
// bound. engineSource.At replays the steps from a checkpoint for it;
// Session.Load watches the recording (sim.RecordWatch) instead, and keeps
// the engine at n (a copy, or at the run's last step the recording's own),
// so that a load shows its step without replaying up to a checkpoint's
// spacing of steps again.
//
// Only the oldest start kept holds its task table whole. A later start
// holds the tasks that differ from the start's before it (a window of 50
// steps changes a few hundred of the largest run's 3,030 tasks), and is
// made whole from the oldest's table, in place, when that one is dropped.
// The largest run's load kept a whole table at each of the eight starts it
// met (5.5 of its 25 MB), though four of them never began its window.
type snapshotWatch struct {
	n, from int64
	starts  []int64      // windowStarts(n, from) not yet met
	bases   []windowBase // the starts met that may begin the window, oldest first
	snap    Snapshot     // Events from step from+1 and Prev, as far as seen
	at      *sim.Engine  // recording: the engine at step n, once seen (see record)
	spare   []Task       // the tasks of a start dropped, for the next start's
	last    []Task       // the tasks at the latest start met (the oldest's own table, or work)
	work    []Task       // a table no start holds, for the next start's tasks
}

// windowBase is the state at a window start, and where in the watch's
// events those after it begin. A start after the oldest kept has no
// Tasks: it has the tasks that differ from the start's before it, by
// place (the engine's table only grows), and the number of its tasks.
type windowBase struct {
	base  Base
	first int
	diff  []placedTask
	tasks int
}

// placedTask is a task and its place in a task table.
type placedTask struct {
	at   int
	task Task
}

// diffTasks returns the tasks of next that differ from those at their
// place in prev, or that prev has no place for.
func diffTasks(prev, next []Task) []placedTask {
	var out []placedTask
	for i := range next {
		if i >= len(prev) || !sameTask(&prev[i], &next[i]) {
			out = append(out, placedTask{i, next[i]})
		}
	}
	return out
}

// sameTask says whether a and b are equal field for field
// (TestSameTaskSeesEveryField checks that it reads every one).
func sameTask(a, b *Task) bool {
	return a.PID == b.PID && a.PPID == b.PPID && a.TGID == b.TGID && a.Threads == b.Threads && a.Name == b.Name &&
		a.Program == b.Program && a.State == b.State && a.CPU == b.CPU && a.Line == b.Line && a.Kernel == b.Kernel &&
		a.ExitCode == b.ExitCode && a.Signal == b.Signal && a.PGID == b.PGID && a.SID == b.SID &&
		a.UserTicks == b.UserTicks && a.KernelTicks == b.KernelTicks && a.Voluntary == b.Voluntary &&
		a.Involuntary == b.Involuntary && a.Created == b.Created && a.Pending == b.Pending && a.PC == b.PC &&
		slices.Equal(a.Locals, b.Locals) && a.WaitObj == b.WaitObj && a.InCS == b.InCS && a.Wchan == b.Wchan
}

// wholeFrom makes b's task table whole from tasks, the table of the start
// before it, which no one reads afterwards: in place, grown if need be.
func (b *windowBase) wholeFrom(tasks []Task) {
	if cap(tasks) < b.tasks {
		tasks = append(tableRoom(nil, b.tasks), tasks...)
	}
	tasks = tasks[:b.tasks]
	for _, d := range b.diff {
		tasks[d.at] = d.task
	}
	b.base.Tasks, b.diff = tasks, nil
}

// tableRoom returns dst emptied, or a new table when dst cannot hold n
// tasks: with room for an eighth more, so that the tables the watch
// passes from start to start still fit as the run makes tasks.
func tableRoom(dst []Task, n int) []Task {
	if cap(dst) >= n {
		return dst[:0]
	}
	return make([]Task, 0, n+n/8)
}

// sameArray says whether a and b begin at the same element of one array.
func sameArray(a, b []Task) bool {
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

// see takes in e after a step, with its events evs, or e at step from (no
// events). Steps after n change nothing.
func (w *snapshotWatch) see(e *sim.Engine, evs []sim.Event) {
	k := e.StepNum()
	if k == w.from {
		w.starts = windowStarts(w.n, w.from)
	}
	if k > w.from && k <= w.n {
		w.snap.Events = append(w.snap.Events, evs...)
	}
	// A start with more events after it than the bound begins no window
	// once a later start is kept (its events only grow): dropped before a
	// new start is taken. Its tasks' array becomes the next start's table.
	start := len(w.starts) > 0 && w.starts[0] == k
	keep := 1
	if start {
		keep = 0
	}
	for len(w.bases) > keep && len(w.snap.Events)-w.bases[0].first > WindowEvents {
		dropped := w.bases[0].base.Tasks
		w.bases = w.bases[1:]
		if len(w.bases) > 0 {
			w.bases[0].wholeFrom(dropped)
		} else {
			w.spare = dropped
		}
	}
	if start {
		w.starts = w.starts[1:]
		b := windowBase{base: Base{Step: k, CPUs: e.CPUs(nil)}, first: len(w.snap.Events)}
		if len(w.bases) == 0 {
			b.base.Tasks = tasksOfInto(tableRoom(w.spare, len(e.Tasks())), e)
			w.spare, w.last = nil, b.base.Tasks
		} else {
			tasks := tasksOfInto(tableRoom(w.work, len(e.Tasks())), e)
			b.diff, b.tasks = diffTasks(w.last, tasks), len(tasks)
			w.work = nil
			if !sameArray(w.last, w.bases[0].base.Tasks) {
				w.work = w.last // no start holds it
			}
			w.last = tasks
		}
		w.bases = append(w.bases, b)
	}
	if k == w.n-1 && w.n > w.from {
		// The last start is n-1 (windowStarts): its tasks are the latest
		// start's, and a start's table is never changed once its own.
		if len(w.bases) > 0 && w.bases[len(w.bases)-1].base.Step == k {
			w.snap.Prev = w.last
			w.work = nil
		} else {
			w.snap.Prev = tasksOf(e)
		}
	}
}

// window returns the watched window once step n is seen: its base and
// events. The oldest start kept is the one: every older start had too many
// events after it, and it has not, or no later start is kept.
func (w *snapshotWatch) window() (Base, []sim.Event) {
	b := w.bases[0]
	return b.base, w.snap.Events[b.first:]
}

// record is see for sim.RecordWatch: it keeps a copy of the engine at n,
// or the engine itself when n is the run's last step (RecordWatch is done
// with it then): a share link at a run's end, the usual one, costs no copy
// of the largest run's 2.3 MB engine.
func (w *snapshotWatch) record(e *sim.Engine, evs []sim.Event) {
	w.see(e, evs)
	if e.StepNum() == w.n {
		if e.Done() {
			w.at = e
		} else {
			w.at = e.Clone()
		}
	}
}

// show moves the cursor to e, the engine at the watched window's step
// w.n, and returns the snapshot of it with w's window.
func (s *engineSource) show(w snapshotWatch, e *sim.Engine) Snapshot {
	snap := w.snap
	snap.Base, snap.Events = w.window()
	snap.Step, snap.Total = w.n, s.rec.Total()
	snap.Tasks, snap.CPUs = tasksOf(e), e.CPUs(nil)
	s.cur, s.borrowed = e, false
	snap.Shared = s.shared()
	if out := OutputOf(e); len(out) > 0 {
		window := sort.Search(len(out), func(i int) bool { return out[i].Step > snap.Base.Step })
		snap.Output, snap.OutputOmitted = snapshotOutput(out, window)
	}
	return snap
}

// shared is the shared-memory state at the cursor, with the pending manual
// decision when the cursor is at the end of a recording that stopped at one.
// The cursor must be the source's own (not borrowed): reading the IPC
// objects brings the engine's pipe state up to date in place
// (sim.Engine.IPC).
func (s *engineSource) shared() Shared {
	w := sharedOf(s.cur)
	if d := s.rec.Pending(); d != nil && s.cur.StepNum() == s.rec.Total() {
		wd := toDecision(*d)
		w.Decision = &wd
	}
	return w
}

func (s *engineSource) Forward() Frame {
	s.own()
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
	// The oldest start whose window's events are within the bound, or the
	// last.
	starts := windowStarts(n, from)
	from = starts[len(starts)-1]
	for _, k := range starts {
		events := 0
		for j := k + 1; j <= n; j++ {
			events += len(s.frames[j].Events)
		}
		if events <= WindowEvents {
			from = k
			break
		}
	}
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
