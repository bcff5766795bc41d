package sim

import (
	"strings"
	"testing"
)

// TestSocketsCloseAtExit checks that a process's exit closes the sockets
// it holds, as the kernel's exit closes its files, unless another process
// holds them too (a forked child's copies), and that a client blocked in
// recv on the connection sees the end of the stream.
func TestSocketsCloseAtExit(t *testing.T) {
	const server = `socket l unix stream
socket c unix stream
process srv
  socket l
  bind l
  listen l 1
  accept l a
  recv a 10
%s
process cli at=8
  socket c
  connect c l
  send c 10
  recv c 10
`
	tests := []struct {
		name, text string
		want       []string // lines the trace must have, in order
		not        []string // lines it must not have
	}{
		{"exit closes the accepted socket",
			strings.Replace(server, "%s", "  exit 0", 1),
			[]string{"P2 closed l at its exit", "P2 closed a at its exit", "P3 c 0 bytes: end of stream"}, nil},
		{"a forked child keeps it open",
			strings.Replace(server, "%s", "  fork\n  if child\n    sleep 20\n  end", 1),
			[]string{"P4 closed l at its exit", "P4 closed a at its exit", "P3 c 0 bytes: end of stream"},
			[]string{"P2 closed"}},
		{"a closed socket is not closed again",
			strings.Replace(server, "%s", "  close a", 1),
			[]string{"P2 closed a cpu", "P2 closed l at its exit"}, []string{"P2 closed a at its exit"}},
		{"a thread's exit closes nothing while another thread lives",
			`socket u unix dgram
thread t1
  socket u
  bind u
thread t2
  sleep 10
`,
			[]string{"P3 closed u at its exit"}, []string{"P2 closed u at its exit"}},
		{"a client that exits before the accept leaves the end of the stream",
			`socket l unix stream
socket c unix stream
process srv
  socket l
  bind l
  listen l 1
  sleep 10
  accept l a
  recv a 10
  recv a 10
process cli at=8
  socket c
  connect c l
  send c 4
`,
			[]string{"P3 closed c at its exit", "P2 a 4 bytes from 1 send(s)", "P2 a 0 bytes: end of stream"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			sc, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			e := New(sc, Options{MaxSteps: 500})
			var lines []string
			for !e.Done() {
				for _, ev := range e.Step() {
					lines = append(lines, sc.Describe(ev))
				}
			}
			trace := strings.Join(lines, "\n")
			at := 0
			for _, w := range tt.want {
				k := strings.Index(trace[at:], w)
				if k < 0 {
					t.Fatalf("got no %q (in order) in the trace; want it\n%s", w, trace)
				}
				at += k + len(w)
			}
			for _, n := range tt.not {
				if strings.Contains(trace, n) {
					t.Errorf("got %q in the trace; want none\n%s", n, trace)
				}
			}
			if e.StepNum() >= 500 {
				t.Errorf("got a run that reached the step limit; want it to end (a blocked recv woken)")
			}
		})
	}
}

// TestAcceptIntoOpenName checks that an accept into a name whose socket is
// still open fails with EINVAL: it overwrote the live connection, so the
// first client's bytes were lost and its peer pointed at another
// connection's socket.
func TestAcceptIntoOpenName(t *testing.T) {
	text := `socket l unix stream
socket c1 unix stream
socket c2 unix stream
process s
  socket l
  bind l
  listen l 4
  sleep 10
  accept l a
  accept l a
  recv a 5
  close a
  accept l a
  recv a 5
process x at=6
  socket c1
  connect c1 l
  send c1 5
process y at=7
  socket c2
  connect c2 l
  send c2 5
`
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 200})
	var lines []string
	for !e.Done() {
		for _, ev := range e.Step() {
			lines = append(lines, sc.Describe(ev))
		}
	}
	trace := strings.Join(lines, "\n")
	at := 0
	for _, w := range []string{"P2 l accepted c1 as a", "P2 accept4(l) failed: EINVAL", "P2 a 5 bytes", "P2 closed a cpu", "P2 l accepted c2 as a", "P2 a 5 bytes"} {
		k := strings.Index(trace[at:], w)
		if k < 0 {
			t.Fatalf("got no %q (in order) in the trace; want it\n%s", w, trace)
		}
		at += k + len(w)
	}
}
