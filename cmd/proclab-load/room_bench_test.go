package main

import (
	"context"
	"flag"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"proclab/assets"
	"proclab/bus"
	"proclab/server"
)

// roomHeapProfile is where BenchmarkRoomFanout writes the heap profile of
// the server and the tool together once every follower has joined.
var roomHeapProfile = flag.String("room.heapprofile", "", "BenchmarkRoomFanout: write the heap profile once every follower has joined")

// BenchmarkRoomFanout runs the room scenario against a ProcLab server in
// this process (an embedded NATS server with its store in a temporary
// directory), so that one CPU profile shows where the server's time and
// the tool's go:
//
//	go test ./cmd/proclab-load -run '^$' -bench RoomFanout -benchtime 1x -cpuprofile /tmp/room.cpu
//	go tool pprof -top -focus 'proclab/server|nats' cmd/proclab-load.test /tmp/room.cpu
//
// With -room.heapprofile FILE it also writes the heap profile of both
// sides once every follower has joined (go tool pprof -sample_index
// inuse_space).
//
// Each iteration is one room: 1,000 followers in waves of 250, then 100
// states at 10 a second. It reports the send-to-receipt latency (ms).
func BenchmarkRoomFanout(b *testing.B) {
	bs, err := bus.Open(context.Background(), bus.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer bs.Close()
	web := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ProcLab</title>")}}
	srv, err := server.New(server.Config{Web: web, Assets: assets.Files, Bus: bs})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	const followers, steps = 1000, 100
	if got := raiseNofile(followers + 512); got < followers+512 {
		b.Skipf("the open-file limit is %d; %d followers need %d", got, followers, followers+512)
	}
	defer restoreNofile()
	c := &config{mode: "room", url: ts.URL, followers: followers, steps: steps, rate: 10, ramp: 250, rampEvery: 250 * time.Millisecond,
		pingEvery: 30 * time.Second, late: time.Second, grace: 5 * time.Second, maxFanout: 100 * time.Millisecond, joinTimeout: 15 * time.Second,
		sampleEvery: time.Second, maxRSSMiB: 1024, seed: 1, heapProfile: *roomHeapProfile}
	for b.Loop() {
		r, err := runRoom(context.Background(), c, testTarget(b, ts))
		if err != nil {
			b.Fatal(err)
		}
		f := r.Latency["fanout"]
		if f.N != followers*steps {
			b.Fatalf("%d states received; want %d (notes: %q)", f.N, followers*steps, r.Notes)
		}
		b.ReportMetric(f.P50, "p50-ms")
		b.ReportMetric(f.P99, "p99-ms")
		b.ReportMetric(f.Max, "max-ms")
	}
}
