package sim

// This file is tracing: how a task reaches t (TASK_TRACED), the state a
// debugger or strace puts it in. T is a job-control stop (SIGSTOP, undone
// by SIGCONT); t is a stop only the tracer can end.

// ptrace carries out trace (PTRACE_SEIZE, then PTRACE_INTERRUPT), cont
// (PTRACE_CONT) or detach (PTRACE_DETACH) of the task at index i. A call on
// a task that is not there, or (cont, detach) not traced by i, fails with
// ESRCH; tracing PID 1, a zombie or a task that already has a tracer fails
// with EPERM.
func (e *Engine) ptrace(i int32, in *Instr) {
	t := &e.tasks[i]
	const eperm, esrch = 1, 3
	fail := func(errno int64) {
		e.emit(Event{Kind: EvCallFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(SysPtrace), Arg: errno})
	}
	j := e.resolve(i, in)
	if j < 0 {
		fail(esrch)
		return
	}
	u := &e.tasks[j]
	switch in.Op {
	case OpTrace:
		// ptrace_attach refuses a task of the caller's own thread group
		// (itself included) with EPERM.
		if j == 0 || !u.State.Alive() || u.tracer >= 0 || u.TGID == t.TGID {
			fail(eperm)
			return
		}
		u.tracer = i
		e.emit(Event{Kind: EvTrace, Task: u.PID, Other: t.PID, CPU: -1, Value: 1})
		if e.inD(u) {
			u.trap = true // it traps when its wait ends
			return
		}
		// A task stopped in T re-traps into t, still in its group stop
		// (ptrace_attach): detached, it goes back to T.
		stopped := u.State == StateStopped
		e.ptraceStop(j, 0)
		u.jobStop = stopped
	case OpTraceCont, OpDetach:
		if u.tracer != i || j == i {
			fail(esrch)
			return
		}
		if in.Op == OpTraceCont && u.State != StateTraced {
			fail(esrch) // PTRACE_CONT needs a tracee in a ptrace-stop
			return
		}
		if in.Op == OpDetach {
			u.tracer = -1
			u.trap = false
			e.emit(Event{Kind: EvTrace, Task: u.PID, Other: t.PID, CPU: -1, Value: 0})
		}
		if u.State == StateTraced {
			e.resumeTracee(j)
		}
	}
}

// ptraceStop puts the task at index j in t: interrupted by its tracer (sig
// 0), or stopped on its way to receive sig (a signal-delivery-stop, which
// the tracer sees and may let through when it resumes the task). The
// tracer's wait reports it, and the kernel sends the tracer SIGCHLD.
func (e *Engine) ptraceStop(j int32, sig Signal) {
	t := &e.tasks[j]
	if t.dying != 0 {
		return // ptrace_stop does not stop a task with a fatal signal pending: it dies
	}
	cpu := e.halt(j)
	e.setState(t, StateTraced, CausePtrace, cpu)
	t.stopSig = sig
	t.report = reportStopped
	tr := t.tracer
	e.kernelSIGCHLD(tr, t.PID)
	e.wakeWaiterFor(tr, CauseChildStopped) // ptrace-stops are reported to the tracer's every wait
}

// resumeTracee ends the ptrace-stop of the task at index j: it becomes
// runnable, and the signal that stopped it (if any) is delivered now.
func (e *Engine) resumeTracee(j int32) {
	t := &e.tasks[j]
	sig := t.stopSig
	t.stopSig, t.report = 0, 0
	if t.jobStop {
		t.jobStop = false
		if t.tracer < 0 {
			// Detached in a group stop: it stays stopped, now in T
			// (__ptrace_unlink). The stop was already reported: no
			// SIGCHLD again.
			e.setState(t, StateStopped, CauseSigStop, -1)
			t.stopSig = SIGSTOP
			return
		}
	}
	e.makeRunnable(j, CausePtrace)
	switch {
	case sig == SIGSTOP && t.tracer >= 0:
		// A stop signal the tracer lets through starts a group stop, and
		// a tracee's group stop is a ptrace-stop too (do_signal_stop calls
		// do_jobctl_trap): it stays in t, never T, and SIGCONT does not
		// end it; the tracer's wait reports it and cont resumes it.
		e.delivered(j, sig, CauseSigStop)
		e.ptraceStop(j, 0)
		t.jobStop = true
		return
	case sig == SIGCONT:
		// A signal the tracer lets through is delivered, not sent again:
		// SIGCONT's prepare_signal work (cancelling pending stops) was
		// done when it was sent, so a SIGSTOP sent since stays pending.
		if t.Caught&sig.mask() != 0 {
			e.catchSignal(j, sig)
		}
	case sig != 0:
		e.act(j, sig)
	}
	e.pendingAfterTrace(j)
}

// pendingAfterTrace acts on the signals that were sent to the task at
// index j while it was in t or D, now that it runs again (get_signal): a
// tracee meets the lowest one in a signal-delivery-stop; a task no longer
// traced takes each as it would have when it was sent. Caught signals
// stay pending for their handlers.
func (e *Engine) pendingAfterTrace(j int32) {
	t := &e.tasks[j]
	for sig := Signal(1); sig <= 32 && t.State == StateRunnable && t.dying == 0; sig++ {
		if t.Pending&sig.mask() == 0 || sig == SIGKILL {
			continue
		}
		if t.tracer >= 0 {
			t.Pending &^= sig.mask()
			e.ptraceStop(j, sig)
			return
		}
		if t.Caught&sig.mask() != 0 {
			continue
		}
		t.Pending &^= sig.mask()
		if sig == SIGSTOP {
			e.delivered(j, SIGSTOP, CauseSigStop)
			e.stop(j, SIGSTOP)
			continue
		}
		e.act(j, sig)
	}
}

// exitPtrace detaches what the exiting task at index i traced (its tracees
// in t resume) and detaches i from its own tracer.
func (e *Engine) exitPtrace(i int32) {
	if tr := e.tasks[i].tracer; tr >= 0 && tr != e.tasks[i].parent {
		// The tracer's wait learns that its tracee is gone (Linux's wait
		// reports the tracee's exit status to it; here it looks again and
		// returns ECHILD if nothing else is left to wait for).
		e.wakeWaiterFor(tr, CauseChildExit)
	}
	e.tasks[i].tracer = -1
	for k := range e.tasks {
		if c := &e.tasks[k]; c.tracer == i {
			c.tracer, c.trap = -1, false
			e.emit(Event{Kind: EvTrace, Task: c.PID, Other: e.tasks[i].PID, CPU: -1, Value: 0})
			if c.State == StateTraced {
				e.resumeTracee(int32(k))
			}
		}
	}
}
