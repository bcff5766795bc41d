package server

import (
	"slices"

	"proclab/sim"
)

// taskDelta turns each step's whole task table into what changed since the
// table the client already holds (docs/protocol.md, "Step messages carry
// what changed"). A 4,096-task run sends about 1 MB per step as whole
// tables; most steps change two or three tasks.
//
// The client holds the table of the last snapshot or events message it
// got. An events message marked delta lists in tasks only the tasks that
// are new or differ from that table, and in gone the PIDs no longer in
// it; the client keeps the others, in their order, with the new ones
// after them. When that rule would not give the server's order, or a PID
// names two tasks of either table (PIDs wrapped, and a task reaped but
// still listed has the PID of a new one: the lesson on PIDs), the message
// carries the whole table instead: the client names a task by its PID.
//
// A taskDelta belongs to one session: only its run goroutine uses it.
type taskDelta struct {
	held  []wireTask           // the table the client holds; nil: none
	index map[sim.PID]int      // PID -> position in held
	seen  map[sim.PID]struct{} // scratch: the PIDs of the table being encoded
}

// forget says the client holds no table (a new run, or a message that
// did not reach it).
func (d *taskDelta) forget() { d.held = nil }

// hold records that the client now holds ts (a snapshot, or a whole
// table). ts must not be changed afterwards.
func (d *taskDelta) hold(ts []wireTask) {
	d.held = ts
	if d.index == nil {
		d.index = make(map[sim.PID]int, len(ts))
	}
	clear(d.index)
	for i := range ts {
		d.index[ts[i].PID] = i
	}
}

// encode returns what to send for the table ts: the changed and new tasks
// and the PIDs gone, with ok true; or ok false when the client needs the
// whole table (it holds none, or the rule above would misorder it). Either
// way the client holds ts afterwards.
func (d *taskDelta) encode(ts []wireTask) (changed []wireTask, gone []sim.PID, ok bool) {
	changed, _, gone, ok = d.diff(ts, false)
	return changed, gone, ok
}

// encodePatches is encode for a step's events message, which sends a task
// the client holds as a patch (taskPatches): it returns as well, for each
// changed task, the task the client holds (nil for a new one).
func (d *taskDelta) encodePatches(ts []wireTask) (changed []wireTask, was []*wireTask, gone []sim.PID, ok bool) {
	return d.diff(ts, true)
}

func (d *taskDelta) diff(ts []wireTask, withWas bool) (changed []wireTask, was []*wireTask, gone []sim.PID, ok bool) {
	defer d.hold(ts)
	if d.held == nil || len(d.index) != len(d.held) { // none held, or a PID twice in it
		return nil, nil, nil, false
	}
	if d.seen == nil {
		d.seen = make(map[sim.PID]struct{}, len(ts))
	}
	clear(d.seen)
	for i := range ts {
		if _, twice := d.seen[ts[i].PID]; twice {
			return nil, nil, nil, false
		}
		d.seen[ts[i].PID] = struct{}{}
	}
	changed = []wireTask{}
	for i := range ts {
		j, had := d.index[ts[i].PID]
		if !had || !sameTask(&d.held[j], &ts[i]) {
			changed = append(changed, ts[i])
			if withWas {
				var w *wireTask // held tables are never changed: the pointer stays good
				if had {
					w = &d.held[j]
				}
				was = append(was, w)
			}
		}
	}
	// The client's order: the held tasks still present, then the new ones.
	k := 0
	for j := range d.held {
		pid := d.held[j].PID
		if _, still := d.seen[pid]; !still {
			gone = append(gone, pid)
			continue
		}
		if k >= len(ts) || ts[k].PID != pid {
			return nil, nil, nil, false
		}
		k++
	}
	for ; k < len(ts); k++ {
		if _, had := d.index[ts[k].PID]; had {
			return nil, nil, nil, false
		}
	}
	return changed, was, gone, true
}

// sameTask reports whether two wire tasks would marshal alike. Every field
// of wireTask is compared (TestSameTaskSeesEveryField changes each one).
func sameTask(a, b *wireTask) bool {
	return a.PID == b.PID && a.PPID == b.PPID && a.TGID == b.TGID && a.NLWP == b.NLWP &&
		a.Name == b.Name && a.Program == b.Program && a.State == b.State && a.CPU == b.CPU &&
		a.Line == b.Line && a.Mode == b.Mode && sameIntPtr(a.ExitCode, b.ExitCode) && a.Signal == b.Signal &&
		a.PGID == b.PGID && a.SID == b.SID && a.UserTicks == b.UserTicks && a.KernelTicks == b.KernelTicks &&
		a.VCSW == b.VCSW && a.NVCSW == b.NVCSW && a.Created == b.Created && slices.Equal(a.Pending, b.Pending) &&
		a.PC == b.PC && slices.Equal(a.Locals, b.Locals) &&
		a.WaitObj == b.WaitObj && a.InCS == b.InCS && a.Wchan == b.Wchan
}

func sameIntPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
