package live

import (
	"encoding/binary"
	"os"

	"golang.org/x/sys/unix"
)

// The kernel's process-events connector (netlink, CONFIG_PROC_EVENTS): it
// reports every fork, exec and exit on the machine as it happens. The lab
// uses its fork events to track a worker's children the moment they are
// born, its exec events to log that a process replaced its program (its
// PID unchanged), and its exit events to sample an exited grandchild at
// once.
// x/sys has no constants for it; these are the kernel's (linux/cn_proc.h,
// linux/connector.h).
const (
	cnIdxProc          = 1
	cnValProc          = 1
	procCnMcastListen  = 1
	procEventFork      = 0x00000001
	procEventExec      = 0x00000002
	procEventExit      = 0x80000000
	nlmsghdrLen        = 16
	cnMsgLen           = 20
	procEventHeaderLen = 16 // what, cpu, timestamp_ns
)

// procEvent is one connector event the lab cares about.
type procEvent struct {
	what       uint32
	parentTgid int // fork: the parent process
	childPid   int // fork: the new task (a thread if it differs from childTgid)
	childTgid  int
	tgid       int // exec, exit: the process
	exitCode   uint32
}

// procConnector is a netlink socket subscribed to process events.
type procConnector struct {
	fd  int
	buf []byte
}

// openProcConnector subscribes to process events. It needs root, or
// kernel 6.6+ (live-notes §4); callers fall back to workers' reports.
func openProcConnector() (*procConnector, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_DGRAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, unix.NETLINK_CONNECTOR)
	if err != nil {
		return nil, err
	}
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 1<<20)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: cnIdxProc, Pid: 0}); err != nil {
		unix.Close(fd)
		return nil, err
	}
	msg := make([]byte, nlmsghdrLen+cnMsgLen+4)
	le := binary.LittleEndian
	le.PutUint32(msg[0:], uint32(len(msg)))
	le.PutUint16(msg[4:], unix.NLMSG_DONE)
	le.PutUint32(msg[12:], uint32(os.Getpid()))
	le.PutUint32(msg[16:], cnIdxProc)
	le.PutUint32(msg[20:], cnValProc)
	le.PutUint16(msg[32:], 4) // payload length
	le.PutUint32(msg[36:], procCnMcastListen)
	if err := unix.Sendto(fd, msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &procConnector{fd: fd, buf: make([]byte, 1<<16)}, nil
}

// drain reads every queued event and calls fn for the forks, execs and
// exits. It
// reports false when the socket overran (events were lost): the caller
// then scans for children the slow way.
func (c *procConnector) drain(fn func(procEvent)) bool {
	ok := true
	le := binary.LittleEndian
	for {
		n, _, err := unix.Recvfrom(c.fd, c.buf, 0)
		if err == unix.ENOBUFS {
			ok = false
			continue
		}
		if err != nil || n <= 0 {
			return ok // EAGAIN: nothing more queued
		}
		for b := c.buf[:n]; len(b) >= nlmsghdrLen; {
			l := int(le.Uint32(b))
			if l < nlmsghdrLen || l > len(b) {
				break
			}
			m := b[nlmsghdrLen:l]
			b = b[(l+3)&^3:]
			if len(m) < cnMsgLen+procEventHeaderLen+16 || le.Uint32(m[0:]) != cnIdxProc {
				continue
			}
			ev := m[cnMsgLen:]
			what := le.Uint32(ev[0:])
			d := ev[procEventHeaderLen:]
			switch what {
			case procEventFork:
				fn(procEvent{what: what, parentTgid: int(le.Uint32(d[4:])), childPid: int(le.Uint32(d[8:])), childTgid: int(le.Uint32(d[12:]))})
			case procEventExec: // struct exec_proc_event: process_pid, process_tgid
				fn(procEvent{what: what, tgid: int(le.Uint32(d[4:]))})
			case procEventExit:
				if len(d) >= 12 {
					fn(procEvent{what: what, tgid: int(le.Uint32(d[4:])), exitCode: le.Uint32(d[8:])})
				}
			}
			if len(b) < nlmsghdrLen {
				break
			}
		}
	}
}

func (c *procConnector) close() { unix.Close(c.fd) }
