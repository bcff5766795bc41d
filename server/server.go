package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/go-chi/chi/v5"

	"proclab/bus"
	"proclab/lab"
	"proclab/live"
)

// Config is what a Server is built from.
type Config struct {
	Web     fs.FS // the front end (index.html at its root)
	Assets  fs.FS // lessons/NN-id.txt and live/NN-id.txt
	Docs    fs.FS // the documentation (NAME.md at its root), served at /docs/NAME.md; nil: none
	Logger  *slog.Logger
	Budgets Budgets // zero fields: DefaultBudgets
	Version string
	// Live runs the live lab's real processes (nil: the live lab is off).
	// The Server closes it in Close.
	Live *live.Manager
	// LiveToken, if set, is the teacher key: a client that presents it may
	// use the live lab from anywhere and act on every client's processes
	// (docs/protocol.md, "Live lab").
	LiveToken string
	// LiveOpen lets clients that are not on loopback use the live lab
	// without the key, as students: each acts on its own processes only.
	LiveOpen bool
	// AllowedHosts are host names (besides IP literals and localhost) the
	// server answers to: the host of --public-url.
	AllowedHosts []string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Real-IP headers are believed.
	TrustedProxies []netip.Prefix
	// PublicMetrics serves /metrics to every client (default: only to this
	// machine, as the figures describe the server and its clients).
	PublicMetrics bool
	// Issue 12, part 4 (GET /api/addresses, addresses.go):
	// PublicURL is the URL students open (--public-url; CheckPublicURL):
	// the Share dialog offers it first. Listen is the address the server
	// listens on (nil: each request's connection's local address).
	// Interfaces lists this machine's network addresses (nil: those of its
	// interfaces that are up; tests give their own).
	PublicURL  string
	Listen     net.Addr
	Interfaces func() ([]netip.Addr, error)
	// Bus keeps short links and classroom rooms (issue 13; nil: both are
	// off and their routes answer links_off). The caller closes it after
	// the Server.
	Bus *bus.Bus
}

// Server holds the dependencies of the handlers. It is safe for concurrent use.
type Server struct {
	lessons     *lab.Lessons
	recordings  *lab.Recordings // runs recorded for one session, shared with the next that opens them (nil: none)
	liveLessons []lab.LiveLesson
	static      staticFiles
	docs        staticFiles // the documentation (Config.Docs), nil when none
	log         *slog.Logger
	budgets     Budgets
	meter       *meter
	metrics     *metrics
	version     string
	hosts       map[string]struct{}
	proxies     []netip.Prefix
	pubMetrics  bool
	mu          sync.Mutex // guards closed
	closed      bool       // Close has begun: no new connections
	wg          sync.WaitGroup
	ctx         context.Context // cancelled by Close: ends every session
	cancel      context.CancelFunc
	live        liveLab
	publicURL   string                       // Config.PublicURL
	listen      net.Addr                     // Config.Listen
	interfaces  func() ([]netip.Addr, error) // Config.Interfaces or machineAddresses
	bus         *bus.Bus                     // Config.Bus (nil: no links, no rooms)
	rooms       *roomHub                     // nil without a bus
	linkRate    *rateTable                   // short links made per client
	fixed       fixedAnswers                 // prepared answers of writeFixedJSON
}

// New checks the configuration and loads the lessons.
func New(cfg Config) (*Server, error) {
	if cfg.Web == nil || cfg.Assets == nil {
		return nil, errors.New("server: Config.Web and Config.Assets are required")
	}
	if cfg.PublicURL != "" {
		if _, err := CheckPublicURL(cfg.PublicURL); err != nil {
			return nil, err
		}
	}
	lessons, err := lab.LoadLessons(cfg.Assets)
	if err != nil {
		return nil, err
	}
	liveLessons, err := lab.LoadLiveLessons(cfg.Assets)
	if err == nil {
		err = lab.CheckLiveLessons(liveLessons, lessons)
	}
	if err != nil {
		return nil, err
	}
	static, bundle, err := loadStatic(cfg.Web)
	if err != nil {
		return nil, err
	}
	if _, ok := static["index.html"]; !ok {
		return nil, errors.New("server: Config.Web has no index.html")
	}
	var docs staticFiles
	if cfg.Docs != nil {
		if docs, _, err = loadStatic(cfg.Docs); err != nil {
			return nil, err
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if bundle == staleBundle {
		cfg.Logger.Warn("the front end's bundle (web/dist) is older than its modules: serving the modules one by one; run `go generate ./web`")
	}
	b := cfg.Budgets.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{lessons: lessons, liveLessons: liveLessons, static: static, docs: docs, log: cfg.Logger, budgets: b,
		meter: newMeter(b), version: cfg.Version, hosts: map[string]struct{}{}, proxies: cfg.TrustedProxies, pubMetrics: cfg.PublicMetrics,
		ctx: ctx, cancel: cancel, live: liveLab{m: cfg.Live, token: cfg.LiveToken, open: cfg.LiveOpen}}
	s.publicURL, s.listen, s.interfaces = cfg.PublicURL, cfg.Listen, cfg.Interfaces
	if b.SharedRunBytes > 0 {
		s.recordings = lab.NewRecordings(b.SharedRunBytes, lab.DefaultRecordings)
	}
	if s.interfaces == nil {
		s.interfaces = machineAddresses
	}
	for _, h := range cfg.AllowedHosts {
		s.hosts[strings.ToLower(strings.TrimSuffix(h, "."))] = struct{}{}
	}
	s.linkRate = newRateTable(linksPer, linksBurst)
	s.pinFixedAnswers()
	if cfg.Bus != nil {
		s.bus = cfg.Bus
		if s.rooms, err = newRoomHub(s, cfg.Bus); err != nil {
			cancel()
			return nil, err
		}
	}
	s.metrics = newMetrics(s)
	return s, nil
}

// Close ends every connection and waits for their goroutines, then stops
// the live lab (its processes are killed).
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true // no new connection may start: wg.Add must not race wg.Wait
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	if s.rooms != nil {
		s.rooms.close()
	}
	s.closeLive()
}

// startSession registers a long-lived connection unless the server is
// closing; the caller calls s.wg.Done when it ends.
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
	r.Use(withRequestID)
	r.Use(s.recoverPanics)
	r.Use(s.gate)
	r.Get("/healthz", s.handleHealthz)
	r.Get("/metrics", s.handleMetrics)
	r.Group(func(r chi.Router) {
		r.Use(s.apiSlots)
		r.Get("/api/lessons", s.handleLessons)
		r.Get("/api/lessons/{id}", s.handleLesson)
		r.Get("/api/course", s.handleCourse)
		r.Get("/api/addresses", s.handleAddresses) // issue 12, part 4
		r.Post("/api/schedule", s.handleSchedule)
		r.Post("/api/schedule/manual", s.handleManual)
		r.Post("/api/schedule/ostep", s.handleOstepWorkload)
		s.mountLive(r)
		s.mountExport(r) // issue 12, part 9: /api/trace and /api/views (export.go)
		// Issue 13: short links, QR codes and rooms (links.go, qr.go, rooms.go).
		s.mountLinks(r)
		r.Get("/api/qr", s.handleQR)
		s.mountRooms(r)
		s.mountQuiz(r) // issue 13, part 2: GET /api/quiz (wire_quiz.go)
	})
	r.Get("/s/{code}", s.handleShortLink)
	r.Get("/r/{code}", s.handleRoomLink)
	r.Get("/ws/room", s.handleRoomWS)
	r.Get("/ws", s.handleWS)
	r.Get("/ws/live", s.handleLiveWS)
	if s.docs != nil {
		docs := http.StripPrefix("/docs", s.docs)
		r.Method(http.MethodGet, "/docs/*", docs)
		r.Method(http.MethodHead, "/docs/*", docs)
	}
	r.Method(http.MethodGet, "/*", s.static)
	r.Method(http.MethodHead, "/*", s.static)
	return r
}

// apiSlots bounds the /api requests in flight: over Budgets.APIPerClient
// of its client's, or Budgets.API in all, a request is refused at once
// with "busy" (so one machine cannot take every slot).
func (s *Server) apiSlots(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client, _ := s.clientAddr(r)
		sh, unhold := s.meter.hold(client)
		defer unhold()
		select {
		case sh.api <- struct{}{}:
			defer func() { <-sh.api }()
		default:
			s.rejected("api_per_client")
			s.writeError(w, r, errorf(errBusy, "this address has %d requests in flight; wait for them", s.budgets.APIPerClient))
			return
		}
		select {
		case s.meter.api <- struct{}{}:
			defer func() { <-s.meter.api }()
			next.ServeHTTP(w, r)
		default:
			s.writeError(w, r, errorf(errBusy, "too many requests in flight; try again"))
		}
	})
}

func (s *Server) rejected(reason string) { s.metrics.rejected(reason) }

// handleMetrics serves the Prometheus metrics to this machine (or to all
// with Config.PublicMetrics).
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	if !s.pubMetrics && !s.isLocal(r) {
		s.writeError(w, r, errorf(errForbidden, "/metrics is served to this machine only (start proclab with --metrics-public to serve it to all)"))
		return
	}
	s.metrics.handler().ServeHTTP(w, r)
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, map[string]any{"ok": true, "version": s.version, "websockets": s.meter.open()})
}

func (s *Server) handleLessons(w http.ResponseWriter, r *http.Request) {
	s.writeFixedJSON(w, r, s.lessonRefs())
}

// handleLesson answers GET /api/lessons/{id}: the lesson's texts, for the
// editor's examples menu.
func (s *Server) handleLesson(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	l, ok := s.lessons.Get(id)
	if !ok {
		s.writeError(w, r, &lab.Error{Code: lab.CodeUnknownLesson, Msg: fmt.Sprintf("there is no lesson %q", truncateID(id))})
		return
	}
	s.writeJSON(w, http.StatusOK, toWireLessonSource(l))
}

// truncateID shortens an id for an error message.
func truncateID(id string) string {
	if len(id) > 64 {
		return id[:64] + "..."
	}
	return id
}

func (s *Server) lessonRefs() []wireLessonRef {
	out := []wireLessonRef{}
	for _, l := range s.lessons.All() {
		ref := wireLessonRef{ID: l.ID, Title: bilingual(l.Title()), Topic: l.Topic()}
		if l.IsGo {
			ref.Lang = lab.LangGo
		}
		out = append(out, ref)
	}
	return out
}

// CompressThreshold is the size (bytes) from which a message to a browser
// on the simulation socket is compressed (permessage-deflate, each message
// alone: no window kept per socket between messages, so an idle socket
// holds no compressor; a write holds one, counted in the server's queue
// budget: queue.go). Snapshots of large runs and the batches of fast playing are
// above it (the largest run's 2.2 MB snapshot is 221 KB compressed, in
// about 6 ms of one core); a step of a small run is below it and costs
// nothing. What a message holds is the run everyone may see: no secret
// shares a compressed message with text a client chose. The room and live
// sockets are not compressed: a room sends one state to each of hundreds
// of members, which would compress the same bytes hundreds of times.
const CompressThreshold = 16 << 10

// compressedOptions are the simulation socket's websocket options. No
// origin patterns: the library's own check admits the page's origin alone,
// as with no options.
var compressedOptions = &websocket.AcceptOptions{
	CompressionMode:      websocket.CompressionNoContextTakeover,
	CompressionThreshold: CompressThreshold,
}

// accept admits a websocket: a slot for its client address (so idle
// sockets of one address cannot lock others out), a registration with the
// server's shutdown, then the upgrade (same origin only). It answers the
// client itself when it refuses; release must be called when ok.
func (s *Server) accept(w http.ResponseWriter, r *http.Request, kind string) (conn *websocket.Conn, sh *share, release func(), ok bool) {
	return s.acceptOn(w, r, kind, s.meter)
}

// acceptOn is accept counting the websocket against m's budgets.
func (s *Server) acceptOn(w http.ResponseWriter, r *http.Request, kind string, m *meter) (conn *websocket.Conn, sh *share, release func(), ok bool) {
	client, _ := s.clientAddr(r)
	sh, free, why := m.admit(client)
	if free == nil {
		s.writeError(w, r, errorf(errBusy, "%s; try again later", why))
		return nil, nil, nil, false
	}
	if !s.startSession() {
		free()
		s.writeError(w, r, errorf(errBusy, "the server is shutting down"))
		return nil, nil, nil, false
	}
	// net/http leaves its deadlines on a hijacked connection: clear them,
	// the socket keeps its own per read and per write.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	var opts *websocket.AcceptOptions
	if kind == "sim" {
		opts = compressedOptions
	}
	conn, err := websocket.Accept(w, r, opts) // same-origin only
	if err != nil {
		s.rejected("upgrade")
		free()
		s.wg.Done()
		return nil, nil, nil, false
	}
	conn.SetReadLimit(s.budgets.MessageBytes + 1) // read() answers a larger message itself
	s.metrics.sockets.add(1, kind)
	id, start := requestID(r.Context()), time.Now()
	s.log.Info("websocket open", "kind", kind, "request_id", id, "client", client.String())
	return conn, sh, func() {
		s.metrics.sockets.add(-1, kind)
		free()
		s.wg.Done()
		s.log.Info("websocket closed", "kind", kind, "request_id", id, "client", client.String(), "seconds", time.Since(start).Round(time.Millisecond).Seconds())
	}, true
}

// handleWS upgrades to a websocket and runs a simulation session on it.
func (s *Server) handleWS(w http.ResponseWriter, r *http.Request) {
	conn, sh, release, ok := s.accept(w, r, "sim")
	if !ok {
		return
	}
	defer release()
	s.serveSim(conn, sh, simSocketOptions{deflate: offersDeflate(r), patch: r.URL.Query().Get("patch") == "1"})
}

// simSocketOptions are what a simulation socket's upgrade request asked
// for: compressed messages (permessage-deflate), and step messages whose
// tasks come as patches (patch.go: /ws?patch=1, which the page asks for;
// a client that does not gets whole changed tasks, as before patches).
type simSocketOptions struct {
	deflate, patch bool
}

// offersDeflate reports whether the upgrade request r offers compressed
// messages (permessage-deflate), which the simulation socket then accepts
// (compressedOptions): only then can its writes hold a flate writer.
func offersDeflate(r *http.Request) bool {
	for _, v := range r.Header.Values("Sec-WebSocket-Extensions") {
		for _, ext := range strings.Split(v, ",") {
			name, _, _ := strings.Cut(ext, ";")
			if strings.EqualFold(strings.TrimSpace(name), "permessage-deflate") {
				return true
			}
		}
	}
	return false
}
