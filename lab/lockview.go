package lab

import "proclab/sim"

// LockLive are a lock's counters as they stand after a step, counting the
// waits under way (issue 12, part 7): a thread counts as a contended
// acquisition from the step it first finds the lock held (it blocks or
// starts to spin), and its wait so far adds to the total and the longest
// wait. The engine counts an acquisition only when it is made
// (sim.ObjStats); these are for display only, computed from the engine's
// state without changing it. Ticks throughout.
type LockLive struct {
	Contended int64 // finished contended acquisitions + threads waiting now
	Waiting   int   // threads waiting now, queued or spinning
	TotalWait int64 // ticks waited, over finished and ongoing waits
	MaxWait   int64 // the longest wait, finished or ongoing
	Waits     []LockWait
}

// LockWait is one thread waiting now: since the step Since, Ticks ticks
// so far, blocked in the queue or spinning.
type LockWait struct {
	PID      sim.PID
	Since    int64
	Ticks    int64
	Spinning bool
}

// lockLiveOf returns the live counters of object o of e, whose finished
// acquisitions are st; nil for objects that are not locks.
func lockLiveOf(e *sim.Engine, o int, st sim.ObjStats) *LockLive {
	if !isLockKind(e.Scenario().Objects[o].Kind) {
		return nil
	}
	now := e.StepNum()
	l := &LockLive{Contended: st.Contended, TotalWait: st.TotalWait, MaxWait: st.MaxWait, Waits: []LockWait{}}
	for _, w := range e.LockWaits(o, nil) {
		n := max(0, now-w.Since)
		l.Contended++
		l.Waiting++
		l.TotalWait += n
		l.MaxWait = max(l.MaxWait, n)
		l.Waits = append(l.Waits, LockWait{PID: w.PID, Since: w.Since, Ticks: n, Spinning: w.Spinning})
	}
	return l
}

// isLockKind reports whether objects of kind k count acquisitions that
// may wait (the kinds sim.Engine.LockWaits covers).
func isLockKind(k sim.ObjKind) bool {
	switch k {
	case sim.ObjMutex, sim.ObjGoMutex, sim.ObjSpinlock, sim.ObjTicket:
		return true
	}
	return false
}
