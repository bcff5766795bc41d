package sim

import "slices"

// Partial-order reduction (ExploreOptions.PartialOrder).
//
// A micro-step that only reads and writes the running thread's own locals
// ("r0 = r0 + 1", "r = 5", "if r == 0" on locals) commutes with every step
// of every other task: no other task can see it, disable it or be
// disabled by it. So at a decision where some thread's next tick is such a
// local step, every schedule from there is equivalent (the same steps of
// each thread in the same order, the shared steps in the same order) to
// one that takes that local step first, and it reaches the same outcome
// with the same race facts: the race detector compares only the order of
// shared accesses and synchronisation, which commuting a local step does
// not change. Explore then takes that step alone, as if it were the only
// candidate (a persistent set of one; the witness records the choice), and
// does not store the state it leaves: the stored states are the reduced
// ones.
//
// The conditions, each checked conservatively:
//   - the tick runs exactly one instruction, Set, Arith or Test on locals
//     and immediates, and the instruction it moves to is an ordinary one
//     (not a critical-section marker, which looks at other threads, not
//     the thread's end, which the process sees, and not a jump, repeat or
//     end, which run in the same tick);
//   - the step moves the thread's PC forward (a Test's jump goes forward),
//     so no cycle of states is made of reduced steps alone and every loop
//     passes a fully expanded state (the cycle proviso);
//   - time does not matter: every task has arrived and none waits on a
//     timer, since a local step takes a tick and would move a wake-up or
//     an arrival relative to other steps;
//   - the scenario is plain threads (the statements symmetricOps lists,
//     no Go program, no IPC, no memory model), as for symmetry.
//
// What changes: ExploreResult.States counts the reduced states, and
// Outcome.Schedules counts the reduced schedules (one per equivalence
// class of the local steps' places), not every interleaving; outcomes,
// violations and race facts are the same (TestExplorePartialOrderSame).

// partialOrder holds, per program and instruction, whether a tick that
// starts there is a local step that may be taken alone.
type partialOrder struct {
	local [][]bool
}

// newPartialOrder returns sc's local steps, or nil when the reduction does
// not apply to sc (see above).
func newPartialOrder(sc *Scenario) *partialOrder {
	if sc.Go != nil || sc.Mem != nil || len(sc.IPC) > 0 || len(sc.Segments) > 0 || len(sc.Sockets) > 0 {
		return nil
	}
	p := &partialOrder{local: make([][]bool, len(sc.Programs))}
	any := false
	for q := range sc.Programs {
		code := sc.Programs[q].Code
		for k := range code {
			if !symmetricOps[code[k].Op] && !(code[k].Op == OpExit && k == len(code)-1) {
				return nil
			}
		}
		p.local[q] = make([]bool, len(code))
		for k := range code {
			p.local[q][k] = localStep(code, k)
			any = any || p.local[q][k]
		}
	}
	if !any {
		return nil
	}
	return p
}

// localStep reports whether a tick starting at instruction k of code runs
// that instruction alone, touching only the thread's locals, and moves
// forward to an ordinary instruction.
func localStep(code []Instr, k int) bool {
	in := &code[k]
	operands := func(ops ...Operand) bool {
		for _, o := range ops {
			if o.Kind != Imm && o.Kind != Local {
				return false
			}
		}
		return true
	}
	var next []int
	switch in.Op {
	case OpSet:
		next = []int{k + 1}
		if !operands(in.X) {
			return false
		}
	case OpArith:
		next = []int{k + 1}
		if !operands(in.X, in.Y) {
			return false
		}
	case OpTest:
		if in.Jump <= k || !operands(in.X, in.Y) {
			return false
		}
		next = []int{k + 1, in.Jump}
	default:
		return false
	}
	for _, n := range next {
		if n >= len(code) {
			return false
		}
		switch code[n].Op {
		case OpCSEnter, OpCSExit, OpExit, OpJump, OpRepeat, OpEnd, OpForkTest:
			return false
		}
	}
	return true
}

// ample returns a candidate whose next tick is a local step that may be
// taken alone, or 0 when there is none (every candidate is explored). With
// every task arrived and no timed wait, the candidates are the runnable
// and running tasks in task order (Engine.candidates): the first such task
// at a local step is the first such candidate.
func (p *partialOrder) ample(e *Engine, cands []PID) PID {
	if e.nextArrival < len(e.sc.Processes) {
		return 0
	}
	pid := PID(0)
	for k := range e.tasks {
		t := &e.tasks[k]
		if t.wakeAt != 0 {
			return 0
		}
		if pid == 0 && t.Program >= 0 && (t.State == StateRunnable || t.State == StateRunning) && p.local[t.Program][t.PC] {
			pid = t.PID
		}
	}
	if pid != 0 && !slices.Contains(cands, pid) {
		return 0 // cannot happen (see above); explored in full if it did
	}
	return pid
}

// HasPartialOrder reports whether ExploreOptions.PartialOrder can reduce
// sc's exploration: it is plain threads with some local step.
func HasPartialOrder(sc *Scenario) bool { return newPartialOrder(sc) != nil }
