package sim

import "fmt"

// This file lets the external tests (package sim_test, which may import
// gofront) check the engine's internal invariants on Go programs.

// CheckGoInvariants returns what is wrong with e's queues and output, or
// nil: a task is at most once in the ready queue and never both ready (or
// running) and waiting on an object; a task queued on several objects is
// a select blocked on each of its cases' channels, once per case; a task
// queued on an object is asleep; every output line's index is its place.
func CheckGoInvariants(e *Engine) error {
	where := map[int32]string{}
	for _, i := range e.ready {
		if w, ok := where[i]; ok {
			return fmt.Errorf("step %d: P%d is in the ready queue and %s", e.step, e.tasks[i].PID, w)
		}
		where[i] = "the ready queue"
		if st := e.tasks[i].State; st != StateRunnable {
			return fmt.Errorf("step %d: P%d is in the ready queue but %v", e.step, e.tasks[i].PID, st)
		}
	}
	for c := range e.cpus {
		if i := e.cpus[c].cur; i >= 0 {
			if w, ok := where[i]; ok {
				return fmt.Errorf("step %d: P%d runs on cpu%d and is in %s", e.step, e.tasks[i].PID, c, w)
			}
			where[i] = fmt.Sprintf("on cpu%d", c)
		}
	}
	queued := map[int32]int{}
	for o := range e.objs {
		s := &e.objs[o]
		if e.sc.Objects[o].Kind == ObjChan && len(s.qcase) != len(s.queue) {
			return fmt.Errorf("step %d: channel %s has %d waiters but %d case marks", e.step, e.sc.Objects[o].Name, len(s.queue), len(s.qcase))
		}
		seen := map[int32]bool{}
		for k, i := range s.queue {
			t := &e.tasks[i]
			if w, ok := where[i]; ok {
				return fmt.Errorf("step %d: P%d waits on %s and is %s", e.step, t.PID, e.sc.Objects[o].Name, w)
			}
			if t.State != StateSleeping && t.State != StateStopped && t.State != StateTraced {
				return fmt.Errorf("step %d: P%d waits on %s but is %v", e.step, t.PID, e.sc.Objects[o].Name, t.State)
			}
			sel := e.sc.Objects[o].Kind == ObjChan && s.qcase[k] >= 0
			if seen[i] && !sel {
				return fmt.Errorf("step %d: P%d is twice in %s's queue", e.step, t.PID, e.sc.Objects[o].Name)
			}
			seen[i] = true
			queued[i]++
			if sel {
				code := e.sc.Programs[t.Program].Code
				if code[t.PC].Op != OpSelect || int(s.qcase[k]) >= int(code[t.PC].A) || code[t.PC+1+int(s.qcase[k])].Obj != o {
					return fmt.Errorf("step %d: P%d is queued on %s for case %d of a select it is not in", e.step, t.PID, e.sc.Objects[o].Name, s.qcase[k])
				}
			}
		}
	}
	for i, n := range queued {
		t := &e.tasks[i]
		if n > 1 && t.blocked != CauseSelect {
			return fmt.Errorf("step %d: P%d waits in %d queues but is not in a select", e.step, t.PID, n)
		}
	}
	for k, l := range e.out {
		if l.Task <= 0 || l.Step > e.step {
			return fmt.Errorf("step %d: output line %d was written by P%d at step %d", e.step, k, l.Task, l.Step)
		}
	}
	return nil
}
