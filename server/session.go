package server

import (
	"context"
	"encoding/json"
	"time"

	"proclab/sim"
)

// session is one client's simulation. Only its run goroutine touches it.
type session struct {
	srv     *Server
	out     chan<- []byte // the writer's queue; a full queue drops the client
	drop    func()        // disconnects the client (called when out is full)
	src     source        // nil until a load succeeds
	loaded  wireLoaded
	ctx     context.Context // ends when the client goes (long work checks it)
	sc      *sim.Scenario   // the loaded scenario (nil for OSTEP frames)
	opt     sim.Options     // how it was recorded
	playing bool
	speed   float64
	ticker  *time.Ticker
}

// run owns the session until ctx ends or cmds is closed.
func (s *session) run(ctx context.Context, cmds <-chan []byte) {
	s.ctx = ctx
	s.speed = DefaultSpeed
	defer s.stopTicker()
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
			if err := s.handle(data); err != nil {
				pe := asProtoError(err)
				s.send(wireError{V: ProtocolVersion, Type: "error", Code: pe.Code, Message: pe.Msg, Line: pe.Line, Col: pe.Col})
			}
		case <-tick:
			s.playTick()
		}
	}
}

func (s *session) send(v any) {
	data, err := json.Marshal(v)
	if err != nil {
		s.srv.log.Error("encoding a message", "err", err)
		return
	}
	select {
	case s.out <- data:
	default:
		s.drop()
	}
}

func (s *session) handle(data []byte) (err error) {
	defer func() {
		// A bug must not take the server down: report it to this client,
		// with what is needed to reproduce it, and carry on.
		if r := recover(); r != nil {
			s.srv.log.Error("session panic", "panic", r, "seed", s.opt.Seed, "choices", s.opt.Choices, "command", truncate(string(data), 200))
			err = errf("internal", "the simulator failed on this command (a bug, logged with the seed and choices): %v", r)
		}
	}()
	c, err := decodeCommand(data)
	if err != nil {
		return err
	}
	if c.Type != "load" && s.src == nil {
		return errf("no_scenario", "load a lesson or a scenario first")
	}
	switch c.Type {
	case "load":
		return s.load(c)
	case "step":
		s.pause(false)
		s.stepForward()
	case "back":
		s.pause(false)
		s.seek(s.src.Step() - 1)
	case "seek":
		s.pause(false)
		s.seek(*c.Step)
	case "play":
		if c.Speed != nil {
			s.speed = min(*c.Speed, s.srv.limits.MaxSpeed)
		}
		if s.speed <= 0 {
			s.speed = DefaultSpeed
		}
		if s.src.Step() >= s.src.Total() {
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
	}
	return nil
}

// choose makes the pending manual decision: the run is recorded again
// with the new choice and moves one step on.
func (s *session) choose(pid sim.PID) error {
	es, ok := s.src.(*engineSource)
	if !ok || es.rec.Pending() == nil {
		return errf("bad_field", "there is no decision to make: load with manual mode and step to the end")
	}
	d := es.rec.Pending()
	if d.Name(pid) == "" {
		return errf("bad_field", "P%d is not ready to run now; the candidates are %v", pid, d.Candidates)
	}
	s.pause(false)
	at := es.rec.Total()
	s.opt.Choices = append(append([]sim.PID{}, s.opt.Choices...), pid)
	s.loaded.Choices = s.opt.Choices
	s.src = newEngineSource(sim.Record(s.sc, s.opt, 0))
	s.loaded.Total = s.src.Total()
	if s.src.Total() == at {
		// The next decision is in the same step (another CPU): show it.
		s.seek(at)
	} else {
		s.src.At(at, at) // the cursor, without a snapshot: the client already shows it
		s.stepForward()
	}
	s.sendStatus()
	return nil
}

// explore enumerates the loaded scenario's interleavings.
func (s *session) explore() error {
	if s.sc == nil {
		return errf("bad_field", "only a scenario can be explored")
	}
	if len(s.sc.Vars) == 0 && len(s.sc.Objects) == 0 {
		return errf("bad_field", "explore works on threads that share variables or locks")
	}
	r := sim.Explore(s.sc, sim.ExploreOptions{MaxStates: s.srv.limits.ExploreStates, Stop: func() bool { return s.ctx != nil && s.ctx.Err() != nil }})
	out := wireExplored{V: ProtocolVersion, Type: "explored", Outcomes: []wireOutcome{}, States: r.States, Complete: r.Complete, Cycles: r.Cycles}
	for _, o := range r.Outcomes {
		w := wireOutcome{Vars: map[string]int64{}, Violations: append([]string{}, o.Violations...), Schedules: o.Schedules, Witness: append([]sim.PID{}, o.Witness...)}
		for v, d := range s.sc.Vars {
			w.Vars[d.Name] = o.Vars[v]
		}
		out.Outcomes = append(out.Outcomes, w)
	}
	s.send(out)
	return nil
}

// load parses and records a scenario (or runs an OSTEP simulator), then
// shows the requested step. On any error the session is left as it was.
func (s *session) load(c command) error {
	if c.Ostep != "" {
		src, loaded, err := loadOstep(c.Ostep, c.Source)
		if err != nil {
			return err
		}
		s.sc, s.opt = nil, sim.Options{}
		s.show(src, loaded, c.Step)
		return nil
	}
	var sc *sim.Scenario
	lessonID := ""
	if c.Lesson != "" {
		l, ok := s.srv.lessons.Get(c.Lesson)
		if !ok {
			return errf("unknown_lesson", "there is no lesson %q", c.Lesson)
		}
		sc, lessonID = l.Scenario, l.ID
	} else {
		var err error
		if sc, err = sim.Parse(*c.Scenario); err != nil {
			return err
		}
	}
	opt := sim.Options{Seed: c.Seed, Choices: c.Choices, MaxSteps: s.srv.limits.stepsFor(sc.MaxTasks),
		Manual: c.Manual, Interleave: c.Interleave, Random: c.Picker == "random"}
	rec := sim.Record(sc, opt, 0)
	s.sc, s.opt = sc, opt
	seed := sc.Seed
	if c.Seed != 0 {
		seed = c.Seed
	}
	loaded := wireLoaded{
		V: ProtocolVersion, Type: "loaded", Lesson: lessonID,
		Title:    bilingual{En: sc.Title["en"], Zh: sc.Title["zh"]},
		Explain:  bilingual{En: sc.Explain["en"], Zh: sc.Explain["zh"]},
		Scenario: sc.Source, Seed: seed, Choices: append([]sim.PID{}, c.Choices...),
		Total: rec.Total(), CPUs: sc.CPUs, Policy: sc.Policy.String(), Quantum: sc.Quantum,
		Programs: toWirePrograms(sc), Vars: []wireVar{}, Objects: []wireObjDecl{}, Expects: []string{},
		Manual: c.Manual, Interleave: c.Interleave, Picker: "policy",
	}
	if c.Picker == "random" {
		loaded.Picker = "random"
	}
	if c.Interleave {
		loaded.CPUs, loaded.Policy, loaded.Quantum = 1, sim.RR.String(), 1
	}
	for _, v := range sc.Vars {
		loaded.Vars = append(loaded.Vars, wireVar{Name: v.Name, Init: v.Init})
	}
	for _, o := range sc.Objects {
		loaded.Objects = append(loaded.Objects, wireObjDecl{Name: o.Name, Kind: o.Kind.String()})
	}
	for _, x := range sc.Expects {
		loaded.Expects = append(loaded.Expects, x.Text)
	}
	s.show(newEngineSource(rec), loaded, c.Step)
	return nil
}

// show makes src the session's run and opens it at step (0 if nil).
func (s *session) show(src source, loaded wireLoaded, step *int64) {
	s.pause(false)
	s.src = src
	s.loaded = loaded
	s.send(s.loaded)
	n := int64(0)
	if step != nil {
		n = *step
	}
	s.seek(n)
}

// seek shows step n (clamped) with a snapshot.
func (s *session) seek(n int64) {
	n = max(0, min(n, s.src.Total()))
	s.send(s.src.At(n, max(0, n-s.srv.limits.Window)))
}

// stepForward moves one step on and sends its events; at the end it only
// reports the status.
func (s *session) stepForward() bool {
	if s.src.Step() >= s.src.Total() {
		s.sendStatus()
		return false
	}
	s.send(s.src.Forward())
	return true
}

func (s *session) playTick() {
	if !s.stepForward() || s.src.Step() >= s.src.Total() {
		s.pause(true)
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
	st := wireStatus{V: ProtocolVersion, Type: "status", Playing: s.playing, Speed: s.speed, Choices: s.opt.Choices}
	if st.Choices == nil {
		st.Choices = []sim.PID{}
	}
	if s.src != nil {
		st.Step, st.Total = s.src.Step(), s.src.Total()
	}
	s.send(st)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
