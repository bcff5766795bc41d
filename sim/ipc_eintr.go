package sim

// This file is what a caught signal does to a task asleep in a call on a
// pipe, FIFO, message queue or socket (signal(7), "Interruption of system
// calls and library functions by signal handlers"): the handler runs, and
// then
//
//   - read and write on a pipe or FIFO, open of a FIFO, mq_send and
//     mq_receive, and accept, connect, send and recv on a socket are
//     restarted when the handler was installed with SA_RESTART (`catch SIG
//     restart`), and fail with EINTR otherwise;
//   - msgsnd and msgrcv (System V) are never restarted: they fail with
//     EINTR, SA_RESTART or not;
//   - a pipe write that has already written some of its bytes (a write of
//     more than PIPE_BUF) returns the count written instead, with or
//     without SA_RESTART (pipe_write returns what it copied; only a call
//     that copied nothing is restarted or fails).
//
// A FIFO open that fails undoes its count of openers (fifo_open's error
// path), and a stream connect that fails leaves the socket unconnected.

// ipcBlockedCall returns the system call the task sleeps in on an IPC
// object or a socket, and whether SA_RESTART restarts it; ok is false for
// any other sleep.
func ipcBlockedCall(c Cause) (call Syscall, restartable, ok bool) {
	switch c {
	case CausePipeRead:
		return SysIPCRead, true, true
	case CausePipeWrite:
		return SysIPCWrite, true, true
	case CauseFifoOpen:
		return SysIPCOpen, true, true
	case CauseMQSend:
		return SysMqSend, true, true
	case CauseMQReceive:
		return SysMqReceive, true, true
	case CauseMsgsnd:
		return SysMsgsnd, false, true
	case CauseMsgrcv:
		return SysMsgrcv, false, true
	case CauseAccept:
		return SysAccept4, true, true
	case CauseSockConnect:
		return SysConnect, true, true
	case CauseSockSend:
		return SysSendto, true, true
	case CauseSockRecv:
		return SysRecvfrom, true, true
	}
	return 0, false, false
}

// ipcInterrupt is called when caught signal sig interrupts the sleep of the
// task at index i. For a sleep in a call of this file's kinds it wakes the
// task, to restart the call after the handler (EvRestart) or to go on with
// the next statement (the call failed with EINTR, or returned a partial
// write), and reports true.
func (e *Engine) ipcInterrupt(i int32, sig Signal) bool {
	t := &e.tasks[i]
	call, restartable, ok := ipcBlockedCall(t.blocked)
	if !ok || t.Program < 0 {
		return false
	}
	sa := t.restart&t.Caught&sig.mask() != 0
	cause := t.blocked
	e.makeRunnable(i, CauseSignalWake)
	switch {
	case cause == CausePipeWrite && t.ipcDone > 0:
		e.ipcDoneCall(t) // write returns the bytes it wrote
	case sa && restartable:
		e.emit(Event{Kind: EvRestart, Task: t.PID, CPU: -1, Value: int64(call), Arg: int64(sig)})
	default:
		e.ipcAbandon(i, cause)
		e.eintr(i, call, sig)
	}
	return true
}

// ipcAbandon ends the blocked call of the task at index i, which failed:
// a FIFO open gives back the end it had counted, a stream connect leaves
// its socket unconnected, and the program goes on with the next statement.
func (e *Engine) ipcAbandon(i int32, cause Cause) {
	t := &e.tasks[i]
	in := e.ipcInstr(t)
	switch cause {
	case CauseFifoOpen:
		e.fifoGiveBack(t, in) // pipe_ends.go
	case CauseSockConnect:
		if s := e.sock(in.Obj); s.state == SockConnecting {
			s.state = SockUnconnected
		}
	}
	t.sockWait = 0
	if in.Op >= OpSockCreate && in.Op <= OpSockClose {
		t.PC++
		return
	}
	e.ipcDoneCall(t)
}
