package sim

// PID identifies a task. PID 0 means "nobody" (an idle CPU, no sender).
type PID int32

// EventKind is the closed set of things that can happen in a step. The
// numbers are part of the wire format and the golden traces: append only,
// never reorder or reuse.
type EventKind uint8

// The event kinds. The comment says what the Event fields mean for each.
const (
	EvCreated         EventKind = iota + 1 // Task forked by Other (0 for init), or a thread made in process Other (Cause clone); Value = program index
	EvExec                                 // Task now runs program number Value
	EvState                                // Task went From -> To because of Cause; CPU if it involves one
	EvSwitch                               // CPU switched from Other to Task (0 = idle); Voluntary says how Other left; Value = switching ticks charged, Arg = those for another address space
	EvMode                                 // Task entered kernel mode (Value 1) or user mode (Value 0)
	EvSyscall                              // Task made system call Syscall(Value)
	EvSignalSent                           // Other sent signal Value to Task
	EvSignalDelivered                      // Task received signal Value and acted on it (Cause says how)
	EvSignalDeferred                       // Task is in D: signal Value waits until it leaves D
	EvExit                                 // Task ended: it called exit with code Value (Arg 0), or signal Arg killed it (then Value is 0: it has no exit code)
	EvReaped                               // Other reaped Task (Other = Task's parent, or Task itself for auto-reap); Value, Arg: its wait status as for EvExit
	EvReparented                           // Task's parent exited; its new parent is Other (PID 1 or the nearest subreaper)
	EvForkFailed                           // Task's fork failed: no free PID or task limit (Cause)
	EvLimit                                // the step limit was reached; the run ends here
	EvWaitNoChild                          // Task called wait() with no children: it returns ECHILD at once
	EvKillFailed                           // Task's kill() found no such process (ESRCH)
	EvLevel                                // MLFQ moved Task to level Value (Cause: demote or boost)
	EvChoiceIgnored                        // choice number Value named PID Other, which was not ready: the policy chose
	EvRead                                 // Task read shared variable Obj: Value
	EvWrite                                // Task wrote shared variable Obj: Value (it was Arg)
	EvLockAcquire                          // Task acquired lock Obj; Value = ticks it waited (0: free at once)
	EvLockContend                          // Task found lock Obj held by Other and waits (blocks, or spins)
	EvLockRelease                          // Task released lock Obj; Other = the waiter it handed it to (0: none)
	EvSpin                                 // Task's attempt on spinning lock Obj failed (held by Other); it stays R
	EvSemWait                              // Task passed (Value 1) or blocked on (Value 0) semaphore Obj; Arg = its count after
	EvSemPost                              // Task posted semaphore Obj, waking Other (0: none); Arg = its count after
	EvCondWait                             // Task released mutex Arg and sleeps on cond Obj
	EvCondSignal                           // Task signalled cond Obj, waking Other (0: nobody waited; Value 1: broadcast)
	EvChanSend                             // Task sent Value on channel Obj (to Other, if a receiver took it at once)
	EvChanRecv                             // Task received Value from channel Obj (from Other, if a sender handed it)
	EvWaitGroup                            // Task changed waitgroup Obj by Arg to Value (or passed wg_wait: Arg 0)
	EvCSEnter                              // Task entered a critical section
	EvCSExit                               // Task left a critical section
	EvCSViolation                          // Task entered a critical section while Other was inside
	EvRace                                 // data race on variable Obj: Task's access (Arg bit 0: write) and Other's at step Value (Arg bit 1: write)
	EvLostUpdate                           // Task's store to Obj overwrote Other's store of step Value; Task had read Obj at step Arg
	EvDeadlock                             // wait-for cycle: Task waits for Obj held by Other; Arg = tasks in the cycle (0: all are blocked)
	EvAssertFailed                         // Task's assertion on line Value failed
	EvExpectFailed                         // expectation number Arg failed: variable Obj is Value
	EvStarvation                           // Task has been runnable for Value scheduling decisions without progress
	EvWaitReport                           // Other's wait reported Task stopped by signal Value (Cause sigstop, or ptrace for a tracee) or continued (Cause sigcont)
	EvGroup                                // Task is now in process group Value and session Arg (setpgid, setsid)
	EvCallFailed                           // Task's system call Syscall(Value) failed with errno Arg (EPERM 1, ESRCH 3)
	EvTrace                                // Other attached to Task as its tracer (Value 1) or detached (Value 0)
	EvOutput                               // Task printed line Value of Engine.Output (a Go program's fmt.Print*, or the runtime's message)
	EvPanic                                // Task's Go process dies: a panic (Arg 0) or a fatal error (Arg 1) whose message is output line Value
	EvAllAsleep                            // every goroutine of Task's process is blocked: Go's "all goroutines are asleep - deadlock!"
	EvChanClose                            // Task closed channel Obj
	EvSelect                               // Task's select ran case Value (-1: its default) or blocked (Arg 1)
	// Issue 11 (event kinds): each part appends after its own line.
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
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
	EvRead:            "read",
	EvWrite:           "write",
	EvLockAcquire:     "lock_acquire",
	EvLockContend:     "lock_contend",
	EvLockRelease:     "lock_release",
	EvSpin:            "spin",
	EvSemWait:         "sem_wait",
	EvSemPost:         "sem_post",
	EvCondWait:        "cond_wait",
	EvCondSignal:      "cond_signal",
	EvChanSend:        "chan_send",
	EvChanRecv:        "chan_recv",
	EvWaitGroup:       "waitgroup",
	EvCSEnter:         "cs_enter",
	EvCSExit:          "cs_exit",
	EvCSViolation:     "cs_violation",
	EvRace:            "race",
	EvLostUpdate:      "lost_update",
	EvDeadlock:        "deadlock",
	EvAssertFailed:    "assert_failed",
	EvExpectFailed:    "expect_failed",
	EvStarvation:      "starvation",
	EvWaitReport:      "wait_report",
	EvGroup:           "group",
	EvCallFailed:      "call_failed",
	EvTrace:           "trace",
	EvOutput:          "output",
	EvPanic:           "panic",
	EvAllAsleep:       "all_asleep",
	EvChanClose:       "chan_close",
	EvSelect:          "select",
	// Issue 11 (event names): each part appends after its own line.
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
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
	CauseNone         Cause = iota
	CauseFork               // created runnable by fork
	CauseDispatch           // the scheduler put it on a CPU
	CauseQuantum            // its time slice (quantum) expired
	CauseYield              // it called sched_yield()
	CauseSleep              // it called sleep()
	CauseIO                 // it waits for terminal/network I/O (interruptible)
	CauseDisk               // it waits for disk I/O (uninterruptible)
	CauseIODone             // the I/O or the sleep finished
	CauseWaitChild          // it called wait() and has a live child
	CauseChildExit          // a child exited (SIGCHLD woke it)
	CauseSigStop            // SIGSTOP stopped it
	CauseSigCont            // SIGCONT continued it
	CauseSigKill            // SIGKILL killed it
	CauseSigTerm            // a terminating signal other than SIGKILL killed it
	CauseExit               // it called exit()
	CauseReap               // its parent's wait() collected it
	CauseAutoReap           // its parent ignores SIGCHLD, so it was removed at once
	CauseIgnored            // the signal is ignored (disposition or PID 1)
	CauseNoPID              // fork failed: no free PID below pid_max
	CauseTaskLimit          // fork failed: the scenario's task limit
	CauseArrival            // a scenario process arrived (created by init)
	CauseSignalWake         // a signal interrupted its sleep
	CausePreempt            // a task the policy prefers became ready
	CauseDemote             // it used up its allotment at its MLFQ level
	CauseBoost              // the periodic MLFQ priority boost
	CauseLock               // it waits for a mutex (Other holds it)
	CauseSem                // it waits on a semaphore
	CauseCond               // it waits on a condition variable
	CauseChan               // it waits on a channel
	CauseWaitGroup          // it waits for a waitgroup to reach 0
	CauseHandoff            // the lock (or semaphore, or channel value) was handed to it
	CauseWoken              // a signal, broadcast or wg_done woke it
	CauseKillable           // it waits killably (TASK_KILLABLE, also D): fatal signals act at once
	CauseDying              // the signal is dropped: the process is already dying of a fatal signal
	CauseHandled            // a handler installed with catch ran
	CausePtrace             // a tracer stopped it (ptrace) or resumed it
	CauseExec               // it called execve
	CauseChildStopped       // its wait is woken: a child (or a tracee) stopped
	CauseChildCont          // its wait is woken: a child was continued
	CauseTaskTable          // fork failed: the run created as many tasks as its task table holds
	CauseClone              // a thread created in its process (clone with CLONE_THREAD)
	CauseThreadExit         // the thread ended alone (pthread_exit): its process goes on
	CauseGroupExit          // another thread's exit_group (or a fatal signal) ended its process
	CauseGo                 // a goroutine started by a go statement
	CauseSelect             // it waits in a select statement
	CauseOnce               // it waits for another goroutine's sync.Once function to return
	CausePanic              // a Go panic or fatal error ended its process (exit status 2)
	CauseTimer              // a Go timer fired (time.After)
	// Issue 11 (causes): each part appends after its own line.
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
)

var causeNames = [...]string{
	CauseNone:         "",
	CauseFork:         "fork",
	CauseDispatch:     "dispatch",
	CauseQuantum:      "quantum",
	CauseYield:        "yield",
	CauseSleep:        "sleep",
	CauseIO:           "io",
	CauseDisk:         "disk",
	CauseIODone:       "io_done",
	CauseWaitChild:    "wait_child",
	CauseChildExit:    "child_exit",
	CauseSigStop:      "sigstop",
	CauseSigCont:      "sigcont",
	CauseSigKill:      "sigkill",
	CauseSigTerm:      "sigterm",
	CauseExit:         "exit",
	CauseReap:         "reap",
	CauseAutoReap:     "autoreap",
	CauseIgnored:      "ignored",
	CauseNoPID:        "no_pid",
	CauseTaskLimit:    "task_limit",
	CauseArrival:      "arrival",
	CauseSignalWake:   "signal_wake",
	CausePreempt:      "preempt",
	CauseDemote:       "demote",
	CauseBoost:        "boost",
	CauseLock:         "lock",
	CauseSem:          "sem",
	CauseCond:         "cond",
	CauseChan:         "chan",
	CauseWaitGroup:    "waitgroup",
	CauseHandoff:      "handoff",
	CauseWoken:        "woken",
	CauseKillable:     "killable",
	CauseDying:        "dying",
	CauseHandled:      "handled",
	CausePtrace:       "ptrace",
	CauseExec:         "exec",
	CauseChildStopped: "child_stopped",
	CauseChildCont:    "child_continued",
	CauseTaskTable:    "task_table",
	CauseClone:        "clone",
	CauseThreadExit:   "thread_exit",
	CauseGroupExit:    "group_exit",
	CauseGo:           "go",
	CauseSelect:       "select",
	CauseOnce:         "once",
	CausePanic:        "panic",
	CauseTimer:        "timer",
	// Issue 11 (cause names): each part appends after its own line.
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
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
	SysRead  // read(2) on a terminal or socket: interruptible (S)
	SysDisk  // read(2) on a file whose page is not cached: uninterruptible (D); named "read" too
	SysYield // sched_yield
	SysSignal
	SysExecve
	SysSetpgid
	SysSetsid
	SysPrctl
	SysPtrace
	SysGetpid
	SysGetppid
	// Issue 11 (system calls): each part appends after its own line.
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
)

var syscallNames = [...]string{
	SysFork: "fork", SysExit: "exit_group", SysWait: "wait4", SysKill: "kill", SysSleep: "nanosleep",
	SysRead: "read", SysDisk: "read", SysYield: "sched_yield", SysSignal: "rt_sigaction",
	SysExecve: "execve", SysSetpgid: "setpgid", SysSetsid: "setsid", SysPrctl: "prctl", SysPtrace: "ptrace",
	SysGetpid: "getpid", SysGetppid: "getppid",
	// Issue 11 (system call names): each part appends after its own line.
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
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
	Obj       int16     // shared variable or sync object, for the shared-memory kinds
	Value     int64     // kind-specific number (exit code, signal, program, syscall)
	Arg       int64     // a second kind-specific number
}
