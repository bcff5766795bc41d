package live

import "errors"

// Errors the Manager returns. Callers map them to statuses with errors.Is;
// the message of the wrapping error says what exactly was wrong.
var (
	ErrUnavailable     = errors.New("the live lab cannot run here")
	ErrUnknownWorkload = errors.New("unknown workload")
	ErrBadArgs         = errors.New("bad arguments")
	ErrBadSignal       = errors.New("signal not allowed")
	ErrForeign         = errors.New("not a process the lab started")
	ErrLimit           = errors.New("process limit reached")
	ErrState           = errors.New("the process is not in a state that allows this")
	ErrClosed          = errors.New("the live lab is shut down")
)

// ErrNotOwner is returned when a client acts on a lab process that another
// client started (and it does not hold the teacher key). Nothing is done.
var ErrNotOwner = errors.New("that process belongs to another client")
