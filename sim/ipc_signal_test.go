package sim

import (
	"strings"
	"testing"
)

// TestSignalsWhileBlockedOnIPC sends SIGKILL, and SIGSTOP then SIGCONT, to a
// process asleep in each wait issue 11 added (pipe read and write, FIFO
// open, both queues' sends and receives, accept, connect, send, recv, a
// process-shared semaphore), checks the engine's invariants after every
// step, that two runs and a clone agree (checkRun), and that the run ends
// before the step limit (nobody goes round in circles on a stale waiter).
func TestSignalsWhileBlockedOnIPC(t *testing.T) {
	// Each wait: the declarations, what the partner o sets up first, what
	// the waiter w does (its last statement blocks), and what o does after
	// the signal to let a waiter that lives go on.
	waits := map[string]struct{ decl, setup, wait, wake string }{
		"pipe read":   {"pipe p", "", "read p 10", "write p 10"},
		"pipe write":  {"pipe p capacity=4096", "", "write p 9000", "read p 9000\n  read p 9000\n  read p 9000"},
		"fifo open":   {"fifo f", "", "open f read", "open f write"},
		"fifo writer": {"fifo f", "", "open f write", "open f read"},
		"mq_send":     {"mqueue q max=1", "", "mq_send q 1\n  mq_send q 2", "mq_receive q\n  mq_receive q"},
		"mq_receive":  {"mqueue q", "", "mq_receive q", "mq_send q 1"},
		"msgsnd":      {"mqueue q sysv max=64", "", "msgsnd q 1 64\n  msgsnd q 1 64", "msgrcv q 0\n  msgrcv q 0"},
		"msgrcv":      {"mqueue q sysv", "", "msgrcv q 5", "msgsnd q 5"},
		"accept":      {"socket l unix stream\nsocket c unix stream", "", "socket l\n  bind l\n  listen l 0\n  accept l a", "socket c\n  connect c l"},
		"connect":     {"socket l inet stream tcp\nsocket c inet stream tcp\nsocket d inet stream tcp", "socket l\n  bind l\n  listen l 0\n  socket d\n  connect d l", "socket c\n  connect c l", "accept l a\n  accept l b"},
		"send":        {"socket u unix dgram qlen=0\nsocket v unix dgram", "socket u\n  bind u", "socket v\n  bind v\n  send v 1 to u\n  send v 1 to u\n  send v 1 to u", "recv u 1\n  recv u 1\n  recv u 1"},
		"recv":        {"socket u unix dgram", "", "socket u\n  bind u\n  recv u 4", "send u 4 to u"},
		"shm sem":     {"shm g\nsemaphore s = 0 shared in g", "shmat g", "shmat g\n  sem_wait s", "sem_post s"},
	}
	signals := map[string]string{
		"kill":      "  kill w SIGKILL\n",
		"stop-cont": "  kill w SIGSTOP\n  sleep 2\n  kill w SIGCONT\n",
		"stop-kill": "  kill w SIGSTOP\n  kill w SIGKILL\n",
		"term":      "  kill w SIGTERM\n",
	}
	for wname, w := range waits {
		for sname, sig := range signals {
			t.Run(wname+"/"+sname, func(t *testing.T) {
				t.Helper()
				text := w.decl + "\nprocess o\n  " + w.setup + "\n  sleep 30\n  " + w.wake + "\nprocess w at=8\n  " + w.wait + "\nprocess k at=20\n" + sig
				sc, err := Parse(text)
				if err != nil {
					t.Fatalf("%v\n%s", err, text)
				}
				checkRun(t, sc, text, 21)
				e := New(sc, Options{MaxSteps: fuzzSteps})
				var lines []string
				for !e.Done() {
					for _, ev := range e.Step() {
						lines = append(lines, sc.Describe(ev))
					}
				}
				trace := strings.Join(lines, "\n")
				blocked, signalled := strings.Index(trace, "P3 running -> sleeping"), strings.Index(trace, "P4 kill()")
				if blocked < 0 || signalled < 0 || blocked > signalled {
					t.Fatalf("got no wait of P3 before P4's kill; want one (the test must signal a waiter)\n%s\n%s", text, trace)
				}
				if e.StepNum() >= fuzzSteps {
					t.Errorf("got a run that reached the step limit; want it to end\n%s", text)
				}
			})
		}
	}
}

// TestKilledFifoOpenerClosesNothing kills a process asleep in open() of a
// FIFO: the open never made a descriptor, so its exit closes nothing (it
// said "closed the read end" before), and a writer that opens afterwards
// waits for a reader, as nobody holds the read end.
func TestKilledFifoOpenerClosesNothing(t *testing.T) {
	text := "fifo f\nprocess r\n  open f read\nprocess k at=3\n  kill r SIGKILL\nprocess w at=6\n  open f write\n"
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 100})
	var closes, opened int
	for !e.Done() {
		for _, ev := range e.Step() {
			switch ev.Kind {
			case EvIPCClose:
				closes++
			case EvIPCOpen:
				opened++
			}
		}
	}
	if closes != 0 || opened != 0 {
		t.Errorf("got %d ipc_close and %d ipc_open events; want none (the open never completed)", closes, opened)
	}
}
