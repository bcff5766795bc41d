package sim

import (
	"fmt"
	"math/bits"
	"math/rand"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// This file measures what one exploration on two cores would give, and
// checks the property it rests on (TestExploreOrderFree); it is not used
// by Explore, which runs on the calling goroutine (DESIGN §3).
//
// sharedExplore is the outcomes-only exploration (explore_outcomes.go)
// with its visited set shared by several goroutines: an open-addressing
// table of 64-bit fingerprints that a goroutine claims a state in with one
// compare-and-swap, so each state is expanded by exactly one of them. Each
// goroutine keeps a stack of moves still to take (an engine at a tick
// boundary, with the violations and race facts of its path), takes its
// newest, and when it has none takes the oldest of another's: a state's
// successors are pushed, not recursed into, so work can move. It finds no
// loops (cases with ExploreResult.Cycles are left out), keeps no witnesses
// and counts no schedules.

// sharedSet is a fixed-size set of 64-bit fingerprints (0 stored as 1)
// that any number of goroutines add to at once.
type sharedSet struct {
	slots []atomic.Uint64
	used  atomic.Int64
}

// claim adds fp and reports whether this call added it (false: it was
// there, or another goroutine added it first).
func (s *sharedSet) claim(fp uint64) bool {
	if fp == 0 {
		fp = 1
	}
	m := uint64(len(s.slots))
	i, _ := bits.Mul64(fp, m)
	for {
		switch v := s.slots[i].Load(); {
		case v == fp:
			return false
		case v == 0:
			if s.slots[i].CompareAndSwap(0, fp) {
				s.used.Add(1)
				return true
			}
			continue // another goroutine filled it: look at it again
		}
		i = probeNext(i, m)
	}
}

// sharedMove is a move still to take: the engine it leads to, at a tick
// boundary, and what its path met.
type sharedMove struct {
	e          *Engine
	violations uint64
	past       raceFacts
}

// moveStack is one goroutine's moves still to take; others take from its
// bottom when they run dry.
type moveStack struct {
	mu    sync.Mutex
	moves []sharedMove
}

// sharedRun is one shared exploration: the set, every goroutine's stack,
// and how many goroutines are looking for work.
type sharedRun struct {
	set    sharedSet
	stacks []*moveStack
	idle   atomic.Int32
	full   atomic.Bool // the set reached its bound: the result is incomplete
	bound  int64
}

// sharedWorker is one goroutine's explorer (its engines, scratch and
// outcomes) in a shared run.
type sharedWorker struct {
	*explorer
	run     *sharedRun
	me      int
	shuffle *rand.Rand // nil: successors in candidate order
}

// sharedAnswer is what a shared exploration found: the states, and each
// outcome (by its text) with its race facts.
type sharedAnswer struct {
	states   int
	complete bool
	outcomes map[string]raceFacts
	most     int // the most states one goroutine expanded
}

// sharedExplore explores sc (outcomes only) on workers goroutines sharing
// one visited set of at most bound states. seed > 0 shuffles each state's
// successors (one goroutine: another order of the same search).
func sharedExplore(sc *Scenario, opt ExploreOptions, workers int, bound int64, seed int64) sharedAnswer {
	size := 1 << bits.Len64(uint64(2*bound))
	run := &sharedRun{set: sharedSet{slots: make([]atomic.Uint64, size)}, bound: bound}
	for range workers {
		run.stacks = append(run.stacks, &moveStack{})
	}
	ws := make([]*sharedWorker, workers)
	for w := range ws {
		x := &explorer{opt: opt, outKeys: map[string]int{}, outHash: map[uint64]int{}, assertBits: map[int64]uint{}}
		x.opt.MaxDepth, x.opt.MaxBytes = DefaultMaxDepth, DefaultMaxBytes
		if opt.Symmetry {
			x.sym = newSymmetry(sc)
		}
		if opt.PartialOrder {
			x.por = newPartialOrder(sc)
		}
		x.events = make([]Event, 0, 64)
		ws[w] = &sharedWorker{explorer: x, run: run, me: w}
		if seed > 0 {
			ws[w].shuffle = rand.New(rand.NewSource(seed + int64(w)))
		}
	}
	e := New(Interleaved(sc), Options{explore: true})
	run.stacks[0].moves = append(run.stacks[0].moves, sharedMove{e: e})
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.work()
		}()
	}
	wg.Wait()
	a := sharedAnswer{states: int(run.set.used.Load()), complete: !run.full.Load(), outcomes: map[string]raceFacts{}}
	for _, w := range ws {
		a.most = max(a.most, w.res.States)
		for k, f := range w.facts {
			o := &w.res.Outcomes[k]
			slices.Sort(o.Violations)
			key := fmt.Sprint(o.Vars, o.Violations)
			a.outcomes[key] = a.outcomes[key].or(f)
		}
	}
	return a
}

// work takes moves, its own newest first, until no goroutine has any.
func (w *sharedWorker) work() {
	run := w.run
	own := run.stacks[w.me]
	for {
		m, ok := own.pop(true)
		if !ok {
			run.idle.Add(1)
			for !ok {
				for k := 1; k < len(run.stacks) && !ok; k++ {
					m, ok = run.stacks[(w.me+k)%len(run.stacks)].pop(false)
				}
				if !ok && run.idle.Load() == int32(len(run.stacks)) {
					return // every goroutine is idle, so no stack can fill again
				}
			}
			run.idle.Add(-1)
		}
		w.expand(m, own)
	}
}

// pop takes the newest move (newest) or the oldest.
func (s *moveStack) pop(newest bool) (sharedMove, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.moves)
	switch {
	case n == 0:
		return sharedMove{}, false
	case newest:
		m := s.moves[n-1]
		s.moves = s.moves[:n-1]
		return m, true
	}
	m := s.moves[0]
	s.moves = s.moves[1:]
	return m, true
}

// expand takes m's ticks up to its next decision, as visitOutcomes does,
// and, if this goroutine claims the state there, pushes its successors.
func (w *sharedWorker) expand(m sharedMove, own *moveStack) {
	x := w.explorer
	e, violations, past := m.e, m.violations, m.past
	e.events = x.events[:0] // the engine may come from another goroutine
	defer func() { x.free = append(x.free, e) }()
	for {
		if e.done {
			x.reach(x.outcome(e, violations), past)
			return
		}
		if e.step >= x.opt.MaxDepth {
			x.reach(x.outcome(e, violations|violStepLimit), past)
			return
		}
		x.cands = e.candidates(x.cands[:0])
		if len(x.cands) >= 2 {
			pid := PID(0)
			if x.por != nil {
				pid = x.por.ample(e, x.cands)
			}
			if pid == 0 {
				break
			}
			v, f := e.stepViolations(pid, x.assertBits)
			violations, past = violations|v, past.or(f)
			continue
		}
		v, f := e.stepViolations(-1, x.assertBits)
		violations, past = violations|v, past.or(f)
	}
	fp := x.stateKey(e, violations, past, false)
	if w.run.full.Load() || !w.run.set.claim(fp) {
		return
	}
	x.res.States++
	if w.run.set.used.Load() >= w.run.bound {
		w.run.full.Store(true)
	}
	if w.shuffle != nil {
		w.shuffle.Shuffle(len(x.cands), func(i, j int) { x.cands[i], x.cands[j] = x.cands[j], x.cands[i] })
	}
	next := make([]sharedMove, 0, len(x.cands))
	for k := len(x.cands) - 1; k >= 0; k-- { // pushed last to first: popped in candidate order
		x.moves++
		c := x.child(e, false)
		v, f := x.take(c, x.cands[k], false)
		next = append(next, sharedMove{c, violations | v, past.or(f)})
	}
	own.mu.Lock()
	own.moves = append(own.moves, next...)
	own.mu.Unlock()
}

// exploreAnswer is Explore's result (outcomes only) in sharedAnswer's form.
func exploreAnswer(r ExploreResult) sharedAnswer {
	a := sharedAnswer{states: r.States, complete: r.Complete, outcomes: map[string]raceFacts{}}
	for _, o := range r.Outcomes {
		var f raceFacts
		for _, v := range o.Races {
			f.races |= 1 << uint(v)
		}
		for _, v := range o.LostUpdates {
			f.lost |= 1 << uint(v)
		}
		a.outcomes[fmt.Sprint(o.Vars, o.Violations)] = f
	}
	return a
}

// sameAnswer reports how a and b differ ("" if they do not).
func sameAnswer(a, b sharedAnswer) string {
	if a.states != b.states || a.complete != b.complete || len(a.outcomes) != len(b.outcomes) {
		return fmt.Sprintf("%d states (complete %t), %d outcomes against %d (%t), %d", a.states, a.complete, len(a.outcomes), b.states, b.complete, len(b.outcomes))
	}
	for k, f := range a.outcomes {
		if g, ok := b.outcomes[k]; !ok || g != f {
			return fmt.Sprintf("outcome %s: facts %+v against %+v (found %t)", k, f, g, ok)
		}
	}
	return ""
}

// TestExploreOrderFree checks what one exploration on several cores rests
// on: with and without symmetry (whose key is complete: every renaming of
// a state gets one key) and partial order, the states stored, the outcomes
// and their race facts do not depend on the order the states are expanded
// in, whether one goroutine takes the successors in shuffled orders or two
// share the visited set.
func TestExploreOrderFree(t *testing.T) {
	options := []struct {
		name string
		opt  ExploreOptions
	}{
		{"outcomes", ExploreOptions{OutcomesOnly: true}},
		{"outcomes with partial order", ExploreOptions{OutcomesOnly: true, PartialOrder: true}},
		{"outcomes with symmetry", ExploreOptions{OutcomesOnly: true, Symmetry: true}},
		{"outcomes with both reductions", ExploreOptions{OutcomesOnly: true, Symmetry: true, PartialOrder: true}},
	}
	compared := 0
	for _, c := range classicCases(t) {
		sc := mustParse(t, c.text)
		for _, o := range options {
			r := Explore(sc, o.opt)
			if r.Cycles || !r.Complete {
				continue // loops are not found by the shared search
			}
			compared++
			want := exploreAnswer(r)
			for _, run := range []struct {
				workers int
				seed    int64
			}{{1, 1}, {1, 2}, {2, 0}} {
				got := sharedExplore(sc, o.opt, run.workers, 1<<20, run.seed)
				if d := sameAnswer(got, want); d != "" {
					t.Errorf("%s, %s, %d goroutine(s), seed %d: got %s; want the same as Explore", c.name, o.name, run.workers, run.seed, d)
				}
			}
		}
	}
	if compared < 10 {
		t.Errorf("got %d cases without loops; want at least 10 to compare", compared)
	}
}

// BenchmarkExploreShared measures the shared-set exploration of four
// threads of three increments (outcomes only, partial order, no symmetry:
// 2,852,711 states) on one and on two goroutines: states per second of
// wall time and of CPU time (the process's, as benchExplore measures it),
// and the share of the states the busiest goroutine expanded.
func BenchmarkExploreShared(b *testing.B) {
	sc := mustParse(b, threadsIncrementing(4, 3))
	opt := ExploreOptions{OutcomesOnly: true, PartialOrder: true}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", workers), func(b *testing.B) {
			var a sharedAnswer
			cpu0 := cpuTime(b)
			for range b.N {
				a = sharedExplore(sc, opt, workers, 4_000_000, 0)
			}
			cpu := (cpuTime(b) - cpu0).Seconds()
			b.ReportMetric(float64(a.states), "states")
			b.ReportMetric(float64(a.states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
			b.ReportMetric(float64(a.states)*float64(b.N)/cpu, "states/cpu-s")
			b.ReportMetric(float64(a.most)/float64(a.states), "busiest-share")
		})
	}
}
