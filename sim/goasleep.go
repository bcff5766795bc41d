package sim

import (
	"slices"
	"strconv"
	"strings"
)

// This file is Go's deadlock report for Go programs (Scenario.Go set): at
// the end of a step in which a goroutine blocked or ended, a process whose
// goroutines are all blocked on channels, selects or sync objects, with no
// timer that a goroutine waits for, no system call in progress and no
// signal.Notify, dies with "fatal error: all goroutines are asleep -
// deadlock!" and a paragraph per goroutine naming what it waits for, as
// Go's runtime prints them (golang.go lists what the real runtime was seen
// to do).

// goEndOfStep runs after every CPU's tick: a Go process whose goroutines
// are all blocked dies with Go's "all goroutines are asleep" fatal error.
func (e *Engine) goEndOfStep() {
	if !e.goCheck {
		return
	}
	e.goCheck = false
	if len(e.goTimers) > 0 { // an ended process's timers go with it
		k := 0
		for _, tm := range e.goTimers {
			if l := e.task(tm.tgid); l != nil && l.State.Alive() && l.State != StateZombie {
				e.goTimers[k] = tm
				k++
			}
		}
		e.goTimers = e.goTimers[:k]
	}
	for k := int32(1); k < int32(len(e.tasks)); k++ {
		if t := &e.tasks[k]; t.Leader() && t.State.Alive() && t.State != StateZombie && e.isThread(k) && e.goAsleep(k) {
			e.goDeadlock(k)
		}
	}
}

// goAsleep reports whether every live goroutine of the process led by the
// task at index l is blocked on a channel, a select or a sync object, with
// no timer pending that a goroutine waits for (time.Sleep, a time.After
// whose channel it receives from), no system call in progress
// (wait4) and no signal.Notify registered: Go's runtime then reports a
// deadlock (see golang.go for what the real runtime was seen to do).
func (e *Engine) goAsleep(l int32) bool {
	tgid := e.tasks[l].TGID
	for _, n := range e.notes {
		if n.tgid == tgid {
			return false
		}
	}
	for _, tm := range e.goTimers {
		// A timer counts only while a goroutine waits to receive from
		// its channel (Go 1.23+ timers: an unwatched time.After does not
		// keep the runtime from reporting).
		if tm.tgid == tgid && e.chanWaiting(int(tm.obj), false) {
			return false
		}
	}
	any := false
	for k := l; k < int32(len(e.tasks)); k++ {
		u := &e.tasks[k]
		if u.TGID != tgid || u.State == StateDead || u.State == StateZombie || u.State == StateNone {
			continue
		}
		if u.State != StateSleeping || u.wakeAt != 0 || u.dying != 0 || u.Pending != 0 {
			return false
		}
		switch u.blocked {
		case CauseChan, CauseSelect, CauseLock, CauseCond, CauseWaitGroup, CauseOnce, CauseSem:
		default:
			return false
		}
		any = true
	}
	return any
}

// goReason names what a blocked goroutine waits for, as Go's traceback
// does ("goroutine 1 [chan receive]:").
func (e *Engine) goReason(t *Task) string {
	code := e.sc.Programs[t.Program].Code
	switch t.blocked {
	case CauseChan:
		if code[t.PC].Op == OpSend {
			return "chan send"
		}
		return "chan receive"
	case CauseSelect:
		if code[t.PC].A == 0 {
			return "select (no cases)"
		}
		return "select"
	case CauseCond:
		return "sync.Cond.Wait"
	case CauseWaitGroup:
		return "sync.WaitGroup.Wait"
	case CauseSem:
		return "semacquire"
	case CauseLock:
		if o := t.waitObj; o >= 0 && e.sc.Objects[o].Kind == ObjRWMutex {
			switch {
			case code[t.PC].Op == OpRLock:
				return "sync.RWMutex.RLock"
			case e.objs[o].pend >= 0 && &e.tasks[e.objs[o].pend] == t:
				return "sync.RWMutex.Lock"
			}
		}
	}
	return "sync.Mutex.Lock" // a mutex, and a sync.Once waiting for another's f
}

// goDeadlock ends the process led by the task at index l, whose
// goroutines are all asleep, with Go's fatal error and a line per
// goroutine.
func (e *Engine) goDeadlock(l int32) {
	tgid := e.tasks[l].TGID
	var gs []int32
	for k := l; k < int32(len(e.tasks)); k++ {
		if u := &e.tasks[k]; u.TGID == tgid && u.State == StateSleeping {
			gs = append(gs, k)
		}
	}
	slices.SortFunc(gs, func(a, b int32) int { return goNum(&e.tasks[a]) - goNum(&e.tasks[b]) })
	var b strings.Builder
	b.WriteString("fatal error: all goroutines are asleep - deadlock!\n")
	for _, k := range gs {
		u := &e.tasks[k]
		b.WriteString("\ngoroutine " + strconv.Itoa(goNum(u)) + " [" + e.goReason(u) + "]:\n" + e.goFunc(u) + "\n")
	}
	n := e.appendOutput(l, b.String(), true, true)
	e.emit(Event{Kind: EvAllAsleep, Task: e.tasks[l].PID, CPU: -1, Value: int64(n)})
	e.leaveSyncQueue(l)
	e.exit(l, 2, 0, CausePanic)
}
