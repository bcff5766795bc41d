package sim

import "math/bits"

// This file finds data races the way Go's race detector does (happens-
// before with vector clocks) and lost updates (a store computed from a read
// that another task's store has since overwritten).
//
// Threads get vector-clock slots in creation order: the first MaxThreads
// threads of a scenario are checked (processes do not share variables).

const vcSize = MaxThreads + 1 // slot 0 is unused

type vclock [vcSize]uint32

func (v *vclock) join(o *vclock) {
	for k := range v {
		v[k] = max(v[k], o[k])
	}
}

// access is one remembered access to a variable.
type access struct {
	task  int32 // task index, -1: none
	slot  int8
	clock uint32 // the slot's own clock component at the access
	step  int64
	site  int // program<<16 | instruction: where in the code
}

type varMeta struct {
	write     access         // the last plain write
	atomic    access         // the last atomic access
	reads     [vcSize]access // the last plain read of each slot
	lastStore access         // the last store, plain or atomic (for lost updates)
	loadStep  [vcSize]int64  // each slot's last load of it (0: none)
	syncVC    vclock         // atomics on it synchronise through this clock
}

type detector struct {
	vc    [vcSize]vclock // per slot
	objVC []vclock       // per sync object: the clock its releases carry
	vars  []varMeta
	slots int8 // slots handed out
	// goBase[o] is the objVC index of Go object o's first extra clock
	// (channel buffer slots, an RWMutex's writer clock); nil for a
	// scenario. Shared between clones: never written.
	goBase []int
	// reported holds the races reported, as variable and the two code
	// sites, so that each is reported once (nil until the first; exploring
	// leaves it nil). It is kept apart from vars so that copying vars, which
	// the explorer does at every state, copies no pointers.
	reported map[[3]int]bool
}

var noAccess = access{task: -1}

func newDetector(sc *Scenario) *detector {
	base, extra := goClocks(sc) // a Go program's channel slots and RWMutex writer clocks (gochan.go)
	d := &detector{objVC: make([]vclock, len(sc.Objects)+extra), vars: make([]varMeta, len(sc.Vars)), goBase: base}
	for k := range d.vc {
		d.vc[k][k] = 1
	}
	for v := range d.vars {
		m := &d.vars[v]
		m.write, m.atomic, m.lastStore = noAccess, noAccess, noAccess
		for k := range m.reads {
			m.reads[k] = noAccess
		}
	}
	return d
}

// cloneInto makes c (nil: a new detector) an independent copy of d,
// reusing c's memory, and returns it.
func (d *detector) cloneInto(c *detector) *detector {
	if c == nil {
		c = &detector{}
	}
	objVC, vars := c.objVC, c.vars
	*c = *d
	c.objVC = append(objVC[:0], d.objVC...)
	c.vars = append(vars[:0], d.vars...)
	if d.reported != nil {
		c.reported = make(map[[3]int]bool, len(d.reported))
		for k, x := range d.reported {
			c.reported[k] = x
		}
	}
	return c
}

// assignSlot gives a new thread its vector-clock slot.
func (e *Engine) assignSlot(t *Task) {
	if e.det != nil && (e.sc.Programs[t.Program].Thread || e.shmProcess(t)) && int(e.det.slots) < MaxThreads {
		e.det.slots++
		t.slot = e.det.slots
	}
}

func (e *Engine) tracked(i int32) bool { return e.det != nil && e.tasks[i].slot > 0 }

func (e *Engine) accessOf(i int32) access {
	t := &e.tasks[i]
	return access{task: i, slot: t.slot, clock: e.det.vc[t.slot][t.slot], step: e.step, site: t.Program<<16 | t.PC}
}

// concurrent reports whether access a did not happen before slot s's now.
func (d *detector) concurrent(a access, s int8) bool {
	return a.task >= 0 && a.slot != s && a.clock > d.vc[s][a.slot]
}

// race reports a race once per pair of code sites. Exploring, it reports
// every race it sees: what a state reports next must depend only on what
// the explorer's state key covers (see canonical), and the explorer merges
// repeated reports of a variable anyway.
func (e *Engine) race(i int32, v int, other access, write, otherWrite bool) {
	d := e.det
	t := &e.tasks[i]
	if !e.explore {
		site := t.Program<<16 | t.PC
		key := [3]int{v, min(site, other.site), max(site, other.site)}
		if d.reported[key] {
			return
		}
		if d.reported == nil {
			d.reported = map[[3]int]bool{}
		}
		d.reported[key] = true
	}
	var bits int64
	if write {
		bits |= 1
	}
	if otherWrite {
		bits |= 2
	}
	e.emit(Event{Kind: EvRace, Task: t.PID, Other: e.tasks[other.task].PID, CPU: int16(t.CPU), Obj: int16(v), Value: other.step, Arg: bits})
}

// checkAccess reports the races of the task at index i accessing v (a
// write if write) with the last plain write, and, if asked, with the last
// atomic access and with every plain read since the last write.
func (e *Engine) checkAccess(i int32, v int, write, withAtomic, withReads bool) {
	d, s := e.det, e.tasks[i].slot
	m := &d.vars[v]
	if d.concurrent(m.write, s) {
		e.race(i, v, m.write, write, true)
	}
	if withAtomic && d.concurrent(m.atomic, s) {
		e.race(i, v, m.atomic, write, true)
	}
	if withReads {
		for _, r := range m.reads[1 : d.slots+1] { // the slots handed out: no other holds a read
			if d.concurrent(r, s) {
				e.race(i, v, r, write, false)
			}
		}
	}
}

func (e *Engine) detRead(i int32, v int) {
	if !e.tracked(i) {
		return
	}
	s := e.tasks[i].slot
	m := &e.det.vars[v]
	e.checkAccess(i, v, false, true, false)
	m.reads[s] = e.accessOf(i)
	m.loadStep[s] = e.step
}

func (e *Engine) detWrite(i int32, v int) {
	if !e.tracked(i) {
		return
	}
	m := &e.det.vars[v]
	e.checkAccess(i, v, true, true, true)
	m.write = e.accessOf(i)
	for k := range m.reads[:e.det.slots+1] { // past the slots handed out, none was set
		m.reads[k] = noAccess
	}
}

// detStore checks for a lost update: the task stores to v a value computed
// from its earlier read of v, and another task stored to v in between, so
// that store is overwritten.
func (e *Engine) detStore(i int32, v int, derived bool) {
	if !e.tracked(i) {
		return
	}
	s := e.tasks[i].slot
	m := &e.det.vars[v]
	if l := m.loadStep[s]; derived && l > 0 && m.lastStore.task >= 0 && m.lastStore.task != i && m.lastStore.step > l {
		t := &e.tasks[i]
		e.emit(Event{Kind: EvLostUpdate, Task: t.PID, Other: e.tasks[m.lastStore.task].PID, CPU: int16(t.CPU), Obj: int16(v), Value: m.lastStore.step, Arg: l})
	}
	m.lastStore = access{task: i, slot: s, step: e.step}
	m.loadStep[s] = 0
}

// detAtomic: atomics do not race with each other, but a plain access
// concurrent with an atomic one is a race (as Go reports it); an atomic
// access also synchronises (acquire and release) through the variable, as
// sync/atomic does in Go's memory model.
func (e *Engine) detAtomic(i int32, v int) {
	if !e.tracked(i) {
		return
	}
	d, s := e.det, e.tasks[i].slot
	m := &d.vars[v]
	e.checkAccess(i, v, true, false, true)
	d.vc[s].join(&m.syncVC)
	m.atomic = e.accessOf(i)
	m.syncVC.join(&d.vc[s])
	d.vc[s][s]++
}

func (e *Engine) detAcquire(i int32, o int) {
	if e.tracked(i) {
		e.det.vc[e.tasks[i].slot].join(&e.det.objVC[o])
	}
}

func (e *Engine) detRelease(i int32, o int) {
	if e.tracked(i) {
		d, s := e.det, e.tasks[i].slot
		d.objVC[o].join(&d.vc[s])
		d.vc[s][s]++
	}
}

// canonical rewrites the detector, for exploring, into a form in which two
// detectors that will report the same races and lost updates on every
// continuation are equal, so that the explorer can put it in its state key.
//
// The detector only ever compares values of the same vector-clock
// component (an access's clock with a slot's view of the accessing slot),
// takes maxima, and increments a slot's own component, which is the
// largest value of that component anywhere. Likewise a lost update only
// compares a variable's last store step with the steps of the slots' last
// loads of it, and every later step is larger. So each component, and each
// variable's steps, can be replaced by their ranks among the values present
// (0 stays 0): order and equality, all that any future check reads, are
// kept. The steps and code sites of plain and atomic accesses only label
// events (exploring reports no duplicates to suppress): they are left out
// of the key. The cost: ranking a few dozen numbers per tracked thread at
// every decision point, and fewer states merge (states that differ only in
// who has seen whose writes stay apart, as they must).
func (d *detector) canonical() {
	n := int8(d.slots)
	var masks [vcSize]uint64
	if !d.smallMasks(&masks) {
		for a := int8(1); a <= n; a++ {
			d.rankSorted(a)
		}
	} else {
		for a := int8(1); a <= n; a++ {
			if mask := masks[a]; mask&(mask+1) != 0 { // not 0, 1, 2, ... already
				d.rankMask(a, mask)
			}
		}
	}
	var steps [2 + MaxThreads]int64
	for v := range d.vars {
		m := &d.vars[v]
		if m.lastStore.task < 0 {
			m.lastStore.step = 0
		}
		if d.stepsSmall(m) {
			continue
		}
		vals := insertSorted(append(steps[:0], 0), m.lastStore.step)
		for s := int8(1); s <= n; s++ {
			vals = insertSorted(vals, m.loadStep[s])
		}
		if vals[len(vals)-1] == int64(len(vals)-1) {
			continue
		}
		m.lastStore.step = rankOf(vals, m.lastStore.step)
		for s := int8(1); s <= n; s++ {
			m.loadStep[s] = rankOf(vals, m.loadStep[s])
		}
	}
}

// smallMasks sets masks[a], for each clock component a of the slots
// handed out, to the set of its values present (bit x: value x; 0 is
// always present), in one pass over the detector, and reports whether
// every value is below 64, as it is unless a clock ran far ahead since the
// last key; when it reports false the masks are incomplete.
func (d *detector) smallMasks(masks *[vcSize]uint64) bool {
	n := int(d.slots)
	var big uint32
	for a := 1; a <= n; a++ {
		masks[a] = 1
	}
	for s := 1; s <= n; s++ {
		row := &d.vc[s]
		for a := 1; a <= n; a++ {
			big |= row[a]
			masks[a] |= 1 << (row[a] & 63)
		}
	}
	for o := range d.objVC {
		row := &d.objVC[o]
		for a := 1; a <= n; a++ {
			big |= row[a]
			masks[a] |= 1 << (row[a] & 63)
		}
	}
	for v := range d.vars {
		m := &d.vars[v]
		for a := 1; a <= n; a++ {
			x, y := m.syncVC[a], m.reads[a].clock
			big |= x | y
			masks[a] |= 1<<(x&63) | 1<<(y&63)
		}
		if a := int(m.write.slot); a >= 1 && a <= n {
			big |= m.write.clock
			masks[a] |= 1 << (m.write.clock & 63)
		}
		if a := int(m.atomic.slot); a >= 1 && a <= n {
			big |= m.atomic.clock
			masks[a] |= 1 << (m.atomic.clock & 63)
		}
	}
	return big < 64
}

// rankMask replaces each value x of clock component a by its rank, the
// number of smaller values present: the bits of mask below x (smallMasks).
func (d *detector) rankMask(a int8, mask uint64) {
	rank := func(x uint32) uint32 { return uint32(bits.OnesCount64(mask & (1<<x - 1))) }
	for s := int8(1); s <= int8(d.slots); s++ {
		d.vc[s][a] = rank(d.vc[s][a])
	}
	for o := range d.objVC {
		d.objVC[o][a] = rank(d.objVC[o][a])
	}
	for v := range d.vars {
		m := &d.vars[v]
		m.syncVC[a] = rank(m.syncVC[a])
		m.reads[a].clock = rank(m.reads[a].clock)
		if m.write.slot == a {
			m.write.clock = rank(m.write.clock)
		}
		if m.atomic.slot == a {
			m.atomic.clock = rank(m.atomic.clock)
		}
	}
}

// rankSorted replaces each value of clock component a by its rank among
// the values present, found in a sorted list of them: for values of any
// size.
func (d *detector) rankSorted(a int8) {
	n := int8(d.slots)
	var buf [1 + MaxThreads + MaxObjects + 4*MaxVars]uint32
	vals := append(buf[:0], 0)
	for s := int8(1); s <= n; s++ {
		vals = insertSorted(vals, d.vc[s][a])
	}
	for o := range d.objVC {
		vals = insertSorted(vals, d.objVC[o][a])
	}
	for v := range d.vars {
		m := &d.vars[v]
		vals = insertSorted(vals, m.syncVC[a])
		vals = insertSorted(vals, m.reads[a].clock)
		if m.write.slot == a {
			vals = insertSorted(vals, m.write.clock)
		}
		if m.atomic.slot == a {
			vals = insertSorted(vals, m.atomic.clock)
		}
	}
	if vals[len(vals)-1] == uint32(len(vals)-1) {
		return // already 0, 1, 2, ...: every value is its own rank
	}
	for s := int8(1); s <= n; s++ {
		d.vc[s][a] = rankOf(vals, d.vc[s][a])
	}
	for o := range d.objVC {
		d.objVC[o][a] = rankOf(vals, d.objVC[o][a])
	}
	for v := range d.vars {
		m := &d.vars[v]
		m.syncVC[a] = rankOf(vals, m.syncVC[a])
		m.reads[a].clock = rankOf(vals, m.reads[a].clock)
		if m.write.slot == a {
			m.write.clock = rankOf(vals, m.write.clock)
		}
		if m.atomic.slot == a {
			m.atomic.clock = rankOf(vals, m.atomic.clock)
		}
	}
}

// stepsSmall is canonical's ranking of variable m's steps (its last
// store's and each slot's last load's) when all are below 64: a step's
// rank is the number of smaller steps present (0 always is). It reports
// false, changing nothing, when some step is 64 or more.
func (d *detector) stepsSmall(m *varMeta) bool {
	n := int(d.slots)
	mask := uint64(1)
	big := uint64(m.lastStore.step)
	mask |= 1 << (uint64(m.lastStore.step) & 63)
	for s := 1; s <= n; s++ {
		big |= uint64(m.loadStep[s])
		mask |= 1 << (uint64(m.loadStep[s]) & 63)
	}
	if big >= 64 {
		return false
	}
	if mask&(mask+1) == 0 {
		return true // already 0, 1, 2, ...
	}
	m.lastStore.step = int64(bits.OnesCount64(mask & (1<<uint64(m.lastStore.step) - 1)))
	for s := 1; s <= n; s++ {
		m.loadStep[s] = int64(bits.OnesCount64(mask & (1<<uint64(m.loadStep[s]) - 1)))
	}
	return true
}

// insertSorted adds x to the sorted, duplicate-free list l unless it is
// there. The lists canonical builds hold a few dozen numbers at most.
func insertSorted[T uint32 | int64](l []T, x T) []T {
	k := len(l)
	for k > 0 && l[k-1] > x {
		k--
	}
	if k > 0 && l[k-1] == x {
		return l
	}
	l = append(l, x)
	copy(l[k+1:], l[k:])
	l[k] = x
	return l
}

// rankOf returns the index of x in the sorted list l, which holds it.
func rankOf[T uint32 | int64](l []T, x T) T {
	lo, hi := 0, len(l)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if l[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return T(lo)
}

// forget drops, for exploring, what can only lead to facts the path has
// already met: the accesses that later races on a variable would be found
// with, once a race on it was found, and the store and load steps that a
// later lost update on it would be found with, once one was found. The
// explorer's key includes those facts, so only states that have met the
// same ones share what their continuations find.
//
// Only the entries of the slots handed out can hold an access or a step
// (slot 0 and the slots not yet handed out never do: detRead writes the
// reading task's own slot), so only those are cleared.
func (d *detector) forget(past raceFacts) {
	if past == (raceFacts{}) {
		return
	}
	n := d.slots + 1
	for v := range d.vars {
		m := &d.vars[v]
		if past.races&(1<<uint(v)) != 0 {
			m.write, m.atomic = noAccess, noAccess
			for k := range m.reads[:n] {
				m.reads[k] = noAccess
			}
		}
		if past.lost&(1<<uint(v)) != 0 {
			m.lastStore = noAccess
			clear(m.loadStep[:n])
		}
	}
}

// keyHash hashes the canonical detector (see canonical) for the
// explorer's state key.
func (d *detector) keyHash() uint64 {
	h := uint64(0xcbf29ce484222325)
	mix := func(v int64) { // inlined: a func value would not be
		h ^= uint64(v)
		h *= 0x100000001b3
		h ^= h >> 29
	}
	n := int(d.slots)
	mix(int64(n))
	for s := 1; s <= n; s++ {
		for a := 1; a <= n; a++ {
			mix(int64(d.vc[s][a]))
		}
	}
	for o := range d.objVC {
		for a := 1; a <= n; a++ {
			mix(int64(d.objVC[o][a]))
		}
	}
	for v := range d.vars {
		m := &d.vars[v]
		mix(int64(m.write.task)<<32 | int64(m.write.clock))
		mix(int64(m.atomic.task)<<32 | int64(m.atomic.clock))
		mix(int64(m.lastStore.task)<<32 | m.lastStore.step)
		for a := 1; a <= n; a++ {
			mix(int64(m.syncVC[a]))
			mix(int64(m.reads[a].task)<<32 | int64(m.reads[a].clock))
			mix(m.loadStep[a])
		}
	}
	return h
}
