package sim

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
	reported  map[[2]int]bool
}

type detector struct {
	vc    [vcSize]vclock // per slot
	objVC []vclock       // per sync object: the clock its releases carry
	vars  []varMeta
	slots int8 // slots handed out
}

var noAccess = access{task: -1}

func newDetector(sc *Scenario) *detector {
	d := &detector{objVC: make([]vclock, len(sc.Objects)), vars: make([]varMeta, len(sc.Vars))}
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

func (d *detector) clone() *detector {
	c := &detector{vc: d.vc, objVC: append([]vclock(nil), d.objVC...), vars: append([]varMeta(nil), d.vars...), slots: d.slots}
	for v := range c.vars {
		if m := c.vars[v].reported; m != nil {
			c.vars[v].reported = make(map[[2]int]bool, len(m))
			for k, x := range m {
				c.vars[v].reported[k] = x
			}
		}
	}
	return c
}

// assignSlot gives a new thread its vector-clock slot.
func (e *Engine) assignSlot(t *Task) {
	if e.det != nil && e.sc.Programs[t.Program].Thread && int(e.det.slots) < MaxThreads {
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

// race reports a race once per pair of code sites.
func (e *Engine) race(i int32, v int, other access, write, otherWrite bool) {
	m := &e.det.vars[v]
	t := &e.tasks[i]
	site := t.Program<<16 | t.PC
	key := [2]int{min(site, other.site), max(site, other.site)}
	if m.reported[key] {
		return
	}
	if m.reported == nil {
		m.reported = map[[2]int]bool{}
	}
	m.reported[key] = true
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
		for k := range m.reads {
			if r := m.reads[k]; d.concurrent(r, s) {
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
	for k := range m.reads {
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
