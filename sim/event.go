package sim

// PID identifies a task. PID 0 means "nobody" (an idle CPU, no sender).
type PID int32

// EventKind is the closed set of things that can happen in a step. The
// numbers are part of the wire format and the golden traces: append only,
// never reorder or reuse.
type EventKind uint8

// The event kinds. The comment says what the Event fields mean for each.
const (
	EvCreated         EventKind = iota + 1 // Task forked by Other (0 for init); Value = program index
	EvExec                                 // Task now runs program number Value
	EvState                                // Task went From -> To because of Cause; CPU if it involves one
	EvSwitch                               // CPU switched from Other to Task (0 = idle); Voluntary says how Other left
	EvMode                                 // Task entered kernel mode (Value 1) or user mode (Value 0)
	EvSyscall                              // Task made system call Syscall(Value)
	EvSignalSent                           // Other sent signal Value to Task
	EvSignalDelivered                      // Task received signal Value and acted on it (Cause says how)
	EvSignalDeferred                       // Task is in D: signal Value waits until it leaves D
	EvExit                                 // Task exited with code Value (128+n if killed by signal n)
	EvReaped                               // Other reaped Task (Other = Task's parent, or Task itself for auto-reap)
	EvReparented                           // Task's parent exited; its new parent is Other (PID 1)
	EvForkFailed                           // Task's fork failed: no free PID or task limit (Cause)
	EvLimit                                // the step limit was reached; the run ends here
	EvWaitNoChild                          // Task called wait() with no children: it returns ECHILD at once
	EvKillFailed                           // Task's kill() found no such process (ESRCH)
	EvLevel                                // MLFQ moved Task to level Value (Cause: demote or boost)
	EvChoiceIgnored                        // choice number Value named PID Other, which was not ready: the policy chose
)

var eventKindNames = [...]string{
	EvCreated:         "created",
	EvExec:            "exec",
	EvState:           "state",
	EvSwitch:          "switch",
	EvMode:            "mode",
	EvSyscall:         "syscall",
	EvSignalSent:      "signal_sent",
	EvSignalDelivered: "signal_delivered",
	EvSignalDeferred:  "signal_deferred",
	EvExit:            "exit",
	EvReaped:          "reaped",
	EvReparented:      "reparented",
	EvForkFailed:      "fork_failed",
	EvLimit:           "limit",
	EvWaitNoChild:     "wait_nochild",
	EvKillFailed:      "kill_failed",
	EvLevel:           "level",
	EvChoiceIgnored:   "choice_ignored",
}

// String returns the kind's wire name, such as "state".
func (k EventKind) String() string {
	if int(k) < len(eventKindNames) && eventKindNames[k] != "" {
		return eventKindNames[k]
	}
	return "event?"
}

// Cause says why a state change (or a delivery, or a failure) happened. The
// numbers are part of the golden traces: append only.
type Cause uint8

// The causes.
const (
	CauseNone       Cause = iota
	CauseFork             // created runnable by fork
	CauseDispatch         // the scheduler put it on a CPU
	CauseQuantum          // its time slice (quantum) expired
	CauseYield            // it called sched_yield()
	CauseSleep            // it called sleep()
	CauseIO               // it waits for terminal/network I/O (interruptible)
	CauseDisk             // it waits for disk I/O (uninterruptible)
	CauseIODone           // the I/O or the sleep finished
	CauseWaitChild        // it called wait() and has a live child
	CauseChildExit        // a child exited (SIGCHLD woke it)
	CauseSigStop          // SIGSTOP stopped it
	CauseSigCont          // SIGCONT continued it
	CauseSigKill          // SIGKILL killed it
	CauseSigTerm          // a terminating signal other than SIGKILL killed it
	CauseExit             // it called exit()
	CauseReap             // its parent's wait() collected it
	CauseAutoReap         // its parent ignores SIGCHLD, so it was removed at once
	CauseIgnored          // the signal is ignored (disposition or PID 1)
	CauseNoPID            // fork failed: no free PID below pid_max
	CauseTaskLimit        // fork failed: the scenario's task limit
	CauseArrival          // a scenario process arrived (created by init)
	CauseSignalWake       // a signal interrupted its sleep
	CausePreempt          // a task the policy prefers became ready
	CauseDemote           // it used up its allotment at its MLFQ level
	CauseBoost            // the periodic MLFQ priority boost
)

var causeNames = [...]string{
	CauseNone:       "",
	CauseFork:       "fork",
	CauseDispatch:   "dispatch",
	CauseQuantum:    "quantum",
	CauseYield:      "yield",
	CauseSleep:      "sleep",
	CauseIO:         "io",
	CauseDisk:       "disk",
	CauseIODone:     "io_done",
	CauseWaitChild:  "wait_child",
	CauseChildExit:  "child_exit",
	CauseSigStop:    "sigstop",
	CauseSigCont:    "sigcont",
	CauseSigKill:    "sigkill",
	CauseSigTerm:    "sigterm",
	CauseExit:       "exit",
	CauseReap:       "reap",
	CauseAutoReap:   "autoreap",
	CauseIgnored:    "ignored",
	CauseNoPID:      "no_pid",
	CauseTaskLimit:  "task_limit",
	CauseArrival:    "arrival",
	CauseSignalWake: "signal_wake",
	CausePreempt:    "preempt",
	CauseDemote:     "demote",
	CauseBoost:      "boost",
}

// String returns the cause's wire name, such as "quantum".
func (c Cause) String() string {
	if int(c) < len(causeNames) {
		return causeNames[c]
	}
	return "cause?"
}

// Syscall numbers the system calls a program makes (ProcLab's own numbering).
type Syscall uint8

// The system calls.
const (
	SysFork Syscall = iota + 1
	SysExit
	SysWait
	SysKill
	SysSleep
	SysRead  // terminal/network I/O
	SysDisk  // disk read
	SysYield // sched_yield
	SysSignal
)

var syscallNames = [...]string{
	SysFork: "fork", SysExit: "exit", SysWait: "wait", SysKill: "kill", SysSleep: "sleep",
	SysRead: "read", SysDisk: "disk_read", SysYield: "sched_yield", SysSignal: "signal",
}

// String returns the system call's name, such as "fork".
func (s Syscall) String() string {
	if int(s) < len(syscallNames) && syscallNames[s] != "" {
		return syscallNames[s]
	}
	return "syscall?"
}

// Event is one thing that happened in one step. It is a plain value with no
// pointers so that a run's events can be stored and copied cheaply.
type Event struct {
	Step      int64     // the step (tick) it happened in
	Kind      EventKind // what happened
	Task      PID       // the task it happened to (for EvSwitch: the task switched in)
	Other     PID       // the other task involved, if any (see EventKind)
	CPU       int16     // the CPU involved, or -1
	From, To  State     // for EvState
	Cause     Cause     // why
	Voluntary bool      // for EvSwitch: whether Other gave up the CPU itself
	Value     int64     // kind-specific number (exit code, signal, program, syscall)
}
