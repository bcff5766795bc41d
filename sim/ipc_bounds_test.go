package sim

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// These tests check that what a hostile scenario can pile up in the IPC
// objects stays bounded, so that a checkpoint (a copy of the engine every
// DefaultCheckpointEvery steps) stays small, and that Recording.Bytes
// counts what the objects keep.

// TestPipeRunsBounded fills pipes with 1-byte writes of processes that
// take turns: each write was a run of its own, so a 1 MiB pipe kept up to a
// million runs, and eight of them made every checkpoint 128 MiB.
func TestPipeRunsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("cpus 4\npipe p capacity=1048576\n")
	for w := range 4 {
		fmt.Fprintf(&b, "process w%d\n  close p read\n  repeat 3000\n    write p 1\n  end\n", w)
	}
	b.WriteString("process r\n  close p write\n  sleep 900\n  repeat 4000\n    read p 3\n  end\n")
	sc, err := Parse(b.String())
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 20_000})
	most, several := 0, false
	for !e.Done() {
		for _, ev := range e.Step() {
			if ev.Kind == EvPipeRead && ev.Other == 0 {
				several = true
			}
		}
		if e.ipc != nil {
			most = max(most, len(e.ipc[0].chunks))
		}
	}
	if most != MaxPipeRuns {
		t.Errorf("got at most %d runs in the pipe; want %d (MaxPipeRuns)", most, MaxPipeRuns)
	}
	if !several {
		t.Errorf("got no read of bytes written by several processes; want one once the runs were merged")
	}
	var written, read int64
	e = New(sc, Options{MaxSteps: 20_000})
	for !e.Done() {
		for _, ev := range e.Step() {
			switch ev.Kind {
			case EvPipeWrite:
				written += ev.Value
			case EvPipeRead:
				read += ev.Value
			}
		}
	}
	if written != 12000 || read != 12000 {
		t.Errorf("got %d bytes written and %d read; want 12000 and 12000 (merging runs loses no byte)", written, read)
	}
}

// TestSysVMessagesBounded sends 1-byte messages into a queue that holds
// 100000 bytes: Linux would take 100000 of them; ProcLab stops at
// MaxSysVMsgs, and the sender waits in do_msgsnd.
func TestSysVMessagesBounded(t *testing.T) {
	text := "mqueue q sysv max=100000\nprocess s\n  repeat 100\n    msgsnd q 1 1\n  end\nprocess r at=200\n  repeat 100\n    msgrcv q 0\n  end\n"
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 1000})
	most, blocked := 0, false
	for !e.Done() {
		for _, ev := range e.Step() {
			if ev.Kind == EvState && ev.Cause == CauseMsgsnd {
				blocked = true
			}
		}
		most = max(most, len(e.ipc[0].msgs))
	}
	if most != MaxSysVMsgs || !blocked {
		t.Errorf("got at most %d messages queued (sender blocked: %v); want %d and a blocked sender", most, blocked, MaxSysVMsgs)
	}
	var got int64
	e = New(sc, Options{MaxSteps: 1000})
	for !e.Done() {
		for _, ev := range e.Step() {
			if ev.Kind == EvMQRecv {
				got++
			}
		}
	}
	if got != 100 {
		t.Errorf("got %d messages received; want 100", got)
	}
}

// TestSocketEarlySendBounded sends on a connection that waits in an accept
// queue nobody accepts from: every send was kept, without bound. Now the
// sender waits once the connection's receive buffer (its listener's size)
// is full, and the accept lets it go on.
func TestSocketEarlySendBounded(t *testing.T) {
	text := `socket l unix stream rcvbuf=300
socket c unix stream
process srv
  socket l
  bind l
  listen l 1
  sleep 500
  accept l a
  repeat 50
    recv a 100
  end
process cli at=5
  socket c
  connect c l
  repeat 50
    send c 100
  end
`
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 5000})
	var most, early int64
	var sent int64
	for !e.Done() {
		for _, ev := range e.Step() {
			if ev.Kind == EvSockSend {
				sent += ev.Value
			}
		}
		if e.socks != nil {
			early = 0
			for _, b := range e.socks[1].early {
				early += b
			}
			most = max(most, early)
		}
	}
	if most != 300 {
		t.Errorf("got at most %d bytes waiting with the connection; want 300 (the listener's rcvbuf)", most)
	}
	if sent != 5000 {
		t.Errorf("got %d bytes sent; want 5000 (the accept lets the sender go on)", sent)
	}
}

// TestBytesCountSockets checks that Recording.Bytes counts the sockets'
// state: 16 sockets made and used cost at least their state.
func TestBytesCountSockets(t *testing.T) {
	var b strings.Builder
	for k := range MaxSockets {
		fmt.Fprintf(&b, "socket s%d unix dgram\n", k)
	}
	b.WriteString("process p\n")
	for k := range MaxSockets {
		fmt.Fprintf(&b, "  socket s%d\n  bind s%d\n  send s%d 10 to s%d\n", k, k, k, k)
	}
	with, err := Parse(b.String())
	if err != nil {
		t.Fatal(err)
	}
	plain := "process p\n" + strings.Repeat("  compute 1\n", 4*MaxSockets)
	without, err := Parse(plain)
	if err != nil {
		t.Fatal(err)
	}
	rw, ro := Record(with, Options{}, 0), Record(without, Options{}, 0)
	// Both runs keep one checkpoint (step 0): compare the engines at the end.
	ew, eo := rw.Goto(rw.Total(), rw.Total(), nil), ro.Goto(ro.Total(), ro.Total(), nil)
	want := int64(MaxSockets) * int64(unsafe.Sizeof(sockState{}))
	if got := ew.bytes() - eo.bytes(); got < want {
		t.Errorf("got %d bytes more for 16 sockets; want at least %d", got, want)
	}
}

// TestRecordingOfFullPipesBounded records 16 processes writing single bytes
// in turn into 8 pipes of 1 MiB: every checkpoint kept a run per byte (128
// MiB each once full; 4.7 GiB for 200,000 steps). Now each checkpoint stays
// small, so the server's byte budget meets a recording it can refuse.
func TestRecordingOfFullPipesBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("cpus 16\n")
	for k := range MaxIPC {
		fmt.Fprintf(&b, "pipe p%d capacity=%d\n", k, MaxPipeCap)
	}
	for w := range 16 {
		fmt.Fprintf(&b, "process w%d\n  repeat 1000000\n", w)
		for k := range MaxIPC {
			fmt.Fprintf(&b, "    write p%d 1\n", k)
		}
		b.WriteString("  end\n")
	}
	sc, err := Parse(b.String())
	if err != nil {
		t.Fatal(err)
	}
	r := Record(sc, Options{MaxSteps: 20_000}, 0)
	const most = 64 << 10 // bytes per checkpoint: the engine, 17 tasks, 8 pipes of MaxPipeRuns runs
	if got := r.Bytes() / int64(r.Checkpoints()); got > most {
		t.Errorf("got %d bytes per checkpoint; want at most %d", got, most)
	}
}
