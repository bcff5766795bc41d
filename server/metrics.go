package server

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"proclab/lab"
)

// metrics are the server's Prometheus metrics (GET /metrics). Each Server
// has its own registry, so tests can run several servers. Safe for
// concurrent use.
type metrics struct {
	reg       *prometheus.Registry
	sockets   *prometheus.GaugeVec   // open websockets by kind
	msgsIn    *prometheus.CounterVec // client messages by kind
	bytesIn   *prometheus.CounterVec
	msgsOut   *prometheus.CounterVec
	bytesOut  *prometheus.CounterVec
	drops     *prometheus.CounterVec // clients dropped by kind and reason
	rejects   *prometheus.CounterVec // refused requests and connections by reason
	commands  *prometheus.CounterVec // simulation commands by type
	explored  prometheus.Counter     // states expanded by explore
	runBytes  prometheus.GaugeFunc
	queued    prometheus.GaugeFunc
	requests  *prometheus.CounterVec // HTTP requests by route and status class
	workSlots prometheus.GaugeFunc
	links     prometheus.Counter   // short links made (issue 13)
	rooms     prometheus.GaugeFunc // rooms with a member on this instance
	members   prometheus.GaugeFunc // room websockets on this instance
}

func newMetrics(s *Server) *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{reg: reg,
		sockets:  prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "proclab_websockets", Help: "Open websockets, by kind (sim, live)."}, []string{"kind"}),
		msgsIn:   prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_messages_received_total", Help: "Websocket messages received from clients."}, []string{"kind"}),
		bytesIn:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_received_bytes_total", Help: "Bytes of websocket messages received from clients."}, []string{"kind"}),
		msgsOut:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_messages_sent_total", Help: "Websocket messages written to clients."}, []string{"kind"}),
		bytesOut: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_sent_bytes_total", Help: "Bytes of websocket messages written to clients."}, []string{"kind"}),
		drops:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_clients_dropped_total", Help: "Clients disconnected for not keeping up, by reason (queue_bytes, queue_length, write_timeout)."}, []string{"kind", "reason"}),
		rejects:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_rejected_total", Help: "Requests and connections refused, by reason."}, []string{"reason"}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_commands_total", Help: "Simulation commands handled, by type."}, []string{"type"}),
		explored: prometheus.NewCounter(prometheus.CounterOpts{Name: "proclab_explore_states_total", Help: "States expanded by explore commands."}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "proclab_http_requests_total", Help: "HTTP requests, by route and status class."}, []string{"route", "code"}),
	}
	m.runBytes = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "proclab_run_bytes", Help: "Estimated memory of every open run, in bytes."},
		func() float64 { return float64(s.meter.runBytes.Load()) })
	m.queued = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "proclab_queued_bytes", Help: "Bytes waiting in websocket outgoing queues."},
		func() float64 { return float64(s.meter.queueBytes.Load()) })
	m.workSlots = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "proclab_work_in_progress", Help: "Loads, explores and schedules running now."},
		func() float64 { return float64(len(s.meter.work)) })
	m.links = prometheus.NewCounter(prometheus.CounterOpts{Name: "proclab_links_created_total", Help: "Short links stored by this instance."})
	m.rooms = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "proclab_rooms_active", Help: "Classroom rooms with a member on this instance."},
		func() float64 {
			if s.rooms == nil {
				return 0
			}
			s.rooms.mu.Lock()
			defer s.rooms.mu.Unlock()
			return float64(len(s.rooms.rooms))
		})
	m.members = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "proclab_room_members", Help: "Room websockets (teachers and followers) on this instance."},
		func() float64 {
			if s.rooms == nil {
				return 0
			}
			return float64(s.rooms.sockets.open())
		})
	reg.MustRegister(liveCollector{s}, recordingsCollector{s.recordings}, m.links, m.rooms, m.members,
		m.sockets, m.msgsIn, m.bytesIn, m.msgsOut, m.bytesOut, m.drops, m.rejects, m.commands, m.explored,
		m.requests, m.runBytes, m.queued, m.workSlots,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{MaxRequestsInFlight: 2})
}

func (m *metrics) sent(kind string, n int) {
	m.msgsOut.WithLabelValues(kind).Inc()
	m.bytesOut.WithLabelValues(kind).Add(float64(n))
}

func (m *metrics) received(kind string, n int) {
	m.msgsIn.WithLabelValues(kind).Inc()
	m.bytesIn.WithLabelValues(kind).Add(float64(n))
}

func (m *metrics) dropped(kind, reason string) { m.drops.WithLabelValues(kind, reason).Inc() }

func (m *metrics) rejected(reason string) { m.rejects.WithLabelValues(reason).Inc() }

// liveCollector reports the live lab at scrape time: its processes by
// state letter and the sampler's cost.
type liveCollector struct{ s *Server }

var (
	liveProcsDesc    = prometheus.NewDesc("proclab_live_processes", "Live-lab processes, by /proc state letter.", []string{"state"}, nil)
	liveRoundsDesc   = prometheus.NewDesc("proclab_live_sampler_rounds_total", "Sampling rounds of the live lab's /proc sampler.", nil, nil)
	liveSamplingDesc = prometheus.NewDesc("proclab_live_sampler_seconds_total", "Time the live lab's sampler spent reading /proc.", nil, nil)
)

func (c liveCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- liveProcsDesc
	ch <- liveRoundsDesc
	ch <- liveSamplingDesc
}

func (c liveCollector) Collect(ch chan<- prometheus.Metric) {
	m := c.s.live.m
	if m == nil || m.Available() != nil {
		return
	}
	by := map[string]int{}
	for _, letter := range []string{"R", "S", "D", "T", "t", "Z", "X"} {
		by[letter] = 0
	}
	for _, p := range m.Processes() {
		if !p.Gone {
			by[p.Letter]++
		}
	}
	for letter, n := range by {
		ch <- prometheus.MustNewConstMetric(liveProcsDesc, prometheus.GaugeValue, float64(n), letter)
	}
	rounds, busy := m.SamplerStats()
	ch <- prometheus.MustNewConstMetric(liveRoundsDesc, prometheus.CounterValue, float64(rounds))
	ch <- prometheus.MustNewConstMetric(liveSamplingDesc, prometheus.CounterValue, busy.Seconds())
}

func (m *metrics) linkMade() { m.links.Inc() }

// recordingsCollector reports the shared recordings (lab.Recordings) at
// scrape time.
type recordingsCollector struct{ c *lab.Recordings }

var (
	recordingsDesc     = prometheus.NewDesc("proclab_shared_runs", "Recorded runs kept to be shared by the sessions that open them.", nil, nil)
	recordingBytesDesc = prometheus.NewDesc("proclab_shared_run_bytes", "Estimated memory of the shared recorded runs, in bytes.", nil, nil)
	recordingStepsDesc = prometheus.NewDesc("proclab_run_loads_step_kept_total", "Loads of a shared run that found the step they open kept by an earlier load (its snapshot and engine).", nil, nil)
	recordingLoadsDesc = prometheus.NewDesc("proclab_run_loads_total", "Loads of a simulated run, by how they got its recording: found (shared), waited (for another load recording it) or recorded.", []string{"recording"}, nil)
)

func (c recordingsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- recordingsDesc
	ch <- recordingBytesDesc
	ch <- recordingLoadsDesc
	ch <- recordingStepsDesc
}

func (c recordingsCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.c.Stats()
	ch <- prometheus.MustNewConstMetric(recordingsDesc, prometheus.GaugeValue, float64(st.Runs))
	ch <- prometheus.MustNewConstMetric(recordingBytesDesc, prometheus.GaugeValue, float64(st.Bytes))
	ch <- prometheus.MustNewConstMetric(recordingLoadsDesc, prometheus.CounterValue, float64(st.Hits), "found")
	ch <- prometheus.MustNewConstMetric(recordingLoadsDesc, prometheus.CounterValue, float64(st.Waits), "waited")
	ch <- prometheus.MustNewConstMetric(recordingLoadsDesc, prometheus.CounterValue, float64(st.Misses), "recorded")
	ch <- prometheus.MustNewConstMetric(recordingStepsDesc, prometheus.CounterValue, float64(st.Views))
}
