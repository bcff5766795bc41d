package sim

import "slices"

// Symmetry reduction (ExploreOptions.Symmetry).
//
// Threads that run the same code from the same start are interchangeable:
// a state in which thread a is at line 3 and thread b at line 5 has the
// same future, up to renaming a and b, as the state in which a is at 5
// and b at 3. Explore may then keep one of the two. It writes the state
// key with the threads of each class of identical threads sorted by their
// own state (the permutation π), and everything that names a thread
// renamed by π: a lock's holder and its wait queue, and the race
// detector's vector-clock slots and last accesses. Two states get the same
// key only if one is the other with its threads renamed, so merging them
// is sound. Threads whose own states are equal (a tie) may still differ
// in what the race detector or a lock's queue says of them, so the key
// is the least, by fingerprint, of the keys of every order of the tied
// threads (explorer.stateKey): every renaming of a state then gets the
// same key, and which states are stored does not depend on the order they
// are met in (the reduction is complete, which an exploration shared by
// several goroutines needs). Past maxTieOrders orders for one state (more
// than six threads tied at once) ties keep their task order: some
// symmetric states may then stay apart, never unsound. A thread's own state is hashed once per key,
// into its signature, which both sorts the class and stands for the
// thread's words in the fingerprint (explore_store.go has what that adds
// to the chance of a collision); an exact key keeps the words as well.
//
// What is kept exactly: the outcomes (their variables, violations and
// race facts are the same under any renaming of identical threads) and
// the schedule counts (renaming is a one-to-one map between the schedules
// of the two states), except where schedules loop: ExploreResult.Cycles
// counts cover the schedules that repeat no state, and with symmetry a
// schedule is cut where it repeats a state up to renaming. What changes: ExploreResult.States counts the
// reduced states, and an outcome's witness is a schedule of whichever of
// the symmetric states was explored first.
//
// When it is sound. Two threads are in one class when their programs'
// instructions are equal, operand for operand (their text, lines and
// columns may differ), they arrive at the same time, and every instruction
// is one whose meaning does not depend on which thread runs it (loads,
// stores, local arithmetic, tests and jumps, atomics, locks, spinlocks,
// ticket locks, semaphores, condition variables, critical sections,
// repeat, yield, compute, channel send and receive). The whole scenario
// is left unreduced when any of these hold, each because it makes threads
// distinguishable in a way the key does not rename:
//   - a Go program: goroutines carry their own runtime state, output and
//     select choices (goexplore), and their PIDs reach printed text;
//   - pipes, FIFOs, message queues, shared memory, sockets or a memory
//     model: their hashes (ipcHash, pipeExploreHash, memExploreHash) name
//     tasks and pages by position;
//   - an assert, a fork, a wait, a kill, a sleep, I/O or any other
//     statement not in the list above: an assertion's violation names its
//     line, which differs between two threads' copies of the code, and the
//     others name PIDs, make new tasks or depend on time (the implicit
//     exit at the end of a thread's code is pthread_exit and is fine);
//   - more than MaxThreads threads (the race detector tracks only the
//     first MaxThreads).
//
// The group leader (the first thread, whose TID is the process's PID)
// differs from the others only when it ends: it stays a zombie (Z) while
// other threads run, where another thread is released at once (X). No
// thread runs again after its end and the process exits when the last
// thread ends whichever it is, so the key writes an ended thread of a
// class as ended, Z or X alike; at a decision point some thread still
// runs, so the leader has not been reaped and the two cannot be confused
// with anything else. TestExploreSymmetrySame checks all of this against
// the unreduced exploration.

// symmetry holds the scenario's classes of interchangeable thread programs.
type symmetry struct {
	class []int16 // per program: its class (>= 0), or -1 when it has no twin
	// Scratch for one key, reused: per task its class and signature (the
	// fingerprint of its own part of the key), the order the key writes
	// the tasks in, and each task's position in it.
	cls  []int16
	sig  []uint64
	perm []int32 // position -> task index
	pos  []int32 // task index -> position
	slot [vcSize]int8
	tk   stateKey // one task's words, in exact mode
	// The tasks of the classes, by class then index (members), and the
	// same tasks in the order the key writes them (sorted); ties are the
	// runs of sorted whose tasks have the same class and signature, as
	// start<<8 | length.
	members, sorted []int32
	ties            []int32
}

// maxTieOrders bounds the orders of tied threads stateKey tries for one
// state (the product of the ties' factorials): 720, six threads tied at
// once. Past it the ties keep their task order, and two renamings of one
// state may then get two keys (never unsound; explore_symmetry.go).
const maxTieOrders = 720

// symmetricOps are the instructions whose effect does not depend on which
// thread runs them, beyond the thread's own state and the objects it
// names.
var symmetricOps = map[Op]bool{
	OpCompute: true, OpYield: true, OpRepeat: true, OpEnd: true,
	OpLoad: true, OpStore: true, OpSet: true, OpArith: true, OpTest: true, OpJump: true,
	OpXchg: true, OpFetchAdd: true, OpCAS: true, OpAtomicLoad: true,
	OpLock: true, OpUnlock: true, OpTryLock: true, OpSpinLock: true, OpSpinUnlock: true,
	OpTicketTake: true, OpTicketSpin: true, OpTicketNext: true,
	OpSemWait: true, OpSemPost: true, OpCondWait: true, OpCondSignal: true, OpCondBcast: true,
	OpSend: true, OpRecv: true, OpCSEnter: true, OpCSExit: true,
}

// newSymmetry returns sc's classes of identical threads, or nil when sc has
// none or symmetry would be unsound for it (see above).
func newSymmetry(sc *Scenario) *symmetry {
	if sc.Go != nil || sc.Mem != nil || len(sc.IPC) > 0 || len(sc.Segments) > 0 || len(sc.Sockets) > 0 {
		return nil
	}
	threads := 0
	arrival := make([]int64, len(sc.Programs))
	started := make([]int, len(sc.Programs))
	for _, p := range sc.Processes {
		arrival[p.Program] = p.Arrival
		started[p.Program]++
	}
	for p := range sc.Programs {
		prog := &sc.Programs[p]
		if prog.Thread {
			threads += started[p]
		}
		for k := range prog.Code {
			// The implicit exit at the end is pthread_exit: the thread ends
			// alone, whichever it is. An exit elsewhere is exit_group.
			if !symmetricOps[prog.Code[k].Op] && !(prog.Code[k].Op == OpExit && k == len(prog.Code)-1) {
				return nil
			}
		}
	}
	if threads > MaxThreads {
		return nil
	}
	s := &symmetry{class: make([]int16, len(sc.Programs))}
	twins := false
	for p := range sc.Programs {
		s.class[p] = -1
		a := &sc.Programs[p]
		if !a.Thread || started[p] != 1 {
			continue
		}
		for q := range p {
			b := &sc.Programs[q]
			if b.Thread && started[q] == 1 && arrival[q] == arrival[p] && len(a.Locals) == len(b.Locals) && sameCode(a.Code, b.Code) {
				if s.class[q] < 0 {
					s.class[q] = int16(q)
				}
				s.class[p] = s.class[q]
				twins = true
				break
			}
		}
	}
	if !twins {
		return nil
	}
	return s
}

// sameCode reports whether two programs' instructions are equal in all
// that running them reads (not their text or position in the scenario).
func sameCode(a, b []Instr) bool {
	return slices.EqualFunc(a, b, func(x, y Instr) bool {
		return x.Op == y.Op && x.A == y.A && x.B == y.B && x.Var == y.Var && x.Obj == y.Obj && x.Dst == y.Dst &&
			x.X == y.X && x.Y == y.Y && x.Cmp == y.Cmp && x.Arith == y.Arith && x.Jump == y.Jump &&
			x.JumpIfTrue == y.JumpIfTrue && x.Spin == y.Spin && x.Sig == y.Sig && x.Target == y.Target &&
			x.TargetPID == y.TargetPID && x.TargetName == y.TargetName && x.Killable == y.Killable
	})
}

// classOf returns the symmetry class of the task at index i (-1: none).
func (s *symmetry) classOf(e *Engine, i int) int16 {
	t := &e.tasks[i]
	if t.Program < 0 || (e.det != nil && t.slot == 0) {
		return -1
	}
	return s.class[t.Program]
}

// order sets s.cls and s.sig for e's state, and s.members, s.sorted and
// s.ties: the tasks of each class sorted by their own state (their
// signature, then their index), which the k-th position of a class then
// gets; every other task keeps its position. It returns how many orders of
// the tied tasks there are (1: none tie); apply sets s.perm, s.pos and
// s.slot from s.sorted.
func (s *symmetry) order(e *Engine) int {
	n := len(e.tasks)
	s.cls = slices.Grow(s.cls[:0], n)[:n]
	s.sig = slices.Grow(s.sig[:0], n)[:n]
	var k stateKey
	s.members = s.members[:0]
	for i := range n {
		c := s.classOf(e, i)
		s.cls[i] = c
		k.reset(false)
		k.mix(int64(c))
		e.taskKeyInto(&k, &e.tasks[i], c >= 0)
		s.sig[i] = k.sum()
		if c >= 0 && len(s.members) < MaxThreads { // newSymmetry counts the threads: never more
			s.members = append(s.members, int32(i))
		}
	}
	s.ties = s.ties[:0]
	if len(s.members) <= 1 {
		s.sorted = append(s.sorted[:0], s.members...)
		return 1
	}
	// members by class (then index), and the same tasks by class, then
	// signature, then index. Insertion sorts: a few tasks.
	members := s.members
	for j := 1; j < len(members); j++ {
		for m := j; m > 0 && s.cls[members[m-1]] > s.cls[members[m]]; m-- {
			members[m-1], members[m] = members[m], members[m-1]
		}
	}
	sorted := append(s.sorted[:0], members...)
	for j := 1; j < len(sorted); j++ {
		for m := j; m > 0 && s.before(sorted[m], sorted[m-1]); m-- {
			sorted[m-1], sorted[m] = sorted[m], sorted[m-1]
		}
	}
	s.sorted = sorted
	orders := 1
	for j := 0; j < len(sorted); {
		l := 1
		for j+l < len(sorted) && s.cls[sorted[j+l]] == s.cls[sorted[j]] && s.sig[sorted[j+l]] == s.sig[sorted[j]] {
			l++
		}
		if l > 1 {
			s.ties = append(s.ties, int32(j)<<8|int32(l))
			for f := 2; f <= l; f++ {
				orders = min(orders*f, maxTieOrders+1)
			}
		}
		j += l
	}
	if orders > maxTieOrders {
		s.ties = s.ties[:0]
		return 1
	}
	return orders
}

// apply sets s.perm, s.pos and s.slot from s.sorted: the k-th position of
// a class gets the k-th of the class's tasks in s.sorted, and every other
// task and slot keeps its own.
func (s *symmetry) apply(e *Engine) {
	n := len(e.tasks)
	s.perm = slices.Grow(s.perm[:0], n)[:n]
	s.pos = slices.Grow(s.pos[:0], n)[:n]
	for i := range s.perm {
		s.perm[i], s.pos[i] = int32(i), int32(i)
	}
	for a := range s.slot {
		s.slot[a] = int8(a)
	}
	s.applyOrder(e)
}

// applyOrder is apply after apply has run for the same state and only
// s.sorted has changed since (another order of tied tasks): it rewrites
// the entries of the classes' tasks, the only ones an order changes. Every
// task of a class has a vector-clock slot when the detector is on
// (classOf), so each of their slots is rewritten too.
func (s *symmetry) applyOrder(e *Engine) {
	for j, p := range s.members {
		i := s.sorted[j]
		s.perm[p], s.pos[i] = i, p
		if e.det != nil {
			s.slot[e.tasks[p].slot] = e.tasks[i].slot
		}
	}
}

// nextOrder puts s.sorted in the next order of its tied tasks (each tie's
// orders in lexicographic order of task index, the last tie fastest) and
// reports whether there was one; after the last order it puts the first
// back (each tie by index, as order left it) and reports false.
func (s *symmetry) nextOrder() bool {
	for t := len(s.ties) - 1; t >= 0; t-- {
		start, l := int(s.ties[t]>>8), int(s.ties[t]&0xff)
		if nextPermutation(s.sorted[start : start+l]) {
			return true
		}
	}
	return false
}

// nextPermutation makes a the next permutation of its values in
// lexicographic order and reports true, or, at the last one, the first
// (ascending) and reports false.
func nextPermutation(a []int32) bool {
	i := len(a) - 2
	for i >= 0 && a[i] >= a[i+1] {
		i--
	}
	if i < 0 {
		slices.Reverse(a)
		return false
	}
	j := len(a) - 1
	for a[j] <= a[i] {
		j--
	}
	a[i], a[j] = a[j], a[i]
	slices.Reverse(a[i+1:])
	return true
}

// before reports whether task a goes before task b (both in a class):
// by class, then signature, then index.
func (s *symmetry) before(a, b int32) bool {
	if s.cls[a] != s.cls[b] {
		return s.cls[a] < s.cls[b]
	}
	if s.sig[a] != s.sig[b] {
		return s.sig[a] < s.sig[b]
	}
	return a < b
}

// renamed returns the position of the task at index i under s.perm (i
// itself when negative: no task).
func (s *symmetry) renamed(i int32) int32 {
	if i < 0 || s == nil {
		return i
	}
	return s.pos[i]
}

// keyHashSym is keyHash (race.go) for the detector with its slots and
// tasks renamed by sym (sym.order has run): slot a of the renamed
// detector is slot sym.slot[a] of this one, and task index i is
// sym.pos[i]. The canonical form (detector.canonical) ranks each clock
// component on its own, so renaming commutes with it.
func (d *detector) keyHashSym(sym *symmetry) uint64 {
	h := uint64(0xcbf29ce484222325)
	mix := func(v int64) { // inlined: a func value would not be
		h ^= uint64(v)
		h *= 0x100000001b3
		h ^= h >> 29
	}
	σ := &sym.slot
	n := int(d.slots)
	mix(int64(n))
	for s := 1; s <= n; s++ {
		for a := 1; a <= n; a++ {
			mix(int64(d.vc[σ[s]][σ[a]]))
		}
	}
	for o := range d.objVC {
		for a := 1; a <= n; a++ {
			mix(int64(d.objVC[o][σ[a]]))
		}
	}
	for v := range d.vars {
		m := &d.vars[v]
		mix(int64(sym.renamed(m.write.task))<<32 | int64(m.write.clock))
		mix(int64(sym.renamed(m.atomic.task))<<32 | int64(m.atomic.clock))
		mix(int64(sym.renamed(m.lastStore.task))<<32 | m.lastStore.step)
		for a := 1; a <= n; a++ {
			r := &m.reads[σ[a]]
			mix(int64(m.syncVC[σ[a]]))
			mix(int64(sym.renamed(r.task))<<32 | int64(r.clock))
			mix(m.loadStep[σ[a]])
		}
	}
	return h
}
