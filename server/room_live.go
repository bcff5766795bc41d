package server

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"proclab/live"
)

// The live lab in a room (issue 13, part 1): real processes run on the
// teacher's instance only, so when the teacher's page shows the live lab
// (a state whose link is live or live/ID), the instance the teacher sent it from
// relays what its live lab sees to proclab.room.CODE.live, and every
// instance forwards that to its followers. Followers get no live session
// of their own: they see the teacher's processes and cannot signal them.

const (
	// liveRelayEvery is how often the relay sends what happened (at most
	// 5 messages a second, whatever the sampler's rate).
	liveRelayEvery = 200 * time.Millisecond
	// liveRelaySnapshot is how often it also sends the whole table, from
	// which a follower that joined late starts.
	liveRelaySnapshot = 2 * time.Second
	// liveRelayEvents bounds the events of one relayed message; older ones
	// of a burst are left out (the table that comes with them is whole).
	liveRelayEvents = 512
	// liveRelayBytes bounds one relayed message (NATS takes 1 MiB).
	liveRelayBytes = 768 << 10
)

func liveSubject(code string) string { return "proclab.room." + code + ".live" }

// wireRoomLive wraps one message of the live websocket's vocabulary
// (live_hello, live_snapshot, live_events) for a room's followers.
type wireRoomLive struct {
	V    int    `json:"v"`
	Type string `json:"type"`
	Msg  any    `json:"msg"`
}

// isLiveLink reports whether a room's link shows the live lab.
func isLiveLink(link string) bool { return link == "live" || strings.HasPrefix(link, "live/") }

// relayWantedLocked reports whether this instance should relay its live
// lab to room r now.
func (h *roomHub) relayWantedLocked(r *hubRoom) bool {
	rec := r.rec
	return rec != nil && !rec.Closed && r.teachers > 0 && rec.LiveInst == h.inst && isLiveLink(rec.Link) && h.s.live.m != nil
}

// syncRelayLocked starts or stops the relay to match relayWantedLocked.
func (h *roomHub) syncRelayLocked(r *hubRoom) {
	want := h.relayWantedLocked(r)
	switch {
	case want && r.stopRelay == nil:
		ctx, cancel := context.WithCancel(h.ctx)
		r.stopRelay = cancel
		h.wg.Add(1)
		go h.relayLive(ctx, r.code)
	case !want && r.stopRelay != nil:
		r.stopRelay()
		r.stopRelay = nil
	}
}

// relayLive publishes the live lab's updates for room code until ctx ends.
func (h *roomHub) relayLive(ctx context.Context, code string) {
	defer h.wg.Done()
	m := h.s.live.m
	if m.Available() != nil {
		return
	}
	sub := m.Subscribe(liveOutQueue)
	defer sub.Close()
	publish := func(msg any) {
		data, err := json.Marshal(wireRoomLive{V: ProtocolVersion, Type: "live", Msg: msg})
		if err != nil || len(data) > liveRelayBytes {
			h.s.log.Warn("a live update too large to relay", "room", code, "bytes", len(data))
			return
		}
		if err := h.nc.Publish(liveSubject(code), data); err != nil {
			h.s.log.Warn("live relay", "room", code, "err", err)
		}
	}
	snapshot := func() {
		publish(wireLiveHello{V: ProtocolVersion, Type: "live_hello", LabPID: labPID(), TimeMS: m.SinceStartMS(), wireLiveInfo: h.s.liveInfo(false)})
		publish(wireLiveSnapshot{V: ProtocolVersion, Type: "live_snapshot", TimeMS: m.SinceStartMS(), Processes: toWireLiveProcesses(m.Processes(), "")})
	}
	snapshot()
	tick := time.NewTicker(liveRelayEvery)
	defer tick.Stop()
	lastSnap := time.Now()
	var events []wireLiveEvent
	var reports []live.Report
	var latest *live.Update
	for {
		select {
		case <-ctx.Done():
			return
		case u, ok := <-sub.C:
			if !ok {
				return
			}
			for _, e := range u.Events {
				events = append(events, toWireLiveEvent(e))
			}
			if len(events) > liveRelayEvents {
				events = append(events[:0:0], events[len(events)-liveRelayEvents:]...)
			}
			reports = append(reports, u.Reports...)
			latest = &u
		case now := <-tick.C:
			if now.Sub(lastSnap) >= liveRelaySnapshot {
				snapshot()
				lastSnap = now
			}
			if latest == nil {
				continue
			}
			if reports == nil {
				reports = []live.Report{}
			}
			if events == nil {
				events = []wireLiveEvent{}
			}
			publish(wireLiveEvents{V: ProtocolVersion, Type: "live_events", TimeMS: latest.TimeMS, Events: events,
				Processes: toWireLiveProcesses(latest.Processes, ""), Reports: reports})
			events, reports, latest = nil, nil, nil
		}
	}
}

// onLive forwards a relayed live message to the room's followers here
// (not to teachers, whose pages run the live lab themselves, nor to those
// exploring alone).
func (h *roomHub) onLive(code string) nats.MsgHandler {
	return func(msg *nats.Msg) {
		h.mu.Lock()
		defer h.mu.Unlock()
		r := h.rooms[code]
		if r == nil || r.rec == nil || !isLiveLink(r.rec.Link) {
			return
		}
		for m := range r.members {
			if !m.teacher && !m.detached {
				m.k.sendRaw(msg.Data)
			}
		}
	}
}
