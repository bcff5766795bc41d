package sim

// JobStats are the classic scheduling metrics of one task, in ticks. Times
// are points on the clock (tick k runs from time k-1 to time k); a value
// not reached yet is -1.
type JobStats struct {
	PID        PID
	Name       string
	Arrival    int64 // when it arrived (was created)
	Burst      int64 // CPU ticks it used (user and kernel)
	IO         int64 // ticks it spent blocked on timed waits
	Priority   int
	FirstRun   int64 // when it first ran
	Completion int64 // when it ended
	Turnaround int64 // Completion - Arrival
	Waiting    int64 // Turnaround - Burst - IO: time spent ready but not running
	Response   int64 // FirstRun - Arrival
}

// Stats summarises a run: per-task metrics (PID 1 excluded) and averages
// over the tasks that completed.
type Stats struct {
	Jobs            []JobStats
	AvgTurnaround   float64
	AvgWaiting      float64
	AvgResponse     float64
	Completed       int
	ContextSwitches int64   // see Engine.ContextSwitches
	Voluntary       int64   // voluntary context switches of all tasks
	Involuntary     int64   // nonvoluntary context switches of all tasks
	End             int64   // the time the last task ended (or the current time)
	Utilization     float64 // busy CPU ticks / (CPUs * End), 0..1; End is the last completion in the jobs model, the whole run otherwise
	SwitchTicks     int64   // ticks CPUs spent switching (switch cost and address-space penalty), not running a task
	BusyTicks       int64   // ticks CPUs spent running tasks (useful work)
}

// Stats computes the metrics of the run so far.
func (e *Engine) Stats() Stats {
	s := Stats{ContextSwitches: e.switches, SwitchTicks: e.switchTicks, BusyTicks: e.busy}
	var sumT, sumW, sumR, ran int64
	for k := 1; k < len(e.tasks); k++ {
		t := &e.tasks[k]
		j := JobStats{
			PID: t.PID, Name: t.Name, Arrival: t.Created - 1, Burst: t.UserTicks + t.KernelTicks,
			IO: t.IOTicks, Priority: t.Priority, FirstRun: -1, Completion: -1, Turnaround: -1, Waiting: -1, Response: -1,
		}
		if t.FirstRun > 0 {
			j.FirstRun = t.FirstRun - 1
			j.Response = j.FirstRun - j.Arrival
		}
		if t.Ended > 0 {
			j.Completion = t.Ended
			j.Turnaround = j.Completion - j.Arrival
			j.Waiting = j.Turnaround - j.Burst - j.IO
			s.Completed++
			sumT += j.Turnaround
			sumW += j.Waiting
			if j.Response >= 0 { // a task killed before it ever ran has no response time
				sumR += j.Response
				ran++
			}
			s.End = max(s.End, j.Completion)
		}
		s.Voluntary += t.Voluntary
		s.Involuntary += t.Involuntary
		s.Jobs = append(s.Jobs, j)
	}
	if s.Completed < len(s.Jobs) || !e.sc.Jobs {
		s.End = e.step // the whole run (PID 1's reaping included)
	}
	if n := float64(s.Completed); n > 0 {
		s.AvgTurnaround, s.AvgWaiting = float64(sumT)/n, float64(sumW)/n
	}
	if ran > 0 {
		s.AvgResponse = float64(sumR) / float64(ran)
	}
	if s.End > 0 {
		s.Utilization = float64(e.busy) / float64(int64(len(e.cpus))*s.End)
	}
	return s
}
