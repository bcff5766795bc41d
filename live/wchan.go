package live

import (
	"strings"

	"proclab/sim"
)

// Wait is what a sleeping process waits for, named from its kernel wait
// channel (/proc/PID/wchan: the kernel function it sleeps in). The names
// are matched exactly, never by substring: futex_do_wait contains
// "do_wait", but a thread parked on a futex is not waiting for a child.
//
// The wait channels below were read from real processes on Linux 6.18
// (docs/live-truth.md lists each with the program that produced it);
// names from older kernels that mean the same wait are listed with them.
type Wait string

// The waits the lab has words for. WaitUnknown ("") is any other channel:
// the page then shows the channel's name alone.
const (
	WaitUnknown   Wait = ""
	WaitSleep     Wait = "sleep"      // nanosleep, clock_nanosleep
	WaitPipeRead  Wait = "pipe_read"  // read of an empty pipe
	WaitPipeWrite Wait = "pipe_write" // write to a full pipe
	WaitFutex     Wait = "futex"      // FUTEX_WAIT: a lock, a barrier, or the Go runtime parking an idle thread
	WaitChild     Wait = "child"      // wait4, waitid, waitpid
	WaitSocket    Wait = "socket"     // recv, accept on a socket
	WaitPoll      Wait = "poll"       // poll, select
	WaitEpoll     Wait = "epoll"      // epoll_wait
	WaitVfork     Wait = "vfork"      // a vfork parent until its child execs or exits (TASK_KILLABLE)
	WaitStop      Wait = "stop"       // stopped by a signal (T)
	WaitTrace     Wait = "trace"      // stopped by a tracer (t)
	WaitFrozen    Wait = "frozen"     // frozen by the cgroup v1 freezer (shown as D)
	WaitPause     Wait = "pause"      // pause()
	WaitSigwait   Wait = "sigwait"    // sigtimedwait, sigwaitinfo
	WaitFileLock  Wait = "file_lock"  // flock, fcntl F_SETLKW
	WaitDisk      Wait = "disk"       // block I/O in progress (a direct read waits TASK_UNINTERRUPTIBLE)
	WaitPageRead  Wait = "page_read"  // a file page not yet in memory: a read waits TASK_KILLABLE
)

// wchanWaits maps exact kernel wait channel names to waits.
var wchanWaits = map[string]Wait{
	"hrtimer_nanosleep": WaitSleep, "do_nanosleep": WaitSleep,
	"anon_pipe_read": WaitPipeRead, "pipe_read": WaitPipeRead,
	"anon_pipe_write": WaitPipeWrite, "pipe_write": WaitPipeWrite,
	"futex_do_wait": WaitFutex, "futex_wait_queue": WaitFutex, "futex_wait_queue_me": WaitFutex,
	"do_wait":                  WaitChild,
	"unix_stream_read_generic": WaitSocket, "unix_stream_data_wait": WaitSocket,
	"__skb_wait_for_more_packets": WaitSocket, "__skb_recv_datagram": WaitSocket,
	"inet_csk_accept": WaitSocket, "sk_wait_data": WaitSocket, "sock_alloc_send_pskb": WaitSocket,
	"poll_schedule_timeout": WaitPoll, "do_select": WaitPoll, "do_sys_poll": WaitPoll,
	"do_epoll_wait": WaitEpoll, "ep_poll": WaitEpoll,
	"kernel_clone": WaitVfork, "wait_for_vfork_done": WaitVfork,
	"do_signal_stop": WaitStop,
	"ptrace_stop":    WaitTrace,
	"__refrigerator": WaitFrozen,
	"__do_sys_pause": WaitPause, "sys_pause": WaitPause,
	"do_sigtimedwait":       WaitSigwait,
	"locks_lock_inode_wait": WaitFileLock, "flock_lock_inode_wait": WaitFileLock, "fcntl_setlk": WaitFileLock,
	"__iomap_dio_rw": WaitDisk, "iomap_dio_rw": WaitDisk, "blkdev_direct_IO": WaitDisk,
	"io_schedule": WaitDisk,
	// A read through the page cache waits for its page killably (filemap_read
	// locks the folio with TASK_KILLABLE): on Linux 6.18 a SIGKILL ended a
	// throttled read in folio_wait_bit_common within 1 ms (docs/live-truth.md).
	"folio_wait_bit_common": WaitPageRead, "wait_on_page_bit_common": WaitPageRead,
}

// WaitOf names the wait of a wait channel, or WaitUnknown. The compiler's
// suffixes (poll_schedule_timeout.constprop.0, do_sigtimedwait.isra.0) are
// not part of the name.
func WaitOf(wchan string) Wait {
	if i := strings.IndexByte(wchan, '.'); i > 0 {
		wchan = wchan[:i]
	}
	return wchanWaits[wchan]
}

// cause is the simulator's cause for entering a sleep with this wait, or
// CauseNone where the simulator has no such cause (a futex, a vfork wait).
func (w Wait) cause() sim.Cause {
	switch w {
	case WaitSleep:
		return sim.CauseSleep
	case WaitPipeRead, WaitPipeWrite, WaitSocket, WaitPoll, WaitEpoll:
		return sim.CauseIO
	case WaitChild:
		return sim.CauseWaitChild
	case WaitDisk:
		return sim.CauseDisk
	case WaitPageRead:
		return sim.CauseKillable
	}
	return sim.CauseNone
}
