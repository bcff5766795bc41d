package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// runSoak runs --clients simulation clients that connect, load (a lesson,
// an OSTEP run or the explore scenario), step, seek, go back, play, reset,
// explore, and leave (half of them with a close handshake, half dropping
// the connection), again and again for --duration (60 s); and, when the
// server's live lab is available, --live-clients clients that spawn, stop,
// continue, kill and reap real processes and leave. The server is sampled
// every --sample-every (2 s).
//
// Expectations: memory is flat (the median RSS of the last --window is at
// most the first window's, after --warmup, times 1 + --rss-growth plus
// --rss-slack MiB); the server's fds, child processes and (from /metrics,
// if it has go_goroutines) goroutines return to their starting values
// (fds +2, goroutines +5) within --settle of the clients stopping; no
// client fails other than by a clean refusal; peak RSS at most --max-rss;
// plus the shared ones. Needs the server's PID.
func runSoak(ctx context.Context, c *config, t *target) (*Result, error) {
	if t.pid == 0 {
		return nil, fmt.Errorf("soak checks the server's memory, fds and children: give --pid or --server-bin")
	}
	need := uint64(c.clients+c.liveClients) + fdReserve
	if got := raiseNofile(need); got < need {
		return nil, fmt.Errorf("%d clients need %d open files; the limit is %d", c.clients+c.liveClients, need, got)
	}
	rn := newRunner(c, t, "soak", c.sampleEvery)
	base, ok := rn.mon.sampleOnce(ctx)
	if !ok {
		rn.finish(nil)
		return nil, fmt.Errorf("cannot read /proc/%d", t.pid)
	}
	baseFDs, _ := fdTargets(t.pid)
	liveOn, why := false, "--live-clients 0"
	if c.liveClients > 0 {
		liveOn, why = liveAvailable(ctx, t)
	}
	runCtx, stop := context.WithTimeout(ctx, c.duration)
	defer stop()
	var wg sync.WaitGroup
	var liveCycles, liveErrs sync.Map
	for i := range c.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rn.soakSim(runCtx, i)
		}()
	}
	if liveOn {
		for i := range c.liveClients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, errs := rn.soakLive(runCtx, i)
				liveCycles.Store(i, n)
				liveErrs.Store(i, errs)
			}()
		}
	}
	wg.Wait()
	stoppedAt := time.Now()

	// Settle: everything the clients held must be given back.
	var end Sample
	settled := false
	for {
		if s, ok := rn.mon.sampleOnce(ctx); ok {
			end = s
			if end.FDs <= base.FDs+2 && end.Children <= base.Children && (base.Goroutines < 0 || end.Goroutines <= base.Goroutines+5) {
				settled = true
				break
			}
		}
		if time.Since(stoppedAt) > c.settle || ctx.Err() != nil {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	settleTime := time.Since(stoppedAt)
	endFDs, _ := fdTargets(t.pid)

	r := rn.finish([]Figure{fig("duration", c.duration.String(), "%s"), fig("clients", c.clients, "%d"),
		fig("live_clients", c.liveClients, "%d"), fig("warmup", c.warmup.String(), "%s"), fig("window", c.window.String(), "%s"),
		fig("sample_every", c.sampleEvery.String(), "%s"), fig("seed", c.seed, "%d")})
	cycles, lerrs := 0, map[string]int{}
	liveCycles.Range(func(_, v any) bool { cycles += v.(int); return true })
	liveErrs.Range(func(_, v any) bool {
		for k, n := range v.(map[string]int) {
			lerrs[k] += n
		}
		return true
	})
	if liveOn {
		r.Figures = append(r.Figures, fig("live cycles (spawn 3, stop/cont, kill, reap, leave)", cycles, "%d"))
		if len(lerrs) > 0 {
			r.note("live-lab errors: %v", lerrs)
		}
	} else {
		r.note("no live-lab clients: %s", why)
	}
	r.Figures = append(r.Figures,
		fig("baseline fds / children / goroutines", fmt.Sprintf("%d / %d / %s", base.FDs, base.Children, orNA(base.Goroutines)), "%s"),
		fig("after settling", fmt.Sprintf("%d / %d / %s (%.1f s after the clients stopped)", end.FDs, end.Children, orNA(end.Goroutines), settleTime.Seconds()), "%s"))
	first, last, flat, err := flatMemory(rn.mon.Samples(), c.warmup, c.window, c.duration, c.rssGrowth, c.rssSlackMiB<<20)
	name := fmt.Sprintf("memory is flat (last window's median RSS <= first's x %.2f + %d MiB)", 1+c.rssGrowth, c.rssSlackMiB)
	if err != nil {
		r.expect(name, false, "%v", err)
	} else {
		r.Figures = append(r.Figures,
			fig("RSS median / peak, first window", mib(first.Median)+" / "+mib(first.Max), "%s"),
			fig("RSS median / peak, last window", mib(last.Median)+" / "+mib(last.Max), "%s"))
		r.expect(name, flat, "first %s, last %s, bound %s", mib(first.Median), mib(last.Median),
			mib(rssBound(first.Median, c.rssGrowth, c.rssSlackMiB<<20)))
	}
	extra := diffCounts(baseFDs, endFDs)
	r.expect(fmt.Sprintf("fds back to the baseline (+2) within %v", c.settle), end.FDs <= base.FDs+2,
		"baseline %d, now %d%s", base.FDs, end.FDs, ifNotEmpty("; new: ", extra))
	r.expect(fmt.Sprintf("child processes back to the baseline within %v", c.settle), end.Children <= base.Children,
		"baseline %d, now %d", base.Children, end.Children)
	if base.Goroutines < 0 {
		r.skip("goroutines back to the baseline (+5)", "the server has no go_goroutines at /metrics")
	} else {
		r.expect(fmt.Sprintf("goroutines back to the baseline (+5) within %v", c.settle), end.Goroutines <= base.Goroutines+5,
			"baseline %d, now %d", base.Goroutines, end.Goroutines)
	}
	if !settled {
		r.note("still not back to the baseline %v after the clients stopped", c.settle)
	}
	cl := r.Clients
	failed := cl.Failed
	for _, n := range lerrs {
		failed += n
	}
	r.expect("no client fails (clean refusals allowed)", failed == 0, "%d sessions, %d served, %d refused, %d failed; %d live-lab errors",
		cl.Total, cl.Served, cl.Refused, cl.Failed, failed-cl.Failed)
	rn.expectRSS()
	r.finish()
	return r, nil
}

// windowRSS is the server's RSS over one window of samples.
type windowRSS struct {
	N      int   // samples in the window
	Median int64 // bytes: the typical RSS, which a leak raises and a burst does not
	Max    int64 // bytes
}

// rssIn returns the RSS figures of the samples taken in [from, to]
// (sample times are seconds since the scenario began).
func rssIn(s []Sample, from, to time.Duration) windowRSS {
	var v []int64
	for _, x := range s {
		if t := time.Duration(x.T * float64(time.Second)); t >= from && t <= to {
			v = append(v, x.RSS)
		}
	}
	if len(v) == 0 {
		return windowRSS{}
	}
	slices.Sort(v)
	return windowRSS{N: len(v), Median: v[(len(v)-1)/2], Max: v[len(v)-1]}
}

// flatMemory compares the first window (from warmup to warmup+window) with
// the last (the final window before duration): memory is flat when the
// last window's median RSS is at most the first's times 1+growth plus slack
// bytes. Medians, not peaks: a burst of concurrent explorations lifts one
// sample, a leak lifts them all.
func flatMemory(s []Sample, warmup, window, duration time.Duration, growth float64, slack int64) (first, last windowRSS, ok bool, err error) {
	first, last = rssIn(s, warmup, warmup+window), rssIn(s, duration-window, duration)
	if first.N == 0 || last.N == 0 {
		return first, last, false, errors.New("no samples in the first or the last window (lower --sample-every or lengthen --duration)")
	}
	return first, last, last.Median <= rssBound(first.Median, growth, slack), nil
}

// rssBound is base x (1 + growth) + slack, in bytes.
func rssBound(base int64, growth float64, slack int64) int64 {
	return int64(float64(base)*(1+growth)) + slack
}

func orNA(n int) string {
	if n < 0 {
		return "n/a"
	}
	return fmt.Sprint(n)
}

func ifNotEmpty(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// soakSim is simulation client i of the soak: sessions one after another
// until ctx ends, each tallied.
func (rn *runner) soakSim(ctx context.Context, i int) {
	rng := rn.rng(i)
	for ctx.Err() == nil {
		err := rn.soakSession(ctx, rng)
		if ctx.Err() != nil && err != nil && errors.Is(err, context.Canceled) {
			return // the soak ended mid-session
		}
		rn.outcome(err)
		var re *refusedError
		if errors.As(err, &re) {
			waitCtx(ctx, time.Second)
		}
	}
}

// soakSession is one session: connect, load, 5 to 40 random actions 50 to
// 300 ms apart, leave (half the time abruptly).
func (rn *runner) soakSession(ctx context.Context, rng *rand.Rand) error {
	op := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 15*time.Second) }
	octx, cancel := op()
	cl, err := dialSimFrom(octx, rn.t.wsURL("/ws"), sourceClient(poolStudents, rng.IntN(1000)))
	cancel()
	if err != nil {
		return err
	}
	defer func() {
		if rng.IntN(2) == 0 {
			cl.drop()
		} else {
			cl.close()
		}
	}()
	var races []string
	for _, l := range cl.hello.Lessons {
		if l.Topic == "races" {
			races = append(races, l.ID)
		}
	}
	total, explorable := int64(0), false
	load := func() error {
		var cmd map[string]any
		explorable = false
		switch k := rng.IntN(10); {
		case k < 7:
			l := cl.hello.Lessons[rng.IntN(len(cl.hello.Lessons))]
			cmd = map[string]any{"lesson": l.ID}
			explorable = l.Topic == "races"
		case k < 9:
			cmd = map[string]any{"ostep": fmt.Sprintf("process-run -l %d:50,%d:50,3:100 -s %d", 2+rng.IntN(8), 2+rng.IntN(8), rng.IntN(100))}
		default:
			cmd = map[string]any{"scenario": exploreScenario}
			explorable = true
		}
		octx, cancel := op()
		defer cancel()
		d, tot, err := cl.load(octx, cmd)
		if err == nil {
			rn.add("load", d)
			total = tot
		}
		return err
	}
	if len(cl.hello.Lessons) == 0 {
		return errors.New("hello lists no lessons")
	}
	if err := load(); err != nil {
		return err
	}
	for range 5 + rng.IntN(36) {
		if !waitCtx(ctx, time.Duration(50+rng.IntN(250))*time.Millisecond) {
			return nil
		}
		var err error
		k := rng.IntN(100)
		octx, cancel := op()
		switch {
		case k < 45:
			err = rn.timed(octx, cl, "step", map[string]any{"type": "step"}, "events", "status")
		case k < 60:
			err = rn.timed(octx, cl, "seek", map[string]any{"type": "seek", "step": rng.Int64N(total + 1)}, "snapshot")
		case k < 70:
			err = rn.timed(octx, cl, "back", map[string]any{"type": "back"}, "snapshot")
		case k < 75 && explorable:
			err = rn.timed(octx, cl, "explore", map[string]any{"type": "explore"}, "explored")
		case k < 80:
			if err = rn.timed(octx, cl, "play", map[string]any{"type": "play", "speed": 50}, "status"); err == nil {
				waitCtx(ctx, 300*time.Millisecond)
				err = rn.timed(octx, cl, "pause", map[string]any{"type": "pause"}, "status")
			}
		case k < 90:
			err = rn.timed(octx, cl, "reset", map[string]any{"type": "reset"}, "snapshot")
		default:
			err = load()
		}
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
	return nil
}

// timed runs one round trip and records it under op.
func (rn *runner) timed(ctx context.Context, cl *simClient, op string, cmd map[string]any, want ...string) error {
	d, _, err := cl.roundTrip(ctx, cmd, want...)
	if err == nil {
		rn.add(op, d)
	}
	return err
}

// soakLive is live client i: cycles of connect, spawn a sleeper, a CPU
// burner and a forker, stop and continue the burner, kill and reap the
// sleeper, then leave (half the time abruptly; the server must kill what
// the client started either way). It returns the cycles completed and its
// errors by cause (a refusal for the process cap counts too).
func (rn *runner) soakLive(ctx context.Context, i int) (int, map[string]int) {
	rng := rn.rng(10_000 + i)
	errs := map[string]int{}
	cycles := 0
	for ctx.Err() == nil {
		err := rn.liveCycle(ctx, rng)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			errs[classify(err)]++
			waitCtx(ctx, time.Second)
			continue
		}
		cycles++
		waitCtx(ctx, time.Duration(300+rng.IntN(700))*time.Millisecond)
	}
	return cycles, errs
}

func (rn *runner) liveCycle(ctx context.Context, rng *rand.Rand) error {
	octx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	l, err := dialLive(octx, rn.t.wsURL("/ws/live"))
	if err != nil {
		return err
	}
	drop := rng.IntN(2) == 0
	defer func() { l.close(drop) }()
	do := func(op string, cmd map[string]any) (int, error) {
		t0 := time.Now()
		a, err := l.do(octx, cmd)
		if err == nil {
			rn.add(op, time.Since(t0))
		}
		return a.PID, err
	}
	sleeper, err := do("live spawn", map[string]any{"type": "spawn", "workload": "sleep", "args": map[string]int{"ms": 60000}})
	if err != nil {
		return err
	}
	burner, err := do("live spawn", map[string]any{"type": "spawn", "workload": "cpu", "args": map[string]int{"duty": 20}})
	if err != nil {
		return err
	}
	if _, err := do("live spawn", map[string]any{"type": "spawn", "workload": "forker", "args": map[string]int{"children": 3, "exit_ms": 100, "reap": 0}}); err != nil {
		return err
	}
	waitCtx(ctx, time.Duration(200+rng.IntN(400))*time.Millisecond)
	for _, sig := range []string{"STOP", "CONT"} {
		if _, err := do("live signal", map[string]any{"type": "signal", "pid": burner, "signal": sig}); err != nil {
			return err
		}
	}
	if _, err := do("live signal", map[string]any{"type": "signal", "pid": sleeper, "signal": "KILL"}); err != nil {
		return err
	}
	// The sleeper is a zombie child of the lab once the kill lands; reap it
	// (a few tries: the lab may not have seen it exit yet).
	for try := 0; ; try++ {
		_, err := do("live reap", map[string]any{"type": "reap", "pid": sleeper})
		var pe *protoErr
		if err == nil || try == 20 || !errors.As(err, &pe) || pe.code != "bad_state" {
			return err
		}
		waitCtx(ctx, 50*time.Millisecond)
	}
}
