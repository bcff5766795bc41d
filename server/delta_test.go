package server

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"sort"
	"testing"
	"time"

	"proclab/assets"
	"proclab/internal/fieldtest"
	"proclab/internal/workload"
	"proclab/lab"
	"proclab/sim"
)

// foldTasks is the client's side of a delta (docs/protocol.md), written
// apart from the server's encoder: the table a snapshot or events message
// leaves the client holding, given the table held before it.
func foldTasks(held []any, m map[string]any) ([]any, error) {
	tasks, _ := m["tasks"].([]any)
	if m["delta"] != true {
		if tasks == nil {
			return nil, fmt.Errorf("no task table")
		}
		return tasks, nil
	}
	if held == nil {
		return nil, fmt.Errorf("a delta with no table held")
	}
	pidOf := func(t any) float64 { return t.(map[string]any)["pid"].(float64) }
	changed := map[float64]any{}
	for _, t := range tasks {
		changed[pidOf(t)] = t
	}
	gone := map[float64]bool{}
	if g, ok := m["gone"].([]any); ok {
		for _, p := range g {
			gone[p.(float64)] = true
		}
	}
	out := []any{}
	kept := map[float64]bool{}
	for _, t := range held {
		pid := pidOf(t)
		if gone[pid] {
			continue
		}
		kept[pid] = true
		if c, ok := changed[pid]; ok {
			if m["patch"] == true { // c has the fields that changed; unset, those gone
				whole := map[string]any{}
				maps.Copy(whole, t.(map[string]any))
				for k, v := range c.(map[string]any) {
					whole[k] = v
				}
				delete(whole, "unset")
				if u, ok := c.(map[string]any)["unset"].([]any); ok {
					for _, k := range u {
						delete(whole, k.(string))
					}
				}
				c = whole
			}
			t = c
		}
		out = append(out, t)
	}
	for _, t := range tasks {
		if !kept[pidOf(t)] {
			out = append(out, t)
		}
	}
	return out, nil
}

// wireTable marshals and unmarshals ts, as a client gets it.
func wireTable(t *testing.T, ts []wireTask) []any {
	t.Helper()
	data, err := json.Marshal(ts)
	if err != nil {
		t.Fatal(err)
	}
	var out []any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSameTaskSeesEveryField(t *testing.T) {
	code := 3
	base := wireTask{PID: 2, Pending: []string{}, Locals: []int64{1}, ExitCode: &code}
	fieldtest.EachChanged(t, base, func(changed wireTask, field string) {
		if sameTask(&base, &changed) {
			t.Errorf("sameTask misses a change of %s", field)
		}
	})
	copyOf := base
	copyOf.Pending, copyOf.Locals = []string{}, []int64{1}
	other := code
	copyOf.ExitCode = &other
	if !sameTask(&base, &copyOf) {
		t.Error("sameTask: an equal copy differs")
	}
}

func TestTaskDeltaRebuildsTables(t *testing.T) {
	task := func(pid sim.PID, state string) wireTask {
		return wireTask{PID: pid, State: state, Pending: []string{}}
	}
	tests := []struct {
		name      string
		tables    [][]wireTask
		wantDelta []bool // per table after the first
		wantSent  []int  // tasks sent per table after the first
	}{
		{"unchanged", [][]wireTask{
			{task(1, "sleeping"), task(2, "running")},
			{task(1, "sleeping"), task(2, "running")},
		}, []bool{true}, []int{0}},
		{"one changes, one is new", [][]wireTask{
			{task(1, "sleeping"), task(2, "running")},
			{task(1, "sleeping"), task(2, "ready"), task(3, "running")},
		}, []bool{true}, []int{2}},
		{"one is gone from the middle", [][]wireTask{
			{task(1, "sleeping"), task(2, "zombie"), task(3, "running")},
			{task(1, "sleeping"), task(3, "running")},
		}, []bool{true}, []int{0}},
		{"a new task before an old one needs the whole table", [][]wireTask{
			{task(1, "sleeping"), task(3, "running")},
			{task(1, "sleeping"), task(2, "new"), task(3, "running")},
			{task(1, "sleeping"), task(2, "new"), task(3, "ready")},
		}, []bool{false, true}, []int{3, 1}},
		{"reordered", [][]wireTask{
			{task(1, "sleeping"), task(2, "running")},
			{task(2, "running"), task(1, "sleeping")},
		}, []bool{false}, []int{2}},
		{"a PID gone and back at the end needs the whole table", [][]wireTask{
			{task(1, "sleeping"), task(2, "dead"), task(3, "running")},
			{task(1, "sleeping"), task(3, "running"), task(2, "new")},
		}, []bool{false}, []int{3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d taskDelta
			d.hold(tc.tables[0])
			held := wireTable(t, tc.tables[0])
			for i, table := range tc.tables[1:] {
				w := wireEvents{Tasks: table}
				if changed, gone, ok := d.encode(table); ok {
					w.Tasks, w.Gone, w.Delta = changed, gone, true
				}
				data, _ := json.Marshal(w)
				var m map[string]any
				_ = json.Unmarshal(data, &m)
				got, err := foldTasks(held, m)
				if err != nil {
					t.Fatal(err)
				}
				if want := wireTable(t, table); !reflect.DeepEqual(got, want) {
					t.Fatalf("table %d: the client holds %v; want %v", i+1, got, want)
				}
				if w.Delta != tc.wantDelta[i] || len(w.Tasks) != tc.wantSent[i] {
					t.Errorf("table %d: delta %v with %d tasks; want %v with %d", i+1, w.Delta, len(w.Tasks), tc.wantDelta[i], tc.wantSent[i])
				}
				held = got
			}
		})
	}
	var d taskDelta
	if _, _, ok := d.encode([]wireTask{task(1, "running")}); ok {
		t.Error("a delta with no table held")
	}
}

// TestPlayedDeltasMatchTheRecording plays lessons at the top speed and
// checks that every step's table the client folds together is the
// recording's own table at that step, and that the steps come in order,
// several to a message: with whole changed tasks, and with patches (the
// page's /ws?patch=1), where every step must come patched.
func TestPlayedDeltasMatchTheRecording(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{})
	for _, tc := range []struct {
		lesson  string
		patched bool
	}{
		{"fork-exec", false}, {"orphans", false}, {"lost-update", false}, {"mlfq", false}, {"pipes", false},
		{"fork-exec", true}, {"orphans", true}, {"lost-update", true}, {"mlfq", true}, {"pipes", true},
		{"signals", true}, {"mutex", true}, {"deadlock", true}, {"job-control", true}, {"shm-sem", true}, {"go-counter", true},
		{"pids", false}, {"pids", true}, // PIDs wrap: a reaped task's PID is handed out again while it is in the table
	} {
		lesson := tc.lesson
		t.Run(fmt.Sprintf("%s/patched=%v", lesson, tc.patched), func(t *testing.T) {
			c := dial(t, ts)
			if tc.patched {
				c = dialPatched(t, ts)
			}
			c.send(map[string]any{"type": "load", "lesson": lesson})
			total := num(c.expect("loaded"), "total")
			c.expect("snapshot")
			oracle := lab.NewSession(srv.lessons)
			if _, err := oracle.Load(lab.LoadRequest{Lesson: lesson}, nil); err != nil {
				t.Fatal(err)
			}
			c.send(map[string]any{"type": "play", "speed": lab.MaxSpeed})
			step, messages, deltas, reused := int64(0), 0, 0, 0
			check := func(f map[string]any) {
				t.Helper()
				step++
				if num(f, "step") != step {
					t.Fatalf("got step %d; want %d", num(f, "step"), step)
				}
				if f["delta"] == true {
					deltas++
					if (f["patch"] == true) != tc.patched {
						t.Fatalf("step %d: patch %v; want %v", step, f["patch"], tc.patched)
					}
				} else if hasPIDTwice(toWireTasks(oracle.At(step).Tasks)) || hasPIDTwice(toWireTasks(oracle.At(step-1).Tasks)) {
					reused++ // a delta names tasks by PID: this table goes whole
				}
				want := wireTable(t, toWireTasks(oracle.At(step).Tasks))
				if !reflect.DeepEqual(f["tasks"], want) {
					t.Fatalf("step %d: the client holds %v; want %v", step, f["tasks"], want)
				}
			}
			for step < total {
				m := c.read()
				switch m["type"] {
				case "events":
					messages++
					check(m)
				case "batch":
					messages++
					frames := m["frames"].([]any)
					for _, f := range frames {
						check(f.(map[string]any))
					}
					if num(m, "step") != step {
						t.Fatalf("a batch says step %d; its last frame is %d", num(m, "step"), step)
					}
				case "status":
				default:
					t.Fatalf("got %v while playing", m)
				}
			}
			if deltas+reused != int(total) {
				t.Errorf("%d of %d steps came as deltas, %d whole with a PID twice; want all but those", deltas, total, reused)
			}
			if (reused > 0) != (lesson == "pids") {
				t.Errorf("%d steps of %s list a PID twice", reused, lesson)
			}
			if total >= 20 && messages*4 > int(total) {
				t.Errorf("%d steps came in %d messages at %v steps/s; want batches", total, messages, lab.MaxSpeed)
			}
		})
	}
}

func TestTickEveryKeepsTheBudgets(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name   string
		period time.Duration
		sent   int
		took   time.Duration
		want   time.Duration
	}{
		{"a small quick tick keeps the speed", 20 * ms, 3000, 1 * ms, 20 * ms},
		{"4 MiB take a second at the byte budget", 20 * ms, PlayBytesPerSecond, 1 * ms, time.Second},
		{"a tick of 30 ms waits 120 ms: a quarter of a core", 20 * ms, 3000, 30 * ms, 120 * ms},
		{"slow speeds keep their period", 500 * ms, 100, 2 * ms, 500 * ms},
	}
	for _, tc := range tests {
		if got := tickEvery(tc.period, tc.sent, tc.took); got != tc.want {
			t.Errorf("%s: tickEvery(%v, %d, %v) = %v; want %v", tc.name, tc.period, tc.sent, tc.took, got, tc.want)
		}
	}
	if got := playPeriod(lab.MaxSpeed); got != time.Second/PlayMessagesPerSecond {
		t.Errorf("at the top speed the period is %v; want %v", got, time.Second/PlayMessagesPerSecond)
	}
	if got := playPeriod(2); got != 500*ms {
		t.Errorf("at 2 steps/s the period is %v; want 500ms", got)
	}
}

// TestSnapshotPrevIsADelta seeks to steps of lessons and of a run with
// thousands of tasks over the socket and checks that each snapshot's prev
// comes as a delta against its own tasks (much smaller than the table)
// that folds, as the page folds it, to the recording's table at step-1.
func TestSnapshotPrevIsADelta(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{})
	largest := workload.Largest()
	cases := []struct {
		name string
		load map[string]any
	}{
		{"fork-exec", map[string]any{"type": "load", "lesson": "fork-exec"}},
		{"lost-update", map[string]any{"type": "load", "lesson": "lost-update"}},
		{"the largest run", map[string]any{"type": "load", "scenario": largest, "step": 600}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, ts)
			c.send(tc.load)
			total := int64(num(c.expect("loaded"), "total"))
			first := c.expect("snapshot")
			oracle := lab.NewSession(srv.lessons)
			req := lab.LoadRequest{Lesson: tc.name}
			if tc.load["scenario"] != nil {
				req = lab.LoadRequest{Scenario: &largest, Step: 600}
				total = 600
			}
			if _, err := oracle.Load(req, nil); err != nil {
				t.Fatal(err)
			}
			deltas := 0
			for i, step := range []int64{0, 1, 2, total / 2, total} {
				m := first
				if i > 0 || tc.load["scenario"] == nil {
					c.send(map[string]any{"type": "seek", "step": step})
					m = c.expect("snapshot")
				} else {
					step = total
				}
				if step == 0 {
					if _, ok := m["prev"]; ok || m["prev_delta"] != nil {
						t.Fatalf("step 0 has a prev: %v", m["prev"])
					}
					continue
				}
				if m["prev_delta"] != true {
					t.Fatalf("step %d: prev is not a delta", step)
				}
				deltas++
				prev, err := foldTasks(m["tasks"].([]any), map[string]any{"delta": true, "tasks": orEmpty(m["prev"]), "gone": m["prev_gone"]})
				if err != nil {
					t.Fatal(err)
				}
				want := wireTable(t, toWireTasks(oracle.At(step-1).Tasks))
				if !reflect.DeepEqual(prev, want) {
					t.Fatalf("step %d: prev folds to %v; want %v", step, prev, want)
				}
				if sent := len(orEmpty(m["prev"])); len(want) > 1000 && sent*10 > len(want) {
					t.Errorf("step %d: prev sends %d of %d tasks", step, sent, len(want))
				}
			}
			if deltas == 0 {
				t.Fatal("no snapshot with a prev")
			}
		})
	}
}

// TestSnapshotBaseIsSlim checks the base of the snapshots a socket sends:
// with a prev (every step but 0), each of its tasks has only the fields
// the page reads from the window's start, equal to the recording's task at
// base.step; at step 0 (no prev) the base is whole.
func TestSnapshotBaseIsSlim(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{})
	largest := workload.Largest()
	slimKeys := []string{"mode", "name", "pid", "ppid", "state", "tgid"}
	cases := []struct {
		name  string
		load  map[string]any
		req   lab.LoadRequest
		steps []int64
	}{
		{"fork-exec", map[string]any{"type": "load", "lesson": "fork-exec"}, lab.LoadRequest{Lesson: "fork-exec"}, []int64{0, 1, 30, 250}},
		{"go-counter", map[string]any{"type": "load", "lesson": "go-counter"}, lab.LoadRequest{Lesson: "go-counter"}, []int64{0, 5, 60}},
		{"the largest run", map[string]any{"type": "load", "scenario": largest, "step": 600}, lab.LoadRequest{Scenario: &largest, Step: 600}, []int64{600}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, ts)
			c.send(tc.load)
			c.expect("loaded")
			m := c.expect("snapshot")
			oracle := lab.NewSession(srv.lessons)
			if _, err := oracle.Load(tc.req, nil); err != nil {
				t.Fatal(err)
			}
			for _, step := range tc.steps {
				if tc.load["step"] == nil {
					c.send(map[string]any{"type": "seek", "step": step})
					m = c.expect("snapshot")
				}
				step = int64(num(m, "step"))
				base := m["base"].(map[string]any)
				snap := oracle.At(step)
				want := toWireTasks(snap.Base.Tasks)
				got := base["tasks"].([]any)
				if len(got) != len(want) {
					t.Fatalf("step %d: the base has %d tasks; want %d", step, len(got), len(want))
				}
				if step == 0 {
					if base["slim"] != nil || !reflect.DeepEqual(wireTable(t, want), got) {
						t.Fatalf("step 0: the base is not whole: %v", base)
					}
					continue
				}
				if base["slim"] != true {
					t.Fatalf("step %d: the base is not slim: %v", step, base["slim"])
				}
				for i, x := range got {
					task := x.(map[string]any)
					var keys []string
					for k := range task {
						keys = append(keys, k)
					}
					sort.Strings(keys)
					w := want[i]
					if !reflect.DeepEqual(keys, slimKeys) || num(task, "pid") != int64(w.PID) || num(task, "ppid") != int64(w.PPID) ||
						num(task, "tgid") != int64(w.TGID) || task["name"] != w.Name || task["state"] != w.State || task["mode"] != w.Mode {
						t.Fatalf("step %d: base task %d is %v; want the fields %v of %+v", step, i, task, slimKeys, w)
					}
				}
			}
		})
	}
}

// orEmpty is v as a list, or an empty one when absent.
func orEmpty(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{}
}

// TestSnapshotPrevWithReusedPIDs: in the lesson on PIDs a new task gets
// the PID of a reaped one still listed. A snapshot's prev then goes whole
// (a delta names tasks by PID), and folded by the client's rule it is the
// table of the step before at every step.
func TestSnapshotPrevWithReusedPIDs(t *testing.T) {
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	s := lab.NewSession(ls)
	snap, err := s.Load(lab.LoadRequest{Lesson: "pids"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reused := 0
	for n := int64(1); n <= snap.Total; n++ {
		whole := toWireSnapshot(s.At(n))
		if hasPIDTwice(whole.Tasks) || hasPIDTwice(whole.Prev) {
			reused++
		}
		w := prevAsDelta(whole)
		if !w.PrevDelta {
			continue
		}
		gone := []any{}
		for _, p := range w.PrevGone {
			gone = append(gone, float64(p))
		}
		m := map[string]any{"delta": true, "tasks": wireTable(t, w.Prev), "gone": gone}
		prev, err := foldTasks(wireTable(t, w.Tasks), m)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(prev, wireTable(t, whole.Prev)) {
			t.Fatalf("step %d: prev folded by the client's rule is not the table of step %d", n, n-1)
		}
	}
	if reused == 0 {
		t.Fatal("no step of the lesson on PIDs lists a PID twice: the test checks nothing")
	}
}

func hasPIDTwice(ts []wireTask) bool {
	seen := map[sim.PID]bool{}
	for _, x := range ts {
		if seen[x.PID] {
			return true
		}
		seen[x.PID] = true
	}
	return false
}
