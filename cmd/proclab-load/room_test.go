package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// fakeHub is a room hub speaking the room protocol's subset the scenario
// uses (create, join, state, ping, followers counts), shared by the fake
// instances of one test as NATS shares rooms between real ones. cap, when
// above 0, is the most followers it admits; the others get room_full.
type fakeHub struct {
	cap     int
	mu      sync.Mutex
	seq     int
	members map[*fakeMember]bool
	follows int
	code    string
}

// fakeMember is one socket of the hub; its writer owns conn's writes.
type fakeMember struct {
	out     chan []byte
	teacher bool
}

func newFakeHub(cap int) *fakeHub { return &fakeHub{cap: cap, members: map[*fakeMember]bool{}} }

// broadcast queues msg to every member (a full queue drops the member's
// copy: the test's queues are large enough that it never happens).
func (h *fakeHub) broadcast(msg []byte) {
	for m := range h.members {
		select {
		case m.out <- msg:
		default:
		}
	}
}

// instance returns an http.Handler for one fake instance of the hub.
func (h *fakeHub) instance() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"ok":true}`) })
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "# TYPE go_memstats_heap_inuse_bytes gauge\ngo_memstats_heap_inuse_bytes 4.194304e+06\ngo_goroutines 7\n")
	})
	mux.HandleFunc("GET /ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		_ = c.Write(r.Context(), websocket.MessageText, []byte(`{"v":1,"type":"hello","semantics":2,"lessons":[{"id":"fork-basics","topic":"fork"}]}`))
		_, _, _ = c.Read(r.Context())
	})
	mux.HandleFunc("POST /api/rooms", func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.code = "ABC234"
		h.mu.Unlock()
		fmt.Fprint(w, `{"code":"ABC234","key":"k3y","url":"/r/ABC234","expires_ms":1}`)
	})
	mux.HandleFunc("GET /api/rooms/{code}", func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		fmt.Fprintf(w, `{"code":%q,"followers":%d}`, h.code, h.follows)
	})
	mux.HandleFunc("GET /ws/room", h.serveRoom)
	return mux
}

func (h *fakeHub) serveRoom(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx := r.Context()
	_, data, err := c.Read(ctx)
	if err != nil {
		return
	}
	var join struct{ Type, Code, Key string }
	if json.Unmarshal(data, &join) != nil || join.Type != "join" {
		return
	}
	m := &fakeMember{out: make(chan []byte, 4096), teacher: join.Key == "k3y"}
	h.mu.Lock()
	if join.Code != h.code {
		h.mu.Unlock()
		_ = c.Write(ctx, websocket.MessageText, []byte(`{"v":1,"type":"error","code":"room_not_found","message":"no such room"}`))
		return
	}
	if !m.teacher && h.cap > 0 && h.follows >= h.cap {
		h.mu.Unlock()
		_ = c.Write(ctx, websocket.MessageText, []byte(`{"v":1,"type":"error","code":"room_full","message":"the room is full"}`))
		return
	}
	role := "follower"
	if m.teacher {
		role = "teacher"
	} else {
		h.follows++
	}
	h.members[m] = true
	m.out <- fmt.Appendf(nil, `{"v":1,"type":"room","code":%q,"role":%q,"token":"t","state":null,"followers":%d}`, h.code, role, h.follows)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.members, m)
		if !m.teacher {
			h.follows--
		}
		h.mu.Unlock()
	}()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		for {
			select {
			case <-wctx.Done():
				return
			case b := <-m.out:
				if c.Write(wctx, websocket.MessageText, b) != nil {
					return
				}
			}
		}
	}()
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			return
		}
		var msg struct{ Type, Link string }
		if json.Unmarshal(data, &msg) != nil {
			return
		}
		switch {
		case msg.Type == "ping":
			m.out <- []byte(`{"v":1,"type":"pong"}`)
		case msg.Type == "state" && m.teacher:
			h.mu.Lock()
			h.seq++
			b, _ := json.Marshal(map[string]any{"v": 1, "type": "state", "seq": h.seq, "link": msg.Link})
			h.broadcast(b)
			h.mu.Unlock()
		}
	}
}

// testTarget is a target for an httptest server (no PID: no /proc figures).
func testTarget(t testing.TB, srv *httptest.Server) *target {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return &target{base: u}
}

func TestRunRoomAgainstAFakeHub(t *testing.T) {
	tests := []struct {
		name        string
		cap         int
		second      bool
		wantJoined  int
		wantFail    string // the one expectation that must fail, if any
		wantNote    string // a note that must be present
		wantLatency []string
	}{
		{"everyone follows", 0, false, 24, "", "", []string{"fanout", "join", "teacher echo"}},
		{"a full room is reported exactly", 20, false, 20, "every follower joins", "join refused or failed: instance 1: error room_full: the room is full x4", []string{"fanout"}},
		{"two instances share the hub", 0, true, 24, "", "", []string{"fanout", "fanout on instance 1", "fanout on instance 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hub := newFakeHub(tt.cap)
			srv := httptest.NewServer(hub.instance())
			defer srv.Close()
			c := &config{mode: "room", url: srv.URL, followers: 24, steps: 15, rate: 500, ramp: 8, rampEvery: 5 * time.Millisecond,
				pingEvery: time.Second, late: time.Hour, grace: 5 * time.Second, maxFanout: time.Hour, joinTimeout: 10 * time.Second,
				share2: 0.5, sampleEvery: time.Second, maxRSSMiB: 1024, seed: 1}
			if tt.second {
				srv2 := httptest.NewServer(hub.instance())
				defer srv2.Close()
				c.url2 = srv2.URL
			}
			r, err := runRoom(context.Background(), c, testTarget(t, srv))
			if err != nil {
				t.Fatalf("runRoom: %v", err)
			}
			// The room's own expectations (the shared /healthz one depends
			// on how long the run took, so it is left out).
			for _, e := range r.Expect {
				if strings.HasPrefix(e.Name, "/healthz") || strings.Contains(e.Name, "/healthz probe") {
					continue
				}
				want := e.Name != tt.wantFail
				if e.OK != want {
					t.Errorf("expectation %q: got ok %v (%s); want %v", e.Name, e.OK, e.Detail, want)
				}
			}
			figs := map[string]Figure{}
			for _, f := range r.Figures {
				figs[f.Name] = f
			}
			if got := figs["followers joined"].Value; got != tt.wantJoined {
				t.Errorf("followers joined: got %v; want %d", got, tt.wantJoined)
			}
			if got := figs["states lost"].Value; got != 0 {
				t.Errorf("states lost: got %v; want 0", got)
			}
			if got, want := figs["states expected"].Value, tt.wantJoined*15; got != want {
				t.Errorf("states expected: got %v; want %d", got, want)
			}
			if got, want := r.Latency["fanout"].N, tt.wantJoined*15; got != want {
				t.Errorf("fanout receipts: got %d; want %d", got, want)
			}
			for _, k := range tt.wantLatency {
				if r.Latency[k].N == 0 {
					t.Errorf("latency %q: no values; want some", k)
				}
			}
			if tt.wantNote != "" && !strings.Contains(strings.Join(r.Notes, "\n"), tt.wantNote) {
				t.Errorf("notes %q; want one with %q", r.Notes, tt.wantNote)
			}
			if got := figs["instance 1 memory (RSS, heap)"].Text; !strings.Contains(got, "before n/a, 4.0 MiB") {
				t.Errorf("instance 1 memory: got %q; want the heap from /metrics (4.0 MiB) and no RSS without a PID", got)
			}
			if tt.second {
				f := figs["followers per instance"].Value.([]int)
				if f[0] != 12 || f[1] != 12 {
					t.Errorf("followers per instance: got %v; want [12 12]", f)
				}
			}
		})
	}
}
