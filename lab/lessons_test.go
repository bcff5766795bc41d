package lab

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"proclab/assets"
	"proclab/sim"
)

// TestLessonsTeachWhatTheySay runs every built-in lesson and checks that the
// thing it is about actually happens in it, and that it runs the same twice.
func TestLessonsTeachWhatTheySay(t *testing.T) {
	l, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	must := map[string][]string{
		"lifecycle":         {"running -> zombie (exit)", "zombie -> dead (reap)", "reaped           P3 by P2 exit code 7", "SIGCHLD", "P3 execve()", "exec             P3 runs worker"},
		"signals":           {"running -> stopped (sigstop)", "signal_deferred", "disk -> runnable (io_done)", "stopped -> runnable (sigcont)", "SIGTERM (ignored)", "SIGKILL (sigkill)", "killed by SIGKILL"},
		"cpu-vs-io":         {"running -> runnable (quantum)", "running -> sleeping (io)", "running -> disk (disk)", "(voluntary)", "(involuntary)"},
		"orphans":           {"reparented       P3 new parent P1", "reparented       P4 new parent P1", "P3 by P1"},
		"convoy":            {"    25 switch           cpu0 P2 -> P3", "    28 switch           cpu0 P3 -> P4"},
		"sjf-srtf":          {"P2 running -> runnable (preempt)", "    20 switch           cpu0 P8 -> P2"},
		"rr-quantum":        {"running -> runnable (quantum)", "after 1 switching tick(s)"},
		"mlfq":              {"P2 level 1 (demote)", "P2 level 0 (boost)", "P2 running -> runnable (preempt)"},
		"lost-update":       {"lost_update      on counter", "race             on counter", "expect counter == 2: counter is 1"},
		"check-then-act":    {"cs_violation", "expect seats_sold == 1: seats_sold is 2"},
		"atomic":            {"var counter = 2"},
		"mutex":             {"P3 running -> sleeping (lock)", "lock_acquire     P3 m after", "var counter = 2"},
		"deadlock":          {"(a cycle of 2)", "lock_release     P5 d", "lock_release     P4 c"},
		"producer-consumer": {"sleeping (sem)", "var consumed = 6"},
		"peterson":          {"cs_enter", "race             on flag", "var inside = 2"},
		"spin-vs-block":     {"spin             P3 s held by P2", "P5 running -> sleeping (lock)", "var a = 1", "var b = 1"},
		"channel":           {"chan_recv", "var result = 42"},
		"two-kinds-of-d":    {"P3 running -> disk (killable)", "P3 disk -> runnable (signal_wake)", "signal_deferred  P2 SIGKILL", "P2 disk -> runnable (io_done)", "exit             P2 killed by SIGKILL"},
		"job-control":       {"group            P3 process group 3 session 2", "wait_report      P2's wait: P3 stopped by SIGSTOP", "kernel -> P3 SIGHUP", "P3 stopped -> runnable (sigcont)", "exit             P3 killed by SIGHUP", "P4 SIGHUP (handled)"},
		"pids":              {"    12 created          P6 by P2 (fork)", "    36 created          P6 by P2 (fork)", "    40 reaped           P4 by P3", "reparented       P5 new parent P1", "    66 created          P3 by P2 (fork)", "    72 created          P4 by P2 (fork)"},
		"fork-exec":         {"created          P3 by P2 (fork)", "exec             P3 runs server", "SIGTERM (ignored)", "reaped           P3 by P2 killed by SIGUSR1"},
		"ptrace":            {"P2 running -> traced (ptrace)", "P3's wait: P2 stopped by its tracer", "signal_deferred  P2 SIGCONT waits until its tracer lets it go", "P2 stopped by its tracer on its way to receive SIGCONT", "P2 traced -> stopped (sigstop)", "P2 stopped -> runnable (sigcont)", "P3 detached from P2"},
		"cfs-nice":          {"    11 switch           cpu0 P2 -> P3 (involuntary)", "    13 switch           cpu0 P3 -> P2"},
		"go-waitgroup":      {"created          P5 by P2 (go)", "exit             P2 exit code 0"},
		"go-loop-variable":  {"lock_contend     P4 mu held by P3", "var sum = 6"},
		"go-race-detector":  {"race             on counter", "lost_update      on counter", "expect counter == 4: counter is 2"},
		"go-counter":        {"lock_contend     P4 mu held by P3", "chan_send        P8 inc value 1 with P7", "var withMutex = 2", "var withAtomic = 2", "var withChannel = 2"},
		"go-channel-buffer": {"chan_send        P2 buffered value 1 with idle", "chan_send        P2 unbuffered value 2 with P3", "all_asleep", "exit             P2 exit code 2"},
		"sigchld":           {"P4 running -> zombie (exit)", "P4 zombie -> dead (reap)", "reaped           P4 by P2 exit code 7", "P3 rt_sigaction()", "P5 running -> dead (autoreap)", "wait_nochild     P3 has no children (ECHILD)"},
		"process-program":   {"exec             P3 runs editor", "exec             P4 runs editor", "exec             P5 runs build", "exec             P5 runs compiler", "exec             P5 runs linker", "reaped           P5 by P2 exit code 0"},
		// -- part 1, memory
		"cow":  {"mem_fork         P3 shares all 8 pages of P2", "page_copy        P3 got a copy of heap page 0 in frame 9", "page_private     P2 now alone maps frame 4 (heap page 0)", "page_reuse       P2 alone maps frame 4", "mem_read         P3 read heap page 0 (frame 4)", "mem_free         address space of P3 freed at its exit"},
		"exec": {"mem_exec         P3 has a new address space: 10 pages mapped, 6 unmapped", "page_fault       P3 wrote text page 2 (frame 9): the mapping is read-only", "exit             P3 killed by SIGSEGV", "page_reuse       P2 alone maps frame 4", "mem_free         address space of P3 freed at its exit", "reaped           P3 by P2 killed by SIGSEGV"},
		// -- part 2, system calls and modes
		"syscalls":   {"P2 getpid() cpu0", "P2 clock_gettime() in user mode through the vDSO", "P2 write() cpu0", "P2 running -> sleeping (io)", "P2 read() failed: EINTR", "P2 read() restarts after its SIGUSR1 handler (SA_RESTART)", "P2 sleeping -> runnable (io_done)", "P2 nanosleep() failed: EINTR (never restarted, even with SA_RESTART)"},
		"go-signals": {"P2 SIGINT (handled)", "P2 SIGTERM (handled)", "P2 SIGUSR1 (handled)", "P2 SIGTSTP (handled)", "P2 SIGCONT (handled)", "exit             P2 exit code 0"},
		// -- part 3, context-switch cost
		"switch-cost": {"switch           cpu0 P2 -> P3 (involuntary) after 1 switching tick(s)", "switch           cpu0 P3 -> P4 (involuntary) after 3 switching tick(s), 2 of them to load another address space", "end at step 40"},
		// -- part 4a, pipes, FIFOs, message queues
		"pipes":  {"P3 wrote 8192 byte(s) into p, 3808 still to write", "P2 running -> sleeping (pipe_write)", "P2 wrote 100 byte(s) into p", "P3 wrote 3808 byte(s) into p", "P4 read 200 byte(s) written by P2 from p", "pipe_eof         P4 read p", "exit             P5 killed by SIGPIPE", "P6 SIGPIPE (ignored)", "exit             P6 exit code 1"},
		"fifo":   {"P2 running -> sleeping (fifo_open)", "P4 running -> sleeping (fifo_open)", "ipc_open         P2 opened chat for reading", "pipe_eof         P2 read chat", "exit             P4 killed by SIGPIPE"},
		"mqueue": {"P2 running -> sleeping (mq_receive)", "P3 running -> sleeping (mq_send)", "P4 running -> sleeping (msgsnd)", "P2 received P3's 20 byte(s) priority 9 from jobs", "P5 received P4's 60 byte(s) mtype 3 from orders", "P5 received P4's 50 byte(s) mtype 1 from orders"},
		// -- part 4b, shared memory and sockets
		"shm-sem":           {"shm_attach       P2 mapped segment seg", "lost_update      on racy", "race             on racy", "syscall          P5 futex()", "P5 running -> sleeping (sem)", "sem_post         P4 s woke P5", "P6 killed by SIGSEGV", "expect racy == 2: racy is 1", "var safe = 2"},
		"sockets":           {"sock_create      P2 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = srv", "P2 running -> sleeping (accept)", "sock_connect     P3 cli connected to srv, queued for accept, woke P2", "sock_accept      P2 srv accepted cli as conn", "sock_recv        P2 conn 11 bytes from 2 send(s)", "conn 0 bytes: end of stream", "socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = ua", "sock_recv        P4 ua one message of 4 bytes", "P5's 4-byte datagram to ua dropped", "sock_send        P4 ua 3 bytes to ub, woke P5", "sock_recv        P5 ub one message of 3 bytes", "socket(AF_UNIX, SOCK_DGRAM, 0) = ux", "P7 running -> sleeping (sock_send)", "sock_send        P7 uy 4 bytes to ux"},
		"go-select-timeout": {"    23 chan_recv        P2 time.After", "    36 chan_recv        P2 fast value 2 with P4"},
	}
	if len(l.All()) < 4 {
		t.Fatalf("%d lessons; want at least 4", len(l.All()))
	}
	for _, lesson := range l.All() {
		var a, b strings.Builder
		if err := sim.WriteTrace(&a, lesson.Scenario, sim.Options{MaxSteps: 10000}); err != nil {
			t.Fatal(err)
		}
		_ = sim.WriteTrace(&b, lesson.Scenario, sim.Options{MaxSteps: 10000})
		if a.String() != b.String() {
			t.Errorf("%s: two runs differ", lesson.ID)
		}
		if strings.Contains(a.String(), "step limit") {
			t.Errorf("%s: does not finish", lesson.ID)
		}
		wants, ok := must[lesson.ID]
		if !ok {
			t.Errorf("lesson %s has no check here: add what it must show", lesson.ID)
		}
		for _, w := range wants {
			if !strings.Contains(a.String(), w) {
				t.Errorf("%s: the trace never shows %q", lesson.ID, w)
			}
		}
	}
}

// A scenario lesson, a Go twin and a Go lesson, as small as they come.
const (
	testScenarioLesson = "title en: a\ntitle zh: b\nexplain en: c\nexplain zh: d\nprocess a\n  compute 1\n"
	testGoTwin         = "//go:build ignore\n\npackage main\n\nfunc main() {}\n"
	testGoLesson       = "//go:build ignore\n\n// title en: a\n// title zh: b\n// explain en: c\n// explain zh: d\npackage main\n\nvar n = 0\n\nfunc main() {\n\tn = n + 1\n}\n"
)

func TestLoadLessonsReadsGo(t *testing.T) {
	l, err := LoadLessons(fstest.MapFS{
		"lessons/01-x.txt":  {Data: []byte(testScenarioLesson)},
		"lessons/go/x.go":   {Data: []byte(testGoTwin)},
		"lessons/02-y.go":   {Data: []byte(testGoLesson)},
		"lessons/go/README": {Data: []byte("not a twin: ignored")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, x := range l.All() {
		ids = append(ids, x.ID)
	}
	if got, want := strings.Join(ids, ","), "x,y"; got != want {
		t.Fatalf("got lessons %s; want %s", got, want)
	}
	x, _ := l.Get("x")
	if x.IsGo || x.Go != testGoTwin || x.Topic() != "processes" {
		t.Errorf("got x IsGo=%v topic %s Go %q; want a scenario lesson (processes) with its twin", x.IsGo, x.Topic(), x.Go)
	}
	s := NewSession(l)
	if _, err := s.Load(LoadRequest{Lesson: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := s.Run().GoSource; got != testGoTwin {
		t.Errorf("got a run of x with Go %q; want its twin", got)
	}
	y, _ := l.Get("y")
	if !y.IsGo || y.Go != testGoLesson || y.Topic() != "races" || y.Title().En != "a" || y.Title().Zh != "b" {
		t.Errorf("got y IsGo=%v topic %s title %+v; want a Go lesson (races) titled a/b", y.IsGo, y.Topic(), y.Title())
	}
}

// TestLessonGoIsOutOfTheBuild checks that every Go file under
// assets/lessons starts with //go:build ignore: each is a program of its
// own (package main, func main), and without that line the module's
// build would try to compile them all together as one package.
func TestLessonGoIsOutOfTheBuild(t *testing.T) {
	l, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, lesson := range l.All() {
		if !strings.HasPrefix(lesson.Go, "//go:build ignore\n\n") {
			t.Errorf("%s: its Go does not start with //go:build ignore and a blank line", lesson.ID)
		}
	}
}

// TestGoLessonsExplore checks what each Go lesson says explore finds.
func TestGoLessonsExplore(t *testing.T) {
	l, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id       string
		outcomes int      // distinct outcomes
		outputs  []string // outputs some outcome prints
		races    string   // the variables with a data race, as "a,b"
		deadlock bool     // some outcome ends in Go's "all goroutines are asleep"
	}{
		// main's return ends the program whatever the goroutines did: from
		// none of their lines to all three, in any order (1+3+6+6).
		{"go-waitgroup", 49, []string{"main returns\n", "goroutine 3 runs\ngoroutine 1 runs\ngoroutine 2 runs\nmain returns\n", "main returns\ngoroutine 1 runs\n"}, "", false},
		// Go 1.22+: each goroutine its own i; only the order of the lines varies.
		{"go-loop-variable", 6, []string{"goroutine sees i = 3\ngoroutine sees i = 2\ngoroutine sees i = 1\nsum = 6\n"}, "", false},
		{"go-race-detector", 3, []string{"counter = 4\n", "counter = 3\n", "counter = 2\n"}, "counter", false},
		{"go-counter", 1, []string{"withMutex = 2\nwithAtomic = 2\nwithChannel = 2\n"}, "", false},
		{"go-channel-buffer", 1, nil, "", true},
		{"go-select-timeout", 1, []string{"timeout\nresult 2\n"}, "", false},
	} {
		lesson, ok := l.Get(tc.id)
		if !ok || !lesson.IsGo {
			t.Errorf("%s: no such Go lesson", tc.id)
			continue
		}
		s := NewSession(l)
		if _, err := s.Load(LoadRequest{Lesson: tc.id, Step: 5}, nil); err != nil {
			t.Errorf("%s: a session cannot open it: %v", tc.id, err)
		} else if run := s.Run(); run.GoSource != lesson.Go || run.Lang != LangGo {
			t.Errorf("%s: got a run with lang %q and %d bytes of Go; want the lesson's Go", tc.id, run.Lang, len(run.GoSource))
		}
		r := sim.Explore(lesson.Scenario, sim.ExploreOptions{})
		if !r.Complete {
			t.Errorf("%s: explore is incomplete", tc.id)
		}
		outputs := map[string]bool{}
		races := map[string]bool{}
		deadlock := false
		for _, o := range r.Outcomes {
			outputs[o.Output] = true
			for _, v := range o.Races {
				races[lesson.Scenario.Vars[v].Name] = true
			}
			deadlock = deadlock || slices.Contains(o.Violations, "deadlock")
		}
		if got := len(r.Outcomes); got != tc.outcomes {
			t.Errorf("%s: got %d outcomes; want %d", tc.id, got, tc.outcomes)
		}
		for _, w := range tc.outputs {
			if !outputs[w] {
				t.Errorf("%s: no outcome prints %q", tc.id, w)
			}
		}
		var rs []string
		for v := range races {
			rs = append(rs, v)
		}
		slices.Sort(rs)
		if got := strings.Join(rs, ","); got != tc.races {
			t.Errorf("%s: got races on %q; want %q", tc.id, got, tc.races)
		}
		if deadlock != tc.deadlock {
			t.Errorf("%s: got deadlock %v; want %v", tc.id, deadlock, tc.deadlock)
		}
	}
}

// TestGoCounterCosts checks the step numbers go-counter's explanation
// quotes: where each part (mutex, atomic, channel) prints its counter.
func TestGoCounterCosts(t *testing.T) {
	l, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	lesson, ok := l.Get("go-counter")
	if !ok {
		t.Fatal("no lesson go-counter")
	}
	e := sim.New(lesson.Scenario, sim.Options{MaxSteps: 10000})
	for !e.Done() {
		e.Step()
	}
	var got []string
	for _, o := range e.Output() {
		got = append(got, fmt.Sprintf("%d %s", o.Step, strings.TrimSpace(o.Text)))
	}
	want := "18 withMutex = 2, 30 withAtomic = 2, 51 withChannel = 2"
	if strings.Join(got, ", ") != want {
		t.Errorf("got %q; want %q (the lesson's explanation quotes these steps)", strings.Join(got, ", "), want)
	}
}

func TestLoadLessonsRejectsBrokenFiles(t *testing.T) {
	ok := &fstest.MapFile{Data: []byte(testScenarioLesson)}
	twin := &fstest.MapFile{Data: []byte(testGoTwin)}
	for name, fsys := range map[string]fstest.MapFS{
		"parse error":            {"lessons/01-x.txt": {Data: []byte("title en: a\ntitle zh: b\nexplain en: c\nexplain zh: d\nprocess a\n  bogus\n")}, "lessons/go/x.go": twin},
		"no chinese":             {"lessons/01-x.txt": {Data: []byte("title en: a\nexplain en: c\nprocess a\n")}, "lessons/go/x.go": twin},
		"bad name":               {"lessons/x.txt": {Data: []byte("process a\n")}},
		"no Go twin":             {"lessons/01-x.txt": ok},
		"a twin of no lesson":    {"lessons/01-x.txt": ok, "lessons/go/x.go": twin, "lessons/go/z.go": twin},
		"a twin of a Go lesson":  {"lessons/01-y.go": {Data: []byte(testGoLesson)}, "lessons/go/y.go": twin},
		"Go that does not build": {"lessons/01-y.go": {Data: []byte(strings.Replace(testGoLesson, "n = n + 1", "m = 1", 1))}},
		"Go with no chinese":     {"lessons/01-y.go": {Data: []byte(strings.Replace(testGoLesson, "// title zh: b\n", "", 1))}},
		"one id twice":           {"lessons/01-x.txt": ok, "lessons/go/x.go": twin, "lessons/02-x.go": {Data: []byte(testGoLesson)}},
	} {
		if _, err := LoadLessons(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
