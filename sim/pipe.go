package sim

// This file runs the statements on pipes and FIFOs: write, read, close and
// (FIFOs) open. The rules, each measured on Linux 6.18 (docs/scenario.md,
// "Pipes, FIFOs and message queues"):
//
//   - A write of at most PIPE_BUF (4096) bytes is atomic: it waits (S,
//     anon_pipe_write) until all of it fits, and no other writer's bytes
//     come between its bytes. A larger write puts in what fits, waits, and
//     goes on when a reader makes room, so other writers' bytes can come
//     between its pieces.
//   - A read returns what the buffer holds, up to the bytes asked for (a
//     partial read); an empty buffer makes it wait (S, anon_pipe_read)
//     while some process holds the write end, and return 0 (end of file)
//     once none does.
//   - A write when no process holds the read end fails with EPIPE, and the
//     kernel sends the writer SIGPIPE, whose default action kills it.
//   - open of a FIFO waits (S, wait_for_partner) until the other end has
//     been opened by some process.
//   - A call that blocked goes on where it stopped when it is woken (the
//     kernel's wait loop); a signal handler that runs meanwhile restarts it.

// pipeStatement runs a write, read, close or open of the task at index i.
func (e *Engine) pipeStatement(i int32, in *Instr) {
	e.ipcSync()
	t := &e.tasks[i]
	o := in.Obj
	switch in.Op {
	case OpPipeWrite:
		e.ipcCall(t, SysIPCWrite)
		e.pipeWrite(i, in)
	case OpPipeRead:
		e.ipcCall(t, SysIPCRead)
		e.pipeRead(i, in)
	case OpIPCClose:
		e.ipcCall(t, SysIPCClose)
		write := in.A == 1
		if !t.holds(o, write) {
			e.ipcFail(t, o, SysIPCClose, errEBADF)
			return
		}
		e.ipcDoneCall(t)
		e.ipcDrop(i, o, write, CauseNone)
	case OpFifoOpen:
		e.ipcCall(t, SysIPCOpen)
		e.fifoOpen(i, in)
	case OpPipeMake:
		e.pipeMake(i, o) // pipe_make.go
	}
}

// The errno values an IPC call can fail with.
const (
	errEBADF    = 9
	errEPIPE    = 32
	errEINVAL   = 22
	errEMSGSIZE = 90
)

// ipcFail ends the task's call with an error.
func (e *Engine) ipcFail(t *Task, o int, s Syscall, errno int64) {
	e.emit(Event{Kind: EvPipeFail, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: int64(s), Arg: errno})
	e.ipcDoneCall(t)
}

// pipeFree is the room left in pipe o's buffer, in bytes.
func (e *Engine) pipeFree(o int) int64 {
	return e.sc.IPC[o].Capacity - e.ipcObjs()[o].used
}

// pipeCanGo reports whether the blocked pipe or FIFO call of the task at
// index i can now go on (or fail): the condition the kernel's wait loop
// tests when the task is woken.
func (e *Engine) pipeCanGo(i int32) bool {
	t := &e.tasks[i]
	in := e.ipcInstr(t)
	o := in.Obj
	s := &e.ipcObjs()[o]
	switch in.Op {
	case OpPipeRead:
		return s.used > 0 || e.ipcHolders(o, true) == 0
	case OpPipeWrite:
		if e.ipcHolders(o, false) == 0 {
			return true // EPIPE
		}
		if in.A <= PipeBuf {
			return e.pipeFree(o) >= in.A-t.ipcDone
		}
		return e.pipeFree(o) > 0
	case OpFifoOpen:
		if in.A == 0 {
			return s.wOpens != t.ipcSeen
		}
		return s.rOpens != t.ipcSeen
	}
	return false
}

// pipeWrite writes (some of) a write statement's bytes.
func (e *Engine) pipeWrite(i int32, in *Instr) {
	t := &e.tasks[i]
	o := in.Obj
	if !t.holds(o, true) {
		e.ipcFail(t, o, SysIPCWrite, errEBADF)
		return
	}
	if e.ipcHolders(o, false) == 0 {
		// pipe_write: no readers. It fails with EPIPE, and the kernel
		// sends SIGPIPE (send_sig), which kills the writer unless it
		// ignores or catches the signal.
		e.emit(Event{Kind: EvPipeBroken, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: in.A - t.ipcDone})
		e.ipcDoneCall(t)
		e.signal(i, SIGPIPE, 0)
		if t.dying != 0 && t.CPU >= 0 {
			e.die(i) // the signal acts before write() returns to user mode
		}
		return
	}
	left := in.A - t.ipcDone
	free := e.pipeFree(o)
	n := min(left, free)
	if in.A <= PipeBuf && free < left {
		n = 0 // atomic: all of it, or wait
	}
	if n > 0 {
		s := &e.ipcObjs()[o]
		switch k := len(s.chunks) - 1; {
		case k >= 0 && s.chunks[k].from == t.TGID:
			s.chunks[k].bytes += n
		case k+1 >= MaxPipeRuns:
			s.chunks[k].from, s.chunks[k].bytes = 0, s.chunks[k].bytes+n // several writers (MaxPipeRuns)
		default:
			s.chunks = append(s.chunks, ipcChunk{from: t.TGID, bytes: n})
		}
		s.used += n
		t.ipcDone += n
		e.emit(Event{Kind: EvPipeWrite, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: n, Arg: left - n})
		e.ipcWake(o)
	}
	if t.ipcDone == in.A {
		e.ipcDoneCall(t)
		return
	}
	e.ipcBlock(i, o, CausePipeWrite)
}

// pipeRead reads up to a read statement's bytes: what is there, end of
// file, or it waits.
func (e *Engine) pipeRead(i int32, in *Instr) {
	t := &e.tasks[i]
	o := in.Obj
	if !t.holds(o, false) {
		e.ipcFail(t, o, SysIPCRead, errEBADF)
		return
	}
	s := &e.ipcObjs()[o]
	if s.used == 0 {
		if e.ipcHolders(o, true) == 0 {
			e.emit(Event{Kind: EvPipeEOF, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o)})
			e.ipcDoneCall(t)
			return
		}
		e.ipcBlock(i, o, CausePipeRead)
		return
	}
	want := in.A
	for want > 0 && len(s.chunks) > 0 {
		c := &s.chunks[0]
		n := min(want, c.bytes)
		c.bytes -= n
		s.used -= n
		want -= n
		from := c.from
		if c.bytes == 0 {
			s.chunks = s.chunks[1:]
		}
		e.emit(Event{Kind: EvPipeRead, Task: t.PID, Other: from, CPU: int16(t.CPU), Obj: int16(o), Value: n, Arg: s.used})
	}
	if len(s.chunks) == 0 {
		s.chunks = nil
	}
	e.ipcDoneCall(t)
	e.ipcWake(o)
}

// fifoOpen opens an end of a FIFO. As fifo_open does, it first counts
// itself as a reader (writer) and wakes the openers of the other end; then,
// if no process holds the other end, it waits for the other end's open
// counter to change (wait_for_partner).
func (e *Engine) fifoOpen(i int32, in *Instr) {
	t := &e.tasks[i]
	o := in.Obj
	write := in.A == 1
	s := &e.ipcObjs()[o]
	if t.ipcRetry {
		// Woken: wait_for_partner saw the other end's counter change.
		if e.pipeCanGo(i) {
			e.fifoOpened(t, o, write)
			return
		}
		e.ipcBlock(i, o, CauseFifoOpen)
		return
	}
	if write {
		t.ipcWrite |= 1 << o
		s.wOpens++
	} else {
		t.ipcRead |= 1 << o
		s.rOpens++
	}
	e.ipcWake(o)
	if e.ipcHolders(o, !write) > 0 {
		e.fifoOpened(t, o, write)
		return
	}
	t.ipcSeen = s.rOpens
	if !write {
		t.ipcSeen = s.wOpens
	}
	e.ipcBlock(i, o, CauseFifoOpen)
}

func (e *Engine) fifoOpened(t *Task, o int, write bool) {
	v := int64(0)
	if write {
		v = 1
	}
	e.emit(Event{Kind: EvIPCOpen, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: v, Arg: e.ipcHolders(o, write)})
	e.ipcDoneCall(t)
}
