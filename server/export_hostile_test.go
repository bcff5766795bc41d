package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"proclab/lab"
)

// TestExportGetRefusesOtherSites checks that a page of another site
// cannot start a trace or the views with a GET (an <img> or a no-cors
// fetch: up to TraceTime of work each), while a page of this server, a
// link typed in the address bar and curl can.
func TestExportGetRefusesOtherSites(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	tests := []struct {
		name   string
		path   string
		header map[string]string
		status int
		code   string
	}{
		{"trace, Origin of another site", "/api/trace?lesson=lifecycle", map[string]string{"Origin": "http://evil.example"}, 403, "cross_origin"},
		{"trace, cross-site fetch", "/api/trace?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross_origin"},
		{"views, same-site fetch", "/api/views?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "same-site"}, 403, "cross_origin"},
		{"views, cross-site fetch", "/api/views?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "null"}, 403, "cross_origin"},
		{"trace, this server's page", "/api/trace?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200, ""},
		{"views, typed in the address bar", "/api/views?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "none"}, 200, ""},
		{"views, curl", "/api/views?lesson=lifecycle", nil, 200, ""},
		{"limits, another site (nothing to start)", "/api/limits", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			req, err := http.NewRequest(http.MethodGet, ts.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			if got, want := resp.StatusCode, tt.status; got != want {
				t.Fatalf("got status %d (%.200s); want %d", got, data, want)
			}
			if tt.code == "" {
				return
			}
			var we map[string]any
			if err := json.Unmarshal(data, &we); err != nil {
				t.Fatalf("body %q: %v", data, err)
			}
			if got, want := we["code"], tt.code; got != want {
				t.Errorf("got code %v; want %v", got, want)
			}
		})
	}
}

// stalledWriter is the connection of a client that stops reading: its
// first Write signals blocked and waits until release is closed.
type stalledWriter struct {
	h       http.Header
	once    sync.Once
	blocked chan struct{}
	release chan struct{}
}

func (w *stalledWriter) Header() http.Header { return w.h }
func (w *stalledWriter) WriteHeader(int)     {}
func (w *stalledWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.blocked) })
	<-w.release
	return len(p), nil
}

// TestTraceSlowReaderHoldsNoSlot checks that a client that stops reading
// its trace does not keep a server-wide work slot while the server waits
// to write to it: another machine's work runs meanwhile. (Before, the
// slot stayed taken until the write deadline, TraceTime+WriteTimeout: a
// few such readers froze every websocket of the class.)
func TestTraceSlowReaderHoldsNoSlot(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{Work: 1, WorkPerClient: 1, WorkWait: 300 * time.Millisecond})
	h := srv.Handler()
	long := `{"scenario":"policy rr 1\nprocess a\n  repeat 20000\n    compute 1\n    yield\n  end\n"}`
	slow := &stalledWriter{h: http.Header{}, blocked: make(chan struct{}), release: make(chan struct{})}
	req := httptest.NewRequest(http.MethodPost, "/api/trace", strings.NewReader(long))
	req.Host, req.RemoteAddr = "127.0.0.1:8080", "192.0.2.1:4000"
	req.Header.Set("Content-Type", "application/json")
	done := make(chan struct{})
	go func() { defer close(done); h.ServeHTTP(slow, req) }()
	<-slow.blocked
	defer func() { close(slow.release); <-done }()

	other := httptest.NewRequest(http.MethodPost, "/api/schedule", strings.NewReader(
		`{"workload":{"cpus":1,"jobs":[{"name":"A","arrival":0,"bursts":[3]}]},"runs":[{"policy":"fcfs"}]}`))
	other.Host, other.RemoteAddr = "127.0.0.1:8080", "192.0.2.2:4000"
	other.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, other)
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Errorf("another machine's schedule while a trace waits for its reader: got %d %.200s; want %d", got, rec.Body.String(), want)
	}
}

// TestExportTakesTheLargestScenario checks that a scenario of
// lab.MaxScenarioBytes that the websocket loads (its load message within
// Budgets.MessageBytes) can be traced and viewed: its JSON body, newlines
// escaped, is larger than the scenario (before, RequestBytes was exactly
// the scenario limit, and such a body was refused as too_large).
func TestExportTakesTheLargestScenario(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	head := "process a\n  compute 1\n"
	line := "# a comment line\n" // 17 bytes of text, 18 of JSON
	text := head + strings.Repeat(line, (lab.MaxScenarioBytes-len(head))/len(line))
	body, err := json.Marshal(map[string]string{"scenario": text})
	if err != nil {
		t.Fatal(err)
	}
	load, err := json.Marshal(map[string]any{"v": 1, "type": "load", "scenario": text})
	if err != nil {
		t.Fatal(err)
	}
	if len(text) > lab.MaxScenarioBytes || int64(len(load)) > DefaultBudgets.MessageBytes {
		t.Fatalf("the scenario is %d bytes, its load %d; want at most %d and %d", len(text), len(load), lab.MaxScenarioBytes, DefaultBudgets.MessageBytes)
	}
	for _, path := range []string{"/api/trace", "/api/views"} {
		t.Run(path, func(t *testing.T) {
			t.Helper()
			status, _, data := getOrPost(t, ts.URL, path, string(body))
			if got, want := status, http.StatusOK; got != want {
				t.Errorf("got %d %.200s for a %d-byte scenario in a %d-byte body; want %d", got, data, len(text), len(body), want)
			}
		})
	}
}

// TestOneClientCannotTakeEveryAPISlot checks that one machine's requests
// in flight (here stalled trace downloads, and requests waiting for that
// machine's work slot) leave /api slots for the others: each client may
// have at most Budgets.APIPerClient of them. (Before, one machine could
// hold all Budgets.API slots, and every other got "too many requests".)
func TestOneClientCannotTakeEveryAPISlot(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{API: 4, APIPerClient: 2, Work: 4, WorkPerClient: 4, WorkWait: 5 * time.Second})
	h := srv.Handler()
	long := `{"scenario":"policy rr 1\nprocess a\n  repeat 20000\n    compute 1\n    yield\n  end\n"}`
	post := func(path, body, from string) *http.Request {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Host, req.RemoteAddr = "127.0.0.1:8080", from
		req.Header.Set("Content-Type", "application/json")
		return req
	}
	var stalled []*stalledWriter
	var wg sync.WaitGroup
	defer func() {
		for _, w := range stalled {
			close(w.release)
		}
		wg.Wait()
	}()
	// The first machine's first two traces stall: they hold its two slots.
	for range 2 {
		w := &stalledWriter{h: http.Header{}, blocked: make(chan struct{}), release: make(chan struct{})}
		stalled = append(stalled, w)
		wg.Add(1)
		go func() { defer wg.Done(); h.ServeHTTP(w, post("/api/trace", long, "192.0.2.1:4000")) }()
		<-w.blocked
	}
	// Its third request is refused at once, not queued on an /api slot.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, post("/api/trace", long, "192.0.2.1:4001"))
	if got, want := rec.Code, http.StatusServiceUnavailable; got != want {
		t.Errorf("a third request of the same machine: got %d; want %d", got, want)
	}
	// Another machine is served.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, post("/api/schedule", `{"workload":{"cpus":1,"jobs":[{"name":"A","arrival":0,"bursts":[3]}]},"runs":[{"policy":"fcfs"}]}`, "192.0.2.2:4000"))
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Errorf("another machine: got %d %.200s; want %d", got, rec.Body.String(), want)
	}
}

// TestTraceBudgetsItsEngine checks that a trace waiting for its client
// counts its engine in the run memory budgets (it holds no server-wide
// work slot then, so the slots no longer bound those engines): over the
// client's budget the trace is cut with a busy line, and the memory is
// given back when the trace ends.
func TestTraceBudgetsItsEngine(t *testing.T) {
	long := `{"scenario":"policy rr 1\nprocess a\n  repeat 20000\n    compute 1\n    yield\n  end\n"}`
	tests := []struct {
		name     string
		budgets  Budgets
		lastKind string // "" for an event record
		lastCode string
	}{
		{"within the budget", Budgets{}, "ok", ""},
		{"over the client's budget", Budgets{RunBytesPerClient: 1 << 10}, "error", "busy"},
		{"over the server's budget", Budgets{RunBytes: 1 << 10}, "error", "busy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			srv, ts := newTestServer(t, tt.budgets)
			status, _, data := getOrPost(t, ts.URL, "/api/trace", long)
			if status != http.StatusOK {
				t.Fatalf("got status %d; want 200", status)
			}
			lines := traceLines(t, data)
			last := lines[len(lines)-1]
			kind, code := "ok", ""
			if last["type"] == "error" {
				kind, code = "error", last["code"].(string)
			}
			if kind != tt.lastKind || code != tt.lastCode {
				t.Errorf("got a last line %v; want %s %s", last, tt.lastKind, tt.lastCode)
			}
			if got, want := srv.meter.runBytes.Load(), int64(0); got != want {
				t.Errorf("got %d bytes of runs reserved after the trace; want %d", got, want)
			}
		})
	}
}
