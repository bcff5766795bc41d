package sim

// This file declares the scenario's IPC objects: anonymous pipes, named
// pipes (FIFOs) and message queues (docs/scenario.md, "Pipes, FIFOs and
// message queues"). pipe.go runs the pipes and FIFOs, mqueue.go the queues,
// pipe_ends.go keeps which process holds which end, and pipe_view.go shows
// them.

// IPCKind is the kind of an IPC object.
type IPCKind uint8

// The IPC objects.
const (
	IPCPipe  IPCKind = iota + 1 // an anonymous pipe: every process of the scenario holds both ends from the start
	IPCFIFO                     // a named pipe: a process opens an end by name (open blocks until the other end is open)
	IPCPosix                    // a POSIX message queue: messages leave highest priority first
	IPCSysV                     // a System V message queue: messages leave in order, msgrcv picks by mtype
)

var ipcKindNames = [...]string{IPCPipe: "pipe", IPCFIFO: "fifo", IPCPosix: "posix", IPCSysV: "sysv"}

// String returns the kind's name: pipe, fifo, posix or sysv.
func (k IPCKind) String() string {
	if int(k) < len(ipcKindNames) && ipcKindNames[k] != "" {
		return ipcKindNames[k]
	}
	return "ipc?"
}

// Queue reports whether the kind is a message queue.
func (k IPCKind) Queue() bool { return k == IPCPosix || k == IPCSysV }

// IPCDecl is one declared IPC object. Capacity is in bytes for a pipe or a
// FIFO (the buffer) and for a System V queue (msg_qbytes, the bytes all its
// messages may hold); for a POSIX queue it is the number of messages
// (mq_maxmsg). MsgSize is a queue's largest message in bytes (mq_msgsize,
// or MSGMAX for System V); 0 for a pipe.
type IPCDecl struct {
	Name     string
	Kind     IPCKind
	Capacity int64
	MsgSize  int64
	Line     int
	// Made says a process block makes this pipe with a pipe NAME statement
	// (pipe_make.go): until then no process holds it.
	Made bool
}

// Limits and defaults of the IPC objects. The defaults are Linux's,
// measured on the course's machine (docs/scenario.md): a pipe holds 65536
// bytes (F_GETPIPE_SZ); PIPE_BUF is 4096; a POSIX queue holds 10 messages
// of at most 8192 bytes (/proc/sys/fs/mqueue/msg_default, msgsize_default);
// a System V queue holds 16384 bytes (msgmnb) in messages of at most 8192
// (msgmax).
const (
	MaxIPC             = 8       // IPC objects per scenario
	PipeBuf            = 4096    // PIPE_BUF: a write of at most this many bytes is atomic
	DefaultPipeCap     = 65536   // bytes
	MinPipeCap         = 4096    // one page, Linux's smallest pipe
	MaxPipeCap         = 1 << 20 // /proc/sys/fs/pipe-max-size
	MaxIPCBytes        = 1 << 20 // bytes one read or write may name
	DefaultMQMax       = 10      // POSIX: messages
	MaxMQMax           = 64      // POSIX: messages (kept small enough to draw)
	DefaultMsgSize     = 8192    // bytes (mq_msgsize, MSGMAX)
	DefaultSysVBytes   = 16384   // bytes (MSGMNB)
	MaxSysVBytes       = 1 << 20 // bytes
	DefaultMessageSize = 64      // bytes of a message whose size the statement leaves out
	MaxMQPrio          = 32767   // POSIX priorities are 0..MQ_PRIO_MAX-1
	MaxMType           = 1_000_000
	// MaxPipeRuns is how many runs of bytes (each by one writer) a pipe's
	// buffer keeps apart: past it, a write by another process joins the
	// newest run, which then counts as written by several processes (From
	// 0), as Linux merges a small write into the last page of the buffer
	// whoever wrote it. It bounds what a checkpoint copies: without it,
	// alternating 1-byte writes kept a run per byte.
	MaxPipeRuns = 64
	// MaxSysVMsgs is how many messages a System V queue holds (kept small
	// enough to draw, as MaxMQMax): a msgsnd that finds it full waits. Linux
	// bounds the count only by msg_qbytes (one message per byte).
	MaxSysVMsgs = 64
)

// IPCIndex returns the index of the named IPC object, or -1.
func (s *Scenario) IPCIndex(name string) int {
	for i := range s.IPC {
		if s.IPC[i].Name == name {
			return i
		}
	}
	return -1
}

func (sc *Scenario) ipcName(o int16) string {
	if int(o) < len(sc.IPC) && o >= 0 {
		return sc.IPC[o].Name
	}
	return "?"
}
