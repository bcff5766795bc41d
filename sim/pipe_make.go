package sim

// This file is the pipe2() system call: "pipe NAME" as a statement of a
// process block makes the anonymous pipe NAME (declared at the top, as
// every IPC object is) at that point of the process's run. The process then
// holds both ends, and the children it forks afterwards inherit them, which
// is how a shell connects two commands. A pipe no process makes is held by
// every process the scenario starts, as if it had been made before them.
//
// One declaration is one pipe, so the statement must run exactly once: it
// is allowed only in a process block (a program may be run by several
// processes), outside repeat, and before the block's first fork or spawn
// (after it, the child would run it too).

// pipeMake reads "pipe NAME" in a block.
func (p *parser) pipeMake(f []field, in *Instr) error {
	if len(f) != 2 {
		return p.fail(f[0].col, "usage", "usage: %s", "pipe NAME")
	}
	if p.cur.Thread {
		return p.fail(f[0].col, "ipc_thread", "pipes, FIFOs and message queues connect processes: use %s in a process or program, not in a thread", "pipe")
	}
	o := p.sc.IPCIndex(f[1].text)
	if o < 0 {
		return p.fail(f[1].col, "ipc_undeclared", "%q is not a pipe, FIFO or message queue declared above this line", f[1].text)
	}
	if p.sc.IPC[o].Kind != IPCPipe {
		return p.fail(f[1].col, "not_anon_pipe", "%q is not an anonymous pipe: pipe() makes only those (a FIFO is opened by name, a queue by mq_open or msgget)", f[1].text)
	}
	if p.sc.IPC[o].Made || !p.processBlock() || p.depth(bkRepeat) > 0 || p.forkedBefore() {
		return p.fail(f[0].col, "pipe_make_once", "pipe %s must run exactly once: write it once, in a process block, outside repeat, before the block's first fork or spawn", f[1].text)
	}
	p.sc.IPC[o].Made = true
	in.Op, in.Obj = OpPipeMake, o
	return nil
}

// processBlock reports whether the block being read is a process block
// (the scenario starts it once), not a program or a thread.
func (p *parser) processBlock() bool {
	n := len(p.sc.Processes)
	return !p.cur.Thread && n > 0 && p.sc.Processes[n-1].Program == len(p.sc.Programs)
}

// forkedBefore reports whether the block read so far forks or spawns.
func (p *parser) forkedBefore() bool {
	for _, in := range p.cur.Code {
		if in.Op == OpFork || in.Op == OpStart {
			return true
		}
	}
	return false
}

// pipeMake runs pipe2() for the task at index i: its process now holds both
// ends of pipe o (EvIPCOpen for each end, as for a FIFO's open).
func (e *Engine) pipeMake(i int32, o int) {
	t := &e.tasks[i]
	e.ipcCall(t, SysPipe2)
	bit := uint8(1) << o
	t.ipcRead |= bit
	t.ipcWrite |= bit
	for _, write := range []bool{false, true} {
		v := int64(0)
		if write {
			v = 1
		}
		e.emit(Event{Kind: EvIPCOpen, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: v, Arg: e.ipcHolders(o, write)})
	}
	e.ipcDoneCall(t)
}
