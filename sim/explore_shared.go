package sim

import (
	"fmt"
	"slices"
)

// One outcomes-only exploration on several goroutines (a shared walk).
//
// sim starts no goroutine and uses no sync (DESIGN §3). It gives a caller
// that has several cores the pieces of one exploration: a SharedExplore
// holds one Walker per goroutine, and each walker expands moves
// (ExploreMove: an engine at a tick boundary and what its path met) one at
// a time, on whichever goroutine calls it, recording the states in a
// SharedStates that the caller implements with atomics and that every
// walker shares. Each state is claimed (and expanded) by exactly one
// walker; a state's successors are handed to the caller's push, which
// keeps them where any goroutine may take them. lab/explore_run.go runs
// the goroutines.
//
// Why the answer does not depend on the timing. A state's key (with
// symmetry, the least key of every order of tied threads:
// explore_symmetry.go) depends on the state only, so the set of states
// claimed is the set of states reachable, whichever walker meets one
// first and by whichever path; and a state's key holds the race facts its
// path met (explore_outcomes.go), so the facts joined into each outcome
// are those of every schedule (TestExploreOrderFree checks both). What a
// depth-first walk takes from its order, the witnesses and the order of
// the outcomes, is rebuilt instead from facts that do not depend on it:
// the set keeps, for every state, its parent, the state with the least
// fingerprint among those with a move to it (every move is recorded, so
// that least one is fixed once the walk ends); and each walker keeps, for
// each outcome, the least fingerprint of a state with a move that ends in
// that outcome. An outcome's witness is then the schedule that goes from
// the start through the parents of that state to it and on to the
// outcome, taking at each decision the first candidate that reaches the
// next state (SharedExplore.Result replays it); the outcomes are listed in
// the order of their witnesses (by PID, as a depth-first walk would meet
// them). Following parents ends at the start only when no schedule loops,
// so a shared walk is only for scenarios that cannot loop (Shareable).
//
// What differs from Explore with the same options (OutcomesOnly, with or
// without Symmetry and PartialOrder): the same States, Complete, outcomes
// and race facts when the walk completes; the witnesses are other (equally
// valid) schedules and the outcomes are in their order. When the set
// fills (a bound) the outcomes found depend on which states were claimed,
// so an incomplete shared walk's answer is not fixed: the lab uses only a
// complete one.

// SharedStates is the visited set of a shared walk, implemented by the
// caller (lab/explore_run.go). Visit may be called by several goroutines
// at once; Parent and Fingerprint are called after the walk only.
type SharedStates interface {
	// Visit records a move from the state with handle parent (-1: from
	// the start) to the state with fingerprint fp (never 0), and returns
	// fp's handle (0 or more) and whether this call added it. The parent
	// of fp becomes the state of least fingerprint among those recorded
	// with a move to it. When fp is new and the set holds its bound of
	// states, it returns -1.
	Visit(fp uint64, parent int32) (handle int32, added bool)
	// Parent returns the handle of the parent of the state with handle h
	// (-1: the start).
	Parent(h int32) int32
	// Fingerprint returns the fingerprint of the state with handle h.
	Fingerprint(h int32) uint64
}

// Shareable reports whether sc may be explored by a shared walk: plain
// threads (the statements symmetry and partial order accept, no Go
// program, no IPC, no memory model) none of which can loop: every jump
// goes forward, and there is no repeat and no busy-wait. A tick then
// either moves some thread forward, counts down its work, or blocks it,
// so no state comes back.
func Shareable(sc *Scenario) bool {
	if sc.Go != nil || sc.Mem != nil || len(sc.IPC) > 0 || len(sc.Segments) > 0 || len(sc.Sockets) > 0 {
		return false
	}
	for _, p := range sc.Programs {
		for k, in := range p.Code {
			if in.Op == OpExit && k == len(p.Code)-1 {
				continue
			}
			if !symmetricOps[in.Op] || in.Spin {
				return false
			}
			switch in.Op {
			case OpRepeat, OpSpinLock, OpTicketSpin:
				return false
			case OpJump, OpTest:
				if in.Jump <= k {
					return false
				}
			}
		}
	}
	return true
}

// ExploreMove is a move a shared walk has still to take: an engine at a
// tick boundary after a decision's move, what its path met, and the state
// it was taken from.
type ExploreMove struct {
	e          *Engine
	violations uint64
	past       raceFacts
	parent     int32  // the handle of the state moved from (-1: the start)
	parentFP   uint64 // its fingerprint (0: the start)
}

// SharedExplore is one shared walk: its scenario, options and walkers.
type SharedExplore struct {
	sc      *Scenario
	opt     ExploreOptions
	walkers []*Walker
}

// Walker is one goroutine's part of a shared walk: its engines, scratch
// and the outcomes it reached. It is used by one goroutine at a time.
type Walker struct {
	x    *explorer
	ends []sharedEnd // per outcome of x: the least state with a move ending in it
}

// sharedEnd is a state with a move that ends in an outcome.
type sharedEnd struct {
	handle int32
	fp     uint64
}

// NewSharedExplore prepares a shared walk of sc with opt (OutcomesOnly is
// implied; Symmetry and PartialOrder apply; MaxStates is the caller's to
// enforce in SharedStates; Stop and Progress are the caller's too) for n
// walkers. sc must be Shareable.
func NewSharedExplore(sc *Scenario, opt ExploreOptions, n int) *SharedExplore {
	opt.OutcomesOnly = true
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = DefaultMaxDepth
	}
	s := &SharedExplore{sc: sc, opt: opt}
	for range n {
		s.walkers = append(s.walkers, &Walker{x: s.newExplorer()})
	}
	return s
}

// newExplorer returns an explorer for one walker or for Result.
func (s *SharedExplore) newExplorer() *explorer {
	x := &explorer{opt: s.opt, outKeys: map[string]int{}, outHash: map[uint64]int{}, assertBits: map[int64]uint{}}
	if s.opt.Symmetry {
		x.sym = newSymmetry(s.sc)
	}
	if s.opt.PartialOrder {
		x.por = newPartialOrder(s.sc)
	}
	x.events = make([]Event, 0, 64)
	x.res.Complete = true
	return x
}

// Walker returns walker i.
func (s *SharedExplore) Walker(i int) *Walker { return s.walkers[i] }

// Start returns the first move: the scenario's start.
func (s *SharedExplore) Start() ExploreMove {
	return ExploreMove{e: New(Interleaved(s.sc), Options{explore: true}), parent: -1}
}

// Bytes returns the memory of the engines this walker has made, in bytes.
func (w *Walker) Bytes() int64 { return w.x.bytes }

// Expand takes m: its ticks up to the next decision, and if that state is
// new (this call claims it in set), each of its moves, handed to push (in
// reverse candidate order, so that a stack pops them in order). It reports
// false when the set was full: the walk is then incomplete.
func (w *Walker) Expand(m ExploreMove, set SharedStates, push func(ExploreMove)) bool {
	x := w.x
	e := m.e
	e.events = x.events[:0] // the engine may have been made by another walker
	violations, past, ended := x.advance(e, m.violations, m.past, nil)
	if !ended {
		fp := max(1, x.stateKey(e, violations, past, false))
		h, added := set.Visit(fp, m.parent)
		if h < 0 || !added {
			x.free = append(x.free, e)
			return h >= 0
		}
		x.res.States++
		var buf [16]PID
		cands := append(buf[:0], x.cands...)
		for k := len(cands) - 1; k >= 0; k-- {
			// The last move taken (the first candidate) is taken on e
			// itself: nothing reads e after it.
			x.moves++
			c := x.child(e, k == 0)
			v, f := x.take(c, cands[k], k == 0)
			push(ExploreMove{c, violations | v, past.or(f), h, fp})
		}
		return true
	}
	k := x.outcome(e, violations)
	x.reach(k, past)
	for len(w.ends) <= k {
		w.ends = append(w.ends, sharedEnd{handle: -2})
	}
	if end := &w.ends[k]; end.handle == -2 || m.parentFP < end.fp {
		*end = sharedEnd{m.parent, m.parentFP}
	}
	x.free = append(x.free, e)
	return true
}

// advance takes e's ticks up to its next decision (x.cands then holds its
// candidates) or its end (ended), as visitOutcomes does, and returns the
// violations and race facts of the path with those ticks'. path, if not
// nil, gets the local steps taken alone, for a witness.
func (x *explorer) advance(e *Engine, violations uint64, past raceFacts, path *[]PID) (uint64, raceFacts, bool) {
	for {
		if e.done {
			return violations, past, true
		}
		if e.step >= x.opt.MaxDepth {
			x.res.Complete = false
			return violations | violStepLimit, past, true
		}
		x.cands = e.candidates(x.cands[:0])
		if len(x.cands) >= 2 {
			pid := PID(0)
			if x.por != nil {
				pid = x.por.ample(e, x.cands)
			}
			if pid == 0 {
				return violations, past, false
			}
			if path != nil {
				*path = append(*path, pid)
			}
			v, f := e.stepViolations(pid, x.assertBits)
			violations, past = violations|v, past.or(f)
			continue
		}
		v, f := e.stepViolations(-1, x.assertBits)
		violations, past = violations|v, past.or(f)
	}
}

// Result is the shared walk's answer once every walker has stopped:
// states is the number of states claimed and complete whether every move
// was taken (the set never filled, nothing stopped the walk). It rebuilds
// each outcome's witness from set's parents (see above).
func (s *SharedExplore) Result(set SharedStates, states int, complete bool) ExploreResult {
	res := ExploreResult{States: states, Complete: complete, Fingerprinted: true}
	type merged struct {
		o     Outcome
		facts raceFacts
		end   sharedEnd
	}
	byKey := map[string]*merged{}
	var keys []string
	for _, w := range s.walkers {
		if !w.x.res.Complete {
			res.Complete = false // a schedule reached MaxDepth
		}
		for k := range w.x.res.Outcomes {
			o := &w.x.res.Outcomes[k]
			slices.Sort(o.Violations)
			key := fmt.Sprint(o.Vars, o.Violations)
			m := byKey[key]
			if m == nil {
				m = &merged{o: *o, end: sharedEnd{handle: -2}}
				m.o.Witness = nil
				byKey[key] = m
				keys = append(keys, key)
			}
			if k < len(w.x.facts) {
				m.facts = m.facts.or(w.x.facts[k])
			}
			if k < len(w.ends) {
				if end := w.ends[k]; end.handle != -2 && (m.end.handle == -2 || end.fp < m.end.fp) {
					m.end = end
				}
			}
		}
	}
	r := s.newExplorer()
	for _, key := range keys {
		m := byKey[key]
		m.o.Races, m.o.LostUpdates = varList(m.facts.races), varList(m.facts.lost)
		if m.end.handle != -2 {
			m.o.Witness = s.witness(r, set, m.end.handle, key)
		}
		res.Outcomes = append(res.Outcomes, m.o)
	}
	slices.SortStableFunc(res.Outcomes, func(a, b Outcome) int { return slices.Compare(a.Witness, b.Witness) })
	return res
}

// witness returns the schedule from the start through the parents of the
// state with handle h to it, and from it to the outcome with key want,
// taking at each decision the first candidate that reaches the next state
// (nil if none does, which a collision of fingerprints could cause).
func (s *SharedExplore) witness(x *explorer, set SharedStates, h int32, want string) []PID {
	var chain []uint64 // the states' fingerprints, from the first decision
	for ; h >= 0; h = set.Parent(h) {
		chain = append(chain, set.Fingerprint(h))
	}
	slices.Reverse(chain)
	path := []PID{}
	e := s.Start().e
	e.events = x.events[:0]
	violations, past, ended := x.advance(e, 0, raceFacts{}, &path)
	for i := 0; ; i++ {
		if ended {
			if i == len(chain) && x.outcomeKey(e, violations) == want {
				return path
			}
			return nil
		}
		if i == len(chain) {
			return nil
		}
		if max(1, x.stateKey(e, violations, past, false)) != chain[i] {
			return nil
		}
		var buf [16]PID
		cands := append(buf[:0], x.cands...)
		found := false
		for _, pid := range cands {
			c := x.child(e, false)
			step := []PID{pid}
			v, f := x.take(c, pid, false)
			v, f, end := x.advance(c, violations|v, past.or(f), &step)
			var ok bool
			if i+1 == len(chain) {
				ok = end && x.outcomeKey(c, v) == want
			} else {
				ok = !end && max(1, x.stateKey(c, v, f, false)) == chain[i+1]
			}
			if ok {
				path = append(path, step...)
				e, violations, past, ended, found = c, v, f, end, true
				if i+1 == len(chain) {
					return path
				}
				break
			}
		}
		if !found {
			return nil
		}
	}
}

// outcomeKey returns the key Result merges outcomes by (their variables
// and violations) of the outcome at e's end.
func (x *explorer) outcomeKey(e *Engine, violations uint64) string {
	o := x.res.Outcomes[x.outcome(e, violations)]
	viol := slices.Clone(o.Violations)
	slices.Sort(viol)
	return fmt.Sprint(o.Vars, viol)
}

// States returns the number of states this walker claimed.
func (w *Walker) States() int { return w.x.res.States }
