package live

import (
	"sync"
	"sync/atomic"

	"proclab/sim"
)

// Event is one thing that happened to a lab process, in the simulator's
// vocabulary: Kind is a sim.EventKind (created, state, signal_sent, exit,
// reaped, reparented), From/To/Cause as in sim.Event. TimeMS replaces the
// simulator's step: milliseconds since the Manager started.
type Event struct {
	TimeMS int64         `json:"t_ms"`
	Kind   sim.EventKind `json:"kind"`
	PID    int           `json:"pid"`
	Other  int           `json:"other"` // the parent, the reaper, the new parent, or the lab server for its own actions
	From   sim.State     `json:"from"`
	To     sim.State     `json:"to"`
	Cause  sim.Cause     `json:"cause"`
	Value  int64         `json:"value"`  // exit code, signal number
	Signal string        `json:"signal"` // signal name for signal_sent
	// Synthesised marks what /proc cannot show and the lab draws from
	// another event: Z -> X, from the reap.
	Synthesised bool   `json:"synthesised"`
	Letter      string `json:"letter"` // the /proc letter of To ("" if none)
	Wchan       string `json:"wchan"`  // for a state event into S or D: where it waits
}

// Update is one batch the Manager publishes: the events, the processes
// whose sample changed (a process with Gone set is gone for good), and the
// workers' reports.
type Update struct {
	TimeMS    int64     `json:"t_ms"`
	Events    []Event   `json:"events"`
	Processes []Process `json:"processes"`
	Reports   []Report  `json:"reports"`
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
