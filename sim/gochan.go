package sim

import "slices"

// This file is Go's channels and select for Go programs (Scenario.Go set):
// close, the receive's ok result, panics on a closed channel, select with
// a seeded random choice among ready cases, and time.After.
//
// A channel's queue holds the goroutines blocked on it, senders and
// receivers, in arrival order; qcase says, for each, which case of its
// select it waits in (-1: a plain send or receive). A select that blocks
// is queued on the channel of every case, as Go's runtime does with its
// sudogs, so a send, a receive, a close, or another select can complete
// it directly (select against select on an unbuffered channel works);
// completing one case takes it off every other queue.
//
// The race detector keeps the happens-before edges of Go's memory model as
// Go's race detector implements them: a buffered channel has one clock per
// buffer slot, and the k-th send and the k-th receive both acquire and
// release slot k mod cap (so a send happens before the receive that takes
// its value, and the k-th receive before the (k+cap)-th send completes);
// an unbuffered hand-off synchronises both sides; close releases the
// channel's own clock and a receive that sees the close acquires it. The
// detector does not report races on the channel itself (a close racing a
// send), which Go's does.
//
// A select that several ready cases could complete takes one with the
// engine's seeded random generator; a witness's choice -(k+1) names the
// k-th ready case instead, and explore tries each (selectChoice).

// goObj is a sync object's Go state.
type goObj struct {
	qcase        []int16 // channel: the select case of each queue entry (-1: a plain send or receive)
	closed       bool    // channel: closed
	woken        bool    // Mutex: Unlock woke a waiter that has not run yet (Go's mutexWoken)
	starving     bool    // Mutex: starvation mode
	pend         int32   // RWMutex: the writer waiting for the readers to leave (-1: none)
	sendx, recvx int64   // channel: values sent into and taken from the buffer (the race detector's slots)
}

// goClocks returns, for a Go program, the objVC index of each object's
// first extra clock and how many extra clocks there are: a channel has one
// per buffer slot (one if unbuffered), an RWMutex one for its writers.
func goClocks(sc *Scenario) ([]int, int) {
	if sc.Go == nil {
		return nil, 0
	}
	base := make([]int, len(sc.Objects))
	n := len(sc.Objects)
	for o, d := range sc.Objects {
		base[o] = n
		switch d.Kind {
		case ObjChan:
			n += max(int(d.Init), 1)
		case ObjRWMutex:
			n++
		}
	}
	return base, n - len(sc.Objects)
}

// detSlot acquires and releases extra clock k of object o for the task at
// index i (Go's racenotify on a buffer slot).
func (e *Engine) detSlot(i int32, o int, k int64) {
	if i < 0 || !e.tracked(i) {
		return
	}
	c := e.det.goBase[o] + int(k%max(e.sc.Objects[o].Init, 1))
	e.detAcquire(i, c)
	e.detRelease(i, c)
}

// chanPass is the race detector's side of a value passed straight from
// sender s to receiver r (either may be -1: the runtime).
func (e *Engine) chanPass(s, r int32, o int) {
	st := &e.objs[o]
	if e.sc.Objects[o].Init == 0 {
		e.detSlot(s, o, 0)
		e.detSlot(r, o, 0)
		if s >= 0 && e.tracked(s) {
			e.detAcquire(s, e.det.goBase[o])
		}
		return
	}
	e.detSlot(s, o, st.recvx)
	e.detSlot(r, o, st.recvx)
	st.recvx++
	st.sendx = st.recvx
}

// waiterSends reports whether queue entry (w, cas) is a sender.
func (e *Engine) waiterSends(w int32, cas int16) bool {
	t := &e.tasks[w]
	code := e.sc.Programs[t.Program].Code
	if cas < 0 {
		return code[t.PC].Op == OpSend
	}
	return code[t.PC+1+int(cas)].A == 1
}

// sendValue returns the value waiting sender (w, cas) sends.
func (e *Engine) sendValue(w int32, cas int16) int64 {
	t := &e.tasks[w]
	if cas < 0 {
		return t.sendVal
	}
	return t.val(e.sc.Programs[t.Program].Code[t.PC+1+int(cas)].X)
}

// chanWaiting reports whether a sender (send) or a receiver waits on o.
func (e *Engine) chanWaiting(o int, send bool) bool {
	s := &e.objs[o]
	for k, w := range s.queue {
		if e.waiterSends(w, s.qcase[k]) == send {
			return true
		}
	}
	return false
}

// chanTake takes the first sender (send) or receiver waiting on o off its queue.
func (e *Engine) chanTake(o int, send bool) (int32, int16, bool) {
	s := &e.objs[o]
	for k, w := range s.queue {
		if c := s.qcase[k]; e.waiterSends(w, c) == send {
			s.queue = append(s.queue[:k:k], s.queue[k+1:]...)
			s.qcase = append(s.qcase[:k:k], s.qcase[k+1:]...)
			return w, c, true
		}
	}
	return 0, 0, false
}

// chanRemove takes every entry of the task at index w off o's queue.
func (e *Engine) chanRemove(o int, w int32) {
	s := &e.objs[o]
	q, c := s.queue[:0:0], s.qcase[:0:0]
	for k, x := range s.queue {
		if x != w {
			q, c = append(q, x), append(c, s.qcase[k])
		}
	}
	s.queue, s.qcase = q, c
	if len(q) == 0 {
		s.queue, s.qcase = nil, nil
	}
}

// unpark takes the task at index w, blocked in the select at its PC, off
// the queue of every case's channel.
func (e *Engine) unpark(w int32) {
	t := &e.tasks[w]
	code := e.sc.Programs[t.Program].Code
	for c := range int(code[t.PC].A) {
		e.chanRemove(code[t.PC+1+c].Obj, w)
	}
}

// goSleep puts the running task at index i to sleep for cause, waiting on
// object o (-1: none), without queueing it.
func (e *Engine) goSleep(i int32, o int, cause Cause) {
	t := &e.tasks[i]
	e.goCheck = true
	t.waitObj, t.waitSince = int16(o), e.step
	e.emit(Event{Kind: EvState, Task: t.PID, CPU: int16(t.CPU), From: t.State, To: StateSleeping, Cause: cause, Obj: int16(max(o, 0))})
	t.State = StateSleeping
	t.blocked = cause
	e.leaveCPU(t, true)
}

// complete finishes the operation of waiting entry (w, cas) on channel o:
// a receiver gets v and ok; a sender's value is gone. The task goes on
// after its send or receive, or in its select case's body.
func (e *Engine) complete(w int32, cas int16, o int, v, ok int64, by PID, cause Cause) {
	t := &e.tasks[w]
	code := e.sc.Programs[t.Program].Code
	in := &code[t.PC]
	next := t.PC + 1
	if cas >= 0 {
		e.unpark(w)
		in = &code[t.PC+1+int(cas)]
		next = in.Jump
		e.emit(Event{Kind: EvSelect, Task: t.PID, CPU: -1, Obj: int16(o), Value: int64(cas)})
	}
	if in.Op == OpRecv || in.Op == OpSelectCase && in.A == 0 {
		e.setRecv(t, in, v, ok)
		e.emit(Event{Kind: EvChanRecv, Task: t.PID, Other: by, CPU: -1, Obj: int16(o), Value: v})
	}
	t.PC = next
	t.phase = 0
	t.waitObj = -1
	e.makeRunnable(w, cause)
}

// setRecv stores a received value and its ok flag (B = 1 + the ok slot).
func (e *Engine) setRecv(t *Task, in *Instr, v, ok int64) {
	if in.Dst >= 0 {
		t.Locals[in.Dst], t.from[in.Dst] = v, 0
	}
	if in.B > 0 {
		t.Locals[in.B-1], t.from[in.B-1] = ok, 0
	}
}

// chanSendNow sends v on o from the task at index i (-1: the runtime) if
// that can happen without blocking, and reports whether it did. The
// channel is not closed.
func (e *Engine) chanSendNow(i int32, o int, v int64, by PID, cause Cause) bool {
	s := &e.objs[o]
	if w, cas, ok := e.chanTake(o, false); ok { // a receiver waits: the buffer is empty
		e.chanPass(i, w, o)
		e.emit(Event{Kind: EvChanSend, Task: by, Other: e.tasks[w].PID, CPU: e.cpuOf(i), Obj: int16(o), Value: v})
		e.complete(w, cas, o, v, 1, by, cause)
		return true
	}
	if len(s.buf) < int(e.sc.Objects[o].Init) {
		e.detSlot(i, o, s.sendx)
		s.sendx++
		s.buf = append(s.buf, v)
		e.emit(Event{Kind: EvChanSend, Task: by, CPU: e.cpuOf(i), Obj: int16(o), Value: v})
		return true
	}
	return false
}

func (e *Engine) cpuOf(i int32) int16 {
	if i < 0 {
		return -1
	}
	return int16(e.tasks[i].CPU)
}

// chanRecvNow receives from o for the task at index i if that can happen
// without blocking: the value, ok (0 when the channel is closed and
// drained), and whether it happened.
func (e *Engine) chanRecvNow(i int32, o int) (int64, int64, PID, bool) {
	s := &e.objs[o]
	if len(s.buf) > 0 {
		v := s.buf[0]
		s.buf = append(s.buf[:0], s.buf[1:]...)
		e.detSlot(i, o, s.recvx)
		if w, cas, ok := e.chanTake(o, true); ok { // a blocked sender's value moves into the buffer
			sv := e.sendValue(w, cas)
			e.detSlot(w, o, s.recvx)
			s.buf = append(s.buf, sv)
			s.recvx++
			s.sendx = s.recvx
			e.emit(Event{Kind: EvChanSend, Task: e.tasks[w].PID, CPU: -1, Obj: int16(o), Value: sv})
			e.complete(w, cas, o, 0, 0, 0, CauseHandoff)
		} else {
			s.recvx++
		}
		return v, 1, 0, true
	}
	if w, cas, ok := e.chanTake(o, true); ok { // unbuffered: take it from the first sender
		sv, from := e.sendValue(w, cas), e.tasks[w].PID
		e.chanPass(w, i, o)
		e.emit(Event{Kind: EvChanSend, Task: from, Other: e.tasks[i].PID, CPU: -1, Obj: int16(o), Value: sv})
		e.complete(w, cas, o, 0, 0, 0, CauseHandoff)
		return sv, 1, from, true
	}
	if s.closed {
		e.detAcquire(i, o) // the close happens before a receive that sees it
		return 0, 0, 0, true
	}
	return 0, 0, 0, false
}

// goSend is a Go program's "ch <- x".
func (e *Engine) goSend(i int32, in *Instr) {
	t := &e.tasks[i]
	if e.objs[in.Obj].closed {
		e.goPanic(i, "send on closed channel", false)
		return
	}
	v := t.val(in.X)
	if e.chanSendNow(i, in.Obj, v, t.PID, CauseHandoff) {
		t.PC++
		return
	}
	t.sendVal, t.phase = v, 1
	s := &e.objs[in.Obj]
	s.queue, s.qcase = append(s.queue, i), append(s.qcase, -1)
	e.goSleep(i, in.Obj, CauseChan)
}

// goRecv is a Go program's "x, ok := <-ch".
func (e *Engine) goRecv(i int32, in *Instr) {
	t := &e.tasks[i]
	v, ok, from, done := e.chanRecvNow(i, in.Obj)
	if !done {
		s := &e.objs[in.Obj]
		s.queue, s.qcase = append(s.queue, i), append(s.qcase, -1)
		e.goSleep(i, in.Obj, CauseChan)
		return
	}
	e.setRecv(t, in, v, ok)
	e.emit(Event{Kind: EvChanRecv, Task: t.PID, Other: from, CPU: int16(t.CPU), Obj: int16(in.Obj), Value: v})
	t.PC++
}

// goClose is close(ch): a second close panics; every blocked receiver gets
// the zero value and ok false; every blocked sender panics (a select
// blocked with a send case on it panics when it runs).
func (e *Engine) goClose(i int32, in *Instr) {
	t := &e.tasks[i]
	o := in.Obj
	s := &e.objs[o]
	if s.closed {
		e.goPanic(i, "close of closed channel", false)
		return
	}
	s.closed = true
	e.detRelease(i, o)
	e.emit(Event{Kind: EvChanClose, Task: t.PID, CPU: int16(t.CPU), Obj: int16(o)})
	t.PC++
	for len(s.queue) > 0 {
		w, cas := s.queue[0], s.qcase[0]
		e.detAcquire(w, o)
		if !e.waiterSends(w, cas) {
			s.queue, s.qcase = s.queue[1:], s.qcase[1:]
			e.complete(w, cas, o, 0, 0, t.PID, CauseWoken)
			continue
		}
		wt := &e.tasks[w]
		if cas < 0 {
			s.queue, s.qcase = s.queue[1:], s.qcase[1:]
			wt.phase = 0 // its send runs again, and panics
		} else {
			e.unpark(w)
			wt.phase = 3 // its select panics when it runs
		}
		wt.waitObj = -1
		e.makeRunnable(w, CauseWoken)
	}
	s.queue, s.qcase = nil, nil
}

// goSelect runs a select statement: a ready case (chosen with the seeded
// generator when several are), else the default, else it blocks on every
// case's channel until one can complete.
func (e *Engine) goSelect(i int32, in *Instr) {
	t := &e.tasks[i]
	if t.phase == 3 {
		t.phase = 0
		e.goPanic(i, "send on closed channel", false)
		return
	}
	code := e.sc.Programs[t.Program].Code
	n := int(in.A)
	var buf [16]int
	ready := buf[:0]
	for c := range n {
		cs := &code[t.PC+1+c]
		s := &e.objs[cs.Obj]
		var ok bool
		if cs.A == 1 {
			ok = s.closed || e.chanWaiting(cs.Obj, false) || len(s.buf) < int(e.sc.Objects[cs.Obj].Init)
		} else {
			ok = len(s.buf) > 0 || s.closed || e.chanWaiting(cs.Obj, true)
		}
		if ok {
			ready = append(ready, c)
		}
	}
	if len(ready) > 0 {
		c := ready[0]
		if len(ready) > 1 {
			c = ready[e.selectChoice(len(ready))]
		}
		cs := &code[t.PC+1+c]
		e.emit(Event{Kind: EvSelect, Task: t.PID, CPU: int16(t.CPU), Obj: int16(cs.Obj), Value: int64(c)})
		if cs.A == 1 {
			if e.objs[cs.Obj].closed {
				e.goPanic(i, "send on closed channel", false)
				return
			}
			e.chanSendNow(i, cs.Obj, t.val(cs.X), t.PID, CauseHandoff)
		} else {
			v, ok, from, _ := e.chanRecvNow(i, cs.Obj)
			e.setRecv(t, cs, v, ok)
			e.emit(Event{Kind: EvChanRecv, Task: t.PID, Other: from, CPU: int16(t.CPU), Obj: int16(cs.Obj), Value: v})
		}
		t.PC = cs.Jump
		return
	}
	if in.B == 1 {
		e.emit(Event{Kind: EvSelect, Task: t.PID, CPU: int16(t.CPU), Obj: -1, Value: -1})
		t.PC = in.Jump
		return
	}
	first := -1
	for c := range n {
		cs := &code[t.PC+1+c]
		s := &e.objs[cs.Obj]
		s.queue, s.qcase = append(s.queue, i), append(s.qcase, int16(c))
		if first < 0 {
			first = cs.Obj
		}
	}
	e.emit(Event{Kind: EvSelect, Task: t.PID, CPU: int16(t.CPU), Obj: int16(max(first, 0)), Value: -1, Arg: 1})
	e.goSleep(i, first, CauseSelect)
}

// selectChoice picks one of n > 1 ready cases of a select: exploring, the
// one explore's branch asks for (it tries each); replaying a witness, the
// one its choice -(k+1) names; otherwise one drawn from the seeded
// generator.
func (e *Engine) selectChoice(n int) int {
	if e.explore {
		e.selReady = n
		k := min(e.selPick, n-1)
		e.selPick = 0
		return k
	}
	if d := e.decisions; d < len(e.choices) && e.choices[d] < 0 {
		e.decisions++
		return min(int(-e.choices[d])-1, n-1)
	}
	return int(e.next() % uint64(n))
}

// hasSelect reports whether sc has a select with two or more cases.
func hasSelect(sc *Scenario) bool {
	if sc.Go == nil {
		return false
	}
	for _, p := range sc.Programs {
		for _, in := range p.Code {
			if in.Op == OpSelect && in.A >= 2 {
				return true
			}
		}
	}
	return false
}

// selectAhead reports, for explore, whether the next step may run a select
// with two or more cases: the one task that can run is at one (after the
// jumps that take no time, or after the timed wait that ends).
func (e *Engine) selectAhead(cands []PID) bool {
	if len(cands) != 1 {
		return false
	}
	for k := range e.tasks {
		t := &e.tasks[k]
		if t.PID != cands[0] || t.Program < 0 || !t.State.Alive() || t.State == StateZombie {
			continue
		}
		code := e.sc.Programs[t.Program].Code
		pc := t.PC
		if t.State == StateSleeping && t.wakeAt == e.step+1 {
			pc++
		}
		for n := 0; n < 16 && pc < len(code) && code[pc].Op == OpJump; n++ {
			pc = code[pc].Jump
		}
		return pc < len(code) && code[pc].Op == OpSelect && code[pc].A >= 2
	}
	return false
}

// goLeave takes a Go waiter off its channel queues (leaveSyncQueue: a
// signal woke it, it stopped, or its process ends) and reports whether it
// handled the task.
func (e *Engine) goLeave(i int32) bool {
	t := &e.tasks[i]
	if t.State != StateSleeping {
		return false
	}
	switch {
	case t.blocked == CauseSelect:
		e.unpark(i)
	case t.waitObj >= 0 && e.sc.Objects[t.waitObj].Kind == ObjChan:
		e.chanRemove(int(t.waitObj), i)
	case t.waitObj >= 0 && e.objs[t.waitObj].pend == i:
		e.objs[t.waitObj].pend = -1
	default:
		return false
	}
	t.phase = 0
	t.waitObj = -1
	return true
}

// chanOffer sends v on channel o without blocking, for the runtime (a
// timer, a signal): it is dropped when nobody waits and the buffer is full.
func (e *Engine) chanOffer(o int, v int64, by PID, cause Cause) {
	if e.objs[o].closed {
		return
	}
	e.chanSendNow(-1, o, v, by, cause)
}

// goFireTimers runs at the start of a step: each time.After that is due
// sends 1 on its channel without blocking.
func (e *Engine) goFireTimers() {
	e.selReady = 0
	k := 0
	for _, tm := range e.goTimers {
		if tm.at > e.step {
			e.goTimers[k] = tm
			k++
			continue
		}
		e.goCheck = true
		e.chanOffer(int(tm.obj), 1, tm.pid, CauseTimer)
	}
	e.goTimers = e.goTimers[:k]
}

// rearmTimer readies time.After's channel o for a new timer. Go makes a
// new channel at every call; ProcLab has one per call site, and the
// compiler lets a site run again only in the goroutine that owns it (never
// in a goroutine started in a loop). That goroutine can no longer reach
// the channel an earlier call made, so an earlier timer still pending, or
// the value one left unreceived, is dropped: it would have gone to that
// unreachable channel.
func (e *Engine) rearmTimer(o int) {
	k := 0
	for _, tm := range e.goTimers {
		if int(tm.obj) != o {
			e.goTimers[k] = tm
			k++
		}
	}
	e.goTimers = e.goTimers[:k]
	e.objs[o].buf = e.objs[o].buf[:0]
}

// goCandidates adds, for explore, the tasks a Go timer due in step next
// may wake (the receivers waiting on its channel).
func (e *Engine) goCandidates(dst []PID, next int64) []PID {
	for _, tm := range e.goTimers {
		if tm.at != next {
			continue
		}
		for _, w := range e.objs[tm.obj].queue {
			if !slices.Contains(dst, e.tasks[w].PID) {
				dst = append(dst, e.tasks[w].PID)
			}
		}
	}
	return dst
}
