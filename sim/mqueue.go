package sim

// This file runs the message queues. Both kinds keep each message whole
// (its boundaries are kept, unlike a pipe's bytes) and are bounded; the
// rules, each measured on Linux 6.18 (docs/scenario.md):
//
//   - POSIX (mq_send, mq_receive): at most Capacity messages (mq_maxmsg) of
//     at most MsgSize bytes; a receive takes the oldest message of the
//     highest priority. A full queue makes mq_send wait, an empty one
//     mq_receive; both sleep in S with wait channel wq_sleep.
//   - System V (msgsnd, msgrcv): messages of at most MsgSize bytes (MSGMAX)
//     whose bytes together stay within Capacity (msg_qbytes); msgsnd waits
//     (do_msgsnd) while the new message does not fit. msgrcv with msgtyp 0
//     takes the first message, with msgtyp > 0 the first of that type, and
//     with msgtyp < 0 the first of the lowest type <= |msgtyp|; it waits
//     (do_msgrcv) while no message matches.
//   - A queue is reached by name, not through ends: every process may use
//     it, and nobody's exit closes it.

// mqStatement runs mq_send, mq_receive, msgsnd or msgrcv for the task at
// index i.
func (e *Engine) mqStatement(i int32, in *Instr) {
	t := &e.tasks[i]
	o := in.Obj
	d := e.sc.IPC[o]
	s := &e.ipcObjs()[o]
	switch in.Op {
	case OpMqSend, OpMsgsnd:
		sys, cause := SysMqSend, CauseMQSend
		if in.Op == OpMsgsnd {
			sys, cause = SysMsgsnd, CauseMsgsnd
		}
		e.ipcCall(t, sys)
		if in.B > d.MsgSize {
			errno := int64(errEMSGSIZE)
			if in.Op == OpMsgsnd {
				errno = errEINVAL // msgsnd: msgsz > msg_ctlmax
			}
			e.ipcFail(t, o, sys, errno)
			return
		}
		if !e.mqRoom(o, in.B) {
			e.ipcBlock(i, o, cause)
			return
		}
		m := ipcMsg{from: t.TGID, prio: in.A, bytes: in.B}
		at := len(s.msgs)
		if d.Kind == IPCPosix {
			// After every message of the same or a higher priority: the
			// highest priority leaves first, FIFO within a priority.
			at = 0
			for at < len(s.msgs) && s.msgs[at].prio >= m.prio {
				at++
			}
		}
		s.msgs = append(s.msgs, ipcMsg{})
		copy(s.msgs[at+1:], s.msgs[at:])
		s.msgs[at] = m
		s.used += m.bytes
		e.emit(Event{Kind: EvMQSend, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o), Value: m.prio, Arg: m.bytes})
		e.ipcDoneCall(t)
		e.ipcWake(o)
	case OpMqReceive, OpMsgrcv:
		sys, cause := SysMqReceive, CauseMQReceive
		if in.Op == OpMsgrcv {
			sys, cause = SysMsgrcv, CauseMsgrcv
		}
		e.ipcCall(t, sys)
		k := e.mqMatch(o, in)
		if k < 0 {
			e.ipcBlock(i, o, cause)
			return
		}
		m := s.msgs[k]
		s.msgs = append(s.msgs[:k:k], s.msgs[k+1:]...)
		if len(s.msgs) == 0 {
			s.msgs = nil
		}
		s.used -= m.bytes
		e.emit(Event{Kind: EvMQRecv, Task: t.PID, Other: m.from, CPU: int16(t.CPU), Obj: int16(o), Value: m.prio, Arg: m.bytes})
		e.ipcDoneCall(t)
		e.ipcWake(o)
	}
}

// mqRoom reports whether a message of n bytes fits in queue o now.
func (e *Engine) mqRoom(o int, n int64) bool {
	d := e.sc.IPC[o]
	s := &e.ipcObjs()[o]
	if d.Kind == IPCPosix {
		return int64(len(s.msgs)) < d.Capacity
	}
	return s.used+n <= d.Capacity && len(s.msgs) < MaxSysVMsgs
}

// mqMatch returns the index of the message a receive statement takes from
// queue o now, or -1 if none matches.
func (e *Engine) mqMatch(o int, in *Instr) int {
	msgs := e.ipcObjs()[o].msgs
	if len(msgs) == 0 {
		return -1
	}
	if in.Op == OpMqReceive || in.A == 0 {
		return 0 // POSIX keeps them in the order they leave
	}
	best := -1
	for k, m := range msgs {
		switch {
		case in.A > 0 && m.prio == in.A:
			return k
		case in.A < 0 && m.prio <= -in.A && (best < 0 || m.prio < msgs[best].prio):
			best = k
		}
	}
	return best
}

// mqCanGo reports whether the blocked queue call of task t can now go on.
func (e *Engine) mqCanGo(t *Task) bool {
	in := e.ipcInstr(t)
	switch in.Op {
	case OpMqSend, OpMsgsnd:
		return in.B > e.sc.IPC[in.Obj].MsgSize || e.mqRoom(in.Obj, in.B)
	}
	return e.mqMatch(in.Obj, in) >= 0
}

// mqWake wakes, in the order they began to wait, the waiters of queue o
// that can go on: receivers while unclaimed matching messages remain,
// senders while unclaimed room remains. A woken task that finds its chance
// taken meanwhile waits again.
func (e *Engine) mqWake(o int) {
	s := &e.ipcObjs()[o]
	msgs, room := len(s.msgs), e.sc.IPC[o].Capacity-s.used
	slots := MaxSysVMsgs - len(s.msgs) // System V: messages that still fit (MaxSysVMsgs)
	if e.sc.IPC[o].Kind == IPCPosix {
		room = e.sc.IPC[o].Capacity - int64(len(s.msgs))
		slots = int(room) // a POSIX queue's room is counted in messages already
	}
	for {
		best := int32(-1)
		for k := range e.tasks {
			t := &e.tasks[k]
			if !e.ipcWaiting(t, o) || !e.mqCanGo(t) {
				continue
			}
			if e.mqSender(t) && (room < e.mqNeed(t) || slots <= 0) || !e.mqSender(t) && msgs <= 0 {
				continue
			}
			if best < 0 || t.ipcSeq < e.tasks[best].ipcSeq {
				best = int32(k)
			}
		}
		if best < 0 {
			return
		}
		t := &e.tasks[best]
		if e.mqSender(t) {
			room -= e.mqNeed(t)
			slots--
		} else {
			msgs--
		}
		e.makeRunnable(best, CauseIPCReady)
	}
}

// mqSender reports whether the blocked task t waits to send.
func (e *Engine) mqSender(t *Task) bool { return t.blocked == CauseMQSend || t.blocked == CauseMsgsnd }

// mqNeed is the room the blocked sender t needs: one message slot (POSIX)
// or its message's bytes (System V).
func (e *Engine) mqNeed(t *Task) int64 {
	in := e.ipcInstr(t)
	if e.sc.IPC[in.Obj].Kind == IPCPosix {
		return 1
	}
	return in.B
}
