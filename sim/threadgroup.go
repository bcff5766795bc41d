package sim

// This file makes the threads of a scenario live inside one process, as
// Linux threads do (docs/scenario.md, "Threads live inside a process").
//
// Every task is a thread of some thread group; a task made by fork is the
// only thread of its own group, whose ID (TGID, what getpid returns) is its
// PID. The scenario's thread blocks instead form one process: the first to
// arrive is the group leader (its TID is the process's PID) and the others
// join it, as if the leader had called pthread_create (clone with
// CLONE_THREAD). A thread's PPID is its process's parent; only the leader
// counts as that parent's child, because only the process can be waited for.
//
// How threads end, and why, following kernel/exit.c:
//   - A thread that runs off the end of its code calls pthread_exit: it ends
//     alone. A non-leader thread is released at once (X, no zombie):
//     exit_notify finds that it is not the group leader and that its exit
//     signal is -1, so it calls release_task itself. Nobody could reap it
//     anyway: wait() takes a process, never a thread's TID.
//   - The leader that ends while other threads run stays a zombie (Z) and
//     its parent's wait() cannot reap it yet (delay_group_leader): ps shows
//     the process as Z with its other threads still running.
//   - The process exits when its last thread ends: the parent gets SIGCHLD
//     and reaps the leader, which carries the process's exit status.
//   - exit (exit_group) in any thread, or a fatal signal sent to any of its
//     TIDs, ends every thread of the process at once (zap_other_threads). A
//     thread in uninterruptible sleep (D) is not woken: it ends when its
//     wait does, and the process exits with it.

// Leader reports whether the task leads its thread group (TID == TGID).
func (t *Task) Leader() bool { return t.PID == t.TGID }

// isThread reports whether the task at index i runs the code of a thread block.
func (e *Engine) isThread(i int32) bool {
	t := &e.tasks[i]
	return t.Program >= 0 && e.sc.Programs[t.Program].Thread
}

// leaderOf returns the index of the leader of the task at index i's thread
// group. While any thread of a group exists the leader is not reaped, so
// its PID (the TGID) cannot have been reused.
func (e *Engine) leaderOf(i int32) int32 {
	t := &e.tasks[i]
	if t.Leader() {
		return i
	}
	for k := i - 1; k >= 0; k-- {
		if u := &e.tasks[k]; u.PID == t.TGID && u.State != StateDead {
			return k
		}
	}
	return i
}

// liveThreads counts the threads of the group led by the task at index l
// that have not ended (the leader included, unless it is a zombie).
func (e *Engine) liveThreads(l int32) int {
	n := 0
	tgid := e.tasks[l].TGID
	for k := l; k < int32(len(e.tasks)); k++ {
		if u := &e.tasks[k]; u.TGID == tgid && u.State != StateDead && u.State != StateZombie && u.State != StateNone {
			n++
		}
	}
	return n
}

// scenarioProcess returns the index of the leader of the process the
// scenario's threads live in, or -1 when it has no live thread (none has
// arrived yet, or all of them have ended).
func (e *Engine) scenarioProcess() int32 {
	for k := int32(len(e.tasks)) - 1; k > 0; k-- {
		if t := &e.tasks[k]; t.sceneLeader && t.State != StateDead {
			if e.liveThreads(k) > 0 {
				return k
			}
			return -1
		}
	}
	return -1
}

// arriveTask creates the task of an arriving scenario block and reports
// whether it could: a thread joins the scenario's process when that has a
// live thread; the first thread, and every process block, is a new process,
// a child of PID 1.
func (e *Engine) arriveTask(prog int) bool {
	if !e.sc.Programs[prog].Thread {
		return e.spawn(0, prog, CauseArrival)
	}
	l := e.scenarioProcess()
	if l < 0 {
		if !e.spawn(0, prog, CauseArrival) {
			return false
		}
		e.tasks[len(e.tasks)-1].sceneLeader = true
		return true
	}
	n := len(e.events)
	if !e.spawn(l, prog, CauseClone) {
		return false
	}
	i := int32(len(e.tasks) - 1)
	t, leader := &e.tasks[i], &e.tasks[l]
	leader.children-- // a thread is nobody's child: its process is
	t.TGID, t.parent, t.PPID = leader.TGID, leader.parent, leader.PPID
	// A new thread runs code of the same image: there is no exec to report.
	for k := len(e.events) - 1; k >= n; k-- {
		if e.events[k].Kind == EvExec && e.events[k].Task == t.PID {
			e.events = append(e.events[:k], e.events[k+1:]...)
		}
	}
	return true
}

// threadExit ends the thread at index i, which exit has taken off its CPU
// and whose EvExit it has emitted; cpu is the CPU it ran on, or -1. An
// exit statement, and a fatal signal, end the whole process (exit_group);
// running off the end of the code ends the thread alone (pthread_exit).
func (e *Engine) threadExit(i int32, code int, sig Signal, cause Cause, cpu int) {
	t := &e.tasks[i]
	l := e.leaderOf(i)
	code0 := e.sc.Programs[t.Program].Code
	// A Go program's main returning ends the process (goexec.go).
	group := cause != CauseExit || t.PC != len(code0)-1 || e.sc.Go != nil && i == l
	if group && !e.tasks[l].groupExit {
		e.tasks[l].groupExit, e.tasks[l].groupCode, e.tasks[l].groupSig = true, int32(code), sig
		e.zapOtherThreads(i, l, code, sig)
	}
	last := e.liveThreads(l) == 1
	switch {
	case i == l && last:
		// The process ends with its leader: handled as a process exit.
		e.processExit(l, cause, cpu)
	case i == l:
		e.setState(t, StateZombie, CauseThreadExit, cpu) // until its other threads end
	default:
		c := CauseThreadExit
		if e.tasks[l].groupExit {
			c = cause
		}
		e.setState(t, StateDead, c, cpu)
		if last {
			e.processExit(l, cause, -1)
		}
	}
}

// zapOtherThreads ends every other live thread of the group led by l as
// part of exit_group (or a fatal signal) by the thread at index i. A thread
// in D gets SIGKILL pending and ends when its wait ends.
func (e *Engine) zapOtherThreads(i, l int32, code int, sig Signal) {
	tgid := e.tasks[l].TGID
	for k := l; k < int32(len(e.tasks)); k++ {
		u := &e.tasks[k]
		if k == i || u.TGID != tgid || !u.State.Alive() {
			continue
		}
		if u.State == StateDisk {
			u.Pending |= SIGKILL.mask()
			e.emit(Event{Kind: EvSignalDeferred, Task: u.PID, CPU: -1, Value: int64(SIGKILL)})
			continue
		}
		cpu := u.CPU
		e.emit(Event{Kind: EvExit, Task: u.PID, CPU: int16(cpu), Value: int64(code), Arg: int64(sig)})
		u.ExitCode, u.Signal, u.Ended = code, sig, e.step
		e.clearTimer(u)
		e.leaveSyncQueue(k)
		u.blocked, u.Pending, u.dying = CauseNone, 0, 0
		switch {
		case cpu >= 0:
			c := &e.cpus[cpu]
			c.prev, c.prevStep, c.prevVoluntary = c.cur, e.step, false
			c.cur = -1
			u.CPU = -1
		case u.State == StateRunnable:
			e.removeReady(k)
		}
		// Each thread's exit lets go of what it traced and hands its own
		// children to their new parent (exit_ptrace, forget_original_parent).
		e.exitPtrace(k)
		if u.children > 0 {
			e.reparentChildren(k)
		}
		if k == l {
			e.setState(u, StateZombie, CauseGroupExit, cpu) // the process's exit is reported with its last thread
		} else {
			e.setState(u, StateDead, CauseGroupExit, cpu)
		}
	}
}

// processExit ends the process led by the task at index l, whose last
// thread has just ended: the leader becomes (or stays) a zombie carrying
// the process's exit status, and its parent is told as for any process.
func (e *Engine) processExit(l int32, cause Cause, cpu int) {
	t := &e.tasks[l]
	if t.groupExit {
		t.ExitCode, t.Signal = int(t.groupCode), t.groupSig
	}
	if t.Ended == 0 {
		t.Ended = e.step
	}
	p := t.parent
	parent := &e.tasks[p]
	if parent.Ignored&SIGCHLD.mask() != 0 {
		e.setState(t, StateDead, CauseAutoReap, cpu)
		e.emit(Event{Kind: EvReaped, Task: t.PID, Other: t.PID, CPU: -1, Value: int64(t.ExitCode), Arg: int64(t.Signal)})
		parent.children--
	} else {
		if t.State != StateZombie {
			e.setState(t, StateZombie, cause, cpu)
		}
		e.kernelSIGCHLD(p, t.PID)
	}
	if p != 0 || t.State == StateZombie {
		e.wakeWaiter(p)
	}
}

// reapable reports whether the zombie at index k can be reaped: a group
// leader waits until the last thread of its process has ended.
func (e *Engine) reapable(k int32) bool {
	return !e.tasks[k].Leader() || e.liveThreads(k) == 0
}

// signalProcess sends sig from sender to the task at index i as kill()
// does: to its process. SIGSTOP and SIGCONT act on every thread of it (a
// group stop, and its end), so each thread gets them as from sender; a
// terminating signal is taken by the thread it reached, and ends them all.
func (e *Engine) signalProcess(i int32, sig Signal, sender PID) {
	group := sig == SIGSTOP || sig == SIGCONT || sig == SIGTSTP && e.tstpStops(i) // syscall_eintr.go
	e.signal(i, sig, sender)
	if !group || !e.isThread(i) {
		return
	}
	l := e.leaderOf(i)
	tgid := e.tasks[l].TGID
	for k := l; k < int32(len(e.tasks)); k++ {
		if u := &e.tasks[k]; k != i && u.TGID == tgid && u.State.Alive() {
			e.signal(k, sig, sender)
		}
	}
}

// killTarget returns the task a kill aimed at index i acts on: a signal
// sent to a process whose leader is a zombie goes to a thread still alive.
func (e *Engine) killTarget(i int32) int32 {
	t := &e.tasks[i]
	if t.State != StateZombie || !t.Leader() {
		return i
	}
	for k := i + 1; k < int32(len(e.tasks)); k++ {
		if u := &e.tasks[k]; u.TGID == t.TGID && u.State.Alive() {
			return k
		}
	}
	return i
}
