package sim

// This file is what makes a task a process: exec, process groups and
// sessions, subreapers and the orphaned-process-group rule of job control.

// execImage is execve for the task at index i: the program image is
// replaced by program prog. The PID, the parent, the process group and
// session, the pending and the ignored signals stay; the code, data, heap
// and stack are new, so the handlers installed with catch fall back to the
// default action (a handler's address means nothing in the new image).
func (e *Engine) execImage(i int32, prog int) {
	t := &e.tasks[i]
	p := &e.sc.Programs[prog]
	t.Program, t.PC, t.depth, t.left = prog, 0, 0, 0
	t.Name = p.Name
	t.Caught = 0
	t.forkRet = -1
	t.shm = 0 // shm.go: execve drops every mapping
	e.emit(Event{Kind: EvExec, Task: t.PID, CPU: int16(t.CPU), Value: int64(prog), Cause: CauseExec})
	e.memExec(i, prog) // memory.go
}

// groupCall carries out setpgid(0, 0), setsid() or
// prctl(PR_SET_CHILD_SUBREAPER, 1) for the task at index i. setpgid fails
// with EPERM for a session leader, setsid for a process group leader (so a
// process forks first and its child calls setsid), as the kernel says.
func (e *Engine) groupCall(i int32, op Op) {
	t := &e.tasks[i]
	const eperm = 1
	switch op {
	case OpSetpgid:
		e.syscall(t, SysSetpgid)
		if t.SID == t.PID {
			e.emit(Event{Kind: EvCallFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(SysSetpgid), Arg: eperm})
			return
		}
		t.PGID = t.PID
	case OpSetsid:
		e.syscall(t, SysSetsid)
		for k := range e.tasks {
			if c := &e.tasks[k]; c.PGID == t.PID && c.State != StateDead {
				e.emit(Event{Kind: EvCallFailed, Task: t.PID, CPU: int16(t.CPU), Value: int64(SysSetsid), Arg: eperm})
				return
			}
		}
		t.PGID, t.SID = t.PID, t.PID
	case OpSubreaper:
		e.syscall(t, SysPrctl)
		t.subreaper = true
		return
	}
	e.emit(Event{Kind: EvGroup, Task: t.PID, CPU: int16(t.CPU), Value: int64(t.PGID), Arg: int64(t.SID)})
}

// reaper returns the index of the task that adopts the children of the
// exiting task at index i: the nearest living ancestor that made itself a
// subreaper, or PID 1 (find_new_reaper).
func (e *Engine) reaper(i int32) int32 {
	for a := e.tasks[i].parent; a > 0; a = e.tasks[a].parent {
		if e.tasks[a].subreaper && e.tasks[a].State.Alive() {
			return a
		}
	}
	return 0
}

// killOrphanedPgrp is the kernel's kill_orphaned_pgrp. With father < 0 the
// task at index i is exiting, and its parent was its group's link to the
// rest of the session; otherwise i is a child of the exiting father, just
// re-parented, and the father was its group's link. If the group has now
// become orphaned (no member has a parent in another group of the same
// session) and a member is stopped, nobody is left to continue it: the
// kernel sends every member SIGHUP, then SIGCONT. SIGHUP's default action
// ends the process, unless it ignores or catches it.
func (e *Engine) killOrphanedPgrp(i, father int32) {
	t := &e.tasks[i]
	ignored := i
	parent := father
	if father < 0 {
		parent = t.parent
	} else {
		ignored = -1
	}
	if parent < 0 {
		return
	}
	p := &e.tasks[parent]
	if p.PGID == t.PGID || p.SID != t.SID || !e.willBeOrphaned(t.PGID, ignored) || !e.hasStopped(t.PGID) {
		return
	}
	for _, sig := range [...]Signal{SIGHUP, SIGCONT} {
		for k := range e.tasks {
			if c := &e.tasks[k]; c.PGID == t.PGID && c.State.Alive() && (father >= 0 || int32(k) != i) {
				e.signal(int32(k), sig, 0)
			}
		}
	}
}

// willBeOrphaned is will_become_orphaned_pgrp: no member of group pgid
// (other than the task at index ignored, zombies and children of PID 1) has
// a parent in another group of the same session.
func (e *Engine) willBeOrphaned(pgid PID, ignored int32) bool {
	for k := range e.tasks {
		c := &e.tasks[k]
		if c.PGID != pgid || int32(k) == ignored || !c.State.Alive() || c.parent <= 0 {
			continue
		}
		if p := &e.tasks[c.parent]; p.PGID != pgid && p.SID == c.SID {
			return false
		}
	}
	return true
}

// hasStopped reports whether a member of group pgid is stopped (T).
func (e *Engine) hasStopped(pgid PID) bool {
	for k := range e.tasks {
		if c := &e.tasks[k]; c.PGID == pgid && c.State == StateStopped {
			return true
		}
	}
	return false
}
