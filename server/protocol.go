package server

import (
	"proclab/lab"
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
	Semantics  int       `json:"semantics,omitempty"`  // load: the engine semantics version of a share link
	PID        sim.PID   `json:"pid,omitempty"`        // choose: the task to run
	Kinds      []string  `json:"kinds,omitempty"`      // next_interesting: the reasons to stop at (none: every one; lab.Reasons)
	Link       string    `json:"link,omitempty"`       // shorten: the page fragment to store (links.go)
}

// loadRequest is a load command as lab sees it.
func (c command) loadRequest() lab.LoadRequest {
	r := lab.LoadRequest{Lesson: c.Lesson, Scenario: c.Scenario, Ostep: c.Ostep, Source: c.Source, Seed: c.Seed,
		Choices: c.Choices, Manual: c.Manual, Interleave: c.Interleave, Picker: lab.Picker(c.Picker), Semantics: c.Semantics}
	if c.Step != nil {
		r.Step = *c.Step
	}
	return r
}

// decodeCommand parses and validates one client message.
func decodeCommand(data []byte) (command, error) {
	var c command
	if err := decodeJSON(data, &c, false); err != nil {
		return c, err
	}
	if c.V != ProtocolVersion {
		return c, errBadVersion(c.V)
	}
	switch c.Type {
	case "load":
		if err := c.loadRequest().Check(); err != nil {
			return c, err
		}
	case "seek":
		if c.Step == nil {
			return c, lab.Errorf(lab.CodeBadField, "seek needs a step")
		}
		if *c.Step < 0 {
			return c, lab.Errorf(lab.CodeBadField, "step must not be negative")
		}
	case "play":
		if c.Speed != nil && (*c.Speed < lab.MinSpeed || *c.Speed > lab.MaxSpeed || *c.Speed != *c.Speed) {
			return c, lab.Errorf(lab.CodeBadField, "speed must be between %g and %g steps per second", lab.MinSpeed, lab.MaxSpeed)
		}
	case "choose":
		if c.PID <= 0 {
			return c, lab.Errorf(lab.CodeBadField, "choose needs the pid of a task to run")
		}
	case "next_interesting": // issue 12, part 2 (presenter mode)
		if _, err := lab.ParseReasons(c.Kinds); err != nil {
			return c, err
		}
	case "shorten": // issue 13: POST /api/links on the websocket
		if c.Link == "" {
			return c, lab.Errorf(lab.CodeBadField, "shorten needs a link")
		}
	case "step", "back", "pause", "reset", "explore":
	default:
		return c, errUnknownType(c.Type)
	}
	return c, nil
}
