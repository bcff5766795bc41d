package sim

import (
	"strings"
	"testing"
)

// TestIPCCallsInterrupted checks what a caught signal does to a task asleep
// in a pipe, FIFO, queue or socket call (signal(7)): EINTR without
// SA_RESTART, a restart with it, never a restart for System V queues, and a
// partial pipe write returns what it wrote. Before, every such call was
// restarted whatever the handler's flags.
func TestIPCCallsInterrupted(t *testing.T) {
	const sender = "process k at=6\n  kill r SIGUSR1\n  sleep 3\n%s"
	tests := []struct {
		name, decl, waiter, then string
		want                     []string // in order
		not                      []string
	}{
		{"pipe read: EINTR", "pipe p", "read p 10\n  compute 1", "",
			[]string{"P2 read() failed: EINTR", "P2 SIGUSR1 (handled)"}, []string{"restarts"}},
		{"pipe read: SA_RESTART", "pipe p", "read p 10", "  write p 4\n",
			[]string{"P2 read() restarts after its SIGUSR1 handler", "P2 SIGUSR1 (handled)", "P2 read 4 byte(s)"}, []string{"EINTR"}},
		{"mq_receive: EINTR", "mqueue q", "mq_receive q", "",
			[]string{"P2 mq_timedreceive() failed: EINTR"}, nil},
		{"msgrcv: never restarted", "mqueue q sysv", "msgrcv q 0", "  msgsnd q 1\n",
			[]string{"P2 msgrcv() failed: EINTR (never restarted, even with SA_RESTART)"}, []string{"restarts"}},
		{"a partial pipe write returns", "pipe p capacity=4096", "write p 10000\n  compute 1", "",
			[]string{"P2 wrote 4096 byte(s) into p, 5904 still to write", "P2 SIGUSR1 (handled)", "P2 exit_group()"}, []string{"EINTR"}},
		{"FIFO open: EINTR gives the end back", "fifo f", "open f read", "  open f write\n",
			[]string{"P2 openat() failed: EINTR", "P3 openat()", "P3 running -> sleeping (fifo_open)"}, []string{"P2 closed the read end"}},
		{"recv: EINTR", "socket u unix dgram", "socket u\n  bind u\n  recv u 10", "",
			[]string{"P2 recvfrom() failed: EINTR"}, nil},
		{"accept: SA_RESTART", "socket l unix stream\nsocket c unix stream", "socket l\n  bind l\n  listen l 1\n  accept l a", "  socket c\n  connect c l\n",
			[]string{"P2 accept4() restarts", "P2 l accepted c as a"}, []string{"EINTR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			catch := "catch SIGUSR1"
			if strings.Contains(tt.name, "SA_RESTART") || strings.Contains(tt.name, "never restarted") {
				catch += " restart"
			}
			text := tt.decl + "\nprocess r\n  " + catch + "\n  " + tt.waiter + "\n" + strings.Replace(sender, "%s", tt.then, 1)
			sc, err := Parse(text)
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
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
			for _, w := range tt.want {
				k := strings.Index(trace[at:], w)
				if k < 0 {
					t.Fatalf("got no %q (in order) in the trace; want it\n%s\n%s", w, text, trace)
				}
				at += k + len(w)
			}
			for _, n := range tt.not {
				if strings.Contains(trace, n) {
					t.Errorf("got %q in the trace; want none\n%s", n, trace)
				}
			}
		})
	}
}
