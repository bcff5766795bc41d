package server

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"proclab/internal/workload"
)

// rawSocket is a websocket client written on a plain TCP connection, so
// that a test sees the frames as sent: whether a message came compressed
// (RSV1 on its first frame) and how many bytes it took on the wire.
type rawSocket struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

// dialRaw opens /ws offering the extensions given (the header's value;
// "" offers none) and returns the socket and the extensions the server
// answered with.
func dialRaw(t *testing.T, addr, extensions string) (*rawSocket, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	req := "GET /ws HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef")) + "\r\nSec-WebSocket-Version: 13\r\n"
	if extensions != "" {
		req += "Sec-WebSocket-Extensions: " + extensions + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade: %s", resp.Status)
	}
	return &rawSocket{t: t, conn: conn, r: r}, resp.Header.Get("Sec-WebSocket-Extensions")
}

// send writes v as one masked text frame (a client's frames are masked).
func (s *rawSocket) send(v any) {
	s.t.Helper()
	p, _ := json.Marshal(v)
	hdr := []byte{0x81}
	switch {
	case len(p) < 126:
		hdr = append(hdr, 0x80|byte(len(p)))
	case len(p) < 1<<16:
		hdr = append(hdr, 0x80|126, byte(len(p)>>8), byte(len(p)))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(len(p)))
	}
	mask := []byte{1, 2, 3, 4}
	hdr = append(hdr, mask...)
	for i := range p {
		p[i] ^= mask[i%4]
	}
	if _, err := s.conn.Write(append(hdr, p...)); err != nil {
		s.t.Fatal(err)
	}
}

// read returns the next message's text, whether it came compressed, and
// the bytes of its payload on the wire.
func (s *rawSocket) read() (text []byte, compressed bool, wire int) {
	s.t.Helper()
	var payload []byte
	for first := true; ; first = false {
		var h [2]byte
		if _, err := io.ReadFull(s.r, h[:]); err != nil {
			s.t.Fatal(err)
		}
		if first {
			compressed = h[0]&0x40 != 0
		}
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var b [2]byte
			_, _ = io.ReadFull(s.r, b[:])
			n = uint64(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			_, _ = io.ReadFull(s.r, b[:])
			n = binary.BigEndian.Uint64(b[:])
		}
		part := make([]byte, n)
		if _, err := io.ReadFull(s.r, part); err != nil {
			s.t.Fatal(err)
		}
		payload = append(payload, part...)
		if h[0]&0x80 != 0 { // FIN
			break
		}
	}
	if !compressed {
		return payload, false, len(payload)
	}
	text, err := io.ReadAll(flate.NewReader(io.MultiReader(bytes.NewReader(payload), strings.NewReader("\x00\x00\xff\xff\x01\x00\x00\xff\xff"))))
	if err != nil && err != io.ErrUnexpectedEOF {
		s.t.Fatalf("inflating a message: %v", err)
	}
	return text, true, len(payload)
}

// TestLargeMessagesGoCompressed: a browser offers permessage-deflate; the
// server compresses the messages from CompressThreshold bytes on (a large
// run's snapshot: a tenth of its size on the wire) and sends the small
// ones as they are; a client that offers nothing gets nothing compressed.
func TestLargeMessagesGoCompressed(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	addr := strings.TrimPrefix(ts.URL, "http://")
	load := map[string]any{"v": 1, "type": "load", "scenario": workload.Largest(), "step": 600}

	ws, ext := dialRaw(t, addr, "permessage-deflate; client_max_window_bits")
	if !strings.Contains(ext, "permessage-deflate") || !strings.Contains(ext, "server_no_context_takeover") {
		t.Fatalf("the server answered extensions %q; want permessage-deflate without context takeover", ext)
	}
	hello, compressed, _ := ws.read()
	if !bytes.Contains(hello, []byte(`"type":"hello"`)) || compressed || len(hello) >= CompressThreshold {
		t.Fatalf("hello (%d bytes) compressed %v: %.80s", len(hello), compressed, hello)
	}
	ws.send(load)
	for {
		text, compressed, wire := ws.read()
		if len(text) < CompressThreshold && compressed {
			t.Errorf("a %d-byte message came compressed", len(text))
		}
		if !bytes.HasPrefix(text, []byte(`{"v":1,"type":"snapshot"`)) {
			continue
		}
		if !compressed || wire*5 > len(text) {
			t.Fatalf("the snapshot (%d bytes) took %d on the wire, compressed %v; want a fifth at most", len(text), wire, compressed)
		}
		var m map[string]any
		if err := json.Unmarshal(text, &m); err != nil || num(m, "step") != 600 {
			t.Fatalf("the snapshot inflates to something else: %v", err)
		}
		t.Logf("the snapshot: %d bytes, %d on the wire", len(text), wire)
		break
	}

	plain, ext := dialRaw(t, addr, "")
	if ext != "" {
		t.Fatalf("extensions %q answered to a client that offered none", ext)
	}
	plain.read() // hello
	plain.send(load)
	for {
		text, compressed, _ := plain.read()
		if compressed {
			t.Fatal("a compressed message to a client that offered no compression")
		}
		if bytes.HasPrefix(text, []byte(`{"v":1,"type":"snapshot"`)) {
			break
		}
	}
}

// TestCompressorCountsInTheServersQueue: a message a simulation socket may
// compress takes its bytes of the socket's and the client's queue budgets
// and, of the server's, its bytes and the flate writer its write holds
// (flateWriterBytes), given back once it is gone; a live socket's message
// is not compressed and takes its bytes alone. A server whose queue cannot
// hold the writer too drops the client rather than hold it.
func TestCompressorCountsInTheServersQueue(t *testing.T) {
	for _, tc := range []struct {
		kind      string
		total     int64
		wantTotal int64
		dropped   bool
	}{
		{"sim", 0, 20_000 + flateWriterBytes, false},
		{"live", 0, 20_000, false},
		{"sim", 1 << 20, 0, true}, // the message fits, the writer does not
	} {
		srv, _ := newTestServer(t, Budgets{TotalQueueBytes: tc.total})
		sh, release := srv.meter.hold(netip.Addr{})
		k := &socket{srv: srv, meter: srv.meter, share: sh, out: make(chan queued, 4), kind: tc.kind, deflate: true, queueBytes: srv.budgets.QueueBytes}
		k.ctx, k.cancel = contextWithCancel()
		k.sendRaw(bytes.Repeat([]byte("x"), 20_000))
		if got := srv.meter.queueBytes.Load(); got != tc.wantTotal {
			t.Errorf("%s socket, server queue %d: the server's queue holds %d bytes; want %d", tc.kind, tc.total, got, tc.wantTotal)
		}
		if got, want := sh.queueBytes.Load(), tc.wantTotal; got != min(want, 20_000) {
			t.Errorf("%s socket: the client's queue holds %d bytes; want %d", tc.kind, got, min(want, 20_000))
		}
		if k.closing.Load() != tc.dropped {
			t.Errorf("%s socket, server queue %d: dropped %v; want %v", tc.kind, tc.total, k.closing.Load(), tc.dropped)
		}
		for len(k.out) > 0 {
			k.unqueue(<-k.out)
		}
		if q, c := srv.meter.queueBytes.Load(), sh.queueBytes.Load(); q != 0 || c != 0 {
			t.Errorf("%s socket: %d bytes still queued on the server, %d for the client, after the message went", tc.kind, q, c)
		}
		k.cancel()
		release()
	}
}
