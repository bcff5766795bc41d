package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/coder/websocket"
	"github.com/go-chi/chi/v5"

	"proclab/live"
	"proclab/sim"
)

// The live lab's HTTP endpoints and websocket (docs/protocol.md, "Live
// lab"). The handlers only decode, check access and map errors; the
// live.Manager does the work.

// liveLab is the server's handle on the live lab.
type liveLab struct {
	m       *live.Manager // nil: the live lab is off
	token   string        // --live-token: lets non-loopback clients in
	clients atomic.Int64  // open /ws/live connections
	nextID  atomic.Int64
}

// Limits of the live endpoints.
const (
	maxLiveBody    = 4 << 10
	maxLiveClients = 32
	liveOutQueue   = 256
)

func (s *Server) mountLive(r chi.Router) {
	r.Route("/api/live", func(r chi.Router) {
		r.Get("/", s.handleLiveInfo)
		r.Get("/processes", s.handleLiveProcesses)
		r.Post("/spawn", s.handleLiveSpawn)
		r.Post("/signal", s.handleLiveSignal)
		r.Post("/reap", s.handleLiveReap)
		r.Post("/trace", s.handleLiveTrace)
		r.Post("/resume", s.handleLiveResume)
		r.Post("/killall", s.handleLiveKillAll)
		r.Get("/lessons", s.handleLiveLessons)
	})
}

// closeLive ends the live lab: every process it started is killed.
func (s *Server) closeLive() {
	if s.live.m != nil {
		s.live.m.Close()
	}
}

// liveErrors is the one table from errors to statuses and codes.
var liveErrors = []struct {
	err    error
	status int
	code   string
}{
	{live.ErrUnavailable, http.StatusServiceUnavailable, "live_unavailable"},
	{live.ErrClosed, http.StatusServiceUnavailable, "live_closed"},
	{live.ErrUnknownWorkload, http.StatusBadRequest, "unknown_workload"},
	{live.ErrBadArgs, http.StatusBadRequest, "bad_args"},
	{live.ErrBadSignal, http.StatusBadRequest, "bad_signal"},
	{live.ErrForeign, http.StatusForbidden, "foreign_pid"},
	{live.ErrLimit, http.StatusTooManyRequests, "limit"},
	{live.ErrState, http.StatusConflict, "bad_state"},
	{errLiveForbidden, http.StatusForbidden, "forbidden"},
	{errLiveMedia, http.StatusUnsupportedMediaType, "bad_content_type"},
	{errLiveJSON, http.StatusBadRequest, "bad_json"},
	{errLiveTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{errLiveBusy, http.StatusServiceUnavailable, "busy"},
}

var (
	errLiveForbidden = errors.New("forbidden")
	errLiveMedia     = errors.New("a JSON body (Content-Type: application/json) is required")
	errLiveJSON      = errors.New("bad JSON")
	errLiveTooLarge  = errors.New("request too large")
	errLiveBusy      = errors.New("too many live lab clients")
)

// liveStatus maps an error to its status and code through liveErrors.
func liveStatus(err error) (int, string) {
	for _, e := range liveErrors {
		if errors.Is(err, e.err) {
			return e.status, e.code
		}
	}
	return http.StatusInternalServerError, "internal"
}

func writeLiveError(w http.ResponseWriter, err error) {
	status, code := liveStatus(err)
	writeJSONPlain(w, status, wireError{V: ProtocolVersion, Type: "error", Code: code, Message: err.Error()})
}

// liveAccess checks who may use the live lab: loopback clients, or anyone
// with the teacher's token (Authorization: Bearer T, or ?token=T for the
// websocket, which browsers cannot give headers). A request that came
// through a proxy (Forwarded, X-Forwarded-For) is not taken as loopback.
func (s *Server) liveAccess(r *http.Request) error {
	if s.live.m == nil {
		return errLiveOff
	}
	if t := s.live.token; t != "" {
		given := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if given == "" || given == r.Header.Get("Authorization") {
			given = r.URL.Query().Get("token")
		}
		if given != "" && subtle.ConstantTimeCompare([]byte(given), []byte(t)) == 1 {
			return nil
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	if err == nil && ip != nil && ip.IsLoopback() && r.Header.Get("X-Forwarded-For") == "" && r.Header.Get("Forwarded") == "" {
		return nil
	}
	return fmt.Errorf("%w: the live lab runs real processes, so only clients on this machine may use it; a teacher can start proclab with --live-token and share the token", errLiveForbidden)
}

// liveWrite checks a state-changing request: access, a JSON content type
// and, if the browser sent one, a same-origin Origin (so that another web
// page cannot make a visitor's browser start processes).
func (s *Server) liveWrite(r *http.Request) error {
	if err := s.liveAccess(r); err != nil {
		return err
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return errLiveMedia
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host && o != "https://"+r.Host {
		return fmt.Errorf("%w: cross-origin request from %q", errLiveForbidden, o)
	}
	return nil
}

func readLiveJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxLiveBody+1))
	if err != nil {
		return fmt.Errorf("%w: %v", errLiveJSON, err)
	}
	if len(body) > maxLiveBody {
		return fmt.Errorf("%w: the body is larger than %d bytes", errLiveTooLarge, maxLiveBody)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", errLiveJSON, err)
	}
	return nil
}

// restOwner is the client identity REST requests are counted under.
func restOwner(r *http.Request) string {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	return "rest:" + host
}

// Wire types of the live lab.

type wireLiveRequest struct {
	Workload string                     `json:"workload,omitempty"`
	Args     map[string]json.RawMessage `json:"args,omitempty"`
	PID      int                        `json:"pid,omitempty"`
	Signal   string                     `json:"signal,omitempty"`
}

type wireLiveInfo struct {
	Available bool            `json:"available"`
	Reason    string          `json:"reason,omitempty"`
	Workloads []live.Workload `json:"workloads"`
	Signals   []string        `json:"signals"`
	Limits    live.Limits     `json:"limits"`
}

type wireLiveProcess struct {
	PID          int    `json:"pid"`
	PPID         int    `json:"ppid"`
	PGID         int    `json:"pgid"`
	Name         string `json:"name"`
	Workload     string `json:"workload"`
	State        string `json:"state"`      // the /proc letter
	StateName    string `json:"state_name"` // the diagram's name (R -> running)
	Wchan        string `json:"wchan,omitempty"`
	Threads      int    `json:"threads"`
	VCSW         uint64 `json:"voluntary_ctxt_switches"`
	NVCSW        uint64 `json:"nonvoluntary_ctxt_switches"`
	VCSWDelta    uint64 `json:"vcsw_delta"`
	NVCSWDelta   uint64 `json:"nvcsw_delta"`
	UTicks       uint64 `json:"utime_ticks"`
	STicks       uint64 `json:"stime_ticks"`
	RSS          int64  `json:"rss_bytes"`
	Pss          *int64 `json:"pss_bytes,omitempty"`
	SharedDirty  *int64 `json:"shared_dirty_bytes,omitempty"`
	PrivateDirty *int64 `json:"private_dirty_bytes,omitempty"`
	Direct       bool   `json:"lab_child"`
	Traced       bool   `json:"traced"`
	Exited       bool   `json:"exited"`
	ExitCode     int    `json:"exit_code"`
	Gone         bool   `json:"gone,omitempty"`
	StartedMS    int64  `json:"started_ms"`
}

type wireLiveEvent struct {
	Step        int64  `json:"step"` // = t_ms: the live lab's clock is milliseconds
	TimeMS      int64  `json:"t_ms"`
	Kind        string `json:"kind"`
	PID         int    `json:"pid"`
	Other       int    `json:"other,omitempty"`
	CPU         int16  `json:"cpu"`
	From        string `json:"from,omitempty"`
	To          string `json:"to,omitempty"`
	Letter      string `json:"letter,omitempty"`
	Cause       string `json:"cause,omitempty"`
	Value       int64  `json:"value,omitempty"`
	Signal      string `json:"signal,omitempty"`
	Wchan       string `json:"wchan,omitempty"`
	Synthesised bool   `json:"synthesised,omitempty"`
}

type wireLiveHello struct {
	V      int    `json:"v"`
	Type   string `json:"type"`
	LabPID int    `json:"lab_pid"`
	TimeMS int64  `json:"t_ms"`
	wireLiveInfo
}

type wireLiveSnapshot struct {
	V         int               `json:"v"`
	Type      string            `json:"type"`
	TimeMS    int64             `json:"t_ms"`
	Processes []wireLiveProcess `json:"processes"`
}

type wireLiveEvents struct {
	V         int               `json:"v"`
	Type      string            `json:"type"`
	TimeMS    int64             `json:"t_ms"`
	Events    []wireLiveEvent   `json:"events"`
	Processes []wireLiveProcess `json:"processes"`
	Reports   []live.Report     `json:"reports"`
}

type wireLiveResult struct {
	V      int             `json:"v"`
	Type   string          `json:"type"`
	ID     json.RawMessage `json:"id,omitempty"`
	PID    int             `json:"pid,omitempty"`
	Killed *int            `json:"killed,omitempty"`
}

type wireLiveError struct {
	V       int             `json:"v"`
	Type    string          `json:"type"`
	ID      json.RawMessage `json:"id,omitempty"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
}

func toWireLiveProcess(p live.Process) wireLiveProcess {
	w := wireLiveProcess{PID: p.PID, PPID: p.PPID, PGID: p.PGID, Name: p.Name, Workload: p.Workload,
		State: p.Letter, StateName: p.State.String(), Wchan: p.Wchan, Threads: p.Threads,
		VCSW: p.VCSW, NVCSW: p.NVCSW, VCSWDelta: p.VCSWDelta, NVCSWDelta: p.NVCSWDelta,
		UTicks: p.UTicks, STicks: p.STicks, RSS: p.RSS, Direct: p.Direct, Traced: p.Traced,
		Exited: p.Exited, ExitCode: p.ExitCode, Gone: p.Gone, StartedMS: p.StartedMS}
	if p.HasSmaps {
		w.Pss, w.SharedDirty, w.PrivateDirty = &p.Pss, &p.SharedDirty, &p.PrivateDirty
	}
	return w
}

func toWireLiveProcesses(ps []live.Process) []wireLiveProcess {
	out := make([]wireLiveProcess, 0, len(ps))
	for _, p := range ps {
		out = append(out, toWireLiveProcess(p))
	}
	return out
}

func toWireLiveEvent(e live.Event) wireLiveEvent {
	w := wireLiveEvent{Step: e.TimeMS, TimeMS: e.TimeMS, Kind: e.Kind.String(), PID: e.PID, Other: e.Other, CPU: -1,
		Letter: e.Letter, Cause: e.Cause.String(), Value: e.Value, Signal: e.Signal, Wchan: e.Wchan, Synthesised: e.Synthesised}
	if e.Kind == sim.EvState {
		w.From, w.To = e.From.String(), e.To.String()
	}
	return w
}

func (s *Server) liveInfo() wireLiveInfo {
	info := wireLiveInfo{Workloads: live.Workloads(), Signals: live.Signals}
	if s.live.m == nil {
		info.Reason = errLiveOff.Error()
		return info
	}
	info.Limits = s.live.m.Limits()
	if err := s.live.m.Available(); err != nil {
		info.Reason = err.Error()
	} else {
		info.Available = true
	}
	return info
}

// REST handlers.

func (s *Server) handleLiveInfo(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, s.liveInfo())
}

func (s *Server) handleLiveProcesses(w http.ResponseWriter, r *http.Request) {
	if err := s.liveAccess(r); err != nil {
		writeLiveError(w, err)
		return
	}
	if err := s.live.m.Available(); err != nil {
		writeLiveError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, toWireLiveProcesses(s.live.m.Processes()))
}

// liveAction decodes a write request and runs do on it.
func (s *Server) liveAction(w http.ResponseWriter, r *http.Request, do func(req wireLiveRequest) (any, error)) {
	var req wireLiveRequest
	err := s.liveWrite(r)
	if err == nil {
		err = readLiveJSON(r, &req)
	}
	var out any
	if err == nil {
		out, err = do(req)
	}
	if err != nil {
		writeLiveError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleLiveSpawn(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(req wireLiveRequest) (any, error) {
		pid, err := s.live.m.Spawn(restOwner(r), req.Workload, req.Args)
		return map[string]int{"pid": pid}, err
	})
}

func (s *Server) handleLiveSignal(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Signal(req.PID, req.Signal)
	})
}

func (s *Server) handleLiveReap(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Reap(req.PID)
	})
}

func (s *Server) handleLiveTrace(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Trace(req.PID)
	})
}

func (s *Server) handleLiveResume(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Resume(req.PID)
	})
}

func (s *Server) handleLiveKillAll(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(req wireLiveRequest) (any, error) {
		if err := s.live.m.Available(); err != nil {
			return nil, err
		}
		return map[string]int{"killed": s.live.m.KillAll()}, nil
	})
}

// The websocket: GET /ws/live.

type wireLiveCommand struct {
	V        int                        `json:"v"`
	Type     string                     `json:"type"`
	ID       json.RawMessage            `json:"id,omitempty"`
	Workload string                     `json:"workload,omitempty"`
	Args     map[string]json.RawMessage `json:"args,omitempty"`
	PID      int                        `json:"pid,omitempty"`
	PIDs     []int                      `json:"pids,omitempty"`
	Signal   string                     `json:"signal,omitempty"`
}

// handleLiveWS streams every live event to the client and takes the same
// actions as the REST endpoints. Everything the client started is killed
// when its connection ends, however it ends.
func (s *Server) handleLiveWS(w http.ResponseWriter, r *http.Request) {
	if err := s.liveAccess(r); err != nil {
		writeLiveError(w, err)
		return
	}
	conn, err := websocket.Accept(w, r, nil) // same-origin only
	if err != nil {
		return
	}
	conn.SetReadLimit(maxLiveBody)
	if n := s.live.clients.Add(1); n > maxLiveClients {
		s.live.clients.Add(-1)
		msg, _ := json.Marshal(wireLiveError{V: ProtocolVersion, Type: "error", Code: "busy", Message: errLiveBusy.Error()})
		_ = conn.Write(r.Context(), websocket.MessageText, msg)
		conn.Close(websocket.StatusTryAgainLater, "too many live clients")
		return
	}
	s.wg.Add(1)
	defer func() {
		s.live.clients.Add(-1)
		s.wg.Done()
	}()
	owner := "ws:" + strconv.FormatInt(s.live.nextID.Add(1), 10)
	defer s.live.m.KillOwner(owner)
	s.serveLive(conn, owner)
}

func (s *Server) serveLive(conn *websocket.Conn, owner string) {
	k := s.newSocket(conn, "live")
	m := s.live.m
	info := s.liveInfo()
	k.send(wireLiveHello{V: ProtocolVersion, Type: "live_hello", LabPID: labPID(), TimeMS: m.SinceStartMS(), wireLiveInfo: info})
	if info.Available {
		sub := m.Subscribe(liveOutQueue)
		defer sub.Close()
		k.send(wireLiveSnapshot{V: ProtocolVersion, Type: "live_snapshot", TimeMS: m.SinceStartMS(), Processes: toWireLiveProcesses(m.Processes())})
		k.go_(func() { // forwarder: manager updates -> the writer's queue
			for {
				select {
				case <-k.ctx.Done():
					return
				case u, ok := <-sub.C:
					if !ok {
						k.close(websocket.StatusPolicyViolation, "client too slow")
						return
					}
					evs := make([]wireLiveEvent, 0, len(u.Events))
					for _, e := range u.Events {
						evs = append(evs, toWireLiveEvent(e))
					}
					reps := u.Reports
					if reps == nil {
						reps = []live.Report{}
					}
					k.send(wireLiveEvents{V: ProtocolVersion, Type: "live_events", TimeMS: u.TimeMS, Events: evs,
						Processes: toWireLiveProcesses(u.Processes), Reports: reps})
				}
			}
		})
	}
	for { // reader: this goroutine runs the commands, in order
		_, data, err := conn.Read(k.ctx)
		if err != nil {
			break
		}
		s.liveCommand(owner, data, k.send)
	}
	k.wait()
}

// liveCommand runs one websocket command and answers with a result or an
// error carrying the command's id.
func (s *Server) liveCommand(owner string, data []byte, send func(any)) {
	var c wireLiveCommand
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	err := dec.Decode(&c)
	if err != nil {
		err = fmt.Errorf("%w: %v", errLiveJSON, err)
	} else if c.V != ProtocolVersion {
		err = fmt.Errorf("%w: protocol version %d is not supported; use %d", errLiveJSON, c.V, ProtocolVersion)
	}
	res := wireLiveResult{V: ProtocolVersion, Type: "result", ID: c.ID}
	m := s.live.m
	if err == nil {
		switch c.Type {
		case "spawn":
			res.PID, err = m.Spawn(owner, c.Workload, c.Args)
		case "signal":
			err = m.Signal(c.PID, c.Signal)
		case "reap":
			err = m.Reap(c.PID)
		case "trace":
			err = m.Trace(c.PID)
		case "resume":
			err = m.Resume(c.PID)
		case "killall":
			n := m.KillAll()
			res.Killed = &n
		case "watch":
			err = m.Watch(owner, c.PIDs)
		case "processes":
			send(wireLiveSnapshot{V: ProtocolVersion, Type: "live_snapshot", TimeMS: m.SinceStartMS(), Processes: toWireLiveProcesses(m.Processes())})
			return
		default:
			err = fmt.Errorf("%w: unknown command type %q", errLiveJSON, truncateStr(c.Type, 40))
		}
	}
	if err != nil {
		_, code := liveStatus(err)
		send(wireLiveError{V: ProtocolVersion, Type: "error", ID: c.ID, Code: code, Message: err.Error()})
		return
	}
	send(res)
}

func truncateStr(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// labPID is the lab server's PID: the parent of the processes it starts.
func labPID() int { return os.Getpid() }

// handleLiveLessons serves the live lessons (parsed and checked by New).
// They are text, not processes: every client may read them, whether or
// not the live lab runs here.
func (s *Server) handleLiveLessons(w http.ResponseWriter, r *http.Request) {
	out := []wireLiveLesson{}
	for _, l := range s.liveLessons {
		out = append(out, toWireLiveLesson(l))
	}
	s.writeJSON(w, http.StatusOK, out)
}
