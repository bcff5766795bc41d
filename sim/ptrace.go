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
	if j < 0 || j == i {
		fail(esrch)
		return
	}
	u := &e.tasks[j]
	switch in.Op {
	case OpTrace:
		if j == 0 || !u.State.Alive() || u.tracer >= 0 {
			fail(eperm)
			return
		}
		u.tracer = i
		e.emit(Event{Kind: EvTrace, Task: u.PID, Other: t.PID, CPU: -1, Value: 1})
		if e.inD(u) {
			u.trap = true // it traps when its wait ends
			return
		}
		e.ptraceStop(j, 0)
	case OpTraceCont, OpDetach:
		if u.tracer != i {
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
	cpu := t.CPU
	switch t.State {
	case StateRunning:
		e.leaveCPU(t, true)
	case StateRunnable:
		e.removeReady(j)
	case StateSleeping:
		e.leaveSyncQueue(j)
	}
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
	e.makeRunnable(j, CausePtrace)
	if sig != 0 {
		e.act(j, sig)
	}
	if t.State == StateRunnable && t.Pending&SIGSTOP.mask() != 0 {
		t.Pending &^= SIGSTOP.mask()
		e.delivered(j, SIGSTOP, CauseSigStop)
		e.stop(j, SIGSTOP)
	}
}

// exitPtrace detaches what the exiting task at index i traced (its tracees
// in t resume) and detaches i from its own tracer.
func (e *Engine) exitPtrace(i int32) {
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
