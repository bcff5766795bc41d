package sim

// execute runs one tick of the task on CPU c.
func (e *Engine) execute(t *Task, c int) {
	if e.deliverPending(t) {
		return
	}
	if t.PID == 1 {
		e.initWait(t)
		return
	}
	code := e.sc.Programs[t.Program].Code
	in := e.control(t, code)
	switch in.Op {
	case OpCompute:
		if t.left == 0 {
			t.left = e.draw(in.A, in.B)
		}
		e.mode(t, false)
		t.left--
		if t.left == 0 {
			t.PC++
		}
	case OpIO, OpSleep, OpDisk:
		sys, state, cause := SysRead, StateSleeping, CauseIO
		switch in.Op {
		case OpSleep:
			sys, cause = SysSleep, CauseSleep
		case OpDisk:
			sys, state, cause = SysDisk, StateDisk, CauseDisk
		}
		e.syscall(t, sys)
		if t.wakeAt == 0 { // not a restart after a stop
			t.wakeAt = e.step + e.draw(in.A, in.B) + 1
		}
		e.setState(t, state, cause, c)
		t.blocked = cause
		e.leaveCPU(t, true)
	case OpYield:
		e.syscall(t, SysYield)
		t.PC++
		if len(e.ready) > 0 {
			// Linux counts a yield as a nonvoluntary switch: the task stays runnable.
			e.setState(t, StateRunnable, CauseYield, c)
			e.leaveCPU(t, false)
			e.ready = append(e.ready, t.PID)
		}
	case OpFork:
		e.syscall(t, SysFork)
		t.PC++
		e.spawn(t.PID, int(in.A), CauseFork)
	case OpWait:
		e.syscall(t, SysWait)
		switch e.reapOne(t) {
		case reaped:
			t.PC++
		case noChildren:
			e.emit(Event{Kind: EvWaitNoChild, Task: t.PID, CPU: int16(c)})
			t.PC++
		case mustWait:
			e.setState(t, StateSleeping, CauseWaitChild, c)
			t.blocked = CauseWaitChild
			e.leaveCPU(t, true)
		}
	case OpExit:
		e.syscall(t, SysExit)
		e.exit(t, int(in.A), CauseExit)
	case OpKill:
		e.syscall(t, SysKill)
		t.PC++
		e.kill(t, in)
	case OpIgnore:
		e.syscall(t, SysSignal)
		t.PC++
		t.Ignored |= in.Sig.mask()
		t.Pending &^= in.Sig.mask()
	}
}

// control follows repeat/end statements (which take no time) to the next
// statement that does, and returns it.
func (e *Engine) control(t *Task, code []Instr) *Instr {
	for {
		in := &code[t.PC]
		switch in.Op {
		case OpRepeat:
			t.loops[t.depth] = in.A
			t.depth++
			t.PC++
		case OpEnd:
			top := &t.loops[t.depth-1]
			*top--
			if *top > 0 {
				t.PC = int(in.B) + 1
			} else {
				t.depth--
				t.PC++
			}
		default:
			return in
		}
	}
}

// draw returns a duration from lo to hi inclusive, from the seeded generator
// when they differ.
func (e *Engine) draw(lo, hi int64) int64 {
	if lo == hi {
		return lo
	}
	return lo + int64(e.next()%uint64(hi-lo+1))
}

// next is splitmix64: a small, fast generator whose whole state is one word,
// so that cloning an engine clones its randomness.
func (e *Engine) next() uint64 {
	e.rng += 0x9e3779b97f4a7c15
	z := e.rng
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (e *Engine) syscall(t *Task, s Syscall) {
	e.mode(t, true)
	e.emit(Event{Kind: EvSyscall, Task: t.PID, CPU: int16(t.CPU), Value: int64(s)})
}

type reapResult uint8

const (
	reaped reapResult = iota + 1
	noChildren
	mustWait
)

// reapOne reaps t's oldest zombie child, if any.
func (e *Engine) reapOne(t *Task) reapResult {
	live := false
	for i := range e.tasks {
		c := &e.tasks[i]
		if c.PPID != t.PID || c.PID == t.PID {
			continue
		}
		switch {
		case c.State == StateZombie:
			e.setState(c, StateDead, CauseReap, -1)
			e.emit(Event{Kind: EvReaped, Task: c.PID, Other: t.PID, CPU: -1, Value: int64(c.ExitCode)})
			return reaped
		case c.State.Alive():
			live = true
		}
	}
	if live {
		return mustWait
	}
	return noChildren
}

// initWait is PID 1's whole program: reap a zombie child if there is one,
// otherwise sleep until a child exits.
func (e *Engine) initWait(t *Task) {
	e.syscall(t, SysWait)
	if e.reapOne(t) != reaped {
		e.setState(t, StateSleeping, CauseWaitChild, t.CPU)
		t.blocked = CauseWaitChild
		e.leaveCPU(t, true)
	}
}

// exit ends t with the given code: it becomes a zombie (or is removed at
// once if its parent ignores SIGCHLD), its children go to PID 1, and its
// parent gets SIGCHLD.
func (e *Engine) exit(t *Task, code int, cause Cause) {
	cpu := t.CPU
	e.emit(Event{Kind: EvExit, Task: t.PID, CPU: int16(cpu), Value: int64(code)})
	t.ExitCode = code
	t.wakeAt, t.blocked, t.Pending = 0, CauseNone, 0
	if cpu >= 0 {
		c := &e.cpus[cpu]
		c.cur, c.prev, c.prevStep, c.prevVoluntary = 0, t.PID, e.step, true
		t.CPU = -1
	} else {
		e.removeReady(t.PID)
	}
	parent := e.task(t.PPID)
	if parent.Ignored&SIGCHLD.mask() != 0 {
		e.setState(t, StateDead, CauseAutoReap, cpu)
		e.emit(Event{Kind: EvReaped, Task: t.PID, Other: t.PID, CPU: -1, Value: int64(code)})
	} else {
		e.setState(t, StateZombie, cause, cpu)
	}
	orphanZombie := false
	for i := range e.tasks {
		c := &e.tasks[i]
		if c.PPID == t.PID && c.PID != t.PID && c.State != StateDead {
			c.PPID = 1
			e.emit(Event{Kind: EvReparented, Task: c.PID, Other: 1, CPU: -1})
			orphanZombie = orphanZombie || c.State == StateZombie
		}
	}
	e.emit(Event{Kind: EvSignalSent, Task: parent.PID, Other: t.PID, CPU: -1, Value: int64(SIGCHLD)})
	e.wakeWaiter(parent) // to reap t, or to learn it has no children left
	if orphanZombie && parent.PID != 1 {
		e.wakeWaiter(e.task(1))
	}
}

// wakeWaiter wakes p if it sleeps in wait().
func (e *Engine) wakeWaiter(p *Task) {
	if p.State == StateSleeping && p.blocked == CauseWaitChild {
		e.makeRunnable(p, CauseChildExit)
	}
}

// kill carries out a kill statement of t.
func (e *Engine) kill(t *Task, in *Instr) {
	var target *Task
	switch in.Target {
	case TargetSelf:
		target = t
	case TargetParent:
		target = e.task(t.PPID)
	case TargetPID:
		target = e.task(in.TargetPID)
	case TargetChild:
		for i := len(e.tasks) - 1; i >= 0; i-- {
			if c := &e.tasks[i]; c.PPID == t.PID && c.PID != t.PID && c.State != StateDead {
				target = c
				break
			}
		}
	case TargetName:
		for i := range e.tasks {
			c := &e.tasks[i]
			if c.Name == in.TargetName && c.State != StateDead && (target == nil || c.PID < target.PID) {
				target = c
			}
		}
	}
	if target == nil || target.State == StateDead {
		e.emit(Event{Kind: EvKillFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(in.Sig)})
		return
	}
	e.signal(target, in.Sig, t.PID)
}

// signal sends sig from sender to t and does what the kernel does at once;
// the rest happens when t next runs (deliverPending) or leaves D (afterDisk).
func (e *Engine) signal(t *Task, sig Signal, sender PID) {
	e.emit(Event{Kind: EvSignalSent, Task: t.PID, Other: sender, CPU: -1, Value: int64(sig)})
	delivered := func(c Cause) {
		e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: -1, Value: int64(sig), Cause: c})
	}
	switch {
	case t.State == StateZombie:
		return // a zombie has nothing left to signal
	case t.PID == 1:
		delivered(CauseIgnored) // PID 1 gets only the signals it handles
		return
	case sig == SIGCHLD:
		return // the default action of SIGCHLD is to do nothing
	case t.State == StateDisk:
		if sig == SIGCONT {
			t.Pending &^= SIGSTOP.mask()
			return
		}
		if sig == SIGSTOP {
			t.Pending &^= SIGCONT.mask()
		}
		t.Pending |= sig.mask()
		e.emit(Event{Kind: EvSignalDeferred, Task: t.PID, CPU: -1, Value: int64(sig)})
		return
	}
	switch sig {
	case SIGSTOP:
		if t.State == StateStopped {
			return
		}
		delivered(CauseSigStop)
		e.stop(t)
	case SIGCONT:
		t.Pending &^= SIGSTOP.mask()
		if t.State == StateStopped {
			delivered(CauseSigCont)
			e.makeRunnable(t, CauseSigCont)
		}
	default:
		if t.Ignored&sig.mask() != 0 {
			delivered(CauseIgnored)
			return
		}
		t.Pending |= sig.mask()
		if t.State == StateSleeping || sig == SIGKILL && t.State == StateStopped {
			// It must run to die: wake it; a timed wait will not be resumed.
			t.wakeAt = 0
			e.makeRunnable(t, CauseSignalWake)
		}
	}
}

// stop moves t to T.
func (e *Engine) stop(t *Task) {
	cpu := t.CPU
	switch t.State {
	case StateRunning:
		e.leaveCPU(t, true)
	case StateRunnable:
		e.removeReady(t.PID)
	}
	e.setState(t, StateStopped, CauseSigStop, cpu)
}

// deliverPending acts on t's pending signals as it starts a tick on a CPU,
// and reports whether the tick was used up (t died).
func (e *Engine) deliverPending(t *Task) bool {
	if t.Pending == 0 {
		return false
	}
	for sig := Signal(1); sig <= 32; sig++ {
		if t.Pending&sig.mask() == 0 {
			continue
		}
		t.Pending &^= sig.mask()
		if !sig.terminates() {
			continue
		}
		cause := CauseSigTerm
		if sig == SIGKILL {
			cause = CauseSigKill
		}
		e.mode(t, true)
		e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: int16(t.CPU), Value: int64(sig), Cause: cause})
		e.exit(t, 128+int(sig), cause)
		return true
	}
	return false
}
