package sim

// This file is Go's sync.Mutex, sync.RWMutex and sync.Once for Go programs
// (Scenario.Go set), and the race detector's view of atomic loads.
//
// sync.Mutex (ObjGoMutex) follows sync/mutex.go without its spinning:
//   - Normal mode: Unlock wakes the first waiter (unless a woken waiter has
//     not run yet: Go's mutexWoken), which must then compete with the
//     goroutines arriving at Lock; losing, it goes back to the FRONT of the
//     queue and keeps its waiting time.
//   - A woken waiter that has waited more than GoRuntime.StarveTicks and
//     loses switches the mutex to starvation mode: Unlock then hands the
//     mutex straight to the first waiter and arriving goroutines queue at
//     the back. The mode ends when the waiter that gets the mutex is the
//     last one or waited StarveTicks or less.
//   - Unlock of an unlocked mutex is the fatal error "sync: unlock of
//     unlocked mutex"; any goroutine may unlock a locked mutex.
//
// sync.RWMutex (ObjRWMutex) is writer-preferring as Go's is: a writer
// takes the writers' mutex (writers queue FIFO behind a writer that holds
// or waits; Go's is a sync.Mutex), then waits for the readers inside to
// leave; meanwhile new readers block. Unlock lets every blocked reader in,
// then the next writer takes its turn (and waits for those readers).
// Happens-before, as Go's race detector has it: Unlock before a later
// RLock or Lock (the object's clock), RUnlock before a later Lock (the
// writers' clock).
//
// sync.Once (ObjOnce): count 0 not started, 1 f running, 2 done. f's
// return happens before every Do returns.

// goMutex reports whether OpLock/OpUnlock on o follow Go's rules here.
func (e *Engine) goMutex(o int) bool {
	k := e.sc.Objects[o].Kind
	return k == ObjGoMutex || k == ObjRWMutex
}

// goLock is Lock on a Go mutex (or an RWMutex's writer Lock) by the task
// at index i; it reports whether it got it.
func (e *Engine) goLock(i int32, o int) bool {
	if e.sc.Objects[o].Kind == ObjRWMutex {
		return e.rwLock(i, o)
	}
	t := &e.tasks[i]
	if e.objs[o].holder < 0 {
		waited := int64(0)
		if t.waitObj == int16(o) { // the woken waiter won the race
			waited = e.step - t.waitSince
		}
		e.acquire(i, o, waited)
		t.PC++
		return true
	}
	e.goContend(i, o)
	return false
}

// goContend blocks the task at index i on held Go mutex o: an arriving
// goroutine at the back of the queue, a woken waiter that lost at the
// front (entering starvation mode if it has waited too long).
func (e *Engine) goContend(i int32, o int) {
	t := &e.tasks[i]
	s := &e.objs[o]
	woken := t.waitObj == int16(o)
	since := e.step
	if woken {
		s.woken = false
		since = t.waitSince
		if e.step-since > e.sc.Go.StarveTicks {
			s.starving = true
		}
	}
	e.emit(Event{Kind: EvLockContend, Task: t.PID, Other: e.pidOf(s.holder), CPU: int16(t.CPU), Obj: int16(o)})
	e.block(i, o, CauseLock, s.holder)
	if woken { // back to the front
		q := s.queue
		copy(q[1:], q[:len(q)-1])
		q[0] = i
	}
	t.waitSince = since
	e.checkDeadlock(i)
}

// goUnlock is Unlock on a Go mutex (or an RWMutex's writer Unlock).
func (e *Engine) goUnlock(i int32, o int) {
	if e.sc.Objects[o].Kind == ObjRWMutex {
		e.rwUnlock(i, o)
		return
	}
	s := &e.objs[o]
	if s.holder < 0 {
		e.goPanic(i, "sync: unlock of unlocked mutex", true)
		return
	}
	s.holder = i // a locked Mutex belongs to no goroutine: anyone may unlock it
	if s.starving && len(s.queue) > 0 {
		w, _ := e.popWaiter(o)
		e.release(i, o, w)
		wt := &e.tasks[w]
		waited := e.step - wt.waitSince
		e.acquire(w, o, waited)
		if waited <= e.sc.Go.StarveTicks || len(s.queue) == 0 {
			s.starving = false
		}
		if wt.phase == 2 {
			wt.phase = 0 // a cond waiter has its mutex back
		}
		wt.PC++
		e.makeRunnable(w, CauseHandoff)
		return
	}
	s.starving = false
	e.release(i, o, -1)
	if len(s.queue) == 0 || s.woken {
		return
	}
	w, _ := e.popWaiter(o)
	s.woken = true
	wt := &e.tasks[w]
	since := wt.waitSince
	e.makeRunnable(w, CauseWoken)
	wt.waitObj, wt.waitSince = int16(o), since
}

// rwWriters returns the objVC index of RWMutex o's writers' clock.
func (e *Engine) rwWriters(o int) int { return e.det.goBase[o] }

// rwLock is an RWMutex's Lock.
func (e *Engine) rwLock(i int32, o int) bool {
	t := &e.tasks[i]
	s := &e.objs[o]
	switch {
	case s.holder >= 0 || s.pend >= 0: // another writer is in or waits for the readers
		other := s.holder
		if other < 0 {
			other = s.pend
		}
		e.emit(Event{Kind: EvLockContend, Task: t.PID, Other: e.pidOf(other), CPU: int16(t.CPU), Obj: int16(o)})
		e.block(i, o, CauseLock, other)
		return false
	case s.count > 0: // readers inside: announce, and wait for them to leave
		s.pend = i
		e.emit(Event{Kind: EvLockContend, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o)})
		e.goSleep(i, o, CauseLock)
		return false
	}
	e.rwWriterIn(i, o, 0)
	t.PC++
	return true
}

// rwWriterIn gives RWMutex o to writer i.
func (e *Engine) rwWriterIn(i int32, o int, waited int64) {
	e.acquire(i, o, waited)
	if e.tracked(i) {
		e.detAcquire(i, e.rwWriters(o))
	}
}

// rwUnlock is an RWMutex's Unlock.
func (e *Engine) rwUnlock(i int32, o int) {
	s := &e.objs[o]
	if s.holder < 0 {
		e.goPanic(i, "sync: Unlock of unlocked RWMutex", true)
		return
	}
	s.holder = i
	e.release(i, o, -1) // the caller (OpUnlock) moves past the statement
	// Every blocked reader gets in; the writers stay queued.
	var writers []int32
	for _, w := range s.queue {
		wt := &e.tasks[w]
		if e.sc.Programs[wt.Program].Code[wt.PC].Op != OpRLock {
			writers = append(writers, w)
			continue
		}
		s.count++
		e.detAcquire(w, o)
		e.emit(Event{Kind: EvLockAcquire, Task: wt.PID, CPU: -1, Obj: int16(o), Value: e.step - wt.waitSince})
		e.wake(w, CauseHandoff, true)
	}
	s.queue = writers
	if len(writers) == 0 {
		return
	}
	w, _ := e.popWaiter(o)
	if s.count > 0 {
		s.pend = w // it waits for the readers just let in
		return
	}
	wt := &e.tasks[w]
	e.rwWriterIn(w, o, e.step-wt.waitSince)
	e.wake(w, CauseHandoff, true)
}

// rwRLock is an RWMutex's RLock: it waits while a writer is in or waits.
func (e *Engine) rwRLock(i int32, o int) bool {
	t := &e.tasks[i]
	s := &e.objs[o]
	if s.holder >= 0 || s.pend >= 0 {
		other := s.holder
		if other < 0 {
			other = s.pend
		}
		e.emit(Event{Kind: EvLockContend, Task: t.PID, Other: e.pidOf(other), CPU: int16(t.CPU), Obj: int16(o)})
		e.block(i, o, CauseLock, other)
		return false
	}
	s.count++
	e.detAcquire(i, o)
	e.emit(Event{Kind: EvLockAcquire, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o)})
	t.PC++
	return true
}

// rwRUnlock is an RWMutex's RUnlock: the last reader out lets a waiting
// writer in.
func (e *Engine) rwRUnlock(i int32, o int) {
	t := &e.tasks[i]
	s := &e.objs[o]
	if s.count == 0 {
		e.goPanic(i, "sync: RUnlock of unlocked RWMutex", true)
		return
	}
	s.count--
	if e.tracked(i) {
		e.detRelease(i, e.rwWriters(o))
	}
	e.emit(Event{Kind: EvLockRelease, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o)})
	t.PC++
	if s.count == 0 && s.pend >= 0 {
		w := s.pend
		s.pend = -1
		wt := &e.tasks[w]
		e.rwWriterIn(w, o, e.step-wt.waitSince)
		e.wake(w, CauseHandoff, true)
	}
}

// onceDo is the start of once.Do(f).
func (e *Engine) onceDo(i int32, in *Instr) {
	t := &e.tasks[i]
	s := &e.objs[in.Obj]
	switch s.count {
	case 2: // done: Do returns at once
		e.detAcquire(i, in.Obj)
		t.PC = in.Jump
	case 1: // another goroutine runs f
		e.block(i, in.Obj, CauseOnce, s.holder)
	default: // this goroutine runs f
		s.count, s.holder = 1, i
		t.PC++
	}
}

// onceDone is f's return: every Do waiting returns.
func (e *Engine) onceDone(i int32, o int) {
	s := &e.objs[o]
	s.count, s.holder = 2, -1
	e.detRelease(i, o)
	e.tasks[i].PC++
	for {
		w, ok := e.popWaiter(o)
		if !ok {
			break
		}
		wt := &e.tasks[w]
		e.detAcquire(w, o)
		wt.PC = e.sc.Programs[wt.Program].Code[wt.PC].Jump
		e.wake(w, CauseWoken, false)
	}
}

// detAtomicLoad: an atomic load races with a concurrent plain write and
// acquires what atomic stores to the variable released (Go's memory model:
// atomics are synchronizing). A plain write after a concurrent atomic load
// is not reported (Go's detector does report it).
func (e *Engine) detAtomicLoad(i int32, v int) {
	if !e.tracked(i) {
		return
	}
	d, s := e.det, e.tasks[i].slot
	m := &d.vars[v]
	if d.concurrent(m.write, s) {
		e.race(i, v, m.write, false, true)
	}
	d.vc[s].join(&m.syncVC)
}
