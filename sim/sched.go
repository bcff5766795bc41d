package sim

import "slices"

// This file is the scheduling policies: which ready task runs next, when a
// running task is preempted, and the per-policy bookkeeping (MLFQ levels,
// CFS virtual runtime, stride pass). docs/scheduling.md states the rules.

// niceWeights is Linux's table of CFS load weights for nice -20..19
// (nice 0 = 1024; each step is about 1.25x).
var niceWeights = [40]int64{
	88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
	9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
	110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
}

func weight(t *Task) int64 { return niceWeights[t.Nice+20] }

// NiceWeight is the CFS load weight of a task with this nice value, the
// weight its vruntime grows against (nice 0 = 1024); 0 for a nice value
// outside -20..19. It is for viewers: the engine uses the same table.
func NiceWeight(nice int) int64 {
	if nice < -20 || nice > 19 {
		return 0
	}
	return niceWeights[nice+20]
}

// burstLeft returns the ticks left in the task's current CPU burst (its
// current compute statement), drawing the statement's duration if needed.
// PID 1 and tasks at a system call have a burst of 1.
func (e *Engine) burstLeft(t *Task) int64 {
	if t.Program < 0 {
		return 1
	}
	in := e.control(t, e.sc.Programs[t.Program].Code)
	if in.Op != OpCompute {
		return 1
	}
	if t.left == 0 {
		t.left = e.draw(in.A, in.B)
	}
	return t.left
}

// better reports whether task a should run before task b under the policy.
// It is a strict order: on a tie it returns false, and the earlier position
// in the ready queue wins (see pick).
func (e *Engine) better(a, b *Task) bool {
	switch e.sc.Policy {
	case SJF, SRTF:
		return e.burstLeft(a) < e.burstLeft(b)
	case Priority, PriorityPreemptive:
		return a.Priority < b.Priority
	case HRRN:
		// (wait+burst)/burst, compared without division.
		sa, sb := e.burstLeft(a), e.burstLeft(b)
		wa, wb := e.step-a.readySince, e.step-b.readySince
		return (wa+sa)*sb > (wb+sb)*sa
	case MLFQ:
		return a.Level < b.Level
	case CFS:
		return a.Vruntime < b.Vruntime
	case Stride:
		return a.Pass < b.Pass
	}
	return false // FCFS, RR, Lottery: queue order
}

// pick returns the index in the ready queue of the task the policy runs
// next: the best by `better`, the earliest in the queue among equals.
func (e *Engine) pick() int {
	if len(e.ready) < 2 {
		return 0
	}
	if e.sc.Policy == Lottery {
		if w := e.winner; w >= 0 {
			e.winner = -1
			for k, i := range e.ready {
				if i == w {
					return k
				}
			}
		}
		return e.lottery(-1)
	}
	switch e.sc.Policy {
	case FCFS, RR:
		return 0 // queue order
	}
	best := 0
	for k := 1; k < len(e.ready); k++ {
		if e.better(&e.tasks[e.ready[k]], &e.tasks[e.ready[best]]) {
			best = k
		}
	}
	return best
}

// lottery draws a winning ticket among the ready tasks' tickets, and those
// of the running task at index running (if >= 0, counted after the queue);
// the winner is the first task in that order whose running ticket sum
// exceeds the draw. It returns the winner's ready-queue position, or
// len(ready) for the running task.
func (e *Engine) lottery(running int32) int {
	var total int64
	for _, i := range e.ready {
		total += e.tasks[i].Tickets
	}
	if running >= 0 {
		total += e.tasks[running].Tickets
	}
	win := int64(e.next() % uint64(total))
	for k, i := range e.ready {
		win -= e.tasks[i].Tickets
		if win < 0 {
			return k
		}
	}
	return len(e.ready)
}

// keepRunning decides, when the quantum of the running task at index i is
// used up and tasks are waiting, whether the policy would choose it again
// anyway; then it keeps its CPU for a new quantum instead of a switch.
func (e *Engine) keepRunning(i int32) bool {
	switch e.sc.Policy {
	case Lottery:
		k := e.lottery(i)
		if k == len(e.ready) {
			return true
		}
		e.winner = e.ready[k]
		return false
	case Stride:
		return !e.better(&e.tasks[e.ready[e.pick()]], &e.tasks[i])
	case CFS, MLFQ:
		return e.better(&e.tasks[i], &e.tasks[e.ready[e.pick()]])
	}
	return false
}

// quantum returns the task's current time slice in ticks (0: no slice).
func (e *Engine) quantum(t *Task) int64 {
	switch e.sc.Policy {
	case RR, Lottery, Stride:
		return e.sc.Quantum
	case MLFQ:
		return e.sc.MLFQ.Quanta[t.Level]
	case CFS:
		// The task's share of the latency period, at least the minimum granularity.
		var total int64
		for _, i := range e.ready {
			total += weight(&e.tasks[i])
		}
		for c := range e.cpus {
			if i := e.cpus[c].cur; i >= 0 {
				total += weight(&e.tasks[i])
			}
		}
		total = max(total, weight(t))
		return max(e.sc.CFS.MinGranularity, e.sc.CFS.Latency*weight(t)/total)
	}
	return 0
}

// preemptForBetter swaps running tasks for better ready ones under the
// preemptive policies: the best ready task replaces the worst running task
// while it is strictly better (CFS: by more than the minimum granularity).
func (e *Engine) preemptForBetter() {
	switch e.sc.Policy {
	case SRTF, PriorityPreemptive, MLFQ, CFS:
	default:
		return
	}
	for range len(e.ready) + len(e.cpus) {
		if len(e.ready) == 0 || e.need != nil {
			return
		}
		worst := -1
		for c := range e.cpus {
			i := e.cpus[c].cur
			if i < 0 {
				return // an idle CPU: dispatch has run out of ready tasks or is waiting on a choice
			}
			if worst < 0 || !e.better(&e.tasks[i], &e.tasks[e.cpus[worst].cur]) {
				worst = c
			}
		}
		k := e.pick()
		cand, run := &e.tasks[e.ready[k]], &e.tasks[e.cpus[worst].cur]
		if e.sc.Policy == CFS {
			if !e.cfsPreempts(cand, run) {
				return
			}
		} else if !e.better(cand, run) {
			return
		}
		e.preempt(e.cpus[worst].cur, worst, CausePreempt)
		k, ok := e.choose(worst)
		if !ok {
			return
		}
		e.run(k, worst)
	}
}

// cfsPreempts says whether a ready task should take the CPU of a running
// one before its slice ends: on wake-up (or arrival) when its vruntime is
// smaller by more than the minimum granularity, and at any tick when the
// running task, having run at least the minimum granularity, is ahead by
// more than its ideal slice. (Units: vruntime is 1024 per nice-0 tick.)
func (e *Engine) cfsPreempts(cand, run *Task) bool {
	gran := e.sc.CFS.MinGranularity * 1024
	if cand.readySince == e.step && cand.Vruntime+gran < run.Vruntime {
		return true
	}
	return run.slice >= e.sc.CFS.MinGranularity && run.Vruntime-cand.Vruntime > e.quantum(run)*1024
}

// requeue puts a task that a preemption took off its CPU back into the
// ready queue. Under MLFQ a task preempted by a higher level keeps its place
// at the front of its own level (OSTEP's rule: it never left the head of its
// queue), so it runs before the tasks of its level that were waiting; it is
// queued in front of the first ready task at its level, or at the tail when
// there is none (pick looks at the level first, so the rest of the queue is
// unaffected). Every other preemption, and every other policy, queues the
// task at the tail.
func (e *Engine) requeue(i int32, cause Cause) {
	if e.sc.Policy == MLFQ && cause == CausePreempt {
		lvl := e.tasks[i].Level
		for k, j := range e.ready {
			if e.tasks[j].Level == lvl {
				e.readyRoom()
				e.ready = slices.Insert(e.ready, k, i)
				return
			}
		}
	}
	e.readyRoom()
	e.ready = append(e.ready, i)
}

// startSlice sets the time slice of a task being dispatched. Under MLFQ the
// quantum belongs to the level, not to the dispatch: a task that left its
// CPU in mid-quantum (preempted by a higher level, or blocked for I/O) runs
// the rest of it when it comes back, as OSTEP's mlfq.py does, and a used-up
// quantum starts afresh. Every other policy starts a new slice at each
// dispatch.
func (e *Engine) startSlice(t *Task) {
	if e.sc.Policy == MLFQ && t.slice < e.quantum(t) {
		return
	}
	t.slice = 0
}

// account charges one executed tick to the task at index i.
func (e *Engine) account(i int32) {
	t := &e.tasks[i]
	e.busy++
	t.slice++
	if t.FirstRun == 0 {
		t.FirstRun = e.step
	}
	switch e.sc.Policy {
	case CFS:
		t.Vruntime += 1024 * 1024 / weight(t)
	case Stride:
		t.Pass += StrideBig / t.Tickets
	case MLFQ:
		t.levelUsed++
		lvl := t.Level
		if t.levelUsed >= e.sc.MLFQ.Quanta[lvl]*e.sc.MLFQ.Allot[lvl] && lvl+1 < len(e.sc.MLFQ.Quanta) {
			t.Level, t.levelUsed = lvl+1, 0
			t.slice = e.sc.MLFQ.Quanta[t.Level] // moving down ends its quantum: it goes to the back of the lower queue
			e.emit(Event{Kind: EvLevel, Task: t.PID, CPU: int16(t.CPU), Value: int64(t.Level), Cause: CauseDemote})
		} else if t.levelUsed >= e.sc.MLFQ.Quanta[lvl]*e.sc.MLFQ.Allot[lvl] {
			t.levelUsed = 0 // the lowest level: a fresh allotment
		}
	}
}

// onCreate sets a new task's place in the fair and stride schedulers: it
// starts level with the tasks already there, not ahead of them.
func (e *Engine) onCreate(t *Task) {
	switch e.sc.Policy {
	case CFS:
		t.Vruntime = e.minVruntimeNow()
	case Stride:
		t.Pass = e.minPassNow()
	}
}

// onReady updates a task that becomes runnable after blocking: CFS gives a
// sleeper at most half a latency period of credit.
func (e *Engine) onReady(t *Task, cause Cause) {
	if e.sc.Policy == CFS && cause != CauseFork && cause != CauseArrival {
		t.Vruntime = max(t.Vruntime, e.minVruntimeNow()-e.sc.CFS.Latency*1024/2)
	}
}

// onBlock is called when a task blocks on a timed wait.
func (e *Engine) onBlock(t *Task) {
	if e.sc.Policy == MLFQ && e.sc.MLFQ.IOReset {
		t.levelUsed, t.slice = 0, 0 // the old rule, which a task can game (mlfq.py -S resets both)
	}
}

// minVruntimeNow is the smallest vruntime among runnable and running tasks
// (kept monotonic, as Linux's min_vruntime is).
func (e *Engine) minVruntimeNow() int64 {
	m, found := int64(0), false
	consider := func(i int32) {
		if v := e.tasks[i].Vruntime; !found || v < m {
			m, found = v, true
		}
	}
	for _, i := range e.ready {
		consider(i)
	}
	for c := range e.cpus {
		if i := e.cpus[c].cur; i >= 0 {
			consider(i)
		}
	}
	if found && m > e.minVruntime {
		e.minVruntime = m
	}
	return e.minVruntime
}

// minPassNow is the smallest pass among runnable and running tasks, or 0.
func (e *Engine) minPassNow() int64 {
	m, found := int64(0), false
	for _, i := range e.ready {
		if p := e.tasks[i].Pass; !found || p < m {
			m, found = p, true
		}
	}
	for c := range e.cpus {
		if i := e.cpus[c].cur; i >= 0 {
			if p := e.tasks[i].Pass; !found || p < m {
				m, found = p, true
			}
		}
	}
	return m
}

// boost moves every task to MLFQ level 0 every Boost ticks. The ready queue
// is reordered as the OSTEP simulator does: tasks already at level 0 keep
// their places, then the lower levels follow, the lowest level first, each
// level in queue order. It reorders the queue in place (a stable sort by
// that rank), so a boost allocates nothing.
func (e *Engine) boost() {
	b := e.sc.MLFQ.Boost
	if e.sc.Policy != MLFQ || b == 0 || e.step == 1 || (e.step-1)%b != 0 {
		return
	}
	levels := len(e.sc.MLFQ.Quanta)
	rank := func(i int32) int {
		if lvl := e.tasks[i].Level; lvl != 0 {
			return levels - lvl // the lowest level (levels-1) ranks 1
		}
		return 0
	}
	slices.SortStableFunc(e.ready, func(a, b int32) int { return rank(a) - rank(b) })
	for k := range e.tasks {
		t := &e.tasks[k]
		if k == 0 || t.State == StateZombie || t.State == StateDead || t.State == StateNone {
			continue
		}
		t.levelUsed, t.slice = 0, 0 // a fresh quantum at the top, as mlfq.py gives
		if t.Level != 0 {
			t.Level = 0
			e.emit(Event{Kind: EvLevel, Task: t.PID, CPU: int16(t.CPU), Value: 0, Cause: CauseBoost})
		}
	}
}
