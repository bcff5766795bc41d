package sim

// Interchangeable moves (with ExploreOptions.Symmetry).
//
// A state may be its own renaming: two identical threads a and b whose own
// states tie, and nothing else (the race detector, a lock's queue) that
// tells them apart. explorer.stateKey finds this for free while it looks
// for the least key among the orders of tied threads: two orders with the
// same least fingerprint write the same key with different threads at
// some position, and the thread at a position in one order is the image,
// under a renaming that leaves the state as it is, of the thread at that
// position in the other (the orbits of the state's automorphisms). For a
// and b in one orbit, the move that runs b reaches the renaming of the
// state the move that runs a reaches, so both get one key: b's move finds
// the state a's move stored (or its outcome, or the same open state of a
// loop, or the same bound) and adds the same outcomes with the same
// counts and race facts. Explore then copies what a's move added instead
// of taking b's: the answers, States and witnesses included, are those of
// taking it (a's move came first, so b's never met anything new).
//
// The orbits rest on fingerprints being equal, the same assumption as
// merging two states by their fingerprints (explore_store.go): they are
// used only when stateKey is not keeping exact keys.

// twins are the orbits of the tied threads of the last state stateKey
// keyed, as a tiny union-find over task indexes.
type twins struct {
	any bool    // some two tasks are in one orbit
	rep []int32 // per task index: a task of its orbit (itself: a root)
}

// reset makes each of a state's n tasks its own orbit.
func (t *twins) reset(n int) {
	t.any = false
	if len(t.rep) < n {
		t.rep = make([]int32, n)
	}
	for i := range n {
		t.rep[i] = int32(i)
	}
}

// find returns the root of task i's orbit: its least task index.
func (t *twins) find(i int32) int32 {
	for t.rep[i] != i {
		i = t.rep[i]
	}
	return i
}

// join records two orders of the same tasks with the same least key: the
// tasks at each position are in one orbit.
func (t *twins) join(a, b []int32) {
	for j := range a {
		ra, rb := t.find(a[j]), t.find(b[j])
		if ra == rb {
			continue
		}
		t.any = true
		if ra < rb {
			t.rep[rb] = ra
		} else {
			t.rep[ra] = rb
		}
	}
}

// sameAs writes to same, per candidate of cands (PIDs of e's tasks, or of
// arrivals), the index in cands of the first earlier candidate in its
// orbit, or -1 when there is none (the move must be taken), and reports
// whether any has one; with more than 16 candidates it reports false
// and writes nothing. t must describe e's state (stateKey's last key).
func (t *twins) sameAs(e *Engine, cands []PID, same []int8) bool {
	var root [16]int32
	if !t.any || len(cands) > len(root) || len(cands) > len(same) {
		return false
	}
	found := false
	for k, pid := range cands {
		root[k], same[k] = -1, -1
		for i := len(e.tasks) - 1; i >= 0; i-- { // the newest task with the PID, as Engine.task
			if e.tasks[i].PID == pid {
				root[k] = t.find(int32(i))
				break
			}
		}
		for j := range k {
			if root[k] >= 0 && root[j] == root[k] {
				same[k], found = int8(j), true
				break
			}
		}
	}
	return found
}
