package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// dropAfter is how long a leave client waits between sending its command
// and dropping the connection.
const dropAfter = 50 * time.Millisecond

// quietTicks is the most CPU (clock ticks, 1/100 s) the server may use in
// a 1 s window and still count as quiet: 10 % of one core.
const quietTicks = 10

// runLeave: --clients clients (8), half of them loading heavyScenario (a
// 1,000,000-step recording with 16 busy CPUs) and half loading
// exploreScenario and asking to explore it, send their commands and drop
// the connection (no close handshake) dropAfter (50 ms) later. The server's CPU time is
// read from /proc/PID/stat every 100 ms for --observe (60 s), and a
// legitimate client steps every 200 ms meanwhile.
//
// Expectations: the server is quiet (under 10 % of a core over a 1 s
// window) within --max-busy (1 s) of the last disconnect, the legitimate
// client is served, peak RSS at most --max-rss (1 GiB), plus the shared
// ones. Needs the server's PID.
func runLeave(ctx context.Context, c *config, t *target) (*Result, error) {
	if t.pid == 0 {
		return nil, fmt.Errorf("leave measures the server's CPU: give --pid or --server-bin")
	}
	rn := newRunner(c, t, "attack leave", c.sampleEvery)
	heavy := heavyScenario()
	// Connect everyone first, so that the commands leave together.
	cls := make([]*simClient, c.clients)
	var wg sync.WaitGroup
	for i := range cls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if cl, err := dialSim(dctx, t.wsURL("/ws")); err == nil {
				cls[i] = cl
			}
		}()
	}
	wg.Wait()
	connected := 0
	for _, cl := range cls {
		if cl != nil {
			connected++
		}
	}
	base, _ := readStat(t.pid)
	sentAt := time.Now()
	for i, cl := range cls {
		if cl == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			if i%2 == 0 {
				_ = cl.send(wctx, map[string]any{"type": "load", "scenario": heavy})
			} else {
				_ = cl.send(wctx, map[string]any{"type": "load", "scenario": exploreScenario})
				_ = cl.send(wctx, map[string]any{"type": "explore"})
			}
			// Long enough for the server to take the command up (a command
			// still queued when the socket closes may be skipped), short
			// enough that it is still working: a tab closed mid-load.
			time.Sleep(dropAfter)
			cl.drop()
		}()
	}
	wg.Wait()
	leftAt := time.Now()

	// A legitimate client steps every 200 ms while the CPU is watched.
	obsCtx, stopObs := context.WithTimeout(ctx, c.observe)
	defer stopObs()
	var legit sync.WaitGroup
	legit.Add(1)
	go func() {
		defer legit.Done()
		rn.outcome(rn.stepper(obsCtx, 200*time.Millisecond))
	}()
	var readings []cpuReading
	prev := base.UTime + base.STime
	if st, err := readStat(t.pid); err == nil {
		prev = st.UTime + st.STime
	}
	quietAt := time.Duration(-1)
	every := time.NewTicker(100 * time.Millisecond)
	for quietAt < 0 {
		select {
		case <-obsCtx.Done():
		case <-every.C:
			st, err := readStat(t.pid)
			if err != nil {
				break
			}
			now := st.UTime + st.STime
			readings = append(readings, cpuReading{time.Since(leftAt), now - prev})
			prev = now
			quietAt = firstQuiet(readings, 10, quietTicks)
			continue
		}
		break
	}
	every.Stop()
	stopObs()
	legit.Wait()
	after, _ := readStat(t.pid)
	cpuAfter := float64(after.UTime+after.STime-base.UTime-base.STime) / 100

	r := rn.finish([]Figure{fig("clients", c.clients, "%d (half heavy loads, half explores)"), fig("observe", c.observe.String(), "%s")})
	r.Figures = append(r.Figures,
		fig("clients connected", connected, "%d"),
		fig("commands sent, all dropped after", leftAt.Sub(sentAt).Seconds()*1000, "%.1f ms"),
		fig("server CPU per second after the last disconnect (% of a core)", perSecond(readings), "%v"),
		fig("server CPU from the commands to quiet", cpuAfter, "%.2f s"))
	busy := "more than " + c.observe.String()
	if quietAt >= 0 {
		busy = fmt.Sprintf("%.1f s", quietAt.Seconds())
		r.Figures = append(r.Figures, fig("busy after the last disconnect", quietAt.Seconds(), "%.1f s"))
	} else {
		r.Figures = append(r.Figures, Figure{Name: "busy after the last disconnect", Value: -1, Text: busy})
	}
	cl := r.Clients
	r.expect(fmt.Sprintf("server quiet (<10%% of a core over 1 s) within %v of the last disconnect", c.maxBusy),
		quietAt >= 0 && quietAt <= c.maxBusy, "busy for %s", busy)
	r.expect("the legitimate client is served", cl.Total == 1 && cl.Served == 1, "%d of %d served", cl.Served, cl.Total)
	rn.expectRSS()
	r.finish()
	return r, nil
}

// cpuReading is the server's CPU use over one interval of about 100 ms.
type cpuReading struct {
	At    time.Duration // the end of the interval, since the last disconnect
	Ticks uint64        // clock ticks (1/100 s) used in it
}

// firstQuiet returns the start of the first run of `window` consecutive
// readings that used at most limit ticks in all (0 when it starts at the
// first reading), or -1 when there is none.
func firstQuiet(rs []cpuReading, window int, limit uint64) time.Duration {
	var sum uint64
	for i, r := range rs {
		sum += r.Ticks
		if i >= window {
			sum -= rs[i-window].Ticks
		}
		if i < window-1 || sum > limit {
			continue
		}
		if start := i - window + 1; start > 0 {
			return rs[start-1].At
		}
		return 0
	}
	return -1
}

// perSecond sums readings into 1 s buckets (ticks per second are percent
// of one core).
func perSecond(rs []cpuReading) []uint64 {
	var out []uint64
	for _, r := range rs {
		i := int(r.At / time.Second)
		for len(out) <= i {
			out = append(out, 0)
		}
		out[i] += r.Ticks
	}
	return out
}

// stepper connects, loads the first lesson and steps (seeking back to 0 at
// the end of the recording) every `every` until ctx ends, recording step
// round trips.
func (rn *runner) stepper(ctx context.Context, every time.Duration) error {
	op := context.WithoutCancel(ctx)
	dctx, cancel := context.WithTimeout(op, 10*time.Second)
	cl, err := dialSim(dctx, rn.t.wsURL("/ws"))
	cancel()
	if err != nil {
		return err
	}
	defer cl.close()
	lctx, cancel := context.WithTimeout(op, 30*time.Second)
	_, total, err := cl.load(lctx, map[string]any{"lesson": firstLesson(cl)})
	cancel()
	if err != nil {
		return err
	}
	step := int64(0)
	for waitCtx(ctx, every) {
		cmd, want, name := map[string]any{"type": "step"}, []string{"events", "status"}, "step"
		if step >= total {
			cmd, want, name, step = map[string]any{"type": "seek", "step": 0}, []string{"snapshot"}, "seek", -1
		}
		sctx, cancel := context.WithTimeout(op, 10*time.Second)
		d, _, err := cl.roundTrip(sctx, cmd, want...)
		cancel()
		if err != nil {
			return err
		}
		rn.add(name, d)
		step++
	}
	return nil
}
