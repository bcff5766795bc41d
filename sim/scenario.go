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
)

// Instr is one compiled statement.
type Instr struct {
	Op         Op
	A, B       int64 // operands (see Op)
	Sig        Signal
	Target     TargetKind
	TargetPID  PID
	TargetName string
	Line, Col  int    // where the statement starts in the scenario text (1-based)
	Text       string // the statement as written, trimmed
}

// Program is a named list of instructions. Every program ends with an
// implicit "exit 0".
type Program struct {
	Name string
	Line int // the line of its header
	Code []Instr
}

// ProcessSpec is a process the scenario starts itself, as a child of PID 1.
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
	PIDMax   int   // PIDs are below PIDMax; after PIDMax-1 they wrap to the lowest free one
	MaxTasks int   // tasks ever created, PID 1 included
	Seed     uint64
	MLFQ     MLFQConfig
	CFS      CFSConfig
	// SwitchCost is the ticks a CPU spends switching to a different task.
	SwitchCost int64
	// Jobs is the scheduling model ("model jobs"): system calls take no
	// time, a task ends the moment its last statement ends, and PID 1 reaps
	// at once without running, so that textbook schedules come out exactly.
	Jobs      bool
	Title     map[string]string // language ("en", "zh") -> title
	Explain   map[string]string // language -> explanation, lines joined by "\n"
	Programs  []Program
	Processes []ProcessSpec // sorted by arrival, then by order in the text
	Source    string        // the text it was parsed from
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
