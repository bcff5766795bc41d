package sim

import "strings"

// pipeDeclaration reads "pipe NAME [capacity=BYTES]", "fifo NAME
// [capacity=BYTES]" and "mqueue NAME [posix|sysv] [max=N] [msgsize=BYTES]".
// An IPC object must be declared before the statements that name it.
func (p *parser) pipeDeclaration(f []field) error {
	word := f[0].text
	usage := map[string]string{
		"pipe":   "pipe NAME [capacity=BYTES]",
		"fifo":   "fifo NAME [capacity=BYTES]",
		"mqueue": "mqueue NAME [posix|sysv] [max=N] [msgsize=BYTES]",
	}[word]
	if len(f) < 2 {
		return p.fail(f[0].col, "usage", "usage: %s", usage)
	}
	name := f[1].text
	if !validName(name) || keywords[name] || isRegion(name) {
		// A region's name would make "read NAME N" mean two things (a
		// page of memory, or bytes of the pipe).
		return p.fail(f[1].col, "bad_decl_name", "%q is not a name for a %s", name, word)
	}
	if p.sc.IPCIndex(name) >= 0 || p.sc.VarIndex(name) >= 0 || p.sc.ObjIndex(name) >= 0 || p.sc.ProgramIndex(name) >= 0 {
		return p.fail(f[1].col, "declared_twice", "%q is declared twice", name)
	}
	if len(p.sc.IPC) >= MaxIPC {
		return p.fail(f[0].col, "too_many_ipc", "too many pipes, FIFOs and message queues: the limit is %d", MaxIPC)
	}
	d := IPCDecl{Name: name, Kind: IPCPipe, Capacity: DefaultPipeCap, Line: p.line}
	if word == "fifo" {
		d.Kind = IPCFIFO
	}
	rest := f[2:]
	if word == "mqueue" {
		d.Kind, d.Capacity, d.MsgSize = IPCPosix, DefaultMQMax, DefaultMsgSize
		if len(rest) > 0 && (rest[0].text == "posix" || rest[0].text == "sysv") {
			if rest[0].text == "sysv" {
				d.Kind, d.Capacity = IPCSysV, DefaultSysVBytes
			}
			rest = rest[1:]
		}
	}
	seen := map[string]bool{}
	for _, a := range rest {
		key, val, ok := strings.Cut(a.text, "=")
		if !ok || seen[key] {
			return p.fail(a.col, "usage", "usage: %s", usage)
		}
		seen[key] = true
		v := field{val, a.col + len(key) + 1}
		var err error
		switch {
		case word != "mqueue" && key == "capacity":
			d.Capacity, err = p.number(v, MinPipeCap, MaxPipeCap)
		case d.Kind == IPCPosix && key == "max":
			d.Capacity, err = p.number(v, 1, MaxMQMax)
		case d.Kind == IPCSysV && key == "max":
			d.Capacity, err = p.number(v, 1, MaxSysVBytes)
		case word == "mqueue" && key == "msgsize":
			d.MsgSize, err = p.number(v, 1, DefaultMsgSize)
		default:
			return p.fail(a.col, "usage", "usage: %s", usage)
		}
		if err != nil {
			return err
		}
	}
	p.sc.IPC = append(p.sc.IPC, d)
	return nil
}

// pipeStatement reads the statements on IPC objects into in:
//
//	write NAME BYTES, read NAME BYTES     (pipes and FIFOs; in.A bytes)
//	close NAME read|write                 (pipes and FIFOs; in.A 0 read, 1 write)
//	open NAME read|write                  (FIFOs)
//	mq_send NAME PRIO [BYTES], mq_receive NAME     (POSIX queues; in.A prio, in.B bytes)
//	msgsnd NAME MTYPE [BYTES], msgrcv NAME MTYPE   (System V queues; in.A mtype, in.B bytes)
//
// in.Obj is the object's index in Scenario.IPC.
func (p *parser) pipeStatement(f []field, in *Instr) error {
	word, args := f[0].text, f[1:]
	usage := map[string]string{
		"write": "write NAME BYTES", "read": "read NAME BYTES", "close": "close NAME read|write",
		"open": "open NAME read|write", "mq_send": "mq_send NAME PRIO [BYTES]", "mq_receive": "mq_receive NAME",
		"msgsnd": "msgsnd NAME MTYPE [BYTES]", "msgrcv": "msgrcv NAME MTYPE",
	}[word]
	n := map[string][2]int{"write": {2, 2}, "read": {2, 2}, "close": {2, 2}, "open": {2, 2},
		"mq_send": {2, 3}, "mq_receive": {1, 1}, "msgsnd": {2, 3}, "msgrcv": {2, 2}}[word]
	if len(args) < n[0] || len(args) > n[1] {
		return p.fail(f[0].col, "usage", "usage: %s", usage)
	}
	if p.cur.Thread {
		return p.fail(f[0].col, "ipc_thread", "pipes, FIFOs and message queues connect processes: use %s in a process or program, not in a thread", word)
	}
	o := p.sc.IPCIndex(args[0].text)
	if o < 0 {
		return p.fail(args[0].col, "ipc_undeclared", "%q is not a pipe, FIFO or message queue declared above this line", args[0].text)
	}
	in.Obj = o
	kind := p.sc.IPC[o].Kind
	var err error
	switch word {
	case "write", "read", "close", "open":
		if kind.Queue() {
			return p.fail(args[0].col, "not_pipe", "%q is a message queue, not a pipe or FIFO", args[0].text)
		}
		if word == "open" && kind != IPCFIFO {
			return p.fail(args[0].col, "not_fifo", "%q is an anonymous pipe: only a FIFO is opened by name (the processes hold a pipe's ends from the start)", args[0].text)
		}
		switch word {
		case "write", "read":
			in.Op = map[string]Op{"write": OpPipeWrite, "read": OpPipeRead}[word]
			in.A, err = p.number(args[1], 1, MaxIPCBytes)
		default:
			in.Op = map[string]Op{"close": OpIPCClose, "open": OpFifoOpen}[word]
			switch args[1].text {
			case "read":
				in.A = 0
			case "write":
				in.A = 1
			default:
				return p.fail(args[1].col, "usage", "usage: %s", usage)
			}
		}
	case "mq_send", "mq_receive":
		if kind != IPCPosix {
			return p.fail(args[0].col, "not_posix_mq", "%q is not a POSIX message queue (declare it with \"mqueue NAME posix\")", args[0].text)
		}
		in.Op = OpMqReceive
		if word == "mq_send" {
			in.Op, in.B = OpMqSend, DefaultMessageSize
			if in.A, err = p.number(args[1], 0, MaxMQPrio); err == nil && len(args) == 3 {
				in.B, err = p.number(args[2], 1, DefaultMsgSize)
			}
		}
	default: // msgsnd, msgrcv
		if kind != IPCSysV {
			return p.fail(args[0].col, "not_sysv_mq", "%q is not a System V message queue (declare it with \"mqueue NAME sysv\")", args[0].text)
		}
		if word == "msgsnd" {
			in.Op, in.B = OpMsgsnd, DefaultMessageSize
			if in.A, err = p.number(args[1], 1, MaxMType); err == nil && len(args) == 3 {
				in.B, err = p.number(args[2], 1, DefaultMsgSize)
			}
		} else {
			in.Op = OpMsgrcv
			in.A, err = p.number(args[1], -MaxMType, MaxMType)
		}
	}
	return err
}

// ipcWords are the statements of pipeStatement. A line that starts with one
// of them followed by "=" is an assignment to a variable of that name.
var ipcWords = map[string]bool{"write": true, "read": true, "close": true, "open": true,
	"mq_send": true, "mq_receive": true, "msgsnd": true, "msgrcv": true}

// declaresPipe reports whether text has a line declaring a pipe or FIFO
// called name, anywhere: a read or write naming it is a pipe statement
// (even before its declaration, which is then the error), not a memory
// access to an unknown region.
func declaresPipe(text, name string) bool {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && (f[0] == "pipe" || f[0] == "fifo") && f[1] == name {
			return true
		}
	}
	return false
}

// isRegion reports whether word names a region of memory (memory.go).
func isRegion(word string) bool {
	_, ok := ParseRegion(word)
	return ok
}
