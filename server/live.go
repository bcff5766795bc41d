package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	m *live.Manager // nil: the live lab is off
	// token is the teacher key (PROCLAB_TEACHER_KEY or --live-token): a client that presents it
	// may act on every client's processes, and may use the lab from
	// another machine. "" = no teacher key.
	token string
	// open lets clients that are not on loopback use the live lab without
	// the teacher key, as students: each acts on its own processes only.
	open bool
	// idle overrides liveIdle when positive (tests).
	idle     time.Duration
	clients  atomic.Int64 // open /ws/live connections
	perAddr  sync.Map     // netip.Addr -> *atomic.Int64: open /ws/live connections per client address
	nextID   atomic.Int64
	attempts keyAttempts // failed teacher key attempts
}

// Limits of the live endpoints.
const (
	maxLiveBody    = 4 << 10 // bytes of one REST body or websocket message
	maxLiveClients = 32      // open /ws/live connections
	// maxLiveClientsPerAddr bounds one machine's /ws/live connections
	// (a teacher may have a few tabs; a student cannot take all 32).
	maxLiveClientsPerAddr = 4
	liveOutQueue          = 256 // queued outgoing messages per websocket client
	// liveOutBytes bounds the bytes queued for one websocket client; a
	// client that lets more pile up is disconnected.
	liveOutBytes = 4 << 20
	// liveWriteTimeout bounds one websocket write: a client that does not
	// read for that long is disconnected.
	liveWriteTimeout = 10 * time.Second
	// liveIdle closes a websocket client that sent nothing for that long
	// (the page sends a ping every minute), and so ends its processes.
	liveIdle = 3 * time.Minute
	// teacherCookie holds proof of the teacher key: an HMAC of a fixed
	// text under the key, never the key itself.
	teacherCookie = "proclab_teacher"
	// maxKeyFailures wrong teacher keys are accepted per keyWindow, from
	// all clients together; then every attempt is refused until the
	// window ends.
	maxKeyFailures = 10
	keyWindow      = time.Minute
)

func (s *Server) mountLive(r chi.Router) {
	r.Route("/api/live", func(r chi.Router) {
		r.Get("/", s.handleLiveInfo)
		r.Get("/processes", s.handleLiveProcesses)
		r.Post("/teacher", s.handleLiveTeacher)
		r.Post("/spawn", s.handleLiveSpawn)
		r.Post("/signal", s.handleLiveSignal)
		r.Post("/reap", s.handleLiveReap)
		r.Post("/trace", s.handleLiveTrace)
		r.Post("/resume", s.handleLiveResume)
		r.Post("/killall", s.handleLiveKillAll)
		r.Get("/lessons", s.handleLiveLessons)
		r.Get("/source/{workload}", s.handleLiveSource)
		r.Get("/source/", s.handleLiveSource) // no name: unknown_workload, as any other
	})
}

// closeLive ends the live lab: every process it started is killed.
func (s *Server) closeLive() {
	if s.live.m != nil {
		s.live.m.Close()
	}
}

// The live lab's own transport errors (the table is in errors.go).
var (
	errLiveBadKey      = errors.New("that is not the teacher key")
	errLiveKeyAttempts = errors.New("too many wrong teacher keys; wait a minute")
	errLiveBusy        = fmt.Errorf("%w: too many live lab clients", errBusy)
)

func (s *Server) writeLiveError(w http.ResponseWriter, err error) {
	status, body := toWireError(err)
	if body.Code == "internal" {
		s.log.Error("live request failed", "err", err)
	}
	writeJSONPlain(w, status, body)
}

// keyAttempts counts failed teacher key attempts per client address, in
// windows of keyWindow: an address that fails maxKeyFailures times may not
// try again until its window ends, and a guesser locks out only itself. It
// keeps at most maxKeyAddrs addresses (the oldest windows are forgotten
// first). It is safe for concurrent use.
type keyAttempts struct {
	mu   sync.Mutex
	byIP map[netip.Addr]*keyWindowCount
}

type keyWindowCount struct {
	start  time.Time
	failed int
}

// maxKeyAddrs bounds the addresses keyAttempts remembers.
const maxKeyAddrs = 4096

// allow reports whether addr may have another key checked now.
func (k *keyAttempts) allow(addr netip.Addr, now time.Time) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	w := k.byIP[addr]
	return w == nil || now.Sub(w.start) >= keyWindow || w.failed < maxKeyFailures
}

// fail records a wrong key from addr.
func (k *keyAttempts) fail(addr netip.Addr, now time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byIP == nil {
		k.byIP = map[netip.Addr]*keyWindowCount{}
	}
	w := k.byIP[addr]
	if w == nil || now.Sub(w.start) >= keyWindow {
		if w == nil && len(k.byIP) >= maxKeyAddrs {
			for a, x := range k.byIP { // forget windows that have ended, or else any
				if now.Sub(x.start) >= keyWindow || len(k.byIP) >= maxKeyAddrs {
					delete(k.byIP, a)
				}
				if len(k.byIP) < maxKeyAddrs/2 {
					break
				}
			}
		}
		w = &keyWindowCount{start: now}
		k.byIP[addr] = w
	}
	w.failed++
}

// teacherProof is the teacher cookie's value for a key: HMAC-SHA256 of a
// fixed text under the key, in hex. The cookie proves the key was given
// without holding it.
func teacherProof(key string) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte("proclab live lab teacher v1"))
	return hex.EncodeToString(h.Sum(nil))
}

// isTeacher reports whether r presents the teacher key: as
// "Authorization: Bearer KEY" (scripts) or as the cookie that POST
// /api/live/teacher sets (the page). Never in the URL.
func (s *Server) isTeacher(r *http.Request) bool {
	key := s.live.token
	if key == "" {
		return false
	}
	if given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && given != "" {
		// A Bearer key counts against the same limit as the page's: a
		// script may not guess keys faster than maxKeyFailures a minute.
		addr, _ := s.clientAddr(r)
		return s.checkKey(addr, given) == nil
	}
	if c, err := r.Cookie(teacherCookie); err == nil {
		return subtle.ConstantTimeCompare([]byte(c.Value), []byte(teacherProof(key))) == 1
	}
	return false
}

// liveAccess checks who may use the live lab and returns the actor r acts
// as (client is its identity): clients on loopback, and, when the server
// is open to the classroom, every client, act on their own processes; a
// client with the teacher key acts on all, from anywhere. A request that
// came through a proxy (Forwarded, X-Forwarded-For) is not taken as
// loopback.
func (s *Server) liveAccess(r *http.Request, client string) (live.Actor, error) {
	if s.live.m == nil {
		return live.Actor{}, errLiveOff
	}
	if s.isTeacher(r) {
		return live.Actor{Client: client, Teacher: true}, nil
	}
	if s.live.open || s.isLocal(r) {
		return live.Actor{Client: client}, nil
	}
	return live.Actor{}, fmt.Errorf("%w: the live lab runs real processes, so only clients on this machine may use it; the teacher can start proclab with --live-open (students) or a teacher key (PROCLAB_TEACHER_KEY) and enter the key here", errForbidden)
}

// decodeArgs turns a workload's arguments from JSON into integers: each
// must be a JSON integer (not a string, not a fraction). The ranges are
// live's business (Workload.Check).
func decodeArgs(workload string, raw map[string]json.RawMessage) (map[string]int64, error) {
	out := make(map[string]int64, len(raw))
	for name, v := range raw {
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: %s.%s must be a whole number, got %.40s", live.ErrBadArgs, truncateStr(workload, 40), truncateStr(name, 40), v)
		}
		out[name] = n
	}
	return out, nil
}

// restOwner is the client identity REST requests act as: one per client
// address (behind a trusted proxy, the address the proxy names).
func (s *Server) restOwner(r *http.Request) string {
	a, _ := s.clientAddr(r)
	return "rest:" + a.String()
}

// Wire types of the live lab.

type wireLiveRequest struct {
	Workload string                     `json:"workload,omitempty"`
	Args     map[string]json.RawMessage `json:"args,omitempty"`
	PID      int                        `json:"pid,omitempty"`
	Signal   string                     `json:"signal,omitempty"`
}

type wireTeacherRequest struct {
	Key string `json:"key"`
}

type wireLiveInfo struct {
	Available bool            `json:"available"`
	Reason    string          `json:"reason,omitempty"`
	Teacher   bool            `json:"teacher"`     // this request presents the teacher key
	HasKey    bool            `json:"teacher_key"` // the server has a teacher key
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
	Stat         string `json:"stat"`       // as ps -o stat shows it: the letter, then l when multi-threaded
	Wchan        string `json:"wchan,omitempty"`
	Wait         string `json:"wait,omitempty"` // what wchan means (live.Wait), when the lab knows
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
	Mine         bool   `json:"mine"` // the client this was sent to started it
	Direct       bool   `json:"lab_child"`
	Traced       bool   `json:"traced"`
	Exited       bool   `json:"exited"`
	// How it ended, once exited: exit_code when it exited, signal (and
	// signal_name, core_dumped) when a signal killed it; neither when the
	// lab could not see it.
	ExitCode   *int   `json:"exit_code,omitempty"`
	Signal     int    `json:"signal,omitempty"`
	SignalName string `json:"signal_name,omitempty"`
	CoreDumped bool   `json:"core_dumped,omitempty"`
	Gone       bool   `json:"gone,omitempty"`
	StartedMS  int64  `json:"started_ms"`
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
	Wait        string `json:"wait,omitempty"`
	Image       string `json:"image,omitempty"` // exec: the program it runs now
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
	V       int             `json:"v"`
	Type    string          `json:"type"`
	ID      json.RawMessage `json:"id,omitempty"`
	PID     int             `json:"pid,omitempty"`
	Killed  *int            `json:"killed,omitempty"`
	Teacher *bool           `json:"teacher,omitempty"` // the answer to a teacher command
}

// toWireLiveProcess converts a sample for the client client.
func toWireLiveProcess(p live.Process, client string) wireLiveProcess {
	w := wireLiveProcess{PID: p.PID, PPID: p.PPID, PGID: p.PGID, Name: p.Name, Workload: p.Workload,
		State: p.Letter, StateName: p.State.String(), Stat: p.PSStat(), Wchan: p.Wchan, Wait: string(p.Wait), Threads: p.Threads,
		VCSW: p.VCSW, NVCSW: p.NVCSW, VCSWDelta: p.VCSWDelta, NVCSWDelta: p.NVCSWDelta,
		UTicks: p.UTicks, STicks: p.STicks, RSS: p.RSS, Mine: p.Owner == client, Direct: p.Direct, Traced: p.Traced,
		Exited: p.Exited, Gone: p.Gone, StartedMS: p.StartedMS}
	switch ws := p.Status; {
	case !p.Exited:
	case ws.Killed():
		w.Signal, w.SignalName, w.CoreDumped = ws.Signal, live.SignalName(ws.Signal), ws.Core
	case ws.Exited():
		code := ws.Code
		w.ExitCode = &code
	}
	if p.HasSmaps {
		w.Pss, w.SharedDirty, w.PrivateDirty = &p.Pss, &p.SharedDirty, &p.PrivateDirty
	}
	return w
}

func toWireLiveProcesses(ps []live.Process, client string) []wireLiveProcess {
	out := make([]wireLiveProcess, 0, len(ps))
	for _, p := range ps {
		out = append(out, toWireLiveProcess(p, client))
	}
	return out
}

func toWireLiveEvent(e live.Event) wireLiveEvent {
	w := wireLiveEvent{Step: e.TimeMS, TimeMS: e.TimeMS, Kind: e.Kind.String(), PID: e.PID, Other: e.Other, CPU: -1,
		Letter: e.Letter, Cause: e.Cause.String(), Value: e.Value, Signal: e.Signal, Wchan: e.Wchan, Wait: string(e.Wait), Image: e.Image, Synthesised: e.Synthesised}
	if e.Kind == sim.EvState {
		w.From, w.To = e.From.String(), e.To.String()
	}
	return w
}

// liveInfo is what the live lab tells a client; teacher says whether the
// client presented the teacher key (checked once per request: a wrong key
// counts once against its address's limit).
func (s *Server) liveInfo(teacher bool) wireLiveInfo {
	info := wireLiveInfo{Workloads: live.Workloads(), Signals: live.Signals, HasKey: s.live.token != "", Teacher: teacher}
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
	s.writeJSON(w, http.StatusOK, s.liveInfo(s.isTeacher(r)))
}

func (s *Server) handleLiveProcesses(w http.ResponseWriter, r *http.Request) {
	a, err := s.liveAccess(r, s.restOwner(r))
	if err == nil {
		err = s.live.m.Available()
	}
	if err != nil {
		s.writeLiveError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, toWireLiveProcesses(s.live.m.Processes(), a.Client))
}

// checkKey checks a teacher key given by the client at addr: "" (giving
// the role up) is always fine; a wrong key counts against maxKeyFailures a
// minute for that address, after which even the right key is refused
// until the minute ends (so guessing gains nothing).
func (s *Server) checkKey(addr netip.Addr, key string) error {
	if key == "" {
		return nil
	}
	now := time.Now()
	if !s.live.attempts.allow(addr, now) {
		return errLiveKeyAttempts
	}
	if s.live.token == "" || subtle.ConstantTimeCompare([]byte(key), []byte(s.live.token)) != 1 {
		s.live.attempts.fail(addr, now)
		return errLiveBadKey
	}
	return nil
}

// handleLiveTeacher checks a teacher key and sets (or, given "", clears)
// the teacher cookie: HttpOnly, SameSite=Strict, Secure over TLS. It is
// open to clients that may not use the lab yet: it is how a teacher on
// another machine gets in. Wrong keys are limited to maxKeyFailures a
// minute in all.
func (s *Server) handleLiveTeacher(w http.ResponseWriter, r *http.Request) {
	var req wireTeacherRequest
	err := s.readJSONMax(r, &req, maxLiveBody)
	if err == nil && s.live.m == nil {
		err = errLiveOff
	}
	cookie := &http.Cookie{Name: teacherCookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.isHTTPS(r)}
	if err == nil && req.Key == "" { // leave the teacher role
		cookie.MaxAge = -1
		http.SetCookie(w, cookie)
		s.writeJSON(w, http.StatusOK, map[string]bool{"teacher": false})
		return
	}
	if err == nil {
		addr, _ := s.clientAddr(r)
		err = s.checkKey(addr, req.Key)
	}
	if err != nil {
		s.writeLiveError(w, err)
		return
	}
	cookie.Value = teacherProof(s.live.token)
	http.SetCookie(w, cookie)
	s.writeJSON(w, http.StatusOK, map[string]bool{"teacher": true})
}

// liveAction checks and decodes a write request and runs do on it as the
// request's actor.
func (s *Server) liveAction(w http.ResponseWriter, r *http.Request, do func(a live.Actor, req wireLiveRequest) (any, error)) {
	var req wireLiveRequest
	a, err := s.liveAccess(r, s.restOwner(r))
	if err == nil {
		err = s.readJSONMax(r, &req, maxLiveBody)
	}
	var out any
	if err == nil {
		out, err = do(a, req)
	}
	if err != nil {
		s.writeLiveError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleLiveSpawn(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(a live.Actor, req wireLiveRequest) (any, error) {
		args, err := decodeArgs(req.Workload, req.Args)
		if err != nil {
			return nil, err
		}
		pid, err := s.live.m.Spawn(a.Client, req.Workload, args)
		return map[string]int{"pid": pid}, err
	})
}

func (s *Server) handleLiveSignal(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(a live.Actor, req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Signal(a, req.PID, req.Signal)
	})
}

func (s *Server) handleLiveReap(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(a live.Actor, req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Reap(a, req.PID)
	})
}

func (s *Server) handleLiveTrace(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(a live.Actor, req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Trace(a, req.PID)
	})
}

func (s *Server) handleLiveResume(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(a live.Actor, req wireLiveRequest) (any, error) {
		return map[string]bool{"ok": true}, s.live.m.Resume(a, req.PID)
	})
}

// handleLiveKillAll kills what the client started (a teacher: everything).
func (s *Server) handleLiveKillAll(w http.ResponseWriter, r *http.Request) {
	s.liveAction(w, r, func(a live.Actor, req wireLiveRequest) (any, error) {
		if err := s.live.m.Available(); err != nil {
			return nil, err
		}
		return map[string]int{"killed": s.live.m.KillAll(a)}, nil
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
	Key      string                     `json:"key,omitempty"` // teacher: the teacher key ("" gives the role up)
}

// handleLiveWS streams every live event to the client and takes the same
// actions as the REST endpoints, as one client: it acts on what it started
// (everything, with the teacher key). Everything it started is killed when
// its connection ends, however it ends.
func (s *Server) handleLiveWS(w http.ResponseWriter, r *http.Request) {
	owner := "ws:" + strconv.FormatInt(s.live.nextID.Add(1), 10)
	actor, err := s.liveAccess(r, owner)
	if err != nil {
		s.writeLiveError(w, err)
		return
	}
	addr, _ := s.clientAddr(r)
	v, _ := s.live.perAddr.LoadOrStore(addr, new(atomic.Int64))
	mine := v.(*atomic.Int64)
	n, nAddr := s.live.clients.Add(1), mine.Add(1)
	defer func() {
		s.live.clients.Add(-1)
		if mine.Add(-1) == 0 {
			s.live.perAddr.CompareAndDelete(addr, mine)
		}
	}()
	if n > maxLiveClients || nAddr > maxLiveClientsPerAddr {
		s.rejected("live_clients")
		s.writeLiveError(w, errLiveBusy)
		return
	}
	conn, sh, release, ok := s.accept(w, r, "live")
	if !ok {
		return
	}
	defer release()
	defer s.live.m.KillOwner(owner)
	s.serveLive(conn, sh, actor, s.liveInfo(actor.Teacher))
}

func (s *Server) serveLive(conn *websocket.Conn, sh *share, a live.Actor, info wireLiveInfo) {
	k := s.newSocket(conn, sh, "live")
	// The page sends a ping when it gets the hello and then every minute;
	// a client silent for HelloTimeout at first, liveIdle later, is closed
	// (and its processes end).
	k.idle, k.maxMessage, k.queueBytes = liveIdle, maxLiveBody, liveOutBytes
	if s.live.idle > 0 {
		k.hello, k.idle = s.live.idle, s.live.idle
	}
	client := a.Client // a itself belongs to the reader (a teacher command changes it)
	m := s.live.m
	k.send(wireLiveHello{V: ProtocolVersion, Type: "live_hello", LabPID: labPID(), TimeMS: m.SinceStartMS(), wireLiveInfo: info})
	if info.Available {
		sub := m.Subscribe(liveOutQueue)
		defer sub.Close()
		k.send(wireLiveSnapshot{V: ProtocolVersion, Type: "live_snapshot", TimeMS: m.SinceStartMS(), Processes: toWireLiveProcesses(m.Processes(), a.Client)})
		k.go_(func() { // forwarder: manager updates -> the writer's queue
			for {
				select {
				case <-k.ctx.Done():
					return
				case u, ok := <-sub.C:
					if !ok {
						k.drop("subscription")
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
						Processes: toWireLiveProcesses(u.Processes, client), Reports: reps})
				}
			}
		})
	}
	for first := true; ; first = false { // reader: this goroutine runs the commands, in order
		data, err := k.read(first)
		if err != nil {
			break
		}
		s.liveCommand(&a, sh.addr, data, func(v any) { k.send(v) })
	}
	k.wait()
}

// liveCommand runs one websocket command as *a and answers with a result
// or an error carrying the command's id. A teacher command with the right
// key makes *a a teacher from then on (with "", an ordinary client again);
// it is how a page that is already connected takes the teacher role without
// reconnecting, which would end the processes it started.
func (s *Server) liveCommand(a *live.Actor, addr netip.Addr, data []byte, send func(any)) {
	var c wireLiveCommand
	err := decodeJSON(data, &c, true)
	if err == nil && c.V != ProtocolVersion {
		err = errBadVersion(c.V)
	}
	res := wireLiveResult{V: ProtocolVersion, Type: "result", ID: c.ID}
	m := s.live.m
	if err == nil {
		switch c.Type {
		case "spawn":
			var args map[string]int64
			if args, err = decodeArgs(c.Workload, c.Args); err == nil {
				res.PID, err = m.Spawn(a.Client, c.Workload, args)
			}
		case "signal":
			err = m.Signal(*a, c.PID, c.Signal)
		case "reap":
			err = m.Reap(*a, c.PID)
		case "trace":
			err = m.Trace(*a, c.PID)
		case "resume":
			err = m.Resume(*a, c.PID)
		case "killall":
			n := m.KillAll(*a)
			res.Killed = &n
		case "teacher":
			if err = s.checkKey(addr, c.Key); err == nil {
				a.Teacher = c.Key != ""
				res.Teacher = &a.Teacher
			}
		case "watch":
			err = m.Watch(a.Client, c.PIDs)
		case "ping": // keeps an idle page connected
		case "processes":
			send(wireLiveSnapshot{V: ProtocolVersion, Type: "live_snapshot", TimeMS: m.SinceStartMS(), Processes: toWireLiveProcesses(m.Processes(), a.Client)})
			return
		default:
			err = errUnknownType(c.Type)
		}
	}
	if err != nil {
		_, body := toWireError(err)
		if body.Code == "internal" {
			s.log.Error("live command failed", "type", truncate(c.Type, 40), "err", err)
		}
		body.ID = c.ID
		send(body)
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

// liveLessonBriefs is GET /api/live/lessons?brief=1's answer.
func (s *Server) liveLessonBriefs() []wireLiveLessonBrief {
	out := []wireLiveLessonBrief{}
	for _, l := range s.liveLessons {
		out = append(out, wireLiveLessonBrief{ID: l.ID, Title: bilingual(l.Title), Twin: l.Twin})
	}
	return out
}

// handleLiveLessons serves the live lessons (parsed and checked by New).
// They are text, not processes: every client may read them, whether or
// not the live lab runs here. With ?brief=1 each is its id, title and twin
// only: what a simulated lesson's links to its live twins need (about a
// tenth of the bytes; issue 14, part 6, page weight).
func (s *Server) handleLiveLessons(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("brief") == "1" {
		s.writeFixedJSON(w, r, s.liveLessonBriefs())
		return
	}
	out := []wireLiveLesson{}
	for _, l := range s.liveLessons {
		out = append(out, toWireLiveLesson(l))
	}
	s.writeFixedJSON(w, r, out)
}

// handleLiveSource serves the real Go source of one whitelisted workload
// (live.WorkloadSource: the repository's files as compiled into this
// binary, with the lines of the workload's functions). Like the lessons it
// is text, not processes: every client may read it, whether or not the
// live lab runs here. Any other name is unknown_workload.
func (s *Server) handleLiveSource(w http.ResponseWriter, r *http.Request) {
	src, err := live.WorkloadSource(chi.URLParam(r, "workload"))
	if err != nil {
		s.writeLiveError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, src)
}
