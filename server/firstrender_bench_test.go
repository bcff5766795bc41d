package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"proclab/assets"
	"proclab/internal/workload"
	"proclab/lab"
)

// BenchmarkFirstRender measures what opening the largest run's share link
// at its last step, 3,906 (3,030 tasks), costs the server, part by part:
// load (lab.Session.Load: the recording and the snapshot), at (a seek to
// that step in the recorded run, replayed from a checkpoint), wire (the
// snapshot's wire types) and the encoding of its 2.9 MB of JSON by
// encoding/json and by marshalSnapshot. `go test ./server -run '^$' -bench
// FirstRender -benchmem` (docs/benchmarks.md, "The first render's server
// side").
func BenchmarkFirstRender(b *testing.B) {
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		b.Fatal(err)
	}
	src := workload.Largest()
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			sess := lab.NewSession(ls)
			if _, err := sess.Load(lab.LoadRequest{Scenario: &src, Step: 3906}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	sess := lab.NewSession(ls)
	snap, err := sess.Load(lab.LoadRequest{Scenario: &src, Step: 3906}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("at", func(b *testing.B) {
		for b.Loop() {
			sess.At(3906)
		}
	})
	b.Run("wire", func(b *testing.B) {
		for b.Loop() {
			toWireSnapshot(snap)
		}
	})
	w := toWireSnapshot(snap)
	b.Run("json.Marshal", func(b *testing.B) {
		n := 0
		for b.Loop() {
			data, _ := json.Marshal(w)
			n = len(data)
		}
		b.ReportMetric(float64(n), "B/msg")
	})
	b.Run("marshalSnapshot", func(b *testing.B) {
		n := 0
		for b.Loop() {
			data, _ := marshalSnapshot(w)
			n = len(data)
		}
		b.ReportMetric(float64(n), "B/msg")
	})
}

// BenchmarkFirstRender64 measures a load of the browser benchmark's 64-task
// run at step 1: the server records the whole run (250,000 steps, the
// steps' limit for it) before it answers.
func BenchmarkFirstRender64(b *testing.B) {
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		b.Fatal(err)
	}
	src := workload.Endless(64, 4)
	var total int64
	for b.Loop() {
		sess := lab.NewSession(ls)
		if _, err := sess.Load(lab.LoadRequest{Scenario: &src, Step: 1}, nil); err != nil {
			b.Fatal(err)
		}
		total = sess.Total()
	}
	b.ReportMetric(float64(total), "steps")
}

// BenchmarkFirstRenderSocket measures what the page waits for when it
// opens the largest run's share link, on a real websocket over loopback:
// from the load command sent to the snapshot message read whole (the
// loaded message before it included; not parsed).
func BenchmarkFirstRenderSocket(b *testing.B) {
	srv, err := New(Config{Web: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}, Assets: assets.Files})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer func() { ts.Close(); srv.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(64 << 20)
	if _, _, err := conn.Read(ctx); err != nil { // hello
		b.Fatal(err)
	}
	cmd, _ := json.Marshal(map[string]any{"v": 1, "type": "load", "scenario": workload.Largest(), "step": 3906})
	size := 0
	for b.Loop() {
		if err := conn.Write(ctx, websocket.MessageText, cmd); err != nil {
			b.Fatal(err)
		}
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if bytes.HasPrefix(data, []byte(`{"v":1,"type":"snapshot"`)) {
				size = len(data)
				break
			}
			if bytes.HasPrefix(data, []byte(`{"v":1,"type":"error"`)) {
				b.Fatalf("%s", data)
			}
		}
	}
	b.ReportMetric(float64(size), "B/snapshot")
}
