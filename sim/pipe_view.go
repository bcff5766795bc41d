package sim

import "slices"

// IPCView is an IPC object as a viewer sees it after a step.
type IPCView struct {
	Name     string
	Kind     IPCKind
	Capacity int64 // bytes (pipe, FIFO, System V queue) or messages (POSIX queue)
	MsgSize  int64 // a queue's largest message in bytes; 0 for a pipe
	Used     int64 // bytes in the buffer or in the queue's messages
	// Chunks is a pipe's buffer, oldest first: runs of bytes by writer.
	Chunks []IPCChunk
	// Messages is a queue's messages in the order they leave (POSIX) or
	// arrived (System V).
	Messages []IPCMessage
	// Readers and Writers are the live processes holding each end of a
	// pipe or FIFO, by PID.
	Readers, Writers []PID
	// Waiters are the tasks asleep in a call on it, in the order they began
	// to wait.
	Waiters []IPCWaiter
}

// IPCChunk is a run of bytes in a pipe that one process wrote.
type IPCChunk struct {
	From  PID
	Bytes int64
}

// IPCMessage is a message in a queue: its sender, its priority (POSIX) or
// mtype (System V), and its size in bytes.
type IPCMessage struct {
	From  PID
	Prio  int64
	Bytes int64
}

// IPCWaiter is a task asleep in a call on an IPC object: the call's cause
// (pipe_read, pipe_write, fifo_open, mq_receive, mq_send, msgrcv, msgsnd),
// the wait channel Linux shows for it in /proc/PID/wchan, and what it
// asks for (bytes still to read or write; the mtype for msgrcv; the
// priority or mtype of the message it sends).
type IPCWaiter struct {
	PID   PID
	Cause Cause
	Wchan string
	Want  int64
}

// PipeWaitChannel is the wait channel Linux 6.18 shows in /proc/PID/wchan
// for a task asleep for cause c, measured there (docs/scenario.md), or ""
// if c is not an IPC wait. A FIFO's read and write wait in the same
// functions as an anonymous pipe's.
func PipeWaitChannel(c Cause) string {
	switch c {
	case CausePipeRead:
		return "anon_pipe_read"
	case CausePipeWrite:
		return "anon_pipe_write"
	case CauseFifoOpen:
		return "wait_for_partner"
	case CauseMQReceive, CauseMQSend:
		return "wq_sleep"
	case CauseMsgrcv:
		return "do_msgrcv"
	case CauseMsgsnd:
		return "do_msgsnd"
	}
	return ""
}

// IPC describes the scenario's IPC objects for display (nil if it has none).
func (e *Engine) IPC() []IPCView {
	if len(e.sc.IPC) == 0 {
		return nil
	}
	e.ipcSync()
	objs := e.ipcObjs()
	out := make([]IPCView, len(e.sc.IPC))
	for o, d := range e.sc.IPC {
		s := &objs[o]
		v := IPCView{Name: d.Name, Kind: d.Kind, Capacity: d.Capacity, MsgSize: d.MsgSize, Used: s.used}
		for _, c := range s.chunks {
			v.Chunks = append(v.Chunks, IPCChunk{From: c.from, Bytes: c.bytes})
		}
		for _, m := range s.msgs {
			v.Messages = append(v.Messages, IPCMessage{From: m.from, Prio: m.prio, Bytes: m.bytes})
		}
		var seqs []int64
		for k := range e.tasks {
			t := &e.tasks[k]
			if !d.Kind.Queue() && t.holds(o, false) {
				v.Readers = append(v.Readers, t.PID)
			}
			if !d.Kind.Queue() && t.holds(o, true) {
				v.Writers = append(v.Writers, t.PID)
			}
			if e.ipcWaiting(t, o) {
				in := e.ipcInstr(t)
				want := in.A
				if in.Op == OpPipeWrite {
					want = in.A - t.ipcDone
				}
				v.Waiters = append(v.Waiters, IPCWaiter{PID: t.PID, Cause: t.blocked, Wchan: PipeWaitChannel(t.blocked), Want: want})
				seqs = append(seqs, t.ipcSeq)
			}
		}
		// In the order they began to wait (a stable sort keeps task order among equals).
		idx := make([]int, len(seqs))
		for k := range idx {
			idx[k] = k
		}
		slices.SortStableFunc(idx, func(a, b int) int { return int(seqs[a] - seqs[b]) })
		w := make([]IPCWaiter, len(idx))
		for k, j := range idx {
			w[k] = v.Waiters[j]
		}
		if len(w) > 0 {
			v.Waiters = w
		}
		out[o] = v
	}
	return out
}

// pipeHash adds the IPC state to a StateHash digest; it adds nothing for a
// scenario without IPC objects, so that their digests stay as they were.
func (e *Engine) pipeHash(d *digest) {
	views := e.IPC()
	if views == nil {
		return
	}
	for _, v := range views {
		d.int(v.Used)
		d.int(int64(len(v.Chunks)))
		for _, c := range v.Chunks {
			d.int(int64(c.From))
			d.int(c.Bytes)
		}
		d.int(int64(len(v.Messages)))
		for _, m := range v.Messages {
			d.int(int64(m.From))
			d.int(m.Prio)
			d.int(m.Bytes)
		}
		for _, l := range [][]PID{v.Readers, v.Writers} {
			d.int(int64(len(l)))
			for _, p := range l {
				d.int(int64(p))
			}
		}
		d.int(int64(len(v.Waiters)))
		for _, w := range v.Waiters {
			d.int(int64(w.PID))
			d.int(int64(w.Cause))
			d.int(w.Want)
		}
	}
}

// pipeExploreHash digests what decides the future of the IPC objects, for
// Explore's state hash: what a viewer sees (pipeHash) and each task's ends,
// call in progress and FIFO open counters.
func (e *Engine) pipeExploreHash() uint64 {
	d := newDigest()
	e.pipeHash(d)
	for k := range e.tasks {
		t := &e.tasks[k]
		d.int(int64(t.ipcRead)<<8 | int64(t.ipcWrite))
		d.bool(t.ipcRetry)
		d.int(t.ipcDone)
		d.int(t.ipcSeen)
	}
	for _, s := range e.ipcObjs() {
		d.int(s.rOpens)
		d.int(s.wOpens)
	}
	return d.sum()
}
