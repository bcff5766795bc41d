package live

import (
	"sync"
	"sync/atomic"

	"proclab/sim"
)

// Event is one thing that happened to a lab process, in the simulator's
// vocabulary: Kind is a sim.EventKind (created, exec, state, signal_sent,
// exit, reaped, reparented), From/To/Cause as in sim.Event. TimeMS replaces the
// simulator's step: milliseconds since the Manager started. Not a wire
// type (server/live.go has those), so it has no JSON tags.
type Event struct {
	TimeMS int64
	Kind   sim.EventKind
	PID    int
	Other  int // the parent, the reaper, the new parent, or the lab server for its own actions
	From   sim.State
	To     sim.State
	Cause  sim.Cause
	// Value and Signal: for signal_sent the signal's number and name; for
	// exit and reaped, the exit code, or, when a signal killed the process,
	// the signal's number and name (it has no exit code then), or -1 and
	// no name when the lab could not see how it ended.
	Value  int64
	Signal string
	// Synthesised marks what /proc cannot show and the lab draws from
	// another event: Z -> X, from the reap.
	Synthesised bool
	Letter      string // the /proc letter of To ("" if none)
	Wchan       string // for a state event into S, D, T or t: the kernel function it waits in
	Wait        Wait   // what Wchan means, when the lab knows
	Image       string // for exec: the program it runs now (a workload's name for a lab worker)
}

// Update is one batch the Manager publishes: the events, the processes
// whose sample changed (a process with Gone set is gone for good), and the
// workers' reports.
type Update struct {
	TimeMS    int64
	Events    []Event
	Processes []Process
	Reports   []Report
}

func (u *Update) empty() bool {
	return len(u.Events) == 0 && len(u.Processes) == 0 && len(u.Reports) == 0
}

// Subscription receives every Update on C. If the receiver falls more
// than the buffer behind, C is closed and Dropped reports true.
type Subscription struct {
	C       <-chan Update
	c       chan Update
	hub     *hub
	dropped atomic.Bool
}

// Dropped reports whether C was closed because the receiver was too slow.
func (s *Subscription) Dropped() bool { return s.dropped.Load() }

// Close ends the subscription; C is closed.
func (s *Subscription) Close() { s.hub.remove(s) }

// hub fans Updates out to subscribers without ever blocking.
type hub struct {
	mu   sync.Mutex
	subs map[*Subscription]struct{}
}

func (h *hub) add(buf int) *Subscription {
	c := make(chan Update, max(1, buf))
	s := &Subscription{C: c, c: c, hub: h}
	h.mu.Lock()
	if h.subs == nil {
		h.subs = map[*Subscription]struct{}{}
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

func (h *hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.c)
	}
}

func (h *hub) publish(u Update) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		select {
		case s.c <- u:
		default:
			s.dropped.Store(true)
			delete(h.subs, s)
			close(s.c)
		}
	}
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		delete(h.subs, s)
		close(s.c)
	}
}
