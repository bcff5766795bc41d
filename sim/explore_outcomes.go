package sim

import "math/bits"

// Outcomes-only exploration (ExploreOptions.OutcomesOnly).
//
// Counting schedules needs, for every state, the outcomes its
// continuations reach and how many schedules reach each: the outcome
// lists (explore.go), 11 to 20 bytes a state on the lost-update cases. The
// outcomes and their race facts need none of it. A state's key includes
// the race facts its path has met (explore.go), so every path that reaches
// a state again has met the same facts as the first, and the first visit
// has already given each outcome beyond it those facts joined with what
// its continuations meet: a state seen before can be skipped outright. The
// visited set then keeps each state as one 64-bit fingerprint, in an
// open-addressing table of 8-byte slots filled to at most 80 % and grown
// by half: 10 to 15 bytes a state, and nothing else grows with the
// states. Loops are found with a second, small set: the states on the
// current schedule.
//
// Collisions. With n states and a uniform 64-bit hash the chance that two
// states share a fingerprint is at most about n²/2⁶⁵ (explore_store.go):
// 1.1e-9 for 200,000 states, 2.7e-8 for a million. The table marks a free
// slot with 0, so a fingerprint of 0 is stored as 1: one more pair of
// values that collide, a chance of 2⁻⁶³ per state.
//
// What is given up: Outcome.Schedules is 0 (not counted) and every state
// is kept as a fingerprint (ExploreOptions.ExactStates does not apply).

// fpSet is a set of 64-bit fingerprints (0 is stored as 1). It is used by
// one goroutine.
type fpSet struct {
	slots []uint64 // 0: free
	used  int
}

// add adds fp and reports whether it was new.
func (s *fpSet) add(fp uint64) bool {
	if fp == 0 {
		fp = 1
	}
	if len(s.slots) == 0 {
		s.grow()
	}
	m := uint64(len(s.slots))
	i, _ := bits.Mul64(fp, m)
	for ; s.slots[i] != 0; i = probeNext(i, m) {
		if s.slots[i] == fp {
			return false
		}
	}
	s.slots[i] = fp
	if s.used++; s.used*5 >= len(s.slots)*4 {
		s.grow()
	}
	return true
}

// grow makes the table half as large again (1,024 slots at first).
func (s *fpSet) grow() {
	old := s.slots
	s.slots = make([]uint64, max(1024, len(old)+len(old)/2))
	m := uint64(len(s.slots))
	for _, fp := range old {
		if fp == 0 {
			continue
		}
		i, _ := bits.Mul64(fp, m)
		for s.slots[i] != 0 {
			i = probeNext(i, m)
		}
		s.slots[i] = fp
	}
}

// visitOutcomes is visit (explore.go) without schedule counts: it explores
// from e (at a tick boundary) and joins, for each outcome it reaches, the
// race facts of the path (past, then what each schedule meets) into
// x.facts. violations and past are what the path to e met.
func (x *explorer) visitOutcomes(e *Engine, violations uint64, past raceFacts) {
	for {
		if e.done {
			x.reach(x.outcome(e, violations), past)
			return
		}
		if e.step >= x.opt.MaxDepth {
			x.res.Complete = false
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
			x.path = append(x.path, pid) // a local step taken alone (explore_por.go)
			v, f := e.stepViolations(pid, x.assertBits)
			violations |= v
			past = past.or(f)
			continue
		}
		if x.selects && e.selectAhead(x.cands) {
			x.cands = append(x.cands[:0], -1)
			break
		}
		v, f := e.stepViolations(-1, x.assertBits)
		if e.selReady > 1 {
			x.path = append(x.path, -1)
		}
		violations |= v
		past = past.or(f)
	}
	fp := x.stateKey(e, violations, past, false)
	if x.onPath.has(fp) {
		x.res.Cycles = true
		return
	}
	if x.seen.has(fp) {
		return // seen: its outcomes have these facts already
	}
	if x.res.States >= x.opt.MaxStates || x.stopped || x.bytes > x.opt.MaxBytes {
		x.res.Complete = false
		return
	}
	if x.opt.Stop != nil && x.res.States%256 == 255 && x.opt.Stop() {
		x.stopped = true
		x.res.Complete = false
		return
	}
	x.seen.add(fp)
	x.res.States++
	if x.opt.Progress != nil && x.res.States%ProgressEvery == 0 {
		x.opt.Progress(ExploreProgress{States: x.res.States, Frontier: len(x.onPath.stack) + 1, Bytes: x.bytes})
	}
	x.onPath.push(fp)
	var buf [16]PID
	cands := append(buf[:0], x.cands...)
	var same [16]int8
	last := len(cands) - 1
	if x.twins.sameAs(e, cands, same[:]) {
		for same[last] >= 0 {
			last--
		}
	} else {
		same = [16]int8{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
	}
	for k, pid := range cands {
		if k < len(same) && same[k] >= 0 {
			// Interchangeable with an earlier move: it would meet only
			// states that move met (explore_twins.go).
			x.moves++
			continue
		}
		x.branchOutcomes(e, pid, -1, violations, past, x.inPlace(e, k, last+1))
	}
	x.onPath.pop()
}

// branchOutcomes is branch (explore.go) for visitOutcomes.
func (x *explorer) branchOutcomes(e *Engine, pid PID, sel int, violations uint64, past raceFacts, inPlace bool) {
	x.moves++
	c := x.child(e, inPlace)
	mark := len(x.path)
	if pid > 0 {
		x.path = append(x.path, pid)
	}
	c.selPick, c.selReady = max(sel, 0), 0
	v, f := x.take(c, pid, inPlace)
	n := c.selReady
	if n > 1 {
		x.path = append(x.path, PID(-max(sel, 0)-1))
	}
	x.visitOutcomes(c, violations|v, past.or(f))
	x.path = x.path[:mark]
	if !inPlace {
		x.free = append(x.free, c)
	}
	if sel < 0 {
		for k := 1; k < n; k++ {
			x.branchOutcomes(e, pid, k, violations, past, false)
		}
	}
}

// reach joins facts into outcome k's.
func (x *explorer) reach(k int, facts raceFacts) {
	for len(x.facts) <= k {
		x.facts = append(x.facts, raceFacts{})
	}
	x.facts[k] = x.facts[k].or(facts)
}

// has reports whether fp is in the set.
func (s *fpSet) has(fp uint64) bool {
	if fp == 0 {
		fp = 1
	}
	if len(s.slots) == 0 {
		return false
	}
	m := uint64(len(s.slots))
	i, _ := bits.Mul64(fp, m)
	for ; s.slots[i] != 0; i = probeNext(i, m) {
		if s.slots[i] == fp {
			return true
		}
	}
	return false
}

// pathSet is the set of the fingerprints of the states on the current
// schedule (0 stored as 1), which only ever loses the one added last: an
// open-addressing table at most half full, and the slots in the order
// they were filled. Since the last one added is the only one removed, the
// table is always what adding the remaining ones in order would make, and
// removing is emptying its slot. It is used by one goroutine.
type pathSet struct {
	slots []uint64 // 0: free
	stack []uint64 // the slots filled, in order
}

// has reports whether fp is in the set.
func (p *pathSet) has(fp uint64) bool {
	if fp == 0 {
		fp = 1
	}
	m := uint64(len(p.slots))
	if m == 0 {
		return false
	}
	i, _ := bits.Mul64(fp, m)
	for ; p.slots[i] != 0; i = probeNext(i, m) {
		if p.slots[i] == fp {
			return true
		}
	}
	return false
}

// push adds fp, which is not in the set.
func (p *pathSet) push(fp uint64) {
	if fp == 0 {
		fp = 1
	}
	if 2*(len(p.stack)+1) > len(p.slots) {
		slots, stack := p.slots, p.stack
		p.slots, p.stack = make([]uint64, max(64, 4*len(slots))), make([]uint64, 0, 2*cap(stack))
		for _, i := range stack {
			p.place(slots[i])
		}
	}
	p.place(fp)
}

// place puts fp in the first free slot from its own.
func (p *pathSet) place(fp uint64) {
	m := uint64(len(p.slots))
	i, _ := bits.Mul64(fp, m)
	for p.slots[i] != 0 {
		i = probeNext(i, m)
	}
	p.slots[i] = fp
	p.stack = append(p.stack, i)
}

// pop removes the fingerprint pushed last.
func (p *pathSet) pop() {
	n := len(p.stack) - 1
	p.slots[p.stack[n]] = 0
	p.stack = p.stack[:n]
}
