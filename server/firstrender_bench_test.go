package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
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

// BenchmarkClassOpensOneLink measures a class opening the largest run's
// share link at once: 30 sockets send the same load together, and each
// waits for its snapshot (the server's Work budget runs four loads at a
// time on this 2-core machine). "shared": the first load records the run
// and the others find it or wait for it (lab.Recordings); "own": every
// load records its own (Budgets.SharedRunBytes < 0). It reports the
// median and slowest socket's wait, in ms. `go test ./server -run '^$'
// -bench ClassOpensOneLink -benchtime 5x` (docs/benchmarks.md).
func BenchmarkClassOpensOneLink(b *testing.B) {
	const students = 30
	cmd, _ := json.Marshal(map[string]any{"v": 1, "type": "load", "scenario": workload.Largest(), "step": 3906})
	for _, c := range []struct {
		name   string
		shared int64
	}{{"shared", 0}, {"own", -1}} {
		b.Run(c.name, func(b *testing.B) {
			var medians, slowest []float64
			for b.Loop() {
				b.StopTimer()
				srv, err := New(Config{Web: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}, Assets: assets.Files,
					// The sockets are 30 machines: no per-client budget binds.
					Budgets: Budgets{WorkPerClient: students, RunBytesPerClient: 1 << 30, QueueBytesPerClient: 1 << 30, SharedRunBytes: c.shared}})
				if err != nil {
					b.Fatal(err)
				}
				ts := httptest.NewServer(srv.Handler())
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				conns := make([]*websocket.Conn, students)
				for i := range conns {
					conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
					if err != nil {
						b.Fatal(err)
					}
					conn.SetReadLimit(64 << 20)
					if _, _, err := conn.Read(ctx); err != nil { // hello
						b.Fatal(err)
					}
					conns[i] = conn
				}
				waits := make([]float64, students)
				errs := make(chan error, students)
				b.StartTimer()
				start := time.Now()
				var wg sync.WaitGroup
				for i, conn := range conns {
					wg.Go(func() {
						if err := conn.Write(ctx, websocket.MessageText, cmd); err != nil {
							errs <- err
							return
						}
						for {
							_, data, err := conn.Read(ctx)
							if err != nil {
								errs <- err
								return
							}
							if bytes.HasPrefix(data, []byte(`{"v":1,"type":"snapshot"`)) {
								waits[i] = float64(time.Since(start).Microseconds()) / 1000
								return
							}
							if bytes.HasPrefix(data, []byte(`{"v":1,"type":"error"`)) {
								errs <- fmt.Errorf("%s", data)
								return
							}
						}
					})
				}
				wg.Wait()
				b.StopTimer()
				close(errs)
				for err := range errs {
					b.Fatal(err)
				}
				slices.Sort(waits)
				medians, slowest = append(medians, waits[students/2]), append(slowest, waits[students-1])
				for _, conn := range conns {
					conn.CloseNow()
				}
				ts.Close()
				srv.Close()
				cancel()
				b.StartTimer()
			}
			slices.Sort(medians)
			slices.Sort(slowest)
			b.ReportMetric(medians[len(medians)/2], "ms-median")
			b.ReportMetric(slowest[len(slowest)/2], "ms-slowest")
		})
	}
}
