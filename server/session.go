package server

import (
	"context"
	"strings"
	"time"

	"github.com/coder/websocket"

	"proclab/lab"
	"proclab/sim"
)

// session carries one client's lab.Session over a websocket. Only its run
// goroutine touches it; it owns the play clock, which lab does not have.
type session struct {
	srv      *Server
	k        *socket
	lab      *lab.Session
	ctx      context.Context // ends when the client goes (long work polls it)
	runBytes int64           // the open run's memory, reserved in srv.meter
	playing  bool
	speed    float64
	ticker   *time.Ticker
	jobs     exploreJobs // explore numbering and cancels (explore_job.go)
}

// run owns the session until ctx ends or cmds is closed.
func (s *session) run(ctx context.Context, cmds <-chan []byte) {
	s.ctx = ctx
	s.speed = lab.DefaultSpeed
	defer func() {
		s.stopTicker()
		s.srv.meter.changeRun(s.k.share, -s.runBytes)
		s.runBytes = 0
	}()
	for {
		var tick <-chan time.Time
		if s.ticker != nil {
			tick = s.ticker.C
		}
		select {
		case <-ctx.Done():
			return
		case data, ok := <-cmds:
			if !ok {
				return
			}
			// Every command takes a server-wide work slot: what a step
			// costs grows with the run (a snapshot of thousands of tasks is
			// megabytes), so the slots bound the server's CPU and memory.
			err := s.srv.work(ctx, s.k.share, func() error { return s.handle(data) })
			if err != nil && ctx.Err() == nil {
				_, we := toWireError(err)
				if we.Code == "internal" {
					s.srv.log.Error("command failed", "err", err, "seed", s.lab.Seed(), "choices", s.lab.Choices())
				}
				s.send(we)
			}
		case <-tick:
			_ = s.srv.work(ctx, s.k.share, func() error { s.playTick(); return nil })
		}
	}
}

func (s *session) send(v any) int { return s.k.send(v) }

// stop reports whether the client went: long work polls it.
func (s *session) stop() bool { return s.ctx.Err() != nil || s.k.closing.Load() }

func (s *session) handle(data []byte) (err error) {
	defer func() {
		// A bug must not take the server down: report it to this client,
		// with what is needed to reproduce it, and carry on.
		if r := recover(); r != nil {
			s.srv.log.Error("session panic", "panic", r, "seed", s.lab.Seed(), "choices", s.lab.Choices(), "command", truncate(string(data), 200))
			err = errorf(errInternal, "the simulator failed on this command: %v", r)
		}
	}()
	c, err := decodeCommand(data)
	if err != nil {
		return err
	}
	s.jobs.taken(c.Type) // numbers explores as the reader did (explore_job.go)
	s.srv.metrics.commands.WithLabelValues(c.Type).Inc()
	if c.Type == "shorten" { // needs no run
		code, err := s.srv.shorten(s.ctx, s.k.share.addr, strings.TrimPrefix(c.Link, "#"))
		if err != nil {
			return err
		}
		s.send(wireShort{V: ProtocolVersion, Type: "short", Code: code, URL: "/s/" + code})
		return nil
	}
	if c.Type != "load" && !s.lab.Loaded() {
		return lab.Errorf(lab.CodeNoScenario, "load a lesson or a scenario first")
	}
	switch c.Type {
	case "load":
		return s.load(c)
	case "step":
		s.pause(false)
		s.stepForward()
	case "back":
		s.pause(false)
		s.seek(s.lab.Step() - 1)
	case "seek":
		s.pause(false)
		s.seek(*c.Step)
	case "play":
		if c.Speed != nil {
			s.speed = min(*c.Speed, lab.MaxSpeed)
		}
		if s.speed <= 0 {
			s.speed = lab.DefaultSpeed
		}
		if s.lab.AtEnd() {
			s.seek(0) // play from the start again, as a media player does
		}
		s.playing = true
		s.stopTicker()
		s.ticker = time.NewTicker(time.Duration(float64(time.Second) / s.speed))
		s.sendStatus()
	case "pause":
		s.pause(true)
	case "reset":
		s.pause(false)
		s.seek(0)
	case "choose":
		return s.choose(c.PID)
	case "explore":
		return s.explore()
	case "next_interesting":
		s.pause(false)
		s.nextInteresting(c.Kinds)
	}
	return nil
}

// load opens a run. Its memory is reserved from the server's run budget;
// on any error the session keeps what it had.
func (s *session) load(c command) error {
	s.pause(false)
	next := lab.NewSession(s.srv.lessons)
	snap, err := next.Load(c.loadRequest(), s.stop)
	if err != nil {
		return err
	}
	if err := s.swap(next); err != nil {
		return err
	}
	s.send(toWireLoaded(s.lab.Run()))
	s.send(toWireSnapshot(snap))
	return nil
}

// swap makes next the open run if the run memory budgets (this client's
// and the server's) allow it; otherwise the old run stays open.
func (s *session) swap(next *lab.Session) error {
	n := next.Bytes()
	if !s.srv.meter.changeRun(s.k.share, n-s.runBytes) {
		s.srv.metrics.rejected("run_bytes")
		return errorf(errBusy, "the memory for open runs is full (this run needs about %d KiB; one machine may keep %d MiB, the server %d MiB); close other tabs, try later or open a smaller run",
			n>>10, s.srv.budgets.RunBytesPerClient>>20, s.srv.budgets.RunBytes>>20)
	}
	s.lab, s.runBytes = next, n
	return nil
}

// choose makes the pending manual decision: the run is recorded again with
// the new choice and moves one step on.
func (s *session) choose(pid sim.PID) error {
	s.pause(false)
	next := s.lab.Clone()
	f, snap, err := next.Choose(pid, s.stop)
	if err != nil {
		return err
	}
	if err := s.swap(next); err != nil {
		return err
	}
	switch {
	case snap != nil:
		s.send(toWireSnapshot(*snap))
	case f != nil:
		s.send(toWireFrame(*f))
	}
	s.sendStatus()
	return nil
}

// ScanTime bounds one next_interesting search: past it the answer is
// that none was found up to the step reached (a run has at most
// lab.MaxSteps steps, some of them slow to compute).
const ScanTime = 3 * time.Second

// wireInteresting answers next_interesting (issue 12, part 2): the step
// it moved to and why (Found; a snapshot of the step follows), or that no
// step up to Searched has an event of the reasons asked for (Complete
// false: the search stopped at ScanTime before the end of the run).
type wireInteresting struct {
	V        int     `json:"v"`
	Type     string  `json:"type"`
	Found    bool    `json:"found"`
	Step     int64   `json:"step,omitempty"`
	Reason   string  `json:"reason,omitempty"`
	Task     sim.PID `json:"task,omitempty"`
	Other    sim.PID `json:"other,omitempty"`
	From     int64   `json:"from"`
	Searched int64   `json:"searched"`
	Complete bool    `json:"complete"`
}

// nextInteresting moves to the first step after the cursor with an
// event a teacher stops at (lab.NextInteresting), searching for at most
// ScanTime; it says why it stopped there, or that it found none and
// stays.
func (s *session) nextInteresting(kinds []string) {
	want, _ := lab.ParseReasons(kinds) // decodeCommand checked them
	from := s.lab.Step()
	deadline := time.Now().Add(ScanTime)
	sc := s.lab.NextInteresting(want, func() bool { return s.stop() || time.Now().After(deadline) })
	msg := wireInteresting{V: ProtocolVersion, Type: "interesting", Found: sc.Found, From: from, Searched: sc.Searched, Complete: sc.Complete}
	if sc.Found {
		msg.Step, msg.Reason, msg.Task, msg.Other = sc.Hit.Step, string(sc.Hit.Reason), sc.Hit.Task, sc.Hit.Other
	}
	s.send(msg)
	if sc.Found {
		s.seek(sc.Hit.Step)
	}
}

// seek shows step n (clamped) with a snapshot.
func (s *session) seek(n int64) { s.send(toWireSnapshot(s.lab.At(n))) }

// stepForward moves one step on and sends its events (returning their
// size in bytes); at the end it only reports the status.
func (s *session) stepForward() (bytes int, ok bool) {
	f, ok := s.lab.Forward()
	if !ok {
		s.sendStatus()
		return 0, false
	}
	return s.send(toWireFrame(f)), true
}

// PlayBytesPerSecond bounds what playing sends one client: a run whose
// steps are large (thousands of tasks) plays slower than asked rather than
// make the server serialise and send more than this.
const PlayBytesPerSecond = 4 << 20

func (s *session) playTick() {
	n, ok := s.stepForward()
	if !ok || s.lab.AtEnd() {
		s.pause(true)
		return
	}
	if period := time.Duration(float64(time.Second) * float64(n) / PlayBytesPerSecond); period > time.Duration(float64(time.Second)/s.speed) {
		s.ticker.Reset(period)
	}
}

func (s *session) pause(report bool) {
	was := s.playing
	s.playing = false
	s.stopTicker()
	if report || was {
		s.sendStatus()
	}
}

func (s *session) stopTicker() {
	if s.ticker != nil {
		s.ticker.Stop()
		s.ticker = nil
	}
}

func (s *session) sendStatus() {
	st := wireStatus{V: ProtocolVersion, Type: "status", Playing: s.playing, Speed: s.speed,
		Choices: cpus(s.lab.Choices()), Step: s.lab.Step(), Total: s.lab.Total()}
	s.send(st)
}

// serveSim runs the reader (this goroutine), the session and the writer of
// one simulation websocket.
func (s *Server) serveSim(conn *websocket.Conn, sh *share) {
	k := s.newSocket(conn, sh, "sim")
	cmds := make(chan []byte, 16)
	sess := &session{srv: s, k: k, lab: lab.NewSession(s.lessons)}
	k.go_(func() { sess.run(k.ctx, cmds) }) // the only goroutine that touches sess
	k.send(wireHello{V: ProtocolVersion, Type: "hello", Semantics: sim.SemanticsVersion, Lessons: s.lessonRefs(),
		Limits: toWireLimits(s.budgets.MessageBytes, s.budgets.RequestBytes)})
	for first := true; ; first = false {
		data, err := k.read(first)
		if err != nil {
			break
		}
		if sess.jobs.note(data) { // a cancel_explore: it cannot wait in cmds (explore_job.go)
			continue
		}
		select {
		case cmds <- data:
		case <-k.ctx.Done():
		}
	}
	k.close(websocket.StatusNormalClosure, "")
	close(cmds)
	k.wait()
}
