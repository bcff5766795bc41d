package sim

import "testing"

// TestGoProcesses: getpid and getppid, exec.Command's Start and Wait
// (wait4 for one PID, the status as ArgErr encodes it), syscall.Kill with
// a PID from a local, signal.Notify (caught, sent without blocking,
// dropped when the channel is full) and signal.Ignore for the process.
func TestGoProcesses(t *testing.T) {
	const sig, other = 0, 1
	objs := []ObjDecl{{Name: "sig", Kind: ObjChan, Init: 1}, {Name: "other", Kind: ObjChan}}
	prints := []PrintSpec{
		pr([]string{"pid ", " ppid ", "\n"}, []ArgKind{ArgInt, ArgInt}, "dd"), // 0
		pr([]string{"child ", ": ", "\n"}, []ArgKind{ArgInt, ArgErr}, "dv"),   // 1
		pr([]string{"got ", "\n"}, []ArgKind{ArgSignal}, "v"),                 // 2
		pr([]string{"nothing more\n"}, nil, ""),                               // 3
		pr([]string{"alive\n"}, nil, ""),                                      // 4
	}
	getpids := []Instr{{Op: OpGetpid, A: 0, Dst: 2}, {Op: OpGetpid, A: 1, Dst: 3}, iPrint(0, 2, 2)}
	startWait := func(prog int) []Instr {
		return []Instr{{Op: OpStart, A: int64(prog), Dst: 2}, {Op: OpWait, X: loc(2), Dst: 3}, iPrint(1, 2, 2)}
	}
	killSelf := func(s Signal) Instr { return Instr{Op: OpKill, Target: TargetSelf, Sig: s} }
	tests := []struct {
		name     string
		progs    []gprog
		want     string
		code     int
		killedBy Signal
	}{
		{"getpid and getppid, in main and in a goroutine", []gprog{
			{name: "main", locals: 4, code: cat(getpids, []Instr{iGo(1, 0, 0), iRecv(other, -1, -1)})},
			{name: "g", locals: 4, code: cat(getpids, []Instr{iSend(other, imm(1))})},
		}, "pid 2 ppid 1\npid 2 ppid 1\n", 0, 0},
		{"a child's exit status", []gprog{
			{name: "main", locals: 4, code: startWait(1)},
			{name: "child", locals: 4, code: cat(getpids, []Instr{iSleep(3), {Op: OpExit, A: 3}})},
		}, "pid 3 ppid 2\nchild 3: exit status 3\n", 0, 0},
		{"a child that succeeds", []gprog{
			{name: "main", locals: 4, code: startWait(1)},
			{name: "child", locals: 4, code: []Instr{iSleep(3)}},
		}, "child 3: <nil>\n", 0, 0},
		{"syscall.Kill of a child by the PID in a local", []gprog{
			{name: "main", locals: 4, code: []Instr{{Op: OpStart, A: 1, Dst: 2}, {Op: OpKill, Target: TargetLocal, X: loc(2), Sig: SIGTERM},
				{Op: OpWait, X: loc(2), Dst: 3}, iPrint(1, 2, 2)}},
			{name: "child", locals: 4, code: []Instr{iSleep(100)}},
		}, "child 3: signal: terminated\n", 0, 0},
		{"signal.Notify catches the signal and sends it", []gprog{
			{name: "main", locals: 4, code: []Instr{{Op: OpNotify, Obj: sig, Sig: SIGINT}, killSelf(SIGINT), iRecv(sig, 2, -1), iPrint(2, 2, 1)}},
		}, "got interrupt\n", 0, 0},
		{"a full Notify channel drops the signal", []gprog{
			{name: "main", locals: 6, code: cat([]Instr{{Op: OpNotify, Obj: sig, Sig: SIGUSR1}, killSelf(SIGUSR1), killSelf(SIGUSR1),
				iRecv(sig, 2, -1), iPrint(2, 2, 1)}, []Instr{{Op: OpSelect, A: 1, B: 1, Jump: 8}, {Op: OpSelectCase, A: 0, Obj: sig, Dst: 2, Jump: 7},
				iPrint(2, 2, 1), iPrint(3, 0, 0)})},
		}, "got user defined signal 1\nnothing more\n", 0, 0},
		{"a goroutine's signal.Ignore holds for the process", []gprog{
			{name: "main", locals: 4, code: []Instr{iGo(1, 0, 0), iRecv(other, -1, -1), killSelf(SIGTERM), iPrint(4, 0, 0)}},
			{name: "g", locals: 4, code: []Instr{{Op: OpIgnore, Sig: SIGTERM}, iSend(other, imm(1))}},
		}, "alive\n", 0, 0},
		{"without Notify the signal kills the process", []gprog{
			{name: "main", locals: 4, code: []Instr{killSelf(SIGINT), iPrint(4, 0, 0)}},
		}, "", 0, SIGINT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := goScenario(t, gworld{objs: objs, prints: prints}, tt.progs...)
			e, _ := goRun(t, sc, Options{})
			if got := outText(e); got != tt.want {
				t.Errorf("output %q; want %q", got, tt.want)
			}
			if code, s := procExit(t, e); code != tt.code || s != tt.killedBy {
				t.Errorf("exit %d signal %d; want %d and %d", code, s, tt.code, tt.killedBy)
			}
		})
	}
}

// TestGoWaitUnchanged: a wait statement of the scenario language (no PID
// local) still waits for any child, as before.
func TestGoWaitUnchanged(t *testing.T) {
	sc := mustParse(t, "process p\n  fork c\n  wait\n  exit 0\nprocess c\n  exit 4\n")
	e, evs := goRun(t, sc, Options{})
	reaped := false
	for _, ev := range evs {
		if ev.Kind == EvReaped && ev.Value == 4 && ev.Other == e.Tasks()[1].PID {
			reaped = true
		}
	}
	if !reaped {
		t.Errorf("the parent's wait did not reap its child's exit 4")
	}
}
