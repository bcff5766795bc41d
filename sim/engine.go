package sim

// Options are the per-run settings that are not part of the scenario text.
type Options struct {
	// Seed overrides the scenario's seed when non-zero.
	Seed uint64
	// Choices, if set, decide dispatches: at every decision where two or more
	// tasks are ready, the next choice names the PID to run. A choice that
	// names no ready task falls back to the policy (with an EvChoiceIgnored
	// event); so does running out of choices, unless Manual is set.
	Choices []PID
	// Manual makes StepManual stop at a decision that the choices do not
	// cover, so that a person can make it ("you are the scheduler").
	Manual bool
	// MaxSteps ends the run with an EvLimit event at this step (0: no limit).
	MaxSteps int64
	// Random makes a seeded random picker decide every dispatch decision
	// that the choices do not cover.
	Random bool
	// Interleave runs the scenario as Explore does (one CPU, round robin
	// with a quantum of 1 tick, no switch cost), so that an exploration's
	// witness schedule, given as Choices, replays exactly.
	Interleave bool

	explore bool // set by Explore
}

// Task is one simulated process. Engine.Tasks returns them for reading; the
// exported fields are its public state, the rest belongs to the engine.
type Task struct {
	PID, PPID   PID
	TGID        PID // thread group ID (what getpid returns): the leader's PID; PID is the thread's TID
	Name        string
	Program     int    // index into Scenario.Programs; -1 for PID 1
	PC          int    // index of the current instruction
	State       State  // current state
	CPU         int    // the CPU it runs on, or -1
	Kernel      bool   // in kernel mode (a system call) during its last tick on a CPU
	ExitCode    int    // valid in Zombie and Dead when it called exit (Signal is 0)
	Signal      Signal // valid in Zombie and Dead: the signal that killed it (0: it called exit). Its parent's wait sees "killed by signal n" (WIFSIGNALED, WTERMSIG): there is no exit code
	PGID, SID   PID    // its process group and session
	Caught      uint32 // set of signals with a handler (catch); exec resets them to the default
	UserTicks   int64  // ticks spent running in user mode
	KernelTicks int64  // ticks spent running in kernel mode
	IOTicks     int64  // ticks spent blocked in S or D on a timed wait (io, disk, sleep)
	Voluntary   int64  // voluntary context switches (it blocked or stopped)
	Involuntary int64  // nonvoluntary context switches (preempted or yielded)
	Created     int64  // the step it was created in (it arrived at time Created-1)
	FirstRun    int64  // the step of its first tick on a CPU (0: not yet)
	Ended       int64  // the step in which it exited (0: not yet)
	Pending     uint32 // set of pending signals (bit n-1 for signal n)
	Ignored     uint32 // set of ignored signals
	Priority    int    // lower number = higher priority
	Tickets     int64  // lottery and stride tickets
	Nice        int    // CFS nice value, -20..19
	Level       int    // MLFQ level, 0 = highest
	Vruntime    int64  // CFS virtual runtime, in 1/1024 ticks of a nice-0 task
	Pass        int64  // stride pass

	parent     int32 // index of the parent in Engine.tasks
	children   int32 // children not yet reaped
	left       int64 // ticks left in the current compute statement (0: not drawn)
	wakeAt     int64 // the step at whose start a timed wait ends (0: none)
	blockedAt  int64 // the step in which it blocked on a timed wait
	blocked    Cause // why it sleeps (S or D)
	slice      int64 // ticks run since it was dispatched (the current quantum)
	levelUsed  int64 // ticks run at its MLFQ level
	switchLeft int64 // switch-cost ticks its CPU still spends before it runs
	readySince int64 // the step it last became runnable
	depth      int8  // open repeat loops
	loops      [MaxRepeatDepth]int64
	dying      Signal // a fatal signal marked the process to die (the kernel's SIGNAL_GROUP_EXIT): it dies when it next runs, and every later signal is dropped
	stopSig    Signal // the signal that stopped it, while in T or t
	report     uint8  // news for its parent's (or tracer's) wait: reportStopped or reportContinued
	subreaper  bool   // PR_SET_CHILD_SUBREAPER: orphaned descendants are re-parented to it
	forkRet    PID    // what its last fork returned: the child's PID, 0 in the child, -1 before any fork
	execProg   int32  // spawn: the program the new child execs when it first runs (-1: none)
	tracer     int32  // the index of its tracer, -1 if untraced
	trap       bool   // a tracer's interrupt waits until it leaves D
	jobStop    bool   // in t for a group stop (a SIGSTOP its tracer let through): detached, it stays stopped in T
	threadState
	// -- part 1, memory (memory*.go)
	memTask
	// -- part 2, system calls and modes (syscall*.go)
	syscallTask
	// -- part 3, context-switch cost (switchcost*.go)
	switchTask
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	pipeTask
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	ipcTask
}

// Activity says what a CPU did during the last step.
type Activity uint8

// The activities.
const (
	Idle   Activity = iota // nothing ran
	User                   // a task ran in user mode
	Kernel                 // a task ran in kernel mode (a system call)
	Switch                 // the CPU was switching to the task (switch cost)
)

type cpuState struct {
	cur           int32 // index of the running task, -1 if idle
	prev          int32 // index of the task that last left this CPU, -1 if none
	prevStep      int64 // the step in which prev left
	prevVoluntary bool
	last          int32 // the last task dispatched here, -1 if none (for switch cost)
	did           Activity
	didTask       int32
	refills       int32 // turns left for refill in this tick, plus one; 0 before the first
}

type timer struct {
	at  int64
	idx int32
}

// Engine runs one scenario. It is not safe for concurrent use.
type Engine struct {
	sc          *Scenario
	step        int64
	tasks       []Task  // in creation order; PID 1 is tasks[0]; at most sc.TaskTableSize()
	live        int     // tasks created and not yet reaped, PID 1 included (max_tasks counts these)
	ready       []int32 // ready queue of task indexes, in arrival order
	readyAll    []int32 // the whole array ready is a window of (readyRoom), or nil
	cpus        []cpuState
	timers      []timer // min-heap on (at, idx); entries may be stale
	nTimers     int     // live timed waits
	lastPID     PID
	wrapped     bool         // PIDs have wrapped past PIDMax at least once
	pidUsed     map[PID]bool // after the first wrap: the PIDs held by tasks not yet reaped
	rng         uint64
	nextArrival int
	choices     []PID // shared, never written
	decisions   int
	manual      bool
	random      bool
	threads     bool          // some program of sc is a thread's: countDecision has counters to keep
	tickStart   bool          // jobs model: statements run before the task computes in this tick (see now)
	forced      PID           // explore: the PID the next decision takes (-1: none)
	need        *Decision     // set when a manual decision is due
	log         *decisionNode // the last decision made, in manual mode (manual.go)
	maxSteps    int64
	done        bool
	busy        int64 // task ticks executed on all CPUs
	switches    int64 // dispatches of a different task than the CPU's last one
	minVruntime int64
	winner      int32      // lottery: the task that won the draw at a quantum's end, or -1
	mem         []int64    // shared variables
	objs        []objState // synchronisation objects
	det         *detector  // race and lost-update detection (nil: off)
	explore     bool       // exploring: only violations, races and lost updates are emitted
	events      []Event
	goEngine    // Go programs (goexec.go); zero for a scenario
	// -- part 1, memory (memory*.go)
	memEngine
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	switchEngine
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	pipeEngine
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	ipcEngine
}

// New returns an engine at step 0: PID 1 (init) exists and waits for
// children; the scenario's processes arrive from step 1 on.
func New(sc *Scenario, opt Options) *Engine {
	if opt.Interleave {
		sc = Interleaved(sc)
	}
	seed := sc.Seed
	if opt.Seed != 0 {
		seed = opt.Seed
	}
	e := &Engine{
		sc:       sc,
		cpus:     make([]cpuState, sc.CPUs),
		rng:      seed,
		choices:  opt.Choices,
		manual:   opt.Manual,
		random:   opt.Random,
		maxSteps: opt.MaxSteps,
		lastPID:  1,
		live:     1, // PID 1
		winner:   -1,
		forced:   -1,
		events:   make([]Event, 0, 16),
		threads:  hasThreadProgram(sc),
	}
	for c := range e.cpus {
		e.cpus[c] = cpuState{cur: -1, prev: -1, last: -1, didTask: -1}
	}
	init := Task{PID: 1, TGID: 1, PGID: 1, SID: 1, Name: "init", Program: -1, State: StateSleeping, CPU: -1, blocked: CauseWaitChild, parent: -1, Tickets: DefaultTickets}
	init.waitObj, init.forkRet, init.execProg, init.tracer = -1, -1, -1, -1
	if sc.Jobs {
		init.Ignored = SIGCHLD.mask() // jobs vanish as they end: no reaping to watch
	}
	e.tasks = make([]Task, 1, min(sc.MaxTasks, len(sc.Processes)+16))
	e.tasks[0] = init
	e.initShared()
	if len(sc.Vars) > 0 {
		e.det = newDetector(sc)
	}
	e.explore = opt.explore
	return e
}

// Scenario returns the scenario the engine runs.
func (e *Engine) Scenario() *Scenario { return e.sc }

// StepNum returns the number of the last step taken (0 before the first).
func (e *Engine) StepNum() int64 { return e.step }

// Done reports whether nothing more can happen: no task can run or wake and
// no process is still to arrive, or the step limit was reached.
func (e *Engine) Done() bool { return e.done }

// Tasks returns every task ever created, in creation order, PID 1 first,
// reaped ones included (state X). It holds at most Scenario.TaskTableSize
// tasks: a fork beyond that fails (cause task_table). The slice belongs to
// the engine: read it, do not keep it across Step.
func (e *Engine) Tasks() []Task { return e.tasks }

// CPUs returns the PID running on each CPU (0 for idle) into dst.
func (e *Engine) CPUs(dst []PID) []PID {
	dst = dst[:0]
	for _, c := range e.cpus {
		dst = append(dst, e.pidOf(c.cur))
	}
	return dst
}

// Activity returns what CPU c did in the last step, and for which task.
func (e *Engine) Activity(c int) (Activity, PID) {
	return e.cpus[c].did, e.pidOf(e.cpus[c].didTask)
}

// Ready returns the PIDs in the ready queue, in queue order, into dst.
func (e *Engine) Ready(dst []PID) []PID {
	dst = dst[:0]
	for _, i := range e.ready {
		dst = append(dst, e.tasks[i].PID)
	}
	return dst
}

// ContextSwitches returns how many times a CPU switched to a task other
// than the one it ran last (the first dispatch on a CPU is not counted).
func (e *Engine) ContextSwitches() int64 { return e.switches }

// Decisions returns how many dispatch decisions with two or more candidates
// have been made, counting the Go select choices (-(k+1)) taken from the
// choice list (one choice each).
func (e *Engine) Decisions() int { return e.decisions }

func (e *Engine) pidOf(i int32) PID {
	if i < 0 {
		return 0
	}
	return e.tasks[i].PID
}

// Line returns the scenario line of the statement a task is at, or 0.
func (e *Engine) Line(t *Task) int {
	if t.Program < 0 || t.State == StateZombie || t.State == StateDead {
		return 0
	}
	return e.sc.Programs[t.Program].Code[t.PC].Line
}

// Clone returns an independent copy of the engine at the same step.
func (e *Engine) Clone() *Engine {
	c := &Engine{}
	e.cloneInto(c)
	c.events = nil
	return c
}

// cloneWithRoom is Clone with room in the copy's task table for tasks
// tasks, so that a copy stepped towards the end of its recording does not
// grow the table (copying it whole) as tasks are created.
func (e *Engine) cloneWithRoom(tasks int) *Engine {
	c := &Engine{tasks: make([]Task, 0, max(tasks, len(e.tasks)))}
	e.cloneInto(c)
	c.events = nil
	return c
}

// cloneInto makes dst an independent copy of e, reusing dst's memory.
func (e *Engine) cloneInto(dst *Engine) {
	tasks, ready, cpus, timers, mem, objs, events, det := dst.tasks, dst.ready, dst.cpus, dst.timers, dst.mem, dst.objs, dst.events, dst.det
	*dst = *e
	dst.tasks = append(tasks[:0], e.tasks...)
	dst.ready = append(ready[:0], e.ready...)
	dst.readyAll = nil // e's: dst's queue is an array of its own
	dst.cpus = append(cpus[:0], e.cpus...)
	dst.timers = append(timers[:0], e.timers...)
	dst.mem = append(mem[:0], e.mem...)
	dst.objs = append(objs[:0], e.objs...)
	dst.events = events[:0]
	dst.need = nil
	e.goCloneInto(dst)
	e.memCloneInto(dst)                                 // memory.go
	e.ipcCloneInto(dst)                                 // shm.go
	e.pipeCloneInto(dst)                                // pipe_ends.go
	dst.recs, dst.recLocals = copySwitches(e.recs), nil // switchcost.go: e reuses its arrays in place
	for o := range dst.objs {
		s := &dst.objs[o]
		s.queue = append([]int32(nil), s.queue...) // nil when empty: never shares memory
		s.buf = append([]int64(nil), s.buf...)
		s.qcase = append([]int16(nil), s.qcase...)
	}
	if e.det != nil {
		dst.det = e.det.cloneInto(det)
	}
	if e.pidUsed != nil {
		dst.pidUsed = make(map[PID]bool, len(e.pidUsed))
		for p := range e.pidUsed {
			dst.pidUsed[p] = true
		}
	}
}

// Step advances the clock by one tick and returns what happened in it. The
// returned slice is reused by the next call. After Done, Step returns nil.
//
// The order within a tick: timed waits that are due end; processes arrive;
// MLFQ boosts; tasks whose quantum is used up are preempted; idle CPUs take
// a task (CPU 0 first); preemptive policies swap a running task for a
// better ready one; every CPU runs its task for one tick.
func (e *Engine) Step() []Event {
	if e.done {
		return nil
	}
	e.step++
	e.events = e.events[:0]
	e.wakeTimers()
	if e.sc.Go != nil {
		e.goFireTimers() // time.After (gochan.go)
	}
	e.arrive()
	e.boost()
	e.expireQuanta()
	e.dispatch()
	e.preemptForBetter()
	for c := range e.cpus {
		cpu := &e.cpus[c]
		cpu.did, cpu.didTask, cpu.refills = Idle, -1, 0
		if cpu.cur >= 0 {
			e.execute(cpu.cur, c)
		}
	}
	if e.sc.Go != nil {
		e.goEndOfStep()
	}
	e.checkDone()
	if e.maxSteps > 0 && e.step >= e.maxSteps && !e.done {
		e.emit(Event{Kind: EvLimit, CPU: -1, Value: e.maxSteps})
		e.done = true
	}
	return e.events
}

func (e *Engine) emit(ev Event) {
	if e.explore && !exploreEvents[ev.Kind] {
		return // exploring needs only the violations, races and lost updates
	}
	ev.Step = e.step
	e.events = append(e.events, ev)
}

// exploreEvents are the kinds of event an exploring engine emits (the
// violations, races and lost updates stepViolations reads), by kind: one
// load per event instead of a compare per kind.
var exploreEvents = [256]bool{
	EvCSViolation: true, EvDeadlock: true, EvAssertFailed: true, EvRace: true,
	EvLostUpdate: true, EvPanic: true, EvAllAsleep: true,
}

func (e *Engine) setState(t *Task, to State, cause Cause, cpu int) {
	e.emit(Event{Kind: EvState, Task: t.PID, CPU: int16(cpu), From: t.State, To: to, Cause: cause})
	t.State = to
	if to != StateRunning && to != StateRunnable {
		e.goCheck = true // a Go process may now be all asleep (goexec.go)
	}
	if to == StateDead {
		e.live-- // reaped: it no longer counts against max_tasks
	}
	if to == StateDead && e.pidUsed != nil {
		delete(e.pidUsed, t.PID)
	}
}

// task returns the newest task with this PID (a PID may be reused after an
// older task with it was reaped), or nil. It is linear: keep it off hot paths.
func (e *Engine) task(pid PID) *Task {
	for i := len(e.tasks) - 1; i >= 0; i-- {
		if e.tasks[i].PID == pid {
			return &e.tasks[i]
		}
	}
	return nil
}

// setTimer starts a timed wait of t (index i) ending at the start of step at.
func (e *Engine) setTimer(i int32, at int64) {
	t := &e.tasks[i]
	if t.wakeAt == 0 {
		e.nTimers++
	}
	t.wakeAt = at
	e.timers = append(e.timers, timer{at, i})
	for j := len(e.timers) - 1; j > 0; {
		p := (j - 1) / 2
		if !timerLess(e.timers[j], e.timers[p]) {
			break
		}
		e.timers[j], e.timers[p] = e.timers[p], e.timers[j]
		j = p
	}
}

func (e *Engine) clearTimer(t *Task) {
	if t.wakeAt != 0 {
		t.wakeAt = 0
		e.nTimers--
	}
}

func timerLess(a, b timer) bool { return a.at < b.at || a.at == b.at && a.idx < b.idx }

func (e *Engine) popTimer() timer {
	h := e.timers
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for j := 0; ; {
		l, r, m := 2*j+1, 2*j+2, j
		if l < n && timerLess(h[l], h[m]) {
			m = l
		}
		if r < n && timerLess(h[r], h[m]) {
			m = r
		}
		if m == j {
			break
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
	e.timers = h
	return top
}

// wakeTimers ends the timed waits (sleep, io, disk) that are due, in order
// of due step, then task creation order.
func (e *Engine) wakeTimers() {
	for len(e.timers) > 0 && e.timers[0].at <= e.step {
		tm := e.popTimer()
		t := &e.tasks[tm.idx]
		if t.wakeAt != tm.at {
			continue // stale: the wait was cut short or replaced
		}
		e.clearTimer(t)
		t.PC++
		switch t.State {
		case StateSleeping, StateDisk:
			t.IOTicks += e.step - t.blockedAt - 1
			wasDisk := t.State == StateDisk
			e.makeRunnable(tm.idx, CauseIODone)
			if wasDisk {
				e.afterDisk(tm.idx)
			}
		default:
			// Stopped (or continued and not yet back on a CPU): the wait
			// finished meanwhile, so it goes on after the statement.
		}
	}
}

// afterDisk acts on what arrived while the task was in D: a task marked
// to die goes on to die when it runs; otherwise a tracer's interrupt puts
// it in t, or a pending SIGSTOP stops it.
func (e *Engine) afterDisk(i int32) {
	t := &e.tasks[i]
	if t.dying != 0 {
		return
	}
	if t.trap {
		t.trap = false
		e.ptraceStop(i, 0)
		return
	}
	if t.tracer >= 0 {
		e.pendingAfterTrace(i) // ptrace.go
		return
	}
	if t.Pending&stopMask != 0 {
		sig := SIGSTOP
		if t.Pending&SIGSTOP.mask() == 0 {
			sig = SIGTSTP // a SIGTSTP that waited while it was in D
		}
		t.Pending &^= stopMask
		e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: -1, Value: int64(sig), Cause: CauseSigStop})
		e.stop(i, sig)
	}
}

func (e *Engine) makeRunnable(i int32, cause Cause) {
	t := &e.tasks[i]
	e.setState(t, StateRunnable, cause, -1)
	t.blocked = CauseNone
	t.readySince = e.step
	e.onReady(t, cause)
	e.readyRoom()
	e.ready = append(e.ready, i)
}

// arrive creates the scenario's processes whose arrival time has come.
func (e *Engine) arrive() {
	for e.nextArrival < len(e.sc.Processes) && e.sc.Processes[e.nextArrival].Arrival+1 <= e.step {
		spec := e.sc.Processes[e.nextArrival]
		e.nextArrival++
		if e.arriveTask(spec.Program) {
			t := &e.tasks[len(e.tasks)-1]
			t.Priority, t.Tickets, t.Nice = spec.Priority, spec.Tickets, spec.Nice
		}
	}
}

// spawn creates a child of the task at index parent and reports whether it
// could. A scenario's process (parent 0) runs program prog from its start,
// as the leader of a new session and process group, the way a service
// manager starts a service. A fork (cause CauseFork) copies the parent: the
// child runs the parent's program from the statement after the fork, with
// the parent's process group, session, repeat counters, ignored and caught
// signals; if prog >= 0 (spawn, or the one-step "fork PROGRAM") the child
// then execs prog as its first step.
func (e *Engine) spawn(parent int32, prog int, cause Cause) bool {
	if !e.roomForTask(parent) {
		return false
	}
	p := &e.tasks[parent]
	pid, ok := e.allocPID()
	if !ok {
		e.emit(Event{Kind: EvForkFailed, Task: p.PID, CPU: -1, Cause: CauseNoPID, Value: int64(e.sc.PIDMax)})
		return false
	}
	child := Task{
		PID: pid, PPID: p.TGID, TGID: pid, CPU: -1, Created: e.step, parent: parent, Tickets: DefaultTickets,
		PGID: pid, SID: pid, forkRet: -1, execProg: -1, tracer: -1,
	}
	child.waitObj = -1
	image := prog
	if cause == CauseClone || cause == CauseGo { // a thread of p's process: it runs prog, no exec
		child.Name, child.Program = e.sc.Programs[prog].Name, prog
		child.PGID, child.SID = p.PGID, p.SID
		image = prog
	} else if parent != 0 {
		child.Name, child.Program, child.PC = p.Name, p.Program, p.PC
		child.depth, child.loops = p.depth, p.loops
		child.PGID, child.SID = p.PGID, p.SID
		child.Ignored, child.Caught = p.Ignored, p.Caught // dispositions survive fork
		child.restart = p.restart                         // and so do their SA_RESTART flags (syscall.go)
		child.Priority, child.Tickets, child.Nice = p.Priority, p.Tickets, p.Nice
		child.forkRet = 0
		child.ipcTask = p.shmForked()                   // shm.go: a MAP_SHARED mapping stays shared
		child.socks = e.tasks[e.leaderOf(parent)].socks // socket.go: the process's descriptors
		p.forkRet = pid
		image = p.Program
		if prog >= 0 {
			child.execProg = int32(prog)
			child.PC-- // it shows the fork statement until its exec
		}
	} else {
		child.Name, child.Program = e.sc.Programs[prog].Name, prog
	}
	p.children++
	e.live++
	e.tasks = append(e.tasks, child)
	i := int32(len(e.tasks) - 1)
	e.memSpawn(parent, i, cause) // memory.go
	e.emit(Event{Kind: EvCreated, Task: pid, Other: p.PID, CPU: -1, Value: int64(image), Cause: cause})
	if parent == 0 {
		e.emit(Event{Kind: EvExec, Task: pid, CPU: -1, Value: int64(prog)})
	}
	e.onCreate(&e.tasks[i])
	e.assignSlot(&e.tasks[i])
	e.makeRunnable(i, cause)
	return true
}

// allocPID returns the PID after the last one handed out; past PIDMax-1 it
// wraps to 2, and from then on takes the next free PID after the last one
// handed out (Linux's alloc_pid is cyclic too, and wraps to 300).
func (e *Engine) allocPID() (PID, bool) {
	if !e.wrapped && int(e.lastPID)+1 < e.sc.PIDMax {
		e.lastPID++ // nothing above the last PID is in use before the first wrap
		return e.lastPID, true
	}
	if !e.wrapped {
		e.wrapped = true
		e.pidUsed = map[PID]bool{}
		for k := range e.tasks {
			if e.tasks[k].State != StateDead {
				e.pidUsed[e.tasks[k].PID] = true
			}
		}
	}
	if len(e.pidUsed) >= e.sc.PIDMax-1 { // PIDs 1..PIDMax-1 all held: fail at once
		return 0, false
	}
	pid := e.lastPID
	for range e.sc.PIDMax {
		pid++
		if int(pid) >= e.sc.PIDMax {
			pid = 2
		}
		if !e.pidUsed[pid] {
			e.lastPID = pid
			e.pidUsed[pid] = true
			return pid, true
		}
	}
	return 0, false
}

// expireQuanta preempts running tasks whose quantum is used up, when a
// ready task has no idle CPU to go to.
func (e *Engine) expireQuanta() {
	waiting := len(e.ready)
	for c := range e.cpus {
		if e.cpus[c].cur < 0 {
			waiting--
		}
	}
	for c := range e.cpus {
		i := e.cpus[c].cur
		if i < 0 {
			continue
		}
		t := &e.tasks[i]
		q := e.quantum(t)
		if q == 0 || t.slice < q {
			continue
		}
		if waiting > 0 && !e.keepRunning(i) {
			e.preempt(i, c, CauseQuantum)
		} else {
			t.slice = 0 // nobody better is waiting: a new quantum
		}
	}
}

func (e *Engine) preempt(i int32, c int, cause Cause) {
	t := &e.tasks[i]
	e.setState(t, StateRunnable, cause, c)
	e.leaveCPU(t, false)
	t.readySince = e.step
	e.requeue(i, cause)
}

// dispatch puts a ready task on every idle CPU, in CPU order.
func (e *Engine) dispatch() {
	for c := range e.cpus {
		if e.cpus[c].cur >= 0 || len(e.ready) == 0 {
			continue
		}
		k, ok := e.choose(c)
		if !ok {
			return // a manual decision is due
		}
		e.run(k, c)
	}
}

// run dispatches ready[k] on CPU c.
func (e *Engine) run(k, c int) {
	cpu := &e.cpus[c]
	i := e.takeReady(k)
	t := &e.tasks[i]
	sw := Event{Kind: EvSwitch, Task: t.PID, CPU: int16(c)}
	if cpu.prevStep == e.step-1 || cpu.prevStep == e.step {
		sw.Other, sw.Voluntary = e.pidOf(cpu.prev), cpu.prevVoluntary
	}
	if cpu.last >= 0 && cpu.last != i {
		e.switches++
		sw.Value, sw.Arg = e.chargeSwitch(cpu.last, i)
		t.switchLeft = sw.Value
	}
	e.noteSwitch(c, i, sw.Other != 0, sw.Value, sw.Arg)
	e.emit(sw)
	e.setState(t, StateRunning, CauseDispatch, c)
	cpu.cur, cpu.last = i, i
	t.CPU = c
	e.startSlice(t)
}

// choose returns the index in the ready queue of the task to dispatch on
// CPU c. It reports false when a manual decision is due.
func (e *Engine) choose(c int) (int, bool) {
	k := e.pick()
	if len(e.ready) < 2 {
		return k, true
	}
	d := e.decisions
	if e.forced > 0 {
		for j, i := range e.ready {
			if e.tasks[i].PID == e.forced {
				k = j
			}
		}
		e.forced = -1
		e.decisions++
		return k, true
	}
	// dec is built only in manual mode: a Decision declared as a value here
	// would move to the heap on every dispatch, as e.need takes its address.
	var dec *Decision
	if e.manual {
		// Only manual mode asks for the shortest burst (burstLeft may draw a
		// MIN..MAX duration early, so a manual run is replayed in manual mode).
		shortest := e.ready[0]
		for _, i := range e.ready[1:] {
			if e.burstLeft(&e.tasks[i]) < e.burstLeft(&e.tasks[shortest]) {
				shortest = i
			}
		}
		dec = &Decision{Step: e.step, CPU: c, Candidates: make([]PID, len(e.ready)), Names: make([]string, len(e.ready)),
			PolicyPick: e.tasks[e.ready[k]].PID, Shortest: e.tasks[shortest].PID, Left: make([]int64, len(e.ready))}
		for j, i := range e.ready {
			dec.Candidates[j], dec.Names[j], dec.Left[j] = e.tasks[i].PID, e.tasks[i].Name, e.burstLeft(&e.tasks[i])
		}
		if d >= len(e.choices) {
			e.need = dec
			return 0, false
		}
	}
	e.decisions++
	if d < len(e.choices) {
		found := false
		for j, i := range e.ready {
			if e.tasks[i].PID == e.choices[d] {
				k, found = j, true
				break
			}
		}
		if !found {
			e.emit(Event{Kind: EvChoiceIgnored, Other: e.choices[d], CPU: int16(c), Value: int64(d)})
		}
	}
	if d >= len(e.choices) && e.random {
		k = int(e.next() % uint64(len(e.ready)))
	}
	if e.manual {
		dec.Chosen = e.tasks[e.ready[k]].PID
		e.log = &decisionNode{d: *dec, prev: e.log, n: e.log.len() + 1}
	}
	if !e.explore {
		e.countDecision(e.ready[k])
	}
	return k, true
}

// leaveCPU takes t off its CPU.
func (e *Engine) leaveCPU(t *Task, voluntary bool) {
	if t.CPU < 0 {
		return
	}
	cpu := &e.cpus[t.CPU]
	cpu.prev, cpu.prevStep, cpu.prevVoluntary = cpu.cur, e.step, voluntary
	cpu.cur = -1
	t.CPU = -1
	t.switchLeft = 0
	if voluntary {
		t.Voluntary++
	} else {
		t.Involuntary++
	}
}

// takeReady takes the task at index k off the ready queue and returns it.
// The head (round robin's pick) is dropped by moving the slice's start
// rather than the thousands of tasks behind it (readyRoom reuses the slot).
func (e *Engine) takeReady(k int) int32 {
	i := e.ready[k]
	if k == 0 && !e.explore {
		e.ready = e.ready[1:]
	} else {
		e.ready = append(e.ready[:k], e.ready[k+1:]...)
	}
	return i
}

// readyRoom makes room for one more task at the ready queue's tail, so
// that an append there does not allocate. Taking the head (run) moves the
// slice's start instead of the queue, which would cost a move of the whole
// queue per dispatch (thousands of tasks in the largest runs): the slots
// left before the head are reused here. When the queue fills its array,
// it moves back to the array's start if at least a quarter of its length
// is free there (so a move costs at most four appends' worth each), and
// otherwise to a new array of twice its length. The queue's order never
// changes. Explore's engines, whose queues are a few threads and whose
// memory accounting counts the queue's capacity, append as before.
func (e *Engine) readyRoom() {
	n := len(e.ready)
	if e.explore || n < cap(e.ready) {
		return
	}
	all := e.readyAll
	// ready is a window at the end of all when both end at the same
	// element, or when it is empty at all's very end (cap 0). Otherwise
	// (a clone's queue, or one append grew) its own array is the whole.
	if c := cap(e.ready); c > 0 && (cap(all) == 0 || &all[:cap(all)][cap(all)-1] != &e.ready[:c][c-1]) {
		all = e.ready[:c]
	}
	if free := cap(all) - cap(e.ready); free > 0 && 4*free >= n {
		all = all[:cap(all)]
		copy(all, e.ready)
		e.ready, e.readyAll = all[:n], all
		return
	}
	all = make([]int32, n, 2*n+4)
	copy(all, e.ready)
	e.ready, e.readyAll = all, all[:cap(all)]
}

func (e *Engine) removeReady(i int32) {
	for k, j := range e.ready {
		if j == i {
			e.ready = append(e.ready[:k], e.ready[k+1:]...)
			return
		}
	}
}

// checkDone ends the run when nothing can happen any more.
func (e *Engine) checkDone() {
	if e.nextArrival < len(e.sc.Processes) || len(e.ready) > 0 || e.nTimers > 0 || len(e.goTimers) > 0 {
		return
	}
	for c := range e.cpus {
		if e.cpus[c].cur >= 0 {
			return
		}
	}
	e.done = true
	e.endChecks()
}
