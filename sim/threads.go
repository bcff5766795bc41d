package sim

// This file runs shared-memory code: micro-steps on shared variables and
// locals, atomics, and the synchronisation objects (docs/scenario.md,
// "Threads"). Each micro-step takes one tick.

// objState is the run-time state of a synchronisation object.
type objState struct {
	holder  int32   // locks: the task holding it, -1 if free
	queue   []int32 // tasks blocked on it, FIFO (channels: senders or receivers)
	count   int64   // semaphore value; waitgroup counter; ticket lock's next ticket
	serving int64   // ticket lock: the ticket being served
	buf     []int64 // channel buffer
	since   int64   // the step the holder acquired it
	goObj           // Go programs' extra state (gochan.go, gosync.go)
	ObjStats
}

// threadState is the shared-memory part of a task.
type threadState struct {
	Locals     [MaxGoLocals]int64
	csDepth    int8   // critical sections it is inside
	phase      uint8  // cond_wait: 1 asleep on the cond, 2 waiting to reacquire the mutex
	waitObj    int16  // the object it is blocked or spinning on, -1 if none
	groupCode  int32  // a group leader: the exit code of its exiting process (see groupExit)
	groupSig   Signal // a group leader: the signal that ended its process, 0 if exit_group did
	waitSince  int64  // when it started to wait or spin
	sendVal    int64  // a blocked sender's value
	noProgress int64  // scheduling decisions missed or spent spinning since its last progress
	starved    bool   // EvStarvation was reported
	deadlocked bool   // reported in a wait-for cycle
	// Thread groups (threadgroup.go), kept on the group leader: the
	// process is exiting as a whole (exit_group or a fatal signal);
	// sceneLeader marks the leader of the scenario's threads.
	groupExit   bool
	sceneLeader bool
	slot        int8 // vector-clock slot for race detection (0: not checked)
	// from[k] is 1 + the shared variable local k's value was computed from
	// (0: none), so that a store can tell a read-modify-write from a blind write.
	from [MaxGoLocals]int8
	goState
}

// WaitingOn returns the sync object the task waits or spins on, or -1.
func (t *Task) WaitingOn() int { return int(t.waitObj) }

// InCriticalSection reports whether the task is inside a critical section.
func (t *Task) InCriticalSection() bool { return t.csDepth > 0 }

// Var returns the current value of shared variable v.
func (e *Engine) Var(v int) int64 { return e.mem[v] }

// Object describes sync object o for display: its holder (0: none), the
// PIDs waiting, its count (semaphore, waitgroup, channel buffer length) and
// its statistics.
func (e *Engine) Object(o int) (holder PID, waiters []PID, count int64, st ObjStats) {
	s := e.objs[o]
	for _, i := range s.queue {
		waiters = append(waiters, e.tasks[i].PID)
	}
	if s.pend >= 0 { // an RWMutex's writer waiting for the readers to leave
		waiters = append(waiters, e.tasks[s.pend].PID)
	}
	count = s.count
	if e.sc.Objects[o].Kind == ObjChan {
		count = int64(len(s.buf))
	}
	return e.pidOf(s.holder), waiters, count, s.ObjStats
}

// ObjStats are a lock's contention statistics, in ticks.
type ObjStats struct {
	HeldSince int64 // the step the current (or last) holder acquired it
	Acquired  int64 // acquisitions
	Contended int64 // acquisitions that had to wait
	TotalWait int64 // ticks waited, over all contended acquisitions
	MaxWait   int64 // the longest wait
}

func (e *Engine) initShared() {
	e.mem = make([]int64, len(e.sc.Vars))
	for v, d := range e.sc.Vars {
		e.mem[v] = d.Init
	}
	e.objs = make([]objState, len(e.sc.Objects))
	for o, d := range e.sc.Objects {
		e.objs[o] = objState{holder: -1}
		e.objs[o].pend = -1
		if d.Kind == ObjSemaphore {
			e.objs[o].count = d.Init
		}
	}
}

func (t *Task) val(o Operand) int64 {
	if o.Kind == Imm {
		return o.V
	}
	return t.Locals[o.V]
}

// markers applies the zero-time critical-section markers at the task's PC.
func (e *Engine) markers(i int32) *Instr {
	t := &e.tasks[i]
	code := e.sc.Programs[t.Program].Code
	for {
		in := e.control(t, code)
		switch in.Op {
		case OpCSEnter:
			for k := range e.tasks {
				if u := &e.tasks[k]; int32(k) != i && u.csDepth > 0 && u.State != StateDead && u.State != StateZombie {
					e.emit(Event{Kind: EvCSViolation, Task: t.PID, Other: u.PID, CPU: int16(t.CPU)})
					break
				}
			}
			t.csDepth++
			e.emit(Event{Kind: EvCSEnter, Task: t.PID, CPU: int16(t.CPU)})
			t.PC++
		case OpCSExit:
			t.csDepth--
			e.emit(Event{Kind: EvCSExit, Task: t.PID, CPU: int16(t.CPU)})
			t.PC++
		default:
			return in
		}
	}
}

// blocksAsSyscall reports whether a micro-step is a synchronisation call,
// charged as kernel time (it may sleep).
func blocksAsSyscall(op Op) bool {
	switch op {
	case OpLock, OpUnlock, OpSemWait, OpSemPost, OpCondWait, OpCondSignal, OpCondBcast,
		OpWgAdd, OpWgDone, OpWgWait, OpSend, OpRecv,
		OpSelect, OpRLock, OpRUnlock, OpOnce, OpOnceDone:
		return true
	}
	return false
}

// micro runs one micro-step of the task at index i.
func (e *Engine) micro(i int32, in *Instr) {
	t := &e.tasks[i]
	ev := func(k EventKind, other PID, obj int, value, arg int64) {
		e.emit(Event{Kind: k, Task: t.PID, Other: other, CPU: int16(t.CPU), Obj: int16(obj), Value: value, Arg: arg})
	}
	progress := !in.Spin
	if e.sc.Go != nil && e.goReplaces(t, in) {
		e.microEnd(i, e.goMicro(i, in))
		return
	}
	switch in.Op {
	case OpLoad:
		v := e.mem[in.Var]
		t.Locals[in.Dst] = v
		t.from[in.Dst] = int8(in.Var + 1)
		ev(EvRead, 0, in.Var, v, 0)
		e.detRead(i, in.Var)
		t.PC++
	case OpStore:
		derived := in.X.Kind == Local && int(t.from[in.X.V]) == in.Var+1
		e.store(i, in.Var, t.val(in.X), false, derived)
		t.PC++
	case OpSet:
		t.Locals[in.Dst] = t.val(in.X)
		t.from[in.Dst] = t.origin(in.X)
		t.PC++
	case OpArith:
		t.Locals[in.Dst] = arith(in.Arith, t.val(in.X), t.val(in.Y))
		t.from[in.Dst] = t.origin(in.X)
		if t.from[in.Dst] == 0 {
			t.from[in.Dst] = t.origin(in.Y)
		}
		t.PC++
	case OpTest:
		if in.Cmp.eval(t.val(in.X), t.val(in.Y)) == in.JumpIfTrue {
			t.PC = in.Jump
		} else {
			t.PC++
		}
	case OpXchg, OpFetchAdd, OpCAS:
		old := e.mem[in.Var]
		res, nv, write := old, old, true
		switch in.Op {
		case OpXchg:
			nv = t.val(in.X)
		case OpFetchAdd:
			nv = old + t.val(in.X)
		case OpCAS:
			write = old == t.val(in.X)
			res = 0
			if write {
				nv, res = t.val(in.Y), 1
			}
		}
		if in.Dst >= 0 {
			t.Locals[in.Dst] = res
			t.from[in.Dst] = 0
		}
		e.detAtomic(i, in.Var)
		if write {
			e.store(i, in.Var, nv, true, false)
		} else {
			ev(EvRead, 0, in.Var, old, 0)
		}
		t.PC++
	case OpLock:
		progress = e.lock(i, in)
	case OpUnlock:
		e.unlock(i, in.Obj)
		t.PC++
	case OpTryLock:
		o := &e.objs[in.Obj]
		t.Locals[in.Dst], t.from[in.Dst] = 0, 0
		if o.holder < 0 {
			e.acquire(i, in.Obj, 0)
			t.Locals[in.Dst] = 1
		}
		t.PC++
	case OpSpinLock, OpTicketSpin:
		o := &e.objs[in.Obj]
		free := o.holder < 0
		if in.Op == OpTicketSpin {
			free = o.serving == t.Locals[in.Dst]
		}
		if free {
			waited := int64(0)
			if t.waitObj == int16(in.Obj) {
				waited = e.step - t.waitSince
			}
			e.acquire(i, in.Obj, waited)
			t.PC++
		} else {
			if t.waitObj != int16(in.Obj) {
				t.waitObj, t.waitSince = int16(in.Obj), e.step
			}
			ev(EvSpin, e.pidOf(o.holder), in.Obj, 0, 0)
			progress = false
		}
	case OpSpinUnlock, OpTicketNext:
		o := &e.objs[in.Obj]
		if in.Op == OpTicketNext {
			o.serving++
		}
		e.release(i, in.Obj, -1)
		t.PC++
	case OpTicketTake:
		o := &e.objs[in.Obj]
		t.Locals[in.Dst], t.from[in.Dst] = o.count, 0
		o.count++
		t.PC++
	case OpSemWait:
		o := &e.objs[in.Obj]
		if o.count > 0 {
			o.count--
			ev(EvSemWait, 0, in.Obj, 1, o.count)
			e.detAcquire(i, in.Obj)
			t.PC++
		} else {
			ev(EvSemWait, 0, in.Obj, 0, o.count)
			e.block(i, in.Obj, CauseSem, -1)
		}
	case OpSemPost:
		o := &e.objs[in.Obj]
		e.detRelease(i, in.Obj)
		if w, ok := e.popWaiter(in.Obj); ok {
			ev(EvSemPost, e.tasks[w].PID, in.Obj, 0, o.count)
			e.detAcquire(w, in.Obj)
			e.wake(w, CauseHandoff, true)
		} else {
			o.count++
			ev(EvSemPost, 0, in.Obj, 0, o.count)
		}
		t.PC++
	case OpCondWait:
		m := int(in.Y.V)
		if t.phase == 0 {
			if e.sc.Go != nil && e.objs[m].holder < 0 {
				e.goPanic(i, "sync: unlock of unlocked mutex", true) // Go's c.L.Unlock in Wait
				break
			}
			if e.objs[m].holder != i && e.sc.Go == nil { // Go lets any goroutine unlock
				e.emit(Event{Kind: EvAssertFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(in.Line)})
				t.PC++
				break
			}
			e.unlock(i, m)
			ev(EvCondWait, 0, in.Obj, 0, int64(m))
			t.phase = 1
			e.block(i, in.Obj, CauseCond, -1)
			break
		}
		// Woken: take the mutex again before going on.
		if e.objs[m].holder < 0 {
			e.acquire(i, m, 0)
			t.phase = 0
			t.PC++
		} else {
			t.phase = 2
			e.contend(i, m)
		}
	case OpCondSignal, OpCondBcast:
		woke := false
		for {
			w, ok := e.popWaiter(in.Obj)
			if !ok {
				break
			}
			woke = true
			b := int64(0)
			if in.Op == OpCondBcast {
				b = 1
			}
			ev(EvCondSignal, e.tasks[w].PID, in.Obj, b, 0)
			e.wake(w, CauseWoken, false)
			if in.Op == OpCondSignal {
				break
			}
		}
		if !woke {
			ev(EvCondSignal, 0, in.Obj, 0, 0)
		}
		t.PC++
	case OpWgAdd, OpWgDone:
		o := &e.objs[in.Obj]
		d := int64(-1)
		if in.Op == OpWgAdd {
			d = t.val(in.X)
		}
		o.count += d
		ev(EvWaitGroup, 0, in.Obj, o.count, d)
		e.detRelease(i, in.Obj)
		if o.count < 0 {
			e.emit(Event{Kind: EvAssertFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(in.Line)}) // Go panics: negative counter
			o.count = 0
		}
		if o.count == 0 {
			for {
				w, ok := e.popWaiter(in.Obj)
				if !ok {
					break
				}
				e.detAcquire(w, in.Obj)
				e.wake(w, CauseWoken, true)
			}
		}
		t.PC++
	case OpWgWait:
		if e.objs[in.Obj].count == 0 {
			ev(EvWaitGroup, 0, in.Obj, 0, 0)
			e.detAcquire(i, in.Obj)
			t.PC++
		} else {
			e.block(i, in.Obj, CauseWaitGroup, -1)
		}
	case OpSend:
		e.send(i, in)
	case OpRecv:
		e.recv(i, in)
	case OpAssert:
		if !in.Cmp.eval(t.val(in.X), t.val(in.Y)) {
			e.emit(Event{Kind: EvAssertFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(in.Line)})
		}
		t.PC++
	// -- part 1, memory (memory*.go)
	case OpMemRead, OpMemWrite:
		e.memAccess(i, in)
	// -- part 2, system calls and modes (syscall*.go)
	case OpVDSO:
		e.vdsoCall(i, in)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	default:
		progress = e.goMicro(i, in) // goexec.go
	}
	e.microEnd(i, progress)
}

// microEnd finishes a micro-step of the task at index i: progress resets
// its starvation count and ends its spinning.
func (e *Engine) microEnd(i int32, progress bool) {
	t := &e.tasks[i]
	if progress {
		t.noProgress, t.starved = 0, false
	}
	if t.CPU >= 0 && t.waitObj >= 0 && t.State == StateRunning && progress {
		t.waitObj = -1
	}
}

func arith(op byte, a, b int64) int64 {
	switch op {
	case '+':
		return a + b
	case '-':
		return a - b
	case '*':
		return a * b
	case '/':
		if b == 0 {
			return 0
		}
		return a / b
	case '%':
		if b == 0 {
			return 0
		}
		return a % b
	}
	return 0
}

// origin is what an operand's value was computed from (see threadState.from).
func (t *Task) origin(o Operand) int8 {
	if o.Kind == Local {
		return t.from[o.V]
	}
	return 0
}

// store writes shared variable v for the task at index i; derived says the
// value was computed from the task's read of v.
func (e *Engine) store(i int32, v int, value int64, atomic, derived bool) {
	t := &e.tasks[i]
	old := e.mem[v]
	e.mem[v] = value
	e.emit(Event{Kind: EvWrite, Task: t.PID, CPU: int16(t.CPU), Obj: int16(v), Value: value, Arg: old})
	if !atomic {
		e.detWrite(i, v)
	}
	e.detStore(i, v, derived)
}

// block puts the running task at index i to sleep on object o.
func (e *Engine) block(i int32, o int, cause Cause, holder int32) {
	t := &e.tasks[i]
	e.goCheck = true
	e.objs[o].queue = append(e.objs[o].queue, i)
	t.waitObj, t.waitSince = int16(o), e.step
	e.emit(Event{Kind: EvState, Task: t.PID, CPU: int16(t.CPU), From: t.State, To: StateSleeping, Cause: cause,
		Obj: int16(o), Other: e.pidOf(holder)})
	t.State = StateSleeping
	t.blocked = cause
	e.leaveCPU(t, true)
}

// popWaiter takes the first task blocked on object o.
func (e *Engine) popWaiter(o int) (int32, bool) {
	q := e.objs[o].queue
	if len(q) == 0 {
		return 0, false
	}
	w := q[0]
	e.objs[o].queue = append(q[:0], q[1:]...)
	return w, true
}

// wake makes a blocked task runnable; done says its blocking statement is
// complete (the object was handed to it), so it goes on after it.
func (e *Engine) wake(w int32, cause Cause, done bool) {
	t := &e.tasks[w]
	if done {
		t.PC++
	}
	t.waitObj = -1
	e.makeRunnable(w, cause)
}

// lock runs a lock statement on a mutex (FIFO hand-off, or Go's barging
// sync.Mutex) and reports whether it was progress.
func (e *Engine) lock(i int32, in *Instr) bool {
	if e.sc.Go != nil && e.goMutex(in.Obj) {
		return e.goLock(i, in.Obj) // gosync.go
	}
	o := &e.objs[in.Obj]
	t := &e.tasks[i]
	if o.holder < 0 {
		waited := int64(0)
		if t.waitObj == int16(in.Obj) { // a woken Go waiter that won the race
			waited = e.step - t.waitSince
		}
		e.acquire(i, in.Obj, waited)
		t.PC++
		return true
	}
	e.contend(i, in.Obj)
	return false
}

// contend blocks the task at index i on the held mutex o.
func (e *Engine) contend(i int32, o int) {
	if e.sc.Go != nil && e.goMutex(o) {
		e.goContend(i, o) // gosync.go
		return
	}
	t := &e.tasks[i]
	holder := e.objs[o].holder
	e.emit(Event{Kind: EvLockContend, Task: t.PID, Other: e.pidOf(holder), CPU: int16(t.CPU), Obj: int16(o)})
	since := e.step
	if t.waitObj == int16(o) {
		since = t.waitSince // a Go waiter that lost the race keeps its start
	}
	e.block(i, o, CauseLock, holder)
	t.waitSince = since
	e.checkDeadlock(i)
}

// acquire gives lock o to the task at index i, which waited `waited` ticks.
func (e *Engine) acquire(i int32, o int, waited int64) {
	s := &e.objs[o]
	if e.sc.Go != nil && e.tasks[i].waitObj == int16(o) {
		s.woken = false // Go's mutex: the waiter Unlock woke has run (gosync.go)
	}
	s.holder, s.HeldSince = i, e.step
	s.Acquired++
	if waited > 0 {
		s.Contended++
		s.TotalWait += waited
		s.MaxWait = max(s.MaxWait, waited)
	}
	t := &e.tasks[i]
	t.waitObj = -1
	e.emit(Event{Kind: EvLockAcquire, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: waited})
	e.detAcquire(i, o)
}

// release frees lock o held by the task at index i, recording who gets it
// next (to, or -1).
func (e *Engine) release(i int32, o int, to int32) {
	s := &e.objs[o]
	t := &e.tasks[i]
	if s.holder != i {
		e.emit(Event{Kind: EvAssertFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(e.Line(t))}) // unlocking a lock it does not hold
		return
	}
	e.detRelease(i, o)
	s.holder = -1
	e.emit(Event{Kind: EvLockRelease, Task: t.PID, Other: e.pidOf(to), CPU: int16(t.CPU), Obj: int16(o)})
}

// unlock releases mutex o: a FIFO mutex hands it to its first waiter; Go's
// mutex wakes the first waiter, which must then compete for it.
func (e *Engine) unlock(i int32, o int) {
	if e.sc.Go != nil && e.goMutex(o) {
		e.goUnlock(i, o) // gosync.go
		return
	}
	if e.objs[o].holder != i {
		e.release(i, o, -1) // reports the misuse
		return
	}
	w, ok := e.popWaiter(o)
	if !ok {
		e.release(i, o, -1)
		return
	}
	if e.sc.Objects[o].Kind == ObjGoMutex {
		e.release(i, o, -1)
		wt := &e.tasks[w]
		since := wt.waitSince
		e.makeRunnable(w, CauseWoken)
		wt.waitObj, wt.waitSince = int16(o), since
		return
	}
	e.release(i, o, w)
	wt := &e.tasks[w]
	e.acquire(w, o, e.step-wt.waitSince)
	if wt.phase == 2 {
		wt.phase = 0 // a cond waiter has its mutex back
	}
	wt.PC++
	e.makeRunnable(w, CauseHandoff)
}

// send runs "send CH X".
func (e *Engine) send(i int32, in *Instr) {
	t := &e.tasks[i]
	o := &e.objs[in.Obj]
	v := t.val(in.X)
	e.detAcquire(i, in.Obj) // channel operations order both sides (Go's memory model)
	e.detRelease(i, in.Obj)
	// A waiting receiver takes the value at once (the buffer is empty then).
	if len(o.queue) > 0 && e.tasks[o.queue[0]].phase == 0 && len(o.buf) == 0 {
		w, _ := e.popWaiter(in.Obj)
		r := &e.tasks[w]
		dst := e.sc.Programs[r.Program].Code[r.PC].Dst
		r.Locals[dst], r.from[dst] = v, 0
		e.emit(Event{Kind: EvChanSend, Task: t.PID, Other: r.PID, CPU: int16(t.CPU), Obj: int16(in.Obj), Value: v})
		e.emit(Event{Kind: EvChanRecv, Task: r.PID, Other: t.PID, CPU: -1, Obj: int16(in.Obj), Value: v})
		e.detAcquire(w, in.Obj)
		e.wake(w, CauseHandoff, true)
		t.PC++
		return
	}
	if len(o.buf) < int(e.sc.Objects[in.Obj].Init) {
		o.buf = append(o.buf, v)
		e.emit(Event{Kind: EvChanSend, Task: t.PID, CPU: int16(t.CPU), Obj: int16(in.Obj), Value: v})
		t.PC++
		return
	}
	t.sendVal = v
	t.phase = 1 // a blocked sender
	e.block(i, in.Obj, CauseChan, -1)
}

// recv runs "X = recv CH".
func (e *Engine) recv(i int32, in *Instr) {
	t := &e.tasks[i]
	o := &e.objs[in.Obj]
	var v int64
	var from PID
	switch {
	case len(o.buf) > 0:
		v = o.buf[0]
		o.buf = append(o.buf[:0], o.buf[1:]...)
		if len(o.queue) > 0 && e.tasks[o.queue[0]].phase == 1 { // a blocked sender's value moves into the buffer
			w, _ := e.popWaiter(in.Obj)
			s := &e.tasks[w]
			o.buf = append(o.buf, s.sendVal)
			s.phase = 0
			e.emit(Event{Kind: EvChanSend, Task: s.PID, CPU: -1, Obj: int16(in.Obj), Value: s.sendVal})
			e.detAcquire(i, in.Obj)
			e.detRelease(i, in.Obj)
			e.detAcquire(w, in.Obj) // its send completes after this receive
			e.wake(w, CauseHandoff, true)
		}
	case len(o.queue) > 0 && e.tasks[o.queue[0]].phase == 1: // unbuffered: take it from the first sender
		w, _ := e.popWaiter(in.Obj)
		s := &e.tasks[w]
		v, from = s.sendVal, s.PID
		s.phase = 0
		e.emit(Event{Kind: EvChanSend, Task: s.PID, Other: t.PID, CPU: -1, Obj: int16(in.Obj), Value: v})
		e.detAcquire(i, in.Obj)
		e.detRelease(i, in.Obj)
		e.detAcquire(w, in.Obj) // the receive happens before the send completes
		e.wake(w, CauseHandoff, true)
	default:
		e.detRelease(i, in.Obj) // so that a sender that hands it a value is ordered after it
		e.block(i, in.Obj, CauseChan, -1)
		return
	}
	t.Locals[in.Dst], t.from[in.Dst] = v, 0
	e.emit(Event{Kind: EvChanRecv, Task: t.PID, Other: from, CPU: int16(t.CPU), Obj: int16(in.Obj), Value: v})
	e.detAcquire(i, in.Obj)
	e.detRelease(i, in.Obj)
	t.PC++
}

// checkDeadlock follows the wait-for graph from the task at index i, which
// just blocked on a held lock; a path back to it is a deadlock. It runs on
// every contended lock, so it keeps no slice of the path (that allocated
// on each block): when the walk returns to i, it walks the cycle again to
// report each task on it, in the same order.
func (e *Engine) checkDeadlock(i int32) {
	cur, n := i, 1
	for range len(e.tasks) {
		t := &e.tasks[cur]
		if t.waitObj < 0 || t.State != StateSleeping || !e.sc.Objects[t.waitObj].Kind.lock() {
			return
		}
		h := e.objs[t.waitObj].holder
		if h < 0 {
			return
		}
		if h == i {
			w := i
			for range n {
				wt := &e.tasks[w]
				wt.deadlocked = true
				next := e.objs[wt.waitObj].holder
				e.emit(Event{Kind: EvDeadlock, Task: wt.PID, Other: e.pidOf(next), CPU: -1, Obj: wt.waitObj, Arg: int64(n)})
				w = next
			}
			return
		}
		n++
		cur = h
	}
}

// endChecks runs when the run is over: blocked threads mean a deadlock (or
// a lost wake-up), and the expectations are checked.
func (e *Engine) endChecks() {
	for k := range e.tasks {
		t := &e.tasks[k]
		if t.State == StateSleeping && t.waitObj >= 0 && !t.deadlocked {
			h := int32(-1)
			if e.sc.Objects[t.waitObj].Kind.lock() {
				h = e.objs[t.waitObj].holder
			}
			e.emit(Event{Kind: EvDeadlock, Task: t.PID, Other: e.pidOf(h), CPU: -1, Obj: t.waitObj, Arg: 0})
		}
	}
	for k, x := range e.sc.Expects {
		if v := e.mem[x.Var]; !x.Cmp.eval(v, x.Value) {
			e.emit(Event{Kind: EvExpectFailed, CPU: -1, Obj: int16(x.Var), Value: v, Arg: int64(k)})
		}
	}
}

// hasThreadProgram reports whether some program of sc is a thread's (its
// tasks are the ones countDecision counts for).
func hasThreadProgram(sc *Scenario) bool {
	for i := range sc.Programs {
		if sc.Programs[i].Thread {
			return true
		}
	}
	return false
}

// countDecision updates the starvation counters when the task at index
// chosen is dispatched over the other ready tasks.
func (e *Engine) countDecision(chosen int32) {
	if !e.threads {
		return // only a thread's task has counters, and there is none
	}
	k := e.sc.Starvation
	if k == 0 {
		k = DefaultStarve
	}
	for _, i := range e.ready {
		t := &e.tasks[i]
		if t.Program < 0 || !e.sc.Programs[t.Program].Thread || i == chosen {
			continue
		}
		t.noProgress++
		if t.noProgress >= k && !t.starved {
			t.starved = true
			e.emit(Event{Kind: EvStarvation, Task: t.PID, CPU: -1, Value: t.noProgress})
		}
	}
	if t := &e.tasks[chosen]; t.Program >= 0 && e.sc.Programs[t.Program].Thread && t.waitObj >= 0 {
		t.noProgress++ // a spinner being run again is not progress either
		if t.noProgress >= k && !t.starved {
			t.starved = true
			e.emit(Event{Kind: EvStarvation, Task: t.PID, CPU: -1, Value: t.noProgress})
		}
	}
}

// leaveSyncQueue takes a sleeping task off the wait queue of the sync
// object it waits on (a signal woke it, or it was stopped). Its blocking
// statement runs again when it next runs; a condition-variable waiter then
// takes its mutex again, as after a spurious wake-up (Mesa semantics allow it).
func (e *Engine) leaveSyncQueue(i int32) {
	if e.sc.Go != nil && e.goLeave(i) {
		return // gochan.go
	}
	t := &e.tasks[i]
	if t.waitObj < 0 || t.State != StateSleeping {
		return
	}
	o := int(t.waitObj)
	q := e.objs[o].queue
	for k, w := range q {
		if w == i {
			e.objs[o].queue = append(q[:k:k], q[k+1:]...)
			break
		}
	}
	if e.sc.Objects[o].Kind != ObjCond {
		t.phase = 0
	}
	t.waitObj = -1
}
