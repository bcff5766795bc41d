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
		e.spendSwitchTick()
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
	if t.execProg >= 0 {
		// spawn's second step: the new child replaces its image.
		cpu.did = Kernel
		e.mode(t, true)
		e.account(i)
		prog := int(t.execProg)
		t.execProg = -1
		t.PC++ // past the copied fork statement
		e.syscall(t, SysExecve)
		e.execImage(i, prog)
		return
	}
	if e.sc.Jobs && !e.runFreeAtStart(i) {
		// It blocked or ended before computing, which took no time: the
		// CPU takes the next ready job for the tick.
		cpu.did, cpu.didTask = Idle, -1
		e.refill(c)
		return
	}
	in := e.markers(i)
	if in.Op.micro() {
		cpu.did = User
		if blocksAsSyscall(in.Op) || e.memFaults(i, in) {
			cpu.did = Kernel
		}
		e.mode(t, cpu.did == Kernel)
		e.account(i)
		if e.shmCheck(i, in) { // shm.go: SIGSEGV on a segment not mapped; futex for a shared semaphore
			return
		}
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

// refill dispatches a ready job on CPU c, which a job left in this tick
// without computing (jobs model), and runs it for the tick. Every job that
// was ready when the CPU fell free gets at most one turn, so that jobs
// which only block or yield cannot keep the clock from moving. In manual
// mode a choice that is due ends the step (StepManual discards it and asks).
func (e *Engine) refill(c int) {
	cpu := &e.cpus[c]
	if cpu.refills == 0 {
		cpu.refills = int32(len(e.ready)) + 1
	}
	cpu.refills--
	if cpu.refills == 0 || len(e.ready) == 0 || cpu.cur >= 0 {
		return
	}
	k, ok := e.choose(c)
	if !ok {
		return
	}
	e.run(k, c)
	e.execute(cpu.cur, c)
}

// runFreeAtStart is runFree at the start of a tick, before the task
// computes in it: what its statements do happens at time step-1 (see now).
func (e *Engine) runFreeAtStart(i int32) bool {
	e.tickStart = true
	on := e.runFree(i)
	e.tickStart = false
	return on
}

// now is the time on the clock of what a statement does: the end of the
// current tick (time step), or in the jobs model its start (time step-1)
// for a zero-time statement run before the task computes in the tick, so
// that an I/O or an end at dispatch is where the textbook puts it.
func (e *Engine) now() int64 {
	if e.tickStart {
		return e.step - 1
	}
	return e.step
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
			if in.Killable {
				cause = CauseKillable
			}
		}
		e.syscall(t, sys)
		if t.wakeAt == 0 { // not a restart after a stop
			e.setTimer(i, e.now()+e.draw(in.A, in.B)+1)
		}
		t.blockedAt = e.now()
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
			e.readyRoom()
			e.ready = append(e.ready, i)
		}
	case OpFork:
		e.syscall(t, SysFork)
		t.PC++
		if !e.spawn(i, int(in.A), CauseFork) {
			t.forkRet = -1
		}
	case OpExec:
		e.syscall(t, SysExecve)
		e.execImage(i, int(in.A))
	case OpSetpgid, OpSetsid, OpSubreaper:
		t.PC++
		e.groupCall(i, in.Op)
	case OpCatch:
		e.syscall(t, SysSignal)
		t.PC++
		t.Caught |= in.Sig.mask()
		t.Ignored &^= in.Sig.mask()
		setCatch(t, in) // SA_RESTART or not (syscall_eintr.go)
	case OpTrace, OpTraceCont, OpDetach:
		e.syscall(t, SysPtrace)
		t.PC++
		e.ptrace(i, in)
	case OpWait:
		e.syscall(t, SysWait)
		if in.X.Kind == Local { // a Go program's cmd.Wait: wait4(pid)
			e.goWait(i, in)
			break
		}
		switch e.reapOne(i, int(in.A)) {
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
		e.exit(i, int(in.A), 0, CauseExit)
	case OpKill:
		e.syscall(t, SysKill)
		t.PC++
		e.kill(i, in)
		if t.dying != 0 && t.CPU >= 0 {
			// A fatal signal a task sends itself is acted on before kill()
			// returns to user mode: the call never returns.
			e.die(i)
		}
	case OpIgnore:
		e.syscall(t, SysSignal)
		t.PC++
		t.Ignored |= in.Sig.mask()
		t.Caught &^= in.Sig.mask()
		t.Pending &^= in.Sig.mask()
		if e.sc.Go != nil {
			e.goDispositions(i) // a Go process's goroutines share them
		}
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	case OpSyscall:
		e.namedSyscall(i, in)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	case OpPipeWrite, OpPipeRead, OpIPCClose, OpFifoOpen, OpPipeMake:
		e.pipeStatement(i, in) // pipe.go
	case OpMqSend, OpMqReceive, OpMsgsnd, OpMsgrcv:
		e.mqStatement(i, in) // mqueue.go
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	case OpShmAt, OpShmDt:
		e.shmRun(i, in) // shm.go
	case OpSockCreate, OpSockBind, OpSockListen, OpSockAccept, OpSockConnect, OpSockSend, OpSockRecv, OpSockClose:
		e.sockRun(i, in) // socket.go
	default:
		e.goStatement(i, in) // goexec.go
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
		case OpForkTest:
			if (t.forkRet == 0) == (in.A == 1) {
				t.PC++
			} else {
				t.PC = in.Jump
			}
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

// initWait is PID 1's whole program: reap a zombie child if there is one,
// otherwise sleep until a child exits.
func (e *Engine) initWait() {
	t := &e.tasks[0]
	e.mode(t, true)
	e.account(0)
	e.syscall(t, SysWait)
	if e.reapOne(0, 0) != reaped {
		e.setState(t, StateSleeping, CauseWaitChild, t.CPU)
		t.blocked = CauseWaitChild
		e.leaveCPU(t, true)
	}
}

// threadEnd ends a thread the moment it has run its last statement: the
// end of a thread's code takes no time (an explicit exit still does).
func (e *Engine) threadEnd(i int32) {
	t := &e.tasks[i]
	if t.CPU < 0 || t.Program < 0 || !e.sc.Programs[t.Program].Thread {
		return
	}
	if e.sc.Go != nil && t.Leader() {
		// A Go process's main goroutine returns, and then the runtime calls
		// exit(0): a step of its own, before which other goroutines may
		// still run and print.
		return
	}
	code := e.sc.Programs[t.Program].Code
	if in := e.markers(i); t.PC == len(code)-1 && in.Op == OpExit {
		e.exit(i, 0, 0, CauseExit)
	}
}
