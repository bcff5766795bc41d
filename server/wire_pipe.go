package server

import "proclab/sim"

// wireIPC is a pipe, FIFO or message queue at a step (docs/scenario.md,
// "Pipes, FIFOs and message queues"). Sizes are in bytes, except a POSIX
// queue's capacity, which counts messages.
type wireIPC struct {
	Name     string          `json:"name"`
	Kind     string          `json:"kind"`     // pipe, fifo, posix or sysv
	Capacity int64           `json:"capacity"` // bytes; a POSIX queue: messages
	MsgSize  int64           `json:"msgsize,omitempty"`
	Used     int64           `json:"used"` // bytes in the buffer or the messages
	Chunks   []wireIPCChunk  `json:"chunks,omitempty"`
	Messages []wireIPCMsg    `json:"messages,omitempty"`
	Readers  []sim.PID       `json:"readers,omitempty"` // processes holding the read end
	Writers  []sim.PID       `json:"writers,omitempty"` // processes holding the write end
	Waiters  []wireIPCWaiter `json:"waiters,omitempty"` // in the order they began to wait
}

// wireIPCChunk is a run of bytes in a pipe that one process wrote.
type wireIPCChunk struct {
	From  sim.PID `json:"from"`
	Bytes int64   `json:"bytes"`
}

// wireIPCMsg is a queued message: sender, priority (POSIX) or mtype (System V), size.
type wireIPCMsg struct {
	From  sim.PID `json:"from"`
	Prio  int64   `json:"prio"`
	Bytes int64   `json:"bytes"`
}

// wireIPCWaiter is a task asleep in a call on the object: why (the cause's
// name), its wait channel as Linux names it, and what it asks for (bytes
// still to read or write, the mtype of a msgrcv, the priority or mtype it sends).
type wireIPCWaiter struct {
	PID   sim.PID `json:"pid"`
	Cause string  `json:"cause"`
	Wchan string  `json:"wchan"`
	Want  int64   `json:"want"`
}

func toWireIPC(views []sim.IPCView) []wireIPC {
	if len(views) == 0 {
		return nil
	}
	out := make([]wireIPC, len(views))
	for i, v := range views {
		w := wireIPC{Name: v.Name, Kind: v.Kind.String(), Capacity: v.Capacity, MsgSize: v.MsgSize, Used: v.Used,
			Readers: v.Readers, Writers: v.Writers}
		for _, c := range v.Chunks {
			w.Chunks = append(w.Chunks, wireIPCChunk(c))
		}
		for _, m := range v.Messages {
			w.Messages = append(w.Messages, wireIPCMsg(m))
		}
		for _, x := range v.Waiters {
			w.Waiters = append(w.Waiters, wireIPCWaiter{PID: x.PID, Cause: x.Cause.String(), Wchan: x.Wchan, Want: x.Want})
		}
		out[i] = w
	}
	return out
}
