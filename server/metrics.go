package server

import (
	"net/http"

	"proclab/lab"
)

// metrics are the server's Prometheus metrics (GET /metrics), written in
// the text exposition format by promtext.go. Each Server has its own, so
// tests can run several servers. Safe for concurrent use.
//
// The lab's series are counted here as they happen; the live lab, the
// shared recordings, Go's runtime and the process are read at scrape
// time (scrape below).
type metrics struct {
	s        *Server
	sockets  *series // open websockets by kind (a gauge)
	msgsIn   *series // client messages by kind
	bytesIn  *series
	msgsOut  *series
	bytesOut *series
	drops    *series // clients dropped by kind and reason
	rejects  *series // refused requests and connections by reason
	commands *series // simulation commands by type
	explored *series // states expanded by explore
	links    *series // short links made (issue 13)
	// scrapes bounds the scrapes in flight (two, as before).
	scrapes chan struct{}
}

func newMetrics(s *Server) *metrics {
	return &metrics{s: s,
		sockets:  newSeries("proclab_websockets", gauge, "Open websockets, by kind (sim, live).", "kind"),
		msgsIn:   newSeries("proclab_messages_received_total", counter, "Websocket messages received from clients.", "kind"),
		bytesIn:  newSeries("proclab_received_bytes_total", counter, "Bytes of websocket messages received from clients.", "kind"),
		msgsOut:  newSeries("proclab_messages_sent_total", counter, "Websocket messages written to clients.", "kind"),
		bytesOut: newSeries("proclab_sent_bytes_total", counter, "Bytes of websocket messages written to clients.", "kind"),
		drops:    newSeries("proclab_clients_dropped_total", counter, "Clients disconnected for not keeping up, by reason (queue_bytes, queue_length, write_timeout).", "kind", "reason"),
		rejects:  newSeries("proclab_rejected_total", counter, "Requests and connections refused, by reason.", "reason"),
		commands: newSeries("proclab_commands_total", counter, "Simulation commands handled, by type.", "type"),
		explored: newSeries("proclab_explore_states_total", counter, "States expanded by explore commands."),
		links:    newSeries("proclab_links_created_total", counter, "Short links stored by this instance."),
		scrapes:  make(chan struct{}, 2),
	}
}

// handler serves one scrape; a third scrape while two are being written
// is refused with 503 (a scrape reads every process of the live lab).
func (m *metrics) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case m.scrapes <- struct{}{}:
			defer func() { <-m.scrapes }()
		default:
			http.Error(w, "two scrapes are in flight; try again", http.StatusServiceUnavailable)
			return
		}
		var e exposition
		m.scrape(&e)
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_, _ = w.Write(e.bytes())
	})
}

// scrape writes every metric, the lab's first, then the live lab's, the
// shared recordings', Go's and the process's.
func (m *metrics) scrape(e *exposition) {
	s := m.s
	for _, v := range []*series{m.sockets, m.msgsIn, m.bytesIn, m.msgsOut, m.bytesOut, m.drops, m.rejects, m.commands, m.explored, m.links} {
		v.write(e)
	}
	e.single("proclab_run_bytes", gauge, "Estimated memory of every open run, in bytes.", float64(s.meter.runBytes.Load()))
	e.single("proclab_queued_bytes", gauge, "Bytes waiting in websocket outgoing queues.", float64(s.meter.queueBytes.Load()))
	e.single("proclab_work_in_progress", gauge, "Loads, explores and schedules running now.", float64(len(s.meter.work)))
	rooms, members := 0, 0
	if s.rooms != nil {
		s.rooms.mu.Lock()
		rooms = len(s.rooms.rooms)
		s.rooms.mu.Unlock()
		members = s.rooms.sockets.open()
	}
	e.single("proclab_rooms_active", gauge, "Classroom rooms with a member on this instance.", float64(rooms))
	e.single("proclab_room_members", gauge, "Room websockets (teachers and followers) on this instance.", float64(members))
	m.scrapeLive(e)
	scrapeRecordings(e, s.recordings)
	scrapeGo(e)
	scrapeProcess(e)
}

func (m *metrics) sent(kind string, n int) {
	m.msgsOut.add(1, kind)
	m.bytesOut.add(int64(n), kind)
}

func (m *metrics) received(kind string, n int) {
	m.msgsIn.add(1, kind)
	m.bytesIn.add(int64(n), kind)
}

func (m *metrics) dropped(kind, reason string) { m.drops.add(1, kind, reason) }

func (m *metrics) rejected(reason string) { m.rejects.add(1, reason) }

func (m *metrics) linkMade() { m.links.add(1) }

// liveLetters are the /proc state letters the live lab counts, each
// written even at zero.
var liveLetters = [...]string{"R", "S", "D", "T", "t", "Z", "X"}

// scrapeLive reports the live lab: its processes by state letter and the
// sampler's cost. Nothing is written when the live lab is unavailable.
func (m *metrics) scrapeLive(e *exposition) {
	lm := m.s.live.m
	if lm == nil || lm.Available() != nil {
		return
	}
	var by [len(liveLetters)]int
	for _, p := range lm.Processes() {
		if p.Gone {
			continue
		}
		for i, l := range liveLetters {
			if p.Letter == l {
				by[i]++
			}
		}
	}
	e.head("proclab_live_processes", gauge, "Live-lab processes, by /proc state letter.")
	for i, l := range liveLetters {
		e.sample("proclab_live_processes", []string{"state"}, []string{l}, float64(by[i]))
	}
	rounds, busy := lm.SamplerStats()
	e.single("proclab_live_sampler_rounds_total", counter, "Sampling rounds of the live lab's /proc sampler.", float64(rounds))
	e.single("proclab_live_sampler_seconds_total", counter, "Time the live lab's sampler spent reading /proc.", busy.Seconds())
}

// scrapeRecordings reports the shared recordings (lab.Recordings).
func scrapeRecordings(e *exposition, c *lab.Recordings) {
	st := c.Stats()
	e.single("proclab_shared_runs", gauge, "Recorded runs kept to be shared by the sessions that open them.", float64(st.Runs))
	e.single("proclab_shared_run_bytes", gauge, "Estimated memory of the shared recorded runs, in bytes.", float64(st.Bytes))
	const loads = "proclab_run_loads_total"
	e.head(loads, counter, "Loads of a simulated run, by how they got its recording: found (shared), waited (for another load recording it) or recorded.")
	label := []string{"recording"}
	e.sample(loads, label, []string{"found"}, float64(st.Hits))
	e.sample(loads, label, []string{"waited"}, float64(st.Waits))
	e.sample(loads, label, []string{"recorded"}, float64(st.Misses))
	e.single("proclab_run_loads_step_kept_total", counter, "Loads of a shared run that found the step they open kept by an earlier load (its snapshot and engine).", float64(st.Views))
}
