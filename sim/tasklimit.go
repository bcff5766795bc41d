package sim

// This file is the limits on how many tasks exist: max_tasks counts the
// tasks alive now, as Linux's threads-max and a cgroup's pids.max do, and
// the task table bounds how many one run may create.

// TaskTableSize returns the most tasks one run of sc may create, PID 1 and
// reaped tasks included: MaxTasksCreated, or max_tasks when that is larger
// (NewJobs sets it to the number of jobs). The engine keeps every task it
// created (Engine.Tasks), so this bounds its memory: about TaskTableSize
// times the size of a Task (taskBytes on 64-bit platforms).
func (sc *Scenario) TaskTableSize() int {
	return max(MaxTasksCreated, sc.MaxTasks)
}

// CreationBound returns an upper bound on the tasks one run of sc can
// create, PID 1 included, for budgets that grow with the task table (a
// recording's checkpoints copy it): 1 + the scenario's processes when no
// program forks, otherwise TaskTableSize (a fork/wait loop can create tasks
// for as long as the run lasts).
func (sc *Scenario) CreationBound() int {
	for _, p := range sc.Programs {
		for _, in := range p.Code {
			if in.Op == OpFork || in.Op == OpGo || in.Op == OpStart {
				return sc.TaskTableSize()
			}
		}
	}
	return min(sc.TaskTableSize(), 1+len(sc.Processes))
}

// roomForTask reports whether the task at index parent may create a task
// now, and emits EvForkFailed when it may not: at max_tasks live tasks
// (zombies count until they are reaped; cause task_limit), or when the task
// table is full (cause task_table). A failed arrival is reported by PID 1.
func (e *Engine) roomForTask(parent int32) bool {
	p := &e.tasks[parent]
	switch {
	case e.live >= e.sc.MaxTasks:
		e.emit(Event{Kind: EvForkFailed, Task: p.PID, CPU: -1, Cause: CauseTaskLimit, Value: int64(e.sc.MaxTasks)})
		return false
	case len(e.tasks) >= e.sc.TaskTableSize():
		e.emit(Event{Kind: EvForkFailed, Task: p.PID, CPU: -1, Cause: CauseTaskTable, Value: int64(e.sc.TaskTableSize())})
		return false
	}
	return true
}

// Live returns the number of tasks that exist now: created and not yet
// reaped (zombies included), PID 1 included. It is what max_tasks limits.
func (e *Engine) Live() int { return e.live }
