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
	// -- part 1, memory (memory*.go)
	EvMemFork     // Task, forked by process Other, shares all Value pages of Other's address space copy-on-write
	EvMemExec     // Task's address space was replaced at exec: Value pages mapped now, Arg pages unmapped, Obj frames freed
	EvMemFree     // the address space of process Task was freed as its last thread (Other) exited: Value pages unmapped, Arg frames freed
	EvMemRead     // Task read page Value of region Obj (in frame Arg)
	EvMemWrite    // Task wrote page Value of region Obj (in frame Arg)
	EvPageFault   // Task's write to page Value of region Obj (frame Arg) faulted: Cause cow (write-protected copy-on-write page) or read_only (SIGSEGV follows)
	EvPageCopy    // the kernel copied Task's page Value of region Obj into the new frame Arg (wp_page_copy); the write runs again
	EvPageReuse   // Task alone mapped frame Arg (page Value of region Obj): the kernel made it writable in place, no copy (wp_page_reuse)
	EvPagePrivate // process Other's copy left Task the only mapper of frame Arg (page Value of region Obj): its page is private now
	// -- part 2, system calls and modes (syscall*.go)
	EvVDSO    // Task called Syscall(Value) through the vDSO: it ran in user mode, no trap into the kernel
	EvRestart // Task's system call Syscall(Value), interrupted by the handler of signal Arg, is restarted (SA_RESTART)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	EvPipeWrite  // Task wrote Value bytes into pipe or FIFO Obj (IPC index); Arg = bytes of its write still to go (0: the call is done)
	EvPipeRead   // Task read Value bytes that Other wrote from pipe or FIFO Obj; Arg = bytes left in the buffer
	EvPipeEOF    // Task's read of pipe or FIFO Obj returned 0 (end of file): it is empty and no process holds its write end
	EvPipeBroken // Task wrote to pipe or FIFO Obj whose read end no process holds: write fails with EPIPE and the kernel sends SIGPIPE
	EvIPCOpen    // Task opened FIFO Obj for reading (Value 0) or writing (Value 1); Arg = processes holding that end now
	EvIPCClose   // Task's read (Value 0) or write (Value 1) end of Obj closed (Cause exit: its exit closed it); Arg = processes still holding it
	EvMQSend     // Task queued a message of Arg bytes on queue Obj: Value = its priority (POSIX) or mtype (System V)
	EvMQRecv     // Task received Other's message of Arg bytes from queue Obj: Value = its priority or mtype
	EvPipeFail   // Task's system call Syscall(Value) on Obj failed with errno Arg (EBADF 9, EINVAL 22, EMSGSIZE 90)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	EvShmAttach   // Task mapped (Value 1) or unmapped (Value 0) shared memory segment Obj
	EvShmFault    // Task touched shared variable Value (or semaphore -1-Value) of segment Obj without mapping it: SIGSEGV
	EvSockCreate  // Task made socket Obj (socket(domain, type, protocol))
	EvSockBind    // Task bound socket Obj (Value 1: bound by itself on its first send, as UDP does)
	EvSockListen  // Task's socket Obj listens with backlog Value
	EvSockConnect // Task's socket Obj connected to listener Arg (Value 1; Other: the acceptor it woke), waits for room in its accept queue (Value 0), or set its default peer Arg (Value 2: datagrams)
	EvSockAccept  // Task's listener Obj accepted client socket Arg as new socket Value
	EvSockSend    // Task sent Value bytes on socket Obj to socket Arg (-1: to the peer its accept will make); Other: the reader it woke
	EvSockRecv    // Task received Value bytes on socket Obj: from Arg sends (stream), or one message whose last Arg bytes were cut off (datagram); 0 bytes: end of stream
	EvSockDrop    // Task's datagram of Value bytes to socket Obj was dropped: its receive buffer held Arg bytes (-1: nothing was bound there)
	EvSockClose   // Task closed socket Obj
	EvIPCFailed   // Task's Syscall(Value) on socket (or segment) Obj failed with errno Arg
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
	// -- part 1, memory (memory*.go)
	EvMemFork:     "mem_fork",
	EvMemExec:     "mem_exec",
	EvMemFree:     "mem_free",
	EvMemRead:     "mem_read",
	EvMemWrite:    "mem_write",
	EvPageFault:   "page_fault",
	EvPageCopy:    "page_copy",
	EvPageReuse:   "page_reuse",
	EvPagePrivate: "page_private",
	// -- part 2, system calls and modes (syscall*.go)
	EvVDSO:    "vdso",
	EvRestart: "restart",
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	EvPipeWrite:  "pipe_write",
	EvPipeRead:   "pipe_read",
	EvPipeEOF:    "pipe_eof",
	EvPipeBroken: "pipe_broken",
	EvIPCOpen:    "ipc_open",
	EvIPCClose:   "ipc_close",
	EvMQSend:     "mq_send",
	EvMQRecv:     "mq_receive",
	EvPipeFail:   "pipe_fail",
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	EvShmAttach:   "shm_attach",
	EvShmFault:    "shm_fault",
	EvSockCreate:  "sock_create",
	EvSockBind:    "sock_bind",
	EvSockListen:  "sock_listen",
	EvSockConnect: "sock_connect",
	EvSockAccept:  "sock_accept",
	EvSockSend:    "sock_send",
	EvSockRecv:    "sock_recv",
	EvSockDrop:    "sock_drop",
	EvSockClose:   "sock_close",
	EvIPCFailed:   "ipc_failed",
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
	// -- part 1, memory (memory*.go)
	CauseCOW      // a page fault on a write-protected copy-on-write page
	CauseReadOnly // a page fault on a write to a read-only mapping (the text): SIGSEGV
	// -- part 2, system calls and modes (syscall*.go)
	CauseNoRestart // the call fails with EINTR although the handler has SA_RESTART: nanosleep is never restarted (signal(7))
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	CausePipeRead  // it reads an empty pipe or FIFO whose write end is open (wait channel anon_pipe_read)
	CausePipeWrite // it writes to a full pipe or FIFO (anon_pipe_write)
	CauseFifoOpen  // it opens a FIFO whose other end no process has open (wait_for_partner)
	CauseMQReceive // mq_receive on an empty POSIX queue (wq_sleep)
	CauseMQSend    // mq_send on a full POSIX queue (wq_sleep)
	CauseMsgrcv    // msgrcv found no message of the type it asks for (do_msgrcv)
	CauseMsgsnd    // msgsnd on a System V queue without room (do_msgsnd)
	CauseIPCReady  // the pipe, FIFO or queue it waits on can now serve its call
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	CauseAccept      // it waits in accept for a connection
	CauseSockConnect // it waits in connect: the listener's accept queue is full
	CauseSockRecv    // it waits in recv for data on an empty socket
	CauseSockSend    // it waits in send: the receiver's buffer (or Unix datagram queue) is full
	CauseSegv        // SIGSEGV killed it: it touched memory it had not mapped
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
	// -- part 1, memory (memory*.go)
	CauseCOW:      "cow",
	CauseReadOnly: "read_only",
	// -- part 2, system calls and modes (syscall*.go)
	CauseNoRestart: "no_restart",
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	CausePipeRead:  "pipe_read",
	CausePipeWrite: "pipe_write",
	CauseFifoOpen:  "fifo_open",
	CauseMQReceive: "mq_receive",
	CauseMQSend:    "mq_send",
	CauseMsgrcv:    "msgrcv",
	CauseMsgsnd:    "msgsnd",
	CauseIPCReady:  "ipc_ready",
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	CauseAccept:      "accept",
	CauseSockConnect: "sock_connect",
	CauseSockRecv:    "sock_recv",
	CauseSockSend:    "sock_send",
	CauseSegv:        "segv",
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
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	SysWrite // write(2) to the terminal
	SysMmap
	SysMunmap
	SysBrk
	SysOpenat
	SysClose
	SysUname
	SysGetuid
	SysClockGettime // a vDSO call on x86-64: no trap
	SysGettimeofday // a vDSO call on x86-64: no trap
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	SysIPCWrite  // write(2) on a pipe or FIFO
	SysIPCRead   // read(2) on a pipe or FIFO
	SysIPCClose  // close(2)
	SysIPCOpen   // openat(2) of a FIFO
	SysMqSend    // mq_timedsend (glibc's mq_send)
	SysMqReceive // mq_timedreceive (glibc's mq_receive)
	SysMsgsnd
	SysMsgrcv
	SysPipe2 // pipe2(2): a process makes an anonymous pipe (pipe NAME in a process block)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	SysShmat
	SysShmdt
	SysFutexShared // futex(2) on a process-shared semaphore (FUTEX_WAIT or FUTEX_WAKE, not private)
	SysSocket
	SysBind
	SysListen
	SysAccept4
	SysConnect
	SysSendto
	SysRecvfrom
	SysSockClose
	// After every part of issue 11, so that no number above moves.
	SysClone // clone(2): how Go's os/exec starts a child, clone(CLONE_VM|CLONE_VFORK|SIGCHLD) then execve (syscall/exec_linux.go), and how glibc's fork() forks
)

var syscallNames = [...]string{
	SysFork: "fork", SysExit: "exit_group", SysWait: "wait4", SysKill: "kill", SysSleep: "nanosleep",
	SysRead: "read", SysDisk: "read", SysYield: "sched_yield", SysSignal: "rt_sigaction",
	SysExecve: "execve", SysSetpgid: "setpgid", SysSetsid: "setsid", SysPrctl: "prctl", SysPtrace: "ptrace",
	SysGetpid: "getpid", SysGetppid: "getppid",
	// -- part 1, memory (memory*.go)
	// -- part 2, system calls and modes (syscall*.go)
	SysWrite: "write", SysMmap: "mmap", SysMunmap: "munmap", SysBrk: "brk", SysOpenat: "openat", SysClose: "close",
	SysUname: "uname", SysGetuid: "getuid", SysClockGettime: "clock_gettime", SysGettimeofday: "gettimeofday",
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	SysIPCWrite: "write", SysIPCRead: "read", SysIPCClose: "close", SysIPCOpen: "openat",
	SysMqSend: "mq_timedsend", SysMqReceive: "mq_timedreceive", SysMsgsnd: "msgsnd", SysMsgrcv: "msgrcv", SysPipe2: "pipe2",
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	SysShmat: "shmat", SysShmdt: "shmdt", SysFutexShared: "futex", SysSocket: "socket", SysBind: "bind",
	SysListen: "listen", SysAccept4: "accept4", SysConnect: "connect", SysSendto: "sendto", SysRecvfrom: "recvfrom",
	SysSockClose: "close", SysClone: "clone",
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
