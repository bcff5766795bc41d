package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"proclab/assets"
	"proclab/lab"
)

// TestLoadsShareARecording opens one share link from three sockets (a class
// opening the teacher's link): the first load records the run, the others
// find it, and every socket is sent the same snapshot and moves on its own.
func TestLoadsShareARecording(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	var snaps []map[string]any
	var clients []*client
	for range 3 {
		c := dial(t, ts)
		c.send(map[string]any{"type": "load", "lesson": "lifecycle", "step": 6})
		c.expect("loaded")
		snaps = append(snaps, c.expect("snapshot"))
		clients = append(clients, c)
	}
	for i, s := range snaps[1:] {
		if !reflect.DeepEqual(s, snaps[0]) {
			t.Fatalf("socket %d was sent another snapshot than the first", i+2)
		}
	}
	if got := metricsText(t, ts); !strings.Contains(got, `proclab_run_loads_total{recording="found"} 2`) ||
		!strings.Contains(got, `proclab_run_loads_total{recording="recorded"} 1`) || !strings.Contains(got, "proclab_shared_runs 1") ||
		!strings.Contains(got, "proclab_run_loads_step_kept_total 2") {
		t.Fatalf("/metrics says:\n%s\nwant one run recorded and found twice", grepLines(got, "proclab_run_loads_total", "proclab_shared_run"))
	}
	// Each moves by itself on the shared run.
	clients[0].send(map[string]any{"type": "seek", "step": 2})
	back := clients[0].expect("snapshot")
	clients[1].send(map[string]any{"type": "step"})
	on := clients[1].expect("events")
	if back["step"] != float64(2) || on["step"] != float64(7) {
		t.Fatalf("after a seek to 2 and a step from 6: steps %v and %v", back["step"], on["step"])
	}
}

// metricsText returns what GET /metrics answers.
func metricsText(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	res, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// grepLines returns the lines of text that start with one of prefixes.
func grepLines(text string, prefixes ...string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

// TestSharedRunCountedOnce gives the server room for one and a half runs
// of a lesson: two sockets open the same run (counted once), a third
// socket's other run of it (another seed) is refused as busy.
func TestSharedRunCountedOnce(t *testing.T) {
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	probe := lab.NewSession(ls)
	if _, err := probe.Load(lab.LoadRequest{Lesson: "lifecycle"}, nil); err != nil {
		t.Fatal(err)
	}
	n := probe.Bytes()
	srv, ts := newTestServer(t, Budgets{RunBytes: n * 3 / 2, RunBytesPerClient: 1 << 30})
	for i := range 2 {
		c := dial(t, ts)
		c.send(map[string]any{"type": "load", "lesson": "lifecycle"})
		if m := c.read(); m["type"] != "loaded" {
			t.Fatalf("socket %d: got %v; want the shared run loaded", i+1, m)
		}
		c.expect("snapshot")
	}
	if got := srv.meter.runBytes.Load(); got != n {
		t.Fatalf("the server counts %d bytes of runs; want %d, the one run both hold", got, n)
	}
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "lesson": "lifecycle", "seed": 99})
	if m := c.read(); m["type"] != "error" || m["code"] != "busy" {
		t.Fatalf("another run past the budget: got %v; want a busy error", m)
	}
}
