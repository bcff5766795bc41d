package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"proclab/lab"
	"proclab/sim"
)

// session carries one client's lab.Session over a websocket. Only its run
// goroutine touches it; it owns the play clock, which lab does not have.
type session struct {
	srv     *Server
	k       *socket
	lab     *lab.Session
	ctx     context.Context // ends when the client goes (long work polls it)
	charge  runCharge       // the open run's memory, reserved in srv.meter
	playing bool
	speed   float64
	ticker  *time.Ticker
	due     float64       // playing: the fraction of a step owed to the next tick
	every   time.Duration // playing: the ticker's period now
	tasks   taskDelta     // the task table the client holds (delta.go)
	patch   bool          // the client folds patches (patch.go): /ws?patch=1
	jobs    exploreJobs   // explore numbering and cancels (explore_job.go)
}

// run owns the session until ctx ends or cmds is closed.
func (s *session) run(ctx context.Context, cmds <-chan []byte) {
	s.ctx = ctx
	s.speed = lab.DefaultSpeed
	defer func() {
		s.stopTicker()
		s.srv.meter.swapRun(s.k.share, s.charge, runCharge{})
		s.charge = runCharge{}
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
	s.srv.metrics.commands.add(1, c.Type)
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
		s.due, s.every = 0, playPeriod(s.speed)
		s.ticker = time.NewTicker(s.every)
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
	next := lab.NewSession(s.srv.lessons).ShareRecordings(s.srv.recordings)
	snap, err := next.Load(c.loadRequest(), s.stop)
	if err != nil {
		return err
	}
	if err := s.swap(next); err != nil {
		return err
	}
	s.send(toWireLoaded(s.lab.Run()))
	s.sendSnapshot(snap)
	return nil
}

// swap makes next the open run if the run memory budgets (this client's
// and the server's) allow it; otherwise the old run stays open.
func (s *session) swap(next *lab.Session) error {
	id, n := next.Charge()
	c := runCharge{id: id, bytes: n}
	if !s.srv.meter.swapRun(s.k.share, s.charge, c) {
		s.srv.metrics.rejected("run_bytes")
		return errorf(errBusy, "the memory for open runs is full (this run needs about %d KiB; one machine may keep %d MiB, the server %d MiB); close other tabs, try later or open a smaller run",
			n>>10, s.srv.budgets.RunBytesPerClient>>20, s.srv.budgets.RunBytes>>20)
	}
	s.lab, s.charge = next, c
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
		s.sendSnapshot(*snap)
	case f != nil:
		s.sendRaw(s.frameJSON(*f))
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
func (s *session) seek(n int64) { s.sendSnapshot(s.lab.At(n)) }

// sendSnapshot sends a snapshot, whose task table the client then holds,
// with the tables of its step and the step before as one and a delta.
func (s *session) sendSnapshot(snap lab.Snapshot) {
	var m encodedSnapshot
	ok := false
	if snap.Memo != nil { // a snapshot loads share: encoded once for all, in each form asked for
		if e, is := snap.Memo.Do(func() any { return new(snapshotEncodings) }).(*snapshotEncodings); is {
			m, ok = e.get(snap, s.patch)
		}
	}
	if !ok { // not shared, or its encoding failed (panicked) for the socket that made it
		m = encodeSnapshot(snap, s.patch)
	}
	if m.err != nil { // a bug: the wire types marshal
		s.srv.log.Error("encoding a snapshot", "err", m.err)
		return
	}
	s.tasks.hold(m.tasks)
	if m.shared != nil {
		s.sendShared(m.shared)
		return
	}
	s.sendRaw(m.data)
}

// encodedSnapshot is a snapshot message and the task table it leaves the
// client holding. Neither is changed once made: sockets share them.
type encodedSnapshot struct {
	data   []byte
	tasks  []wireTask
	shared *sharedMessage // data, when sockets share it: counted once in the server's queue
	err    error
}

// encodeSnapshot encodes snap; with rows (a client that folds patches),
// its tasks as rows (snapjson.go, marshalSnapshotRows).
func encodeSnapshot(snap lab.Snapshot, rows bool) encodedSnapshot {
	w := slimBase(prevAsDelta(toWireSnapshot(snap)))
	marshal := marshalSnapshot // json.Marshal's bytes, written by hand (snapjson.go)
	if rows {
		marshal = marshalSnapshotRows
	}
	data, err := marshal(w)
	return encodedSnapshot{data: data, tasks: w.Tasks, err: err}
}

// snapshotEncodings are a shared snapshot's messages (lab.Memo), each made
// by the first socket that asks for it: whole tasks, and tasks as rows.
type snapshotEncodings struct {
	plain, rows snapshotEncoding
}

type snapshotEncoding struct {
	once sync.Once
	m    encodedSnapshot
	ok   bool // false when the encoding panicked: the caller encodes its own
}

// get returns snap's message in the form asked for (rows or not), and
// whether it could be made.
func (e *snapshotEncodings) get(snap lab.Snapshot, rows bool) (encodedSnapshot, bool) {
	enc := &e.plain
	if rows {
		enc = &e.rows
	}
	enc.once.Do(func() {
		m := encodeSnapshot(snap, rows)
		m.shared = &sharedMessage{data: m.data}
		enc.m, enc.ok = m, true
	})
	return enc.m, enc.ok
}

// prevAsDelta returns w with its prev table sent as a delta against its
// tasks (wireSnapshot.PrevDelta), when one can say it: a step changes a
// few tasks of thousands, and the largest run's snapshot carried 720 KB
// of its 2.9 MB as a second copy of the table. The client folds it as it
// folds a delta step (web/js/delta.js).
func prevAsDelta(w wireSnapshot) wireSnapshot {
	if len(w.Prev) == 0 {
		return w
	}
	var d taskDelta
	d.hold(w.Tasks)
	if changed, gone, ok := d.encode(w.Prev); ok {
		w.Prev, w.PrevGone, w.PrevDelta = changed, gone, true
	}
	return w
}

// slimBase returns w with its base's tasks sent slim (wireBase.Slim) when
// w has its prev: the page reads only names, parents, thread groups,
// states and modes from the window's start, and takes the step before's
// table from the base only when there is no prev. The largest run's
// snapshot carried 702 KB of its 2.19 MB as the base's tasks whole; a
// browser spends time on each megabyte of a message before the page sees
// it (docs/benchmarks.md).
func slimBase(w wireSnapshot) wireSnapshot {
	if len(w.Prev) > 0 || w.PrevDelta {
		w.Base.Slim = true
	}
	return w
}

// frameJSON is the events message of one step, carrying only the tasks
// that changed since the table the client holds (delta.go), and for a
// client that asked for patches each task it holds only as the fields that
// changed (patch.go).
func (s *session) frameJSON(f lab.Frame) []byte {
	w := toWireFrame(f)
	if !s.patch {
		if changed, gone, ok := s.tasks.encode(w.Tasks); ok {
			w.Tasks, w.Gone, w.Delta = changed, gone, true
		}
		return s.marshal(w)
	}
	changed, was, gone, ok := s.tasks.encodePatches(w.Tasks)
	if !ok {
		return s.marshal(w)
	}
	w.Tasks, w.Gone, w.Delta = nil, gone, true
	return s.marshal(patchedEvents{wireEvents: w, Tasks: taskPatches{tasks: changed, was: was}, Patch: true})
}

func (s *session) marshal(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil { // a bug: the wire types marshal
		s.srv.log.Error("encoding a message", "err", err)
		return nil
	}
	return data
}

// sendRaw sends a marshalled message. A message the socket cannot queue
// whole (larger than the client's queue: it gets an error instead) leaves
// the client without the table a delta would build on: the next message
// carries the whole table.
func (s *session) sendRaw(data []byte) {
	if data == nil {
		return
	}
	if int64(len(data)) > s.k.queueBytes {
		s.tasks.forget()
	}
	s.k.sendRaw(data)
}

// sendShared is sendRaw for a message other sockets send too.
func (s *session) sendShared(sm *sharedMessage) {
	if int64(len(sm.data)) > s.k.queueBytes {
		s.tasks.forget()
	}
	s.k.sendShared(sm)
}

// stepForward moves one step on and sends its events; at the end it only
// reports the status.
func (s *session) stepForward() {
	f, ok := s.lab.Forward()
	if !ok {
		s.sendStatus()
		return
	}
	s.sendRaw(s.frameJSON(f))
}

// PlayBytesPerSecond bounds what playing sends one client: a run whose
// steps are large (thousands of tasks) plays slower than asked rather than
// make the server serialise and send more than this.
const PlayBytesPerSecond = 4 << 20

// PlayMessagesPerSecond is how many messages playing sends at most: at
// higher speeds each tick sends the steps due as one batch message
// (docs/protocol.md), so 1,000 steps/s costs 50 messages, not 1,000.
const PlayMessagesPerSecond = 50

// PlayTimeShare bounds the share of one CPU that playing takes for one
// client: a tick that took d waits at least d/PlayTimeShare before the
// next, so a run whose steps are slow to compute (thousands of tasks: about
// 1.2 ms a step) plays slower than asked rather than take a core.
const PlayTimeShare = 0.25

// playPeriod is the play ticker's period at speed steps per second.
func playPeriod(speed float64) time.Duration {
	return max(time.Second/PlayMessagesPerSecond, time.Duration(float64(time.Second)/speed))
}

// playTick plays the steps due since the last tick (speed x period, the
// fraction carried to the next tick), within PlayBytesPerSecond: one
// events message for one step, a batch for several. A batch stops early
// at its share of the byte budget, and the ticker then waits as long as
// the bytes sent take at that rate, and at least as long as the tick took
// over PlayTimeShare.
func (s *session) playTick() {
	start := time.Now()
	period := playPeriod(s.speed)
	s.due += s.speed * period.Seconds()
	n := max(int(s.due+1e-9), 1)
	s.due = max(s.due-float64(n), 0)
	budget := int(PlayBytesPerSecond * period.Seconds())
	var frames [][]byte
	sent := 0
	for len(frames) < n && !s.lab.AtEnd() {
		f, ok := s.lab.Forward()
		if !ok {
			break
		}
		data := s.frameJSON(f)
		if len(frames) > 0 && sent+len(data) > budget {
			s.sendFrames(frames, f.Step-1)
			frames = nil
			s.sendRaw(data)
			sent += len(data)
			break
		}
		frames = append(frames, data)
		sent += len(data)
	}
	if len(frames) > 0 {
		s.sendFrames(frames, s.lab.Step())
	}
	if sent == 0 || s.lab.AtEnd() {
		s.pause(true)
		return
	}
	every := tickEvery(period, sent, time.Since(start))
	if every != s.every {
		s.every = every
		s.ticker.Reset(every)
	}
}

// tickEvery is the play ticker's next period after a tick that sent sent
// bytes and took took: the speed's period, or longer when the bytes take
// longer at PlayBytesPerSecond or the tick's time over PlayTimeShare does.
func tickEvery(period time.Duration, sent int, took time.Duration) time.Duration {
	return max(period, time.Duration(float64(time.Second)*float64(sent)/PlayBytesPerSecond),
		time.Duration(float64(took)/PlayTimeShare))
}

// sendFrames sends marshalled events messages: one as it is, several as
// one batch message, {"v":1,"type":"batch","step":LAST,"frames":[...]},
// whose frames the client applies in order.
func (s *session) sendFrames(frames [][]byte, last int64) {
	if len(frames) == 1 {
		s.sendRaw(frames[0])
		return
	}
	size := 64
	for _, f := range frames {
		size += len(f) + 1
	}
	b := make([]byte, 0, size)
	b = fmt.Appendf(b, `{"v":%d,"type":"batch","step":%d,"frames":[`, ProtocolVersion, last)
	for i, f := range frames {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f...)
	}
	b = append(b, "]}"...)
	s.sendRaw(b)
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
func (s *Server) serveSim(conn *websocket.Conn, sh *share, opts simSocketOptions) {
	k := s.newSocket(conn, sh, "sim")
	k.deflate = opts.deflate // before anything is queued
	cmds := make(chan []byte, 16)
	sess := &session{srv: s, k: k, lab: lab.NewSession(s.lessons), patch: opts.patch}
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
