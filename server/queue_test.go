package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"proclab/internal/workload"
)

// queueSocket is a socket without a connection, counting in srv's meter:
// its queue is read by the test.
func queueSocket(t *testing.T, srv *Server, client string, deflate bool) (*socket, *share) {
	t.Helper()
	sh, release := srv.meter.hold(netip.MustParseAddr(client))
	k := &socket{srv: srv, meter: srv.meter, share: sh, out: make(chan queued, 8), kind: "sim", deflate: deflate, queueBytes: srv.budgets.QueueBytes}
	k.ctx, k.cancel = contextWithCancel()
	t.Cleanup(func() { k.cancel(); release() })
	return k, sh
}

// drain takes every message out of k's queue as its writer would.
func drain(k *socket) {
	for len(k.out) > 0 {
		k.unqueue(<-k.out)
	}
}

// TestSharedMessageCountedOnce: sockets that queue one shared message
// (a snapshot that loads share) count its bytes once in the server's
// queue budget, and each socket's and client's budget count them whole.
// A server whose queue holds one copy and not two serves both; the last
// socket to send it gives the bytes back. Counting each copy drops the
// second socket.
func TestSharedMessageCountedOnce(t *testing.T) {
	const n = 100_000
	srv, _ := newTestServer(t, Budgets{TotalQueueBytes: n + n/2})
	sm := &sharedMessage{data: bytes.Repeat([]byte("x"), n)}
	a, sa := queueSocket(t, srv, "192.0.2.1", false)
	b, sb := queueSocket(t, srv, "192.0.2.2", false)
	a.sendShared(sm)
	b.sendShared(sm)
	if a.closing.Load() || b.closing.Load() {
		t.Fatalf("a socket was dropped (first %v, second %v); one copy fits the server's queue", a.closing.Load(), b.closing.Load())
	}
	if got := srv.meter.queueBytes.Load(); got != n {
		t.Errorf("the server's queue counts %d bytes for one message queued twice; want %d", got, n)
	}
	if sa.queueBytes.Load() != n || sb.queueBytes.Load() != n || a.queued.Load() != n || b.queued.Load() != n {
		t.Errorf("clients' queues %d and %d, sockets' %d and %d; want %d each", sa.queueBytes.Load(), sb.queueBytes.Load(), a.queued.Load(), b.queued.Load(), n)
	}
	drain(a)
	if got := srv.meter.queueBytes.Load(); got != n {
		t.Errorf("after one socket wrote it, the server's queue counts %d; want %d (the other still holds it)", got, n)
	}
	drain(b)
	if got := srv.meter.queueBytes.Load(); got != 0 {
		t.Errorf("after both wrote it, the server's queue counts %d; want 0", got)
	}
	// A message of a socket's own is counted per copy.
	own := bytes.Repeat([]byte("y"), n)
	a.sendRaw(own)
	b.sendRaw(own)
	if !b.closing.Load() {
		t.Error("two copies of a socket's own message fitted a server queue of one and a half")
	}
	drain(a)
	drain(b)
	if got := srv.meter.queueBytes.Load(); got != 0 {
		t.Errorf("after the own messages went, the server's queue counts %d; want 0", got)
	}
}

// TestFlateWriterCountedPerSocket: a socket holds one flate writer at
// most (it writes one message at a time), so the server's queue counts
// one for all its queued messages it may compress, and none for a client
// that asked for no compression or for small messages.
func TestFlateWriterCountedPerSocket(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{})
	big := bytes.Repeat([]byte("x"), CompressThreshold)
	small := []byte(`{"v":1}`)
	for _, tc := range []struct {
		name    string
		deflate bool
		msgs    [][]byte
		want    int64
	}{
		{"three large, compressed", true, [][]byte{big, big, big}, 3*int64(len(big)) + flateWriterBytes},
		{"small, compressed", true, [][]byte{small, small}, 2 * int64(len(small))},
		{"three large, no compression asked", false, [][]byte{big, big, big}, 3 * int64(len(big))},
	} {
		k, _ := queueSocket(t, srv, "192.0.2.1", tc.deflate)
		for _, m := range tc.msgs {
			k.sendRaw(m)
		}
		if got := srv.meter.queueBytes.Load(); got != tc.want {
			t.Errorf("%s: the server's queue counts %d bytes; want %d", tc.name, got, tc.want)
		}
		<-k.out // one written: the writer stays held for the others
		k.unqueue(queued{data: tc.msgs[0]})
		if len(tc.msgs) > 1 && tc.deflate && len(tc.msgs[0]) >= CompressThreshold {
			if got, want := srv.meter.queueBytes.Load(), tc.want-int64(len(tc.msgs[0])); got != want {
				t.Errorf("%s: after one message the server's queue counts %d; want %d", tc.name, got, want)
			}
		}
		drain(k)
		if got := srv.meter.queueBytes.Load(); got != 0 {
			t.Errorf("%s: after every message went, the server's queue counts %d; want 0", tc.name, got)
		}
	}
}

// TestOffersDeflate reads the upgrade request's extensions as the
// websocket library does: a list, parameters after ';', any case.
func TestOffersDeflate(t *testing.T) {
	for _, tc := range []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{"permessage-deflate; client_max_window_bits"}, true},
		{[]string{"x-webkit-deflate-frame, Permessage-Deflate"}, true},
		{[]string{"x-webkit-deflate-frame", "permessage-deflate"}, true},
		{[]string{"permessage-deflatex"}, false},
	} {
		r, _ := http.NewRequest("GET", "/ws", nil)
		for _, v := range tc.values {
			r.Header.Add("Sec-WebSocket-Extensions", v)
		}
		if got := offersDeflate(r); got != tc.want {
			t.Errorf("offersDeflate(%q) = %v; want %v", tc.values, got, tc.want)
		}
	}
}

// TestSimSocketCountsFlateOnlyWhenAsked: the server's queue budget counts
// a flate writer for a simulation socket's large message only when its
// client asked for compression. With a queue budget smaller than one
// writer, a client that asked is dropped at the first large snapshot (the
// page reconnects), and one that did not is served it.
func TestSimSocketCountsFlateOnlyWhenAsked(t *testing.T) {
	_, ts := newTestServer(t, Budgets{TotalQueueBytes: 1 << 20})
	load, _ := json.Marshal(map[string]any{"v": 1, "type": "load", "scenario": workload.Endless(64, 4), "step": 200})
	for _, mode := range []websocket.CompressionMode{websocket.CompressionDisabled, websocket.CompressionNoContextTakeover} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", &websocket.DialOptions{CompressionMode: mode})
		if err != nil {
			t.Fatal(err)
		}
		conn.SetReadLimit(64 << 20)
		if _, _, err := conn.Read(ctx); err != nil { // hello
			t.Fatal(err)
		}
		if err := conn.Write(ctx, websocket.MessageText, load); err != nil {
			t.Fatal(err)
		}
		size := 0
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				break
			}
			if bytes.HasPrefix(data, []byte(`{"v":1,"type":"snapshot"`)) {
				size = len(data)
				break
			}
		}
		asked := mode != websocket.CompressionDisabled
		if asked && size != 0 {
			t.Errorf("compression asked: a %d-byte snapshot was queued beside a flate writer in a 1 MiB queue", size)
		}
		if !asked && (size < CompressThreshold || size > 1<<20) {
			t.Errorf("no compression asked: snapshot of %d bytes; want one between %d bytes and 1 MiB, served", size, CompressThreshold)
		}
		conn.CloseNow()
		cancel()
	}
}
