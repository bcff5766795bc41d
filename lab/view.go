package lab

import "proclab/sim"

// Task is one task as a viewer sees it after a step.
type Task struct {
	PID, PPID   sim.PID
	TGID        sim.PID // its process (thread group): the leader's PID; PID is the thread's TID
	Threads     int     // threads in its process not yet released, as ps shows NLWP (0 once released)
	Name        string
	Program     int // index into Run.Programs; -1 for init
	State       sim.State
	CPU         int // -1 when not on a CPU
	Line        int // the source line of its next instruction (0: none)
	Kernel      bool
	ExitCode    int        // when it ended by calling exit (Signal 0)
	Signal      sim.Signal // the signal that killed it, 0 if none
	PGID, SID   sim.PID    // process group and session
	UserTicks   int64
	KernelTicks int64
	Voluntary   int64  // voluntary context switches
	Involuntary int64  // involuntary (nonvoluntary) context switches
	Created     int64  // the step it was created
	Pending     uint32 // pending signals: bit n-1 is signal n
	PC          int
	Locals      []int64 // threads: the local slots (registers, then locals)
	WaitObj     int     // the sync object it waits or spins on; -1: none
	InCS        bool    // inside a critical section
	Wchan       string  // the wait channel it sleeps in, as /proc/PID/wchan names it ("" when it sleeps in none)
}

// Object is a sync object's state: holder (0: none), waiters in queue
// order, count (semaphore value, waitgroup counter, channel buffer length)
// and lock statistics in ticks.
type Object struct {
	Holder    sim.PID
	HeldSince int64 // the step the holder acquired it
	Waiters   []sim.PID
	Count     int64
	Acquired  int64
	Contended int64
	TotalWait int64
	MaxWait   int64
	Live      *LockLive // issue 12, part 7: the counters with the waits under way (nil: not a lock)
}

// Shared is the shared-memory state after a step: variables, sync objects
// and, in manual mode at the end of the recording, the decision due.
type Shared struct {
	Vars     []int64
	Objects  []Object
	Decision *Decision
	// -- part 1, memory
	Memory *Memory // address spaces (memory.go); nil unless the scenario uses memory
	// -- part 2, system calls and modes
	// -- part 3, context-switch cost
	// Switches are the dispatches of the step (what each saved, restored
	// and cost); SwitchCounters the run's switch counters (nil: none yet).
	Switches       []sim.ContextSwitch
	SwitchCounters *sim.SwitchCounters
	// -- part 4a, pipes, FIFOs, message queues
	IPC []sim.IPCView // the pipes, FIFOs and message queues (nil: none)
	// -- part 4b, shared memory and sockets
	Segments []sim.ShmView    // shared memory segments: who has each mapped (sim/shm.go)
	Sockets  []sim.SocketView // sockets: call, state, queues, buffers, drops, sleepers (sim/socket.go)
}

// Base is where a snapshot's history window starts.
type Base struct {
	Step  int64
	Tasks []Task
	CPUs  []sim.PID // the task on each CPU (0: idle)
}

// Snapshot is a run at one step, with the events of the window of steps
// before it (Base.Step+1 .. Step) so a viewer can draw the recent past.
type Snapshot struct {
	Step, Total int64
	Base        Base
	Events      []sim.Event
	Tasks       []Task
	CPUs        []sim.PID
	// Prev is the tasks after step Step-1 (nil at step 0): a viewer that
	// jumps to a step compares them with Tasks to mark the line each task
	// ran in the step it shows.
	Prev []Task
	Shared
	// Output is what a Go program printed up to Step (docs/go.md): the
	// lines the window's events name and the latest lines before them
	// (see snapshotOutput); OutputOmitted earlier lines are left out. Both
	// are zero for a scenario, which prints nothing.
	Output        []OutputLine
	OutputOmitted int
	// Memo is not nil when the snapshot is one that loads share (a step
	// kept by Recordings, recordings.go): every load that shows it gets
	// the same Memo, where a viewer keeps what it makes of the snapshot,
	// once.
	Memo *Memo
}

// Frame is one step forward: what happened in it and the state after it.
// Output is the lines a Go program printed in this step (nil when none).
type Frame struct {
	Step   int64
	Events []sim.Event
	Tasks  []Task
	CPUs   []sim.PID
	Shared
	Output []OutputLine
}

// Line is one instruction of a program: a statement, or one micro-step of
// a statement (several then share Line and Text).
type Line struct {
	Line  int
	Text  string
	Index int    // the instruction index (a task's PC)
	Micro string // the micro-step, for the expanded view
}

// Program is the code of one program as a viewer draws it.
type Program struct {
	Name   string
	Line   int
	Thread bool
	Locals []string // names of the local slots (threads)
	Code   []Line
}

// Var is a shared variable's declaration.
type Var struct {
	Name string
	Init int64
}

// ObjDecl is a sync object's declaration.
type ObjDecl struct {
	Name string
	Kind string
}

// Notice tells the viewer that what it opened may differ from what its
// link showed: the link was made under engine semantics From, the lab runs
// To, and the engine did not keep From's behaviour.
type Notice struct {
	From, To int
}

// Run describes what a session has open: everything a viewer draws that
// does not change from step to step.
type Run struct {
	Lesson     string // the lesson id, "" for a scenario or an OSTEP run
	Title      Text
	Explain    Text
	Scenario   string // the scenario's text (or "ostep CMDLINE")
	Seed       uint64
	Choices    []sim.PID
	Total      int64
	CPUs       int
	Policy     string
	Quantum    int64
	Programs   []Program
	Vars       []Var
	Objects    []ObjDecl
	Expects    []string
	Manual     bool
	Interleave bool
	Picker     Picker
	Semantics  int     // the engine semantics version the run follows
	Notice     *Notice // non-nil when a link's version did not replay exactly
	// Lang is the language of the run's text: LangGo for a Go program,
	// LangScenario ("") for a scenario (and for an OSTEP run).
	Lang string
	// GoSource is a built-in lesson's Go (Lesson.Go): a scenario lesson's
	// Go twin, or a Go lesson's own source (then equal to Scenario); ""
	// for anything else.
	GoSource string
}

// Decision is a pending or past dispatch decision in manual mode.
type Decision struct {
	Time       int64 // the tick it is made at
	CPU        int
	Candidates []string
	PIDs       []sim.PID // the candidates' PIDs, for Choose
	PolicyPick string
	Shortest   string
	Chosen     string // past decisions: the name chosen
}

// Picker is who chooses what runs next in a run opened in the stepper.
type Picker string

// The pickers.
const (
	PickPolicy Picker = "policy" // the scenario's scheduling policy
	PickRandom Picker = "random" // a seeded random choice among the ready tasks
)

func toDecision(d sim.Decision) Decision {
	out := Decision{Time: d.Step - 1, CPU: d.CPU, Candidates: d.Names, PIDs: d.Candidates,
		PolicyPick: d.Name(d.PolicyPick), Shortest: d.Name(d.Shortest)}
	if d.Chosen != 0 {
		out.Chosen = d.Name(d.Chosen)
	}
	return out
}

// tasksOf is the task table of e.
func tasksOf(e *sim.Engine) []Task { return tasksOfInto(nil, e) }

// tasksOfInto is tasksOf written into dst's array when it has room: a
// snapshot of the largest run takes the tasks at up to eight window starts
// and drops most (snapshotWatch), 0.6 MB each.
func tasksOfInto(dst []Task, e *sim.Engine) []Task {
	ts := e.Tasks()
	sc := e.Scenario()
	var out []Task
	if cap(dst) >= len(ts) {
		out = dst[:len(ts)]
	} else {
		out = make([]Task, len(ts))
	}
	// TGID -> threads not yet released (a zombie leader counts). Without
	// threads (no task outside its own group) every live task has one,
	// and the map is not needed: most runs, and every step of them.
	var nlwp map[sim.PID]int
	for i := range ts {
		if ts[i].TGID != ts[i].PID {
			nlwp = make(map[sim.PID]int, len(ts))
			break
		}
	}
	if nlwp != nil {
		for i := range ts {
			if t := &ts[i]; t.State != sim.StateDead && t.State != sim.StateNone {
				nlwp[t.TGID]++
			}
		}
	}
	for i := range ts {
		t := &ts[i]
		out[i] = Task{
			PID: t.PID, PPID: t.PPID, TGID: t.TGID, Name: t.Name, Program: t.Program, State: t.State,
			CPU: t.CPU, Line: e.Line(t), Kernel: t.Kernel, ExitCode: t.ExitCode, Signal: t.Signal, PGID: t.PGID, SID: t.SID,
			UserTicks: t.UserTicks, KernelTicks: t.KernelTicks, Voluntary: t.Voluntary, Involuntary: t.Involuntary,
			Created: t.Created, Pending: uint32(t.Pending), PC: t.PC, WaitObj: t.WaitingOn(), InCS: t.InCriticalSection(),
			Wchan: e.WaitChannel(t),
		}
		if t.State != sim.StateDead && t.State != sim.StateNone {
			out[i].Threads = 1
			if nlwp != nil {
				out[i].Threads = nlwp[t.TGID]
			}
		}
		if t.Program >= 0 && sc.Programs[t.Program].Thread {
			out[i].Locals = append([]int64(nil), t.Locals[:len(sc.Programs[t.Program].Locals)]...)
		}
	}
	return out
}

// sharedOf is the shared-memory state of e (without a decision).
func sharedOf(e *sim.Engine) Shared {
	sc := e.Scenario()
	var w Shared
	for v := range sc.Vars {
		w.Vars = append(w.Vars, e.Var(v))
	}
	for o := range sc.Objects {
		holder, waiters, count, st := e.Object(o)
		w.Objects = append(w.Objects, Object{Holder: holder, HeldSince: st.HeldSince, Waiters: waiters, Count: count,
			Acquired: st.Acquired, Contended: st.Contended, TotalWait: st.TotalWait, MaxWait: st.MaxWait,
			Live: lockLiveOf(e, o, st)}) // issue 12, part 7 (lockview.go)
	}
	// -- part 1, memory
	w.Memory = memoryOf(e)
	// -- part 2, system calls and modes
	// -- part 3, context-switch cost
	w.Switches, w.SwitchCounters = switchesOf(e) // switchcost.go
	// -- part 4a, pipes, FIFOs, message queues
	w.IPC = e.IPC()
	// -- part 4b, shared memory and sockets
	w.Segments, w.Sockets = e.Segments(), e.Sockets()
	return w
}

// programsOf is the code of sc's programs as a viewer draws it.
func programsOf(sc *sim.Scenario) []Program {
	out := make([]Program, len(sc.Programs))
	for i, p := range sc.Programs {
		wp := Program{Name: p.Name, Line: p.Line, Thread: p.Thread, Code: []Line{}}
		if p.Thread {
			wp.Locals = p.Locals
		}
		for k, in := range p.Code[:len(p.Code)-1] { // the last is the implicit exit
			wp.Code = append(wp.Code, Line{Line: in.Line, Text: in.Text, Index: k, Micro: in.Micro})
		}
		out[i] = wp
	}
	return out
}
