package server

// Limits bound what one client or the whole server can use (DESIGN §8.5).
type Limits struct {
	MessageBytes  int64   // largest client message; larger closes the socket
	Sessions      int     // concurrent websocket sessions
	OutQueue      int     // queued outgoing messages per client before it is dropped
	Steps         int64   // steps recorded per loaded scenario
	TaskSteps     int64   // recording budget: steps x tasks the scenario may create
	Window        int64   // steps of history a snapshot carries
	MaxSpeed      float64 // play speed, steps per second
	ExploreStates int     // distinct states one explore command may expand
}

// MaxChoices is the longest choice list a load may carry.
const MaxChoices = 100_000

// DefaultLimits are the limits `proclab` serves with.
var DefaultLimits = Limits{
	MessageBytes:  80 << 10,
	Sessions:      64,
	OutQueue:      256,
	Steps:         1_000_000,
	TaskSteps:     64_000_000,
	Window:        200,
	MaxSpeed:      MaxSpeed,
	ExploreStates: 200_000,
}

// stepsFor returns the step limit for a scenario: Limits.Steps, lowered so
// that a scenario allowed many tasks cannot make the recording too costly.
func (l Limits) stepsFor(maxTasks int) int64 {
	return max(1000, min(l.Steps, l.TaskSteps/int64(max(1, maxTasks))))
}
