package server

import (
	"proclab/lab"
	"proclab/sim"
)

// This file holds the JSON records that two front ends print the same way:
// the websocket's messages and `proclab run --json` (package main imports
// them from here, as the wire types live in server: DESIGN §6), so the CLI
// and the websocket cannot drift apart field by field.

// EventRecord is one sim.Event as the websocket's events messages carry it
// and as `proclab run --json` prints it, one per line. Step is the tick
// the event happened in; PID and Other are process IDs (0: none); CPU is
// the CPU index (-1: none); states, causes, signals and system calls are
// their names. For exit and reaped events, Signal names the signal that
// killed the task (its wait status is "killed by signal", and Value, the
// exit code, is meaningless); without Signal, Value is its exit code.
type EventRecord struct {
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
	// Text is, for output, panic and all_asleep events (a Go program's),
	// the line the program (or Go's runtime) printed (Value is its index in
	// the run's output), and Stderr says it went to standard error; a
	// client needs nothing else to show it.
	Text   string `json:"text,omitempty"`
	Stderr bool   `json:"stderr,omitempty"`
}

// OutputIndex is the index of the output line an event names (an output
// event's line, or the runtime's message of a panic or all_asleep event),
// and ok is false for every other kind of event.
func OutputIndex(ev sim.Event) (i int, ok bool) {
	if ev.Kind == sim.EvOutput || ev.Kind == sim.EvPanic || ev.Kind == sim.EvAllAsleep {
		return int(ev.Value), true
	}
	return 0, false
}

// EventRecordsOf returns the records of evs. For an event that names an
// output line (OutputIndex), line(i) gives that line's text and stream; ok
// false leaves the record without text.
func EventRecordsOf(evs []sim.Event, line func(i int) (text string, stderr, ok bool)) []EventRecord {
	out := make([]EventRecord, 0, len(evs))
	for _, ev := range evs {
		w := EventRecordOf(ev)
		if i, ok := OutputIndex(ev); ok && line != nil {
			if text, stderr, ok := line(i); ok {
				w.Text, w.Stderr = text, stderr
			}
		}
		out = append(out, w)
	}
	return out
}

// EventRecordOf returns ev's record.
func EventRecordOf(ev sim.Event) EventRecord {
	w := EventRecord{
		Step: ev.Step, Kind: ev.Kind.String(), PID: ev.Task, Other: ev.Other, CPU: ev.CPU,
		Cause: ev.Cause.String(), Value: ev.Value, Voluntary: ev.Voluntary, Obj: ev.Obj, Arg: ev.Arg,
	}
	if ev.Kind == sim.EvState {
		w.From, w.To = ev.From.String(), ev.To.String()
	}
	switch ev.Kind {
	case sim.EvSignalSent, sim.EvSignalDelivered, sim.EvSignalDeferred, sim.EvKillFailed:
		w.Signal = sim.Signal(ev.Value).String()
	case sim.EvSyscall, sim.EvCallFailed, sim.EvIPCFailed, sim.EvVDSO, sim.EvPipeFail:
		w.Syscall = sim.Syscall(ev.Value).String()
	case sim.EvRestart:
		w.Syscall, w.Signal = sim.Syscall(ev.Value).String(), sim.Signal(ev.Arg).String()
	case sim.EvWaitReport:
		w.Signal = sim.Signal(ev.Value).String()
	case sim.EvExit, sim.EvReaped:
		if ev.Arg != 0 { // killed by a signal: no exit code, the signal's name
			w.Signal = sim.Signal(ev.Arg).String()
		}
	}
	return w
}

// ExploreRecord is explore's answer as the websocket's explored message
// carries it (after its "v" and "type") and as `proclab run --explore
// --json` prints it. Every list is present, empty rather than null.
type ExploreRecord struct {
	Outcomes []OutcomeRecord `json:"outcomes"`
	States   int             `json:"states"`   // distinct states expanded
	Complete bool            `json:"complete"` // false: a bound was hit, or it was stopped
	Cycles   bool            `json:"cycles"`   // some schedules loop forever; counts and races cover the others
}

// OutcomeRecord is one outcome in an ExploreRecord: the shared variables at
// the end by name (a Go program's package-level variables), the
// violations, how many schedules end here, one that does (the choices to
// replay with interleave), the shared variables with a data race and with
// a lost update on some schedule that ends here, and what a Go program
// printed on them (omitted for a scenario, which prints nothing).
type OutcomeRecord struct {
	Vars        map[string]int64 `json:"vars"`
	Violations  []string         `json:"violations"`
	Schedules   uint64           `json:"schedules"`
	Witness     []sim.PID        `json:"witness"`
	Races       []string         `json:"races"`
	LostUpdates []string         `json:"lost_updates"`
	Output      *string          `json:"output,omitempty"`
}

// ExploreRecordOf returns x's record. The outcomes of a Go program always
// carry their output ("" included); a scenario's never do.
func ExploreRecordOf(x lab.Explored) ExploreRecord {
	out := ExploreRecord{Outcomes: []OutcomeRecord{}, States: x.States, Complete: x.Complete, Cycles: x.Cycles}
	for _, o := range x.Outcomes {
		r := OutcomeRecord{Vars: o.Vars, Violations: o.Violations, Schedules: o.Schedules, Witness: o.Witness, Races: o.Races, LostUpdates: o.LostUpdates}
		if x.Go {
			r.Output = &o.Output
		}
		out.Outcomes = append(out.Outcomes, r)
	}
	return out
}
