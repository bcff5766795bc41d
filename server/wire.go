package server

import (
	"encoding/json"

	"proclab/lab"
	"proclab/sim"
)

// Wire types (server -> client).

// wireError is the one error shape of the protocol, on websockets and in
// REST bodies alike: the client translates by Code.
type wireError struct {
	V       int             `json:"v"`
	Type    string          `json:"type"` // always "error"
	ID      json.RawMessage `json:"id,omitempty"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Line    int             `json:"line,omitempty"`
	Col     int             `json:"col,omitempty"`
	// Detail is the precise kind of a parse error, for translation
	// (docs/protocol.md, "Errors"); absent for other errors.
	Detail *wireDetail `json:"detail,omitempty"`
}

// wireDetail is an error's precise code and its arguments, as text in the
// order the English message uses them.
type wireDetail struct {
	Code string   `json:"code"`
	Args []string `json:"args"`
}

type bilingual struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

type wireLessonRef struct {
	ID    string    `json:"id"`
	Title bilingual `json:"title"`
	Topic string    `json:"topic"`          // processes, scheduling or races
	Lang  string    `json:"lang,omitempty"` // "go" for a Go lesson (a Go program, not a scenario)
}

type wireHello struct {
	V         int             `json:"v"`
	Type      string          `json:"type"`
	Semantics int             `json:"semantics"` // the engine semantics version share links carry
	Lessons   []wireLessonRef `json:"lessons"`
	Limits    wireLimits      `json:"limits"`
}

// wireLimits are every limit the page needs to refuse, before sending,
// what the server would reject (lab.Limits plus the transport's).
type wireLimits struct {
	MessageBytes    int64   `json:"message_bytes"`
	RequestBytes    int64   `json:"request_bytes"`
	ScenarioBytes   int64   `json:"scenario_bytes"`
	Steps           int64   `json:"steps"`
	Choices         int64   `json:"choices"`
	ExploreStates   int64   `json:"explore_states"`
	OstepArgsBytes  int64   `json:"ostep_args_bytes"`
	X86SourceBytes  int64   `json:"x86_source_bytes"`
	MinSpeed        float64 `json:"min_speed"`
	MaxSpeed        float64 `json:"max_speed"`
	SchedCPUs       int64   `json:"sched_cpus"`
	SchedSwitchCost int64   `json:"sched_switch_cost"`
	SchedQuantum    int64   `json:"sched_quantum"`
	SchedJobs       int64   `json:"sched_jobs"`
	SchedBursts     int64   `json:"sched_bursts"`
	SchedRuns       int64   `json:"sched_runs"`
	SchedTicks      int64   `json:"sched_ticks"`
}

// wireLine is one instruction of a program: a statement, or one
// micro-step of a statement (several then share Line and Text).
type wireLine struct {
	Line  int    `json:"line"`
	Text  string `json:"text"`
	Index int    `json:"index"`           // the instruction index (a task's pc)
	Micro string `json:"micro,omitempty"` // the micro-step, for the expanded view
}

type wireProgram struct {
	Name   string     `json:"name"`
	Line   int        `json:"line"`
	Thread bool       `json:"thread,omitempty"`
	Locals []string   `json:"locals,omitempty"` // names of the local slots (registers r0, r1, then locals)
	Code   []wireLine `json:"code"`
}

type wireVar struct {
	Name string `json:"name"`
	Init int64  `json:"init"`
}

type wireObjDecl struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type wireLoaded struct {
	V          int           `json:"v"`
	Type       string        `json:"type"`
	Lesson     string        `json:"lesson"`
	Title      bilingual     `json:"title"`
	Explain    bilingual     `json:"explain"`
	Scenario   string        `json:"scenario"`
	Seed       uint64        `json:"seed"`
	Choices    []sim.PID     `json:"choices"`
	Total      int64         `json:"total"`
	CPUs       int           `json:"cpus"`
	Policy     string        `json:"policy"`
	Quantum    int64         `json:"quantum"`
	Programs   []wireProgram `json:"programs"`
	Vars       []wireVar     `json:"vars"`
	Objects    []wireObjDecl `json:"objects"`
	Expects    []string      `json:"expects"`
	Manual     bool          `json:"manual"`
	Interleave bool          `json:"interleave"`
	Picker     string        `json:"picker"`
	Semantics  int           `json:"semantics"`
	Notice     *wireNotice   `json:"notice,omitempty"`
	Lang       string        `json:"lang"`                // "go" for a Go program, "" for a scenario
	GoSource   string        `json:"go_source,omitempty"` // a lesson's Go: its twin, or a Go lesson's own source
	// Wchans names the wait channel of each blocking state change, keyed
	// "STATE:CAUSE" ("sleeping:wait_child" -> "do_wait"; a stop's key has
	// no cause: "stopped:"), for this program's kind (sim.WaitChannels).
	Wchans map[string]string `json:"wchans"`
}

// wireNotice tells the page that a link's engine version did not replay
// exactly (docs/protocol.md, "Share links").
type wireNotice struct {
	Code string `json:"code"` // "semantics_changed"
	From int    `json:"from"`
	To   int    `json:"to"`
}

type wireTask struct {
	PID         sim.PID  `json:"pid"`
	PPID        sim.PID  `json:"ppid"`
	TGID        sim.PID  `json:"tgid"`
	NLWP        int      `json:"nlwp"`
	Name        string   `json:"name"`
	Program     int      `json:"program"`
	State       string   `json:"state"`
	CPU         int      `json:"cpu"`
	Line        int      `json:"line"`
	Mode        string   `json:"mode"`
	ExitCode    *int     `json:"exit_code,omitempty"` // only when it ended by calling exit
	Signal      string   `json:"signal,omitempty"`    // the signal that killed it: its wait status is "killed by signal", with no exit code
	PGID        sim.PID  `json:"pgid"`
	SID         sim.PID  `json:"sid"`
	UserTicks   int64    `json:"user_ticks"`
	KernelTicks int64    `json:"kernel_ticks"`
	VCSW        int64    `json:"vcsw"`
	NVCSW       int64    `json:"nvcsw"`
	Created     int64    `json:"created"`
	Pending     []string `json:"pending"`
	PC          int      `json:"pc"`
	Locals      []int64  `json:"locals,omitempty"` // threads: the local slots
	WaitObj     int      `json:"wait_obj"`         // the sync object it waits or spins on, -1
	InCS        bool     `json:"in_cs,omitempty"`  // inside a critical section
	Wchan       string   `json:"wchan,omitempty"`  // its wait channel, as /proc/PID/wchan names it (sim.WaitChannelFor)
}

// wireEvent is an event as the websocket sends it: lab's record, which
// `proclab run --json` prints too.
type wireEvent = EventRecord

type wireBase struct {
	Step  int64      `json:"step"`
	Tasks []wireTask `json:"tasks"`
	CPUs  []sim.PID  `json:"cpus"`
	// Slim says Tasks are written with only the fields a page reads from
	// the window's start (wireBaseTask): the socket sends the base so when
	// the snapshot has its prev (slimBase), an export whole.
	Slim bool `json:"slim,omitempty"`
}

// wireBaseTask is a task of a slim base: what the page's fold takes from
// the window's start (names, parents, thread groups, states and modes;
// web/js/fold.js seedMaps). The largest run's base is 234 KB so, 702 KB
// whole.
type wireBaseTask struct {
	PID   sim.PID `json:"pid"`
	PPID  sim.PID `json:"ppid"`
	TGID  sim.PID `json:"tgid"`
	Name  string  `json:"name"`
	State string  `json:"state"`
	Mode  string  `json:"mode"`
}

// MarshalJSON writes b as encoding/json writes its fields, its tasks as
// wireBaseTasks when b.Slim.
func (b wireBase) MarshalJSON() ([]byte, error) {
	type whole wireBase // (no MarshalJSON: the fields as they are)
	if !b.Slim {
		return json.Marshal(whole(b))
	}
	var tasks []wireBaseTask
	if b.Tasks != nil {
		tasks = make([]wireBaseTask, len(b.Tasks))
		for i, t := range b.Tasks {
			tasks[i] = wireBaseTask{PID: t.PID, PPID: t.PPID, TGID: t.TGID, Name: t.Name, State: t.State, Mode: t.Mode}
		}
	}
	return json.Marshal(struct {
		Step  int64          `json:"step"`
		Tasks []wireBaseTask `json:"tasks"`
		CPUs  []sim.PID      `json:"cpus"`
		Slim  bool           `json:"slim"`
	}{b.Step, tasks, b.CPUs, true})
}

type wireSnapshot struct {
	V      int         `json:"v"`
	Type   string      `json:"type"`
	Step   int64       `json:"step"`
	Total  int64       `json:"total"`
	Base   wireBase    `json:"base"`
	Events []wireEvent `json:"events"`
	Tasks  []wireTask  `json:"tasks"`
	CPUs   []sim.PID   `json:"cpus"`
	Prev   []wireTask  `json:"prev,omitempty"` // the tasks after step-1: what ran in the shown step
	// PrevDelta says Prev lists only the tasks of step-1 that are not in
	// Tasks as they are (changed, or gone by step) and PrevGone the PIDs of
	// Tasks not there at step-1, in the order of a delta step message
	// (delta.go): the socket sends prev so (sendSnapshot), an export whole.
	PrevGone  []sim.PID `json:"prev_gone,omitempty"`
	PrevDelta bool      `json:"prev_delta,omitempty"`
	wireShared
	// Output is what a Go program printed up to step (the earliest
	// output_omitted lines left out); absent for a scenario.
	Output        []wireOutput `json:"output,omitempty"`
	OutputOmitted int          `json:"output_omitted,omitempty"`
}

// wireOutput is one write a Go program made to its output: its index in
// the run's output, the step, the goroutine (task) that printed, the text
// (at most 1 KiB, ending in "…" when cut), whether it went to stderr, and
// whether it is the line that stands for output past the run's budget.
type wireOutput struct {
	Index     int     `json:"index"`
	Step      int64   `json:"step"`
	PID       sim.PID `json:"pid"`
	Text      string  `json:"text"`
	Stderr    bool    `json:"stderr,omitempty"`
	Truncated bool    `json:"truncated,omitempty"`
}

// wireShared is the shared-memory state at a step: variables, sync
// objects, and (manual mode, at the end of the recording) the decision due.
type wireShared struct {
	Vars     []int64       `json:"vars,omitempty"`
	Objects  []wireObject  `json:"objects,omitempty"`
	Decision *wireDecision `json:"decision,omitempty"`
	// -- part 1, memory
	Memory *wireMemory `json:"memory,omitempty"` // wire_memory.go
	// -- part 2, system calls and modes
	// -- part 3, context-switch cost
	Switches       []wireSwitch        `json:"switches,omitempty"`        // the step's dispatches (wire_switch.go)
	SwitchCounters *wireSwitchCounters `json:"switch_counters,omitempty"` // the run's switch counters so far
	// -- part 4a, pipes, FIFOs, message queues
	IPC []wireIPC `json:"pipes,omitempty"` // wire_ipc.go
	// -- part 4b, shared memory and sockets
	Segments []wireSegment `json:"segments,omitempty"` // wire_ipc.go
	Sockets  []wireSocket  `json:"sockets,omitempty"`
}

// wireObject is a sync object's state: holder (0: none), waiters in queue
// order, count (semaphore value, waitgroup counter, channel buffer length),
// and lock statistics (ticks).
type wireObject struct {
	Holder    sim.PID   `json:"holder"`
	HeldSince int64     `json:"held_since"` // the step the holder acquired it
	Waiters   []sim.PID `json:"waiters"`
	Count     int64     `json:"count"`
	Acquired  int64     `json:"acquired"`
	Contended int64     `json:"contended"`
	TotalWait int64     `json:"total_wait"`
	MaxWait   int64     `json:"max_wait"`
	// Live (locks only) counts the waits under way too (issue 12, part 7):
	// what the lock panel shows after every step.
	Live *wireLockLive `json:"live,omitempty"`
}

// wireLockLive are a lock's counters with the waits under way
// (lab.LockLive): contended acquisitions (finished + waiting now), threads
// waiting now (queued + spinning), total and longest wait in ticks, and
// each waiting thread with the step it started to wait (since) and its
// ticks so far.
type wireLockLive struct {
	Contended int64          `json:"contended"`
	Waiting   int            `json:"waiting"`
	TotalWait int64          `json:"total_wait"`
	MaxWait   int64          `json:"max_wait"`
	Waits     []wireLockWait `json:"waits"`
}

type wireLockWait struct {
	PID      sim.PID `json:"pid"`
	Since    int64   `json:"since"`
	Ticks    int64   `json:"ticks"`
	Spinning bool    `json:"spinning,omitempty"`
}

// toWireLockLive converts the live lock counters (nil stays nil).
func toWireLockLive(l *lab.LockLive) *wireLockLive {
	if l == nil {
		return nil
	}
	out := &wireLockLive{Contended: l.Contended, Waiting: l.Waiting, TotalWait: l.TotalWait, MaxWait: l.MaxWait, Waits: []wireLockWait{}}
	for _, w := range l.Waits {
		out.Waits = append(out.Waits, wireLockWait{PID: w.PID, Since: w.Since, Ticks: w.Ticks, Spinning: w.Spinning})
	}
	return out
}

// wireEvents is one step: its events and the state after it. With Delta
// set, Tasks lists only the tasks new or changed since the table the
// client holds and Gone the PIDs no longer in it (delta.go).
type wireEvents struct {
	V      int         `json:"v"`
	Type   string      `json:"type"`
	Step   int64       `json:"step"`
	Events []wireEvent `json:"events"`
	Tasks  []wireTask  `json:"tasks"`
	Delta  bool        `json:"delta,omitempty"`
	Gone   []sim.PID   `json:"gone,omitempty"`
	CPUs   []sim.PID   `json:"cpus"`
	wireShared
	Output []wireOutput `json:"output,omitempty"` // the lines a Go program printed in this step
}

type wireStatus struct {
	V       int       `json:"v"`
	Type    string    `json:"type"`
	Playing bool      `json:"playing"`
	Speed   float64   `json:"speed"`
	Step    int64     `json:"step"`
	Total   int64     `json:"total"`
	Choices []sim.PID `json:"choices"` // the choices so far (they change in manual mode)
}

// wireExplored answers an explore command: lab's record, which `proclab
// run --explore --json` prints too, after the version and type.
type wireExplored struct {
	V    int    `json:"v"`
	Type string `json:"type"`
	ExploreRecord
	// Cancelled: the client's cancel_explore stopped it (complete is
	// false). Reduced: the schedule counts are of the partial-order
	// reduced exploration (lab.Explored.Reduced).
	Cancelled bool `json:"cancelled,omitempty"`
	Reduced   bool `json:"reduced,omitempty"`
}

// noSignals is the pending list of a task with none (most): shared, never
// appended to in place (append copies a zero-capacity slice).
var noSignals = make([]string, 0)

func toWireTasks(ts []lab.Task) []wireTask {
	out := make([]wireTask, len(ts))
	for i := range ts {
		t := &ts[i]
		mode := "user"
		if t.Kernel {
			mode = "kernel"
		}
		pending := noSignals
		for s := sim.Signal(1); t.Pending != 0 && s <= 32; s++ {
			if t.Pending&(1<<(s-1)) != 0 {
				pending = append(pending, s.String())
			}
		}
		out[i] = wireTask{
			PID: t.PID, PPID: t.PPID, TGID: t.TGID, NLWP: t.Threads, Name: t.Name, Program: t.Program, State: t.State.String(),
			CPU: t.CPU, Line: t.Line, Mode: mode, PGID: t.PGID, SID: t.SID,
			UserTicks: t.UserTicks, KernelTicks: t.KernelTicks, VCSW: t.Voluntary, NVCSW: t.Involuntary,
			Created: t.Created, Pending: pending, PC: t.PC, Locals: t.Locals, WaitObj: t.WaitObj, InCS: t.InCS, Wchan: t.Wchan,
		}
		setWaitStatus(&out[i], t)
	}
	return out
}

// setWaitStatus fills a wire task's wait status when it has ended.
func setWaitStatus(w *wireTask, t *lab.Task) {
	if t.State != sim.StateZombie && t.State != sim.StateDead {
		return
	}
	if t.Signal != 0 {
		w.Signal = t.Signal.String()
		return
	}
	code := t.ExitCode
	w.ExitCode = &code
}

// toWireEvents returns the records of evs; the output lines that output
// and panic events name are found in lines (by index).
func toWireEvents(evs []sim.Event, lines []lab.OutputLine) []wireEvent {
	return EventRecordsOf(evs, func(i int) (string, bool, bool) {
		if len(lines) == 0 {
			return "", false, false
		}
		k := i - lines[0].Index // lines are consecutive
		if k < 0 || k >= len(lines) {
			return "", false, false
		}
		return lines[k].Text, lines[k].Stderr, true
	})
}

func toWireOutput(lines []lab.OutputLine) []wireOutput {
	if len(lines) == 0 {
		return nil
	}
	out := make([]wireOutput, len(lines))
	for i, l := range lines {
		out[i] = wireOutput{Index: l.Index, Step: l.Step, PID: l.PID, Text: l.Text, Stderr: l.Stderr, Truncated: l.Truncated}
	}
	return out
}

func toWireShared(s lab.Shared) wireShared {
	w := wireShared{Vars: s.Vars}
	for _, o := range s.Objects {
		waiters := o.Waiters
		if waiters == nil {
			waiters = []sim.PID{}
		}
		w.Objects = append(w.Objects, wireObject{Holder: o.Holder, HeldSince: o.HeldSince, Waiters: waiters, Count: o.Count,
			Acquired: o.Acquired, Contended: o.Contended, TotalWait: o.TotalWait, MaxWait: o.MaxWait, Live: toWireLockLive(o.Live)})
	}
	// -- part 1, memory
	w.Memory = toWireMemory(s.Memory)
	// -- part 2, system calls and modes
	// -- part 3, context-switch cost
	w.Switches, w.SwitchCounters = toWireSwitches(s.Switches, s.SwitchCounters)
	// -- part 4a, pipes, FIFOs, message queues
	w.IPC = toWireIPC(s.IPC)
	// -- part 4b, shared memory and sockets
	w.Segments, w.Sockets = toWireSegments(s.Segments), toWireSockets(s.Sockets)
	if s.Decision != nil {
		d := toWireDecision(*s.Decision)
		w.Decision = &d
	}
	return w
}

func toWireSnapshot(s lab.Snapshot) wireSnapshot {
	return wireSnapshot{V: ProtocolVersion, Type: "snapshot", Step: s.Step, Total: s.Total,
		Base:   wireBase{Step: s.Base.Step, Tasks: toWireTasks(s.Base.Tasks), CPUs: cpus(s.Base.CPUs)},
		Events: toWireEvents(s.Events, s.Output), Tasks: toWireTasks(s.Tasks), CPUs: cpus(s.CPUs), Prev: toWireTasks(s.Prev), wireShared: toWireShared(s.Shared),
		Output: toWireOutput(s.Output), OutputOmitted: s.OutputOmitted}
}

func toWireFrame(f lab.Frame) wireEvents {
	return wireEvents{V: ProtocolVersion, Type: "events", Step: f.Step, Events: toWireEvents(f.Events, f.Output),
		Tasks: toWireTasks(f.Tasks), CPUs: cpus(f.CPUs), wireShared: toWireShared(f.Shared), Output: toWireOutput(f.Output)}
}

func cpus(c []sim.PID) []sim.PID {
	if c == nil {
		return []sim.PID{}
	}
	return c
}

func toWireLoaded(r lab.Run) wireLoaded {
	w := wireLoaded{
		V: ProtocolVersion, Type: "loaded", Lesson: r.Lesson, Title: bilingual(r.Title), Explain: bilingual(r.Explain),
		Scenario: r.Scenario, Seed: r.Seed, Choices: cpus(r.Choices), Total: r.Total, CPUs: r.CPUs, Policy: r.Policy,
		Quantum: r.Quantum, Programs: []wireProgram{}, Vars: []wireVar{}, Objects: []wireObjDecl{}, Expects: []string{},
		Manual: r.Manual, Interleave: r.Interleave, Picker: string(r.Picker), Semantics: r.Semantics, Lang: r.Lang,
		GoSource: r.GoSource, Wchans: sim.WaitChannels(r.Lang == "go"),
	}
	for _, p := range r.Programs {
		wp := wireProgram{Name: p.Name, Line: p.Line, Thread: p.Thread, Locals: p.Locals, Code: []wireLine{}}
		for _, l := range p.Code {
			wp.Code = append(wp.Code, wireLine(l))
		}
		w.Programs = append(w.Programs, wp)
	}
	for _, v := range r.Vars {
		w.Vars = append(w.Vars, wireVar(v))
	}
	for _, o := range r.Objects {
		w.Objects = append(w.Objects, wireObjDecl(o))
	}
	w.Expects = append(w.Expects, r.Expects...)
	if r.Notice != nil {
		w.Notice = &wireNotice{Code: "semantics_changed", From: r.Notice.From, To: r.Notice.To}
	}
	return w
}

func toWireExplored(x lab.Explored) wireExplored {
	return wireExplored{V: ProtocolVersion, Type: "explored", ExploreRecord: ExploreRecordOf(x), Reduced: x.Reduced}
}

func toWireLimits(messageBytes, requestBytes int64) wireLimits {
	l := lab.Current()
	return wireLimits{MessageBytes: messageBytes, RequestBytes: requestBytes, ScenarioBytes: l.ScenarioBytes, Steps: l.Steps,
		Choices: l.Choices, ExploreStates: l.ExploreStates, OstepArgsBytes: l.OstepArgsBytes, X86SourceBytes: l.X86SourceBytes,
		MinSpeed: l.MinSpeed, MaxSpeed: l.MaxSpeed, SchedCPUs: l.SchedCPUs, SchedSwitchCost: l.SchedSwitchCost,
		SchedQuantum: l.SchedQuantum, SchedJobs: l.SchedJobs, SchedBursts: l.SchedBursts, SchedRuns: l.SchedRuns, SchedTicks: l.SchedTicks}
}
