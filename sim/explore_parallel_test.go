package sim

import (
	"fmt"
	"math/bits"
	"math/rand"
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

// testStates is a SharedStates for the tests: a fixed table of 64-bit
// fingerprints that a goroutine claims a state in with one
// compare-and-swap, and each state's parent (lab/explore_run.go has the
// lab's).
type testStates struct {
	fps     []atomic.Uint64
	parents []atomic.Int32 // the parent's handle + 2 (0: none yet)
	used    atomic.Int64
	bound   int64
}

func newTestStates(bound int64) *testStates {
	size := 1 << bits.Len64(uint64(2*bound))
	return &testStates{fps: make([]atomic.Uint64, size), parents: make([]atomic.Int32, size), bound: bound}
}

func (s *testStates) Visit(fp uint64, parent int32) (int32, bool) {
	m := uint64(len(s.fps))
	i, _ := bits.Mul64(fp, m)
	for {
		switch v := s.fps[i].Load(); {
		case v == fp:
			s.adopt(int32(i), parent)
			return int32(i), false
		case v == 0:
			if s.used.Add(1) > s.bound {
				s.used.Add(-1)
				return -1, false
			}
			if s.fps[i].CompareAndSwap(0, fp) {
				s.adopt(int32(i), parent)
				return int32(i), true
			}
			s.used.Add(-1)
			continue // another goroutine filled it: look at it again
		}
		i = probeNext(i, m)
	}
}

// adopt makes parent the parent of h if it has a smaller fingerprint.
func (s *testStates) adopt(h, parent int32) {
	fp := func(h int32) uint64 {
		if h < 0 {
			return 0
		}
		return s.fps[h].Load()
	}
	for {
		cur := s.parents[h].Load()
		if cur != 0 && fp(parent) >= fp(cur-2) {
			return
		}
		if s.parents[h].CompareAndSwap(cur, parent+2) {
			return
		}
	}
}

func (s *testStates) Parent(h int32) int32       { return s.parents[h].Load() - 2 }
func (s *testStates) Fingerprint(h int32) uint64 { return s.fps[h].Load() }

// moveStack is one goroutine's moves still to take; others take from its
// bottom when they run dry.
type moveStack struct {
	mu    sync.Mutex
	moves []ExploreMove
}

// sharedAnswer is what a shared exploration found: the states, and each
// outcome (by its text) with its race facts.
type sharedAnswer struct {
	states   int
	complete bool
	outcomes map[string]raceFacts
	most     int // the most states one goroutine expanded
	result   ExploreResult
}

// sharedExplore explores sc (outcomes only) with a shared walk on workers
// goroutines sharing one visited set of at most bound states. seed > 0
// shuffles each state's successors (one goroutine: another order of the
// same search).
func sharedExplore(sc *Scenario, opt ExploreOptions, workers int, bound int64, seed int64) sharedAnswer {
	set := newTestStates(bound)
	walk := NewSharedExplore(sc, opt, workers)
	stacks := make([]*moveStack, workers)
	for w := range stacks {
		stacks[w] = &moveStack{}
	}
	stacks[0].moves = append(stacks[0].moves, walk.Start())
	var idle atomic.Int32
	var full atomic.Bool
	var wg sync.WaitGroup
	for me := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := walk.Walker(me)
			own := stacks[me]
			var shuffle *rand.Rand
			if seed > 0 {
				shuffle = rand.New(rand.NewSource(seed + int64(me)))
			}
			var next []ExploreMove
			for {
				m, ok := own.pop(true)
				if !ok {
					idle.Add(1)
					for !ok {
						for k := 1; k < workers && !ok; k++ {
							m, ok = stacks[(me+k)%workers].pop(false)
						}
						if !ok && idle.Load() == int32(workers) {
							return // every goroutine is idle, so no stack can fill again
						}
					}
					idle.Add(-1)
				}
				next = next[:0]
				if !w.Expand(m, set, func(c ExploreMove) { next = append(next, c) }) {
					full.Store(true)
				}
				if shuffle != nil {
					shuffle.Shuffle(len(next), func(i, j int) { next[i], next[j] = next[j], next[i] })
				}
				own.mu.Lock()
				own.moves = append(own.moves, next...)
				own.mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r := walk.Result(set, int(set.used.Load()), !full.Load())
	a := exploreAnswer(r)
	a.result = r
	for me := range workers {
		a.most = max(a.most, walk.Walker(me).x.res.States)
	}
	return a
}

// pop takes the newest move (newest) or the oldest.
func (s *moveStack) pop(newest bool) (ExploreMove, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.moves)
	switch {
	case n == 0:
		return ExploreMove{}, false
	case newest:
		m := s.moves[n-1]
		s.moves = s.moves[:n-1]
		return m, true
	}
	m := s.moves[0]
	s.moves = s.moves[1:]
	return m, true
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
		if !Shareable(sc) {
			continue // it may loop: not for a shared walk
		}
		for _, o := range options {
			r := Explore(sc, o.opt)
			if r.Cycles || !r.Complete {
				t.Errorf("%s, %s: Shareable, but Explore says cycles %t, complete %t", c.name, o.name, r.Cycles, r.Complete)
				continue
			}
			compared++
			want := exploreAnswer(r)
			var first ExploreResult
			for k, run := range []struct {
				workers int
				seed    int64
			}{{1, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 3}} {
				got := sharedExplore(sc, o.opt, run.workers, 1<<20, run.seed)
				if d := sameAnswer(got, want); d != "" {
					t.Errorf("%s, %s, %d goroutine(s), seed %d: got %s; want the same as Explore", c.name, o.name, run.workers, run.seed, d)
				}
				// The witnesses and the outcomes' order do not depend on
				// the order either, and each witness reaches its outcome.
				if k == 0 {
					first = got.result
					checkWitnesses(t, sc, first)
					for _, oc := range first.Outcomes {
						if oc.Witness == nil {
							t.Errorf("%s, %s: outcome %v has no witness", c.name, o.name, oc.Vars)
						}
					}
				} else if d := sameResult(got.result, first); d != "" {
					t.Errorf("%s, %s, %d goroutine(s), seed %d: %s", c.name, o.name, run.workers, run.seed, d)
				}
			}
		}
	}
	if compared < 20 {
		t.Errorf("got %d cases and options compared; want at least 20", compared)
	}
	t.Logf("%d cases and options compared", compared)
}

// sameResult reports how two shared walks' answers differ, outcome by
// outcome and field by field ("" if they do not).
func sameResult(got, want ExploreResult) string {
	if got.States != want.States || got.Complete != want.Complete || len(got.Outcomes) != len(want.Outcomes) {
		return fmt.Sprintf("got %d states (complete %t), %d outcomes; want %d (%t), %d", got.States, got.Complete, len(got.Outcomes), want.States, want.Complete, len(want.Outcomes))
	}
	for k := range got.Outcomes {
		if g, w := fmt.Sprintf("%+v", got.Outcomes[k]), fmt.Sprintf("%+v", want.Outcomes[k]); g != w {
			return fmt.Sprintf("outcome %d: got %s; want %s", k, g, w)
		}
	}
	return ""
}

// TestShareableDoesNotLoop checks Shareable against Explore: no scenario it
// accepts, among the lessons, the classic cases and the N × K cases, has a
// schedule that loops.
func TestShareableDoesNotLoop(t *testing.T) {
	n := 0
	for _, c := range answerCases(t) {
		sc := mustParse(t, c.text)
		if !Shareable(sc) {
			continue
		}
		n++
		if r := Explore(sc, ExploreOptions{OutcomesOnly: true, Symmetry: true, PartialOrder: true, MaxStates: 20_000}); r.Cycles {
			t.Errorf("%s: Shareable, but it loops", c.name)
		}
	}
	if n < 10 {
		t.Errorf("got %d shareable cases; want at least 10", n)
	}
}

// BenchmarkExploreShared measures the shared walk (outcomes only, both
// reductions) of four threads of three increments and three threads of
// four on one and on two goroutines: states per second of wall time and
// of CPU time (the process's, as benchExplore measures it), moves (edges
// of the state graph) per CPU second, and the share of the states the
// busiest goroutine expanded. The witnesses are rebuilt in the time
// measured.
func BenchmarkExploreShared(b *testing.B) {
	opt := ExploreOptions{OutcomesOnly: true, Symmetry: true, PartialOrder: true}
	for _, nk := range [][2]int{{4, 3}, {3, 4}} {
		sc := mustParse(b, threadsIncrementing(nk[0], nk[1]))
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%dx%d/goroutines=%d", nk[0], nk[1], workers), func(b *testing.B) {
				var a sharedAnswer
				cpu0 := cpuTime(b)
				for range b.N {
					a = sharedExplore(sc, opt, workers, 1_000_000, 0)
				}
				cpu := (cpuTime(b) - cpu0).Seconds()
				b.ReportMetric(float64(a.states), "states")
				b.ReportMetric(float64(a.states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
				b.ReportMetric(float64(a.states)*float64(b.N)/cpu, "states/cpu-s")
				b.ReportMetric(float64(a.most)/float64(a.states), "busiest-share")
			})
		}
	}
}
