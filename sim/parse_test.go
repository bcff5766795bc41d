package sim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		line, col int
		msg       string
	}{
		{"unknown statement", "process a\n  comptue 3\n", 2, 3, `unknown statement "comptue"`},
		{"bad number", "process a\n  compute x\n", 2, 11, `"x" must be a whole number`},
		{"zero duration", "process a\n  sleep 0\n", 2, 9, "from 1 to"},
		{"empty range", "process a\n  io 5..2\n", 2, 6, "is empty"},
		{"range end", "process a\n  io 2..zz\n", 2, 9, `"zz" must be`},
		{"statement outside block", "  compute 1\n", 1, 3, "must belong to a process"},
		{"unknown directive", "cpus 2\nproces a\n", 2, 1, `unknown directive "proces"`},
		{"too many cpus", "cpus 99\nprocess a\n", 1, 6, "from 1 to 16"},
		{"bad policy", "policy sjff\nprocess a\n", 1, 8, `unknown policy "sjff"`},
		{"sjf quantum", "policy sjf 3\nprocess a\n", 1, 12, "sjf takes no quantum"},
		{"bad model", "model threads\nprocess a\n", 1, 1, "model processes"},
		{"bad attribute", "process a nice=99\n", 1, 16, "from -20 to 19"},
		{"unknown attribute", "process a colour=red\n", 1, 11, "unknown attribute"},
		{"mlfq mismatch", "mlfq levels=2 quanta=1,2,3\nprocess a\n", 1, 6, "must agree"},
		{"mlfq option", "mlfq speed=9\nprocess a\n", 1, 6, "unknown mlfq option"},
		{"switch cost", "switch_cost 500\nprocess a\n", 1, 13, "from 0 to 100"},
		{"fcfs quantum", "policy fcfs 3\nprocess a\n", 1, 13, "fcfs takes no quantum"},
		{"twice", "cpus 1\ncpus 2\nprocess a\n", 2, 1, "cpus is given twice"},
		{"undefined fork", "process a\n  fork ghost\n", 2, 8, `program "ghost", which is not defined`},
		{"duplicate name", "process a\nprogram a\n", 2, 9, `"a" is defined twice`},
		{"bad name", "process 9lives\n", 1, 9, "is not a name"},
		{"bad signal", "process a\n  kill parent SIGFOO\n", 2, 15, `unknown signal "SIGFOO"`},
		{"ignore kill", "process a\n  ignore SIGKILL\n", 2, 10, "SIGKILL cannot be ignored"},
		{"kill usage", "process a\n  kill parent\n", 2, 3, "usage: kill TARGET SIGNAL"},
		{"bad exit", "process a\n  exit 300\n", 2, 8, "from 0 to 255"},
		{"open repeat", "process a\n  repeat 2\n    compute 1\n", 2, 3, "repeat has no matching end"},
		{"stray end", "process a\n  end\n", 2, 3, "end without a repeat"},
		{"empty repeat", "process a\n  repeat 2\n  end\n", 3, 3, "empty body"},
		{"deep repeat", "process a\n repeat 2\n  repeat 2\n   repeat 2\n    repeat 2\n     repeat 2\n", 6, 6, "nested too deeply"},
		{"no process", "program a\n  compute 1\n", 1, 1, "starts no process"},
		{"arrival", "process a at=x\n", 1, 14, `"x" must be`},
		{"title lang", "title fr: bonjour\nprocess a\n", 1, 7, `unknown language "fr"`},
		{"NUL", "process a\n  compute 1\x00\n", 2, 12, "NUL"},
		{"pid_max", "pid_max 2\nprocess a\n", 1, 9, "from 4 to"},
		{"process uses a variable", "var x\nprocess a\n  x = x + 1\n", 3, 3, "only threads share variables"},
		{"process locks", "mutex m\nprocess a\n  lock m\n", 3, 3, "only threads share variables"},
		{"unknown statement in a thread", "thread a\n  frobnicate\n", 2, 3, `unknown statement "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) = %v; want a *ParseError", tt.text, err)
			}
			if pe.Line != tt.line || pe.Col != tt.col || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got line %d col %d %q; want line %d col %d containing %q", pe.Line, pe.Col, pe.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	_, err := Parse("process a\n" + strings.Repeat("  compute 1\n", MaxScenarioBytes/12+1))
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("got %v; want a size error", err)
	}
}

func TestParseDirectives(t *testing.T) {
	sc, err := Parse("title en: Hello\ntitle zh: 你好\nexplain en: one\nexplain en: two\ncpus 2\npolicy rr 5\npid_max 100\nmax_tasks 9\nseed 77\nprocess b at=3\nprocess a\n  kill 42 STOP\n")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Title["zh"] != "你好" || sc.Explain["en"] != "one\ntwo" || sc.CPUs != 2 || sc.Policy != RR ||
		sc.Quantum != 5 || sc.PIDMax != 100 || sc.MaxTasks != 9 || sc.Seed != 77 {
		t.Errorf("got %+v", sc)
	}
	if sc.Processes[0].Program != 1 || sc.Processes[1].Arrival != 3 {
		t.Errorf("processes not sorted by arrival: %+v", sc.Processes)
	}
	if in := sc.Programs[1].Code[0]; in.Target != TargetPID || in.TargetPID != 42 || in.Sig != SIGSTOP {
		t.Errorf("kill parsed as %+v", in)
	}
}

// FuzzParse checks that no input makes Parse panic, and that whatever parses
// also runs without panicking.
func FuzzParse(f *testing.F) {
	f.Add("process a\n  compute 1\n  fork b\nprogram b\n  kill parent SIGSTOP\n")
	f.Add("cpus 2\npolicy rr 1\nprocess a\n  repeat 3\n    io 1..4\n  end\n  wait\n")
	// Issue 11's syntax: memory, named system calls, switch cost, pipes,
	// FIFOs, queues, shared memory and sockets.
	f.Add("memory heap=3\nswitch_cost 1 mm=2\nprocess a\n  memory stack=2\n  write heap 0..2\n  fork\n  read text 1\n  syscall getpid 2\n  catch SIGUSR1 restart\n  exec a\n")
	f.Add("pipe p capacity=4096\nfifo f\nmqueue q max=2 msgsize=100\nmqueue s sysv max=200\nprocess a\n  close p read\n  write p 5000\n  open f write\n  mq_send q 3 100\n  msgsnd s 2 50\nprocess b\n  read p 9\n  open f read\n  mq_receive q\n  msgrcv s -3\n")
	f.Add("shm g\nvar v = 0 in g\nsemaphore m = 1 shared in g\nsocket l inet stream tcp rcvbuf=64\nsocket c inet stream\nsocket u unix dgram 0 qlen=1\nprocess srv\n  shmat g\n  sem_wait m\n  v = v + 1\n  sem_post m\n  shmdt g\n  socket l\n  bind l\n  listen l 1\n  accept l a\n  recv a 100\n  close a\nprocess cli\n  socket c\n  connect c l\n  send c 10\n  send u 4 to u\n")
	f.Fuzz(func(t *testing.T, text string) {
		sc, err := Parse(text)
		if err != nil {
			return
		}
		e := New(sc, Options{MaxSteps: 500})
		for !e.Done() {
			e.Step()
		}
	})
}

// FuzzEngine builds valid scenarios from random bytes (every statement kind,
// signals to every target, several CPUs and policies) and runs them, looking
// for panics and broken invariants.
func FuzzEngine(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte("stop cont kill term disk fork wait"))
	f.Fuzz(runFuzzEngineBody)
}

func runFuzzEngineBody(t *testing.T, data []byte) {
	{
		if len(data) < 2 {
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "cpus %d\npid_max %d\nmax_tasks 40\n", 1+data[0]%3, 6+data[1]%20)
		if data[0]&8 != 0 {
			b.WriteString("policy fcfs\n")
		} else {
			fmt.Fprintf(&b, "policy rr %d\n", 1+data[1]%4)
		}
		progs := []string{"a", "b", "c"}
		sigs := []string{"SIGSTOP", "SIGCONT", "SIGTERM", "SIGKILL", "SIGCHLD", "SIGINT"}
		targets := []string{"parent", "child", "self", "a", "b", "c", "1", "3", "4"}
		for pi, name := range progs {
			if pi == 2 {
				fmt.Fprintf(&b, "program %s\n", name)
			} else {
				fmt.Fprintf(&b, "process %s at=%d\n", name, pi*2)
			}
			for i := 2 + pi; i+1 < len(data); i += 3 {
				x, y := data[i], data[i+1]
				switch x % 11 {
				case 0:
					fmt.Fprintf(&b, "  compute %d\n", 1+y%4)
				case 1:
					fmt.Fprintf(&b, "  io %d..%d\n", 1+y%2, 2+y%3)
				case 2:
					fmt.Fprintf(&b, "  disk %d\n", 1+y%4)
				case 3:
					fmt.Fprintf(&b, "  sleep %d\n", 1+y%5)
				case 4:
					b.WriteString("  yield\n")
				case 5:
					fmt.Fprintf(&b, "  fork %s\n", progs[y%3])
				case 6:
					b.WriteString("  wait\n")
				case 7:
					fmt.Fprintf(&b, "  exit %d\n", y)
				case 8, 9:
					fmt.Fprintf(&b, "  kill %s %s\n", targets[int(y)%len(targets)], sigs[int(y/16)%len(sigs)])
				case 10:
					fmt.Fprintf(&b, "  ignore %s\n", []string{"SIGTERM", "SIGCHLD", "SIGINT"}[y%3])
				}
			}
		}
		sc, err := Parse(b.String())
		if err != nil {
			t.Fatalf("generated scenario does not parse: %v\n%s", err, b.String())
		}
		e := New(sc, Options{MaxSteps: 400})
		for !e.Done() {
			for _, ev := range e.Step() {
				if ev.Kind == EvState && ev.From == ev.To {
					t.Fatalf("self transition %+v\n%s", ev, b.String())
				}
			}
			running := map[PID]bool{}
			for c, pid := range e.CPUs(nil) {
				if pid == 0 {
					continue
				}
				tk := e.task(pid)
				if tk.State != StateRunning || tk.CPU != c || running[pid] {
					t.Fatalf("step %d: CPU %d holds P%d in %s (cpu %d)\n%s", e.StepNum(), c, pid, tk.State, tk.CPU, b.String())
				}
				running[pid] = true
			}
			for _, pid := range e.Ready(nil) {
				if tk := e.task(pid); tk.State != StateRunnable {
					t.Fatalf("step %d: P%d in the ready queue is %s\n%s", e.StepNum(), pid, tk.State, b.String())
				}
			}
			for _, tk := range e.Tasks() {
				if tk.State == StateRunning && !running[tk.PID] {
					t.Fatalf("step %d: P%d running on no CPU\n%s", e.StepNum(), tk.PID, b.String())
				}
			}
		}
	}
}
