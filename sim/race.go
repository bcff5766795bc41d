package sim

// This file finds data races the way Go's race detector does (happens-
// before with vector clocks) and lost updates (a store computed from a read
// that another task's store has since overwritten).
//
// Vector clocks cover the first MaxThreads+1 tasks (PID 1 and the threads
// of a race scenario); tasks beyond them are not checked.

const vcSize = MaxThreads + 1

type vclock [vcSize]uint32

func (v *vclock) join(o *vclock) {
	for k := range v {
		v[k] = max(v[k], o[k])
	}
}

// access is one remembered access to a variable.
type access struct {
	task  int32
	clock uint32 // the task's own clock component at the access
	step  int64
	pc    int
}

type varMeta struct {
	write     access          // the last plain write (task -1: none)
	reads     [vcSize]access  // the last plain read of each task (task -1: none)
	lastStore access          // the last store, plain or atomic (for lost updates)
	loadStep  [vcSize]int64   // each task's last load of it (0: none)
	syncVC    vclock          // atomics on it synchronise through this clock
	reported  map[[2]int]bool // pairs of instructions already reported as a race
}

type detector struct {
	vc    []vclock // per task index (< vcSize)
	objVC []vclock // per sync object: the clock its releases carry
	vars  []varMeta
}

func newDetector(sc *Scenario) *detector {
	d := &detector{vc: make([]vclock, vcSize), objVC: make([]vclock, len(sc.Objects)), vars: make([]varMeta, len(sc.Vars))}
	for k := range d.vc {
		d.vc[k][k] = 1
	}
	for v := range d.vars {
		d.vars[v].write.task = -1
		d.vars[v].lastStore.task = -1
		for k := range d.vars[v].reads {
			d.vars[v].reads[k].task = -1
		}
	}
	return d
}

func (d *detector) clone() *detector {
	c := &detector{vc: append([]vclock(nil), d.vc...), objVC: append([]vclock(nil), d.objVC...), vars: append([]varMeta(nil), d.vars...)}
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

func (e *Engine) tracked(i int32) bool { return e.det != nil && i < vcSize }

// concurrent reports whether access a did not happen before task i's now.
func (d *detector) concurrent(a access, i int32) bool {
	return a.task >= 0 && a.task != i && a.clock > d.vc[i][a.task]
}

func (e *Engine) race(i int32, v int, other access, write, otherWrite bool) {
	m := &e.det.vars[v]
	t := &e.tasks[i]
	key := [2]int{min(t.PC, other.pc), max(t.PC, other.pc)}
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

func (e *Engine) detRead(i int32, v int) {
	if e.det != nil && i < vcSize {
		d := e.det
		m := &d.vars[v]
		if d.concurrent(m.write, i) {
			e.race(i, v, m.write, false, true)
		}
		m.reads[i] = access{task: i, clock: d.vc[i][i], step: e.step, pc: e.tasks[i].PC}
	}
	if e.det != nil && i < vcSize {
		e.det.vars[v].loadStep[i] = e.step
	}
}

func (e *Engine) detWrite(i int32, v int) {
	if !e.tracked(i) {
		return
	}
	d := e.det
	m := &d.vars[v]
	if d.concurrent(m.write, i) {
		e.race(i, v, m.write, true, true)
	}
	for k := range m.reads {
		if r := m.reads[k]; d.concurrent(r, i) {
			e.race(i, v, r, true, false)
		}
	}
	m.write = access{task: i, clock: d.vc[i][i], step: e.step, pc: e.tasks[i].PC}
	for k := range m.reads {
		m.reads[k].task = -1
	}
}

// detStore checks for a lost update: the task stores to v after reading it,
// and another task stored to v in between, so that store is overwritten.
func (e *Engine) detStore(i int32, v int) {
	if !e.tracked(i) {
		return
	}
	m := &e.det.vars[v]
	if l := m.loadStep[i]; l > 0 && m.lastStore.task >= 0 && m.lastStore.task != i && m.lastStore.step > l {
		t := &e.tasks[i]
		e.emit(Event{Kind: EvLostUpdate, Task: t.PID, Other: e.tasks[m.lastStore.task].PID, CPU: int16(t.CPU), Obj: int16(v), Value: m.lastStore.step, Arg: l})
	}
	m.lastStore = access{task: i, step: e.step}
	m.loadStep[i] = 0
}

// detAtomic: an atomic access synchronises (acquire and release) through
// the variable, as sync/atomic does in Go's memory model.
func (e *Engine) detAtomic(i int32, v int) {
	if !e.tracked(i) {
		return
	}
	d := e.det
	d.vc[i].join(&d.vars[v].syncVC)
	d.vars[v].syncVC.join(&d.vc[i])
	d.vc[i][i]++
}

func (e *Engine) detAcquire(i int32, o int) {
	if e.tracked(i) {
		e.det.vc[i].join(&e.det.objVC[o])
	}
}

func (e *Engine) detRelease(i int32, o int) {
	if e.tracked(i) {
		d := e.det
		d.objVC[o].join(&d.vc[i])
		d.vc[i][i]++
	}
}
