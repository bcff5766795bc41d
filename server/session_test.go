package server

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"proclab/lab"
)

// TestSlowClientIsDropped checks that a client that does not read is
// disconnected once its queue passes its byte budget, and that the memory
// it held in the server's queue accounting is given back.
func TestSlowClientIsDropped(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{QueueBytes: 64 << 10, WriteTimeout: 500 * time.Millisecond})
	c := dial(t, ts)
	// A scenario with many tasks makes big snapshots (tens of KiB): seek
	// back and forth without reading a single answer, until far more than
	// the kernel's socket buffers could hold has been asked for.
	var sc strings.Builder
	sc.WriteString("cpus 1\npolicy rr 2\n")
	for i := range 40 { // about 45 KiB a snapshot: under the 64 KiB message cap this budget implies
		fmt.Fprintf(&sc, "\nprocess p%d\n  compute 40\n  exit 0\n", i)
	}
	c.send(map[string]any{"type": "load", "scenario": sc.String()})
	for i := range 2000 {
		msg := fmt.Sprintf(`{"v":1,"type":"seek","step":%d}`, 1000+i%2)
		if err := c.conn.Write(c.ctx, websocket.MessageText, []byte(msg)); err != nil {
			break // dropped already
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for srv.meter.open() != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := srv.meter.open(); n != 0 {
		t.Fatalf("the slow client is still connected (%d sockets)", n)
	}
	if q := srv.meter.queueBytes.Load(); q != 0 {
		t.Errorf("%d bytes still accounted as queued after the client went", q)
	}
}

func TestDecodeCommandLimits(t *testing.T) {
	choices := "[" + strings.Repeat("2,", lab.MaxChoices) + "2]"
	for _, tc := range []struct{ raw, code string }{
		{`{"v":1,"type":"load","lesson":"x","choices":` + choices + `}`, "too_large"},
		{`{"v":1,"type":"load","lesson":"x","scenario":"process a"}`, "bad_field"},
		{`{"v":1,"type":"load","lesson":"x","step":-1}`, "bad_field"},
		{`{"v":1,"type":"play","speed":0}`, "bad_field"},
		{`{"v":1,"type":"play","speed":"fast"}`, "bad_json"},
		{`{"v":1}`, "unknown_type"},
		{`null`, "bad_version"},
		{`{"v":1,"type":"step"} {"v":1,"type":"step"}`, "bad_json"},
	} {
		_, err := decodeCommand([]byte(tc.raw))
		if err == nil {
			t.Errorf("%.60s: accepted; want code %s", tc.raw, tc.code)
			continue
		}
		if _, we := toWireError(err); we.Code != tc.code {
			t.Errorf("%.60s: got %v (%s); want code %s", tc.raw, err, we.Code, tc.code)
		}
	}
	if _, err := decodeCommand([]byte(`{"v":1,"type":"play","speed":3.5}`)); err != nil {
		t.Errorf("a good play command was refused: %v", err)
	}
}

// FuzzSessionCommands feeds arbitrary client messages to a session that
// has a lesson loaded: none may panic, and the session stays usable.
func FuzzSessionCommands(f *testing.F) {
	for _, seed := range []string{
		`{"v":1,"type":"seek","step":3}`, `{"v":1,"type":"choose","pid":2}`, `{"v":1,"type":"explore"}`,
		`{"v":1,"type":"load","scenario":"var x\nthread a\n  x = x + 1\n","manual":true}`,
		`{"v":1,"type":"load","ostep":"process-run -l 3:50"}`, `{"v":1,"type":"play","speed":5}`, `{"v":1,"type":"back"}`,
	} {
		f.Add(seed)
	}
	srv, err := New(Config{Web: testWeb, Assets: testAssets})
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	f.Fuzz(func(t *testing.T, msg string) {
		sh, release := srv.meter.hold(netip.Addr{})
		defer release()
		k := &socket{srv: srv, meter: srv.meter, share: sh, out: make(chan queued, maxQueuedMessages), kind: "sim", queueBytes: srv.budgets.QueueBytes}
		k.ctx, k.cancel = contextWithCancel()
		defer k.cancel()
		s := &session{srv: srv, k: k, lab: lab.NewSession(srv.lessons), ctx: k.ctx, speed: lab.DefaultSpeed}
		defer s.stopTicker()
		if err := s.handle([]byte(`{"v":1,"type":"load","lesson":"lost-update"}`)); err != nil {
			t.Fatal(err)
		}
		_ = s.handle([]byte(msg))
		if err := s.handle([]byte(`{"v":1,"type":"seek","step":1}`)); err != nil {
			t.Fatalf("after %q the session is broken: %v", msg, err)
		}
		for len(k.out) > 0 {
			k.unqueue(<-k.out)
		}
	})
}
