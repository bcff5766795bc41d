package sim

// Policy names a scheduling policy. docs/scheduling.md states each one's
// rules and tie-breaking.
type Policy uint8

// The policies. The numbers are not part of any file format; the names are.
const (
	FCFS               Policy = iota + 1 // first come, first served; runs until it blocks or ends
	RR                                   // round robin with a quantum
	SJF                                  // shortest (next CPU) job first, non-preemptive
	SRTF                                 // shortest remaining time first, preemptive
	Priority                             // lowest priority number first, non-preemptive
	PriorityPreemptive                   // lowest priority number first, preemptive
	HRRN                                 // highest response ratio next, non-preemptive
	MLFQ                                 // multi-level feedback queue
	CFS                                  // a CFS-like fair scheduler (vruntime, nice weights)
	Lottery                              // lottery scheduling with tickets, per quantum
	Stride                               // stride scheduling with tickets, per quantum
)

var policyNames = [...]string{
	FCFS: "fcfs", RR: "rr", SJF: "sjf", SRTF: "srtf", Priority: "priority",
	PriorityPreemptive: "priority-preemptive", HRRN: "hrrn", MLFQ: "mlfq", CFS: "cfs",
	Lottery: "lottery", Stride: "stride",
}

// String returns the policy's name as the scenario format spells it.
func (p Policy) String() string {
	if int(p) < len(policyNames) && policyNames[p] != "" {
		return policyNames[p]
	}
	return "policy?"
}

// ParsePolicy returns the policy with this name.
func ParsePolicy(name string) (Policy, bool) {
	for p, n := range policyNames {
		if n != "" && n == name {
			return Policy(p), true
		}
	}
	return 0, false
}

// Policies returns every policy, in a fixed order.
func Policies() []Policy {
	return []Policy{FCFS, SJF, SRTF, RR, Priority, PriorityPreemptive, HRRN, MLFQ, CFS, Lottery, Stride}
}

// MLFQConfig configures the multi-level feedback queue. Level 0 is the
// highest priority.
type MLFQConfig struct {
	Quanta []int64 // quantum of each level, in ticks
	Allot  []int64 // allotment of each level, in quanta: used up, the task moves down
	Boost  int64   // every Boost ticks all tasks move to level 0 (0: never)
	// IOReset gives a task a fresh allotment whenever it blocks (the old,
	// gameable rule); by default the allotment counts across blocking.
	IOReset bool
}

// CFSConfig configures the fair scheduler, in ticks.
type CFSConfig struct {
	Latency        int64 // the period in which every runnable task should run once
	MinGranularity int64 // the shortest slice; also the wake-up preemption margin
}

// Limits on what a scenario may ask for. Parse rejects anything beyond them.
const (
	MaxScenarioBytes  = 64 << 10 // size of a scenario's text
	MaxPrograms       = 64       // programs (including processes) per scenario
	MaxInstructions   = 1000     // statements per program
	MaxCPUs           = 16
	MaxQuantum        = 1000 // ticks
	MaxDuration       = 1_000_000_000
	MaxRepeatDepth    = 4
	MaxTaskLimit      = 4096 // the largest max_tasks a scenario may set
	DefaultMaxTasks   = 256
	DefaultPIDMax     = 32768
	MaxPIDMax         = 4194304 // Linux's PID_MAX_LIMIT on 64-bit
	MinPIDMax         = 4
	DefaultQuantum    = 2
	MaxProcessesAtTop = 64 // processes started by the scenario itself
	MaxMLFQLevels     = 8
	MaxSwitchCost     = 100 // ticks
	MaxTickets        = 1_000_000
	DefaultTickets    = 100
	StrideBig         = 1 << 20 // stride = StrideBig / tickets
)

// MaxTasksCreated is the size of an engine's task table: the most tasks one
// run may create, PID 1 and reaped tasks included, unless max_tasks is
// larger (NewJobs sets it to the number of jobs). See Engine.Tasks.
const MaxTasksCreated = 16384

// Op is one kind of program instruction.
type Op uint8

// The instructions. Durations are in ticks.
const (
	OpCompute  Op = iota + 1 // run in user mode for A..B ticks
	OpIO                     // block interruptibly (S) for A..B ticks
	OpDisk                   // block uninterruptibly (D) for A..B ticks
	OpSleep                  // sleep (S) for A..B ticks
	OpYield                  // give up the CPU
	OpFork                   // create a child running program A
	OpWait                   // wait for a child to exit and reap it
	OpExit                   // exit with code A
	OpKill                   // send signal Sig to Target
	OpIgnore                 // ignore signal Sig from now on
	OpRepeat                 // run the body A times; B is the index of the matching end
	OpEnd                    // end of a repeat body; B is the index of its repeat
	opInitWait               // PID 1's endless wait loop (not in the language)

	// Micro-steps of threads (one tick each unless noted). Var is a shared
	// variable, Obj a synchronisation object, Dst a local slot, X and Y
	// operands (a literal or a local).
	OpLoad       // Dst = shared Var
	OpStore      // shared Var = X
	OpSet        // Dst = X
	OpArith      // Dst = X Arith Y
	OpTest       // if (X Cmp Y) == JumpIfTrue, jump to Target
	OpJump       // jump to Target (no time: a loop's back edge or an else)
	OpXchg       // Dst = Var; Var = X (atomic)
	OpFetchAdd   // Dst = Var; Var += X (atomic)
	OpCAS        // if Var == X { Var = Y; Dst = 1 } else { Dst = 0 } (atomic)
	OpLock       // acquire mutex Obj (blocks in S when held)
	OpUnlock     // release mutex Obj (hands it to the first waiter)
	OpTryLock    // Dst = 1 and acquire if free, else Dst = 0
	OpSpinLock   // one test-and-set (or CAS) attempt on spinlock Obj; stays here while it fails
	OpSpinUnlock // release spinlock Obj
	OpTicketTake // Dst = ticket Obj's next++ (atomic)
	OpTicketSpin // stays here until ticket Obj's serving == local Dst
	OpTicketNext // ticket Obj's serving++ (the unlock)
	OpSemWait    // P(): blocks while the semaphore is 0
	OpSemPost    // V(): wakes the first waiter or increments
	OpCondWait   // releases mutex Y.V and sleeps on cond Obj; then reacquires (Mesa)
	OpCondSignal // wakes the first waiter of cond Obj
	OpCondBcast  // wakes every waiter of cond Obj
	OpWgAdd      // waitgroup Obj += X
	OpWgDone     // waitgroup Obj -= 1, waking the waiters at 0
	OpWgWait     // blocks until waitgroup Obj is 0
	OpSend       // sends X on channel Obj (blocks when full; unbuffered: until received)
	OpRecv       // Dst = receive from channel Obj (blocks when empty)
	OpCSEnter    // enters a critical section (no time)
	OpCSExit     // leaves it (no time)
	OpAssert     // if !(X Cmp Y) the assertion fails (an event)

	// Process statements added after the micro-steps (the numbers are not
	// part of any format, but micro() tests a range, so keep them here).
	OpExec      // replace the program image with program A (execve): same PID
	OpForkTest  // no time: go on if the last fork returned 0 (A=1: "if child") or not (A=0: "if parent"), else jump to Jump
	OpSetpgid   // setpgid(0, 0): lead a new process group
	OpSetsid    // setsid(): lead a new session and process group
	OpSubreaper // prctl(PR_SET_CHILD_SUBREAPER, 1): adopt orphaned descendants
	OpCatch     // install a handler for signal Sig (sigaction)
	OpTrace     // ptrace(PTRACE_SEIZE) then PTRACE_INTERRUPT: Target enters t
	OpTraceCont // ptrace(PTRACE_CONT): a tracee in t resumes (with the signal that stopped it, if any)
	OpDetach    // ptrace(PTRACE_DETACH): the tracee is free again and resumes

	// Go programs (the gofront package compiles them; see golang.go and
	// docs/go.md). No scenario statement produces these.
	OpGo         // go statement: a goroutine of this task's process runs program A; B locals from X.V on are copied to its locals 0..B-1
	OpPrint      // fmt.Print*: Prints[A] formatted with the B locals from X.V on, appended to the output (one tick, user mode)
	OpAtomicLoad // Dst = Var, atomically (sync/atomic Load)
	OpClose      // close(channel Obj)
	OpSelect     // select: the A OpSelectCase instructions that follow are its cases; B = 1 if it has a default (Jump: the default's body)
	OpSelectCase // one case of the OpSelect before it (never run alone): A 0 receive, 1 send; Obj the channel; X the value sent; Dst the slot received into (-1: none); B = 1 + the ok slot (0: none); Jump the case's body
	OpRLock      // RWMutex Obj: RLock (OpLock and OpUnlock on an RWMutex are Lock and Unlock)
	OpRUnlock    // RWMutex Obj: RUnlock
	OpOnce       // sync.Once Obj: Do begins. Done already: jump to Jump; another goroutine is in f: block until f returns, then jump to Jump; else go on (this task runs f)
	OpOnceDone   // sync.Once Obj: f returned; the waiters' Do returns
	OpPanic      // panic: the message is Prints[A] with the B locals from X.V on; the process dies with exit status 2 (goPanic)
	OpGetpid     // Dst = getpid() (A 0) or getppid() (A 1)
	OpStart      // exec.Command(NAME).Start(): fork and exec program A as a child; Dst = the child's PID
	OpNotify     // signal.Notify(channel Obj, Sig): Sig is caught from now on and sent without blocking on Obj
	OpTimer      // time.After: channel Obj (capacity 1) gets a value A ticks from now
	// -- part 1, memory (memory*.go)
	OpMemRead  // read page A of region Obj (memory.go): one tick in user mode
	OpMemWrite // write page A of region Obj: one tick in user mode, or a page fault (a tick in the kernel) and then the write again
	// -- part 2, system calls and modes (syscall*.go)
	OpSyscall // a named system call that traps (syscall.go): X.V = the Syscall; A..B kernel ticks
	OpVDSO    // a named call served by the vDSO (syscall.go): X.V = the Syscall; one tick in user mode, no trap
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	OpPipeWrite // write(2) A bytes into pipe or FIFO Obj (Scenario.IPC)
	OpPipeRead  // read(2) up to A bytes from pipe or FIFO Obj
	OpIPCClose  // close(2) the read (A 0) or write (A 1) end of pipe or FIFO Obj
	OpFifoOpen  // open(2) FIFO Obj for reading (A 0) or writing (A 1): blocks until the other end is open
	OpMqSend    // mq_send: a message of B bytes with priority A on POSIX queue Obj
	OpMqReceive // mq_receive: the oldest message of the highest priority from POSIX queue Obj
	OpMsgsnd    // msgsnd: a message of B bytes with mtype A on System V queue Obj
	OpMsgrcv    // msgrcv with msgtyp A from System V queue Obj (0: the first; >0: the first of type A; <0: the lowest type <= -A)
	OpPipeMake  // pipe2(): the process makes anonymous pipe Obj and holds both its ends (pipe_make.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	OpShmAt       // shmat(): map shared memory segment Obj
	OpShmDt       // shmdt(): unmap segment Obj
	OpSockCreate  // socket(): make socket Obj with its declared domain, type and protocol
	OpSockBind    // bind(): give socket Obj its name (an address or a path)
	OpSockListen  // listen(): socket Obj takes connections, backlog A
	OpSockAccept  // accept4(): take a connection from listener Obj into new socket B (blocks while none)
	OpSockConnect // connect(): connect socket Obj to listener B (a datagram socket: set its default peer)
	OpSockSend    // sendto(): send A bytes on socket Obj (to socket B, or -1: its peer)
	OpSockRecv    // recvfrom(): receive up to A bytes on socket Obj
	OpSockClose   // close(): close socket Obj
)

// micro reports whether an instruction is a micro-step of shared-memory
// code: it runs in user mode (except blocking sync operations, which the
// engine charges as system calls).
func (o Op) micro() bool {
	return o >= OpLoad && o <= OpAssert || o >= OpGo && o <= OpPanic || o == OpTimer || o == OpMemRead || o == OpMemWrite || o == OpVDSO
}

// zeroTime reports whether an instruction takes no time (control flow).
func (o Op) zeroTime() bool {
	switch o {
	case OpRepeat, OpEnd, OpJump, OpCSEnter, OpCSExit, OpForkTest:
		return true
	}
	return false
}

// OperandKind says what an operand is.
type OperandKind uint8

// The operand kinds.
const (
	Imm   OperandKind = iota // a literal
	Local                    // a thread-local slot (a register or a local variable)
)

// Operand is a literal or a local slot.
type Operand struct {
	Kind OperandKind
	V    int64 // the literal, or the slot
}

// Cmp is a comparison.
type Cmp uint8

// The comparisons.
const (
	CmpEq Cmp = iota + 1
	CmpNe
	CmpLt
	CmpLe
	CmpGt
	CmpGe
)

var cmpNames = [...]string{CmpEq: "==", CmpNe: "!=", CmpLt: "<", CmpLe: "<=", CmpGt: ">", CmpGe: ">="}

func (c Cmp) String() string { return cmpNames[c] }

func (c Cmp) eval(a, b int64) bool {
	switch c {
	case CmpEq:
		return a == b
	case CmpNe:
		return a != b
	case CmpLt:
		return a < b
	case CmpLe:
		return a <= b
	case CmpGt:
		return a > b
	}
	return a >= b
}

// ObjKind is the kind of a synchronisation object.
type ObjKind uint8

// The synchronisation objects.
const (
	ObjMutex     ObjKind = iota + 1 // blocking, FIFO hand-off
	ObjGoMutex                      // Go's sync.Mutex: a woken waiter must compete again
	ObjSpinlock                     // test-and-set (or CAS) spinning
	ObjTicket                       // ticket lock (spinning)
	ObjSemaphore                    // counting semaphore, FIFO
	ObjCond                         // condition variable, Mesa semantics
	ObjChan                         // Go channel (capacity 0: unbuffered)
	ObjWaitGroup                    // Go's sync.WaitGroup
	ObjRWMutex                      // Go's sync.RWMutex (writer-preferring)
	ObjOnce                         // Go's sync.Once
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
)

var objKindNames = [...]string{ObjMutex: "mutex", ObjGoMutex: "gomutex", ObjSpinlock: "spinlock",
	ObjTicket: "ticketlock", ObjSemaphore: "semaphore", ObjCond: "cond", ObjChan: "chan", ObjWaitGroup: "waitgroup",
	ObjRWMutex: "rwmutex", ObjOnce: "once",
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
}

// String returns the kind as the scenario format spells it.
func (k ObjKind) String() string { return objKindNames[k] }

// lock reports whether the object has an owner (it can be held).
func (k ObjKind) lock() bool { return k <= ObjTicket }

// VarDecl is a shared variable: every thread of the scenario sees it.
type VarDecl struct {
	Name string
	Init int64
}

// ObjDecl is a synchronisation object.
type ObjDecl struct {
	Name string
	Kind ObjKind
	Init int64 // semaphore value, channel capacity
	CAS  bool  // spinlock: compare-and-swap instead of test-and-set
}

// Expect is an expectation checked when the run ends: Var Cmp Value.
type Expect struct {
	Var   int
	Cmp   Cmp
	Value int64
	Line  int
	Text  string
}

// Limits of the shared-memory part of a scenario.
const (
	MaxVars       = 32
	MaxObjects    = 16
	MaxLocals     = 8  // per program of the scenario language, two of them the temporaries r0 and r1
	MaxGoLocals   = 32 // per program of a Go program (gofront): the size of a task's local slots
	MaxThreads    = 16
	MaxChanCap    = 16
	MaxExpects    = 16
	DefaultStarve = 12 // scheduling decisions a runnable thread may miss without progress
)

// The flags of a wait statement, in Instr.A.
const (
	WaitUntraced  = 1 // WUNTRACED: also report children that stopped
	WaitContinued = 2 // WCONTINUED: also report children that were continued
)

// TargetKind says how a kill statement names its target.
type TargetKind uint8

// The target kinds.
const (
	TargetPID    TargetKind = iota + 1 // a number
	TargetName                         // the live task with this name and the lowest PID
	TargetParent                       // the sender's parent
	TargetChild                        // the sender's most recently created child
	TargetSelf                         // the sender
	TargetGroup                        // a process group: -PGID, or "group" for the sender's own (kill(0, sig))
	TargetLocal                        // the PID in local X.V (a Go program's syscall.Kill(pid, sig))
)

// Instr is one compiled statement.
type Instr struct {
	Op         Op
	A, B       int64 // operands (see Op)
	Var, Obj   int   // shared variable and sync object indexes
	Dst        int   // local slot written
	X, Y       Operand
	Cmp        Cmp
	Arith      byte // + - * / %
	Jump       int  // jump target (an instruction index)
	JumpIfTrue bool
	Micro      string // the micro-step as the code pane shows it expanded, e.g. "load counter -> r0"
	Spin       bool   // part of a busy-wait loop's test: running it is not progress
	Sig        Signal
	Target     TargetKind
	TargetPID  PID
	TargetName string
	Killable   bool   // disk: the wait is TASK_KILLABLE (fatal signals end it) rather than TASK_UNINTERRUPTIBLE
	Line, Col  int    // where the statement starts in the scenario text (1-based)
	Text       string // the statement as written, trimmed
}

// Program is a named list of instructions. Every program ends with an
// implicit "exit 0".
type Program struct {
	Name string
	Line int // the line of its header
	Code []Instr
	// Locals names the program's local slots (slot 0 and 1 are the
	// temporaries r0 and r1 that expanded statements use).
	Locals []string
	Thread bool // a thread: it shares the scenario's variables
}

// ProcessSpec is a process the scenario starts itself, as a child of PID 1,
// or one of its threads, which join the scenario's process (threadgroup.go).
type ProcessSpec struct {
	Program  int   // index into Scenario.Programs
	Arrival  int64 // time of arrival in ticks; it is created at the start of step Arrival+1
	Priority int   // lower number = higher priority (priority policies)
	Tickets  int64 // lottery and stride tickets
	Nice     int   // -20..19, the CFS weight
}

// Scenario is a parsed, validated scenario. It is immutable once parsed and
// may be shared by any number of engines.
type Scenario struct {
	CPUs     int
	Policy   Policy
	Quantum  int64 // ticks, for RR
	PIDMax   int   // PIDs are below PIDMax; past PIDMax-1 they wrap to 2 (the next free one after the last handed out)
	MaxTasks int   // tasks alive at once, zombies and PID 1 included (reaping frees room)
	Seed     uint64
	MLFQ     MLFQConfig
	CFS      CFSConfig
	// SwitchCost is the ticks a CPU spends switching to a different task.
	SwitchCost int64
	// MMSwitchCost is the ticks a switch to a task of another process costs
	// on top of SwitchCost: the TLB and cache refill after the page-table
	// pointer changes (switch_cost C mm=M; switchcost.go).
	MMSwitchCost int64
	// Jobs is the scheduling model ("model jobs"): system calls take no
	// time, a task ends the moment its last statement ends, and PID 1 reaps
	// at once without running, so that textbook schedules come out exactly.
	Jobs    bool
	Vars    []VarDecl
	Objects []ObjDecl
	Expects []Expect
	// Starvation is the number of scheduling decisions a runnable thread
	// may miss without progress before an EvStarvation event.
	Starvation int64
	// Mem is the memory model's settings (memory.go); nil when the
	// scenario never uses memory, and then the engine keeps no address spaces.
	Mem       *MemSpec
	Title     map[string]string // language ("en", "zh") -> title
	Explain   map[string]string // language -> explanation, lines joined by "\n"
	Programs  []Program
	Processes []ProcessSpec // sorted by arrival, then by order in the text
	Source    string        // the text it was parsed from
	// Go is set for a Go program (golang.go): Go's runtime rules apply.
	Go *GoRuntime
	// Shared memory segments and sockets (part 4b: shm.go, socket.go).
	ipcScenario
	// IPC are the pipes, FIFOs and message queues, in the order declared (pipe_decl.go).
	IPC []IPCDecl
}

// VarIndex returns the index of the named shared variable, or -1.
func (s *Scenario) VarIndex(name string) int {
	for i := range s.Vars {
		if s.Vars[i].Name == name {
			return i
		}
	}
	return -1
}

// ObjIndex returns the index of the named sync object, or -1.
func (s *Scenario) ObjIndex(name string) int {
	for i := range s.Objects {
		if s.Objects[i].Name == name {
			return i
		}
	}
	return -1
}

// ProgramIndex returns the index of the named program, or -1.
func (s *Scenario) ProgramIndex(name string) int {
	for i := range s.Programs {
		if s.Programs[i].Name == name {
			return i
		}
	}
	return -1
}
