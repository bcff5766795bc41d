package server

import (
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// HTTP timeouts: a client must send its request headers within
// ReadHeaderTimeout and its body within ReadTimeout; an answer must be
// written within WriteTimeout; an idle keep-alive connection is closed
// after IdleTimeout. Websockets clear these deadlines when they upgrade and
// keep their own (Budgets).
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 60 * time.Second
	MaxHeaderBytes    = 16 << 10
)

// Connection caps for plain HTTP connections (websockets leave this count
// when they upgrade and are held to Budgets.Conns and ConnsPerClient).
const (
	MaxHTTPConns      = 2048 // open at once; over it, the oldest idle one is closed
	MaxHTTPConnsPerIP = 128  // open at once from one peer address (trusted proxies excepted)
)

// HTTPServer is the http.Server to serve the lab with: every connection
// has deadlines, headers are bounded, connections are capped in total and
// per address, and errors go to the log.
func (s *Server) HTTPServer() *http.Server {
	g := &connGuard{max: MaxHTTPConns, perIP: MaxHTTPConnsPerIP, trusted: s.trusted, conns: map[net.Conn]*connInfo{},
		perAddr: map[netip.Addr]int{}, rejected: s.rejected}
	return &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ConnState:         g.state,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// connGuard caps the HTTP connections, through http.Server.ConnState. When
// an address is at its cap, its connection idle the longest (or, if none is
// idle, the one that has waited longest without a request) makes room for
// the new one; when the total is at its cap, the connection of any address
// idle the longest between requests does. If none can, the new connection
// is closed. So idle keep-alives and silent connections cannot lock other
// machines out. Safe for concurrent use.
type connGuard struct {
	max, perIP int
	trusted    func(netip.Addr) bool
	rejected   func(reason string)
	mu         sync.Mutex
	conns      map[net.Conn]*connInfo
	perAddr    map[netip.Addr]int
}

type connInfo struct {
	addr   netip.Addr
	idle   bool // between requests
	active bool // serving a request (neither: connected, no request yet)
	since  time.Time
}

func (g *connGuard) state(c net.Conn, st http.ConnState) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch st {
	case http.StateNew:
		addr := netip.Addr{}
		if ap, err := netip.ParseAddrPort(c.RemoteAddr().String()); err == nil {
			addr = ap.Addr().Unmap()
		}
		if g.perAddr[addr] >= g.perIP && !g.trusted(addr) && !g.closeOldestIdle(addr) {
			g.rejected("http_conns_per_ip")
			c.Close()
			return
		}
		if len(g.conns) >= g.max && !g.closeOldestIdle(netip.Addr{}) {
			g.rejected("http_conns")
			c.Close()
			return
		}
		g.conns[c] = &connInfo{addr: addr, since: time.Now()}
		g.perAddr[addr]++
	case http.StateActive, http.StateIdle:
		if ci := g.conns[c]; ci != nil {
			ci.idle, ci.active, ci.since = st == http.StateIdle, st == http.StateActive, time.Now()
		}
	case http.StateHijacked, http.StateClosed:
		if ci := g.conns[c]; ci != nil {
			delete(g.conns, c)
			if g.perAddr[ci.addr]--; g.perAddr[ci.addr] <= 0 {
				delete(g.perAddr, ci.addr)
			}
		}
	}
}

// closeOldestIdle closes, of address from, the connection idle the longest
// or else the one that has waited longest without sending a request; when
// from is the zero Addr, the connection of any address idle the longest
// between requests (a new connection of one machine never pushes out
// another's that is about to send its request). A connection serving a
// request is never closed. It reports whether there was one. The caller
// holds g.mu.
func (g *connGuard) closeOldestIdle(from netip.Addr) bool {
	var oldest net.Conn
	var at time.Time
	oldestIdle := false
	for c, ci := range g.conns {
		if ci.active || (from.IsValid() && ci.addr != from) || (!from.IsValid() && !ci.idle) {
			continue // across addresses, only connections idle between requests give way
		}
		better := oldest == nil || (ci.idle && !oldestIdle) || (ci.idle == oldestIdle && ci.since.Before(at))
		if better {
			oldest, at, oldestIdle = c, ci.since, ci.idle
		}
	}
	if oldest == nil {
		return false
	}
	ci := g.conns[oldest]
	delete(g.conns, oldest)
	if g.perAddr[ci.addr]--; g.perAddr[ci.addr] <= 0 {
		delete(g.perAddr, ci.addr)
	}
	oldest.Close()
	return true
}
