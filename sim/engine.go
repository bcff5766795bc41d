package sim

// Options are the per-run settings that are not part of the scenario text.
type Options struct {
	// Seed overrides the scenario's seed when non-zero.
	Seed uint64
	// Choices, if set, decide dispatches: at every decision where two or more
	// tasks are ready, the next choice names the PID to run. A choice that
	// names no ready task, or running out of choices, falls back to the policy.
	Choices []PID
	// MaxSteps ends the run with an EvLimit event at this step (0: no limit).
	MaxSteps int64
}

// Task is one simulated process. Engine.Tasks returns them for reading; the
// exported fields are its public state, the rest belongs to the engine.
type Task struct {
	PID, PPID   PID
	Name        string
	Program     int    // index into Scenario.Programs
	PC          int    // index of the current instruction
	State       State  // current state
	CPU         int    // the CPU it runs on, or -1
	Kernel      bool   // in kernel mode (a system call) during its last tick on a CPU
	ExitCode    int    // valid in Zombie and Dead; 128+n if killed by signal n
	UserTicks   int64  // ticks spent running in user mode
	KernelTicks int64  // ticks spent running in kernel mode
	Voluntary   int64  // voluntary context switches (it blocked or stopped)
	Involuntary int64  // nonvoluntary context switches (preempted or yielded)
	Created     int64  // the step it was created in
	Pending     uint32 // set of pending signals (bit n-1 for signal n)
	Ignored     uint32 // set of ignored signals

	left    int64 // ticks left in the current compute statement (0: not started)
	wakeAt  int64 // the step at whose start a timed wait ends (0: none)
	blocked Cause // why it sleeps (S or D)
	slice   int64 // ticks used of the current quantum
	depth   int8  // open repeat loops
	loops   [MaxRepeatDepth]int64
}

type cpuState struct {
	cur           PID   // running task, 0 if idle
	prev          PID   // the task that last left this CPU
	prevStep      int64 // the step in which prev left
	prevVoluntary bool
}

// Engine runs one scenario. It is not safe for concurrent use.
type Engine struct {
	sc          *Scenario
	step        int64
	tasks       []Task // in creation order; PID 1 is tasks[0]
	ready       []PID  // FIFO ready queue
	cpus        []cpuState
	lastPID     PID
	rng         uint64
	nextArrival int
	choices     []PID // shared, never written
	decisions   int
	maxSteps    int64
	done        bool
	events      []Event
}

// New returns an engine at step 0: PID 1 (init) exists and waits for
// children; the scenario's processes arrive from step 1 on.
func New(sc *Scenario, opt Options) *Engine {
	seed := sc.Seed
	if opt.Seed != 0 {
		seed = opt.Seed
	}
	e := &Engine{
		sc:       sc,
		cpus:     make([]cpuState, sc.CPUs),
		rng:      seed,
		choices:  opt.Choices,
		maxSteps: opt.MaxSteps,
		lastPID:  1,
		events:   make([]Event, 0, 16),
	}
	e.tasks = append(e.tasks, Task{PID: 1, Name: "init", Program: -1, State: StateSleeping, CPU: -1, blocked: CauseWaitChild})
	return e
}

// Scenario returns the scenario the engine runs.
func (e *Engine) Scenario() *Scenario { return e.sc }

// StepNum returns the number of the last step taken (0 before the first).
func (e *Engine) StepNum() int64 { return e.step }

// Done reports whether nothing more can happen: no task can run or wake and
// no process is still to arrive, or the step limit was reached.
func (e *Engine) Done() bool { return e.done }

// Tasks returns every task ever created, in creation order, PID 1 first. The
// slice belongs to the engine: read it, do not keep it across Step.
func (e *Engine) Tasks() []Task { return e.tasks }

// CPUs returns the PID running on each CPU (0 for idle) into dst.
func (e *Engine) CPUs(dst []PID) []PID {
	dst = dst[:0]
	for _, c := range e.cpus {
		dst = append(dst, c.cur)
	}
	return dst
}

// Ready returns the ready queue, head first. Read it, do not keep it.
func (e *Engine) Ready() []PID { return e.ready }

// Line returns the scenario line of the statement a task is at, or 0.
func (e *Engine) Line(t *Task) int {
	if t.Program < 0 || t.State == StateZombie || t.State == StateDead {
		return 0
	}
	return e.sc.Programs[t.Program].Code[t.PC].Line
}

// Clone returns an independent copy of the engine at the same step.
func (e *Engine) Clone() *Engine {
	c := *e
	c.tasks = append([]Task(nil), e.tasks...)
	c.ready = append([]PID(nil), e.ready...)
	c.cpus = append([]cpuState(nil), e.cpus...)
	c.events = make([]Event, 0, 16)
	return &c
}

// Step advances the clock by one tick and returns what happened in it. The
// returned slice is reused by the next call. After Done, Step returns nil.
func (e *Engine) Step() []Event {
	if e.done {
		return nil
	}
	e.step++
	e.events = e.events[:0]
	e.wakeTimers()
	e.arrive()
	e.dispatch()
	for c := range e.cpus {
		if pid := e.cpus[c].cur; pid != 0 {
			e.execute(e.task(pid), c)
		}
	}
	e.endOfTick()
	if e.maxSteps > 0 && e.step >= e.maxSteps && !e.done {
		e.emit(Event{Kind: EvLimit, CPU: -1, Value: e.maxSteps})
		e.done = true
	}
	return e.events
}

func (e *Engine) emit(ev Event) {
	ev.Step = e.step
	e.events = append(e.events, ev)
}

func (e *Engine) setState(t *Task, to State, cause Cause, cpu int) {
	e.emit(Event{Kind: EvState, Task: t.PID, CPU: int16(cpu), From: t.State, To: to, Cause: cause})
	t.State = to
}

// task returns the newest task with this PID (a PID may be reused after an
// older task with it was reaped), or nil.
func (e *Engine) task(pid PID) *Task {
	for i := len(e.tasks) - 1; i >= 0; i-- {
		if e.tasks[i].PID == pid {
			return &e.tasks[i]
		}
	}
	return nil
}

// wakeTimers ends the timed waits (sleep, io, disk) that are due.
func (e *Engine) wakeTimers() {
	for i := range e.tasks {
		t := &e.tasks[i]
		if t.wakeAt == 0 || t.wakeAt > e.step {
			continue
		}
		switch t.State {
		case StateSleeping, StateDisk:
			t.wakeAt = 0
			t.PC++
			wasDisk := t.State == StateDisk
			e.makeRunnable(t, CauseIODone)
			if wasDisk {
				e.afterDisk(t)
			}
		case StateStopped, StateTraced, StateRunnable:
			// The wait finished while it was stopped (or continued and not
			// yet back on a CPU): it goes on after the statement.
			t.wakeAt = 0
			t.PC++
		}
	}
}

// afterDisk acts on the signals that arrived while t was in D.
func (e *Engine) afterDisk(t *Task) {
	if t.Pending&SIGSTOP.mask() != 0 {
		t.Pending &^= SIGSTOP.mask()
		e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: -1, Value: int64(SIGSTOP), Cause: CauseSigStop})
		e.stop(t)
	}
}

func (e *Engine) makeRunnable(t *Task, cause Cause) {
	e.setState(t, StateRunnable, cause, -1)
	t.blocked = CauseNone
	e.ready = append(e.ready, t.PID)
}

// arrive creates the scenario's processes whose arrival time has come.
func (e *Engine) arrive() {
	for e.nextArrival < len(e.sc.Processes) && e.sc.Processes[e.nextArrival].Arrival+1 <= e.step {
		spec := e.sc.Processes[e.nextArrival]
		e.nextArrival++
		e.spawn(1, spec.Program, CauseArrival)
	}
}

// spawn creates a child of parent running program prog and reports whether it could.
func (e *Engine) spawn(parent PID, prog int, cause Cause) bool {
	if len(e.tasks) >= e.sc.MaxTasks {
		e.emit(Event{Kind: EvForkFailed, Task: parent, CPU: -1, Cause: CauseTaskLimit, Value: int64(e.sc.MaxTasks)})
		return false
	}
	pid, ok := e.allocPID()
	if !ok {
		e.emit(Event{Kind: EvForkFailed, Task: parent, CPU: -1, Cause: CauseNoPID, Value: int64(e.sc.PIDMax)})
		return false
	}
	var ignored uint32
	if p := e.task(parent); p != nil && parent != 1 {
		ignored = p.Ignored // SIG_IGN survives fork and exec
	}
	e.tasks = append(e.tasks, Task{
		PID: pid, PPID: parent, Name: e.sc.Programs[prog].Name, Program: prog,
		CPU: -1, Created: e.step, Ignored: ignored,
	})
	t := &e.tasks[len(e.tasks)-1]
	e.emit(Event{Kind: EvCreated, Task: pid, Other: parent, CPU: -1, Value: int64(prog), Cause: cause})
	e.emit(Event{Kind: EvExec, Task: pid, CPU: -1, Value: int64(prog)})
	e.makeRunnable(t, cause)
	return true
}

// inUse reports whether a task that is not yet reaped holds pid.
func (e *Engine) inUse(pid PID) bool {
	for i := range e.tasks {
		if e.tasks[i].PID == pid && e.tasks[i].State != StateDead {
			return true
		}
	}
	return false
}

// allocPID returns the next free PID after the last one handed out; past
// PIDMax-1 it wraps to 2 and takes the lowest free PID from there.
func (e *Engine) allocPID() (PID, bool) {
	pid := e.lastPID
	for range e.sc.PIDMax {
		pid++
		if int(pid) >= e.sc.PIDMax {
			pid = 2
		}
		if !e.inUse(pid) {
			e.lastPID = pid
			return pid, true
		}
	}
	return 0, false
}

// dispatch puts a ready task on every idle CPU, in CPU order.
func (e *Engine) dispatch() {
	for c := range e.cpus {
		cpu := &e.cpus[c]
		if cpu.cur != 0 || len(e.ready) == 0 {
			continue
		}
		i := e.pick()
		pid := e.ready[i]
		e.ready = append(e.ready[:i], e.ready[i+1:]...)
		t := e.task(pid)
		sw := Event{Kind: EvSwitch, Task: pid, CPU: int16(c)}
		if cpu.prevStep == e.step-1 {
			sw.Other, sw.Voluntary = cpu.prev, cpu.prevVoluntary
		}
		e.emit(sw)
		e.setState(t, StateRunning, CauseDispatch, c)
		cpu.cur = pid
		t.CPU = c
		t.slice = 0
	}
}

// pick returns the index in the ready queue of the task to dispatch.
func (e *Engine) pick() int {
	if len(e.ready) < 2 {
		return 0
	}
	d := e.decisions
	e.decisions++
	if d < len(e.choices) {
		for i, pid := range e.ready {
			if pid == e.choices[d] {
				return i
			}
		}
	}
	return 0 // FCFS and RR both take the head of the queue
}

// leaveCPU takes t off its CPU.
func (e *Engine) leaveCPU(t *Task, voluntary bool) {
	if t.CPU < 0 {
		return
	}
	cpu := &e.cpus[t.CPU]
	cpu.cur, cpu.prev, cpu.prevStep, cpu.prevVoluntary = 0, t.PID, e.step, voluntary
	t.CPU = -1
	if voluntary {
		t.Voluntary++
	} else {
		t.Involuntary++
	}
}

func (e *Engine) removeReady(pid PID) {
	for i, p := range e.ready {
		if p == pid {
			e.ready = append(e.ready[:i], e.ready[i+1:]...)
			return
		}
	}
}

func (e *Engine) mode(t *Task, kernel bool) {
	if t.Kernel != kernel {
		t.Kernel = kernel
		v := int64(0)
		if kernel {
			v = 1
		}
		e.emit(Event{Kind: EvMode, Task: t.PID, CPU: int16(t.CPU), Value: v})
	}
	if kernel {
		t.KernelTicks++
	} else {
		t.UserTicks++
	}
}

// endOfTick preempts tasks whose quantum expired and decides whether the run is over.
func (e *Engine) endOfTick() {
	// Preempt only when some ready task has no idle CPU to go to.
	waiting := len(e.ready)
	for c := range e.cpus {
		if e.cpus[c].cur == 0 {
			waiting--
		}
	}
	for c := range e.cpus {
		pid := e.cpus[c].cur
		if pid == 0 {
			continue
		}
		t := e.task(pid)
		t.slice++
		if e.sc.Policy == RR && t.slice >= e.sc.Quantum {
			if waiting > 0 {
				e.setState(t, StateRunnable, CauseQuantum, c)
				e.leaveCPU(t, false)
				e.ready = append(e.ready, t.PID)
			} else {
				t.slice = 0
			}
		}
	}
	if e.nextArrival < len(e.sc.Processes) || len(e.ready) > 0 {
		return
	}
	for i := range e.tasks {
		t := &e.tasks[i]
		if t.State == StateRunning || t.wakeAt != 0 && (t.State == StateSleeping || t.State == StateDisk) {
			return
		}
	}
	e.done = true
}
