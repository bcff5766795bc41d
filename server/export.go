package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"proclab/lab"
	"proclab/sim"
)

// This file holds the exports (issue 12, part 9): the whole run of a lesson
// or scenario as a JSON trace, in the format `proclab run --json` prints (one
// EventRecord per line: EventRecordsOf, nothing new), and the views of the
// first steps of a run for the printable handout (the websocket's loaded,
// snapshot and events messages, so that the page folds them as it folds the
// websocket's).

// TraceTime bounds one trace request: recording and writing the whole run
// must finish within it, or the trace ends with an error line.
const TraceTime = 20 * time.Second

// HandoutSteps is the most steps whose views one /api/views answer
// carries (steps 1..HandoutSteps after the snapshot of step 0).
const HandoutSteps = 200

// wireRunRequest names a run as a share link does (docs/protocol.md,
// "Share links"): exactly one of lesson and scenario, then the seed, the
// choices and how the race lab picked (picker "random", manual, interleave).
// The OSTEP runs of a share link are not simulations and have no trace.
type wireRunRequest struct {
	Lesson     string    `json:"lesson,omitempty"`
	Scenario   *string   `json:"scenario,omitempty"`
	Seed       uint64    `json:"seed,omitempty"`
	Choices    []sim.PID `json:"choices,omitempty"`
	Picker     string    `json:"picker,omitempty"`
	Manual     bool      `json:"manual,omitempty"`
	Interleave bool      `json:"interleave,omitempty"`
	Semantics  int       `json:"semantics,omitempty"`
}

func (r wireRunRequest) load() lab.LoadRequest {
	return lab.LoadRequest{Lesson: r.Lesson, Scenario: r.Scenario, Seed: r.Seed, Choices: r.Choices,
		Picker: lab.Picker(r.Picker), Manual: r.Manual, Interleave: r.Interleave, Semantics: r.Semantics}
}

// mountExport adds the export routes to r (the /api group: its requests
// are bounded in number).
func (s *Server) mountExport(r chi.Router) {
	r.Get("/api/trace", s.fromThisSite(s.handleTraceGet))
	r.Post("/api/trace", s.handleTracePost)
	r.Get("/api/views", s.fromThisSite(s.handleViewsGet))
	r.Post("/api/views", s.handleViewsPost)
	r.Get("/api/limits", s.handleLimits)
}

// fromThisSite refuses a GET that a page of another site made (an <img>
// or a no-cors fetch, Sec-Fetch-Site or Origin naming another site): the
// gate lets GETs through, but these start up to TraceTime of work. A page
// of this server, a link typed in the address bar and curl pass.
func (s *Server) fromThisSite(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !sameOrigin(r) {
			s.writeError(w, r, errorf(errCrossOrigin, "a page from another site (Origin %q) may not start a trace or views here", truncate(r.Header.Get("Origin"), 80)))
			return
		}
		next(w, r)
	}
}

// handleLimits answers the hello's limits, for a page that opens no
// websocket (the handout reads a share link with them).
func (s *Server) handleLimits(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, toWireLimits(s.budgets.MessageBytes, s.budgets.RequestBytes))
}

// runFromQuery reads a run from a GET request's query: lesson=ID (or
// scenario=TEXT), seed=N, choices=P,P,...
func runFromQuery(r *http.Request) (wireRunRequest, error) {
	q := r.URL.Query()
	var req wireRunRequest
	req.Lesson = q.Get("lesson")
	if q.Has("scenario") {
		text := q.Get("scenario")
		req.Scenario = &text
	}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return req, lab.Errorf(lab.CodeBadField, "seed %q is not a whole number", truncate(v, 32))
		}
		req.Seed = n
	}
	if v := q.Get("choices"); v != "" {
		for _, f := range splitComma(v) {
			n, err := strconv.ParseUint(f, 10, 31)
			if err != nil {
				return req, lab.Errorf(lab.CodeBadField, "choice %q is not a PID", truncate(f, 32))
			}
			req.Choices = append(req.Choices, sim.PID(n))
			if len(req.Choices) > lab.MaxChoices {
				return req, lab.Errorf(lab.CodeTooLarge, "more than %d choices", lab.MaxChoices)
			}
		}
	}
	return req, nil
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// scenarioOf checks req (as a load would) and returns the scenario it
// names and the name a file of it takes (the lesson id, or "scenario").
func (s *Server) scenarioOf(req wireRunRequest) (*sim.Scenario, string, error) {
	lr := req.load()
	if err := lr.Check(); err != nil {
		return nil, "", err
	}
	if req.Lesson != "" {
		l, ok := s.lessons.Get(req.Lesson)
		if !ok {
			return nil, "", lab.Errorf(lab.CodeUnknownLesson, "there is no lesson %q", truncateID(req.Lesson))
		}
		return l.Scenario, l.ID, nil
	}
	sc, err := lab.Compile(*req.Scenario, lab.LangScenario)
	if err != nil {
		if le := lab.AsError(err); le != nil {
			return nil, "", le
		}
		return nil, "", err
	}
	return sc, "scenario", nil
}

// traceOptions are the options a run of req is recorded with: the
// websocket's (lab.Session.Load's) for the same load.
func traceOptions(sc *sim.Scenario, req wireRunRequest) sim.Options {
	return sim.Options{Seed: req.Seed, Choices: req.Choices, MaxSteps: lab.StepsFor(sc),
		Manual: req.Manual, Interleave: req.Interleave, Random: req.Picker == string(lab.PickRandom)}
}

func (s *Server) handleTraceGet(w http.ResponseWriter, r *http.Request) {
	req, err := runFromQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.serveTrace(w, r, req)
}

func (s *Server) handleTracePost(w http.ResponseWriter, r *http.Request) {
	var req wireRunRequest
	if err := s.readJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.serveTrace(w, r, req)
}

// fileNameRE is what a lesson id may put in a file name.
var fileNameRE = lazyRegexp(`[^A-Za-z0-9_-]+`)

// serveTrace streams the trace of req as an attachment, one event record
// per line, in the order `proclab run --json` prints them. It holds a work
// slot of the client's for the whole answer, and one of the server's only
// while it computes (offSlotWriter): a client that stops reading blocks
// its own work until the write deadline, nobody else's. (So up to
// Budgets.API traces, not Budgets.Work, may keep an engine at once.) The
// answer is bounded by
// Budgets.ResponseBytes, TraceTime and the run's step limit
// (lab.StepsFor, the websocket's): a trace cut by the bytes or the time
// ends with one line in the error shape ({"v":1,"type":"error",...}),
// which no event record has.
func (s *Server) serveTrace(w http.ResponseWriter, r *http.Request, req wireRunRequest) {
	sc, name, err := s.scenarioOf(req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), TraceTime)
	defer cancel()
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(TraceTime + s.budgets.WriteTimeout))
	client, _ := s.clientAddr(r)
	sh, unhold := s.meter.hold(client)
	defer unhold()
	if _, err := s.meter.acquireWork(ctx, sh); err != nil { // no slot: nothing was written yet
		s.writeError(w, r, err)
		return
	}
	ow := &offSlotWriter{w: w, m: s.meter, sh: sh, ctx: ctx, held: true}
	defer func() { // what acquireWork's release does, for the slots still held
		if ow.held {
			s.meter.lendWork()
		}
		<-sh.work
		s.meter.changeRun(sh, -ow.reserved)
	}()
	h := w.Header()
	h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="proclab-`+fileNameRE().ReplaceAllString(name, "_")+`-trace.jsonl"`)
	w.WriteHeader(http.StatusOK)
	_, err = WriteTrace(ow, sc, traceOptions(sc, req), func() bool { return ctx.Err() != nil }, s.budgets.ResponseBytes)
	if err == nil {
		return
	}
	if r.Context().Err() != nil {
		return // the client went
	}
	if errors.Is(err, errTraceStopped) {
		err = errorf(errBusy, "the trace took longer than %v and was cut; trace a shorter run", TraceTime)
	}
	_, we := toWireError(err)
	s.metrics.rejected(we.Code)
	_ = json.NewEncoder(w).Encode(we)
}

// offSlotWriter is a trace's connection: each write to it gives the
// server-wide work slot back while the client takes the bytes and takes
// a slot again after (meter.lendWork, retakeWork), so a client that reads
// slowly or not at all keeps only its own slot (WorkPerClient) busy, not
// one of the server's, until the write deadline. Since the slots then no
// longer bound the engines kept, the trace's engine (sim.Engine.Bytes)
// is reserved from the client's run memory budget before each write
// (reserved bytes so far), as an open run's is. held says whether the
// trace holds a server-wide slot. Used by the trace's goroutine only.
type offSlotWriter struct {
	w        io.Writer
	m        *meter
	sh       *share
	ctx      context.Context
	held     bool
	e        *sim.Engine // the trace's engine (watch)
	reserved int64
}

// watch is told the engine WriteTrace runs.
func (o *offSlotWriter) watch(e *sim.Engine) { o.e = e }

func (o *offSlotWriter) Write(p []byte) (int, error) {
	if o.e != nil {
		n := o.e.Bytes()
		if !o.m.changeRun(o.sh, n-o.reserved) {
			return 0, errorf(errBusy, "the memory for open runs is full (this trace needs about %d KiB); try later", n>>10)
		}
		o.reserved = n
	}
	if o.held {
		o.m.lendWork()
		o.held = false
	}
	n, err := o.w.Write(p)
	if err != nil {
		return n, err
	}
	if err := o.m.retakeWork(o.ctx); err != nil {
		return n, err
	}
	o.held = true
	return n, nil
}

// errTraceStopped says a trace was stopped by its caller (the deadline).
var errTraceStopped = errors.New("the trace was stopped")

// WriteTrace runs sc under opt and writes each event as one line of JSON,
// the record the websocket sends for it (EventRecordsOf, with a Go
// program's output lines), exactly as `proclab run --json` does; in manual
// mode (opt.Manual) the run ends at the first decision its choices do not
// make, as the websocket's recording does. stop (nil: never) is polled
// once a step. It writes at most maxBytes bytes (<= 0: no bound) and
// returns the steps run; past the bound it stops with a too_large error,
// and when stop reports true with errTraceStopped.
func WriteTrace(w io.Writer, sc *sim.Scenario, opt sim.Options, stop func() bool, maxBytes int64) (steps int64, err error) {
	bw := bufio.NewWriterSize(w, 32<<10)
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	var written int64
	e := sim.New(sc, opt)
	if ew, ok := w.(interface{ watch(*sim.Engine) }); ok {
		ew.watch(e) // offSlotWriter: it budgets the engine's memory
	}
	text := func(i int) (string, bool, bool) {
		out := lab.OutputOf(e)
		if i < 0 || i >= len(out) {
			return "", false, false
		}
		return out[i].Text, out[i].Stderr, true
	}
	for !e.Done() {
		if stop != nil && stop() {
			return e.StepNum(), errors.Join(errTraceStopped, bw.Flush())
		}
		var evs []sim.Event
		if opt.Manual {
			var d *sim.Decision
			if evs, d = e.StepManual(); d != nil {
				break
			}
		} else {
			evs = e.Step()
		}
		for _, rec := range EventRecordsOf(evs, text) {
			line.Reset()
			if err := enc.Encode(rec); err != nil {
				return e.StepNum(), err
			}
			if maxBytes > 0 && written+int64(line.Len()) > maxBytes {
				// The lines that fit go out whole; nothing past the bound does.
				if err := bw.Flush(); err != nil {
					return e.StepNum(), err
				}
				return e.StepNum(), errorf(errTooLarge, "the trace is larger than %d bytes and was cut at step %d", maxBytes, e.StepNum())
			}
			written += int64(line.Len())
			if _, err := bw.Write(line.Bytes()); err != nil {
				return e.StepNum(), err
			}
		}
	}
	return e.StepNum(), bw.Flush()
}

// wireViews is the answer of /api/views: the websocket's messages for a
// run opened at step 0 and stepped forward, for the printable handout.
// Steps holds the events messages of steps 1..len(Steps); Truncated says
// the run has more steps than the answer carries (Total is the run's).
type wireViews struct {
	Loaded    wireLoaded   `json:"loaded"`
	Snapshot  wireSnapshot `json:"snapshot"`
	Steps     []wireEvents `json:"steps"`
	Total     int64        `json:"total"`
	Truncated bool         `json:"truncated"`
	MaxSteps  int          `json:"max_steps"` // HandoutSteps
}

func (s *Server) handleViewsGet(w http.ResponseWriter, r *http.Request) {
	req, err := runFromQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.serveViews(w, r, req)
}

func (s *Server) handleViewsPost(w http.ResponseWriter, r *http.Request) {
	var req wireRunRequest
	if err := s.readJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.serveViews(w, r, req)
}

// serveViews answers with the views of the first HandoutSteps steps of
// req's run. The run's memory is reserved from the client's run budget
// while the answer is made (as an open websocket run's is), and the answer
// is bounded by Budgets.ResponseBytes (writeJSON).
func (s *Server) serveViews(w http.ResponseWriter, r *http.Request, req wireRunRequest) {
	client, _ := s.clientAddr(r)
	sh, release := s.meter.hold(client)
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), TraceTime)
	defer cancel()
	var out wireViews
	err := s.work(ctx, sh, func() error {
		sess := lab.NewSession(s.lessons).ShareRecordings(s.recordings)
		snap, err := sess.Load(req.load(), func() bool { return ctx.Err() != nil })
		if err != nil {
			return err
		}
		id, n := sess.Charge() // a run other sessions hold counts once in all
		c := runCharge{id: id, bytes: n}
		if !s.meter.swapRun(sh, runCharge{}, c) {
			s.metrics.rejected("run_bytes")
			return errorf(errBusy, "the memory for open runs is full (this run needs about %d KiB); try later", n>>10)
		}
		defer s.meter.swapRun(sh, c, runCharge{})
		out = wireViews{Loaded: toWireLoaded(sess.Run()), Snapshot: toWireSnapshot(snap), Steps: []wireEvents{},
			Total: sess.Total(), MaxSteps: HandoutSteps}
		for len(out.Steps) < HandoutSteps {
			if ctx.Err() != nil {
				return lab.ErrStopped
			}
			f, ok := sess.Forward()
			if !ok {
				break
			}
			out.Steps = append(out.Steps, toWireFrame(f))
		}
		out.Truncated = int64(len(out.Steps)) < out.Total
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, out)
}
