package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"proclab/internal/workload"
)

// runClassroom is a lecture hall: --students websocket clients connect in
// waves of --ramp, each loads a built-in lesson (chosen from hello with its
// seeded generator) and steps at student speed, one command every 2-5 s
// (one in eight a seek back to an earlier step), for --duration.
//
// With --play SPEED it is a lecture hall (hall.go): the students play
// instead, all at once after every one has loaded, and the figures include
// the memory per idle and per playing session.
//
// Expectations: every student is served (gets a session, loads and steps
// without an error), the p99 step round trip is at most --max-step-p99,
// the server's peak RSS is at most --max-rss (1 GiB), plus the shared ones;
// with --play the p99 bound is on the played steps' lateness and an idle
// session may take at most 1 MiB of Go heap.
func runClassroom(ctx context.Context, c *config, t *target) (*Result, error) {
	need := uint64(c.students) + 256
	if got := raiseNofile(need); got < need {
		return nil, fmt.Errorf("%d students need %d open files; the limit is %d (run as root or raise ulimit -n)", c.students, need, got)
	}
	rn := newRunner(c, t, "classroom", c.sampleEvery)
	ph := &hallPhases{start: make(chan struct{})}
	var base, idle, playing hallMem
	var cpu0, cpu hallCPU
	var hall sync.WaitGroup
	if c.play > 0 {
		base = rn.readHallMem(ctx)
		ph.loaded.Add(c.students)
		hall.Add(1)
		go func() { // the phases: idle once all have loaded, then playing
			defer hall.Done()
			ph.loaded.Wait()
			waitCtx(ctx, hallSettle)
			idle = rn.readHallMem(ctx)
			rn.r.note("every student loaded at %.1f s; idle reading at %.1f s; playing from %.1f s", (rn.since() - hallSettle).Seconds(), rn.since().Seconds(), rn.since().Seconds())
			cpu0 = rn.readHallCPU()
			close(ph.start)
			waitCtx(ctx, c.duration/2)
			playing = rn.readHallMem(ctx)
		}()
	}
	var wg sync.WaitGroup
	var lessonsMu sync.Mutex
	lessons := map[string]int{}
	for i := range c.students {
		wave := i / c.ramp
		wg.Add(1)
		go func() {
			defer wg.Done()
			var once sync.Once
			done := func() {
				if c.play > 0 {
					once.Do(ph.loaded.Done)
				}
			}
			defer done()
			if !waitCtx(ctx, time.Duration(wave)*c.rampEvery) {
				return
			}
			lesson, err := rn.student(ctx, i, ph, done)
			rn.outcome(err)
			if lesson != "" {
				lessonsMu.Lock()
				lessons[lesson]++
				lessonsMu.Unlock()
			}
		}()
	}
	wg.Wait()
	if c.play > 0 {
		cpu = cpu0.since(rn.readHallCPU())
		hall.Wait()
	}
	r := rn.finish([]Figure{fig("students", c.students, "%d"), fig("ramp", c.ramp, "%d"),
		fig("ramp_every", c.rampEvery.String(), "%s"), fig("duration", c.duration.String(), "%s"), fig("seed", c.seed, "%d")})
	r.Figures = append(r.Figures, fig("lessons loaded", len(lessons), "%d different"))
	cl := r.Clients
	r.expect("every student is served", cl.Served == c.students, "%d of %d served, %d refused, %d failed", cl.Served, c.students, cl.Refused, cl.Failed)
	op, what := "step", "step round trip"
	if c.play > 0 {
		op, what = "step->event", fmt.Sprintf("lateness of a played step (%g steps/s)", c.play)
		r.Params = append(r.Params, fig("play", c.play, "%g steps/s"))
		r.Figures = append(r.Figures, hallFigures(base, idle, playing, cl.Served, cpu)...)
		if base.heap >= 0 && idle.heap >= 0 {
			per := perSession(base.heap, idle.heap, cl.Served)
			r.expect(fmt.Sprintf("Go heap per idle session <= %d KiB", maxIdleSessionBytes>>10), cl.Served > 0 && per <= maxIdleSessionBytes,
				"%.1f KiB over %d sessions", float64(per)/1024, cl.Served)
		} else {
			r.skip(fmt.Sprintf("Go heap per idle session <= %d KiB", maxIdleSessionBytes>>10), "no go_memstats_heap_inuse_bytes at /metrics")
		}
	}
	st := r.Latency[op]
	r.expect(fmt.Sprintf("%s p99 <= %v", what, c.maxStepP99), st.N > 0 && st.P99 <= ms(c.maxStepP99),
		"p99 %.1f ms over %d steps", st.P99, st.N)
	rn.expectRSS()
	r.finish()
	return r, nil
}

// student is one student: connect, load a lesson, step for c.duration (or,
// with --play, call loaded and play: playStudent). It returns the lesson it
// loaded and the first error.
func (rn *runner) student(ctx context.Context, i int, ph *hallPhases, loaded func()) (string, error) {
	rng := rn.rng(i)
	dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	cl, err := dialSimFrom(dctx, rn.t.wsURL("/ws"), sourceClient(poolStudents, i))
	cancel()
	if err != nil {
		return "", err
	}
	defer cl.close()
	if len(cl.hello.Lessons) == 0 {
		return "", fmt.Errorf("hello lists no lessons")
	}
	lesson := cl.hello.Lessons[rng.IntN(len(cl.hello.Lessons))].ID
	cmd := map[string]any{"lesson": lesson}
	if rn.cfg.largest {
		lesson, cmd = "the largest run", map[string]any{"scenario": workload.Largest(), "step": 3906}
	}
	lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	d, total, err := cl.load(lctx, cmd)
	cancel()
	if err != nil {
		return lesson, err
	}
	rn.add("load", d)
	if rn.cfg.play > 0 {
		return lesson, rn.playStudent(ctx, cl, ph, loaded, rng)
	}
	end := time.Now().Add(rn.cfg.duration)
	step := int64(0)
	for {
		pause := 2*time.Second + time.Duration(rng.Int64N(int64(3*time.Second)))
		if time.Now().Add(pause).After(end) || !waitCtx(ctx, pause) {
			return lesson, nil
		}
		cmd, op := map[string]any{"type": "step"}, "step"
		want := []string{"events", "status"}
		if step > 0 && rng.IntN(8) == 0 {
			step = rng.Int64N(step)
			cmd, op, want = map[string]any{"type": "seek", "step": step}, "seek", []string{"snapshot"}
		} else if step < total {
			step++
		}
		octx, cancel := context.WithTimeout(ctx, 10*time.Second)
		d, _, err := cl.roundTrip(octx, cmd, want...)
		cancel()
		if err != nil {
			return lesson, err
		}
		rn.add(op, d)
	}
}
