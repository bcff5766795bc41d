package sim

// State is a task's scheduling state, using the Linux letters. Running and
// Runnable are both "R" to Linux; ProcLab draws them as two nodes because
// the difference (on a CPU or waiting for one) is what a scheduler decides.
type State uint8

// The states, in the order the state diagram draws them. The numbers are part
// of the golden traces: append only.
const (
	StateNone     State = iota // not yet created
	StateRunnable              // R, waiting in a ready queue
	StateRunning               // R, on a CPU
	StateSleeping              // S, interruptible wait
	StateDisk                  // D, uninterruptible wait (signals are deferred)
	StateStopped               // T, stopped by SIGSTOP
	StateTraced                // t, stopped by a tracer
	StateZombie                // Z, exited, waiting for its parent to reap it
	StateDead                  // X, reaped and removed
)

var stateNames = [...]string{
	StateNone:     "none",
	StateRunnable: "runnable",
	StateRunning:  "running",
	StateSleeping: "sleeping",
	StateDisk:     "disk",
	StateStopped:  "stopped",
	StateTraced:   "traced",
	StateZombie:   "zombie",
	StateDead:     "dead",
}

var stateLetters = [...]string{
	StateNone:     "-",
	StateRunnable: "R",
	StateRunning:  "R",
	StateSleeping: "S",
	StateDisk:     "D",
	StateStopped:  "T",
	StateTraced:   "t",
	StateZombie:   "Z",
	StateDead:     "X",
}

// String returns the state's wire name, such as "runnable" or "zombie".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "state?"
}

// Letter returns the letter ps and /proc use for the state ("R", "S", ...).
func (s State) Letter() string {
	if int(s) < len(stateLetters) {
		return stateLetters[s]
	}
	return "?"
}

// Alive reports whether a task in this state still runs code or could again.
func (s State) Alive() bool {
	return s >= StateRunnable && s <= StateTraced
}
