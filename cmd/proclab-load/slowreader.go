package main

import (
	"context"
	"sync"
	"time"
)

// runSlowReader: --clients attackers (8) each load forkScenario (4,096
// tasks), then send --seeks seeks (250) to steps spread over the run and
// never read again; the attack is held for --hold (30 s) while a
// legitimate client comes every 5 s, then the attackers vanish (no close
// handshake) and the server is watched for 10 s more. The hold ends early
// if the server's RSS passes --abort-rss (6 GiB), to spare the machine.
//
// Expectations: the server's peak RSS is at most --max-rss (512 MiB: the
// queued snapshots must be bounded in bytes, not only in count), every
// legitimate client is served, plus the shared ones.
func runSlowReader(ctx context.Context, c *config, t *target) (*Result, error) {
	rn := newRunner(c, t, "attack slowreader", c.sampleEvery)
	legitCtx, stopLegit := context.WithCancel(ctx)
	var legit sync.WaitGroup
	legit.Add(1)
	go func() {
		defer legit.Done()
		rn.legitLoop(legitCtx, 5*time.Second)
	}()

	type attacker struct {
		cl    *simClient
		total int64
		snap  int64 // bytes of the snapshot of the last step
	}
	atk := make([]*attacker, c.clients)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var loadErrs []string
	for i := range atk {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			cl, err := dialSim(lctx, t.wsURL("/ws"))
			if err == nil {
				var d time.Duration
				var total int64
				d, total, err = cl.load(lctx, map[string]any{"scenario": forkScenario})
				if err == nil {
					rn.add("attacker load", d)
					// One snapshot of the last step, read, to know what each
					// unread seek will cost the server.
					before := cl.read
					d, _, err = cl.roundTrip(lctx, map[string]any{"type": "seek", "step": total}, "snapshot")
					if err == nil {
						rn.add("attacker seek (read)", d)
						atk[i] = &attacker{cl: cl, total: total, snap: cl.read - before}
						return
					}
				}
				cl.drop()
			}
			mu.Lock()
			loadErrs = append(loadErrs, classify(err))
			mu.Unlock()
		}()
	}
	wg.Wait()
	loaded, total, snapBytes := 0, int64(0), int64(0)
	for _, a := range atk {
		if a != nil {
			loaded++
			total, snapBytes = a.total, max(snapBytes, a.snap)
		}
	}
	attackStart := rn.since()
	// The seeks: written in order on each socket; nothing is read from now on.
	sent := make([]int, len(atk))
	for i, a := range atk {
		if a == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rn.rng(1000 + i)
			for k := range c.seeks {
				step := a.total - int64(k) - rng.Int64N(max(1, a.total/4))
				wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				err := a.cl.send(wctx, map[string]any{"type": "seek", "step": max(0, step)})
				cancel()
				if err != nil {
					break
				}
				sent[i]++
			}
		}()
	}
	wg.Wait()
	seeksSent := 0
	for _, n := range sent {
		seeksSent += n
	}
	aborted := rn.holdUnder(ctx, c.hold, c.abortRSSMiB<<20)
	heldPeak := int64(0)
	for _, s := range rn.mon.Samples() {
		heldPeak = max(heldPeak, s.RSS)
	}
	for _, a := range atk {
		if a != nil {
			a.cl.drop()
		}
	}
	released := rn.since()
	waitCtx(ctx, 10*time.Second)
	stopLegit()
	legit.Wait()

	r := rn.finish([]Figure{fig("clients", c.clients, "%d"), fig("seeks", c.seeks, "%d each"), fig("hold", c.hold.String(), "%s")})
	r.Figures = append(r.Figures,
		fig("attackers loaded", loaded, "%d"),
		fig("recording total", total, "%d steps"),
		figBytes("snapshot of the last step", snapBytes),
		fig("seeks written", seeksSent, "%d (a write blocks once the server stops reading)"),
		fig("seconds attacking", (released-attackStart).Seconds(), "%.1f s"),
		figBytes("RSS 10 s after the attackers vanished", r.Server.End.RSS),
		figBytes("peak RSS while held", heldPeak))
	if len(loadErrs) > 0 {
		r.note("%d attackers could not load the 4,096-task scenario (a server may refuse it): %v", len(loadErrs), loadErrs)
	}
	if aborted {
		r.note("the hold was cut short: the server's RSS passed --abort-rss (%d MiB), to spare the machine", c.abortRSSMiB)
	}
	cl := r.Clients
	r.expect("every legitimate client is served", cl.Total > 0 && cl.Served == cl.Total, "%d of %d served", cl.Served, cl.Total)
	rn.expectRSS()
	r.finish()
	return r, nil
}

// holdUnder waits for d, or until the server's RSS (read every 100 ms)
// passes limit bytes; it reports whether the limit cut the wait short.
func (rn *runner) holdUnder(ctx context.Context, d time.Duration, limit int64) bool {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if rn.t.pid != 0 && limit > 0 {
			if st, err := readStatus(rn.t.pid); err == nil && st.RSS > limit {
				return true
			}
		}
		if !waitCtx(ctx, min(100*time.Millisecond, time.Until(end))) {
			return false
		}
	}
	return false
}
