package sim

import "testing"

// TestGoRaceEdges: the race detector keeps each happens-before edge of
// Go's memory model, and only those: for each construct, a variant that
// the edge orders (no race on x) and one it does not (a race on x). main
// waits for the goroutine g at its end (g sends on done), which orders
// nothing that matters.
func TestGoRaceEdges(t *testing.T) {
	const x, flag = 0, 1
	const done, ch, b1, b2, mu, rw, once, wg = 0, 1, 2, 3, 4, 5, 6, 7
	objs := []ObjDecl{{Name: "done", Kind: ObjChan}, {Name: "ch", Kind: ObjChan}, {Name: "b1", Kind: ObjChan, Init: 1},
		{Name: "b2", Kind: ObjChan, Init: 2}, {Name: "mu", Kind: ObjGoMutex}, {Name: "rw", Kind: ObjRWMutex},
		{Name: "once", Kind: ObjOnce}, {Name: "wg", Kind: ObjWaitGroup}}
	w := iStore(x, imm(1)) // a plain write of x
	r := iLoad(x, 0)       // a plain read of x
	goG := iGo(1, 0, 0)
	spinFlag := []Instr{{Op: OpAtomicLoad, Var: flag, Dst: 1}, {Op: OpTest, X: loc(1), Y: imm(0), Cmp: CmpEq, JumpIfTrue: true, Jump: 1}}
	tests := []struct {
		name    string
		main, g []Instr
		race    bool
	}{
		{"go statement orders what comes before it", []Instr{w, goG}, []Instr{r}, false},
		{"but not what comes after it", []Instr{goG, w}, []Instr{r}, true},
		{"unbuffered send before the receive completes", []Instr{goG, iRecv(ch, -1, -1), r}, []Instr{w, iSend(ch, imm(1))}, false},
		{"unbuffered receive before the send completes", []Instr{goG, w, iRecv(ch, -1, -1)}, []Instr{iSend(ch, imm(1)), r}, false},
		{"a write after an unbuffered send races a read after the receive", []Instr{goG, iRecv(ch, -1, -1), r}, []Instr{iSend(ch, imm(1)), w}, true},
		{"buffered send before the receive", []Instr{goG, iRecv(b1, -1, -1), r}, []Instr{w, iSend(b1, imm(1))}, false},
		{"a buffered receive does not order the sender's later write", []Instr{goG, iRecv(b1, -1, -1), r}, []Instr{iSend(b1, imm(1)), w}, true},
		{"k-th receive before the (k+C)-th send: capacity 1 is a mutex",
			[]Instr{goG, iSend(b1, imm(1)), w, iRecv(b1, -1, -1)}, []Instr{iSend(b1, imm(1)), w, iRecv(b1, -1, -1)}, false},
		{"capacity 2 admits both",
			[]Instr{goG, iSend(b2, imm(1)), w, iRecv(b2, -1, -1)}, []Instr{iSend(b2, imm(1)), w, iRecv(b2, -1, -1)}, true},
		{"close before a receive that sees it", []Instr{goG, iRecv(ch, -1, -1), r}, []Instr{w, iObj(OpClose, ch)}, false},
		{"close before a later receive of the closed channel", []Instr{goG, iSleep(10), iRecv(ch, -1, -1), r}, []Instr{w, iObj(OpClose, ch)}, false},
		{"but not what comes after the close", []Instr{goG, iRecv(ch, -1, -1), r}, []Instr{iObj(OpClose, ch), w}, true},
		{"a select's receive orders like a receive",
			[]Instr{goG, {Op: OpSelect, A: 1}, {Op: OpSelectCase, A: 0, Obj: ch, Dst: -1, Jump: 3}, r}, []Instr{w, iSend(ch, imm(1))}, false},
		{"Mutex Unlock before the next Lock",
			[]Instr{goG, iObj(OpLock, mu), w, iObj(OpUnlock, mu)}, []Instr{iObj(OpLock, mu), w, iObj(OpUnlock, mu)}, false},
		{"a write outside the Mutex races", []Instr{goG, iObj(OpLock, mu), w, iObj(OpUnlock, mu)}, []Instr{w}, true},
		{"RWMutex Unlock before RLock",
			[]Instr{goG, iObj(OpLock, rw), w, iObj(OpUnlock, rw)}, []Instr{iObj(OpRLock, rw), r, iObj(OpRUnlock, rw)}, false},
		{"RWMutex RUnlock before Lock",
			[]Instr{goG, iObj(OpRLock, rw), r, iObj(OpRUnlock, rw)}, []Instr{iObj(OpLock, rw), w, iObj(OpUnlock, rw)}, false},
		{"writers under RLock race",
			[]Instr{goG, iObj(OpRLock, rw), w, iObj(OpRUnlock, rw)}, []Instr{iObj(OpRLock, rw), w, iObj(OpRUnlock, rw)}, true},
		{"Once: f's return before every Do returns",
			[]Instr{goG, {Op: OpOnce, Obj: once, Jump: 4}, w, iObj(OpOnceDone, once), r},
			[]Instr{{Op: OpOnce, Obj: once, Jump: 3}, w, iObj(OpOnceDone, once), r}, false},
		{"WaitGroup Done before Wait returns",
			[]Instr{{Op: OpWgAdd, Obj: wg, X: imm(1)}, goG, iObj(OpWgWait, wg), r}, []Instr{w, iObj(OpWgDone, wg)}, false},
		{"a read before Wait races", []Instr{{Op: OpWgAdd, Obj: wg, X: imm(1)}, goG, r, iObj(OpWgWait, wg)}, []Instr{w, iObj(OpWgDone, wg)}, true},
		{"an atomic store seen by an atomic load orders",
			cat([]Instr{goG}, spinFlag, []Instr{r}), []Instr{w, {Op: OpXchg, Var: flag, X: imm(1), Dst: -1}}, false},
		{"without waiting for the flag it races", []Instr{goG, r}, []Instr{w, {Op: OpXchg, Var: flag, X: imm(1), Dst: -1}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := goScenario(t, gworld{vars: []string{"x", "flag"}, objs: objs, cpus: 2},
				gprog{name: "main", code: append(append([]Instr(nil), tt.main...), iRecv(done, -1, -1))},
				gprog{name: "g", code: append(append([]Instr(nil), tt.g...), iSend(done, imm(1)))})
			e, evs := goRun(t, sc, Options{})
			race := false
			for _, ev := range evs {
				if ev.Kind == EvRace && ev.Obj == x {
					race = true
				}
			}
			if race != tt.race {
				t.Errorf("race on x: %v; want %v (output %q)", race, tt.race, outText(e))
			}
			if code, _ := procExit(t, e); code != 0 {
				t.Errorf("exit status %d; want 0 (output %q)", code, outText(e))
			}
		})
	}
}
