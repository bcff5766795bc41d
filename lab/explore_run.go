package lab

import (
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"proclab/sim"
)

// This file is the one place in lab that starts a goroutine or uses sync
// (deps_test.go allows it here only): an exploration's two passes run at
// once, one per core, inside one call, and when the exact pass stops
// short, its core joins the reduced pass (a shared walk, sim's
// explore_shared.go, where the scenario allows one). Unless stop ends
// them, the answer does not depend on their timing: the exact pass's when
// it completes, else the reduced pass's when that completes (it runs to
// its own end; a shared walk's answer, witnesses included, is the same
// whichever goroutine expanded what), else the exact pass's, incomplete.

// ExploreScenario enumerates sc's interleavings, expanding at most
// maxStates states with at most MaxExploreBytes of engines, and polling
// stop (which may be nil). It merges the states of identical threads
// (sim.ExploreOptions.Symmetry: outcomes, races and schedule counts stay
// exact). Where threads have local steps it also explores, at the same
// time on a second goroutine (the second core), taking those steps alone
// (PartialOrder) and counting no schedules (OutcomesOnly: about 12 bytes
// a state): when the exact pass stops short of the end (a bound, or stop)
// and the reduced one completes, the answer is the reduced pass's, whose
// outcomes and races are still those of every interleaving but which has
// no schedule counts (Reduced says so). Where the scenario cannot loop
// (sim.Shareable) the reduced pass is a shared walk, which the exact
// pass's goroutine joins when it stops short, and its witnesses are the
// walk's (sim/explore_shared.go), the same on every run. Each
// pass then has half of MaxExploreBytes. stop is never called by two
// goroutines at once.
func ExploreScenario(sc *sim.Scenario, maxStates int, stop func() bool) Explored {
	return exploreScenario(sc, maxStates, stop, nil)
}

func exploreScenario(sc *sim.Scenario, maxStates int, stop func() bool, progress func(ExploreProgress)) Explored {
	x, _ := explorePasses(sc, maxStates, stop, progress)
	return x
}

// explorePasses is exploreScenario that also returns the states each pass
// expanded (the exact pass's, then the reduced pass's, 0 when there was
// none), for benchmarks: what the two cores did together.
func explorePasses(sc *sim.Scenario, maxStates int, stop func() bool, progress func(ExploreProgress)) (Explored, [2]int) {
	var mu sync.Mutex // serialises stop and progress, which both passes call
	stopped := false  // stop said to give up (under mu)
	poll := func() bool {
		mu.Lock()
		defer mu.Unlock()
		stopped = stopped || stop != nil && stop()
		return stopped
	}
	twoPass := sim.HasPartialOrder(sc)
	budget := int64(MaxExploreBytes)
	if twoPass {
		budget /= 2
	}
	var pct [2]float64 // each pass's share of its budget, in percent (under mu)
	options := func(pass int) sim.ExploreOptions {
		opt := sim.ExploreOptions{MaxStates: maxStates, MaxBytes: budget, Symmetry: true, PartialOrder: pass == 1, OutcomesOnly: pass == 1, Stop: poll}
		if progress != nil {
			opt.Progress = func(p sim.ExploreProgress) {
				mu.Lock()
				defer mu.Unlock()
				pct[pass] = min(100, 100*max(float64(p.States)/float64(maxStates), float64(p.Bytes)/float64(budget)))
				if pct[pass] >= pct[1-pass] { // the pass furthest on speaks for both
					progress(ExploreProgress{States: p.States, Frontier: p.Frontier, Percent: pct[pass]})
				}
			}
		}
		return opt
	}
	if !twoPass {
		r := sim.Explore(sc, options(0))
		return ExploredOf(r, sc), [2]int{r.States, 0}
	}
	if sim.Shareable(sc) {
		return exploreJoined(sc, maxStates, options, poll)
	}
	var exactDone atomic.Bool // the exact pass ended: the reduced one is not needed
	reduced := make(chan sim.ExploreResult, 1)
	go func() {
		opt := options(1)
		opt.Stop = func() bool { return exactDone.Load() || poll() }
		reduced <- sim.Explore(sc, opt)
	}()
	r := sim.Explore(sc, options(0))
	if r.Complete {
		exactDone.Store(true)
		red := <-reduced
		return ExploredOf(r, sc), [2]int{r.States, red.States}
	}
	// The exact pass stopped at a bound (states, bytes) or was stopped: the
	// reduced pass's answer, when it is complete, has every outcome.
	red := <-reduced
	if !red.Complete {
		return ExploredOf(r, sc), [2]int{r.States, red.States}
	}
	x := ExploredOf(red, sc)
	x.Reduced = true
	return x, [2]int{r.States, red.States}
}

// exploreJoined is explorePasses's two passes where the reduced pass is a
// shared walk: a goroutine starts it while this one runs the exact pass;
// when the exact pass completes, the walk is stopped and its answer is
// the exact pass's; when the exact pass stops short, this goroutine joins
// the walk, so that both cores finish it. The walk's answer is taken when
// it completes (the same whatever the timing); else the exact pass's,
// incomplete.
func exploreJoined(sc *sim.Scenario, maxStates int, options func(pass int) sim.ExploreOptions, poll func() bool) (Explored, [2]int) {
	opt := options(1)
	w := newWalk(sc, opt, maxStates)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.work(0)
	}()
	r := sim.Explore(sc, options(0))
	if r.Complete {
		w.quit.Store(true)
		<-done
		return ExploredOf(r, sc), [2]int{r.States, int(w.set.used.Load())}
	}
	if !w.quit.Load() {
		w.work(1)
	}
	<-done
	states := int(w.set.used.Load())
	if w.quit.Load() || w.full.Load() {
		return ExploredOf(r, sc), [2]int{r.States, states}
	}
	red := w.shared.Result(w.set, states, true)
	if !red.Complete {
		return ExploredOf(r, sc), [2]int{r.States, states}
	}
	x := ExploredOf(red, sc)
	x.Reduced = true
	return x, [2]int{r.States, states}
}

// walk is a shared walk on two goroutines (the second joins late): the
// visited set, each goroutine's stack of moves still to take, how many
// moves are left, and what ends it.
type walk struct {
	shared  *sim.SharedExplore
	set     *stateSet
	opt     sim.ExploreOptions
	stacks  [2]moveStack
	pending atomic.Int64 // moves on a stack or being taken
	quit    atomic.Bool  // stopped (the exact pass completed, or stop said so)
	full    atomic.Bool  // the set reached its bound, or the engines their budget
	bytes   [2]atomic.Int64
	expands atomic.Int64 // states claimed or not, for polling Stop
}

// moveStack is one goroutine's moves still to take; the other takes its
// oldest when it has none.
type moveStack struct {
	mu    sync.Mutex
	moves []sim.ExploreMove
}

func newWalk(sc *sim.Scenario, opt sim.ExploreOptions, maxStates int) *walk {
	w := &walk{shared: sim.NewSharedExplore(sc, opt, 2), set: newStateSet(maxStates), opt: opt}
	w.stacks[0].moves = append(w.stacks[0].moves, w.shared.Start())
	w.pending.Store(1)
	return w
}

// work takes moves as walker me, its own newest first, then the other's
// oldest, until no move is left (none on a stack, none being taken), or
// the walk is stopped or full.
func (w *walk) work(me int) {
	walker := w.shared.Walker(me)
	own := &w.stacks[me]
	var next []sim.ExploreMove
	push := func(m sim.ExploreMove) { next = append(next, m) }
	for !w.quit.Load() && !w.full.Load() {
		m, ok := own.pop(true)
		if !ok {
			if m, ok = w.stacks[1-me].pop(false); !ok {
				if w.pending.Load() == 0 {
					return // no move on a stack and none being taken: none can come
				}
				runtime.Gosched()
				continue
			}
		}
		next = next[:0]
		if !walker.Expand(m, w.set, push) {
			w.full.Store(true)
		}
		w.pending.Add(int64(len(next)))
		own.mu.Lock()
		own.moves = append(own.moves, next...)
		own.mu.Unlock()
		w.pending.Add(-1) // m, once its moves are on the stack
		w.bytes[me].Store(walker.Bytes())
		if w.bytes[0].Load()+w.bytes[1].Load() > w.opt.MaxBytes {
			w.full.Store(true)
		}
		if n := w.expands.Add(1); n%256 == 0 {
			if w.opt.Stop != nil && w.opt.Stop() {
				w.quit.Store(true)
			}
			if w.opt.Progress != nil && n%sim.ProgressEvery == 0 {
				w.opt.Progress(sim.ExploreProgress{States: int(w.set.used.Load()), Frontier: int(w.pending.Load()),
					Bytes: w.bytes[0].Load() + w.bytes[1].Load()})
			}
		}
	}
}

// pop takes the newest move (newest) or the oldest.
func (s *moveStack) pop(newest bool) (sim.ExploreMove, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.moves)
	switch {
	case n == 0:
		return sim.ExploreMove{}, false
	case newest:
		m := s.moves[n-1]
		s.moves = s.moves[:n-1]
		return m, true
	}
	m := s.moves[0]
	s.moves = s.moves[1:]
	return m, true
}

// stateSet is a shared walk's visited set (sim.SharedStates): a fixed
// open-addressing table of 64-bit fingerprints, sized for maxStates at
// most 80 % full, that a goroutine claims a state in with one
// compare-and-swap, and beside it each state's parent as a 4-byte handle:
// 12 bytes a slot, 15 bytes a state when full.
type stateSet struct {
	fps     []atomic.Uint64
	parents []atomic.Int32 // the parent's handle + 2 (0: none yet, 1: the start)
	used    atomic.Int64
	bound   int64
}

func newStateSet(maxStates int) *stateSet {
	n := max(1024, maxStates+maxStates/4)
	return &stateSet{fps: make([]atomic.Uint64, n), parents: make([]atomic.Int32, n), bound: int64(maxStates)}
}

// Visit implements sim.SharedStates.
func (s *stateSet) Visit(fp uint64, parent int32) (int32, bool) {
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
		if i++; i == m {
			i = 0
		}
	}
}

// adopt makes parent the parent of h if it has a smaller fingerprint than
// h's parent so far (the start's is 0).
func (s *stateSet) adopt(h, parent int32) {
	for {
		cur := s.parents[h].Load()
		if cur != 0 && s.fp(parent) >= s.fp(cur-2) {
			return
		}
		if s.parents[h].CompareAndSwap(cur, parent+2) {
			return
		}
	}
}

// fp returns the fingerprint of the state with handle h (0: the start).
func (s *stateSet) fp(h int32) uint64 {
	if h < 0 {
		return 0
	}
	return s.fps[h].Load()
}

// Parent implements sim.SharedStates.
func (s *stateSet) Parent(h int32) int32 { return s.parents[h].Load() - 2 }

// Fingerprint implements sim.SharedStates.
func (s *stateSet) Fingerprint(h int32) uint64 { return s.fps[h].Load() }

// walkBoth runs the reduced pass alone as a shared walk on two goroutines
// from the start, for tests and benchmarks: the answer (incomplete if the
// walk did not finish) and the states each goroutine claimed.
func walkBoth(sc *sim.Scenario, maxStates int) (sim.ExploreResult, [2]int) {
	opt := sim.ExploreOptions{MaxStates: maxStates, MaxBytes: MaxExploreBytes, Symmetry: true, PartialOrder: true, OutcomesOnly: true}
	w := newWalk(sc, opt, maxStates)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.work(0)
	}()
	w.work(1)
	<-done
	complete := !w.quit.Load() && !w.full.Load()
	return w.shared.Result(w.set, int(w.set.used.Load()), complete), [2]int{w.shared.Walker(0).States(), w.shared.Walker(1).States()}
}
