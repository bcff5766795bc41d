package server

import (
	"encoding/json"
	"errors"
	"fmt"

	"proclab/sim"
)

// ProtocolVersion is the "v" of every message (docs/protocol.md).
const ProtocolVersion = 1

// command is a client message. Fields not used by its type are ignored.
type command struct {
	V          int       `json:"v"`
	Type       string    `json:"type"`
	Lesson     string    `json:"lesson,omitempty"`
	Scenario   *string   `json:"scenario,omitempty"`
	Ostep      string    `json:"ostep,omitempty"`
	Source     string    `json:"source,omitempty"` // ostep x86-intro/x86-locks: the program's text
	Seed       uint64    `json:"seed,omitempty"`
	Choices    []sim.PID `json:"choices,omitempty"`
	Step       *int64    `json:"step,omitempty"`
	Speed      *float64  `json:"speed,omitempty"`
	Manual     bool      `json:"manual,omitempty"`     // load: stop at every dispatch decision for a person to make
	Interleave bool      `json:"interleave,omitempty"` // load: one CPU, quantum 1 (as explore; witnesses replay)
	Picker     string    `json:"picker,omitempty"`     // load: "policy" (default) or "random"
	PID        sim.PID   `json:"pid,omitempty"`        // choose: the task to run
}

// Speeds a client may ask for, in steps per second.
const (
	MinSpeed     = 0.25
	MaxSpeed     = 1000.0
	DefaultSpeed = 2
)

// protoError is an error the client sees as an "error" message.
type protoError struct {
	Code      string
	Msg       string
	Line, Col int
}

func (e *protoError) Error() string { return e.Code + ": " + e.Msg }

func errf(code, format string, args ...any) *protoError {
	return &protoError{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// decodeCommand parses and validates one client message.
func decodeCommand(data []byte) (command, error) {
	var c command
	if err := json.Unmarshal(data, &c); err != nil {
		return c, errf("bad_json", "the message is not a JSON command object: %v", err)
	}
	if c.V != ProtocolVersion {
		return c, errf("bad_version", "protocol version %d is not supported; use %d", c.V, ProtocolVersion)
	}
	switch c.Type {
	case "load":
		given := 0
		for _, b := range []bool{c.Lesson != "", c.Scenario != nil, c.Ostep != ""} {
			if b {
				given++
			}
		}
		if given != 1 {
			return c, errf("bad_field", "load needs exactly one of lesson, scenario and ostep")
		}
		if len(c.Ostep) > 1024 {
			return c, errf("too_large", "an OSTEP command line is at most 1024 bytes")
		}
		if len(c.Source) > maxX86Source {
			return c, errf("too_large", "an x86 program is at most %d bytes", maxX86Source)
		}
		if c.Scenario != nil && len(*c.Scenario) > sim.MaxScenarioBytes {
			return c, errf("too_large", "the scenario is %d bytes; the limit is %d", len(*c.Scenario), sim.MaxScenarioBytes)
		}
		if len(c.Choices) > MaxChoices {
			return c, errf("too_large", "%d choices; the limit is %d", len(c.Choices), MaxChoices)
		}
		if c.Step != nil && *c.Step < 0 {
			return c, errf("bad_field", "step must not be negative")
		}
		if c.Picker != "" && c.Picker != "policy" && c.Picker != "random" {
			return c, errf("bad_field", "picker is policy or random")
		}
	case "seek":
		if c.Step == nil {
			return c, errf("bad_field", "seek needs a step")
		}
		if *c.Step < 0 {
			return c, errf("bad_field", "step must not be negative")
		}
	case "play":
		if c.Speed != nil && (*c.Speed < MinSpeed || *c.Speed > MaxSpeed || *c.Speed != *c.Speed) {
			return c, errf("bad_field", "speed must be between %g and %g steps per second", MinSpeed, MaxSpeed)
		}
	case "choose":
		if c.PID <= 0 {
			return c, errf("bad_field", "choose needs the pid of a task to run")
		}
	case "step", "back", "pause", "reset", "explore":
	default:
		return c, errf("unknown_type", "unknown command type %q", c.Type)
	}
	return c, nil
}

// asProtoError turns any error into what the client sees.
func asProtoError(err error) *protoError {
	var pe *protoError
	if errors.As(err, &pe) {
		return pe
	}
	var se *sim.ParseError
	if errors.As(err, &se) {
		return &protoError{Code: "parse", Msg: se.Error(), Line: se.Line, Col: se.Col}
	}
	return &protoError{Code: "internal", Msg: err.Error()}
}

// Wire types (server -> client).

type wireError struct {
	V       int    `json:"v"`
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
}

type bilingual struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

type wireLessonRef struct {
	ID    string    `json:"id"`
	Title bilingual `json:"title"`
	Topic string    `json:"topic"` // processes, scheduling or races
}

type wireHello struct {
	V       int             `json:"v"`
	Type    string          `json:"type"`
	Lessons []wireLessonRef `json:"lessons"`
	Limits  wireLimits      `json:"limits"`
}

type wireLimits struct {
	MessageBytes  int   `json:"message_bytes"`
	ScenarioBytes int   `json:"scenario_bytes"`
	Steps         int64 `json:"steps"`
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
}

type wireTask struct {
	PID         sim.PID  `json:"pid"`
	PPID        sim.PID  `json:"ppid"`
	Name        string   `json:"name"`
	Program     int      `json:"program"`
	State       string   `json:"state"`
	CPU         int      `json:"cpu"`
	Line        int      `json:"line"`
	Mode        string   `json:"mode"`
	ExitCode    int      `json:"exit_code"`
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
}

type wireEvent struct {
	Step      int64   `json:"step"`
	Kind      string  `json:"kind"`
	PID       sim.PID `json:"pid"`
	Other     sim.PID `json:"other,omitempty"`
	CPU       int16   `json:"cpu"`
	From      string  `json:"from,omitempty"`
	To        string  `json:"to,omitempty"`
	Cause     string  `json:"cause,omitempty"`
	Value     int64   `json:"value,omitempty"`
	Voluntary bool    `json:"voluntary,omitempty"`
	Obj       int16   `json:"obj,omitempty"`
	Arg       int64   `json:"arg,omitempty"`
	Signal    string  `json:"signal,omitempty"`
	Syscall   string  `json:"syscall,omitempty"`
}

type wireBase struct {
	Step  int64      `json:"step"`
	Tasks []wireTask `json:"tasks"`
	CPUs  []sim.PID  `json:"cpus"`
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
	wireShared
}

// wireShared is the shared-memory state at a step: variables, sync
// objects, and (manual mode, at the end of the recording) the decision due.
type wireShared struct {
	Vars     []int64       `json:"vars,omitempty"`
	Objects  []wireObject  `json:"objects,omitempty"`
	Decision *wireDecision `json:"decision,omitempty"`
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
}

type wireEvents struct {
	V      int         `json:"v"`
	Type   string      `json:"type"`
	Step   int64       `json:"step"`
	Events []wireEvent `json:"events"`
	Tasks  []wireTask  `json:"tasks"`
	CPUs   []sim.PID   `json:"cpus"`
	wireShared
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

// wireExplored answers an explore command (as proclab run --explore --json).
type wireExplored struct {
	V        int           `json:"v"`
	Type     string        `json:"type"`
	Outcomes []wireOutcome `json:"outcomes"`
	States   int           `json:"states"`
	Complete bool          `json:"complete"`
	Cycles   bool          `json:"cycles"`
}

type wireOutcome struct {
	Vars       map[string]int64 `json:"vars"`
	Violations []string         `json:"violations"`
	Schedules  uint64           `json:"schedules"`
	Witness    []sim.PID        `json:"witness"`
}

func toWireTasks(e *sim.Engine) []wireTask {
	ts := e.Tasks()
	out := make([]wireTask, len(ts))
	for i := range ts {
		t := &ts[i]
		mode := "user"
		if t.Kernel {
			mode = "kernel"
		}
		pending := []string{}
		for s := sim.Signal(1); s <= 32; s++ {
			if t.Pending&(1<<(s-1)) != 0 {
				pending = append(pending, s.String())
			}
		}
		out[i] = wireTask{
			PID: t.PID, PPID: t.PPID, Name: t.Name, Program: t.Program, State: t.State.String(),
			CPU: t.CPU, Line: e.Line(t), Mode: mode, ExitCode: t.ExitCode,
			UserTicks: t.UserTicks, KernelTicks: t.KernelTicks, VCSW: t.Voluntary, NVCSW: t.Involuntary,
			Created: t.Created, Pending: pending, PC: t.PC, WaitObj: t.WaitingOn(), InCS: t.InCriticalSection(),
		}
		if t.Program >= 0 && e.Scenario().Programs[t.Program].Thread {
			out[i].Locals = append([]int64(nil), t.Locals[:len(e.Scenario().Programs[t.Program].Locals)]...)
		}
	}
	return out
}

func toWireEvent(ev sim.Event) wireEvent {
	w := wireEvent{
		Step: ev.Step, Kind: ev.Kind.String(), PID: ev.Task, Other: ev.Other, CPU: ev.CPU,
		Cause: ev.Cause.String(), Value: ev.Value, Voluntary: ev.Voluntary, Obj: ev.Obj, Arg: ev.Arg,
	}
	if ev.Kind == sim.EvState {
		w.From, w.To = ev.From.String(), ev.To.String()
	}
	switch ev.Kind {
	case sim.EvSignalSent, sim.EvSignalDelivered, sim.EvSignalDeferred, sim.EvKillFailed:
		w.Signal = sim.Signal(ev.Value).String()
	case sim.EvSyscall:
		w.Syscall = sim.Syscall(ev.Value).String()
	}
	return w
}

func appendWireEvents(dst []wireEvent, evs []sim.Event) []wireEvent {
	for _, ev := range evs {
		dst = append(dst, toWireEvent(ev))
	}
	return dst
}

func toWirePrograms(sc *sim.Scenario) []wireProgram {
	out := make([]wireProgram, len(sc.Programs))
	for i, p := range sc.Programs {
		wp := wireProgram{Name: p.Name, Line: p.Line, Thread: p.Thread, Code: []wireLine{}}
		if p.Thread {
			wp.Locals = p.Locals
		}
		for k, in := range p.Code[:len(p.Code)-1] { // the last is the implicit exit
			wp.Code = append(wp.Code, wireLine{Line: in.Line, Text: in.Text, Index: k, Micro: in.Micro})
		}
		out[i] = wp
	}
	return out
}

// toWireShared is the shared-memory state of e.
func toWireShared(e *sim.Engine) wireShared {
	sc := e.Scenario()
	var w wireShared
	for v := range sc.Vars {
		w.Vars = append(w.Vars, e.Var(v))
	}
	for o := range sc.Objects {
		holder, waiters, count, st := e.Object(o)
		if waiters == nil {
			waiters = []sim.PID{}
		}
		w.Objects = append(w.Objects, wireObject{Holder: holder, HeldSince: st.HeldSince, Waiters: waiters, Count: count,
			Acquired: st.Acquired, Contended: st.Contended, TotalWait: st.TotalWait, MaxWait: st.MaxWait})
	}
	return w
}
