package sim

// Decision is a dispatch decision that a person must make in manual mode:
// which of the candidates CPU runs next.
type Decision struct {
	Step       int64 // the step in which the CPU needs a task
	CPU        int
	Candidates []PID    // the ready queue, in queue order
	Names      []string // the candidates' names (a candidate may not exist yet outside the step)
	PolicyPick PID      // what the scenario's policy would choose
	Shortest   PID      // the candidate with the shortest current CPU burst (first in queue order)
	// Left is each candidate's current CPU burst left, in ticks, by
	// Candidates' order: a candidate as short as Shortest is as good a
	// pick for shortest-job-first (lab: the grade's differences).
	Left   []int64
	Chosen PID // what was chosen (0 while undecided)
}

// Name returns the name of a candidate PID of the decision, or "".
func (d *Decision) Name(pid PID) string {
	for i, c := range d.Candidates {
		if c == pid {
			return d.Names[i]
		}
	}
	return ""
}

// ChoseShortest reports whether the chosen candidate's burst left is as
// short as the shortest one's: a tie counts (Left unknown: Chosen is Shortest).
func (d *Decision) ChoseShortest() bool {
	if d.Chosen == d.Shortest {
		return true
	}
	left := func(pid PID) int64 {
		for i, c := range d.Candidates {
			if c == pid && i < len(d.Left) {
				return d.Left[i]
			}
		}
		return -1
	}
	c, s := left(d.Chosen), left(d.Shortest)
	return c >= 0 && c == s
}

// DecisionLog returns the decisions made so far with two or more
// candidates, in order, when the engine runs in manual mode. It builds a
// new slice each call, in O(decisions).
func (e *Engine) DecisionLog() []Decision {
	out := make([]Decision, e.log.len())
	for n := e.log; n != nil; n = n.prev {
		out[n.n-1] = n.d
	}
	return out
}

// decisionNode is one decision of the log, linked to the one before it.
// Nodes are never changed once made, so an engine and its clones share
// the decisions they have in common: a decision costs O(1) time and
// memory, however long the log (a search that clones the engine at each
// of thousands of decisions would otherwise copy the log each time).
type decisionNode struct {
	d    Decision
	prev *decisionNode
	n    int // decisions up to and including this one
}

func (n *decisionNode) len() int {
	if n == nil {
		return 0
	}
	return n.n
}

// StepManual is Step for manual mode (Options.Manual). If the step needs a
// dispatch decision that the choices do not cover, it leaves the engine as
// it was and returns that decision; append a choice and call it again.
// Otherwise it takes the step and returns its events.
func (e *Engine) StepManual() ([]Event, *Decision) {
	if e.done {
		return nil, nil
	}
	if !e.mayDecide() {
		return e.Step(), nil
	}
	c := e.Clone()
	evs := c.Step()
	if c.need != nil {
		return nil, c.need
	}
	*e = *c
	return evs, nil
}

// AddChoice appends a choice (a PID to dispatch) for the next decision.
// The engine's choice list is private to it after the first AddChoice.
func (e *Engine) AddChoice(pid PID) {
	e.choices = append(e.choices[:len(e.choices):len(e.choices)], pid)
}

// mayDecide reports whether the next step could need a dispatch decision:
// whether two or more tasks could be runnable in it. When not, StepManual
// steps in place instead of on a clone.
func (e *Engine) mayDecide() bool {
	n := len(e.ready)
	for c := range e.cpus {
		if e.cpus[c].cur >= 0 {
			n++
		}
	}
	next := e.step + 1
	for _, tm := range e.timers {
		if tm.at <= next {
			n++
		}
	}
	for a := e.nextArrival; a < len(e.sc.Processes) && e.sc.Processes[a].Arrival+1 <= next; a++ {
		n++
	}
	for _, tm := range e.goTimers { // a Go timer may wake a receiver
		if tm.at <= next {
			n++
		}
	}
	return n >= 2
}
