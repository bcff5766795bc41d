package lab

import (
	"slices"

	"proclab/sim"
)

// Reason names a kind of step a teacher stops at (presenter mode's "next
// interesting event"). The names are part of the wire format (the
// next_interesting command's kinds and the interesting message's reason).
type Reason string

// The reasons, in the order Interesting prefers them when one step has
// several: problems first, then the rare process events, then the common
// ones.
const (
	ReasonDeadlock Reason = "deadlock"  // a wait-for cycle, or every goroutine asleep
	ReasonRace     Reason = "race"      // a data race, a lost update or two tasks in a critical section
	ReasonBoost    Reason = "boost"     // the periodic MLFQ priority boost
	ReasonOrphan   Reason = "orphan"    // a task's parent exited: it was adopted (PID 1 or a subreaper)
	ReasonReap     Reason = "reap"      // a parent's wait collected a zombie
	ReasonSignal   Reason = "signal"    // a signal was delivered and acted on
	ReasonExit     Reason = "exit"      // a task ended (a process becomes a zombie)
	ReasonFork     Reason = "fork"      // fork or clone made a task
	ReasonExec     Reason = "exec"      // a task replaced its program (execve): same PID, new code
	ReasonCOW      Reason = "cow"       // the kernel copied a copy-on-write page
	ReasonIPCBlock Reason = "ipc_block" // a task blocked on a pipe, FIFO, message queue or socket
)

// Reasons lists every reason, most preferred first.
var Reasons = []Reason{ReasonDeadlock, ReasonRace, ReasonBoost, ReasonOrphan, ReasonReap,
	ReasonSignal, ReasonExit, ReasonFork, ReasonExec, ReasonCOW, ReasonIPCBlock}

// ipcBlockCauses are the causes of a sleep on a pipe, FIFO, message queue
// or socket.
var ipcBlockCauses = map[sim.Cause]bool{
	sim.CausePipeRead: true, sim.CausePipeWrite: true, sim.CauseFifoOpen: true,
	sim.CauseMQReceive: true, sim.CauseMQSend: true, sim.CauseMsgrcv: true, sim.CauseMsgsnd: true,
	sim.CauseAccept: true, sim.CauseSockConnect: true, sim.CauseSockRecv: true, sim.CauseSockSend: true,
}

// ReasonOf says why ev is worth stopping at, or "" when it is routine.
func ReasonOf(ev sim.Event) Reason {
	switch ev.Kind {
	case sim.EvDeadlock, sim.EvAllAsleep:
		return ReasonDeadlock
	case sim.EvRace, sim.EvLostUpdate, sim.EvCSViolation:
		return ReasonRace
	case sim.EvLevel:
		if ev.Cause == sim.CauseBoost {
			return ReasonBoost
		}
	case sim.EvReparented:
		return ReasonOrphan
	case sim.EvReaped:
		if ev.Other != ev.Task { // not an auto-reap: that one says nothing the exit did not
			return ReasonReap
		}
	case sim.EvSignalDelivered:
		return ReasonSignal
	case sim.EvExit:
		return ReasonExit
	case sim.EvCreated:
		if ev.Cause == sim.CauseFork || ev.Cause == sim.CauseClone {
			return ReasonFork
		}
	case sim.EvExec:
		return ReasonExec
	case sim.EvPageCopy:
		return ReasonCOW
	case sim.EvState:
		if ev.To == sim.StateSleeping && ipcBlockCauses[ev.Cause] {
			return ReasonIPCBlock
		}
	}
	return ""
}

// ParseReasons checks a next_interesting command's kinds: names of
// reasons, at most one of each. None means every reason.
func ParseReasons(names []string) ([]Reason, error) {
	if len(names) > len(Reasons) {
		return nil, Errorf(CodeBadField, "kinds names at most %d reasons", len(Reasons))
	}
	var out []Reason
	for _, n := range names {
		r := Reason(n)
		if !slices.Contains(Reasons, r) {
			return nil, Errorf(CodeBadField, "kinds: %q is not one of %v", truncate(n, 32), Reasons)
		}
		if slices.Contains(out, r) {
			return nil, Errorf(CodeBadField, "kinds names %q twice", n)
		}
		out = append(out, r)
	}
	return out, nil
}

// Hit is an interesting step: the step, the reason and the event that
// gave it (its Task and Other).
type Hit struct {
	Step   int64
	Reason Reason
	Task   sim.PID
	Other  sim.PID
}

// Interesting picks the event of one step's events worth stopping at: the
// one with the most preferred reason among want (every reason when want is
// empty), the earlier of two with the same reason. ok is false when no
// event of the step is.
func Interesting(evs []sim.Event, want []Reason) (h Hit, ok bool) {
	best := len(Reasons)
	for _, ev := range evs {
		r := ReasonOf(ev)
		if r == "" || len(want) > 0 && !slices.Contains(want, r) {
			continue
		}
		if i := slices.Index(Reasons, r); i < best {
			best, h = i, Hit{Step: ev.Step, Reason: r, Task: ev.Task, Other: ev.Other}
		}
	}
	return h, best < len(Reasons)
}

// Scan is the answer of NextInteresting: the first interesting step after
// the cursor (Found), or how far the search went without finding one
// (Searched, the last step looked at; Complete is false when stop ended
// the search before the end of the run).
type Scan struct {
	Hit      Hit
	Found    bool
	Searched int64
	Complete bool
}

// NextInteresting looks at the steps after the cursor, up to the end of
// the open run, for the first one with an event of a reason in want
// (every reason when want is empty). It moves nothing: the caller seeks
// to the step found. stop is polled every 64 steps (it may be nil); the
// work is at most Total-Step steps of the engine, so a caller bounds its
// time with stop. It needs an open run.
func (s *Session) NextInteresting(want []Reason, stop func() bool) Scan {
	from, total := s.Step(), s.Total()
	sc := Scan{Searched: from, Complete: true}
	next := stepper(s.src)
	for k := from + 1; k <= total; k++ {
		if (k-from)%64 == 0 && stop != nil && stop() {
			sc.Complete = false
			return sc
		}
		evs := next()
		sc.Searched = k
		if h, ok := Interesting(evs, want); ok {
			h.Step = k
			sc.Hit, sc.Found = h, true
			return sc
		}
	}
	return sc
}

// stepper returns a function that yields the events of the steps after
// src's cursor, one step per call, without moving src.
func stepper(src source) func() []sim.Event {
	switch v := src.(type) {
	case *engineSource:
		e := v.cur.Clone()
		return e.Step
	case *frameSource:
		k := v.cur
		return func() []sim.Event {
			k++
			if k >= int64(len(v.frames)) {
				return nil
			}
			return v.frames[k].Events
		}
	}
	return func() []sim.Event { return nil }
}
