package main

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Sample is one reading of the server's figures from /proc.
type Sample struct {
	T          float64 `json:"t_s"`        // seconds since the scenario began
	RSS        int64   `json:"rss_bytes"`  // VmRSS
	HWM        int64   `json:"hwm_bytes"`  // VmHWM: peak VmRSS since the server started
	FDs        int     `json:"fds"`        // entries of /proc/PID/fd
	Threads    int     `json:"threads"`    // OS threads
	Children   int     `json:"children"`   // descendant processes (live-lab workers and theirs)
	Goroutines int     `json:"goroutines"` // go_goroutines from /metrics; -1 when the server has none
	CPUTicks   uint64  `json:"cpu_ticks"`  // utime+stime, clock ticks (1/100 s)
}

// probe is one GET /healthz.
type probe struct {
	T       time.Duration // since the scenario began
	Latency time.Duration // until the whole answer was read
	OK      bool          // 200 within probeTimeout
	Err     string
}

// probeTimeout is how long a /healthz probe may take before it counts as
// failed.
const probeTimeout = 2 * time.Second

// monitor samples the server's /proc figures every `every` and probes
// /healthz every 100 ms, each probe on a new connection (as a new visitor
// would), until stop. Its methods are safe for concurrent use.
type monitor struct {
	t       *target
	start   time.Time
	every   time.Duration
	client  *http.Client
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	samples []Sample
	probes  []probe
	procErr string // the first /proc read error (the server gone?)
	metrics int    // 0 not yet asked, 1 /metrics has go_goroutines, -1 it has not
}

// startMonitor starts sampling at once. every is the /proc sampling period.
func startMonitor(t *target, every time.Duration) *monitor {
	ctx, cancel := context.WithCancel(context.Background())
	m := &monitor{t: t, start: time.Now(), every: every, cancel: cancel,
		client: probeClient()}
	m.wg.Add(2)
	go m.sampleLoop(ctx)
	go m.probeLoop(ctx)
	return m
}

// since returns the time since the scenario began.
func (m *monitor) since() time.Duration { return time.Since(m.start) }

// stop ends sampling, takes one last sample and waits for probes in flight.
func (m *monitor) stop() {
	m.cancel()
	m.wg.Wait()
	m.sampleOnce(context.Background())
}

func (m *monitor) sampleLoop(ctx context.Context) {
	defer m.wg.Done()
	tick := time.NewTicker(m.every)
	defer tick.Stop()
	for {
		m.sampleOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// sampleOnce reads /proc (and /metrics) and appends a sample. It returns
// the sample and whether it could be read.
func (m *monitor) sampleOnce(ctx context.Context) (Sample, bool) {
	if m.t.pid == 0 {
		return Sample{}, false
	}
	s, err := readSample(m.t.pid)
	s.T = m.since().Seconds()
	s.Goroutines = m.goroutines(ctx)
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		if m.procErr == "" {
			m.procErr = err.Error()
		}
		return s, false
	}
	m.samples = append(m.samples, s)
	return s, true
}

// readSample reads the /proc figures of pid.
func readSample(pid int) (Sample, error) {
	var s Sample
	st, err := readStatus(pid)
	if err != nil {
		return s, err
	}
	s.RSS, s.HWM, s.Threads = st.RSS, st.HWM, st.Threads
	if s.FDs, err = countFDs(pid); err != nil {
		return s, err
	}
	stat, err := readStat(pid)
	if err != nil {
		return s, err
	}
	s.CPUTicks = stat.UTime + stat.STime
	if s.Children, err = countChildren(pid); err != nil {
		return s, err
	}
	return s, nil
}

// goroutines asks /metrics for go_goroutines, once per sample, unless the
// first answer showed that the server has none.
func (m *monitor) goroutines(ctx context.Context) int {
	m.mu.Lock()
	state := m.metrics
	m.mu.Unlock()
	if state < 0 {
		return -1
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	n, err := fetchGoroutines(ctx, m.client, m.t.httpURL("/metrics"))
	m.mu.Lock()
	defer m.mu.Unlock()
	if err == errNoMetrics && m.metrics == 0 {
		m.metrics = -1
	}
	if err != nil {
		return -1
	}
	m.metrics = 1
	return n
}

func (m *monitor) probeLoop(ctx context.Context) {
	defer m.wg.Done()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var inflight sync.WaitGroup
	defer inflight.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		// Each probe has its own goroutine, so that a hanging probe does
		// not hide the ones after it: at most 20 are in flight (2 s / 100 ms).
		inflight.Add(1)
		go func() {
			defer inflight.Done()
			m.addProbe(m.probeOnce())
		}()
	}
}

func (m *monitor) probeOnce() probe {
	p := probe{T: m.since()}
	t0 := time.Now()
	resp, err := m.client.Get(m.t.httpURL("/healthz"))
	if err == nil {
		_, err = readAllLimited(resp.Body, 1<<20)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			p.Err = resp.Status
		}
	}
	p.Latency = time.Since(t0)
	if err != nil {
		p.Err = err.Error()
	}
	p.OK = p.Err == ""
	return p
}

func (m *monitor) addProbe(p probe) {
	m.mu.Lock()
	m.probes = append(m.probes, p)
	m.mu.Unlock()
}

// Samples returns a copy of the samples so far.
func (m *monitor) Samples() []Sample {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Sample(nil), m.samples...)
}

// health summarises the probes that began in [from, to) (to 0: no end).
func (m *monitor) health(from, to time.Duration) HealthFigures {
	m.mu.Lock()
	defer m.mu.Unlock()
	var h HealthFigures
	var lat []time.Duration
	for _, p := range m.probes {
		if p.T < from || (to > 0 && p.T >= to) {
			continue
		}
		h.Probes++
		if !p.OK {
			h.Failed++
			if h.FirstError == "" {
				h.FirstError = p.Err
			}
			continue
		}
		lat = append(lat, p.Latency)
	}
	s := summarize(lat)
	h.P50, h.P99, h.Max = s.P50, s.P99, s.Max
	return h
}

// server summarises the samples.
func (m *monitor) server() ServerFigures {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := ServerFigures{PID: m.t.pid, ProcError: m.procErr, Goroutines: m.metrics > 0}
	if len(m.samples) == 0 {
		return f
	}
	f.Start, f.End = m.samples[0], m.samples[len(m.samples)-1]
	f.Peak = f.Start
	for _, s := range m.samples {
		f.Peak.RSS = max(f.Peak.RSS, s.RSS)
		f.Peak.HWM = max(f.Peak.HWM, s.HWM)
		f.Peak.FDs = max(f.Peak.FDs, s.FDs)
		f.Peak.Threads = max(f.Peak.Threads, s.Threads)
		f.Peak.Children = max(f.Peak.Children, s.Children)
		f.Peak.Goroutines = max(f.Peak.Goroutines, s.Goroutines)
	}
	f.Peak.T, f.Peak.CPUTicks = 0, 0
	f.CPUSeconds = float64(f.End.CPUTicks-f.Start.CPUTicks) / 100
	return f
}
