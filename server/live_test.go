package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"proclab/assets"
	"proclab/live"
)

// TestMain lets this test binary be a live-lab worker: the Manager runs
// /proc/self/exe worker NAME INT..., as the real binary does.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		if err := live.WorkerMain(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func newLiveServer(t testing.TB, token string) (*live.Manager, *httptest.Server) {
	t.Helper()
	return newLiveServerWith(t, token, nil)
}

// newLiveServerWith is newLiveServer with a chance to adjust the Server
// before it serves.
func newLiveServerWith(t testing.TB, token string, adjust func(*Server)) (*live.Manager, *httptest.Server) {
	t.Helper()
	return newLiveServerConfig(t, token, nil, adjust)
}

// newLiveServerConfig is newLiveServerWith with a chance to complete the
// Config first (a room test gives it a Bus).
func newLiveServerConfig(t testing.TB, token string, configure func(*Config), adjust func(*Server)) (*live.Manager, *httptest.Server) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the live lab runs on Linux only")
	}
	lab := live.New(live.Config{})
	if err := lab.Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("live lab unavailable in CI: %v", err)
		}
		t.Skipf("live lab unavailable here: %v", err)
	}
	web := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ProcLab</title>")}}
	cfg := Config{Web: web, Assets: assets.Files, Live: lab, LiveToken: token}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if adjust != nil {
		adjust(srv)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close() // closes lab: kills and reaps everything
		if ps := lab.Processes(); len(ps) != 0 {
			t.Errorf("processes left after Close: %+v", ps)
		}
	})
	return lab, ts
}

// post sends a JSON body and returns the status and decoded answer.
func livePost(t testing.TB, ts *httptest.Server, path, body string, hdr ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func liveProcesses(t testing.TB, ts *httptest.Server) []map[string]any {
	t.Helper()
	resp, err := http.Get(ts.URL + "/api/live/processes")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api/live/processes: %d", resp.StatusCode)
	}
	var out []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitState polls GET /api/live/processes until pid shows letter.
func waitState(t testing.TB, ts *httptest.Server, pid int, letter string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last map[string]any
	for time.Now().Before(deadline) {
		for _, p := range liveProcesses(t, ts) {
			if int(p["pid"].(float64)) == pid {
				last = p
				if p["state"] == letter {
					return p
				}
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("PID %d never showed %s; last %v", pid, letter, last)
	return nil
}

func TestLiveREST(t *testing.T) {
	_, ts := newLiveServer(t, "")
	code, got := livePost(t, ts, "/api/live/spawn", `{"workload":"sleep","args":{"ms":5000}}`)
	if code != 200 {
		t.Fatalf("spawn: %d %v", code, got)
	}
	pid := int(got["pid"].(float64))
	// The worker names itself as it starts; until then /proc calls it "exe"
	// (and its Go runtime may already sleep), so wait for both.
	p := waitState(t, ts, pid, "S")
	for deadline := time.Now().Add(5 * time.Second); p["name"] != "pl-sleep" && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		p = waitState(t, ts, pid, "S")
	}
	for _, f := range []string{"pid", "ppid", "name", "workload", "state", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches", "utime_ticks", "stime_ticks", "rss_bytes"} {
		if _, ok := p[f]; !ok {
			t.Errorf("process has no %q: %v", f, p)
		}
	}
	if p["workload"] != "sleep" || p["name"] != "pl-sleep" || int(p["ppid"].(float64)) != os.Getpid() {
		t.Errorf("process %v", p)
	}
	tests := []struct {
		name, path, body string
		hdr              []string
		status           int
		code             string
	}{
		{"stop", "/api/live/signal", fmt.Sprintf(`{"pid":%d,"signal":"STOP"}`, pid), nil, 200, ""},
		{"unknown workload", "/api/live/spawn", `{"workload":"bash","args":{}}`, nil, 400, "unknown_workload"},
		{"path workload", "/api/live/spawn", `{"workload":"/bin/sh"}`, nil, 400, "unknown_workload"},
		{"arg out of range", "/api/live/spawn", `{"workload":"sleep","args":{"ms":0}}`, nil, 400, "bad_args"},
		{"arg not an int", "/api/live/spawn", `{"workload":"sleep","args":{"ms":"1; rm -rf /"}}`, nil, 400, "bad_args"},
		{"unknown arg", "/api/live/spawn", `{"workload":"sleep","args":{"cmd":1}}`, nil, 400, "bad_args"},
		{"unknown field", "/api/live/spawn", `{"workload":"sleep","argv":["x"]}`, nil, 400, "bad_json"},
		{"signal init", "/api/live/signal", `{"pid":1,"signal":"KILL"}`, nil, 403, "foreign_pid"},
		{"signal the server", "/api/live/signal", fmt.Sprintf(`{"pid":%d,"signal":"KILL"}`, os.Getpid()), nil, 403, "foreign_pid"},
		{"bad signal", "/api/live/signal", fmt.Sprintf(`{"pid":%d,"signal":"SEGV"}`, pid), nil, 400, "bad_signal"},
		{"reap a live one", "/api/live/reap", fmt.Sprintf(`{"pid":%d}`, pid), nil, 409, "bad_state"},
		{"reap foreign", "/api/live/reap", `{"pid":1}`, nil, 403, "foreign_pid"},
		{"trace foreign", "/api/live/trace", `{"pid":1}`, nil, 403, "foreign_pid"},
		{"not json", "/api/live/spawn", `{"workload":"sleep"}`, []string{"Content-Type", "text/plain"}, 415, "bad_content_type"},
		{"arg a fraction", "/api/live/spawn", `{"workload":"sleep","args":{"ms":2.5}}`, nil, 400, "bad_args"},
		{"cross origin", "/api/live/spawn", `{"workload":"sleep"}`, []string{"Origin", "http://evil.example"}, 403, "cross_origin"},
		{"cross origin kill all", "/api/live/killall", `{}`, []string{"Origin", "http://evil.example"}, 403, "cross_origin"},
		{"cross origin teacher", "/api/live/teacher", `{"key":"x"}`, []string{"Origin", "http://evil.example"}, 403, "cross_origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, got := livePost(t, ts, tt.path, tt.body, tt.hdr...)
			if code != tt.status || (tt.code != "" && got["code"] != tt.code) {
				t.Fatalf("%s %s: %d %v; want %d %s", tt.path, tt.body, code, got, tt.status, tt.code)
			}
			if tt.code != "" && (got["v"] != 1.0 || got["type"] != "error" || got["message"] == "" || got["message"] == nil) {
				t.Fatalf("not the one error shape: %v", got)
			}
		})
	}
	waitState(t, ts, pid, "T")
	if code, _ := livePost(t, ts, "/api/live/signal", fmt.Sprintf(`{"pid":%d,"signal":"KILL"}`, pid)); code != 200 {
		t.Fatalf("KILL: %d", code)
	}
	z := waitState(t, ts, pid, "Z")
	// Killed by a signal: no exit code, the signal instead (not 128+9).
	if _, has := z["exit_code"]; has || z["signal"] != 9.0 || z["signal_name"] != "SIGKILL" {
		t.Errorf("a process killed by SIGKILL: exit_code %v, signal %v %v; want no exit_code, signal 9 SIGKILL", z["exit_code"], z["signal"], z["signal_name"])
	}
	if code, got := livePost(t, ts, "/api/live/reap", fmt.Sprintf(`{"pid":%d}`, pid)); code != 200 {
		t.Fatalf("reap: %d %v", code, got)
	}
	if code, got := livePost(t, ts, "/api/live/killall", ``); code != 200 {
		t.Fatalf("killall: %d %v", code, got)
	}
}

func TestLiveAccess(t *testing.T) {
	_, ts := newLiveServer(t, "s3cret")
	srv := ts.Config.Handler
	tests := []struct {
		name   string
		remote string
		hdr    []string
		status int
	}{
		{"loopback", "127.0.0.1:5000", nil, 200},
		{"loopback v6", "[::1]:5000", nil, 200},
		{"remote", "192.0.2.7:5000", nil, 403},
		{"remote with token", "192.0.2.7:5000", []string{"Authorization", "Bearer s3cret"}, 200},
		{"remote with wrong token", "192.0.2.7:5000", []string{"Authorization", "Bearer guess"}, 403},
		{"proxied loopback", "127.0.0.1:5000", []string{"X-Forwarded-For", "192.0.2.7"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/api/live/processes", nil)
			req.Host = "127.0.0.1:8080"
			req.RemoteAddr = tt.remote
			for i := 0; i+1 < len(tt.hdr); i += 2 {
				req.Header.Set(tt.hdr[i], tt.hdr[i+1])
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d (%s); want %d", rec.Code, rec.Body, tt.status)
			}
		})
	}
	// The key in the URL counts for nothing.
	req := httptest.NewRequest("GET", "/api/live/processes?token=s3cret", nil)
	req.Host = "127.0.0.1:8080"
	req.RemoteAddr = "192.0.2.7:5000"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 403 {
		t.Fatalf("the key in the query: status %d; want 403", rec.Code)
	}
}

// TestLiveTeacherCookie checks POST /api/live/teacher: a wrong key is
// refused, the right one sets an HttpOnly SameSite=Strict cookie that is
// not the key and lets a remote client in as teacher, and "" clears it.
func TestLiveTeacherCookie(t *testing.T) {
	_, ts := newLiveServer(t, "s3cret")
	srv := ts.Config.Handler
	post := func(body string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest("POST", "/api/live/teacher", strings.NewReader(body))
		req.Host = "127.0.0.1:8080"
		req.RemoteAddr = "192.0.2.7:5000"
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	info := func(c *http.Cookie) map[string]any {
		t.Helper()
		req := httptest.NewRequest("GET", "/api/live", nil)
		req.Host = "127.0.0.1:8080"
		req.RemoteAddr = "192.0.2.7:5000"
		if c != nil {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var m map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &m)
		return m
	}
	if rec := post(`{"key":"guess"}`); rec.Code != 403 || !strings.Contains(rec.Body.String(), `"bad_key"`) || len(rec.Result().Cookies()) != 0 {
		t.Fatalf("wrong key: %d %s %v", rec.Code, rec.Body, rec.Result().Cookies())
	}
	rec := post(`{"key":"s3cret"}`)
	cs := rec.Result().Cookies()
	if rec.Code != 200 || len(cs) != 1 {
		t.Fatalf("right key: %d %s %v", rec.Code, rec.Body, cs)
	}
	c := cs[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || strings.Contains(c.Value, "s3cret") || c.Value == "" {
		t.Fatalf("cookie %+v; want HttpOnly, SameSite=Strict, Path=/, not the key", c)
	}
	if m := info(c); m["teacher"] != true || m["teacher_key"] != true {
		t.Fatalf("GET /api/live with the cookie: %v", m)
	}
	if m := info(nil); m["teacher"] != false {
		t.Fatalf("GET /api/live without the cookie: %v", m)
	}
	req := httptest.NewRequest("GET", "/api/live/processes", nil)
	req.Host = "127.0.0.1:8080"
	req.RemoteAddr = "192.0.2.7:5000"
	req.AddCookie(c)
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("remote client with the teacher cookie: %d %s", rec.Code, rec.Body)
	}
	forged := *c
	forged.Value = "s3cret"
	if m := info(&forged); m["teacher"] != false {
		t.Fatalf("the key itself as the cookie must not count: %v", m)
	}
	if rec := post(`{"key":""}`); rec.Code != 200 || len(rec.Result().Cookies()) != 1 || rec.Result().Cookies()[0].MaxAge >= 0 {
		t.Fatalf("leaving the teacher role: %d %v", rec.Code, rec.Result().Cookies())
	}
	for i := 0; i < maxKeyFailures; i++ {
		post(`{"key":"guess"}`)
	}
	if rec := post(`{"key":"s3cret"}`); rec.Code != 429 || !strings.Contains(rec.Body.String(), `"too_many_attempts"`) {
		t.Fatalf("after %d wrong keys: %d %s; want 429 too_many_attempts", maxKeyFailures, rec.Code, rec.Body)
	}
}

func TestLiveOff(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	code, got := livePost(t, ts, "/api/live/spawn", `{"workload":"sleep"}`)
	if code != http.StatusServiceUnavailable || got["code"] != "live_unavailable" {
		t.Fatalf("spawn with the live lab off: %d %v", code, got)
	}
	resp, err := http.Get(ts.URL + "/api/live")
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&info)
	resp.Body.Close()
	if info["available"] != false || info["reason"] == "" {
		t.Fatalf("GET /api/live with the lab off: %v", info)
	}
	if resp, err := http.Get(ts.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the rest of ProcLab must work: %v %v", resp, err)
	}
}

// liveClient is a /ws/live test client.
type liveClient struct {
	t       testing.TB
	conn    *websocket.Conn
	ctx     context.Context
	backlog []map[string]any // read while looking for something else
}

func dialLive(t testing.TB, ts *httptest.Server) *liveClient {
	t.Helper()
	return dialLiveWith(t, ts, nil)
}

// dialLiveWith dials /ws/live with extra handshake headers.
func dialLiveWith(t testing.TB, ts *httptest.Server, hdr http.Header) *liveClient {
	t.Helper()
	return dialLiveFrom(t, ts, hdr, nil)
}

// dialLiveFrom dials /ws/live from the loopback source address from (nil:
// the system's choice), as another machine of the classroom would.
func dialLiveFrom(t testing.TB, ts *httptest.Server, hdr http.Header, from net.IP) *liveClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	var hc *http.Client
	if from != nil {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: from}}
		hc = &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws/live", &websocket.DialOptions{HTTPHeader: hdr, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadLimit(16 << 20)
	c := &liveClient{t: t, conn: conn, ctx: ctx}
	if m := c.read(); m["type"] != "live_hello" || m["available"] != true {
		t.Fatalf("first message %v; want an available live_hello", m)
	}
	if m := c.read(); m["type"] != "live_snapshot" {
		t.Fatalf("second message %v; want live_snapshot", m["type"])
	}
	return c
}

func (c *liveClient) send(v map[string]any) {
	c.t.Helper()
	v["v"] = 1
	b, _ := json.Marshal(v)
	if err := c.conn.Write(c.ctx, websocket.MessageText, b); err != nil {
		c.t.Fatal(err)
	}
}

func (c *liveClient) read() map[string]any {
	c.t.Helper()
	_, data, err := c.conn.Read(c.ctx)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatal(err)
	}
	return m
}

// until reads messages until ok accepts one.
// Events and results travel on different paths in the server, so an
// event caused by a command may arrive before the command's result.
func (c *liveClient) until(ok func(map[string]any) bool) map[string]any {
	c.t.Helper()
	for i, m := range c.backlog {
		if ok(m) {
			c.backlog = append(c.backlog[:i:i], c.backlog[i+1:]...)
			return m
		}
	}
	for {
		if m := c.read(); ok(m) {
			return m
		}
	}
}

func (c *liveClient) result(id string) map[string]any {
	c.t.Helper()
	for {
		m := c.read()
		if (m["type"] == "result" || m["type"] == "error") && m["id"] == id {
			return m
		}
		if len(c.backlog) < 1000 {
			c.backlog = append(c.backlog, m)
		}
	}
}

// stateEvent reports whether m carries a state event of pid into to.
func stateEvent(m map[string]any, pid int, to string) bool {
	if m["type"] != "live_events" {
		return false
	}
	for _, e := range m["events"].([]any) {
		ev := e.(map[string]any)
		if ev["kind"] == "state" && int(ev["pid"].(float64)) == pid && ev["to"] == to {
			return true
		}
	}
	return false
}

func TestLiveWebsocket(t *testing.T) {
	_, ts := newLiveServer(t, "")
	c := dialLive(t, ts)
	c.send(map[string]any{"type": "spawn", "id": "a", "workload": "cpu"})
	r := c.result("a")
	if r["type"] != "result" {
		t.Fatalf("spawn: %v", r)
	}
	pid := int(r["pid"].(float64))
	c.until(func(m map[string]any) bool { return stateEvent(m, pid, "running") })
	c.send(map[string]any{"type": "watch", "id": "w", "pids": []int{pid}})
	if r := c.result("w"); r["type"] != "result" {
		t.Fatalf("watch: %v", r)
	}
	c.send(map[string]any{"type": "signal", "id": "b", "pid": pid, "signal": "STOP"})
	c.until(func(m map[string]any) bool { return stateEvent(m, pid, "stopped") })
	c.send(map[string]any{"type": "signal", "id": "c", "pid": 1, "signal": "KILL"})
	if r := c.result("c"); r["type"] != "error" || r["code"] != "foreign_pid" {
		t.Fatalf("signal to PID 1: %v", r)
	}
	c.send(map[string]any{"type": "spawn", "id": "d", "workload": "rm", "args": map[string]any{}})
	if r := c.result("d"); r["type"] != "error" || r["code"] != "unknown_workload" {
		t.Fatalf("unknown workload: %v", r)
	}
	c.send(map[string]any{"type": "signal", "id": "e", "pid": pid, "signal": "KILL"})
	c.until(func(m map[string]any) bool { return stateEvent(m, pid, "zombie") })
	c.send(map[string]any{"type": "reap", "id": "f", "pid": pid})
	m := c.until(func(m map[string]any) bool { return stateEvent(m, pid, "dead") })
	for _, e := range m["events"].([]any) {
		ev := e.(map[string]any)
		if ev["kind"] == "state" && ev["to"] == "dead" && ev["synthesised"] != true {
			t.Errorf("X must be marked as drawn: %v", ev)
		}
	}
}

// TestLiveAbruptDisconnects drops 100 clients that each started processes
// and checks that all their processes are killed and reaped.
func TestLiveAbruptDisconnects(t *testing.T) {
	lab, ts := newLiveServer(t, "")
	const clients, par = 100, 10
	var wg sync.WaitGroup
	for w := 0; w < par; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < clients; i += par {
				c := dialLiveFrom(t, ts, nil, net.IPv4(127, 0, 9, byte(i+1))) // a machine per client
				workload := []string{"sleep", "forker", "cpu", "pipe"}[i%4]
				c.send(map[string]any{"type": "spawn", "id": "s", "workload": workload})
				if r := c.result("s"); r["type"] != "result" {
					t.Errorf("spawn %s: %v", workload, r)
				}
				c.conn.CloseNow() // no close handshake: the TCP connection just goes
			}
		}(w)
	}
	wg.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for len(lab.Processes()) > 0 || len(zombieChildren()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("left after the clients went: %d processes (%+v), zombie children %v",
				len(lab.Processes()), lab.Processes(), zombieChildren())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// zombieChildren lists this process's children that are zombies.
func zombieChildren() []string {
	var out []string
	tasks, _ := os.ReadDir("/proc/self/task")
	for _, tk := range tasks {
		b, _ := os.ReadFile("/proc/self/task/" + tk.Name() + "/children")
		for _, pid := range strings.Fields(string(b)) {
			st, err := os.ReadFile("/proc/" + pid + "/stat")
			if i := bytes.LastIndexByte(st, ')'); err == nil && i > 0 && i+2 < len(st) && st[i+2] == 'Z' {
				out = append(out, pid)
			}
		}
	}
	return out
}

// BenchmarkLiveSignalLatency measures the time from sending SIGSTOP or
// SIGCONT on the websocket to receiving the state event it causes.
func BenchmarkLiveSignalLatency(b *testing.B) {
	_, ts := newLiveServer(b, "")
	c := dialLive(b, ts)
	c.send(map[string]any{"type": "spawn", "id": "s", "workload": "sleep", "args": map[string]any{"ms": 50}})
	pid := int(c.result("s")["pid"].(float64))
	c.until(func(m map[string]any) bool { return stateEvent(m, pid, "sleeping") })
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, step := range []struct{ sig, to string }{{"STOP", "stopped"}, {"CONT", "sleeping"}} {
			t0 := time.Now()
			c.send(map[string]any{"type": "signal", "id": "x", "pid": pid, "signal": step.sig})
			c.until(func(m map[string]any) bool { return stateEvent(m, pid, step.to) })
			lat = append(lat, time.Since(t0))
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(ms(1), "max-ms")
}

// processIn returns pid's entry in a live_snapshot or live_events message.
func processIn(m map[string]any, pid int) map[string]any {
	ps, _ := m["processes"].([]any)
	for _, p := range ps {
		if p := p.(map[string]any); int(p["pid"].(float64)) == pid {
			return p
		}
	}
	return nil
}

// TestLiveOwnership is the hostile classroom: a second client (websocket,
// or REST) tries every action on the first client's process and gets a
// not_owner error, and nothing changes; the teacher may act on it.
func TestLiveOwnership(t *testing.T) {
	lab, ts := newLiveServer(t, "s3cret")
	alice, mallory := dialLive(t, ts), dialLive(t, ts)
	alice.send(map[string]any{"type": "spawn", "id": "s", "workload": "sleep", "args": map[string]any{"ms": 600000}})
	r := alice.result("s")
	if r["type"] != "result" {
		t.Fatalf("spawn: %v", r)
	}
	pid := int(r["pid"].(float64))
	alice.until(func(m map[string]any) bool { return stateEvent(m, pid, "sleeping") })
	tests := []struct {
		name string
		cmd  map[string]any
	}{
		{"kill", map[string]any{"type": "signal", "pid": pid, "signal": "KILL"}},
		{"stop", map[string]any{"type": "signal", "pid": pid, "signal": "STOP"}},
		{"trace", map[string]any{"type": "trace", "pid": pid}},
		{"resume", map[string]any{"type": "resume", "pid": pid}},
		{"reap", map[string]any{"type": "reap", "pid": pid}},
	}
	for _, tt := range tests {
		t.Run("ws "+tt.name, func(t *testing.T) {
			tt.cmd["id"] = tt.name
			mallory.send(tt.cmd)
			if r := mallory.result(tt.name); r["type"] != "error" || r["code"] != "not_owner" || r["message"] == "" {
				t.Fatalf("another client's %s: %v; want a not_owner error", tt.name, r)
			}
		})
		t.Run("rest "+tt.name, func(t *testing.T) {
			path := "/api/live/" + tt.cmd["type"].(string)
			body, _ := json.Marshal(map[string]any{"pid": pid, "signal": tt.cmd["signal"]})
			if tt.cmd["signal"] == nil {
				body, _ = json.Marshal(map[string]any{"pid": pid})
			}
			if code, got := livePost(t, ts, path, string(body)); code != 403 || got["code"] != "not_owner" {
				t.Fatalf("a REST client's %s: %d %v; want 403 not_owner", tt.name, code, got)
			}
		})
	}
	mallory.send(map[string]any{"type": "killall", "id": "k"})
	if r := mallory.result("k"); r["type"] != "result" || r["killed"] != 0.0 {
		t.Fatalf("another client's kill all: %v; want 0 killed", r)
	}
	if code, got := livePost(t, ts, "/api/live/killall", `{}`); code != 200 || got["killed"] != 0.0 {
		t.Fatalf("a REST client's kill all: %d %v; want 0 killed", code, got)
	}
	// A wrong key over the websocket changes nothing either.
	mallory.send(map[string]any{"type": "teacher", "id": "w", "key": "guess"})
	if r := mallory.result("w"); r["type"] != "error" || r["code"] != "bad_key" {
		t.Fatalf("a wrong teacher key: %v; want bad_key", r)
	}
	mallory.send(map[string]any{"type": "signal", "id": "w2", "pid": pid, "signal": "STOP"})
	if r := mallory.result("w2"); r["code"] != "not_owner" {
		t.Fatalf("after a wrong key: %v; want not_owner", r)
	}
	// Nothing changed: alice's process lives on, hers and not mallory's.
	// It is a Go program asleep in time.Sleep, whose runtime may wake its
	// main thread for a moment (a CI run once read R), so S or R both mean
	// "not stopped, not traced, not dead".
	alice.send(map[string]any{"type": "processes"})
	p := processIn(alice.until(func(m map[string]any) bool { return m["type"] == "live_snapshot" }), pid)
	if p == nil || (p["state"] != "S" && p["state"] != "R") || p["mine"] != true || p["traced"] != false {
		t.Fatalf("alice's process after the attempts: %v; want S (or R), mine, not traced", p)
	}
	mallory.send(map[string]any{"type": "processes"})
	if p := processIn(mallory.until(func(m map[string]any) bool { return m["type"] == "live_snapshot" }), pid); p == nil || p["mine"] != false {
		t.Fatalf("alice's process as mallory sees it: %v; want mine=false", p)
	}
	// The teacher (the key in a header, never in the URL) may act on it.
	teacher := dialLiveWith(t, ts, http.Header{"Authorization": {"Bearer s3cret"}})
	teacher.send(map[string]any{"type": "signal", "id": "t", "pid": pid, "signal": "STOP"})
	if r := teacher.result("t"); r["type"] != "result" {
		t.Fatalf("the teacher's STOP: %v", r)
	}
	teacher.until(func(m map[string]any) bool { return stateEvent(m, pid, "stopped") })
	// A connected page takes the teacher role with the key, and gives it up.
	alice.send(map[string]any{"type": "teacher", "id": "k1", "key": "s3cret"})
	if r := alice.result("k1"); r["type"] != "result" || r["teacher"] != true {
		t.Fatalf("the teacher command with the key: %v", r)
	}
	alice.send(map[string]any{"type": "teacher", "id": "k2", "key": ""})
	if r := alice.result("k2"); r["type"] != "result" || r["teacher"] != false {
		t.Fatalf("giving the role up: %v", r)
	}
	// Mallory going changes nothing either.
	mallory.conn.CloseNow()
	teacher.send(map[string]any{"type": "signal", "id": "c", "pid": pid, "signal": "CONT"})
	teacher.until(func(m map[string]any) bool { return stateEvent(m, pid, "sleeping") })
	if ps := lab.Processes(); len(ps) != 1 || ps[0].PID != pid {
		t.Fatalf("processes %+v; want only alice's %d", ps, pid)
	}
}

// TestLiveKeyNotInProcesses checks that the teacher key appears in no
// worker's command line or environment.
func TestLiveKeyNotInProcesses(t *testing.T) {
	const key = "k3y-that-must-not-leak"
	lab, ts := newLiveServer(t, key)
	c := dialLiveWith(t, ts, http.Header{"Authorization": {"Bearer " + key}})
	c.send(map[string]any{"type": "spawn", "id": "s", "workload": "forker", "args": map[string]any{"children": 2, "exit_ms": 60000}})
	pid := int(c.result("s")["pid"].(float64))
	deadline := time.Now().Add(10 * time.Second)
	for len(lab.Processes()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	ps := lab.Processes()
	if len(ps) < 3 {
		t.Fatalf("the forker %d and its children: %+v", pid, ps)
	}
	for _, p := range ps {
		for _, f := range []string{"cmdline", "environ"} {
			b, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", p.PID, f))
			if err != nil {
				t.Fatalf("reading %s of %d: %v", f, p.PID, err)
			}
			if bytes.Contains(b, []byte(key)) {
				t.Errorf("/proc/%d/%s holds the teacher key: %q", p.PID, f, b)
			}
		}
	}
}

// TestLiveIdleClientClosed checks that a client that sends nothing for the
// idle time is disconnected, and its processes end.
func TestLiveIdleClientClosed(t *testing.T) {
	lab, ts := newLiveServerWith(t, "", func(s *Server) { s.live.idle = 300 * time.Millisecond })
	c := dialLive(t, ts)
	c.send(map[string]any{"type": "spawn", "id": "s", "workload": "sleep"})
	if r := c.result("s"); r["type"] != "result" {
		t.Fatalf("spawn: %v", r)
	}
	for {
		if _, _, err := c.conn.Read(c.ctx); err != nil {
			if websocket.CloseStatus(err) == -1 && c.ctx.Err() != nil {
				t.Fatalf("the idle client was never closed: %v", err)
			}
			break
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(lab.Processes()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the idle client's processes are left: %+v", lab.Processes())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLiveClientsPerAddress checks that one machine cannot take every live
// socket: its fifth is refused while another machine is still let in.
func TestLiveClientsPerAddress(t *testing.T) {
	_, ts := newLiveServer(t, "")
	one := net.IPv4(127, 0, 8, 1)
	for range maxLiveClientsPerAddr {
		dialLiveFrom(t, ts, nil, one)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: one}}
	_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws/live",
		&websocket.DialOptions{HTTPClient: &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a fifth socket from one address: %v %+v; want 503 busy", err, resp)
	}
	dialLiveFrom(t, ts, nil, net.IPv4(127, 0, 8, 2)) // another machine is let in
}
