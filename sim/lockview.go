package sim

// LockWait is one thread waiting for a lock after the last step: blocked
// in the lock's queue, or spinning on it (runnable, retrying), since
// Since, the step in which it first found the lock held.
type LockWait struct {
	PID      PID
	Since    int64
	Spinning bool
}

// LockWaits returns, into dst, the threads that wait for lock o now: the
// queued ones in queue order, then the spinning ones in creation order.
// It is nil for an object that is not a mutex, Go mutex, spinlock or
// ticket lock (semaphores, conds, channels, waitgroups and RWMutexes count
// no acquisitions for their waiters). It only reads the engine: the wait
// counters a viewer draws from it (sim.ObjStats plus the waits under way)
// are not part of the engine's state or of StateHash.
func (e *Engine) LockWaits(o int, dst []LockWait) []LockWait {
	dst = dst[:0]
	if o < 0 || o >= len(e.objs) || !e.sc.Objects[o].Kind.lock() {
		return dst
	}
	for _, i := range e.objs[o].queue {
		if t := &e.tasks[i]; t.waitObj == int16(o) {
			dst = append(dst, LockWait{PID: t.PID, Since: t.waitSince})
		}
	}
	for i := range e.tasks {
		t := &e.tasks[i]
		if t.waitObj == int16(o) && (t.State == StateRunnable || t.State == StateRunning) {
			dst = append(dst, LockWait{PID: t.PID, Since: t.waitSince, Spinning: true})
		}
	}
	return dst
}
