package sim

// What a stopped or continued child has to tell its parent's (or its
// tracer's) wait, until a wait reports it.
const (
	reportStopped   uint8 = 1
	reportContinued uint8 = 2
)

type reapResult uint8

const (
	reaped reapResult = iota + 1
	noChildren
	mustWait
)

// reapOne is the wait4 of the task at index p with the given flags
// (WaitUntraced, WaitContinued): it looks at p's children in creation order
// and then at its tracees, and reaps the first zombie child or reports the
// first news it may report (a stopped child with WUNTRACED, a continued one
// with WCONTINUED, a tracee's ptrace-stop always), as do_wait does.
func (e *Engine) reapOne(p int32, flags int) reapResult {
	w := &e.tasks[p]
	tracees := false
	for k := range e.tasks {
		c := &e.tasks[k]
		if c.parent == p && c.State != StateDead && int32(k) != p {
			switch {
			case c.State == StateZombie && e.reapable(int32(k)):
				e.setState(c, StateDead, CauseReap, -1)
				e.emit(Event{Kind: EvReaped, Task: c.PID, Other: w.PID, CPU: -1, Value: int64(c.ExitCode), Arg: int64(c.Signal)})
				w.children--
				return reaped
			case c.tracer < 0 && c.report == reportStopped && flags&WaitUntraced != 0,
				c.report == reportContinued && flags&WaitContinued != 0:
				e.reportWait(int32(k), p)
				return reaped
			}
		}
		if c.tracer == p && c.State.Alive() {
			tracees = true
		}
	}
	if tracees {
		for k := range e.tasks {
			if c := &e.tasks[k]; c.tracer == p && c.State == StateTraced && c.report == reportStopped {
				e.reportWait(int32(k), p)
				return reaped
			}
		}
	}
	if w.children == 0 && !tracees {
		return noChildren
	}
	return mustWait
}

// waitHasNews reports whether the wait the task at index p sleeps in
// would return something now (what reapOne would reap or report), without
// doing it.
func (e *Engine) waitHasNews(p int32) bool {
	flags := e.waitFlags(p)
	for k := range e.tasks {
		c := &e.tasks[k]
		if c.parent == p && c.State != StateDead && int32(k) != p {
			switch {
			case c.State == StateZombie && e.reapable(int32(k)),
				c.tracer < 0 && c.report == reportStopped && flags&WaitUntraced != 0,
				c.report == reportContinued && flags&WaitContinued != 0:
				return true
			}
		}
		if c.tracer == p && c.State == StateTraced && c.report == reportStopped {
			return true
		}
	}
	return false
}

// reportWait is a wait of the task at index p returning the news of the
// task at index c: stopped by a signal (or by its tracer), or continued.
func (e *Engine) reportWait(c, p int32) {
	t := &e.tasks[c]
	ev := Event{Kind: EvWaitReport, Task: t.PID, Other: e.tasks[p].PID, CPU: -1, Value: int64(t.stopSig), Cause: CauseSigStop}
	switch {
	case t.report == reportContinued:
		ev.Value, ev.Cause = int64(SIGCONT), CauseSigCont
	case t.State == StateTraced:
		ev.Cause = CausePtrace
	}
	t.report = 0
	e.emit(ev)
}

// waitFlags returns the flags of the wait the task at index p sleeps in.
func (e *Engine) waitFlags(p int32) int {
	t := &e.tasks[p]
	if t.Program < 0 {
		return 0
	}
	if in := &e.sc.Programs[t.Program].Code[t.PC]; in.Op == OpWait {
		return int(in.A)
	}
	return 0
}

// wakeWaiter wakes the task at index p if it sleeps in wait(): a child
// exited.
func (e *Engine) wakeWaiter(p int32) { e.wakeWaiterFor(p, CauseChildExit) }

// wakeWaiterFor wakes the task at index p if it sleeps in wait(), for the
// news cause (a child exited, stopped, continued, or a tracee stopped).
func (e *Engine) wakeWaiterFor(p int32, cause Cause) {
	t := &e.tasks[p]
	if t.State == StateSleeping && t.blocked == CauseWaitChild {
		e.makeRunnable(p, cause)
	}
}

// notifyParent is do_notify_parent_cldstop: the task at index i stopped
// (or was continued), so the kernel sends its parent SIGCHLD (the sender is
// the kernel, not the child) and wakes the parent if its wait may report it.
func (e *Engine) notifyParent(i int32, news uint8) {
	t := &e.tasks[i]
	t.report = news
	p := t.parent
	if p < 0 {
		return
	}
	e.kernelSIGCHLD(p, t.PID)
	flag, cause := WaitUntraced, CauseChildStopped
	if news == reportContinued {
		flag, cause = WaitContinued, CauseChildCont
	}
	if e.waitFlags(p)&flag != 0 {
		e.wakeWaiterFor(p, cause)
	}
}

// kernelSIGCHLD sends SIGCHLD from the kernel to the task at index p about
// the child with PID about. A parent that ignores SIGCHLD gets nothing; one
// that catches it runs its handler.
func (e *Engine) kernelSIGCHLD(p int32, about PID) {
	par := &e.tasks[p]
	if par.Ignored&SIGCHLD.mask() != 0 || !par.State.Alive() {
		return
	}
	e.emit(Event{Kind: EvSignalSent, Task: par.PID, Other: 0, CPU: -1, Value: int64(SIGCHLD), Arg: int64(about)})
	if par.Caught&SIGCHLD.mask() != 0 && p != 0 {
		e.catchSignal(p, SIGCHLD)
	}
}

// exit ends the task at index i: with exit code code when it called exit
// (sig 0), or killed by signal sig. As exit_notify does, its children go
// first to their new parent (the nearest living subreaper among its
// ancestors, or PID 1), each followed by the orphaned-process-group check;
// then the check for its own group; then it becomes a zombie (or is removed
// at once if its parent ignores SIGCHLD, or if it is a thread) and the
// kernel sends its parent SIGCHLD.
func (e *Engine) exit(i int32, code int, sig Signal, cause Cause) {
	t := &e.tasks[i]
	cpu := t.CPU
	e.emit(Event{Kind: EvExit, Task: t.PID, CPU: int16(cpu), Value: int64(code), Arg: int64(sig)})
	t.ExitCode, t.Signal, t.Ended = code, sig, e.now()
	e.clearTimer(t)
	t.blocked, t.Pending, t.dying, t.report, t.trap = CauseNone, 0, 0, 0, false
	t.jobStop = false
	if cpu >= 0 {
		c := &e.cpus[cpu]
		c.prev, c.prevStep, c.prevVoluntary = c.cur, e.step, true
		c.cur = -1
		t.CPU = -1
	} else {
		e.removeReady(i)
	}
	e.exitPtrace(i)
	e.pipeExit(i) // pipe_ends.go: its exit closes the ends it holds
	e.sockExit(i) // socket.go: and the sockets no other process holds
	p := t.parent
	thread := t.Program >= 0 && e.sc.Programs[t.Program].Thread
	if t.children > 0 {
		e.reparentChildren(i)
	}
	if !thread {
		e.killOrphanedPgrp(i, -1)
	}
	parent := &e.tasks[p]
	switch {
	case thread:
		e.threadExit(i, code, sig, cause, cpu) // threadgroup.go
	case parent.Ignored&SIGCHLD.mask() != 0:
		e.setState(t, StateDead, CauseAutoReap, cpu)
		e.emit(Event{Kind: EvReaped, Task: t.PID, Other: t.PID, CPU: -1, Value: int64(code), Arg: int64(sig)})
		parent.children--
	default:
		e.setState(t, StateZombie, cause, cpu)
		e.kernelSIGCHLD(p, t.PID)
	}
	if !thread && (p != 0 || t.State == StateZombie) {
		e.wakeWaiter(p) // to reap t, or to learn it has no children left
	}
	e.memExit(i) // memory.go
}

// reparentChildren gives the children of the exiting task at index i to
// their new parent, one at a time, checking after each whether its process
// group has just become orphaned (forget_original_parent, reparent_leader).
func (e *Engine) reparentChildren(i int32) {
	t := &e.tasks[i]
	r := e.reaper(i)
	orphanZombie := false
	for k := range e.tasks {
		c := &e.tasks[k]
		if c.parent != i || c.State == StateDead || int32(k) == i {
			continue
		}
		c.parent, c.PPID = r, e.tasks[r].TGID // getppid() names the process, whichever thread adopted it
		e.tasks[r].children++
		e.emit(Event{Kind: EvReparented, Task: c.PID, Other: e.tasks[r].PID, CPU: -1})
		if c.State == StateZombie && e.tasks[r].Ignored&SIGCHLD.mask() != 0 {
			// The jobs model's PID 1 ignores SIGCHLD: it takes the zombie away at once.
			e.setState(c, StateDead, CauseAutoReap, -1)
			e.emit(Event{Kind: EvReaped, Task: c.PID, Other: c.PID, CPU: -1, Value: int64(c.ExitCode), Arg: int64(c.Signal)})
			e.tasks[r].children--
			continue
		}
		orphanZombie = orphanZombie || c.State == StateZombie
		e.killOrphanedPgrp(int32(k), i)
	}
	t.children = 0
	if orphanZombie && (r != t.parent || e.isThread(i)) {
		// The new parent may already sleep in wait(): it has a zombie to
		// reap now. (exit wakes the parent of a process later, but not the
		// parent of a thread: a thread's parent is its process's parent.)
		e.wakeWaiter(r)
	}
}
