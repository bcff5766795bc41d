package sim

import (
	"reflect"
	"strings"
	"testing"
)

// runUntil steps a fresh engine until ok(e) holds after a step, and
// returns it (failing the test if the run ends first).
func runUntil(t *testing.T, text string, ok func(e *Engine) bool) *Engine {
	t.Helper()
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{})
	for !e.Done() {
		e.Step()
		if ok(e) {
			return e
		}
	}
	t.Fatalf("the run ended at step %d without reaching the state", e.StepNum())
	return nil
}

// finalIPC runs a scenario to its end and returns its IPC objects then.
func finalIPC(t *testing.T, text string) []IPCView {
	t.Helper()
	e := runUntil(t, text, func(e *Engine) bool { return e.Done() })
	return e.IPC()
}

func TestPipeBufferShowsInterleavedWriters(t *testing.T) {
	text := "policy rr 2\npipe p capacity=8192\nprocess small\n  close p read\n  sleep 2\n  write p 100\nprocess big\n  close p read\n  write p 12000\nprocess reader\n  close p write\n  sleep 6\n  read p 4096\n  sleep 30\n"
	e := runUntil(t, text, func(e *Engine) bool { v := e.IPC(); return len(v[0].Chunks) == 3 })
	got := e.IPC()[0].Chunks
	want := []IPCChunk{{From: 3, Bytes: 4096}, {From: 2, Bytes: 100}, {From: 3, Bytes: 3808}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
}

func TestIPCWaitersAndWaitChannels(t *testing.T) {
	cases := []struct {
		name, text string
		want       []IPCWaiter
	}{
		{"empty pipe", "pipe p\nprocess r\n  read p 10\n", []IPCWaiter{{PID: 2, Cause: CausePipeRead, Wchan: "anon_pipe_read", Want: 10}}},
		{"full pipe", "pipe p capacity=4096\nprocess w\n  write p 5000\n", []IPCWaiter{{PID: 2, Cause: CausePipeWrite, Wchan: "anon_pipe_write", Want: 904}}},
		{"atomic write", "pipe p capacity=4096\nprocess w\n  write p 100\n  write p 4000\n", []IPCWaiter{{PID: 2, Cause: CausePipeWrite, Wchan: "anon_pipe_write", Want: 4000}}},
		{"fifo open", "fifo f\nprocess r\n  open f read\n", []IPCWaiter{{PID: 2, Cause: CauseFifoOpen, Wchan: "wait_for_partner", Want: 0}}},
		{"empty posix queue", "mqueue q\nprocess r\n  mq_receive q\n", []IPCWaiter{{PID: 2, Cause: CauseMQReceive, Wchan: "wq_sleep", Want: 0}}},
		{"full posix queue", "mqueue q posix max=1\nprocess s\n  mq_send q 1\n  mq_send q 7\n", []IPCWaiter{{PID: 2, Cause: CauseMQSend, Wchan: "wq_sleep", Want: 7}}},
		{"no such type", "mqueue q sysv\nprocess r\n  msgsnd q 1\n  msgrcv q 2\n", []IPCWaiter{{PID: 2, Cause: CauseMsgrcv, Wchan: "do_msgrcv", Want: 2}}},
		{"no room", "mqueue q sysv max=100\nprocess s\n  msgsnd q 1 60\n  msgsnd q 1 60\n", []IPCWaiter{{PID: 2, Cause: CauseMsgsnd, Wchan: "do_msgsnd", Want: 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := finalIPC(t, c.text)
			if got := v[0].Waiters; !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v; want %+v", got, c.want)
			}
		})
	}
}

func TestQueueOrder(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // the receive events' text, in order
	}{
		{"posix: highest priority first, FIFO within one",
			"mqueue q\nprocess a\n  mq_send q 1 10\n  mq_send q 5 20\n  mq_send q 1 30\n  mq_send q 5 40\n  mq_receive q\n  mq_receive q\n  mq_receive q\n  mq_receive q\n",
			[]string{"20 byte(s) priority 5", "40 byte(s) priority 5", "10 byte(s) priority 1", "30 byte(s) priority 1"}},
		{"sysv: by type",
			"mqueue q sysv\nprocess a\n  msgsnd q 3 10\n  msgsnd q 1 20\n  msgsnd q 2 30\n  msgsnd q 1 40\n  msgrcv q 2\n  msgrcv q -3\n  msgrcv q 0\n  msgrcv q 0\n",
			[]string{"30 byte(s) mtype 2", "20 byte(s) mtype 1", "10 byte(s) mtype 3", "40 byte(s) mtype 1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			sc, err := Parse(c.text)
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteTrace(&b, sc, Options{MaxSteps: 1000}); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range strings.Split(b.String(), "\n") {
				if strings.Contains(l, "mq_receive ") {
					got = append(got, l[strings.Index(l, "P2's ")+5:strings.Index(l, " from")])
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %q; want %q", got, c.want)
			}
		})
	}
}

func TestIPCCloneIsIndependent(t *testing.T) {
	text := "policy rr 1\npipe p capacity=8192\nmqueue q\nprocess w\n  close p read\n  write p 100\n  mq_send q 1\n  write p 200\n  mq_send q 2\nprocess r\n  close p write\n  sleep 20\n  read p 1000\n  mq_receive q\n"
	e := runUntil(t, text, func(e *Engine) bool { return len(e.IPC()[1].Messages) == 1 })
	c := e.Clone()
	before, hash := e.IPC(), e.StateHash()
	if c.StateHash() != hash {
		t.Fatalf("the clone's hash differs at once")
	}
	for !c.Done() {
		c.Step()
	}
	if got := e.IPC(); !reflect.DeepEqual(got, before) {
		t.Errorf("running the clone changed the original: got %+v; want %+v", got, before)
	}
	if e.StateHash() != hash {
		t.Errorf("running the clone changed the original's hash")
	}
	if reflect.DeepEqual(c.IPC(), before) {
		t.Errorf("the clone's run changed nothing: the test shows nothing")
	}
}

func TestIPCWordsStillAssignVariables(t *testing.T) {
	text := "var read\nvar write\nthread a\n  read = read + 1\n  write = 2\n"
	var b strings.Builder
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTrace(&b, sc, Options{MaxSteps: 100}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"var read = 1", "var write = 2"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("got no %q in\n%s", want, b.String())
		}
	}
}

func TestIPCWaitChannelNames(t *testing.T) {
	cases := []struct {
		c    Cause
		want string
	}{
		{CausePipeRead, "anon_pipe_read"}, {CausePipeWrite, "anon_pipe_write"}, {CauseFifoOpen, "wait_for_partner"},
		{CauseMQReceive, "wq_sleep"}, {CauseMQSend, "wq_sleep"}, {CauseMsgrcv, "do_msgrcv"}, {CauseMsgsnd, "do_msgsnd"},
		{CauseLock, ""}, {CauseIPCReady, ""},
	}
	for _, c := range cases {
		if got := PipeWaitChannel(c.c); got != c.want {
			t.Errorf("PipeWaitChannel(%s): got %q; want %q", c.c, got, c.want)
		}
	}
}

// TestExploreHashSeesThePipe checks that explore's state hash tells apart
// two states that differ only in what a pipe holds.
func TestExploreHashSeesThePipe(t *testing.T) {
	hashAt := func(bytes string) uint64 {
		t.Helper()
		e := runUntil(t, "pipe p\nprocess w\n  write p "+bytes+"\n  sleep 5\n", func(e *Engine) bool { return e.IPC()[0].Used > 0 })
		return e.stateHash(0)
	}
	if a, b := hashAt("10"), hashAt("20"); a == b {
		t.Errorf("10 and 20 bytes in the pipe hash alike (%x)", a)
	}
}
