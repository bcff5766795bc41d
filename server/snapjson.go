package server

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"proclab/sim"
)

// The snapshot message of the largest run (3,030 tasks, three tables of
// them and 9,000 events in its window) is about 2.9 MB of JSON, and
// encoding/json spent most of a first render's server time on it, by
// reflection. Its task tables and events are written here by hand
// instead; the rest of the message (the shared state, a Go program's
// output: small) still goes through encoding/json. The bytes are exactly
// those json.Marshal writes for the same message (snapjson_test.go checks
// it on every lesson and on the largest run), so nothing a client reads
// changes.

// marshalSnapshot returns the JSON of w, byte for byte what json.Marshal
// returns for it.
func marshalSnapshot(w wireSnapshot) ([]byte, error) { return marshalSnapshotAs(w, false) }

// marshalSnapshotRows returns the JSON of w with its tasks as rows
// (appendTaskRowsJSON) and "tasks_rows": true after them, for a client
// that folds patches (/ws?patch=1: docs/protocol.md, "Snapshots"); the
// rest is as json.Marshal writes it.
func marshalSnapshotRows(w wireSnapshot) ([]byte, error) { return marshalSnapshotAs(w, true) }

func marshalSnapshotAs(w wireSnapshot, rows bool) ([]byte, error) {
	// The shared state and output, as json.Marshal writes them, to splice in
	// after prev (where the embedded wireShared's fields go).
	rest, err := json.Marshal(struct {
		wireShared
		Output        []wireOutput `json:"output,omitempty"`
		OutputOmitted int          `json:"output_omitted,omitempty"`
	}{w.wireShared, w.Output, w.OutputOmitted})
	if err != nil {
		return nil, err
	}
	n := len(rest) + 256 + (len(w.Base.Tasks)+len(w.Tasks)+len(w.Prev))*taskJSONGuess + len(w.Events)*eventJSONGuess
	b := make([]byte, 0, n)
	b = append(b, `{"v":`...)
	b = strconv.AppendInt(b, int64(w.V), 10)
	b = append(b, `,"type":`...)
	b = appendJSONString(b, w.Type)
	b = append(b, `,"step":`...)
	b = strconv.AppendInt(b, w.Step, 10)
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, w.Total, 10)
	b = append(b, `,"base":{"step":`...)
	b = strconv.AppendInt(b, w.Base.Step, 10)
	b = append(b, `,"tasks":`...)
	var baseGone []sim.PID
	baseDelta := false
	switch {
	case rows && w.Base.Slim && len(w.Base.Tasks) > 0:
		var changed []wireTask
		if changed, baseGone, baseDelta = slimBaseDelta(w.Base.Tasks, w.Tasks); baseDelta {
			b = appendArrayJSON(b, changed, appendBaseTaskJSON)
		} else {
			b = appendArrayJSON(b, w.Base.Tasks, appendBaseTaskJSON)
		}
	case w.Base.Slim:
		b = appendArrayJSON(b, w.Base.Tasks, appendBaseTaskJSON)
	default:
		b = appendArrayJSON(b, w.Base.Tasks, appendTaskJSON)
	}
	b = append(b, `,"cpus":`...)
	b = appendArrayJSON(b, w.Base.CPUs, appendPIDJSON)
	if w.Base.Slim {
		b = append(b, `,"slim":true`...)
	}
	if baseDelta {
		if len(baseGone) > 0 {
			b = append(b, `,"gone":`...)
			b = appendArrayJSON(b, baseGone, appendPIDJSON)
		}
		b = append(b, `,"delta":true`...)
	}
	b = append(b, `},"events":`...)
	b = appendArrayJSON(b, w.Events, appendEventJSON)
	b = append(b, `,"tasks":`...)
	if rows && len(w.Tasks) > 0 {
		b = appendTaskRowsJSON(b, w.Tasks)
		b = append(b, `,"tasks_rows":true`...)
	} else {
		b = appendArrayJSON(b, w.Tasks, appendTaskJSON)
	}
	b = append(b, `,"cpus":`...)
	b = appendArrayJSON(b, w.CPUs, appendPIDJSON)
	if len(w.Prev) > 0 {
		b = append(b, `,"prev":`...)
		b = appendArrayJSON(b, w.Prev, appendTaskJSON)
	}
	if len(w.PrevGone) > 0 {
		b = append(b, `,"prev_gone":`...)
		b = appendArrayJSON(b, w.PrevGone, appendPIDJSON)
	}
	if w.PrevDelta {
		b = append(b, `,"prev_delta":true`...)
	}
	if len(rest) > 2 { // not "{}"
		b = append(b, ',')
		b = append(b, rest[1:len(rest)-1]...)
	}
	return append(b, '}'), nil
}

// slimBaseDelta returns a slim base (the tasks at the window's start, of
// which the page reads only what appendBaseTaskJSON writes) as a delta
// against the snapshot's own tasks, by the rule of a delta step message
// (delta.go): the base's tasks whose slim fields differ from those of the
// task with their PID in tasks, or that tasks lacks, and the PIDs of tasks
// not in the base. A window of 50 steps changes a few hundred of the
// largest run's 3,011 tasks: its base is 238 KB whole and about 30 KB so.
// ok is false when the rule would misorder the base (a task reaped in the
// window) or cannot name a task by its PID (a PID twice in a table, after
// PIDs wrapped): the base then goes whole.
func slimBaseDelta(base, tasks []wireTask) (changed []wireTask, gone []sim.PID, ok bool) {
	slim := func(ts []wireTask) []wireTask {
		out := make([]wireTask, len(ts))
		for i := range ts {
			t := &ts[i]
			out[i] = wireTask{PID: t.PID, PPID: t.PPID, TGID: t.TGID, Name: t.Name, State: t.State, Mode: t.Mode}
		}
		return out
	}
	var d taskDelta
	d.hold(slim(tasks))
	return d.encode(slim(base))
}

// Rough sizes in bytes of a task's and an event's JSON, to size the buffer
// once (a task is 230-260 bytes, an event 70-110).
const (
	taskJSONGuess  = 260
	eventJSONGuess = 100
)

// appendArrayJSON appends xs as json.Marshal writes a slice: null when
// nil, else each element written by one, between brackets and commas.
func appendArrayJSON[T any](b []byte, xs []T, one func([]byte, *T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = one(b, &xs[i])
	}
	return append(b, ']')
}

// appendTaskRowsJSON appends tasks (at least one) as rows: the first
// whole, each next one as a patch against the one before it
// (appendTaskPatchJSON: its pid, the fields that differ, and in "unset"
// those it leaves out). Neighbours in a table are mostly tasks of one
// program and parent, alike but for a few fields: the largest run's 3,030
// tasks are 720 KB whole and about a third of that as rows, and a browser
// spends main-thread time on every byte of a message before the page sees
// it (docs/benchmarks.md).
func appendTaskRowsJSON(b []byte, tasks []wireTask) []byte {
	b = append(b, '[')
	for i := range tasks {
		if i == 0 {
			b = appendTaskJSON(b, &tasks[0])
			continue
		}
		b = appendTaskPatchJSON(append(b, ','), &tasks[i-1], &tasks[i])
	}
	return append(b, ']')
}

// appendPIDJSON appends p as a JSON number.
func appendPIDJSON(b []byte, p *sim.PID) []byte {
	return strconv.AppendInt(b, int64(*p), 10)
}

// appendTaskIDsJSON opens a task's object with the fields a whole task and
// a slim base's task both begin with: pid, ppid and tgid.
func appendTaskIDsJSON(b []byte, t *wireTask) []byte {
	b = append(b, `{"pid":`...)
	b = strconv.AppendInt(b, int64(t.PID), 10)
	b = append(b, `,"ppid":`...)
	b = strconv.AppendInt(b, int64(t.PPID), 10)
	b = append(b, `,"tgid":`...)
	return strconv.AppendInt(b, int64(t.TGID), 10)
}

// appendBaseTaskJSON appends t as json.Marshal writes it in a slim base
// (wireBaseTask).
func appendBaseTaskJSON(b []byte, t *wireTask) []byte {
	b = appendTaskIDsJSON(b, t)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, t.Name)
	b = append(b, `,"state":`...)
	b = appendJSONString(b, t.State)
	b = append(b, `,"mode":`...)
	b = appendJSONString(b, t.Mode)
	return append(b, '}')
}

// appendTaskJSON appends t as json.Marshal writes a wireTask: every field
// in declaration order, those marked omitempty only when not empty.
func appendTaskJSON(b []byte, t *wireTask) []byte {
	b = appendTaskIDsJSON(b, t)
	b = append(b, `,"nlwp":`...)
	b = strconv.AppendInt(b, int64(t.NLWP), 10)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, t.Name)
	b = append(b, `,"program":`...)
	b = strconv.AppendInt(b, int64(t.Program), 10)
	b = append(b, `,"state":`...)
	b = appendJSONString(b, t.State)
	b = append(b, `,"cpu":`...)
	b = strconv.AppendInt(b, int64(t.CPU), 10)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(t.Line), 10)
	b = append(b, `,"mode":`...)
	b = appendJSONString(b, t.Mode)
	if t.ExitCode != nil {
		b = append(b, `,"exit_code":`...)
		b = strconv.AppendInt(b, int64(*t.ExitCode), 10)
	}
	if t.Signal != "" {
		b = append(b, `,"signal":`...)
		b = appendJSONString(b, t.Signal)
	}
	b = append(b, `,"pgid":`...)
	b = strconv.AppendInt(b, int64(t.PGID), 10)
	b = append(b, `,"sid":`...)
	b = strconv.AppendInt(b, int64(t.SID), 10)
	b = append(b, `,"user_ticks":`...)
	b = strconv.AppendInt(b, t.UserTicks, 10)
	b = append(b, `,"kernel_ticks":`...)
	b = strconv.AppendInt(b, t.KernelTicks, 10)
	b = append(b, `,"vcsw":`...)
	b = strconv.AppendInt(b, t.VCSW, 10)
	b = append(b, `,"nvcsw":`...)
	b = strconv.AppendInt(b, t.NVCSW, 10)
	b = append(b, `,"created":`...)
	b = strconv.AppendInt(b, t.Created, 10)
	b = appendStringsJSON(append(b, `,"pending":`...), t.Pending)
	b = append(b, `,"pc":`...)
	b = strconv.AppendInt(b, int64(t.PC), 10)
	if len(t.Locals) > 0 {
		b = appendIntsJSON(append(b, `,"locals":`...), t.Locals)
	}
	b = append(b, `,"wait_obj":`...)
	b = strconv.AppendInt(b, int64(t.WaitObj), 10)
	if t.InCS {
		b = append(b, `,"in_cs":true`...)
	}
	if t.Wchan != "" {
		b = append(b, `,"wchan":`...)
		b = appendJSONString(b, t.Wchan)
	}
	return append(b, '}')
}

// appendEventJSON appends ev as json.Marshal writes an EventRecord.
func appendEventJSON(b []byte, ev *EventRecord) []byte {
	b = append(b, `{"step":`...)
	b = strconv.AppendInt(b, ev.Step, 10)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, ev.Kind)
	b = append(b, `,"pid":`...)
	b = strconv.AppendInt(b, int64(ev.PID), 10)
	if ev.Other != 0 {
		b = append(b, `,"other":`...)
		b = strconv.AppendInt(b, int64(ev.Other), 10)
	}
	b = append(b, `,"cpu":`...)
	b = strconv.AppendInt(b, int64(ev.CPU), 10)
	b = appendOmitString(b, `,"from":`, ev.From)
	b = appendOmitString(b, `,"to":`, ev.To)
	b = appendOmitString(b, `,"cause":`, ev.Cause)
	if ev.Value != 0 {
		b = append(b, `,"value":`...)
		b = strconv.AppendInt(b, ev.Value, 10)
	}
	if ev.Voluntary {
		b = append(b, `,"voluntary":true`...)
	}
	if ev.Obj != 0 {
		b = append(b, `,"obj":`...)
		b = strconv.AppendInt(b, int64(ev.Obj), 10)
	}
	if ev.Arg != 0 {
		b = append(b, `,"arg":`...)
		b = strconv.AppendInt(b, ev.Arg, 10)
	}
	b = appendOmitString(b, `,"signal":`, ev.Signal)
	b = appendOmitString(b, `,"syscall":`, ev.Syscall)
	b = appendOmitString(b, `,"text":`, ev.Text)
	if ev.Stderr {
		b = append(b, `,"stderr":true`...)
	}
	return append(b, '}')
}

// appendStringsJSON appends ss as json.Marshal writes a []string: null
// when nil.
func appendStringsJSON(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendIntsJSON appends vs as json.Marshal writes a non-nil []int64.
func appendIntsJSON(b []byte, vs []int64) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, v, 10)
	}
	return append(b, ']')
}

// appendOmitString appends key and s unless s is empty (omitempty).
func appendOmitString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
// Printable ASCII other than the characters it escapes (", \, <, > and &)
// is copied as it is; any other string goes through encoding/json, which
// escapes control characters, HTML characters, U+2028, U+2029 and invalid
// UTF-8 in its own way.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
