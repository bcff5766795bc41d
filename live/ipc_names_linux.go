//go:build linux

package live

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The named IPC objects of the fifo and mqueue demos (a FIFO in a private
// directory, a POSIX message queue) outlive the processes that made them:
// a FIFO is a file, a queue stays in the kernel until mq_unlink. Their
// names are therefore fixed by what both the worker and the lab know, the
// lab's marker (PROCLAB_LAB) and the spawn's process group, so that the
// lab can remove them without being told: when the group ends (untrack,
// whatever ended it: the workers' own exit, a kill, the client going, the
// lifetime cap, Close), and at the next start for the groups of a lab
// server that died (cleanLeftovers, through the PIDs its state file
// recorded). The workers remove them too when they finish normally.

// ipcTmp is the directory FIFO directories are made in. Workers run with a
// clean environment (no TMPDIR), so the lab does not use os.TempDir, which
// may differ between the server and its workers.
const ipcTmp = "/tmp"

// fifoName is the FIFO's name inside its directory.
const fifoName = "fifo"

// fifoDir is the private directory (mode 0700) of the FIFO of the spawn
// whose process group is pgid, in the lab named by marker.
func fifoDir(marker string, pgid int) string {
	return filepath.Join(ipcTmp, "proclab-fifo-"+marker+"-"+strconv.Itoa(pgid))
}

// mqName is the POSIX name of the message queue of the spawn whose
// process group is pgid ("/proclab-mq-MARKER-PGID"); the mq_open and
// mq_unlink system calls take it without its leading slash.
func mqName(marker string, pgid int) string {
	return "/proclab-mq-" + marker + "-" + strconv.Itoa(pgid)
}

// removeIPC removes the FIFO directory and the message queue of the spawn
// whose process group is pgid, if they exist, and reports whether it
// removed either. It never follows a symbolic link and leaves alone a
// directory that is not the effective user's: only what a worker of this
// lab can have made is removed.
func removeIPC(marker string, pgid int) bool {
	removed := removeFifoDir(fifoDir(marker, pgid))
	if mqUnlink(mqName(marker, pgid)) == nil {
		removed = true
	}
	return removed
}

// removeFifoDir removes dir/fifo and then dir itself.
func removeFifoDir(dir string) bool {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || int(st.Uid) != os.Geteuid() {
		unix.Close(fd)
		return false
	}
	_ = unix.Unlinkat(fd, fifoName, 0)
	unix.Close(fd)
	return unix.Rmdir(dir) == nil
}

// mqOpen is mq_open(3): name is the POSIX name (with its leading slash).
// attr may be nil (the system's defaults) when the queue exists.
func mqOpen(name string, flags int, mode uint32, attr *mqAttr) (int, error) {
	p, err := syscall.BytePtrFromString(name[1:])
	if err != nil {
		return -1, err
	}
	fd, _, e := syscall.Syscall6(unix.SYS_MQ_OPEN, uintptr(unsafe.Pointer(p)), uintptr(flags), uintptr(mode), uintptr(unsafe.Pointer(attr)), 0, 0)
	if e != 0 {
		return -1, e
	}
	return int(fd), nil
}

// mqUnlink is mq_unlink(3).
func mqUnlink(name string) error {
	p, err := syscall.BytePtrFromString(name[1:])
	if err != nil {
		return err
	}
	if _, _, e := syscall.Syscall(unix.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(p)), 0, 0); e != 0 {
		return e
	}
	return nil
}

// mqAttr is struct mq_attr (8 longs).
type mqAttr struct {
	Flags, MaxMsg, MsgSize, CurMsgs int64
	_                               [4]int64
}

// mqSend is mq_timedsend(3) without a timeout: it blocks while the queue
// is full (S, in wq_sleep).
func mqSend(fd int, msg []byte, prio uint32) error {
	for {
		_, _, e := syscall.Syscall6(unix.SYS_MQ_TIMEDSEND, uintptr(fd), uintptr(unsafe.Pointer(&msg[0])), uintptr(len(msg)), uintptr(prio), 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return e
		}
		return nil
	}
}

// mqReceive is mq_timedreceive(3) without a timeout: it blocks while the
// queue is empty (S, in wq_sleep) and returns the oldest message of the
// highest priority. buf must hold mq_msgsize bytes.
func mqReceive(fd int, buf []byte) (int, uint32, error) {
	for {
		var prio uint32
		n, _, e := syscall.Syscall6(unix.SYS_MQ_TIMEDRECEIVE, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), uintptr(unsafe.Pointer(&prio)), 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, 0, e
		}
		return int(n), prio, nil
	}
}

// mqDepth is the number of messages in the queue now (mq_getattr).
func mqDepth(fd int) int64 {
	var a mqAttr
	if _, _, e := syscall.Syscall(unix.SYS_MQ_GETSETATTR, uintptr(fd), 0, uintptr(unsafe.Pointer(&a))); e != 0 {
		return -1
	}
	return a.CurMsgs
}

// ipcNamed are the workloads whose spawns make named IPC objects that the
// lab removes when the spawn's process group ends.
var ipcNamed = map[string]bool{"fifo": true, "mqueue": true}

// removeGroupIPC removes the FIFO or the queue of a group that has ended,
// if its workers left one (they were killed before they could remove it),
// and says so to the page with a report from the group's leader, Side
// "lab". Only the owner goroutine calls it.
func (o *owner) removeGroupIPC(g *group) {
	if !ipcNamed[g.workload.Name] {
		return
	}
	dir := fifoDir(o.m.marker, g.pgid)
	if removeFifoDir(dir) {
		o.pending.Reports = append(o.pending.Reports, Report{Kind: "fifo", Phase: "removed", Side: "lab", PID: g.pgid,
			IPC: &IPCReport{Path: filepath.Join(dir, fifoName)}})
	}
	name := mqName(o.m.marker, g.pgid)
	if mqUnlink(name) == nil {
		o.pending.Reports = append(o.pending.Reports, Report{Kind: "mqueue", Phase: "removed", Side: "lab", PID: g.pgid,
			IPC: &IPCReport{Path: name}})
	}
}
