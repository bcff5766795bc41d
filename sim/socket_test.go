package sim

import (
	"sort"
	"strings"
	"testing"
)

// The parse errors of shm.go and socket.go, one scenario each, added to
// the table that TestParseErrorCodes and testdata/parse_errors.json use.
func init() {
	parseErrorCases = append(parseErrorCases, []struct{ code, text string }{
		{"shm_syntax", "shm\nprocess a\n"},
		{"too_many_segments", lines(MaxSegments+1, "shm s%d\n") + "process a\n"},
		{"shm_sem_segment", "semaphore s = 1 shared\nprocess a\n"},
		{"shm_undeclared", "var x = 0 in nowhere\nprocess a\n"},
		{"shm_undeclared", "process a\n  shmat nowhere\n"},
		{"shm_sem_pshared", "shm seg\nsemaphore s = 1 in seg\nprocess a\n"},
		{"shm_member", "shm seg\nmutex m in seg\nprocess a\n"},
		{"socket_syntax", "socket s inet\nprocess a\n"},
		{"socket_domain", "socket s bluetooth stream\nprocess a\n"},
		{"socket_raw", "socket s inet raw\nprocess a\n"},
		{"socket_type", "socket s inet packet\nprocess a\n"},
		{"socket_type_domain", "socket s inet seqpacket\nprocess a\n"},
		{"socket_proto", "socket s inet stream sctp\nprocess a\n"},
		{"socket_proto_type", "socket s inet stream udp\nprocess a\n"},
		{"socket_option", "socket s inet stream tcp qlen=3\nprocess a\n"},
		{"too_many_sockets", lines(MaxSockets+1, "socket s%d unix dgram\n") + "process a\n"},
		{"socket_undeclared", "process a\n  bind nothing\n"},
		{"socket_accepted", "socket l unix stream\nprocess a\n  accept l c\n  socket c\n"},
		{"socket_listen_dgram", "socket s inet dgram udp\nprocess a\n  listen s 4\n"},
		{"socket_send_to", "socket s inet stream tcp\nsocket t inet stream tcp\nprocess a\n  send s 4 to t\n"},
		{"socket_mismatch", "socket s inet stream\nsocket t unix stream\nprocess a\n  connect s t\n"},
		{"usage", "socket s unix dgram\nprocess a\n  recv s\n"},
		{"usage", "shm seg\nprocess a\n  shmat\n"},
		{"threads_only", "shm seg\nvar x\nprocess a\n  x = x + 1\n"},
	}...)
}

// runIPC runs a scenario to its end and returns its trace.
func runIPC(t *testing.T, text string) string {
	t.Helper()
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteTrace(&b, sc, Options{MaxSteps: 2000}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSocketAndShmBehaviour checks each rule of shm.go and socket.go on a
// small scenario: the lines its trace must contain, and those it must not.
func TestSocketAndShmBehaviour(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		want, not []string
	}{
		{"a stream merges sends and a recv takes at most what it asks",
			"socket a unix stream\nsocket b unix stream\nprocess s\n  socket a\n  bind a\n  listen a 1\n  accept a c\n  sleep 5\n  recv c 4\n  recv c 100\nprocess k at=4\n  socket b\n  connect b a\n  send b 3\n  send b 3\n",
			[]string{"c 4 bytes from 2 send(s)", "c 2 bytes from 1 send(s)"}, nil},
		{"a datagram keeps its boundary and loses what does not fit",
			"socket a unix dgram\nsocket b unix dgram\nprocess s\n  socket a\n  bind a\n  sleep 4\n  recv a 2\n  recv a 100\nprocess k at=1\n  socket b\n  send b 5 to a\n  send b 6 to a\n",
			[]string{"a one message of 2 bytes (3 more bytes cut off and lost)", "a one message of 6 bytes"}, nil},
		{"a recv on an empty socket sleeps and a send wakes it",
			"socket a inet dgram udp\nsocket b inet dgram\nprocess s\n  socket a\n  bind a\n  recv a 10\nprocess k at=4\n  socket b\n  send b 5 to a\n",
			[]string{"P2 running -> sleeping (sock_recv)", "P3 b 5 bytes to a, woke P2", "P2 a one message of 5 bytes"}, nil},
		{"UDP to a port nobody bound is lost, a Unix datagram is refused",
			"socket a inet dgram\nsocket b inet dgram\nsocket x unix dgram\nsocket y unix dgram\nprocess k\n  socket b\n  send b 5 to a\n  socket y\n  send y 5 to x\n",
			[]string{"P2's 5-byte datagram to a lost: nothing is bound there", "sendto(y) failed: ECONNREFUSED"}, nil},
		{"a stream send with no connection fails",
			"socket a inet stream tcp\nprocess k\n  socket a\n  send a 5\n  recv a 5\n",
			[]string{"sendto(a) failed: ENOTCONN", "recvfrom(a) failed: ENOTCONN"}, nil},
		{"a call on a socket never made is EBADF",
			"socket a inet stream tcp\nprocess k\n  bind a\n  close a\n",
			[]string{"bind(a) failed: EBADF", "close(a) failed: EBADF"}, nil},
		{"a connected datagram socket sends to its default peer",
			"socket a unix dgram\nsocket b unix dgram\nprocess s\n  socket a\n  bind a\n  sleep 3\n  recv a 9\nprocess k at=1\n  socket b\n  connect b a\n  send b 9\n",
			[]string{"b default peer a (no handshake)", "P3 b 9 bytes to a", "a one message of 9 bytes"}, nil},
		{"a stream sender sleeps while the receive buffer is full",
			"socket a unix stream rcvbuf=4\nsocket b unix stream rcvbuf=4\nprocess s\n  socket a\n  bind a\n  listen a 1\n  accept a c\n  sleep 6\n  recv c 4\n  recv c 4\nprocess k at=4\n  socket b\n  connect b a\n  send b 4\n  send b 4\n",
			[]string{"P3 running -> sleeping (sock_send)", "c 4 bytes from 1 send(s)"}, []string{"dropped"}},
		{"fork keeps a mapping and exec drops it",
			"shm seg\nvar x = 0 in seg\nprocess p\n  shmat seg\n  fork\n  if child\n    x = x + 1\n    exec q\n  end\n  wait\nprogram q\n  x = x + 1\n",
			[]string{"P3 x = 1 (was 0)", "P3 touched x in segment seg, which it has not mapped: SIGSEGV", "reaped           P3 by P2 killed by SIGSEGV"}, nil},
		{"shmdt of a segment not mapped is EINVAL, and afterwards a load faults",
			"shm seg\nvar x = 0 in seg\nprocess p\n  shmdt seg\n  shmat seg\n  shmdt seg\n  y = x\n",
			[]string{"shmdt(seg) failed: EINVAL", "P2 unmapped segment seg", "SIGSEGV"}, []string{"P2 x = 0"}},
		{"a seqpacket socket is connected and keeps each message whole",
			"socket a unix seqpacket\nsocket b unix seqpacket\nprocess s\n  socket a\n  bind a\n  listen a 1\n  accept a c\n  sleep 5\n  recv c 100\n  recv c 2\nprocess k at=4\n  socket b\n  connect b a\n  send b 3\n  send b 4\n",
			[]string{"b connected to a", "c one message of 3 bytes", "c one message of 2 bytes (2 more bytes cut off and lost)"}, []string{"from 2 send(s)"}},
		{"a semaphore post with nobody asleep stays in user space",
			"shm seg\nvar x = 0 in seg\nsemaphore s = 1 shared in seg\nprocess p\n  shmat seg\n  sem_wait s\n  x = 1\n  sem_post s\n",
			[]string{"sem_wait         P2 s passed=1", "sem_post         P2 s woke idle count=1"}, []string{"futex"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runIPC(t, tc.text)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("got trace\n%s\nwant a line containing %q", got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("got trace\n%s\nwant no line containing %q", got, w)
				}
			}
		})
	}
}

// TestSocketCall checks the three arguments as C writes them.
func TestSocketCall(t *testing.T) {
	tests := []struct{ decl, want string }{
		{"socket s inet stream tcp", "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)"},
		{"socket s inet stream", "socket(AF_INET, SOCK_STREAM, 0)"},
		{"socket s inet6 dgram udp", "socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP)"},
		{"socket s unix seqpacket 0", "socket(AF_UNIX, SOCK_SEQPACKET, 0)"},
	}
	for _, tc := range tests {
		sc, err := Parse(tc.decl + "\nprocess a\n")
		if err != nil {
			t.Fatalf("%s: %v", tc.decl, err)
		}
		if got := sc.Sockets[0].Call(); got != tc.want {
			t.Errorf("%s: got %s; want %s", tc.decl, got, tc.want)
		}
	}
}

// TestSocketCloneAndHash checks that a clone owns its sockets (stepping
// one leaves the other as it was) and that StateHash sees socket state.
func TestSocketCloneAndHash(t *testing.T) {
	sc, err := Parse("socket a unix dgram\nsocket b unix dgram\nprocess s\n  socket a\n  bind a\n  sleep 9\nprocess k at=3\n  socket b\n  send b 5 to a\n  send b 6 to a\n")
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{})
	for e.StepNum() < 5 {
		e.Step()
	}
	c := e.Clone()
	h := c.StateHash()
	held := len(c.Sockets()[0].Rx)
	if got, want := h, e.StateHash(); got != want {
		t.Fatalf("clone hash %x; want the original's %x", got, want)
	}
	for !e.Done() {
		e.Step()
	}
	if got := c.StateHash(); got != h {
		t.Errorf("stepping the original changed the clone's hash: got %x; want %x", got, h)
	}
	if got, want := len(c.Sockets()[0].Rx), held; got != want {
		t.Errorf("clone's socket a holds %d messages; want %d", got, want)
	}
	if got, want := e.Sockets()[0].Rx, []int64{5, 6}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("socket a holds %v; want %v", got, want)
	}
	c2 := e.Clone()
	c2.sock(0).rx[0] = 99
	if got := e.Sockets()[0].Rx[0]; got != 5 {
		t.Errorf("writing a clone's buffer changed the original's: got %d; want 5", got)
	}
	if c2.StateHash() == e.StateHash() {
		t.Errorf("StateHash did not change with a socket's buffer")
	}
}

// TestIPCWaitChannels checks the wait channel of each kind of sleep.
func TestIPCWaitChannels(t *testing.T) {
	tests := []struct{ decl, code, want string }{
		{"socket l inet stream tcp", "  socket l\n  bind l\n  listen l 1\n  accept l c\n", "inet_csk_accept"},
		{"socket l unix stream", "  socket l\n  bind l\n  listen l 1\n  accept l c\n", "__skb_wait_for_more_packets"},
		{"socket l inet dgram udp", "  socket l\n  bind l\n  recv l 5\n", "__skb_wait_for_more_packets"},
		{"shm seg\nsemaphore s = 0 shared in seg", "  shmat seg\n  sem_wait s\n", "futex_do_wait"},
	}
	for _, tc := range tests {
		sc, err := Parse(tc.decl + "\nprocess p\n" + tc.code)
		if err != nil {
			t.Fatal(err)
		}
		e := New(sc, Options{})
		for !e.Done() {
			e.Step()
		}
		if got := e.IPCWaitChannel(&e.Tasks()[1]); got != tc.want {
			t.Errorf("%s: got wait channel %q; want %q", tc.decl, got, tc.want)
		}
	}
}

// TestExploreSockets checks that explore runs a socket scenario to its
// outcomes: either the datagram comes after the bind and is read (got=1),
// or it is refused before the bind and the reader sleeps forever (got=0).
func TestExploreSockets(t *testing.T) {
	if _, err := Parse("socket a unix dgram\nvar got = 0\nprocess s\n  got = 1\n"); err == nil {
		t.Fatalf("a process used var got outside a segment: want a parse error")
	}
	sc, err := Parse("shm seg\nvar got = 0 in seg\nsocket a unix dgram\nsocket b unix dgram\nprocess s\n  shmat seg\n  socket a\n  bind a\n  recv a 5\n  got = got + 1\nprocess k\n  socket b\n  send b 5 to a\n")
	if err != nil {
		t.Fatal(err)
	}
	r := Explore(sc, ExploreOptions{})
	if !r.Complete {
		t.Fatalf("explore did not complete")
	}
	var got []string
	for _, o := range r.Outcomes {
		got = append(got, o.String(sc))
	}
	sort.Strings(got)
	if want := []string{"got=0", "got=1"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("outcomes %q; want %q", got, want)
	}
}
