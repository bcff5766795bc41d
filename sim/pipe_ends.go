package sim

// This file keeps which process holds which end of each pipe and FIFO (the
// part of a process's file-descriptor table the simulation models), the
// run-time state of every IPC object, and the wake-ups of the tasks that
// wait on them.
//
// The rules: a process the scenario starts holds both ends of every
// anonymous pipe, as if the pipes were made before it was forked, and no
// end of any FIFO; a forked child inherits the ends its parent holds at the
// fork; exec keeps them; close drops one; exit drops all. Threads hold none
// (IPC statements are for processes: the parser refuses them in threads).
//
// Inheritance is lazy: a task's ends are copied from its parent the first
// time anything reads or changes the table (ipcSync), and every change
// syncs first. A parent's ends only change through close, open and exit,
// which all sync before they act, so the copy a child gets is its parent's
// table at the fork.

// pipeTask is a task's IPC state, embedded in Task. Every field is a value,
// so copying a Task copies it.
type pipeTask struct {
	ipcRead, ipcWrite uint8 // bit o: the process holds the read (write) end of IPC object o
	ipcSet            bool  // ipcRead and ipcWrite are filled in (see ipcSync)
	ipcRetry          bool  // its IPC call blocked: running it again continues the same call (no new syscall event)
	ipcDone           int64 // bytes of a large write (more than PIPE_BUF) already written
	ipcSeen           int64 // FIFO open: the other end's open counter when it began to wait (wait_for_partner)
	ipcSeq            int64 // when it began to wait, for the order in which waiters of a queue are woken
}

// ipcChunk is a run of bytes in a pipe's buffer that one process wrote.
type ipcChunk struct {
	from  PID
	bytes int64
}

// ipcMsg is a message in a queue.
type ipcMsg struct {
	from  PID
	prio  int64 // POSIX priority or System V mtype
	bytes int64
}

// ipcObj is the run-time state of one IPC object.
type ipcObj struct {
	chunks         []ipcChunk // pipes and FIFOs: the buffer, oldest first
	msgs           []ipcMsg   // queues: the messages in the order they leave (POSIX) or arrived (System V)
	used           int64      // bytes in the buffer or in the queue's messages
	rOpens, wOpens int64      // FIFOs: how many times each end was opened (the kernel's r_counter, w_counter)
}

// pipeEngine is the engine's IPC state, embedded in Engine.
type pipeEngine struct {
	ipc       []ipcObj // one per Scenario.IPC, made on first use
	ipcSynced int32    // tasks[:ipcSynced] have their ends filled in
	ipcBlocks int64    // blocking IPC calls so far (orders the waiters)
}

// pipeCloneInto deep-copies the IPC state into dst, which already holds a
// shallow copy of e.
func (e *Engine) pipeCloneInto(dst *Engine) {
	if e.ipc == nil {
		return
	}
	dst.ipc = make([]ipcObj, len(e.ipc))
	for o, s := range e.ipc {
		s.chunks = append([]ipcChunk(nil), s.chunks...)
		s.msgs = append([]ipcMsg(nil), s.msgs...)
		dst.ipc[o] = s
	}
}

// pipeBytes estimates the memory of the IPC objects' state, in bytes (for
// Recording.Bytes): an ipcObj is 72 bytes, a chunk 16, a message 24.
func (e *Engine) pipeBytes() int64 {
	n := int64(cap(e.ipc)) * 72
	for _, s := range e.ipc {
		n += int64(cap(s.chunks))*16 + int64(cap(s.msgs))*24
	}
	return n
}

// ipcObjs returns the IPC objects' state, making it on first use.
func (e *Engine) ipcObjs() []ipcObj {
	if len(e.ipc) < len(e.sc.IPC) {
		e.ipc = make([]ipcObj, len(e.sc.IPC))
	}
	return e.ipc
}

// ipcSync fills in the ends of every task created since the last call.
func (e *Engine) ipcSync() {
	if len(e.sc.IPC) == 0 {
		return
	}
	var pipes uint8
	for o, d := range e.sc.IPC {
		if d.Kind == IPCPipe && !d.Made { // a pipe a process makes (pipe_make.go) is nobody's before
			pipes |= 1 << o
		}
	}
	for k := e.ipcSynced; k < int32(len(e.tasks)); k++ {
		t := &e.tasks[k]
		if t.ipcSet {
			continue
		}
		t.ipcSet = true
		switch {
		case k == 0 || e.isThread(k):
		case t.parent == 0: // a process the scenario starts (only arrivals are PID 1's own children)
			t.ipcRead, t.ipcWrite = pipes, pipes
		default: // forked: its parent's ends at the fork
			p := &e.tasks[t.parent]
			t.ipcRead, t.ipcWrite = p.ipcRead, p.ipcWrite
		}
	}
	e.ipcSynced = int32(len(e.tasks))
}

// holds reports whether the task holds an end of object o and is a live
// process (its table is closed when it exits).
func (t *Task) holds(o int, write bool) bool {
	if t.State == StateZombie || t.State == StateDead || t.State == StateNone {
		return false
	}
	m := t.ipcRead
	if write {
		m = t.ipcWrite
	}
	return m&(1<<o) != 0
}

// ipcHolders counts the processes holding the read (write) end of object o.
func (e *Engine) ipcHolders(o int, write bool) int64 {
	e.ipcSync()
	n := int64(0)
	for k := range e.tasks {
		if e.tasks[k].holds(o, write) {
			n++
		}
	}
	return n
}

// pipeExit closes every end the exiting task at index i holds, waking the
// tasks that wait on those objects (readers see end of file, writers
// EPIPE, when it held the last end).
func (e *Engine) pipeExit(i int32) {
	if len(e.sc.IPC) == 0 || e.isThread(i) {
		return
	}
	e.ipcSync()
	t := &e.tasks[i]
	if t.ipcRetry && t.Program >= 0 {
		if in := e.ipcInstr(t); in.Op == OpFifoOpen {
			// Killed while it waited in open: fifo_open gives back the
			// end it had counted, and no descriptor was ever made, so
			// nothing is closed.
			e.fifoGiveBack(t, in)
		}
	}
	t.ipcRetry, t.ipcDone = false, 0
	for o := range e.sc.IPC {
		for _, write := range []bool{false, true} {
			if t.holds(o, write) {
				e.ipcDrop(i, o, write, CauseExit)
			}
		}
	}
}

// fifoGiveBack undoes the count of an open of a FIFO that did not complete
// (interrupted, or its task killed): the task no longer holds that end, the
// buffer is freed if nobody holds or opens the FIFO now, and the openers of
// the other end are told.
func (e *Engine) fifoGiveBack(t *Task, in *Instr) {
	o := in.Obj
	if in.A == 1 {
		t.ipcWrite &^= 1 << o
	} else {
		t.ipcRead &^= 1 << o
	}
	if e.ipcHolders(o, false) == 0 && e.ipcHolders(o, true) == 0 && !e.ipcOpening(o) {
		s := &e.ipcObjs()[o]
		s.chunks, s.used = nil, 0
	}
	e.ipcWake(o)
}

// ipcDrop closes the task's read (write) end of object o, says so, and
// wakes the waiters that the change lets go on.
func (e *Engine) ipcDrop(i int32, o int, write bool, cause Cause) {
	t := &e.tasks[i]
	if write {
		t.ipcWrite &^= 1 << o
	} else {
		t.ipcRead &^= 1 << o
	}
	left := e.ipcHolders(o, write)
	v := int64(0)
	if write {
		v = 1
	}
	e.emit(Event{Kind: EvIPCClose, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: v, Arg: left, Cause: cause})
	if left == 0 && e.ipcHolders(o, !write) == 0 && !e.ipcOpening(o) {
		// The last end of the pipe closed: its buffer is freed (a FIFO
		// keeps no data once nobody has it open).
		s := &e.ipcObjs()[o]
		s.chunks, s.used = nil, 0
	}
	e.ipcWake(o)
}

// ipcOpening reports whether a task waits in open() on FIFO o.
func (e *Engine) ipcOpening(o int) bool {
	for k := range e.tasks {
		if u := &e.tasks[k]; u.State == StateSleeping && u.blocked == CauseFifoOpen && e.ipcInstr(u).Obj == o {
			return true
		}
	}
	return false
}

// ipcInstr is the statement a task is at.
func (e *Engine) ipcInstr(t *Task) *Instr {
	return &e.sc.Programs[t.Program].Code[t.PC]
}

// ipcWaiting reports whether t sleeps in an IPC call on object o.
func (e *Engine) ipcWaiting(t *Task, o int) bool {
	if t.State != StateSleeping || t.Program < 0 {
		return false
	}
	switch t.blocked {
	case CausePipeRead, CausePipeWrite, CauseFifoOpen, CauseMQReceive, CauseMQSend, CauseMsgrcv, CauseMsgsnd:
		return e.ipcInstr(t).Obj == o
	}
	return false
}

// ipcBlock puts the running task at index i to sleep in its IPC call.
func (e *Engine) ipcBlock(i int32, o int, cause Cause) {
	t := &e.tasks[i]
	e.ipcBlocks++
	t.ipcRetry, t.ipcSeq = true, e.ipcBlocks
	e.emit(Event{Kind: EvState, Task: t.PID, CPU: int16(t.CPU), From: t.State, To: StateSleeping, Cause: cause, Obj: int16(o)})
	t.State = StateSleeping
	t.blocked = cause
	e.leaveCPU(t, true)
	e.onBlock(t)
}

// ipcDoneCall ends the task's IPC call: the next statement is a new call.
func (e *Engine) ipcDoneCall(t *Task) {
	t.ipcRetry, t.ipcDone = false, 0
	t.PC++
}

// ipcCall emits the system call event, unless the call is one that blocked
// and now runs again (the same call goes on in the kernel).
func (e *Engine) ipcCall(t *Task, s Syscall) {
	if !t.ipcRetry {
		e.syscall(t, s)
	}
}

// ipcWake makes runnable the tasks waiting on object o whose call can now
// go on: every such waiter of a pipe or FIFO (the kernel wakes them all,
// and each tries again), and of a queue the longest-waiting receiver that
// a message matches and the longest-waiting sender that has room, one per
// message or free slot, as the kernel wakes one exclusive waiter.
func (e *Engine) ipcWake(o int) {
	if e.sc.IPC[o].Kind.Queue() {
		e.mqWake(o) // mqueue.go
		return
	}
	for k := range e.tasks {
		if t := &e.tasks[k]; e.ipcWaiting(t, o) && e.pipeCanGo(int32(k)) {
			e.makeRunnable(int32(k), CauseIPCReady)
		}
	}
}
