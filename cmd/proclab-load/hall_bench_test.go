package main

import (
	"context"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"proclab/assets"
	"proclab/server"
)

// BenchmarkHall runs the lecture hall (classroom --play) against a ProcLab
// server in this process (no bus: the hall needs no rooms nor short
// links), so that one CPU profile shows where the server's time and the
// tool's go:
//
//	go test ./cmd/proclab-load -run '^$' -bench Hall -benchtime 1x -cpuprofile /tmp/hall.cpu
//	go tool pprof -top -focus 'proclab/server|proclab/lab|proclab/sim' cmd/proclab-load.test /tmp/hall.cpu
//
// Each iteration is one hall: 500 students in waves of 100 every 250 ms,
// idle 3 s once loaded, then playing at 2 steps per second for 20 s. It
// reports the p50, p99 and largest lateness of a played step (ms) and the
// Go heap in use per idle and per playing session (bytes; the tool's heap
// is in the same process, so these overstate the server's).
func BenchmarkHall(b *testing.B) {
	web := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ProcLab</title>")}}
	srv, err := server.New(server.Config{Web: web, Assets: assets.Files})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	const students = 500
	if got := raiseNofile(2*students + 512); got < 2*students+512 {
		b.Skipf("the open-file limit is %d; %d students need %d", got, students, 2*students+512)
	}
	defer restoreNofile()
	c := &config{mode: "classroom", url: ts.URL, students: students, ramp: 100, rampEvery: 250 * time.Millisecond,
		duration: 20 * time.Second, play: 2, maxStepP99: 50 * time.Millisecond, sampleEvery: time.Second, maxRSSMiB: 1024, seed: 1}
	for b.Loop() {
		r, err := runClassroom(context.Background(), c, testTarget(b, ts))
		if err != nil {
			b.Fatal(err)
		}
		if r.Clients.Served != students {
			b.Fatalf("%d of %d students served (errors %v)", r.Clients.Served, students, r.Clients.Errors)
		}
		l := r.Latency["step->event"]
		b.ReportMetric(l.P50, "p50-ms")
		b.ReportMetric(l.P99, "p99-ms")
		b.ReportMetric(l.Max, "max-ms")
		for _, f := range r.Figures {
			switch f.Name {
			case "server Go heap in use per idle session":
				b.ReportMetric(toFloat(f.Value), "idle-heap-B/session")
			case "server Go heap in use per playing session":
				b.ReportMetric(toFloat(f.Value), "playing-heap-B/session")
			}
		}
	}
}

// toFloat converts a figure's numeric value to float64 (0 for others).
func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}
