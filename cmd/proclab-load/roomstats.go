package main

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"
)

// The pure part of the room scenario: the share links the teacher sends,
// each follower's log of what it received, and the matching of sends to
// receipts (latency, lost, late, duplicated and reordered states).

// stateLink is the share-link fragment (without '#') of step `step` of a
// built-in lesson, exactly as the page makes one (web/js/share.js):
// "s=1." + base64url(deflate-raw(JSON)) with JSON {"l":lesson,"n":step}
// and "e":semantics when semantics > 0.
func stateLink(lesson string, semantics, step int) (string, error) {
	o := map[string]any{"l": lesson, "n": step}
	if semantics > 0 {
		o["e"] = semantics
	}
	js, err := json.Marshal(o)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(js); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return "s=1." + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// stateLinks returns the n links of steps 0..n-1 of lesson and the index of
// each link (link -> step), so that a follower can tell which send a
// received state answers. The links are all different because the steps
// are.
func stateLinks(lesson string, semantics, n int) ([]string, map[string]int, error) {
	links := make([]string, n)
	index := make(map[string]int, n)
	for i := range n {
		l, err := stateLink(lesson, semantics, i)
		if err != nil {
			return nil, nil, err
		}
		if _, dup := index[l]; dup {
			return nil, nil, fmt.Errorf("steps %d and %d give the same link", index[l], i)
		}
		links[i], index[l] = l, i
	}
	return links, index, nil
}

// recvLog is what one follower received: the time of the first receipt of
// each sent state (by index; 0 = not received), how many arrived twice,
// how many arrived after a later one, and how many carried a link the
// teacher never sent. Times are since the scenario's epoch and are never 0
// for a real receipt (the epoch precedes every send). One goroutine writes
// it; it is read after that goroutine ended.
type recvLog struct {
	at        []time.Duration
	dups      int
	reordered int
	unknown   int
	last      int // the highest index received so far; -1 before any
}

// newRecvLog makes the log of a follower for n states.
func newRecvLog(n int) *recvLog { return &recvLog{at: make([]time.Duration, n), last: -1} }

// record notes state idx (-1: a link that is not one of ours) received at
// `at` (since the epoch, > 0). It reports whether this is the first receipt
// of one of ours.
func (l *recvLog) record(idx int, at time.Duration) bool {
	switch {
	case idx < 0 || idx >= len(l.at):
		l.unknown++
	case l.at[idx] != 0:
		l.dups++
	default:
		l.at[idx] = at
		if idx < l.last {
			l.reordered++
		}
		l.last = max(l.last, idx)
		return true
	}
	return false
}

// onSecond reports whether follower i of n joins on the second instance
// when a fraction share of them do: round(share x n) followers, spread
// evenly over the join order (so every wave has its part).
func onSecond(i, n int, share float64) bool {
	k := int(math.Round(share * float64(n)))
	return (i+1)*k/n > i*k/n
}

// fanout is the outcome of one set of followers over every state sent.
type fanout struct {
	Latencies []time.Duration // one per state received: receipt minus send
	Expected  int             // states sent x followers
	Received  int
	Lost      int // sent, never received
	Skipped   int // of Lost, those after which the follower received a later state (superseded)
	Late      int // received more than the late bound after the send
	Dups      int
	Reordered int
	Unknown   int
	// WorstFollower is the follower with the most lost states (-1 when
	// none lost any), and WorstLost its count.
	WorstFollower, WorstLost int
	// LostBy counts, for each state (by index), the followers that never
	// received it; nil when nothing was lost.
	LostBy []int
}

// matchFanout matches the send times (since the epoch; <= 0: that state
// was not sent, so nobody is expected to get it) with the followers' logs.
// A receipt of an unsent state counts as unknown. late is the bound past
// which a received state counts as late (it still counts as received).
func matchFanout(sent []time.Duration, logs []*recvLog, late time.Duration) fanout {
	f := fanout{WorstFollower: -1}
	for fi, l := range logs {
		lost := 0
		lastGot := -1 // the last sent state this follower received
		for i, s := range sent {
			if s > 0 && i < len(l.at) && l.at[i] != 0 {
				lastGot = i
			}
		}
		for i, s := range sent {
			var at time.Duration
			if i < len(l.at) {
				at = l.at[i]
			}
			if s <= 0 {
				if at != 0 {
					f.Unknown++
				}
				continue
			}
			f.Expected++
			if at == 0 {
				lost++
				if f.LostBy == nil {
					f.LostBy = make([]int, len(sent))
				}
				f.LostBy[i]++
				if i < lastGot {
					f.Skipped++
				}
				continue
			}
			d := at - s
			f.Received++
			f.Latencies = append(f.Latencies, d)
			if d > late {
				f.Late++
			}
		}
		f.Lost += lost
		if lost > f.WorstLost {
			f.WorstFollower, f.WorstLost = fi, lost
		}
		f.Dups += l.dups
		f.Reordered += l.reordered
		f.Unknown += l.unknown
	}
	return f
}

// perFollower divides the growth from before to after (bytes) among n
// followers; 0 when n is 0. It may be negative (a collection in between).
func perFollower(before, after int64, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(after-before) / float64(n)
}

// kib formats bytes per follower in KiB.
func kib(b float64) string { return fmt.Sprintf("%.1f KiB", b/1024) }

// mostLost returns up to n states lost by the most followers, as "state I
// by K followers", most first (ties by index).
func mostLost(lostBy []int, n int) []string {
	idx := make([]int, 0, len(lostBy))
	for i, k := range lostBy {
		if k > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return lostBy[idx[a]] > lostBy[idx[b]] })
	var out []string
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, fmt.Sprintf("state %d by %d followers", i, lostBy[i]))
	}
	return out
}
