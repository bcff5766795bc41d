package sim

// This file names a blocked task's wait channel: the kernel function it
// sleeps in, as /proc/PID/wchan shows it. Every name was read from
// /proc/PID/task/TID/wchan on Linux 6.18 (x86-64) with a small C program
// that blocks a child in each call:
//
//	nanosleep, sleep(3), clock_nanosleep     hrtimer_nanosleep
//	wait4                                    do_wait
//	read on a terminal (a pty)               wait_woken (n_tty_read calls it)
//	read of a file page not yet in memory    folio_wait_bit_common (D, killable)
//	O_DIRECT read of a file                  __iomap_dio_rw (D, uninterruptible)
//	pthread_mutex_lock, pthread_cond_wait,
//	sem_wait (threads or processes)          futex_do_wait
//	stopped by SIGSTOP                       do_signal_stop (T)
//	stopped by a tracer                      ptrace_stop (t)
//
// Older kernels name some of them differently: the futex wait was
// futex_wait_queue_me before Linux 5.16 and futex_wait_queue until the
// futex code was reworked in 6.x. A Go program's goroutine is not a kernel
// task: when it blocks on a channel, a mutex or a timer, the runtime parks
// it (gopark) and the thread that ran it looks for other work and, finding
// none, sleeps in the futex (futex_do_wait). The simulator draws each
// goroutine as a task, so a blocked goroutine shows the wait channel of
// the thread that would sleep for it. A goroutine blocked in a system call
// (cmd.Wait's wait4) keeps its thread, which sleeps in that call's wait
// channel.

// waitChannels maps the cause of a sleep in S or D to its wait channel.
var waitChannels = map[Cause]string{
	CauseSleep:     "hrtimer_nanosleep",
	CauseIO:        "wait_woken",
	CauseDisk:      "__iomap_dio_rw", // disk N: a direct read (docs/live-truth.md: a page-cache read is killable)
	CauseKillable:  "folio_wait_bit_common",
	CauseWaitChild: "do_wait",
	CauseLock:      "futex_do_wait",
	CauseSem:       "futex_do_wait",
	CauseCond:      "futex_do_wait",
	CauseChan:      "futex_do_wait",
	CauseWaitGroup: "futex_do_wait",
	CauseSelect:    "futex_do_wait",
	CauseOnce:      "futex_do_wait",
}

// WaitChannelFor returns the wait channel of a task in state s that
// blocked for cause (the cause of its move to S or D), in a Go program
// when goProc is set, or "" when it sleeps in none (running, runnable,
// ended, or a cause without a known channel).
func WaitChannelFor(s State, cause Cause, goProc bool) string {
	switch s {
	case StateStopped:
		return "do_signal_stop"
	case StateTraced:
		return "ptrace_stop"
	case StateSleeping, StateDisk:
		if goProc && cause == CauseSleep {
			return "futex_do_wait" // time.Sleep parks the goroutine: no nanosleep
		}
		return waitChannels[cause]
	}
	return ""
}

// WaitChannel returns the wait channel of task t (see WaitChannelFor),
// including a sleep on a pipe, FIFO or message queue (PipeWaitChannel) and
// on a socket (IPCWaitChannel: which one depends on the socket's domain and
// type).
func (e *Engine) WaitChannel(t *Task) string {
	if w := e.IPCWaitChannel(t); w != "" {
		return w
	}
	if t.State == StateSleeping {
		if w := PipeWaitChannel(t.blocked); w != "" {
			return w
		}
	}
	return WaitChannelFor(t.State, t.blocked, e.sc.Go != nil)
}

// WaitChannels returns, for a scenario (a Go program's or not), the wait
// channel of each state and cause a task can block in, keyed
// "STATE:CAUSE" with the wire names (e.g. "sleeping:wait_child"), so that
// a client can name the channel of each state change it is told of.
func WaitChannels(goProc bool) map[string]string {
	out := map[string]string{}
	for c := range waitChannels {
		for _, s := range []State{StateSleeping, StateDisk} {
			if s == StateDisk && c != CauseDisk && c != CauseKillable || s == StateSleeping && (c == CauseDisk || c == CauseKillable) {
				continue
			}
			out[s.String()+":"+c.String()] = WaitChannelFor(s, c, goProc)
		}
	}
	// Pipes, FIFOs and queues: one channel per cause. (A socket's depends
	// on its domain and type: the task's own Wchan names it.)
	for _, c := range []Cause{CausePipeRead, CausePipeWrite, CauseFifoOpen, CauseMQReceive, CauseMQSend, CauseMsgrcv, CauseMsgsnd} {
		out[StateSleeping.String()+":"+c.String()] = PipeWaitChannel(c)
	}
	out[StateStopped.String()+":"] = WaitChannelFor(StateStopped, CauseNone, goProc)
	out[StateTraced.String()+":"] = WaitChannelFor(StateTraced, CauseNone, goProc)
	return out
}
