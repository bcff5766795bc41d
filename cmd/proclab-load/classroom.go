package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// runClassroom is a lecture hall: --students websocket clients connect in
// waves of --ramp, each loads a built-in lesson (chosen from hello with its
// seeded generator) and steps at student speed, one command every 2-5 s
// (one in eight a seek back to an earlier step), for --duration.
//
// Expectations: every student is served (gets a session, loads and steps
// without an error), the p99 step round trip is at most --max-step-p99,
// the server's peak RSS is at most --max-rss (1 GiB), plus the shared ones.
func runClassroom(ctx context.Context, c *config, t *target) (*Result, error) {
	need := uint64(c.students) + 256
	if got := raiseNofile(need); got < need {
		return nil, fmt.Errorf("%d students need %d open files; the limit is %d (run as root or raise ulimit -n)", c.students, need, got)
	}
	rn := newRunner(c, t, "classroom", c.sampleEvery)
	var wg sync.WaitGroup
	var lessonsMu sync.Mutex
	lessons := map[string]int{}
	for i := range c.students {
		wave := i / c.ramp
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !waitCtx(ctx, time.Duration(wave)*c.rampEvery) {
				return
			}
			lesson, err := rn.student(ctx, i)
			rn.outcome(err)
			if lesson != "" {
				lessonsMu.Lock()
				lessons[lesson]++
				lessonsMu.Unlock()
			}
		}()
	}
	wg.Wait()
	r := rn.finish([]Figure{fig("students", c.students, "%d"), fig("ramp", c.ramp, "%d"),
		fig("ramp_every", c.rampEvery.String(), "%s"), fig("duration", c.duration.String(), "%s"), fig("seed", c.seed, "%d")})
	r.Figures = append(r.Figures, fig("lessons loaded", len(lessons), "%d different"))
	cl := r.Clients
	r.expect("every student is served", cl.Served == c.students, "%d of %d served, %d refused, %d failed", cl.Served, c.students, cl.Refused, cl.Failed)
	st := r.Latency["step"]
	r.expect(fmt.Sprintf("step round trip p99 <= %v", c.maxStepP99), st.N > 0 && st.P99 <= ms(c.maxStepP99),
		"p99 %.1f ms over %d steps", st.P99, st.N)
	rn.expectRSS()
	r.finish()
	return r, nil
}

// student is one student: connect, load a lesson, step for c.duration. It
// returns the lesson it loaded and the first error.
func (rn *runner) student(ctx context.Context, i int) (string, error) {
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
	lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	d, total, err := cl.load(lctx, map[string]any{"lesson": lesson})
	cancel()
	if err != nil {
		return lesson, err
	}
	rn.add("load", d)
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
