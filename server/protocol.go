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
	V        int       `json:"v"`
	Type     string    `json:"type"`
	Lesson   string    `json:"lesson,omitempty"`
	Scenario *string   `json:"scenario,omitempty"`
	Ostep    string    `json:"ostep,omitempty"`
	Seed     uint64    `json:"seed,omitempty"`
	Choices  []sim.PID `json:"choices,omitempty"`
	Step     *int64    `json:"step,omitempty"`
	Speed    *float64  `json:"speed,omitempty"`
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
		if c.Scenario != nil && len(*c.Scenario) > sim.MaxScenarioBytes {
			return c, errf("too_large", "the scenario is %d bytes; the limit is %d", len(*c.Scenario), sim.MaxScenarioBytes)
		}
		if len(c.Choices) > MaxChoices {
			return c, errf("too_large", "%d choices; the limit is %d", len(c.Choices), MaxChoices)
		}
		if c.Step != nil && *c.Step < 0 {
			return c, errf("bad_field", "step must not be negative")
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
	case "step", "back", "pause", "reset":
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

type wireLine struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

type wireProgram struct {
	Name string     `json:"name"`
	Line int        `json:"line"`
	Code []wireLine `json:"code"`
}

type wireLoaded struct {
	V        int           `json:"v"`
	Type     string        `json:"type"`
	Lesson   string        `json:"lesson"`
	Title    bilingual     `json:"title"`
	Explain  bilingual     `json:"explain"`
	Scenario string        `json:"scenario"`
	Seed     uint64        `json:"seed"`
	Choices  []sim.PID     `json:"choices"`
	Total    int64         `json:"total"`
	CPUs     int           `json:"cpus"`
	Policy   string        `json:"policy"`
	Quantum  int64         `json:"quantum"`
	Programs []wireProgram `json:"programs"`
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
}

type wireEvents struct {
	V      int         `json:"v"`
	Type   string      `json:"type"`
	Step   int64       `json:"step"`
	Events []wireEvent `json:"events"`
	Tasks  []wireTask  `json:"tasks"`
	CPUs   []sim.PID   `json:"cpus"`
}

type wireStatus struct {
	V       int     `json:"v"`
	Type    string  `json:"type"`
	Playing bool    `json:"playing"`
	Speed   float64 `json:"speed"`
	Step    int64   `json:"step"`
	Total   int64   `json:"total"`
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
			Created: t.Created, Pending: pending,
		}
	}
	return out
}

func toWireEvent(ev sim.Event) wireEvent {
	w := wireEvent{
		Step: ev.Step, Kind: ev.Kind.String(), PID: ev.Task, Other: ev.Other, CPU: ev.CPU,
		Cause: ev.Cause.String(), Value: ev.Value, Voluntary: ev.Voluntary,
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
		wp := wireProgram{Name: p.Name, Line: p.Line, Code: []wireLine{}}
		for _, in := range p.Code[:len(p.Code)-1] { // the last is the implicit exit
			wp.Code = append(wp.Code, wireLine{Line: in.Line, Text: in.Text})
		}
		out[i] = wp
	}
	return out
}
