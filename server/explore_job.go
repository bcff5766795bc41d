package server

import (
	"bytes"
	"encoding/json"
	"math"
	"sync/atomic"
	"time"

	"proclab/lab"
)

// An explore runs on the session's goroutine, which reads no command until
// it ends, so cancel_explore cannot wait in the command queue: the socket's
// reader takes it out of the stream (exploreJobs.note) and the running
// explore polls for it. Explores are numbered in the order the client sent
// them; a cancel cancels every explore the client sent before it, running
// or still queued, and none sent after it. A cancel with no explore before
// it does nothing.

// ExploreProgressEvery is the shortest time between two explore_progress
// messages of one explore (at most five a second).
const ExploreProgressEvery = 200 * time.Millisecond

// exploreJobs numbers a session's explores and records its cancels. sent
// and cancelled are written by the socket's reader and read by the
// session's goroutine; started is the session goroutine's own.
type exploreJobs struct {
	sent      atomic.Int64 // explore commands the reader passed on
	cancelled atomic.Int64 // explores numbered up to this one are cancelled
	started   int64        // explore commands the session has taken
}

// note is the reader's look at a client message before it is queued: it
// counts explore commands (those decodeCommand accepts, as the session
// will) and reports whether the message was a cancel_explore, which it
// consumes (the caller drops it).
func (j *exploreJobs) note(data []byte) bool {
	if !bytes.Contains(data, []byte("explore")) {
		return false
	}
	var head struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(data, &head) != nil {
		return false // the session answers the bad message
	}
	switch head.Type {
	case "cancel_explore":
		j.cancelled.Store(j.sent.Load())
		return true
	case "explore":
		if c, err := decodeCommand(data); err == nil && c.Type == "explore" {
			j.sent.Add(1)
		}
	}
	return false
}

// taken is the session's note of each command it decoded, before any
// other check: an explore gets the next number, as note counted it.
func (j *exploreJobs) taken(typ string) {
	if typ == "explore" {
		j.started++
	}
}

// wireExploreProgress is how far a running explore is: the states
// expanded so far, the states opened and not finished (the frontier), the
// states expanded per second since it began, and the share of its state
// and memory budget used, in percent.
type wireExploreProgress struct {
	V         int     `json:"v"`
	Type      string  `json:"type"`
	States    int     `json:"states"`
	Frontier  int     `json:"frontier"`
	PerSecond int64   `json:"per_second"`
	Percent   float64 `json:"percent"`
}

// explore enumerates the open scenario's interleavings, for at most the ExploreTime budget (a Go program's states can be
// slow to expand: each may print kilobytes); past it, or cancelled, the
// answer is what was found, incomplete. It streams explore_progress at
// most every ExploreProgressEvery.
func (s *session) explore() error {
	n := s.jobs.started
	start := time.Now()
	deadline := start.Add(s.srv.budgets.ExploreTime)
	cancelled := false
	stop := func() bool {
		cancelled = cancelled || s.jobs.cancelled.Load() >= n
		return cancelled || s.stop() || time.Now().After(deadline)
	}
	last, lastStates := start, 0
	progress := func(p lab.ExploreProgress) {
		now := time.Now()
		if now.Sub(last) < ExploreProgressEvery {
			return
		}
		// The rate since the last report (a second pass starts again from
		// zero states: its states so far are all new).
		done := p.States - lastStates
		if done < 0 {
			done = p.States
		}
		rate := float64(done) / max(now.Sub(last).Seconds(), 1e-3)
		last, lastStates = now, p.States
		s.send(wireExploreProgress{V: ProtocolVersion, Type: "explore_progress", States: p.States, Frontier: p.Frontier,
			PerSecond: int64(rate), Percent: math.Round(p.Percent*10) / 10})
	}
	x, err := s.lab.ExploreWatched(stop, progress)
	if err != nil {
		return err
	}
	s.srv.metrics.explored.add(int64(x.States))
	w := toWireExplored(x)
	w.Cancelled = cancelled
	s.send(w)
	return nil
}
