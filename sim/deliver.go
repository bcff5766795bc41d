package sim

// This file is signal generation and delivery, following the kernel's
// kernel/signal.c: prepare_signal (what happens the moment a signal is
// sent, whatever the target's disposition), complete_signal (a fatal signal
// marks the whole process to die at once) and get_signal (what a task does
// with its pending signals when it next runs). docs/scenario.md states each
// rule with the function it comes from.

// resolve returns the index of the task a kill or ptrace statement of the
// task at index i names, or -1. A zombie can be named (kill on a zombie
// succeeds and does nothing); a reaped task cannot.
func (e *Engine) resolve(i int32, in *Instr) int32 {
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
	case TargetLocal:
		pid := PID(t.Locals[in.X.V])
		for k := len(e.tasks) - 1; k >= 0 && pid > 0; k-- {
			if e.tasks[k].PID == pid {
				target = int32(k)
				break
			}
		}
	case TargetName:
		for k := range e.tasks {
			c := &e.tasks[k]
			if c.Name == in.TargetName && c.State != StateDead && c.State != StateNone && (target < 0 || c.PID < e.tasks[target].PID) {
				target = int32(k)
			}
		}
	}
	if target >= 0 && e.tasks[target].State == StateDead {
		return -1
	}
	return target
}

// kill carries out a kill statement of the task at index i.
func (e *Engine) kill(i int32, in *Instr) {
	t := &e.tasks[i]
	if in.Target == TargetGroup {
		pgid := in.TargetPID
		if pgid == 0 {
			pgid = t.PGID // kill(0, sig): the caller's own group
		}
		// kill(-1, sig) is not a process group: it reaches every process
		// but PID 1 and the caller's own (kill_something_info).
		all := pgid == 1
		sent := false
		for k := range e.tasks {
			c := &e.tasks[k]
			if all && k != 0 && c.TGID != t.TGID && c.State != StateDead && c.State != StateNone ||
				!all && c.PGID == pgid && c.State != StateDead && c.State != StateNone {
				e.signal(int32(k), in.Sig, t.PID)
				sent = true
			}
		}
		if !sent {
			e.emit(Event{Kind: EvKillFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(in.Sig)})
		}
		return
	}
	target := e.resolve(i, in)
	if target < 0 {
		e.emit(Event{Kind: EvKillFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(in.Sig)})
		return
	}
	e.signalProcess(e.killTarget(target), in.Sig, t.PID) // threadgroup.go
}

// signal sends sig from sender (0: the kernel) to the task at index i.
func (e *Engine) signal(i int32, sig Signal, sender PID) {
	t := &e.tasks[i]
	e.emit(Event{Kind: EvSignalSent, Task: t.PID, Other: sender, CPU: -1, Value: int64(sig)})
	switch {
	case t.State == StateZombie:
		return // kill() succeeds, and a zombie has nothing left to act on
	case i == 0:
		e.delivered(i, sig, CauseIgnored) // PID 1 gets only the signals it handles
		return
	case t.dying != 0:
		e.delivered(i, sig, CauseDying) // prepare_signal drops every signal to a dying process
		return
	case t.tracer >= 0 && sig != SIGKILL && (t.State == StateTraced || e.inD(t)):
		// A traced process is never marked to die by a signal other than
		// SIGKILL (complete_signal's fast path excludes ptraced tasks):
		// the signal waits, pending, and the tracee meets it in a
		// signal-delivery-stop when it next runs (ptraceResume, afterDisk).
		// SIGCONT still cancels pending stop signals (prepare_signal).
		if sig == SIGCONT {
			t.Pending &^= stopMask
			t.jobStop = false // the group stop is over; the tracee stays in t
		}
		t.Pending |= sig.mask()
		ev := Event{Kind: EvSignalDeferred, Task: t.PID, CPU: -1, Value: int64(sig)}
		if t.State == StateTraced {
			ev.Cause = CausePtrace
		}
		e.emit(ev)
		return
	case t.tracer >= 0 && sig != SIGKILL:
		if sig == SIGCONT && t.State == StateStopped {
			e.act(i, sig) // prepare_signal ends T at once, tracer or not
		}
		e.ptraceStop(i, sig) // signal-delivery-stop: the tracer decides
		return
	}
	e.act(i, sig)
}

// act is what the kernel does when sig reaches the task at index i (no
// tracer in the way).
func (e *Engine) act(i int32, sig Signal) {
	t := &e.tasks[i]
	// prepare_signal: SIGCONT, whatever its disposition, cancels pending
	// stop signals and continues a stopped task; a stop signal cancels a
	// pending SIGCONT.
	switch sig {
	case SIGCONT:
		t.Pending &^= stopMask
		if t.State == StateStopped {
			e.delivered(i, sig, CauseSigCont)
			e.continued(i)
		}
		if e.goNotified(i, sig) {
			return // signal.Notify(c, SIGCONT): it continues the process and is sent on c too
		}
		if t.Caught&sig.mask() != 0 {
			e.catchSignal(i, sig)
		}
		return
	case SIGSTOP, SIGTSTP:
		t.Pending &^= SIGCONT.mask()
	}
	if sig.catchable() && t.Ignored&sig.mask() != 0 {
		e.delivered(i, sig, CauseIgnored)
		return
	}
	if e.goNotified(i, sig) {
		return // signal.Notify: the runtime sends it on a channel (goexec.go)
	}
	switch {
	case sig == SIGSTOP || sig == SIGTSTP && t.Caught&sig.mask() == 0:
		// SIGTSTP's default action is SIGSTOP's; caught, its handler runs
		// (below) and the process does not stop.
		switch {
		case e.inD(t):
			t.Pending |= sig.mask()
			e.emit(Event{Kind: EvSignalDeferred, Task: t.PID, CPU: -1, Value: int64(sig)})
		case t.State == StateStopped || t.State == StateTraced:
			// Already stopped.
		default:
			e.delivered(i, sig, CauseSigStop)
			e.stop(i, sig)
		}
	case t.Caught&sig.mask() != 0:
		e.catchSignal(i, sig)
	case sig.terminates():
		if t.State == StateStopped && sig != SIGKILL {
			// wants_signal: a stopped task does not take a fatal signal
			// other than SIGKILL; it stays pending until SIGCONT.
			t.Pending |= sig.mask()
			return
		}
		e.markDying(i, sig)
	}
}

// inD reports whether t is in D (either kind).
func (e *Engine) inD(t *Task) bool { return t.State == StateDisk }

// markDying is complete_signal for a fatal signal: the process is marked to
// die, a pending SIGSTOP can no longer save it, and every wait that a fatal
// signal may end (S, killable D, T and t for SIGKILL) ends now. A task in
// uninterruptible D stays there until its wait ends, then dies.
func (e *Engine) markDying(i int32, sig Signal) {
	e.markThreadDying(i, sig)
	if !e.isThread(i) {
		return
	}
	// complete_signal marks the whole thread group: every thread gets
	// SIGKILL and is woken, so the threads that can run die at once
	// (zap_other_threads then ends the rest), not when the one thread
	// that took the signal next runs (threadgroup.go).
	l := e.leaderOf(i)
	tgid := e.tasks[l].TGID
	for k := l; k < int32(len(e.tasks)); k++ {
		if u := &e.tasks[k]; k != i && u.TGID == tgid && u.State.Alive() && u.dying == 0 {
			e.markThreadDying(k, sig)
		}
	}
}

// markThreadDying marks the one task at index i to die of sig.
func (e *Engine) markThreadDying(i int32, sig Signal) {
	t := &e.tasks[i]
	t.dying = sig
	// The kernel queues SIGKILL to every thread of a dying process (next to
	// the fatal signal itself): /proc shows both pending until it dies.
	t.Pending = t.Pending&^SIGSTOP.mask() | sig.mask() | SIGKILL.mask()
	t.trap = false
	switch {
	case t.State == StateDisk && t.blocked != CauseKillable:
		e.emit(Event{Kind: EvSignalDeferred, Task: t.PID, CPU: -1, Value: int64(sig)})
	case t.State == StateSleeping || t.State == StateDisk || t.State == StateStopped || t.State == StateTraced:
		// It must run to die: wake it; a timed wait will not be resumed.
		if t.State != StateStopped && t.State != StateTraced && t.wakeAt != 0 {
			t.IOTicks += max(0, e.step-t.blockedAt-1)
		}
		e.clearTimer(t)
		e.leaveSyncQueue(i)
		e.makeRunnable(i, CauseSignalWake)
	}
}

// catchSignal makes a caught signal pending: its handler runs when the task
// next runs. An interruptible sleep ends at once and its system call fails
// with EINTR (the program goes on with the next statement); waits in D and
// stops keep it pending.
func (e *Engine) catchSignal(i int32, sig Signal) {
	t := &e.tasks[i]
	t.Pending |= sig.mask()
	switch t.State {
	case StateDisk:
		e.emit(Event{Kind: EvSignalDeferred, Task: t.PID, CPU: -1, Value: int64(sig)})
	case StateSleeping:
		if t.wakeAt != 0 {
			t.IOTicks += max(0, e.step-t.blockedAt-1)
		}
		if e.ipcInterrupt(i, sig) { // a pipe, FIFO, queue or socket call: restarted, EINTR or partial (ipc_eintr.go)
			break
		}
		if e.restartCall(i, sig) { // SA_RESTART: woken, to restart after the handler (syscall_eintr.go)
			break
		}
		failed := SysFork // no call failed
		if t.wakeAt != 0 || t.blocked == CauseWaitChild && !e.waitHasNews(i) {
			// EINTR: the call returns, and the program goes on. A wait
			// that has news to report (the SIGCHLD came with it) returns
			// it instead: do_wait looks for children before it looks at
			// signals.
			t.PC++
			failed = blockedCall(t.blocked)
		}
		e.clearTimer(t)
		e.leaveSyncQueue(i)
		e.makeRunnable(i, CauseSignalWake)
		if failed != SysFork {
			e.eintr(i, failed, sig)
		}
	}
}

func (e *Engine) delivered(i int32, sig Signal, c Cause) {
	e.emit(Event{Kind: EvSignalDelivered, Task: e.tasks[i].PID, CPU: -1, Value: int64(sig), Cause: c})
}

// halt takes the task at index i off its CPU, the ready queue or the
// queue of the sync object it sleeps on, as a stop (T or t) does, and
// returns the CPU it ran on (-1: none). Continued, it tries its lock (or
// wait) again.
func (e *Engine) halt(i int32) int {
	t := &e.tasks[i]
	cpu := t.CPU
	switch t.State {
	case StateRunning:
		e.leaveCPU(t, true)
	case StateRunnable:
		e.removeReady(i)
	case StateSleeping:
		e.leaveSyncQueue(i)
	}
	return cpu
}

// stop moves the task at index i to T, stopped by sig, and tells its parent.
func (e *Engine) stop(i int32, sig Signal) {
	t := &e.tasks[i]
	cpu := e.halt(i)
	e.setState(t, StateStopped, CauseSigStop, cpu)
	t.stopSig = sig
	e.notifyParent(i, reportStopped)
}

// continued makes a stopped task runnable again (SIGCONT) and tells its
// parent. A fatal signal that waited while it was stopped now marks it to
// die: it dies when it runs, and a SIGSTOP sent meanwhile cannot save it
// (get_signal takes the lower-numbered fatal signal first).
func (e *Engine) continued(i int32) {
	t := &e.tasks[i]
	t.stopSig = 0
	e.makeRunnable(i, CauseSigCont)
	e.notifyParent(i, reportContinued)
	for sig := Signal(1); sig <= 32; sig++ {
		if t.Pending&sig.mask() != 0 && sig.terminates() && t.Caught&sig.mask() == 0 && t.Ignored&sig.mask() == 0 {
			t.dying = sig
			t.Pending = t.Pending&^SIGSTOP.mask() | SIGKILL.mask()
			return
		}
	}
}

// deliverPending acts on the signals of the task at index i as it starts a
// tick on a CPU, and reports whether the tick was used up: it died, or a
// handler ran. Handlers run one per tick, lowest signal number first.
func (e *Engine) deliverPending(i int32) bool {
	t := &e.tasks[i]
	if t.dying == 0 && t.Pending == 0 {
		return false
	}
	if t.dying != 0 {
		e.mode(t, true)
		e.account(i)
		e.die(i)
		return true
	}
	for sig := Signal(1); sig <= 32; sig++ {
		if t.Pending&sig.mask() == 0 {
			continue
		}
		t.Pending &^= sig.mask()
		if t.Caught&sig.mask() != 0 {
			e.mode(t, true)
			e.account(i)
			e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: int16(t.CPU), Value: int64(sig), Cause: CauseHandled})
			return true
		}
	}
	return false
}

// die ends the task at index i, which a fatal signal marked to die.
func (e *Engine) die(i int32) {
	t := &e.tasks[i]
	sig := t.dying
	cause := CauseSigTerm
	if sig == SIGKILL {
		cause = CauseSigKill
	}
	e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: int16(t.CPU), Value: int64(sig), Cause: cause})
	e.exit(i, 0, sig, cause)
}
