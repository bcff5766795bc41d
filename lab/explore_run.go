package lab

import (
	"sync"
	"sync/atomic"

	"proclab/sim"
)

// This file is the one place in lab that starts a goroutine or uses sync
// (deps_test.go allows it here only): an exploration's two passes run at
// once, one per core, inside one call. Unless stop ends them, the answer
// does not depend on their timing: the exact pass's when it completes,
// else the reduced pass's when that completes (it runs to its own end),
// else the exact pass's, incomplete.

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
// no schedule counts (Reduced says so). Each
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
