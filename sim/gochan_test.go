package sim

import "testing"

// Print specs shared by the channel tests.
var chanPrints = []PrintSpec{
	pr([]string{"", " ", "\n"}, []ArgKind{ArgInt, ArgBool}, "dt"),         // 0: value ok
	pr([]string{"case ", " got ", "\n"}, []ArgKind{ArgInt, ArgInt}, "dd"), // 1: case value
	pr([]string{"default\n"}, nil, ""),                                    // 2
	pr([]string{"timeout\n"}, nil, ""),                                    // 3
	pr([]string{"got ", "\n"}, []ArgKind{ArgInt}, "d"),                    // 4
}

// sel builds a select at index at: its cases, and after them each case's
// body (a print of "case K got V": K in local 4, V from local 2) then a jump to
// end, where end is the index after all of it. def adds a default whose
// body prints "default".
func sel(at int, def bool, cases ...Instr) []Instr {
	n := len(cases)
	bodies := at + 1 + n
	nb := n
	if def {
		nb++
	}
	end := bodies + 4*nb
	s := Instr{Op: OpSelect, A: int64(n)}
	if def {
		s.B, s.Jump = 1, bodies+4*n
	}
	out := []Instr{s}
	for k, c := range cases {
		c.Op = OpSelectCase
		c.Jump = bodies + 4*k
		out = append(out, c)
	}
	for k := range n {
		out = append(out, iSet(4, imm(int64(k))), iSet(5, loc(2)), iPrint(1, 4, 2), Instr{Op: OpJump, Jump: end})
	}
	if def {
		out = append(out, iPrint(2, 0, 0), Instr{Op: OpJump, Jump: end}, Instr{Op: OpJump, Jump: end}, Instr{Op: OpJump, Jump: end})
	}
	return out
}

// caseRecv and caseSend are select cases (sel fills in Op and Jump).
func caseRecv(ch, dst, ok int) Instr   { return Instr{A: 0, Obj: ch, Dst: dst, B: int64(ok + 1)} }
func caseSend(ch int, x Operand) Instr { return Instr{A: 1, Obj: ch, X: x, Dst: -1} }

// TestGoChannels: hand-offs, buffers, close and select as Go runs them.
func TestGoChannels(t *testing.T) {
	const c0, c1, b2, wg = 0, 1, 2, 3
	objs := []ObjDecl{{Name: "c0", Kind: ObjChan}, {Name: "c1", Kind: ObjChan}, {Name: "b2", Kind: ObjChan, Init: 2}, {Name: "wg", Kind: ObjWaitGroup}}
	recvPrint := []Instr{iRecv(c0, 2, 3), iPrint(0, 2, 2)}
	tests := []struct {
		name   string
		main   []Instr
		worker []Instr
		want   string
	}{
		{"unbuffered hand-off", cat([]Instr{iGo(1, 0, 0)}, recvPrint, recvPrint),
			[]Instr{iSend(c0, imm(1)), iSend(c0, imm(2))}, "1 true\n2 true\n"},
		{"buffered: values in order, then zero and false once closed and drained",
			[]Instr{iSend(b2, imm(5)), iSend(b2, imm(6)), iObj(OpClose, b2),
				iRecv(b2, 2, 3), iPrint(0, 2, 2), iRecv(b2, 2, 3), iPrint(0, 2, 2), iRecv(b2, 2, 3), iPrint(0, 2, 2)},
			nil, "5 true\n6 true\n0 false\n"},
		{"close wakes blocked receivers with zero and false",
			[]Instr{{Op: OpWgAdd, Obj: wg, X: imm(2)}, iGo(1, 0, 0), iGo(1, 0, 0), iSleep(3), iObj(OpClose, c0), iObj(OpWgWait, wg)},
			[]Instr{iSet(2, imm(9)), iRecv(c0, 2, 3), iPrint(0, 2, 2), iObj(OpWgDone, wg)}, "0 false\n0 false\n"},
		{"a full buffer blocks the sender until a receive",
			[]Instr{iGo(1, 0, 0), iSleep(5), iRecv(b2, 2, -1), iPrint(4, 2, 1), iSleep(5), iRecv(b2, 2, -1), iPrint(4, 2, 1), iRecv(b2, 2, -1), iPrint(4, 2, 1)},
			[]Instr{iSend(b2, imm(1)), iSend(b2, imm(2)), iSend(b2, imm(3))}, "got 1\ngot 2\ngot 3\n"},
		{"select default when nothing is ready", sel(0, true, caseRecv(c0, 2, -1), caseSend(c1, imm(1))), nil, "default\n"},
		{"a blocked select completes with the case a sender makes ready",
			cat([]Instr{iGo(1, 0, 0)}, sel(1, false, caseRecv(c0, 2, -1), caseRecv(c1, 2, -1))),
			[]Instr{iSleep(3), iSend(c1, imm(8))}, "case 1 got 8\n"},
		{"select against select on an unbuffered channel",
			cat([]Instr{iGo(1, 0, 0)}, sel(1, false, caseSend(c0, imm(7)), caseRecv(c1, 2, -1))),
			cat(sel(0, false, caseRecv(c1, 2, -1), caseRecv(c0, 2, -1)), []Instr{iPrint(4, 2, 1)}),
			"case 1 got 7\ncase 0 got 0\n"},
		{"a select's receive sees a close",
			cat([]Instr{iGo(1, 0, 0), iSet(3, imm(1))}, sel(2, false, caseRecv(c0, 2, 3)), []Instr{iPrint(0, 2, 2)}),
			[]Instr{iSleep(2), iObj(OpClose, c0)}, "case 0 got 0\n0 false\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			progs := []gprog{{name: "main", locals: 6, code: tt.main}}
			if tt.worker != nil {
				progs = append(progs, gprog{name: "worker", locals: 6, code: tt.worker})
			}
			sc := goScenario(t, gworld{objs: objs, prints: chanPrints}, progs...)
			e, evs := goRun(t, sc, Options{})
			if got := outText(e); got != tt.want {
				t.Errorf("output %q; want %q", got, tt.want)
			}
			if code, _ := procExit(t, e); code != 0 {
				t.Errorf("exit status %d; want 0", code)
			}
			if countEv(evs, EvLimit) > 0 {
				t.Errorf("the run hit the step limit")
			}
		})
	}
}

// TestGoSelectRandom: when several cases are ready the seeded generator
// picks one: the same seed picks the same case, and over seeds both cases
// are taken.
func TestGoSelectRandom(t *testing.T) {
	objs := []ObjDecl{{Name: "a", Kind: ObjChan, Init: 1}, {Name: "b", Kind: ObjChan, Init: 1}}
	main := cat([]Instr{iSend(0, imm(10)), iSend(1, imm(20))}, sel(2, false, caseRecv(0, 2, -1), caseRecv(1, 2, -1)))
	sc := goScenario(t, gworld{objs: objs, prints: chanPrints}, gprog{name: "main", locals: 6, code: main})
	seen := map[string]bool{}
	for seed := uint64(1); seed <= 32; seed++ {
		e1, _ := goRun(t, sc, Options{Seed: seed})
		e2, _ := goRun(t, sc, Options{Seed: seed})
		if a, b := outText(e1), outText(e2); a != b {
			t.Fatalf("seed %d: runs printed %q and %q; want the same", seed, a, b)
		}
		seen[outText(e1)] = true
	}
	if !seen["case 0 got 10\n"] || !seen["case 1 got 20\n"] || len(seen) != 2 {
		t.Errorf("over 32 seeds the select printed %v; want both cases and nothing else", seen)
	}
}

// TestGoTimer: time.After's channel gets its value A ticks later, waking
// a select; the run does not report all goroutines asleep meanwhile.
func TestGoTimer(t *testing.T) {
	objs := []ObjDecl{{Name: "never", Kind: ObjChan}, {Name: "timer", Kind: ObjChan, Init: 1}}
	main := cat([]Instr{{Op: OpTimer, Obj: 1, A: 20}}, sel(1, false, caseRecv(0, 2, -1), caseRecv(1, 2, -1)))
	sc := goScenario(t, gworld{objs: objs, prints: chanPrints}, gprog{name: "main", locals: 6, code: main})
	e, evs := goRun(t, sc, Options{})
	if got, want := outText(e), "case 1 got 1\n"; got != want {
		t.Errorf("output %q; want %q", got, want)
	}
	if countEv(evs, EvAllAsleep) != 0 {
		t.Errorf("all asleep reported while a timer was pending")
	}
	for _, l := range e.Output() {
		if l.Step < 21 {
			t.Errorf("printed at step %d; want after the timer's 20 ticks", l.Step)
		}
	}
	woke := false
	for _, ev := range evs {
		if ev.Kind == EvState && ev.Cause == CauseTimer && ev.To == StateRunnable {
			woke = true
		}
	}
	if !woke {
		t.Errorf("no wake-up with cause timer")
	}
}
