package lab

import "proclab/sim"

// switchesOf is what the context-switch card shows after e's last step:
// the dispatches of that step (what each saved and restored, and what it
// cost) and the run's switch counters so far. The counters are nil until
// the run has switched once or charges a switch cost, so that a run
// without either sends nothing more.
func switchesOf(e *sim.Engine) ([]sim.ContextSwitch, *sim.SwitchCounters) {
	var out []sim.ContextSwitch
	if recs := e.StepSwitches(); len(recs) > 0 {
		out = append(out, recs...) // the engine's slice is only valid until its next step
	}
	sc := e.Scenario()
	c := e.SwitchCounters()
	if c.Switches == 0 && sc.SwitchCost == 0 && sc.MMSwitchCost == 0 {
		return out, nil
	}
	return out, &c
}
