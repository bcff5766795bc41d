package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"proclab/assets"
	"proclab/lab"
	"proclab/sim"
)

func newTestServer(t *testing.T, budgets Budgets) (*Server, *httptest.Server) {
	t.Helper()
	web := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ProcLab</title>")}}
	srv, err := New(Config{Web: web, Assets: assets.Files, Budgets: budgets})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return srv, ts
}

// client is a test websocket client that reads messages in order.
type client struct {
	t    *testing.T
	conn *websocket.Conn
	ctx  context.Context
	held []any // the task table the client holds: delta messages build on it (foldTasks)
}

func dial(t *testing.T, ts *httptest.Server) *client {
	t.Helper()
	return dialPath(t, ts, "/ws")
}

// dialPatched dials /ws asking for patched step messages, as the page does.
func dialPatched(t *testing.T, ts *httptest.Server) *client {
	t.Helper()
	return dialPath(t, ts, "/ws?patch=1")
}

func dialPath(t *testing.T, ts *httptest.Server, path string) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadLimit(16 << 20)
	t.Cleanup(func() { conn.CloseNow() })
	c := &client{t: t, conn: conn, ctx: ctx}
	if m := c.read(); m["type"] != "hello" {
		t.Fatalf("first message %v; want hello", m["type"])
	}
	return c
}

func (c *client) sendRaw(s string) {
	c.t.Helper()
	if err := c.conn.Write(c.ctx, websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) send(v map[string]any) {
	c.t.Helper()
	v["v"] = 1
	b, _ := json.Marshal(v)
	c.sendRaw(string(b))
}

func (c *client) read() map[string]any {
	c.t.Helper()
	_, data, err := c.conn.Read(c.ctx)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatal(err)
	}
	c.fold(m)
	return m
}

// fold gives each snapshot and events message (a batch's frames too) the
// whole task table, as the page does: a delta message's tasks are folded
// into the table held (foldTasks).
func (c *client) fold(m map[string]any) {
	c.t.Helper()
	switch m["type"] {
	case "loaded":
		c.held = nil
	case "snapshot", "events":
		tasks, err := foldTasks(c.held, m)
		if err != nil {
			c.t.Fatalf("%s of step %v: %v", m["type"], m["step"], err)
		}
		m["tasks"], c.held = tasks, tasks
	case "batch":
		frames, _ := m["frames"].([]any)
		for _, f := range frames {
			fm, _ := f.(map[string]any)
			if fm == nil {
				c.t.Fatalf("a batch frame %v is not an object", f)
			}
			c.fold(fm)
		}
	}
}

// expect reads the next message and requires its type.
func (c *client) expect(typ string) map[string]any {
	c.t.Helper()
	m := c.read()
	if m["type"] != typ {
		c.t.Fatalf("got %v message %v; want %s", m["type"], m, typ)
	}
	return m
}

func num(m map[string]any, k string) int64 {
	f, _ := m[k].(float64)
	return int64(f)
}

func TestHealthzAndLessons(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	res, err := http.Get(ts.URL + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res, err = http.Get(ts.URL + "/api/lessons")
	if err != nil {
		t.Fatal(err)
	}
	var lessons []wireLessonRef
	if err := json.NewDecoder(res.Body).Decode(&lessons); err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	topics := map[string]string{}
	for _, l := range lessons {
		ids = append(ids, l.ID)
		topics[l.ID] = l.Topic
		if l.Title.En == "" || l.Title.Zh == "" {
			t.Errorf("lesson %s lacks a title", l.ID)
		}
	}
	if got := strings.Join(ids, ","); got != "process-program,lifecycle,fork-exec,pids,signals,two-kinds-of-d,cpu-vs-io,orphans,job-control,ptrace,convoy,sjf-srtf,rr-quantum,mlfq,cfs-nice,lost-update,check-then-act,atomic,mutex,deadlock,producer-consumer,peterson,spin-vs-block,channel,go-waitgroup,go-loop-variable,go-race-detector,go-counter,go-channel-buffer,go-select-timeout,cow,exec,syscalls,go-signals,switch-cost,pipes,fifo,mqueue,shm-sem,sockets,sigchld" {
		t.Errorf("lessons %s", got)
	}
	if topics["lifecycle"] != "processes" || topics["convoy"] != "scheduling" || topics["lost-update"] != "races" {
		t.Errorf("topics %v", topics)
	}
	res, _ = http.Get(ts.URL + "/")
	if res.StatusCode != 200 {
		t.Errorf("GET / = %d", res.StatusCode)
	}
}

// engineAt runs a lesson directly to step n, for comparison.
func engineAt(t *testing.T, lesson string, n int64) *sim.Engine {
	t.Helper()
	l, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := l.Get(lesson)
	e := sim.New(ls.Scenario, sim.Options{})
	for e.StepNum() < n {
		e.Step()
	}
	return e
}

func stateOf(t *testing.T, tasks any, pid int) string {
	t.Helper()
	for _, x := range tasks.([]any) {
		m := x.(map[string]any)
		if int(m["pid"].(float64)) == pid {
			return m["state"].(string)
		}
	}
	t.Fatalf("no task %d", pid)
	return ""
}

func TestSessionStepBackSeek(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "lesson": "lifecycle"})
	loaded := c.expect("loaded")
	if loaded["lesson"] != "lifecycle" || num(loaded, "total") < 10 || len(loaded["programs"].([]any)) != 2 {
		t.Fatalf("loaded = %v", loaded)
	}
	snap := c.expect("snapshot")
	if num(snap, "step") != 0 || len(snap["tasks"].([]any)) != 1 {
		t.Fatalf("snapshot at 0 = %v", snap)
	}
	c.send(map[string]any{"type": "step"})
	ev := c.expect("events")
	if num(ev, "step") != 1 || stateOf(t, ev["tasks"], 2) != "running" {
		t.Fatalf("after one step: %v", ev)
	}
	first := ev["events"].([]any)[0].(map[string]any)
	if first["kind"] != "created" || num(first, "pid") != 2 || num(first, "other") != 1 || first["cause"] != "arrival" {
		t.Errorf("first event %v", first)
	}
	total := num(loaded, "total")
	for _, n := range []int64{10, 3, total, 0, total + 50} {
		c.send(map[string]any{"type": "seek", "step": n})
		snap := c.expect("snapshot")
		want := min(n, total)
		if num(snap, "step") != want {
			t.Fatalf("seek %d: at %d; want %d", n, num(snap, "step"), want)
		}
		e := engineAt(t, "lifecycle", want)
		for _, task := range e.Tasks() {
			if got := stateOf(t, snap["tasks"], int(task.PID)); got != task.State.String() {
				t.Errorf("seek %d: P%d is %s; want %s", n, task.PID, got, task.State)
			}
		}
		base := snap["base"].(map[string]any)
		for _, x := range snap["events"].([]any) {
			if s := num(x.(map[string]any), "step"); s <= num(base, "step") || s > want {
				t.Errorf("seek %d: window event of step %d outside (%d, %d]", n, s, num(base, "step"), want)
			}
		}
	}
	c.send(map[string]any{"type": "seek", "step": 9})
	c.expect("snapshot")
	c.send(map[string]any{"type": "back"})
	if snap := c.expect("snapshot"); num(snap, "step") != 8 {
		t.Errorf("back from 9 went to %d", num(snap, "step"))
	}
	c.send(map[string]any{"type": "reset"})
	if snap := c.expect("snapshot"); num(snap, "step") != 0 {
		t.Errorf("reset went to %d", num(snap, "step"))
	}
}

func TestLoadAtStepAndScenario(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "scenario": "process a\n  compute 1..9\n  fork b\nprogram b\n  exit 3\n", "seed": 99, "step": 4})
	loaded := c.expect("loaded")
	if num(loaded, "seed") != 99 || loaded["lesson"] != "" {
		t.Errorf("loaded %v", loaded)
	}
	if snap := c.expect("snapshot"); num(snap, "step") != 4 {
		t.Errorf("opened at %d; want 4", num(snap, "step"))
	}
}

func TestBadInputLeavesSessionIntact(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "step"})
	if e := c.expect("error"); e["code"] != "no_scenario" {
		t.Errorf("step before load: %v", e)
	}
	c.send(map[string]any{"type": "load", "lesson": "orphans"})
	c.expect("loaded")
	c.expect("snapshot")
	c.send(map[string]any{"type": "seek", "step": 5})
	c.expect("snapshot")
	bad := []struct {
		raw  string
		code string
	}{
		{`not json`, "bad_json"},
		{`{"v":2,"type":"step"}`, "bad_version"},
		{`{"v":1,"type":"rm -rf /"}`, "unknown_type"},
		{`{"v":1,"type":"seek"}`, "bad_field"},
		{`{"v":1,"type":"seek","step":-3}`, "bad_field"},
		{`{"v":1,"type":"play","speed":1e9}`, "bad_field"},
		{`{"v":1,"type":"load"}`, "bad_field"},
		{`{"v":1,"type":"load","lesson":"../../etc/passwd"}`, "unknown_lesson"},
		{`{"v":1,"type":"load","scenario":"process a\n  comptue 1\n"}`, "parse"},
		{`{"v":1,"type":"load","scenario":"` + strings.Repeat("#", 70_000) + `"}`, "too_large"},
		{`[1,2,3]`, "bad_json"},
	}
	for _, b := range bad {
		c.sendRaw(b.raw)
		e := c.expect("error")
		if e["code"] != b.code {
			t.Errorf("%.40s: code %v; want %s (%v)", b.raw, e["code"], b.code, e["message"])
		}
		if b.code == "parse" && (num(e, "line") != 2 || num(e, "col") != 3) {
			t.Errorf("parse error at %d:%d; want 2:3", num(e, "line"), num(e, "col"))
		}
		if b.code == "parse" {
			d, _ := e["detail"].(map[string]any)
			if got, want := fmt.Sprint(d["code"], " ", d["args"]), "unknown_statement [comptue]"; got != want {
				t.Errorf("parse error detail: got %s; want %s", got, want)
			}
		} else if _, ok := e["detail"]; ok {
			t.Errorf("%.40s: a %s error has a detail: %v", b.raw, b.code, e["detail"])
		}
	}
	// The session still holds the orphans lesson at step 5.
	c.send(map[string]any{"type": "step"})
	if ev := c.expect("events"); num(ev, "step") != 6 {
		t.Errorf("after bad input the session is at %d; want 6", num(ev, "step"))
	}
}

func TestPlayRunsToTheEnd(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "lesson": "orphans"})
	total := num(c.expect("loaded"), "total")
	c.expect("snapshot")
	c.send(map[string]any{"type": "play", "speed": 1000})
	if st := c.expect("status"); st["playing"] != true {
		t.Fatalf("status %v", st)
	}
	last := int64(0)
	for {
		m := c.read()
		frames := []any{m}
		if m["type"] == "batch" { // several steps in one message
			frames = m["frames"].([]any)
		}
		if m["type"] == "events" || m["type"] == "batch" {
			for _, f := range frames {
				if s := num(f.(map[string]any), "step"); s != last+1 {
					t.Fatalf("play skipped from %d to %d", last, s)
				}
				last++
			}
			continue
		}
		if m["type"] != "status" || m["playing"] != false {
			t.Fatalf("unexpected %v", m)
		}
		break
	}
	if last != total {
		t.Errorf("play stopped at %d; want %d", last, total)
	}
}

// TestOversizedMessageIsAnswered checks that a message over the limit gets
// a too_large error before the socket closes with 1009.
func TestOversizedMessageIsAnswered(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.sendRaw(`{"v":1,"type":"load","scenario":"` + strings.Repeat("x", 100<<10) + `"}`)
	m := c.expect("error")
	if m["code"] != "too_large" {
		t.Errorf("got code %v; want too_large", m["code"])
	}
	_, _, err := c.conn.Read(c.ctx)
	if websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Errorf("got %v; want close status 1009", err)
	}
}

// TestConnectionsPerClient checks that one address cannot take every slot:
// the third socket of an address over a budget of two is refused before
// the upgrade, and a slot is free again once a socket closes.
func TestConnectionsPerClient(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{ConnsPerClient: 2})
	first := dial(t, ts)
	dial(t, ts)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("third socket: %v, %+v; want 503 busy", err, resp)
	}
	var we map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&we); err != nil || we["code"] != "busy" || we["type"] != "error" {
		t.Errorf("refusal body %v (%v); want the error shape with code busy", we, err)
	}
	if n := srv.meter.open(); n != 2 {
		t.Errorf("%d sockets counted; want 2", n)
	}
	first.conn.Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(5 * time.Second)
	for srv.meter.open() != 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	dial(t, ts) // the freed slot is usable
}

// TestIdleSocketIsClosed checks that a socket that never sends a command
// gives its slot back after HelloTimeout.
func TestIdleSocketIsClosed(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{HelloTimeout: 200 * time.Millisecond})
	c := dial(t, ts) // reads hello, sends nothing
	_, _, err := c.conn.Read(c.ctx)
	if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
		t.Errorf("got %v; want the server to close the idle socket (1008)", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for srv.meter.open() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := srv.meter.open(); n != 0 {
		t.Errorf("%d sockets still counted", n)
	}
}

func TestManySessionsConcurrently(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
			if err != nil {
				errs <- err
				return
			}
			defer conn.CloseNow()
			conn.SetReadLimit(16 << 20)
			lesson := []string{"lifecycle", "signals", "cpu-vs-io", "orphans"}[i%4]
			_ = conn.Write(ctx, websocket.MessageText, []byte(fmt.Sprintf(`{"v":1,"type":"load","lesson":%q,"step":7}`, lesson)))
			for {
				_, data, err := conn.Read(ctx)
				if err != nil {
					errs <- err
					return
				}
				if strings.Contains(string(data), `"type":"snapshot"`) {
					if !strings.Contains(string(data), `"step":7,`) {
						errs <- fmt.Errorf("snapshot not at step 7: %.80s", data)
						return
					}
					errs <- nil
					return
				}
			}
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestUnfinishedMessageIsClosed checks that a message that begins and
// never ends cannot hold a slot: the rest must come within MessageTimeout.
func TestUnfinishedMessageIsClosed(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{MessageTimeout: 200 * time.Millisecond, HelloTimeout: time.Hour})
	c := dial(t, ts)
	w, err := c.conn.Writer(c.ctx, websocket.MessageText)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(`{"v":1,"type":"load","scenario":"` + strings.Repeat("x", 60<<10))); err != nil {
		t.Fatal(err)
	}
	// Never w.Close: the message stays unfinished.
	deadline := time.Now().Add(5 * time.Second)
	for srv.meter.open() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := srv.meter.open(); n != 0 {
		t.Fatalf("a socket with an unfinished message still holds its slot (%d open)", n)
	}
}

// TestWorkIsSharedFairly checks that one client cannot take every work
// slot: while one address holds its share busy, another is served.
func TestWorkIsSharedFairly(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{Work: 2, WorkPerClient: 1, WorkWait: 100 * time.Millisecond})
	hog, releaseHog := srv.meter.hold(netip.MustParseAddr("192.0.2.1"))
	defer releaseHog()
	other, releaseOther := srv.meter.hold(netip.MustParseAddr("192.0.2.2"))
	defer releaseOther()
	ctx := context.Background()
	held, err := srv.meter.acquireWork(ctx, hog)
	if err != nil {
		t.Fatal(err)
	}
	defer held()
	if _, err := srv.meter.acquireWork(ctx, hog); err == nil {
		t.Fatal("a client got a second work slot over WorkPerClient 1")
	} else if _, we := toWireError(err); we.Code != "busy" {
		t.Errorf("refusal %v; want busy", err)
	}
	rel, err := srv.meter.acquireWork(ctx, other)
	if err != nil {
		t.Fatalf("another client was refused while one held its share: %v", err)
	}
	rel()
}

// TestRunMemoryPerClient checks the per-client and server-wide run budgets
// and that they are given back exactly.
func TestRunMemoryPerClient(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{RunBytes: 100, RunBytesPerClient: 60})
	a, ra := srv.meter.hold(netip.MustParseAddr("192.0.2.1"))
	defer ra()
	b, rb := srv.meter.hold(netip.MustParseAddr("192.0.2.2"))
	defer rb()
	m := srv.meter
	for _, tc := range []struct {
		name  string
		sh    *share
		delta int64
		ok    bool
	}{
		{"a takes 50", a, 50, true},
		{"a cannot pass its share", a, 20, false},
		{"b takes 50", b, 50, true},
		{"b cannot pass the server's", b, 5, false},
		{"a shrinks", a, -30, true},
		{"b grows into it", b, 10, true},
	} {
		if got := m.changeRun(tc.sh, tc.delta); got != tc.ok {
			t.Errorf("%s: got %v; want %v", tc.name, got, tc.ok)
		}
	}
	if a.runBytes.Load() != 20 || b.runBytes.Load() != 60 || m.runBytes.Load() != 80 {
		t.Errorf("accounts a %d, b %d, server %d; want 20, 60, 80", a.runBytes.Load(), b.runBytes.Load(), m.runBytes.Load())
	}
}

// TestSwapRunCountsASharedRunOnce checks the run budgets of sessions that
// hold runs: each client pays for every run its sessions hold, the server
// once for a run that several sessions hold, until the last lets it go.
func TestSwapRunCountsASharedRunOnce(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{RunBytes: 100, RunBytesPerClient: 60})
	m := srv.meter
	var shares [3]*share
	for i := range shares {
		sh, release := m.hold(netip.AddrFrom4([4]byte{192, 0, 2, byte(i + 1)}))
		defer release()
		shares[i] = sh
	}
	a, b, c := shares[0], shares[1], shares[2]
	x, y, z, p := runCharge{"x", 40}, runCharge{"y", 30}, runCharge{"z", 80}, runCharge{"p", 50}
	none := runCharge{}
	for _, tc := range []struct {
		name      string
		sh        *share
		old, next runCharge
		ok        bool
		a, b, c   int64 // each client's bytes after
		total     int64 // the server's
	}{
		{"a opens x", a, none, x, true, 40, 0, 0, 40},
		{"b opens x too: counted once", b, none, x, true, 40, 40, 0, 40},
		{"a opens x again", a, x, x, true, 40, 40, 0, 40},
		{"b moves to y", b, x, y, true, 40, 30, 0, 70},
		{"c opens y too", c, none, y, true, 40, 30, 30, 70},
		{"a closes x, the last to hold it", a, x, none, true, 0, 30, 30, 30},
		{"a cannot pass its share", a, none, z, false, 0, 30, 30, 30},
		{"a opens p", a, none, p, true, 50, 30, 30, 80},
		{"b cannot pass the server's with a run of its own", b, y, runCharge{nil, 60}, false, 50, 30, 30, 80},
		{"b opens p, held already", b, y, p, true, 50, 50, 30, 80},
		{"c closes y, the last", c, y, none, true, 50, 50, 0, 50},
		{"a closes p; b holds it", a, p, none, true, 0, 50, 0, 50},
		{"b closes p", b, p, none, true, 0, 0, 0, 0},
	} {
		if got := m.swapRun(tc.sh, tc.old, tc.next); got != tc.ok {
			t.Errorf("%s: got %v; want %v", tc.name, got, tc.ok)
		}
		if a.runBytes.Load() != tc.a || b.runBytes.Load() != tc.b || c.runBytes.Load() != tc.c || m.runBytes.Load() != tc.total {
			t.Fatalf("%s: a %d, b %d, c %d, server %d; want %d, %d, %d, %d", tc.name,
				a.runBytes.Load(), b.runBytes.Load(), c.runBytes.Load(), m.runBytes.Load(), tc.a, tc.b, tc.c, tc.total)
		}
	}
	if len(m.runRefs) != 0 {
		t.Errorf("runs still counted after every session closed: %v", m.runRefs)
	}
}
