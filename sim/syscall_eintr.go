package sim

// This file is what a caught signal does to a blocking system call
// (signal(7), "Interruption of system calls and library functions by signal
// handlers"). The handler runs; then the call either fails with EINTR and
// the program goes on with its next statement, or, when the handler was
// installed with SA_RESTART (`catch SIG restart`), read and wait4 are
// restarted: the task waits again, for the same input or child. nanosleep
// is never restarted, SA_RESTART or not: it fails with EINTR. Measured on
// Linux 6.18 (x86-64) with a C program that installs a SIGUSR1 handler with
// and without SA_RESTART and blocks in each call: without the flag
// nanosleep, read (terminal and pipe), wait4, sem_wait and pause all
// returned -1 with EINTR; with it read and wait4 returned their data or
// child and sem_wait returned 0 after its post, while nanosleep and pause
// still failed with EINTR. Waits on the scenario's sync objects (a futex
// underneath) go on waiting after the handler, as they did before.

// errnoEINTR is EINTR's number on Linux.
const errnoEINTR = 4

// blockedCall returns the system call a task blocked in S for this cause
// is in: nanosleep, read or wait4 (SysFork: none of these).
func blockedCall(c Cause) Syscall {
	switch c {
	case CauseSleep:
		return SysSleep
	case CauseIO:
		return SysRead
	case CauseWaitChild:
		return SysWait
	}
	return SysFork
}

// restartCall is called when caught signal sig interrupts the sleep of the
// task at index i. When the call is restarted after the handler (SA_RESTART
// on a read, or on a wait that has nothing to report yet), it wakes the
// task, emits EvRestart and reports true. A restarted read keeps its timer:
// the input it waits for arrives when it would have.
func (e *Engine) restartCall(i int32, sig Signal) bool {
	t := &e.tasks[i]
	if t.restart&t.Caught&sig.mask() == 0 {
		return false
	}
	switch {
	case t.blocked == CauseIO:
	case t.blocked == CauseWaitChild && !e.waitHasNews(i):
	default:
		return false
	}
	call := blockedCall(t.blocked)
	e.makeRunnable(i, CauseSignalWake)
	e.emit(Event{Kind: EvRestart, Task: t.PID, CPU: -1, Value: int64(call), Arg: int64(sig)})
	return true
}

// eintr reports that call failed with EINTR for the task at index i, whose
// sleep caught signal sig interrupted. Cause no_restart says that the
// handler had SA_RESTART, which nanosleep ignores.
func (e *Engine) eintr(i int32, call Syscall, sig Signal) {
	t := &e.tasks[i]
	ev := Event{Kind: EvCallFailed, Task: t.PID, CPU: -1, Value: int64(call), Arg: errnoEINTR}
	if t.restart&t.Caught&sig.mask() != 0 {
		ev.Cause = CauseNoRestart
	}
	e.emit(ev)
}

// setCatch records the SA_RESTART flag of a catch statement (A = 1: catch
// SIG restart) for the task t: a catch without it clears it.
func setCatch(t *Task, in *Instr) {
	if in.A == 1 {
		t.restart |= in.Sig.mask()
	} else {
		t.restart &^= in.Sig.mask()
	}
}

// RestartSet returns the set of caught signals whose handler has
// SA_RESTART (bit n-1 for signal n).
func (t *Task) RestartSet() uint32 { return t.restart & t.Caught }

// tstpStops reports whether a SIGTSTP sent to the task at index i stops
// its process: it is neither caught, nor ignored, nor taken by a Go
// program's signal.Notify.
func (e *Engine) tstpStops(i int32) bool {
	t := &e.tasks[i]
	m := SIGTSTP.mask()
	if t.Caught&m != 0 || t.Ignored&m != 0 {
		return false
	}
	for _, n := range e.notes {
		if n.tgid == t.TGID && n.sig == SIGTSTP {
			return false
		}
	}
	return true
}
