package sim

// Recording is a whole run kept as checkpoints, so that any step can be
// reached in bounded time: Goto restores the nearest checkpoint at or before
// the step and replays at most Every-1 steps from it. Once made it never
// changes: its methods only read it, so any number of goroutines may call
// them at once (lab.Recordings shares one between sessions; the engines
// Goto returns are the callers' own).
type Recording struct {
	sc          *Scenario
	opt         Options
	every       int64
	checkpoints []*Engine // checkpoints[i] is the engine at step i*every
	total       int64
	pending     *Decision // manual mode: the decision the run stopped at
	tasks       int       // the task table's length at the last step (it only grows)
	// out is the output of the run's last step: the checkpoints hold
	// prefixes of it, and Goto makes it again (Bytes counts it).
	out      []OutputLine
	outBytes int64
}

// DefaultCheckpointEvery is the checkpoint spacing Record uses when given 0.
const DefaultCheckpointEvery = 1024

// Record runs the scenario from step 0 until it is done (or opt.MaxSteps),
// keeping a checkpoint every `every` steps (0: DefaultCheckpointEvery).
func Record(sc *Scenario, opt Options, every int64) *Recording {
	return RecordStop(sc, opt, every, nil)
}

// stopPollSteps is how often (in steps) RecordStop polls its stop function.
const stopPollSteps = 4096

// RecordStop is Record, polling stop (if not nil) every few thousand steps:
// when stop reports true, it gives up and returns nil. The caller's stop
// must be cheap and must not depend on the run (determinism is the
// caller's: a stopped recording is discarded, never shown).
func RecordStop(sc *Scenario, opt Options, every int64, stop func() bool) *Recording {
	return RecordWatch(sc, opt, every, stop, nil)
}

// RecordWatch is RecordStop calling watch (if not nil) on the recording's
// engine at step 0, with no events, and after each step taken, with that
// step's events, so that a caller can take what it shows of some steps
// while the run is recorded rather than replay them afterwards. watch runs
// on the calling goroutine; it must not change the engine (it may Clone
// it) nor keep the events slice, which the engine reuses. It may keep the
// engine itself from the call at which the engine is Done: RecordWatch
// reads it no more after that call, and the recording keeps only its
// output (which a kept engine must leave as it is, as every engine does:
// output is only appended to).
func RecordWatch(sc *Scenario, opt Options, every int64, stop func() bool, watch func(e *Engine, evs []Event)) *Recording {
	if every <= 0 {
		every = DefaultCheckpointEvery
	}
	r := &Recording{sc: sc, opt: opt, every: every}
	e := New(sc, opt)
	r.checkpoints = append(r.checkpoints, e.Clone())
	if watch != nil {
		watch(e, nil)
	}
	for !e.Done() {
		if stop != nil && e.StepNum()%stopPollSteps == 0 && stop() {
			return nil
		}
		var evs []Event
		if opt.Manual {
			var d *Decision
			if evs, d = e.StepManual(); d != nil {
				r.pending = d
				break
			}
		} else {
			evs = e.Step()
		}
		if watch != nil {
			watch(e, evs)
		}
		if e.StepNum()%every == 0 && !e.Done() {
			r.checkpoints = append(r.checkpoints, e.Clone())
		}
	}
	r.total, r.tasks = e.StepNum(), len(e.tasks)
	r.out, r.outBytes = e.out, e.outBytes
	return r
}

// Pending returns, in manual mode, the decision the run stopped at (its
// step is Total+1), or nil when the run is complete.
func (r *Recording) Pending() *Decision { return r.pending }

// Total returns the last step of the run.
func (r *Recording) Total() int64 { return r.total }

// Scenario returns the recorded scenario.
func (r *Recording) Scenario() *Scenario { return r.sc }

// Checkpoints returns how many checkpoints the recording keeps.
func (r *Recording) Checkpoints() int { return len(r.checkpoints) }

// Goto returns a new engine at step n (clamped to 0..Total). If visit is not
// nil, it is called with the events of every step replayed after `from`
// (events of steps from+1..n), which lets a caller collect a window.
func (r *Recording) Goto(n, from int64, visit func([]Event)) *Engine {
	n = max(0, min(n, r.total))
	from = max(0, min(from, n))
	i := from / r.every
	if i >= int64(len(r.checkpoints)) {
		i = int64(len(r.checkpoints)) - 1
	}
	e := r.checkpoints[i].cloneWithRoom(r.roomFor(n))
	for e.StepNum() < n {
		evs := e.Step()
		if visit != nil && e.StepNum() > from {
			visit(evs)
		}
	}
	return e
}

// CopyOf returns a copy of e, an engine of this recording's run, with room
// in its task table as Goto's engines have.
func (r *Recording) CopyOf(e *Engine) *Engine { return e.cloneWithRoom(r.roomFor(e.StepNum())) }

// roomFor is the task table's length an engine at step n reaches by the
// next checkpoint (by the run's end, past the last): an engine Goto or
// CopyOf makes has that room, so that replaying or stepping on to there
// grows no table (copying it whole), and a seek early in a large run
// does not take the room of the run's last table.
func (r *Recording) roomFor(n int64) int {
	if i := n/r.every + 1; i < int64(len(r.checkpoints)) {
		return len(r.checkpoints[i].tasks)
	}
	return r.tasks
}

// AdvanceOrGoto advances a copy of e (which must come from this recording) to step
// n when n is ahead of it and close; otherwise it goes through a checkpoint.
func (r *Recording) AdvanceOrGoto(e *Engine, n int64) *Engine {
	if n >= e.StepNum() && n-e.StepNum() < r.every {
		c := e.Clone()
		for c.StepNum() < min(n, r.total) {
			c.Step()
		}
		return c
	}
	return r.Goto(n, n, nil)
}

// Bytes estimates the memory one copy of the engine keeps (Clone), in
// bytes: what Recording.Bytes counts for each checkpoint, plus its
// choices (a copy given one more by AddChoice has its own list). It is a
// lower bound good to within the allocator's rounding, for budgets.
// Decisions of manual mode are shared between copies and not counted.
func (e *Engine) Bytes() int64 { return e.bytes() + int64(cap(e.choices))*4 }

// bytes estimates the memory e keeps of its own, in bytes: the engine, its
// task table, shared memory, queues and sync objects (not the output,
// which clones share).
func (e *Engine) bytes() int64 {
	n := engineBytes + int64(cap(e.tasks))*taskBytes + int64(cap(e.mem))*8 + int64(cap(e.ready)+cap(e.cpus))*4
	for _, o := range e.objs {
		n += int64(cap(o.queue))*4 + int64(cap(o.buf))*8
	}
	n += e.pipeBytes()      // pipe_ends.go
	n += e.sockBytes()      // socket.go
	n += e.switchBytes()    // switchcost.go
	return n + e.memBytes() // memory.go
}

// The sizes of an Engine and a Task in bytes on 64-bit platforms, used by
// Bytes (sim may not import unsafe; size_test.go checks them).
const (
	engineBytes = 704
	taskBytes   = 768
)

// Bytes estimates the memory the recording keeps, in bytes: its
// checkpoints' engines, task tables, shared memory, sync objects and a Go
// program's output up to the run's last step (at most MaxOutputBytes of
// text in MaxOutputWrites lines). It is a lower bound good to within the
// allocator's rounding, for budgets.
func (r *Recording) Bytes() int64 {
	var n int64
	for _, e := range r.checkpoints {
		n += e.bytes()
	}
	// A Go program's output, as the run's last step has it: the
	// checkpoints share its texts and prefixes of the arrays it grew in.
	return n + int64(cap(r.out))*outputLineBytes + r.outBytes
}

// outputLineBytes is the size of an OutputLine on 64-bit platforms, with
// the array doubling that appends leave behind.
const outputLineBytes = 2 * 40
