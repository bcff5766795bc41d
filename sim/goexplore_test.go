package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// goCounter is two goroutines each adding 1 to x n times (x++ as three
// micro-steps), with a WaitGroup; with lock set each increment holds mu.
func goCounter(t testing.TB, n int, lock bool) *Scenario {
	t.Helper()
	const x, mu, wg = 0, 0, 1
	objs := []ObjDecl{{Name: "mu", Kind: ObjGoMutex}, {Name: "wg", Kind: ObjWaitGroup}}
	var body []Instr
	for range n {
		if lock {
			body = append(body, iObj(OpLock, mu))
		}
		body = append(body, incr(x, 0)...)
		if lock {
			body = append(body, iObj(OpUnlock, mu))
		}
	}
	body = append(body, iObj(OpWgDone, wg))
	main := []Instr{{Op: OpWgAdd, Obj: wg, X: imm(2)}, iGo(1, 0, 0), iGo(1, 0, 0), iObj(OpWgWait, wg)}
	return goScenario(t, gworld{vars: []string{"x"}, objs: objs}, gprog{name: "main", code: main}, gprog{name: "inc", code: body})
}

// TestGoExploreOutput: explore tells outcomes apart by what they printed.
func TestGoExploreOutput(t *testing.T) {
	const wg = 0
	w := gworld{objs: []ObjDecl{{Name: "wg", Kind: ObjWaitGroup}}, prints: []PrintSpec{pr([]string{"a"}, nil, ""), pr([]string{"b"}, nil, "")}}
	sc := goScenario(t, w,
		gprog{name: "main", code: []Instr{{Op: OpWgAdd, Obj: wg, X: imm(2)}, iGo(1, 0, 0), iGo(2, 0, 0), iObj(OpWgWait, wg)}},
		gprog{name: "pa", code: []Instr{iPrint(0, 0, 0), iObj(OpWgDone, wg)}},
		gprog{name: "pb", code: []Instr{iPrint(1, 0, 0), iObj(OpWgDone, wg)}})
	r := Explore(sc, ExploreOptions{})
	var outs []string
	for _, o := range r.Outcomes {
		outs = append(outs, o.Output)
	}
	slices.Sort(outs)
	if !r.Complete || !slices.Equal(outs, []string{"ab", "ba"}) {
		t.Errorf("outputs %q (complete %v); want \"ab\" and \"ba\"", outs, r.Complete)
	}
}

// TestGoExploreCounter: the lost update of two goroutines × 3 increments
// is found, with races; with a Mutex only 6 remains and no race.
func TestGoExploreCounter(t *testing.T) {
	tests := []struct {
		lock  bool
		want  []int64
		racy  bool
		viols bool
	}{
		{false, []int64{2, 3, 4, 5, 6}, true, false},
		{true, []int64{6}, false, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("lock=", tt.lock), func(t *testing.T) {
			r := Explore(goCounter(t, 3, tt.lock), ExploreOptions{})
			var got []int64
			racy := false
			for _, o := range r.Outcomes {
				got = append(got, o.Vars[0])
				racy = racy || len(o.Races) > 0
				if len(o.Violations) > 0 {
					t.Errorf("outcome %v has violations %v", o.Vars, o.Violations)
				}
			}
			slices.Sort(got)
			if !r.Complete || !slices.Equal(got, tt.want) || racy != tt.racy {
				t.Errorf("x in %v, races %v (complete %v); want %v, races %v", got, racy, r.Complete, tt.want, tt.racy)
			}
		})
	}
}

// TestGoExploreCoversRandomRuns: every outcome (variables and output)
// of a random schedule of a Go program is one explore reports: merging
// states never loses one, whatever Go state (select queues, closed
// channels, timers, Once, the mutex's modes, output) the program has.
func TestGoExploreCoversRandomRuns(t *testing.T) {
	const ch, b1, once, mu, wg = 0, 1, 2, 3, 4
	objs := []ObjDecl{{Name: "ch", Kind: ObjChan}, {Name: "b1", Kind: ObjChan, Init: 1}, {Name: "once", Kind: ObjOnce},
		{Name: "mu", Kind: ObjGoMutex}, {Name: "wg", Kind: ObjWaitGroup}}
	prints := []PrintSpec{pr([]string{"v", " "}, []ArgKind{ArgInt}, "d"), pr([]string{"t "}, nil, ""), pr([]string{"o "}, nil, "")}
	worker := cat(
		[]Instr{{Op: OpOnce, Obj: once, Jump: 2}, iPrint(2, 0, 0), iObj(OpOnceDone, once)}, // 0-2 (f prints "o")
		[]Instr{iObj(OpLock, mu)}, incr(0, 1), []Instr{iObj(OpUnlock, mu)}, // 3-7
		[]Instr{{Op: OpSelect, A: 2}, {Op: OpSelectCase, A: 1, Obj: ch, X: loc(1), Dst: -1, Jump: 11}, {Op: OpSelectCase, A: 0, Obj: b1, Dst: 2, Jump: 14}, // 8-10
			iPrint(0, 1, 1), iSet(3, imm(1)), iSet(3, imm(2)), iObj(OpWgDone, wg)}) // 11-14
	main := []Instr{{Op: OpWgAdd, Obj: wg, X: imm(2)}, {Op: OpTimer, Obj: b1, A: 4}, iGo(1, 0, 0), iGo(1, 0, 0), // 0-3
		{Op: OpSelect, A: 1, B: 1, Jump: 7}, {Op: OpSelectCase, A: 0, Obj: ch, Dst: 2, Jump: 6}, iPrint(1, 0, 0), // 4-6
		iObj(OpWgWait, wg), iObj(OpClose, ch)} // 7, 8
	sc := goScenario(t, gworld{vars: []string{"x"}, objs: objs, prints: prints, starve: 2},
		gprog{name: "main", locals: 4, code: main}, gprog{name: "worker", locals: 4, code: worker})
	r := Explore(sc, ExploreOptions{})
	if !r.Complete {
		t.Fatalf("explore incomplete")
	}
	known := map[string]bool{}
	for _, o := range r.Outcomes {
		known[fmt.Sprint(o.Vars, o.Violations, o.Output)] = true
		e, _ := goRun(t, sc, Options{Interleave: true, Choices: o.Witness})
		if got := outText(e); got != o.Output || e.mem[0] != o.Vars[0] {
			t.Errorf("witness %v replays to x=%d %q; want x=%d %q", o.Witness, e.mem[0], got, o.Vars[0], o.Output)
		}
	}
	// Random schedules as choice lists (Random would draw from the engine's
	// generator, which the selects draw from too: explore follows the
	// selects' draws as they come, so the schedules must not use it).
	for seed := uint64(1); seed <= 300; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 7))
		choices := make([]PID, 2000)
		for k := range choices {
			choices[k] = PID(2 + rnd.IntN(3))
		}
		e := New(sc, Options{Interleave: true, Choices: choices, MaxSteps: 10_000})
		viol := false
		for !e.Done() {
			for _, ev := range e.Step() {
				viol = viol || ev.Kind == EvAllAsleep || ev.Kind == EvPanic
			}
		}
		var v []string
		if viol {
			v = []string{"deadlock"}
		}
		key := fmt.Sprint(e.mem, v, outText(e))
		if !known[key] {
			t.Errorf("seed %d reached %s, which explore did not report (it found %d outcomes)", seed, key, len(r.Outcomes))
		}
	}
}

// bruteForce runs every schedule of sc as Explore does, without merging
// states, and counts the schedules reaching each outcome (variables,
// violations, output). It gives up (false) past limit schedules.
func bruteForce(sc *Scenario, limit uint64) (map[string]uint64, bool) {
	counts := map[string]uint64{}
	var total uint64
	var walk func(e *Engine, viol bool)
	// move takes one step of a clone of e dispatching pid (-1: no
	// decision) with select case k, and walks on; it returns how many
	// cases a select with several ready found (0: none).
	move := func(e *Engine, pid PID, k int, viol bool) int {
		c := e.Clone()
		c.forced, c.selPick = pid, k
		for _, ev := range c.Step() {
			viol = viol || ev.Kind == EvAllAsleep || ev.Kind == EvPanic || ev.Kind == EvDeadlock
		}
		n := c.selReady
		walk(c, viol)
		return n
	}
	walk = func(e *Engine, viol bool) {
		for !e.done && total <= limit {
			cands := e.candidates(nil)
			if len(cands) < 2 {
				cands = []PID{-1}
			}
			for _, pid := range cands {
				for k, n := 0, 1; k < n; k++ {
					n = max(move(e, pid, k, viol), 1)
				}
			}
			return
		}
		total++
		counts[fmt.Sprint(e.mem, viol, e.outputText())]++
	}
	e := New(Interleaved(sc), Options{explore: true})
	walk(e, false)
	return counts, total <= limit
}

// TestGoExploreCountsMatchBruteForce: explore's schedule count for each
// outcome equals a count over every schedule without merging states, for
// Go programs whose goroutines print, select, close, wait for timers and
// Once, and contend for a mutex: merging never joins states whose Go
// state (output so far, select queues, closed channels, timers, Once,
// mutex modes) differs.
func TestGoExploreCountsMatchBruteForce(t *testing.T) {
	const ch, b1, once, mu = 0, 1, 2, 3
	objs := []ObjDecl{{Name: "ch", Kind: ObjChan}, {Name: "b1", Kind: ObjChan, Init: 1}, {Name: "once", Kind: ObjOnce}, {Name: "mu", Kind: ObjGoMutex}}
	prints := []PrintSpec{pr([]string{"a"}, nil, ""), pr([]string{"b"}, nil, ""), pr([]string{"v", " "}, []ArgKind{ArgInt}, "d")}
	tests := []struct {
		name  string
		progs []gprog
	}{
		{"prints then more steps", []gprog{
			{name: "main", code: []Instr{iGo(1, 0, 0), iPrint(1, 0, 0), iSet(1, imm(1)), iSet(1, imm(2)), iSleep(3)}},
			{name: "pa", code: []Instr{iPrint(0, 0, 0), iSet(1, imm(1)), iSet(1, imm(2))}},
		}},
		{"select, close and a timer", []gprog{
			{name: "main", code: []Instr{{Op: OpTimer, Obj: b1, A: 2}, iGo(1, 0, 0), iObj(OpClose, ch), iSet(1, imm(1)), iSleep(6)}},
			{name: "sel", code: []Instr{{Op: OpSelect, A: 2}, {Op: OpSelectCase, A: 0, Obj: ch, Dst: 1, Jump: 3}, {Op: OpSelectCase, A: 0, Obj: b1, Dst: 1, Jump: 3},
				iPrint(2, 1, 1), iSet(1, imm(5)), iSet(1, imm(6))}},
		}},
		{"Once and a mutex", []gprog{
			{name: "main", code: []Instr{iGo(1, 0, 0), iGo(1, 0, 0), iSleep(8)}},
			{name: "w", code: []Instr{{Op: OpOnce, Obj: once, Jump: 3}, iPrint(0, 0, 0), iObj(OpOnceDone, once), iObj(OpLock, mu),
				iStore(0, imm(1)), iObj(OpUnlock, mu), iPrint(1, 0, 0)}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := goScenario(t, gworld{vars: []string{"x"}, objs: objs, prints: prints, starve: 1}, tt.progs...)
			want, ok := bruteForce(sc, 200_000)
			if !ok {
				t.Fatalf("too many schedules to count")
			}
			r := Explore(sc, ExploreOptions{})
			if !r.Complete || r.Cycles {
				t.Fatalf("explore complete %v cycles %v; want complete, no cycles", r.Complete, r.Cycles)
			}
			got := map[string]uint64{}
			for _, o := range r.Outcomes {
				got[fmt.Sprint(o.Vars, len(o.Violations) > 0, o.Output)] += o.Schedules
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("explore counted %v; every schedule gives %v", got, want)
			}
		})
	}
}

// TestGoExploreSelectChoices: explore tries every ready case of a select
// that finds several ready, and each outcome's witness (with the
// select's -(k+1) entries) replays to that outcome.
func TestGoExploreSelectChoices(t *testing.T) {
	objs := []ObjDecl{{Name: "a", Kind: ObjChan, Init: 1}, {Name: "b", Kind: ObjChan, Init: 1}, {Name: "c", Kind: ObjChan, Init: 1}}
	prints := []PrintSpec{pr([]string{"got ", "\n"}, []ArgKind{ArgInt}, "d")}
	pick := []Instr{{Op: OpSelect, A: 3}, {Op: OpSelectCase, A: 0, Obj: 0, Dst: 2, Jump: 4}, {Op: OpSelectCase, A: 0, Obj: 1, Dst: 2, Jump: 4},
		{Op: OpSelectCase, A: 0, Obj: 2, Dst: 2, Jump: 4}, iPrint(0, 2, 1)} // the select at 0, its print at 4
	main := cat([]Instr{iSend(0, imm(1)), iSend(1, imm(2)), iSend(2, imm(3)), iGo(1, 0, 0)}, pick)
	for k := range main[4:] {
		if main[4+k].Op == OpSelectCase {
			main[4+k].Jump += 4
		}
	}
	sc := goScenario(t, gworld{objs: objs, prints: prints},
		gprog{name: "main", locals: 4, code: append(main, iSleep(4))}, gprog{name: "g", locals: 4, code: pick})
	r := Explore(sc, ExploreOptions{})
	var outs []string
	for _, o := range r.Outcomes {
		outs = append(outs, o.Output)
		e, _ := goRun(t, sc, Options{Interleave: true, Choices: o.Witness})
		if got := outText(e); got != o.Output {
			t.Errorf("witness %v replays to %q; want %q", o.Witness, got, o.Output)
		}
	}
	slices.Sort(outs)
	want := []string{"got 1\ngot 2\n", "got 1\ngot 3\n", "got 2\ngot 1\n", "got 2\ngot 3\n", "got 3\ngot 1\n", "got 3\ngot 2\n"}
	if !r.Complete || !slices.Equal(outs, want) {
		t.Errorf("outputs %q (complete %v); want %q", outs, r.Complete, want)
	}
}
