package server

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// The server's front gate: which Host names it answers to (so that DNS
// rebinding cannot make a foreign site's page talk to it), which Origin may
// change state, and who the client is behind a reverse proxy.

// hostAllowed reports whether a request's Host header names this server: an
// IP literal (a rebinding attack needs a name the attacker controls),
// "localhost", or a name given in Config.AllowedHosts (--public-url).
func (s *Server) hostAllowed(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	if h == "" {
		return false
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	h = strings.ToLower(h)
	if h == "localhost" {
		return true
	}
	_, ok := s.hosts[h]
	return ok
}

// sameOrigin reports whether a browser request comes from a page of this
// server. A request without Origin and Sec-Fetch-Site is not from a web
// page's script (curl, the load tool): it passes.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// clientAddr is the address of the client a request comes from. The
// X-Forwarded-For and X-Real-IP headers are believed only when the direct
// peer is one of Config.TrustedProxies: then the client is the right-most
// address of X-Forwarded-For that is not itself a trusted proxy (or
// X-Real-IP). proxied reports whether forwarding headers were present at
// all: a request from an untrusted peer that carries them came through a
// proxy nobody told us about, so it is never taken as local.
func (s *Server) clientAddr(r *http.Request) (addr netip.Addr, proxied bool) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, true
	}
	addr = peer.Addr().Unmap()
	xff, xri, fwd := r.Header.Values("X-Forwarded-For"), r.Header.Get("X-Real-IP"), r.Header.Get("Forwarded")
	proxied = len(xff) > 0 || xri != "" || fwd != ""
	if !proxied || !s.trusted(addr) {
		return addr, proxied
	}
	var hops []string
	if len(xff) > 0 {
		hops = strings.Split(strings.Join(xff, ","), ",")
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return netip.Addr{}, true // a malformed chain: trust nothing
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a, false
		}
	}
	if a, err := netip.ParseAddr(strings.TrimSpace(xri)); err == nil {
		return a.Unmap(), false
	}
	return addr, false
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// isLocal reports whether a request comes from this machine (loopback),
// directly or through a trusted proxy.
func (s *Server) isLocal(r *http.Request) bool {
	a, proxied := s.clientAddr(r)
	return a.IsValid() && a.IsLoopback() && !proxied
}

// securityHeaders are sent with every response: the page may talk only to
// its own origin, may not be framed, and leaks no referrer.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:; "+
		"style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), usb=(), payment=(), interest-cohort=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// gate is the middleware every request passes: security headers, the Host
// check, and for anything that is not a GET or HEAD, the same-origin check.
func (s *Server) gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		if !s.hostAllowed(r.Host) {
			s.writeError(w, r, errorf(errForbidden, "this server does not answer to the host name %q (start it with --public-url to add one)", truncate(r.Host, 80)))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !sameOrigin(r) {
			s.writeError(w, r, errorf(errCrossOrigin, "a request from another site (Origin %q) may not change anything here", truncate(r.Header.Get("Origin"), 80)))
			return
		}
		next.ServeHTTP(w, r)
	})
}
