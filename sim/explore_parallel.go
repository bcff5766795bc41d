package sim

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
)

// Parallel exploration (ExploreOptions.Workers, with OutcomesOnly).
//
// Without schedule counts a state needs no result of its own (see
// explore_outcomes.go): once some worker has taken a state, every other
// path to it can stop there, whoever gets there first. So several
// goroutines explore at once, depth first each, sharing one visited set
// (a fingerprint set in 64 shards, each with its own lock) and handing
// work to each other: a worker that finds another idle gives it the other
// branches of its current decision (a copy of the engine and the path).
// Each worker joins the race facts it meets into its own table, and the
// tables are joined at the end.
//
// Why the answer does not depend on the schedule. A state's key includes
// the race facts its path met, so the facts an outcome gets are the
// paths' facts at each reachable end: a property of the state graph, not
// of the order it is walked in. Every reachable state is expanded by
// exactly one worker, so ExploreResult.States, the outcomes and their
// race facts are the same as one goroutine's. Two things could still
// depend on timing, and are excluded or said:
//   - loops: a worker does not see the states on another's path, so it
//     could miss a cycle another order would find (ExploreResult.Cycles).
//     Workers are used only for scenarios with no loop at all: plain
//     threads (the statements symmetry allows, explore_symmetry.go) with
//     no backward jump (no while loop) and no spin (spinlock, ticket
//     lock), where every tick moves some thread forward (repeat loops
//     count down); other scenarios are explored by one goroutine;
//   - bounds: a run stopped by MaxStates, MaxBytes or Stop has explored a
//     part that depends on timing, like any interrupted run.
//
// The outcomes are sorted by their variables and violations (one
// goroutine lists them in the order it found them), and each witness is
// one schedule reaching the outcome, whichever worker found it first.

// parallelOK reports whether sc may be explored by several workers.
func parallelOK(sc *Scenario) bool {
	if !plainThreads(sc) {
		return false
	}
	for p := range sc.Programs {
		code := sc.Programs[p].Code
		for k := range code {
			in := &code[k]
			switch {
			case (in.Op == OpJump || in.Op == OpTest) && in.Jump <= k:
				return false // a loop
			case in.Op == OpSpinLock || in.Op == OpTicketSpin:
				return false // spins in place
			}
		}
	}
	return true
}

// plainThreads reports whether sc is plain threads: no Go program, IPC
// or memory model, and only the statements symmetricOps lists (and the
// implicit exit at the end of a program).
func plainThreads(sc *Scenario) bool {
	if sc.Go != nil || sc.Mem != nil || len(sc.IPC) > 0 || len(sc.Segments) > 0 || len(sc.Sockets) > 0 {
		return false
	}
	for p := range sc.Programs {
		code := sc.Programs[p].Code
		for k := range code {
			if !symmetricOps[code[k].Op] && !(code[k].Op == OpExit && k == len(code)-1) {
				return false
			}
		}
	}
	return true
}

// sharedSet is a fingerprint set that several goroutines use at once: 64
// shards, each an fpSet under its own lock, chosen by the low bits.
type sharedSet struct {
	shards [64]struct {
		mu  sync.Mutex
		set fpSet
		_   [40]byte // keep shards on separate cache lines
	}
}

// shard picks a shard by the low bits: the slot in a shard comes from the
// high ones (fpSet, Lemire's reduction), which must stay spread.
func (s *sharedSet) shard(fp uint64) int { return int(fp & 63) }

// has reports whether fp is in the set.
func (s *sharedSet) has(fp uint64) bool {
	sh := &s.shards[s.shard(fp)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.set.has(fp)
}

// add adds fp and reports whether it was new.
func (s *sharedSet) add(fp uint64) bool {
	sh := &s.shards[s.shard(fp)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.set.add(fp)
}

// size returns the memory the set holds, in bytes.
func (s *sharedSet) size() int {
	n := 0
	for k := range s.shards {
		n += len(s.shards[k].set.slots) * 8
	}
	return n
}

// workItem is a branch handed to another worker: from a copy of the
// engine at a decision, take pid, with the path, violations and facts
// met so far.
type workItem struct {
	e          *Engine
	pid        PID // 0: visit e itself (the root)
	path       []PID
	violations uint64
	past       raceFacts
}

// team is what the workers of one parallel exploration share.
type team struct {
	set    sharedSet
	states atomic.Int64 // states expanded, all workers
	idle   atomic.Int32 // workers waiting for work
	queued atomic.Int32 // items in stack

	mu      sync.Mutex // guards the rest
	cond    *sync.Cond // work arrived, or all is done
	stack   []workItem
	busy    int // workers running an item
	master  *explorer
	stopped atomic.Bool // Stop said to give up
}

// take returns the next work item, waiting while others may still make
// some; false when all is done.
func (t *team) take() (workItem, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.idle.Add(1)
	for len(t.stack) == 0 && t.busy > 0 {
		t.cond.Wait()
	}
	t.idle.Add(-1)
	if len(t.stack) == 0 {
		t.cond.Broadcast()
		return workItem{}, false
	}
	it := t.stack[len(t.stack)-1]
	t.stack = t.stack[:len(t.stack)-1]
	t.queued.Store(int32(len(t.stack)))
	t.busy++
	return it, true
}

// done ends the item a worker took.
func (t *team) done() {
	t.mu.Lock()
	t.busy--
	if t.busy == 0 && len(t.stack) == 0 {
		t.cond.Broadcast()
	}
	t.mu.Unlock()
}

// give hands an item to an idle worker.
func (t *team) give(it workItem) {
	t.mu.Lock()
	t.stack = append(t.stack, it)
	t.queued.Store(int32(len(t.stack)))
	t.cond.Signal()
	t.mu.Unlock()
}

// exploreParallel runs an OutcomesOnly exploration of e (the initial
// engine) on workers goroutines and returns the result in x (the master
// explorer, whose outcome table the workers share under team.mu).
func (x *explorer) exploreParallel(sc *Scenario, e *Engine, workers int) {
	t := &team{master: x}
	t.cond = sync.NewCond(&t.mu)
	t.stack = []workItem{{e: e}}
	ws := make([]*explorer, workers)
	var wg sync.WaitGroup
	for k := range ws {
		w := &explorer{opt: x.opt, team: t, assertBits: x.assertBits, selects: x.selects, por: x.por, onPath: map[uint64]struct{}{},
			events: make([]Event, 0, 64), outHash: map[uint64]int{}}
		w.opt.MaxBytes = max(1, x.opt.MaxBytes/int64(workers))
		w.res.Complete = true
		if x.sym != nil {
			w.sym = &symmetry{class: x.sym.class}
		}
		ws[k] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				it, ok := t.take()
				if !ok {
					return
				}
				w.path = append(w.path[:0], it.path...)
				if it.pid == 0 {
					it.e.events = w.events[:0]
					w.visitOutcomes(it.e, it.violations, it.past)
				} else {
					w.branchOutcomes(it.e, it.pid, -1, it.violations, it.past)
				}
				t.done()
			}
		}()
	}
	wg.Wait()
	x.res.States = int(t.states.Load())
	x.parallelSet = &t.set
	for _, w := range ws {
		x.res.Complete = x.res.Complete && w.res.Complete
		x.res.Cycles = x.res.Cycles || w.res.Cycles
		for k, f := range w.facts {
			x.reach(k, f)
		}
	}
	x.sortOutcomes(sc)
}

// sortOutcomes sorts the outcomes by their variables, then violations and
// output, with their facts, so that the order does not depend on which
// worker found which first.
func (x *explorer) sortOutcomes(sc *Scenario) {
	idx := make([]int, len(x.res.Outcomes))
	for k := range idx {
		idx[k] = k
	}
	for len(x.facts) < len(idx) {
		x.facts = append(x.facts, raceFacts{})
	}
	slices.SortFunc(idx, func(a, b int) int {
		oa, ob := &x.res.Outcomes[a], &x.res.Outcomes[b]
		if c := slices.Compare(oa.Vars, ob.Vars); c != 0 {
			return c
		}
		if c := slices.Compare(oa.Violations, ob.Violations); c != 0 {
			return c
		}
		return cmp.Compare(oa.Output, ob.Output)
	})
	outs := make([]Outcome, len(idx))
	facts := make([]raceFacts, len(idx))
	for k, i := range idx {
		outs[k], facts[k] = x.res.Outcomes[i], x.facts[i]
	}
	x.res.Outcomes, x.facts = outs, facts
}

// sharedOutcome is outcome (explore.go) for a worker: its own cache of
// outcome hashes, then the master's table under the team's lock.
func (x *explorer) sharedOutcome(e *Engine, violations uint64) int {
	h := violations*0x9e3779b97f4a7c15 + 1 + e.outHash
	for _, v := range e.mem {
		h = (h ^ uint64(v)) * 0x100000001b3
		h ^= h >> 29
	}
	if k, ok := x.outHash[h]; ok {
		return k
	}
	t := x.team
	t.mu.Lock()
	m := t.master
	m.path = append(m.path[:0], x.path...)
	k, ok := m.outHash[h]
	if !ok {
		k = m.newOutcome(e, violations)
		m.outHash[h] = k
	}
	t.mu.Unlock()
	x.outHash[h] = k
	return k
}

// teamPoll is the bounds and Stop for a worker: whether to stop before
// expanding another state (incomplete). Each worker asks Stop every 256
// of its own states, one worker at a time.
func (x *explorer) teamPoll() bool {
	t := x.team
	if t.states.Load() >= int64(x.opt.MaxStates) || x.bytes > x.opt.MaxBytes {
		return true
	}
	if x.opt.Stop != nil && x.res.States%256 == 255 && !t.stopped.Load() {
		t.mu.Lock()
		if x.opt.Stop() {
			t.stopped.Store(true)
		}
		t.mu.Unlock()
	}
	return t.stopped.Load()
}

// teamProgress reports progress for a worker, under the team's lock.
func (x *explorer) teamProgress(n int64) {
	t := x.team
	t.mu.Lock()
	x.opt.Progress(ExploreProgress{States: int(n), Frontier: len(t.stack) + len(x.onPath), Bytes: x.bytes})
	t.mu.Unlock()
}

// shareDepth is how deep in its own item a worker still hands branches to
// idle ones, in decisions: deeper branches are small, and handing them
// over (a copy of the engine each) costs more than exploring them.
const shareDepth = 6

// share hands the last branch of the decision at e to an idle worker when
// one waits, no work is queued and e is at most shareDepth decisions into
// this worker's item, and returns the branches left to explore here.
func (x *explorer) share(e *Engine, cands []PID, violations uint64, past raceFacts) []PID {
	t := x.team
	if t == nil || len(cands) < 2 || len(x.onPath) > shareDepth || t.idle.Load() == 0 || t.queued.Load() > 0 {
		return cands
	}
	c := &Engine{}
	e.cloneInto(c)
	last := len(cands) - 1
	t.give(workItem{e: c, pid: cands[last], path: append([]PID(nil), x.path...), violations: violations, past: past})
	return cands[:last]
}
