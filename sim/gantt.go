package sim

// GanttSlice is a stretch of time in which a CPU did one thing for one task.
// Start and End are times in ticks (tick k runs from k-1 to k).
type GanttSlice struct {
	CPU        int
	PID        PID
	Name       string
	Activity   Activity // User, Kernel or Switch (idle time has no slice)
	Start, End int64
}

// Gantt collects what each CPU does, step by step, into slices. Call Record
// after every Engine.Step. Consecutive ticks of the same task and activity
// on a CPU make one slice.
type Gantt struct {
	Slices []GanttSlice
	open   []int // per CPU: index of its last slice, or -1
}

// Record appends the last step of e.
func (g *Gantt) Record(e *Engine) {
	if g.open == nil {
		g.open = make([]int, len(e.cpus))
		for c := range g.open {
			g.open[c] = -1
		}
	}
	end := e.step
	for c := range e.cpus {
		act, pid := e.Activity(c)
		if act == Idle {
			g.open[c] = -1
			continue
		}
		if k := g.open[c]; k >= 0 {
			s := &g.Slices[k]
			if s.PID == pid && s.Activity == act && s.End == end-1 {
				s.End = end
				continue
			}
		}
		name := ""
		if i := e.cpus[c].didTask; i >= 0 {
			name = e.tasks[i].Name
		}
		g.Slices = append(g.Slices, GanttSlice{CPU: c, PID: pid, Name: name, Activity: act, Start: end - 1, End: end})
		g.open[c] = len(g.Slices) - 1
	}
}

// Runs returns the slices in which tasks ran (user and kernel merged),
// without switch-cost slices: who held each CPU when.
func (g *Gantt) Runs() []GanttSlice {
	var out []GanttSlice
	last := map[int]int{}
	for _, s := range g.Slices {
		if s.Activity == Switch {
			continue
		}
		if k, ok := last[s.CPU]; ok && out[k].PID == s.PID && out[k].End == s.Start {
			out[k].End = s.End
			continue
		}
		s.Activity = User
		out = append(out, s)
		last[s.CPU] = len(out) - 1
	}
	return out
}
