package sim

// maxFreeOps bounds the zero-time statements (in the jobs model) a task may
// run in one tick, so that a loop of them cannot stall the clock.
const maxFreeOps = 64

// execute runs one tick of the task at index i on CPU c.
func (e *Engine) execute(i int32, c int) {
	t := &e.tasks[i]
	cpu := &e.cpus[c]
	cpu.didTask = i
	if t.switchLeft > 0 {
		t.switchLeft--
		cpu.did = Switch
		return
	}
	if e.deliverPending(i) {
		cpu.did = Kernel
		return
	}
	if i == 0 {
		cpu.did = Kernel
		e.initWait()
		return
	}
	if e.sc.Jobs && !e.runFree(i) {
		cpu.did = Idle // it blocked or ended before computing: the tick is lost
		return
	}
	in := e.markers(i)
	if in.Op.micro() {
		cpu.did = User
		if blocksAsSyscall(in.Op) {
			cpu.did = Kernel
		}
		e.mode(t, cpu.did == Kernel)
		e.account(i)
		e.micro(i, in)
		e.threadEnd(i)
		return
	}
	if in.Op == OpCompute {
		if t.left == 0 {
			t.left = e.draw(in.A, in.B)
		}
		cpu.did = User
		e.mode(t, false)
		e.account(i)
		t.noProgress, t.starved = 0, false
		t.left--
		if t.left == 0 {
			t.PC++
			if e.sc.Jobs {
				e.runFree(i)
			}
			e.threadEnd(i)
		}
		return
	}
	cpu.did = Kernel
	e.mode(t, true)
	e.account(i)
	t.noProgress, t.starved = 0, false
	e.statement(i, in)
}

// runFree runs the zero-time statements of the jobs model up to the next
// compute statement, and reports whether the task is still on its CPU.
func (e *Engine) runFree(i int32) bool {
	t := &e.tasks[i]
	code := e.sc.Programs[t.Program].Code
	for n := 0; n < maxFreeOps && t.CPU >= 0; n++ {
		in := e.control(t, code)
		if in.Op == OpCompute || in.Op.micro() {
			return true
		}
		e.statement(i, in)
	}
	return t.CPU >= 0
}

// statement carries out a statement other than compute: a system call.
func (e *Engine) statement(i int32, in *Instr) {
	t := &e.tasks[i]
	c := t.CPU
	switch in.Op {
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
			e.setTimer(i, e.step+e.draw(in.A, in.B)+1)
		}
		t.blockedAt = e.step
		e.setState(t, state, cause, c)
		t.blocked = cause
		e.leaveCPU(t, true)
		e.onBlock(t)
	case OpYield:
		e.syscall(t, SysYield)
		t.PC++
		if len(e.ready) > 0 {
			// Linux counts a yield as a nonvoluntary switch: the task stays runnable.
			e.setState(t, StateRunnable, CauseYield, c)
			e.leaveCPU(t, false)
			t.readySince = e.step
			e.ready = append(e.ready, i)
		}
	case OpFork:
		e.syscall(t, SysFork)
		t.PC++
		e.spawn(i, int(in.A), CauseFork)
	case OpWait:
		e.syscall(t, SysWait)
		switch e.reapOne(i) {
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
		e.exit(i, int(in.A), CauseExit)
	case OpKill:
		e.syscall(t, SysKill)
		t.PC++
		e.kill(i, in)
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
		case OpJump:
			t.PC = in.Jump
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

// mode records the tick's mode; in the jobs model system calls take no time
// and leave no mode change.
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

func (e *Engine) syscall(t *Task, s Syscall) {
	if e.sc.Jobs {
		return
	}
	e.emit(Event{Kind: EvSyscall, Task: t.PID, CPU: int16(t.CPU), Value: int64(s)})
}

type reapResult uint8

const (
	reaped reapResult = iota + 1
	noChildren
	mustWait
)

// reapOne reaps the oldest zombie child of the task at index p, if any.
func (e *Engine) reapOne(p int32) reapResult {
	if e.tasks[p].children == 0 {
		return noChildren
	}
	for k := range e.tasks {
		c := &e.tasks[k]
		if c.parent == p && c.State == StateZombie && e.reapable(int32(k)) {
			e.setState(c, StateDead, CauseReap, -1)
			e.emit(Event{Kind: EvReaped, Task: c.PID, Other: e.tasks[p].PID, CPU: -1, Value: int64(c.ExitCode)})
			e.tasks[p].children--
			return reaped
		}
	}
	return mustWait
}

// initWait is PID 1's whole program: reap a zombie child if there is one,
// otherwise sleep until a child exits.
func (e *Engine) initWait() {
	t := &e.tasks[0]
	e.mode(t, true)
	e.account(0)
	e.syscall(t, SysWait)
	if e.reapOne(0) != reaped {
		e.setState(t, StateSleeping, CauseWaitChild, t.CPU)
		t.blocked = CauseWaitChild
		e.leaveCPU(t, true)
	}
}

// exit ends the task at index i with the given code: it becomes a zombie
// (or is removed at once if its parent ignores SIGCHLD), its children go to
// PID 1, and its parent gets SIGCHLD.
func (e *Engine) exit(i int32, code int, cause Cause) {
	t := &e.tasks[i]
	cpu := t.CPU
	e.emit(Event{Kind: EvExit, Task: t.PID, CPU: int16(cpu), Value: int64(code)})
	t.ExitCode, t.Ended = code, e.step
	e.clearTimer(t)
	t.blocked, t.Pending = CauseNone, 0
	if cpu >= 0 {
		c := &e.cpus[cpu]
		c.prev, c.prevStep, c.prevVoluntary = c.cur, e.step, true
		c.cur = -1
		t.CPU = -1
	} else {
		e.removeReady(i)
	}
	p := t.parent
	parent := &e.tasks[p]
	thread := t.Program >= 0 && e.sc.Programs[t.Program].Thread
	switch {
	case thread:
		e.threadExit(i, code, cause, cpu) // threadgroup.go
	case parent.Ignored&SIGCHLD.mask() != 0:
		e.setState(t, StateDead, CauseAutoReap, cpu)
		e.emit(Event{Kind: EvReaped, Task: t.PID, Other: t.PID, CPU: -1, Value: int64(code)})
		parent.children--
	default:
		e.setState(t, StateZombie, cause, cpu)
		e.emit(Event{Kind: EvSignalSent, Task: parent.PID, Other: t.PID, CPU: -1, Value: int64(SIGCHLD)})
	}
	if t.children > 0 {
		orphanZombie := false
		for k := range e.tasks {
			c := &e.tasks[k]
			if c.parent == i && c.State != StateDead {
				c.parent, c.PPID = 0, 1
				e.tasks[0].children++
				e.emit(Event{Kind: EvReparented, Task: c.PID, Other: 1, CPU: -1})
				if c.State == StateZombie && e.tasks[0].Ignored&SIGCHLD.mask() != 0 {
					// The jobs model's PID 1 ignores SIGCHLD: it takes the zombie away at once.
					e.setState(c, StateDead, CauseAutoReap, -1)
					e.emit(Event{Kind: EvReaped, Task: c.PID, Other: c.PID, CPU: -1, Value: int64(c.ExitCode)})
					e.tasks[0].children--
					continue
				}
				orphanZombie = orphanZombie || c.State == StateZombie
			}
		}
		t.children = 0
		if orphanZombie && p != 0 {
			e.wakeWaiter(0)
		}
	}
	if !thread && (p != 0 || t.State == StateZombie) {
		e.wakeWaiter(p) // to reap t, or to learn it has no children left
	}
}

// wakeWaiter wakes the task at index p if it sleeps in wait().
func (e *Engine) wakeWaiter(p int32) {
	t := &e.tasks[p]
	if t.State == StateSleeping && t.blocked == CauseWaitChild {
		e.makeRunnable(p, CauseChildExit)
	}
}

// kill carries out a kill statement of the task at index i.
func (e *Engine) kill(i int32, in *Instr) {
	t := &e.tasks[i]
	target := int32(-1)
	switch in.Target {
	case TargetSelf:
		target = i
	case TargetParent:
		target = t.parent
	case TargetPID:
		for k := len(e.tasks) - 1; k >= 0; k-- {
			if e.tasks[k].PID == in.TargetPID {
				target = int32(k)
				break
			}
		}
	case TargetChild:
		for k := len(e.tasks) - 1; k >= 0; k-- {
			if c := &e.tasks[k]; c.parent == i && int32(k) != i && c.State != StateDead {
				target = int32(k)
				break
			}
		}
	case TargetName:
		for k := range e.tasks {
			c := &e.tasks[k]
			if c.Name == in.TargetName && c.State.Alive() && (target < 0 || c.PID < e.tasks[target].PID) {
				target = int32(k)
			}
		}
	}
	if target >= 0 {
		target = e.killTarget(target) // threadgroup.go
	}
	if target < 0 || e.tasks[target].State == StateDead {
		e.emit(Event{Kind: EvKillFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(in.Sig)})
		return
	}
	e.signalProcess(target, in.Sig, t.PID) // threadgroup.go
}

// signal sends sig from sender to the task at index i and does what the
// kernel does at once; the rest happens when the task next runs
// (deliverPending) or leaves D (afterDisk).
func (e *Engine) signal(i int32, sig Signal, sender PID) {
	t := &e.tasks[i]
	e.emit(Event{Kind: EvSignalSent, Task: t.PID, Other: sender, CPU: -1, Value: int64(sig)})
	delivered := func(c Cause) {
		e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: -1, Value: int64(sig), Cause: c})
	}
	switch {
	case t.State == StateZombie:
		return // a zombie has nothing left to signal
	case i == 0:
		delivered(CauseIgnored) // PID 1 gets only the signals it handles
		return
	case sig == SIGCHLD:
		return // the default action of SIGCHLD is to do nothing
	case t.State == StateDisk && sig.catchable() && t.Ignored&sig.mask() != 0:
		delivered(CauseIgnored)
		return
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
		e.stop(i)
	case SIGCONT:
		t.Pending &^= SIGSTOP.mask()
		if t.State == StateStopped {
			delivered(CauseSigCont)
			e.makeRunnable(i, CauseSigCont)
		}
	default:
		if t.Ignored&sig.mask() != 0 {
			delivered(CauseIgnored)
			return
		}
		t.Pending |= sig.mask()
		if t.State == StateSleeping || sig == SIGKILL && t.State == StateStopped {
			// It must run to die: wake it; a timed wait will not be resumed.
			if t.State == StateSleeping && t.wakeAt != 0 {
				t.IOTicks += max(0, e.step-t.blockedAt-1)
			}
			e.clearTimer(t)
			e.leaveSyncQueue(i)
			e.makeRunnable(i, CauseSignalWake)
		}
	}
}

// stop moves the task at index i to T.
func (e *Engine) stop(i int32) {
	t := &e.tasks[i]
	cpu := t.CPU
	switch t.State {
	case StateRunning:
		e.leaveCPU(t, true)
	case StateRunnable:
		e.removeReady(i)
	case StateSleeping:
		e.leaveSyncQueue(i) // continued, it tries its lock (or wait) again
	}
	e.setState(t, StateStopped, CauseSigStop, cpu)
}

// deliverPending acts on the pending signals of the task at index i as it
// starts a tick on a CPU, and reports whether the tick was used up (it died).
func (e *Engine) deliverPending(i int32) bool {
	t := &e.tasks[i]
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
		e.account(i)
		e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: int16(t.CPU), Value: int64(sig), Cause: cause})
		e.exit(i, 128+int(sig), cause)
		return true
	}
	return false
}

// threadEnd ends a thread the moment it has run its last statement: the
// end of a thread's code takes no time (an explicit exit still does).
func (e *Engine) threadEnd(i int32) {
	t := &e.tasks[i]
	if t.CPU < 0 || t.Program < 0 || !e.sc.Programs[t.Program].Thread {
		return
	}
	code := e.sc.Programs[t.Program].Code
	if in := e.markers(i); t.PC == len(code)-1 && in.Op == OpExit {
		e.exit(i, 0, CauseExit)
	}
}
