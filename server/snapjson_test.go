package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"proclab/assets"
	"proclab/internal/workload"
	"proclab/lab"
	"proclab/sim"
)

// checkSnapshotJSON fails unless marshalSnapshot writes exactly the bytes
// json.Marshal writes for w, and marshalSnapshotRows the same message with
// its tasks as rows (checkSnapshotRows).
func checkSnapshotJSON(t *testing.T, name string, w wireSnapshot) {
	t.Helper()
	want, err := json.Marshal(w)
	if err != nil {
		t.Fatalf("%s: json.Marshal: %v", name, err)
	}
	checkSnapshotRows(t, name, w, want)
	got, err := marshalSnapshot(w)
	if err != nil {
		t.Fatalf("%s: marshalSnapshot: %v", name, err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		from := max(0, i-80)
		t.Errorf("%s: got %d bytes, want %d; they differ at byte %d:\n got  ...%s\n want ...%s", name, len(got), len(want), i,
			got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
	}
}

// checkSnapshotRows fails unless marshalSnapshotRows's message, its rows
// folded back as the page folds them (web/js/delta.js withRows: each row
// over the task before, the fields it unsets taken out), is want (the
// message with whole tasks), and it says "tasks_rows" only when it has
// tasks.
func checkSnapshotRows(t *testing.T, name string, w wireSnapshot, want []byte) {
	t.Helper()
	got, err := marshalSnapshotRows(w)
	if err != nil {
		t.Fatalf("%s: marshalSnapshotRows: %v", name, err)
	}
	var msg, whole map[string]any
	if err := json.Unmarshal(got, &msg); err != nil {
		t.Fatalf("%s: the rows message is not JSON: %v", name, err)
	}
	if err := json.Unmarshal(want, &whole); err != nil {
		t.Fatal(err)
	}
	rows, _ := msg["tasks"].([]any)
	if (len(rows) > 0) != (msg["tasks_rows"] == true) {
		t.Errorf("%s: %d tasks, tasks_rows %v", name, len(rows), msg["tasks_rows"])
	}
	delete(msg, "tasks_rows")
	var prev map[string]any
	for i, r := range rows {
		row := r.(map[string]any)
		task := row
		if i > 0 {
			task = map[string]any{}
			for k, v := range prev {
				task[k] = v
			}
			for k, v := range row {
				task[k] = v
			}
			if unset, ok := row["unset"].([]any); ok {
				delete(task, "unset")
				for _, k := range unset {
					delete(task, k.(string))
				}
			}
		}
		rows[i], prev = task, task
	}
	if base, _ := msg["base"].(map[string]any); base != nil && base["delta"] != nil {
		if base["delta"] != true || base["slim"] != true {
			t.Errorf("%s: a base delta marked %v, slim %v", name, base["delta"], base["slim"])
		}
		base["tasks"] = foldBaseDelta(rows, base["tasks"].([]any), base["gone"])
		delete(base, "delta")
		delete(base, "gone")
	}
	a, _ := json.Marshal(msg)
	b, _ := json.Marshal(whole)
	if !bytes.Equal(a, b) {
		t.Errorf("%s: the rows message folded back differs from the whole one (%d and %d bytes of JSON)", name, len(a), len(b))
	}
}

// foldBaseDelta folds a slim base sent as a delta (docs/protocol.md,
// "Rows"), as the page does (web/js/delta.js withBase): the snapshot's
// tasks in their order, each as its slim fields, the gone PIDs dropped,
// a listed task in place of the one with its PID, the others after them.
func foldBaseDelta(tasks, listed []any, gone any) []any {
	slim := []string{"pid", "ppid", "tgid", "name", "state", "mode"}
	byPID := map[float64]any{}
	for _, x := range listed {
		byPID[x.(map[string]any)["pid"].(float64)] = x
	}
	dropped := map[float64]bool{}
	if g, ok := gone.([]any); ok {
		for _, p := range g {
			dropped[p.(float64)] = true
		}
	}
	out := []any{}
	kept := map[float64]bool{}
	for _, x := range tasks {
		task := x.(map[string]any)
		pid := task["pid"].(float64)
		if dropped[pid] {
			continue
		}
		kept[pid] = true
		if c, ok := byPID[pid]; ok {
			out = append(out, c)
			continue
		}
		s := map[string]any{}
		for _, k := range slim {
			s[k] = task[k]
		}
		out = append(out, s)
	}
	for _, x := range listed {
		if !kept[x.(map[string]any)["pid"].(float64)] {
			out = append(out, x)
		}
	}
	return out
}

// TestSnapshotJSONIsEncodingJSONs checks the hand-written snapshot encoder
// against encoding/json on every lesson at its first, second, middle and
// last steps, and on the largest run the limits allow at its last step.
func TestSnapshotJSONIsEncodingJSONs(t *testing.T) {
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls.All() {
		sess := lab.NewSession(ls)
		if _, err := sess.Load(lab.LoadRequest{Lesson: l.ID}, nil); err != nil {
			t.Fatalf("lesson %s: %v", l.ID, err)
		}
		total := sess.Total()
		for _, step := range []int64{0, 1, total / 2, total} {
			checkSnapshotJSON(t, l.ID+" at step "+itoa(int(step)), toWireSnapshot(sess.At(step)))
			checkSnapshotJSON(t, l.ID+" at step "+itoa(int(step))+", prev as a delta", prevAsDelta(toWireSnapshot(sess.At(step))))
			checkSnapshotJSON(t, l.ID+" at step "+itoa(int(step))+", as the socket sends it", slimBase(prevAsDelta(toWireSnapshot(sess.At(step)))))
		}
	}
	src := workload.Largest()
	sess := lab.NewSession(ls)
	snap, err := sess.Load(lab.LoadRequest{Scenario: &src, Step: 3906}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(snap.Tasks), 3000; got < want {
		t.Fatalf("the largest run has %d tasks at step %d; want at least %d", got, snap.Step, want)
	}
	checkSnapshotJSON(t, "the largest run", toWireSnapshot(snap))
	checkSnapshotJSON(t, "the largest run, prev as a delta", prevAsDelta(toWireSnapshot(snap)))
	checkSnapshotJSON(t, "the largest run, as the socket sends it", slimBase(prevAsDelta(toWireSnapshot(snap))))
	// Its base goes as a delta against its tasks on a socket that folds
	// patches: a few hundred of its 3,011 tasks changed in the window.
	w := slimBase(prevAsDelta(toWireSnapshot(snap)))
	rows, _ := marshalSnapshotRows(w)
	var msg struct {
		Base struct {
			Tasks []json.RawMessage `json:"tasks"`
			Delta bool              `json:"delta"`
		} `json:"base"`
	}
	if err := json.Unmarshal(rows, &msg); err != nil {
		t.Fatal(err)
	}
	if !msg.Base.Delta || len(msg.Base.Tasks)*4 > len(w.Base.Tasks) {
		t.Errorf("the largest run's base: delta %v, %d tasks listed of %d; want a delta listing under a quarter", msg.Base.Delta, len(msg.Base.Tasks), len(w.Base.Tasks))
	}
	t.Logf("the largest run's snapshot as the socket sends it: %d bytes, its base listing %d of %d tasks", len(rows), len(msg.Base.Tasks), len(w.Base.Tasks))
}

// TestSnapshotJSONOddValues checks the encoder against encoding/json on
// what no lesson shows: strings it escapes (HTML characters, quotes,
// control characters, U+2028, invalid UTF-8, non-ASCII), nil and empty
// lists, every optional field of a task and of an event set and unset,
// and negative numbers.
func TestSnapshotJSONOddValues(t *testing.T) {
	code := -3
	odd := []string{"", "a<b", "b>a", "p&q", `q"uote\back`, "tab\there\n", "line\u2028sep", "bad\xffutf8", "进程", "\x00", "plain"}
	var tasks []wireTask
	for i, s := range odd {
		tasks = append(tasks, wireTask{PID: sim.PID(i + 1), PPID: -1, Name: s, State: s, Mode: "kernel", Wchan: s, Signal: s,
			Pending: []string{s, "SIGINT"}, Locals: []int64{int64(-i), 1 << 40}, InCS: i%2 == 0, WaitObj: -1, CPU: -1,
			UserTicks: int64(i) * 1e12, Created: -5})
	}
	tasks[0].ExitCode = &code
	tasks[1].Pending, tasks[1].Locals = noSignals, []int64{}
	tasks[2].Pending = nil
	events := []wireEvent{{Step: 1, Kind: "state", PID: 2, CPU: -1, From: "running", To: "zombie", Cause: "exit"}, {}}
	for _, s := range odd {
		events = append(events, wireEvent{Step: -1, Kind: s, PID: 3, Other: -4, CPU: 15, From: s, To: s, Cause: s, Value: -7,
			Voluntary: true, Obj: -2, Arg: 1 << 50, Signal: s, Syscall: s, Text: s, Stderr: true})
	}
	vars := []int64{1, -2}
	cases := []struct {
		name string
		w    wireSnapshot
	}{
		{"zero", wireSnapshot{}},
		{"empty lists", wireSnapshot{Base: wireBase{Tasks: []wireTask{}, CPUs: []sim.PID{}}, Events: []wireEvent{}, Tasks: []wireTask{}, CPUs: []sim.PID{}, Prev: []wireTask{}}},
		{"odd strings", wireSnapshot{V: 1, Type: "snap<shot>", Step: 9, Total: -1, Base: wireBase{Step: 2, Tasks: tasks, CPUs: []sim.PID{-1, 3}},
			Events: events, Tasks: tasks, CPUs: []sim.PID{0}, Prev: tasks[:1]}},
		{"shared state and output", wireSnapshot{V: 1, Type: "snapshot", Tasks: tasks[:2], wireShared: wireShared{Vars: vars, Objects: []wireObject{{Holder: 2, Waiters: []sim.PID{}}}},
			Output: []wireOutput{{Index: 1, Text: "héllo <world>\n", Stderr: true}}, OutputOmitted: 3}},
		{"output only", wireSnapshot{OutputOmitted: 1}},
		{"odd strings, a slim base", wireSnapshot{V: 1, Type: "snapshot", Step: 9, Base: wireBase{Step: 2, Tasks: tasks, CPUs: []sim.PID{-1, 3}, Slim: true},
			Events: events, Tasks: tasks, Prev: tasks[:1]}},
		{"a slim base of no tasks", wireSnapshot{Base: wireBase{Slim: true}}},
		{"a slim base of an empty list", wireSnapshot{Base: wireBase{Tasks: []wireTask{}, CPUs: []sim.PID{}, Slim: true}}},
	}
	for _, tc := range cases {
		checkSnapshotJSON(t, tc.name, tc.w)
	}
}

// TestSlimBaseDeltaNamesEachTaskOnce: a base goes as a delta only when
// every PID names one task in the base and in the tasks (PIDs wrap and a
// reaped task's PID is handed out again); otherwise it goes whole.
func TestSlimBaseDeltaNamesEachTaskOnce(t *testing.T) {
	task := func(pid sim.PID, state string) wireTask {
		return wireTask{PID: pid, Name: "w", State: state, Mode: "user"}
	}
	tasks := []wireTask{task(1, "sleeping"), task(2, "running"), task(3, "runnable")}
	base := []wireTask{task(1, "sleeping"), task(2, "runnable")}
	changed, gone, ok := slimBaseDelta(base, tasks)
	if !ok || len(changed) != 1 || changed[0].PID != 2 || len(gone) != 1 || gone[0] != 3 {
		t.Fatalf("a delta of distinct PIDs: changed %v, gone %v, ok %v; want P2 changed and P3 gone", changed, gone, ok)
	}
	twice := []wireTask{task(1, "sleeping"), task(2, "dead"), task(2, "running")}
	if _, _, ok := slimBaseDelta(twice, twice); ok {
		t.Error("a base with a PID twice went as a delta")
	}
	if _, _, ok := slimBaseDelta(base, twice); ok {
		t.Error("tasks with a PID twice: the base went as a delta")
	}
}
