package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"time"
)

// The lecture hall: classroom --play SPEED. Every student connects and
// loads a lesson as in the classroom; once all have loaded (or failed) the
// server is left idle for hallSettle and its memory read; then every
// student plays at SPEED steps per second for --duration (playing again
// from the start whenever the run ends), and the memory is read again half
// way through. The figures are per session: memory over the server's
// starting reading divided by the students served, and the lateness of
// each played step.

// hallSettle is how long every loaded session sits idle before the idle
// memory reading.
const hallSettle = 3 * time.Second

// maxIdleSessionBytes is issue 14's target for an idle session's memory.
const maxIdleSessionBytes = 1 << 20

// hallPhases coordinates the students of a hall: loaded counts the
// students still loading; start is closed when they may play.
type hallPhases struct {
	loaded sync.WaitGroup
	start  chan struct{}
}

// tickLateness is how late the k-th events message (k = 1 for the first)
// after a play command sent at sent arrived at at, when the server plays
// one step every period: a server that keeps up sends step k at sent +
// k*period (its ticker starts when it gets the command, so the round trip
// of the command is counted too). A server that misses ticks falls behind
// the schedule, and the lateness grows.
func tickLateness(sent time.Time, period time.Duration, k int, at time.Time) time.Duration {
	return at.Sub(sent.Add(time.Duration(k) * period))
}

// perSession divides the growth of a memory figure (bytes, from base to
// now) among n sessions; it is 0 for no session and never negative.
func perSession(base, now int64, n int) int64 {
	if n <= 0 || now <= base {
		return 0
	}
	return (now - base) / int64(n)
}

// playStudent is one student of the hall after its load: it reports the
// load done, waits for the start, then plays at c.play steps per second
// (after a random pause of less than one period) until c.duration has
// passed since the start, recording each step's lateness as
// "step->event" (against the schedule: a dropped tick makes every later
// step of that play a period late) and, from the second step of a play,
// "event gap - period" (against the message before, less one period per
// step the message carries: a dropped tick counts
// once).
func (rn *runner) playStudent(ctx context.Context, cl *simClient, ph *hallPhases, done func(), rng *rand.Rand) error {
	done()
	select {
	case <-ph.start:
	case <-ctx.Done():
		return nil
	}
	end := time.Now().Add(rn.cfg.duration)
	pctx, cancel := context.WithDeadline(ctx, end)
	defer cancel()
	period := time.Duration(float64(time.Second) / rn.cfg.play)
	// Students press play within one period of each other, not at the
	// same instant: the server's ticks spread as a real hall's would.
	if !waitCtx(pctx, time.Duration(rng.Int64N(int64(period)))) {
		return nil
	}
	for {
		sent := time.Now()
		if err := cl.send(pctx, map[string]any{"type": "play", "speed": rn.cfg.play}); err != nil {
			return endOrErr(pctx, err)
		}
		k, prev := 0, sent
		for playing := true; playing; {
			h, data, err := cl.next(pctx)
			if err != nil {
				return endOrErr(pctx, err)
			}
			switch h.Type {
			case "error":
				return &protoErr{h.Code, h.Message}
			case "events", "batch":
				// Above 50 steps/s the server sends the steps due as one
				// batch: each of its steps counts, arriving together.
				steps := 1
				if h.Type == "batch" {
					var b struct {
						Frames []json.RawMessage `json:"frames"`
					}
					if err := json.Unmarshal(data, &b); err != nil {
						return fmt.Errorf("batch: %v", err)
					}
					steps = len(b.Frames)
				}
				now := time.Now()
				if k > 0 { // the stutter: how much later than its steps' periods after the message before
					rn.add("event gap - period", tickLateness(prev, period, steps, now))
				}
				for range steps {
					k++
					rn.add("step->event", tickLateness(sent, period, k, now))
				}
				prev = now
			case "status":
				// One answers the play (playing); one with playing
				// false says the run reached its end: play it again.
				var st struct {
					Playing bool `json:"playing"`
				}
				if err := json.Unmarshal(data, &st); err != nil {
					return fmt.Errorf("status: %v", err)
				}
				playing = st.Playing
			}
		}
	}
}

// endOrErr is nil when err comes from the play time running out, else err.
func endOrErr(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil
	}
	return err
}

// hallMem is one reading of the server's memory: VmRSS (needs the PID)
// and go_memstats_heap_inuse_bytes (needs /metrics); -1 when unknown.
type hallMem struct{ rss, heap int64 }

// readHallMem reads the server's memory now.
func (rn *runner) readHallMem(ctx context.Context) hallMem {
	m := hallMem{-1, -1}
	if rn.t.pid != 0 {
		if st, err := readStatus(rn.t.pid); err == nil {
			m.rss = st.RSS
		}
	}
	mctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if v, err := fetchGauge(mctx, probeClient(), rn.t.httpURL("/metrics"), "go_memstats_heap_inuse_bytes"); err == nil {
		m.heap = int64(v)
	}
	return m
}

// hallCPU is the CPU (clock ticks of 1/100 s) the tool, the server and the
// whole machine used from a starting reading; ok is false when one of the
// readings failed.
type hallCPU struct {
	wall            time.Duration
	self, srv, mach uint64
	ok              bool
}

// readHallCPU reads the tool's, the server's and the machine's CPU now.
func (rn *runner) readHallCPU() hallCPU {
	self, ok1 := cpuTicks(os.Getpid())
	srv, ok2 := cpuTicks(rn.t.pid)
	mach, _, err := readMachineCPU()
	return hallCPU{wall: time.Duration(time.Now().UnixNano()), self: self, srv: srv, mach: mach, ok: ok1 && ok2 && err == nil}
}

// since is the CPU used between the reading s and now.
func (s hallCPU) since(now hallCPU) hallCPU {
	d := hallCPU{wall: now.wall - s.wall, ok: s.ok && now.ok}
	if d.ok {
		d.self, d.srv, d.mach = now.self-s.self, now.srv-s.srv, now.mach-s.mach
		d.mach -= min(d.self+d.srv, d.mach) // the other processes
	}
	return d
}

// hallFigures states the memory per session and the CPU while playing.
func hallFigures(base, idle, playing hallMem, served int, cpu hallCPU) []Figure {
	var out []Figure
	per := func(name string, b, n int64) {
		if b < 0 || n < 0 || served == 0 {
			return
		}
		out = append(out, Figure{Name: name, Value: perSession(b, n, served),
			Text: fmt.Sprintf("%s (%s -> %s over %d sessions)", kib(float64(perSession(b, n, served))), mib(b), mib(n), served)})
	}
	per("server RSS per idle session", base.rss, idle.rss)
	per("server Go heap in use per idle session", base.heap, idle.heap)
	per("server RSS per playing session", base.rss, playing.rss)
	per("server Go heap in use per playing session", base.heap, playing.heap)
	if cpu.ok && cpu.wall >= time.Second {
		pct := func(t uint64) string {
			return fmt.Sprintf("%.2f s over %.1f s = %.0f%% of one core (%d cores)", float64(t)/100, cpu.wall.Seconds(),
				float64(t)/cpu.wall.Seconds(), runtime.NumCPU())
		}
		out = append(out, Figure{Name: "server CPU while playing", Value: float64(cpu.srv) / 100, Text: pct(cpu.srv)},
			Figure{Name: "this tool's CPU while playing", Value: float64(cpu.self) / 100, Text: pct(cpu.self)},
			Figure{Name: "other processes' CPU while playing", Value: float64(cpu.mach) / 100, Text: pct(cpu.mach)})
	}
	return out
}
