package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// runner holds what every scenario uses: the target, the monitor, the
// result being filled, and the tallies of legitimate clients. The tallies
// and latencies are safe for concurrent use.
type runner struct {
	cfg   *config
	t     *target
	mon   *monitor
	r     *Result
	start time.Time

	mu      sync.Mutex
	lat     map[string][]time.Duration
	clients ClientFigures
}

// newRunner starts the monitor for a scenario.
func newRunner(cfg *config, t *target, scenario string, every time.Duration) *runner {
	rn := &runner{cfg: cfg, t: t, start: time.Now(), lat: map[string][]time.Duration{},
		r:       &Result{Scenario: scenario, Command: cfg.commandLine(), Latency: map[string]Summary{}, Notes: []string{}, Figures: []Figure{}},
		clients: ClientFigures{Errors: map[string]int{}}}
	if t.pid != 0 {
		if soft, _, err := readNofile(t.pid); err == nil {
			rn.r.Server.NofileSoft = soft
		}
	}
	rn.mon = startMonitor(t, every)
	return rn
}

// rng returns a generator for client i, derived from --seed.
func (rn *runner) rng(i int) *rand.Rand {
	return rand.New(rand.NewPCG(rn.cfg.seed, uint64(i)+1))
}

// since returns the time since the scenario began.
func (rn *runner) since() time.Duration { return time.Since(rn.start) }

// add records one round trip of operation op.
func (rn *runner) add(op string, d time.Duration) {
	rn.mu.Lock()
	rn.lat[op] = append(rn.lat[op], d)
	rn.mu.Unlock()
}

// latencies returns a copy of the round trips of op.
func (rn *runner) latencies(op string) []time.Duration {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	return append([]time.Duration(nil), rn.lat[op]...)
}

// outcome tallies one legitimate client: served when err is nil, refused
// for a *refusedError, failed otherwise.
func (rn *runner) outcome(err error) {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	rn.clients.Total++
	var re *refusedError
	switch {
	case err == nil:
		rn.clients.Served++
		return
	case errors.As(err, &re):
		rn.clients.Refused++
	default:
		rn.clients.Failed++
	}
	rn.clients.Errors[classify(err)]++
}

// finish stops the monitor, fills the result and checks the expectations
// every scenario shares: the server stays up and /healthz answers.
func (rn *runner) finish(params []Figure) *Result {
	rn.mon.stop()
	r := rn.r
	r.Params = params
	r.Seconds = rn.since().Seconds()
	nofile := r.Server.NofileSoft
	r.Server = rn.mon.server()
	r.Server.NofileSoft = nofile
	r.Health = rn.mon.health(0, 0)
	rn.mu.Lock()
	r.Clients = rn.clients
	for op, ds := range rn.lat {
		r.Latency[op] = summarize(ds)
	}
	rn.mu.Unlock()
	r.Samples = thin(rn.mon.Samples(), 600)
	alive := rn.t.alive()
	detail := "it is running"
	if !alive {
		detail = "the server exited during the scenario"
		if rn.t.logPath != "" {
			detail += "; the end of its log: " + tail(rn.t.logPath, 600)
		}
	}
	r.expect("the server stays up", alive, "%s", detail)
	h := r.Health
	r.expect("/healthz answers every probe (200 within 2 s, probed every 100 ms)", h.Probes > 0 && h.Failed == 0,
		"%d of %d probes failed; p99 %.1f ms, max %.1f ms", h.Failed, h.Probes, h.P99, h.Max)
	r.finish()
	return r
}

// expectRSS checks the server's peak RSS against cfg.maxRSS (MiB).
func (rn *runner) expectRSS() {
	name := fmt.Sprintf("server RSS peak <= %d MiB", rn.cfg.maxRSSMiB)
	if rn.t.pid == 0 {
		rn.r.skip(name, "no --pid")
		return
	}
	peak := int64(0)
	for _, s := range rn.mon.Samples() {
		peak = max(peak, s.RSS)
	}
	rn.r.expect(name, peak <= rn.cfg.maxRSSMiB<<20, "peak %s", mib(peak))
}

// thin keeps at most n samples, evenly spread, always with the last.
func thin(s []Sample, n int) []Sample {
	if len(s) <= n {
		return s
	}
	out := make([]Sample, 0, n)
	for i := range n - 1 {
		out = append(out, s[i*len(s)/(n-1)])
	}
	return append(out, s[len(s)-1])
}

// tail returns the last n bytes of a file, on one line.
func tail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err.Error()
	}
	off := max(0, st.Size()-n)
	b := make([]byte, st.Size()-off)
	_, _ = f.ReadAt(b, off)
	return strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", " | ")
}

// readAllLimited reads and discards at most n bytes of r.
func readAllLimited(r io.Reader, n int64) (int64, error) {
	return io.Copy(io.Discard, io.LimitReader(r, n))
}

// legitClient is one ordinary visitor: it connects, loads lesson, takes
// `steps` steps (recording "load" and "step" round trips) and leaves. Every
// operation has a 10 s deadline.
func (rn *runner) legitClient(ctx context.Context, lesson string, steps int) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second+time.Duration(steps)*10*time.Second)
	defer cancel()
	c, err := dialSimFrom(ctx, rn.t.wsURL("/ws"), sourceClient(poolVisitors, int(visitorSeq.Add(1))))
	if err != nil {
		return err
	}
	defer c.close()
	if lesson == "" && len(c.hello.Lessons) > 0 {
		lesson = c.hello.Lessons[0].ID
	}
	d, _, err := c.load(ctx, map[string]any{"lesson": lesson})
	if err != nil {
		return err
	}
	rn.add("load", d)
	for range steps {
		d, _, err := c.roundTrip(ctx, map[string]any{"type": "step"}, "events", "status")
		if err != nil {
			return err
		}
		rn.add("step", d)
	}
	return nil
}

// legitLoop runs a legitimate client at once and then every `every` until
// ctx ends; a client already running when ctx ends is let finish.
func (rn *runner) legitLoop(ctx context.Context, every time.Duration) {
	for {
		rn.outcome(rn.legitClient(context.WithoutCancel(ctx), "", 5))
		if !waitCtx(ctx, every) {
			return
		}
	}
}

// visitorSeq numbers legitimate visitors, each from an address of its own.
var visitorSeq atomic.Int64
