package server

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"proclab/sim"

	"proclab/live"
)

// Config is what a Server is built from.
type Config struct {
	Web     fs.FS // the front end (index.html at its root)
	Assets  fs.FS // lessons/NN-id.txt
	Logger  *slog.Logger
	Limits  Limits // zero value: DefaultLimits
	Version string
	// Live runs the live lab's real processes (nil: the live lab is off).
	// The Server closes it in Close.
	Live *live.Manager
	// LiveToken, if set, lets clients that are not on loopback use the
	// live lab when they present it (docs/protocol.md, "Live lab").
	LiveToken string
}

// Server holds the dependencies of the handlers. It is safe for concurrent use.
type Server struct {
	web         fs.FS
	lessons     *Lessons
	liveLessons []LiveLesson
	log         *slog.Logger
	limits      Limits
	version     string
	sessions    atomic.Int64 // open websocket sessions
	mu          sync.Mutex   // guards closed
	closed      bool         // Close has begun: no new sessions
	wg          sync.WaitGroup
	ctx         context.Context // cancelled by Close: ends every session
	cancel      context.CancelFunc
	live        liveLab
}

// New checks the configuration and loads the lessons.
func New(cfg Config) (*Server, error) {
	if cfg.Web == nil || cfg.Assets == nil {
		return nil, errors.New("server: Config.Web and Config.Assets are required")
	}
	lessons, err := LoadLessons(cfg.Assets)
	if err != nil {
		return nil, err
	}
	liveLessons, err := LoadLiveLessons(cfg.Assets)
	if err == nil {
		err = CheckLiveLessons(liveLessons, lessons)
	}
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{web: cfg.Web, lessons: lessons, liveLessons: liveLessons, log: cfg.Logger, limits: cfg.Limits,
		version: cfg.Version, ctx: ctx, cancel: cancel, live: liveLab{m: cfg.Live, token: cfg.LiveToken}}, nil
}

// Close ends every session and waits for their goroutines.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true // no new session may start: wg.Add must not race wg.Wait
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	s.closeLive()
}

// startSession registers a session unless the server is closing.
func (s *Server) startSession() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// Handler returns the routes, top to bottom.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Use(securityHeaders)
	r.Get("/healthz", s.handleHealthz)
	r.Get("/api/lessons", s.handleLessons)
	r.Post("/api/schedule", s.handleSchedule)
	r.Post("/api/schedule/manual", s.handleManual)
	r.Post("/api/schedule/ostep", s.handleOstepWorkload)
	r.Get("/ws", s.handleWS)
	s.mountLive(r)
	r.Handle("/*", http.FileServerFS(s.web))
	return r
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "version": s.version, "sessions": s.sessions.Load()})
}

func (s *Server) handleLessons(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.lessonRefs())
}

func (s *Server) lessonRefs() []wireLessonRef {
	out := []wireLessonRef{}
	for _, l := range s.lessons.All() {
		out = append(out, wireLessonRef{ID: l.ID, Title: bilingual{En: l.Scenario.Title["en"], Zh: l.Scenario.Title["zh"]}, Topic: l.Topic()})
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// handleWS upgrades to a websocket and runs a session on it.
func (s *Server) handleWS(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, nil) // same-origin only
	if err != nil {
		return // Accept has answered the client
	}
	conn.SetReadLimit(s.limits.MessageBytes)
	if n := s.sessions.Add(1); n > int64(s.limits.Sessions) {
		s.sessions.Add(-1)
		msg, _ := json.Marshal(wireError{V: ProtocolVersion, Type: "error", Code: "busy", Message: "the server has too many sessions; try again later"})
		_ = conn.Write(r.Context(), websocket.MessageText, msg)
		conn.Close(websocket.StatusTryAgainLater, "too many sessions")
		return
	}
	if !s.startSession() {
		s.sessions.Add(-1)
		conn.Close(websocket.StatusGoingAway, "the server is shutting down")
		return
	}
	defer func() {
		s.sessions.Add(-1)
		s.wg.Done()
	}()
	s.serveConn(conn)
}

// serveConn runs the reader (this goroutine), the session and the writer.
func (s *Server) serveConn(conn *websocket.Conn) {
	k := newSocket(s.ctx, conn, s.limits.OutQueue)
	cmds := make(chan []byte, 16)
	sess := &session{srv: s, out: k.out, drop: func() { go k.close(websocket.StatusPolicyViolation, "client too slow") }}
	k.go_(func() { sess.run(k.ctx, cmds) }) // the only goroutine that touches sess
	sess.send(wireHello{V: ProtocolVersion, Type: "hello", Lessons: s.lessonRefs(), Limits: wireLimits{
		MessageBytes: int(s.limits.MessageBytes), ScenarioBytes: sim.MaxScenarioBytes, Steps: s.limits.Steps}})
	for {
		typ, data, err := conn.Read(k.ctx)
		if err != nil {
			break // closed, too large (Read closed it with 1009), or shut down
		}
		if typ != websocket.MessageText {
			data = []byte("binary")
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
