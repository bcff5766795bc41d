package sim

// Decision is a dispatch decision that a person must make in manual mode:
// which of the candidates CPU runs next.
type Decision struct {
	Step       int64 // the step in which the CPU needs a task
	CPU        int
	Candidates []PID // the ready queue, in queue order
	PolicyPick PID   // what the scenario's policy would choose
}

// StepManual is Step for manual mode (Options.Manual). If the step needs a
// dispatch decision that the choices do not cover, it leaves the engine as
// it was and returns that decision; append a choice and call it again.
// Otherwise it takes the step and returns its events.
func (e *Engine) StepManual() ([]Event, *Decision) {
	if e.done {
		return nil, nil
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
