package sim

import (
	"testing"
)

// TestGoFormatArg: each argument kind with each verb prints as Go's fmt
// printed it with go1.26 on linux/amd64 (the wants were copied from real
// runs; see golang.go).
func TestGoFormatArg(t *testing.T) {
	e := New(goScenario(t, gworld{strs: []string{"hi"}}, gprog{name: "main"}), Options{})
	tests := []struct {
		kind ArgKind
		verb byte
		v    int64
		want string
	}{
		{ArgInt, 'v', 5, "5"}, {ArgInt, 'd', -5, "-5"}, {ArgInt, 's', 5, "%!s(int=5)"}, {ArgInt, 't', 5, "%!t(int=5)"},
		{ArgInt, 'q', 5, `'\x05'`}, {ArgInt, 'q', 0x1F600, "'😀'"}, {ArgInt, 'q', -3, "'�'"},
		{ArgBool, 'v', 1, "true"}, {ArgBool, 't', 0, "false"}, {ArgBool, 'd', 1, "%!d(bool=true)"},
		{ArgBool, 's', 1, "%!s(bool=true)"}, {ArgBool, 'q', 1, "%!q(bool=true)"},
		{ArgString, 'v', 0, "hi"}, {ArgString, 's', 0, "hi"}, {ArgString, 'q', 0, `"hi"`},
		{ArgString, 'd', 0, "%!d(string=hi)"}, {ArgString, 't', 0, "%!t(string=hi)"},
		{ArgErr, 'v', 0, "<nil>"}, {ArgErr, 'd', 0, "%!d(<nil>)"}, {ArgErr, 's', 0, "%!s(<nil>)"}, {ArgErr, 'q', 0, "%!q(<nil>)"},
		{ArgErr, 'v', 3, "exit status 3"}, {ArgErr, 's', 3, "exit status 3"}, {ArgErr, 'q', 3, `"exit status 3"`},
		{ArgErr, 'v', -15, "signal: terminated"}, {ArgErr, 'v', -9, "signal: killed"}, {ArgErr, 'v', -10, "signal: user defined signal 1"},
		{ArgSignal, 'v', 1, "hangup"}, {ArgSignal, 's', 2, "interrupt"}, {ArgSignal, 'd', 2, "2"}, {ArgSignal, 'q', 2, `"interrupt"`},
		{ArgSignal, 'v', 9, "killed"}, {ArgSignal, 'v', 10, "user defined signal 1"}, {ArgSignal, 'v', 15, "terminated"},
		{ArgSignal, 'v', 17, "child exited"}, {ArgSignal, 'v', 18, "continued"}, {ArgSignal, 'v', 19, "stopped (signal)"},
		{ArgSignal, 'v', 64, "signal 64"},
	}
	for _, tt := range tests {
		if got := e.formatArg(tt.kind, tt.verb, tt.v); got != tt.want {
			t.Errorf("formatArg(%d, %%%c, %d) = %q; want %q", tt.kind, tt.verb, tt.v, got, tt.want)
		}
	}
}

// TestGoStartAndPrint: a go statement starts a thread of main's process
// with the creator's locals copied; prints go to Output in order, with
// EvOutput events; the goroutine is numbered 2.
func TestGoStartAndPrint(t *testing.T) {
	w := gworld{
		objs: []ObjDecl{{Name: "done", Kind: ObjChan}},
		prints: []PrintSpec{
			pr([]string{"worker got ", " and ", "\n"}, []ArgKind{ArgInt, ArgInt}, "dd"),
			pr([]string{"main done\n"}, nil, ""),
		},
	}
	sc := goScenario(t, w,
		gprog{name: "main", locals: 32, code: []Instr{
			iSet(3, imm(7)), iSet(4, imm(8)), iSet(31, imm(-1)),
			iGo(1, 3, 2),
			iRecv(0, -1, -1),
			iPrint(1, 0, 0),
		}},
		gprog{name: "worker", locals: 2, code: []Instr{iPrint(0, 0, 2), iSend(0, imm(1))}},
	)
	e, evs := goRun(t, sc, Options{})
	if got, want := outText(e), "worker got 7 and 8\nmain done\n"; got != want {
		t.Errorf("output %q; want %q", got, want)
	}
	tasks := e.Tasks()
	if len(tasks) != 3 {
		t.Fatalf("%d tasks; want 3 (init, main, worker)", len(tasks))
	}
	m, g := &tasks[1], &tasks[2]
	if g.TGID != m.PID || g.PPID != m.PPID || g.Leader() {
		t.Errorf("goroutine TGID %d PPID %d; want a thread of %d with PPID %d", g.TGID, g.PPID, m.PID, m.PPID)
	}
	if got := goNum(g); got != 2 {
		t.Errorf("goroutine number %d; want 2", got)
	}
	created := false
	for _, ev := range evs {
		if ev.Kind == EvCreated && ev.Task == g.PID {
			created = ev.Cause == CauseGo && ev.Other == m.PID
		}
	}
	if !created {
		t.Errorf("no EvCreated with cause go for the goroutine")
	}
	if got := countEv(evs, EvOutput); got != 2 {
		t.Errorf("%d EvOutput events; want 2", got)
	}
	if o := e.Output(); len(o) == 2 && (o[0].Task != g.PID || o[1].Task != m.PID || o[0].Stderr) {
		t.Errorf("output lines %+v; want the worker's then main's, on stdout", o)
	}
	if code, sig := procExit(t, e); code != 0 || sig != 0 {
		t.Errorf("exit %d signal %d; want 0", code, sig)
	}
}

// TestGoMainReturnEndsProcess: when main's code ends, the process exits
// with every goroutine, as Go's runtime does; a goroutine's code ending
// ends that goroutine alone.
func TestGoMainReturnEndsProcess(t *testing.T) {
	w := gworld{vars: []string{"x"}}
	sc := goScenario(t, w,
		gprog{name: "main", code: []Instr{iGo(1, 0, 0), iGo(2, 0, 0), iSleep(20)}},
		gprog{name: "forever", code: []Instr{iSleep(5), {Op: OpJump, Jump: 0}}},
		gprog{name: "short", code: []Instr{iStore(0, imm(1))}},
	)
	e, evs := goRun(t, sc, Options{})
	tasks := e.Tasks()
	if code, _ := procExit(t, e); code != 0 {
		t.Errorf("exit code %d; want 0", code)
	}
	if e.Var(0) != 1 {
		t.Errorf("x = %d; want 1 (the short goroutine ran)", e.Var(0))
	}
	for _, ev := range evs {
		if ev.Kind == EvState && ev.Task == tasks[3].PID && ev.To == StateDead && ev.Cause != CauseThreadExit {
			t.Errorf("short goroutine ended with cause %v; want thread_exit", ev.Cause)
		}
		if ev.Kind == EvState && ev.Task == tasks[2].PID && ev.To == StateDead && ev.Cause != CauseGroupExit {
			t.Errorf("endless goroutine ended with cause %v; want group_exit", ev.Cause)
		}
	}
	if tasks[2].State != StateDead || tasks[1].State != StateDead {
		t.Errorf("states main %v forever %v; want both ended and reaped", tasks[1].State, tasks[2].State)
	}
}

// TestGoPanics: each runtime panic and fatal error prints Go's message to
// stderr and the process exits with status 2 (EvPanic first); the
// scenario language's behaviour for the same misuse is unchanged
// (TestGoMisuseWithoutGo).
func TestGoPanics(t *testing.T) {
	const ch, mu, rw, wg = 0, 1, 2, 3
	objs := []ObjDecl{{Name: "ch", Kind: ObjChan, Init: 1}, {Name: "mu", Kind: ObjGoMutex}, {Name: "rw", Kind: ObjRWMutex}, {Name: "wg", Kind: ObjWaitGroup}, {Name: "cond", Kind: ObjCond}}
	prints := []PrintSpec{pr([]string{"bad value ", ""}, []ArgKind{ArgInt}, "d")}
	tests := []struct {
		name  string
		main  []Instr
		other []Instr // a goroutine main starts first, if set
		want  string  // the output
		fatal bool
	}{
		{"negative WaitGroup", []Instr{iObj(OpWgDone, wg)}, nil, "panic: sync: negative WaitGroup counter\n\ngoroutine 1 [running]:\nmain.main()\n", false},
		{"negative WaitGroup by Add", []Instr{{Op: OpWgAdd, Obj: wg, X: imm(-2)}}, nil, "panic: sync: negative WaitGroup counter\n\ngoroutine 1 [running]:\nmain.main()\n", false},
		{"close of closed channel", []Instr{iObj(OpClose, ch), iObj(OpClose, ch)}, nil, "panic: close of closed channel\n\ngoroutine 1 [running]:\nmain.main()\n", false},
		{"send on closed channel", []Instr{iObj(OpClose, ch), iSend(ch, imm(1))}, nil, "panic: send on closed channel\n\ngoroutine 1 [running]:\nmain.main()\n", false},
		{"unlock of unlocked mutex", []Instr{iObj(OpUnlock, mu)}, nil, "fatal error: sync: unlock of unlocked mutex\n\ngoroutine 1 [running]:\nmain.main()\n", true},
		{"RUnlock of unlocked RWMutex", []Instr{iObj(OpRUnlock, rw)}, nil, "fatal error: sync: RUnlock of unlocked RWMutex\n\ngoroutine 1 [running]:\nmain.main()\n", true},
		{"Unlock of unlocked RWMutex", []Instr{iObj(OpUnlock, rw)}, nil, "fatal error: sync: Unlock of unlocked RWMutex\n\ngoroutine 1 [running]:\nmain.main()\n", true},
		{"integer divide by zero", []Instr{iSet(2, imm(0)), {Op: OpArith, Arith: '/', Dst: 3, X: imm(5), Y: loc(2)}}, nil, "panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\nmain.main()\n", false},
		{"integer modulo by zero", []Instr{{Op: OpArith, Arith: '%', Dst: 3, X: imm(5), Y: imm(0)}}, nil, "panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\nmain.main()\n", false},
		{"panic with a message", []Instr{iSet(2, imm(42)), {Op: OpPanic, A: 0, B: 1, X: loc(2)}}, nil, "panic: bad value 42\n\ngoroutine 1 [running]:\nmain.main()\n", false},
		{"Cond.Wait without the lock", []Instr{{Op: OpCondWait, Obj: 4, Y: imm(mu)}}, nil, "fatal error: sync: unlock of unlocked mutex\n\ngoroutine 1 [running]:\nmain.main()\n", true},
		{"panic in a goroutine", []Instr{iGo(1, 0, 0), iRecv(ch, -1, -1)}, []Instr{iSet(2, imm(7)), {Op: OpPanic, A: 0, B: 1, X: loc(2)}}, "panic: bad value 7\n\ngoroutine 2 [running]:\nmain.worker()\n", false},
		{"a blocked sender panics when the channel closes", []Instr{iSend(ch, imm(1)), iGo(1, 0, 0), iSend(ch, imm(2))}, []Instr{iObj(OpClose, ch), iSleep(5)}, "panic: send on closed channel\n\ngoroutine 1 [running]:\nmain.main()\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			progs := []gprog{{name: "main", locals: 4, code: tt.main}}
			if tt.other != nil {
				progs = append(progs, gprog{name: "worker", locals: 4, code: tt.other})
			}
			sc := goScenario(t, gworld{objs: objs, prints: prints}, progs...)
			e, evs := goRun(t, sc, Options{})
			if got := outText(e); got != tt.want {
				t.Errorf("output %q; want %q", got, tt.want)
			}
			if o := e.Output(); len(o) != 1 || !o[0].Stderr {
				t.Errorf("output lines %+v; want one on stderr", o)
			}
			if code, sig := procExit(t, e); code != 2 || sig != 0 {
				t.Errorf("exit %d signal %d; want status 2", code, sig)
			}
			n := 0
			for _, ev := range evs {
				if ev.Kind == EvPanic {
					n++
					if (ev.Arg == 1) != tt.fatal {
						t.Errorf("EvPanic Arg %d; want fatal %v", ev.Arg, tt.fatal)
					}
				}
				if ev.Kind == EvAssertFailed {
					t.Errorf("EvAssertFailed in a Go program; want a panic only")
				}
			}
			if n != 1 {
				t.Errorf("%d EvPanic events; want 1", n)
			}
			for _, tk := range e.Tasks()[1:] {
				if tk.State != StateDead && tk.State != StateZombie {
					t.Errorf("task %d is %v; want every goroutine ended", tk.PID, tk.State)
				}
			}
		})
	}
}

// TestGoMisuseWithoutGo: without Scenario.Go the same misuse keeps the
// scenario language's behaviour (an assertion failure, no panic, no output).
func TestGoMisuseWithoutGo(t *testing.T) {
	sc := mustParse(t, "waitgroup wg\nmutex m\nthread a\n  wg_done wg\n  unlock m\n")
	e, evs := goRun(t, sc, Options{})
	if got := countEv(evs, EvAssertFailed); got != 2 {
		t.Errorf("%d assertion failures; want 2", got)
	}
	if countEv(evs, EvPanic) != 0 || len(e.Output()) != 0 {
		t.Errorf("a scenario panicked or printed; want neither")
	}
}

// TestGoOutputCloneIndependent: two clones of an engine that both print
// keep their own output (the slice's capacity is clipped on clone).
func TestGoOutputCloneIndependent(t *testing.T) {
	w := gworld{prints: []PrintSpec{pr([]string{"n=", "\n"}, []ArgKind{ArgInt}, "d")}}
	sc := goScenario(t, w, gprog{name: "main", locals: 2, code: []Instr{
		iSet(0, imm(1)), iPrint(0, 0, 1), iPrint(0, 0, 1), iPrint(0, 0, 1), iPrint(0, 0, 1),
	}})
	e := New(sc, Options{})
	for len(e.Output()) < 1 {
		e.Step()
	}
	e.out = append(make([]OutputLine, 0, 16), e.out...) // spare capacity that clones could share
	a, b := e.Clone(), e.Clone()
	a.tasks[1].Locals[0] = 99 // a prints something else than b from now on
	b.tasks[1].Locals[0] = 2
	for !a.Done() {
		a.Step()
	}
	for !b.Done() {
		b.Step()
	}
	if got, want := outText(a), "n=1\nn=99\nn=99\nn=99\n"; got != want {
		t.Errorf("clone a printed %q; want %q", got, want)
	}
	if got, want := outText(b), "n=1\nn=2\nn=2\nn=2\n"; got != want {
		t.Errorf("clone b printed %q; want %q", got, want)
	}
	if got := outText(e); got != "n=1\n" {
		t.Errorf("the original printed %q after its clones ran; want %q", got, "n=1\n")
	}
}

// TestGoStartRespectsTaskLimit: a go statement past max_tasks fails as a
// clone does (EvForkFailed, cause task_limit) and the program goes on.
func TestGoStartRespectsTaskLimit(t *testing.T) {
	w := gworld{prints: []PrintSpec{pr([]string{"after\n"}, nil, "")}}
	sc := goScenario(t, w, gprog{name: "main", code: []Instr{iGo(1, 0, 0), iGo(1, 0, 0), iPrint(0, 0, 0)}},
		gprog{name: "g", code: []Instr{iSleep(5)}})
	sc.MaxTasks = 3 // init, main and one goroutine
	e, evs := goRun(t, sc, Options{})
	failed := 0
	for _, ev := range evs {
		if ev.Kind == EvForkFailed && ev.Cause == CauseTaskLimit {
			failed++
		}
	}
	if failed != 1 || len(e.Tasks()) != 3 {
		t.Errorf("%d failed go statements, %d tasks; want 1 and 3", failed, len(e.Tasks()))
	}
	if got := outText(e); got != "after\n" {
		t.Errorf("output %q; want %q", got, "after\n")
	}
}

// TestGoOpModes: a print, a go statement, an atomic load and a timer take
// one tick in user mode; sync operations that may block and the system
// calls (getpid, signal.Notify) are charged as kernel time.
func TestGoOpModes(t *testing.T) {
	objs := []ObjDecl{{Name: "c", Kind: ObjChan, Init: 1}, {Name: "rw", Kind: ObjRWMutex}, {Name: "once", Kind: ObjOnce}}
	tests := []struct {
		in     Instr
		kernel bool
	}{
		{iPrint(0, 0, 0), false},
		{iGo(1, 0, 0), false},
		{Instr{Op: OpAtomicLoad, Var: 0, Dst: 0}, false},
		{Instr{Op: OpTimer, Obj: 0, A: 1}, false},
		{iObj(OpClose, 0), false},
		{Instr{Op: OpSelect, A: 0, B: 1, Jump: 1}, true},
		{iObj(OpRLock, 1), true},
		{Instr{Op: OpOnce, Obj: 2, Jump: 1}, true},
		{Instr{Op: OpGetpid, Dst: 0}, true},
		{Instr{Op: OpNotify, Obj: 0, Sig: SIGINT}, true},
	}
	for _, tt := range tests {
		sc := goScenario(t, gworld{vars: []string{"x"}, objs: objs, prints: []PrintSpec{pr([]string{""}, nil, "")}},
			gprog{name: "main", code: []Instr{tt.in}}, gprog{name: "g"})
		e := New(sc, Options{})
		e.Step() // main arrives and runs the instruction

		m := &e.Tasks()[1]
		if got := m.KernelTicks == 1 && m.UserTicks == 0; got != tt.kernel || m.KernelTicks+m.UserTicks != 1 {
			t.Errorf("%v: user %d kernel %d ticks; want one tick, kernel %v", tt.in.Op, m.UserTicks, m.KernelTicks, tt.kernel)
		}
	}
}

// TestGoExitInGoroutine: os.Exit in a goroutine (an exit before the end of
// its code) ends the whole process with that status.
func TestGoExitInGoroutine(t *testing.T) {
	sc := goScenario(t, gworld{objs: []ObjDecl{{Name: "c", Kind: ObjChan}}},
		gprog{name: "main", code: []Instr{iGo(1, 0, 0), iRecv(0, -1, -1)}},
		gprog{name: "g", code: []Instr{iSleep(2), {Op: OpExit, A: 5}, iSend(0, imm(1))}})
	e, _ := goRun(t, sc, Options{})
	if code, sig := procExit(t, e); code != 5 || sig != 0 {
		t.Errorf("exit %d signal %d; want status 5", code, sig)
	}
}
