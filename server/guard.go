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
// X-Forwarded-For, Forwarded and X-Real-IP headers are believed only when
// the direct peer is one of Config.TrustedProxies: then the client is the
// right-most hop of X-Forwarded-For (or of Forwarded's for= list) that is
// not itself a trusted proxy, or X-Real-IP. Hops may carry ports ("ip:port",
// "[v6]:port"). A hop that names no address ("unknown", obfuscated) counts
// as the proxy itself for the budgets, but is never taken as local (the
// proxy does not know who it is). proxied reports whether forwarding
// headers were present and not resolved to a client: a request from an
// untrusted peer that carries them came through a proxy nobody told us
// about, so it is never taken as local.
func (s *Server) clientAddr(r *http.Request) (addr netip.Addr, proxied bool) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, true
	}
	addr = peer.Addr().Unmap()
	xff, fwd, xri := r.Header.Values("X-Forwarded-For"), r.Header.Values("Forwarded"), r.Header.Get("X-Real-IP")
	proxied = len(xff) > 0 || len(fwd) > 0 || xri != ""
	if !proxied || !s.trusted(addr) {
		return addr, proxied
	}
	var hops []string
	switch {
	case len(xff) > 0:
		hops = strings.Split(strings.Join(xff, ","), ",")
	case len(fwd) > 0:
		for _, elem := range strings.Split(strings.Join(fwd, ","), ",") {
			for _, pair := range strings.Split(elem, ";") {
				if k, v, ok := strings.Cut(strings.TrimSpace(pair), "="); ok && strings.EqualFold(k, "for") {
					hops = append(hops, v)
				}
			}
		}
	default:
		hops = []string{xri}
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return addr, true // the proxy could not say: count the client as the proxy, never as local
		}
		if !s.trusted(a) {
			return a, false
		}
	}
	return addr, false
}

// parseHop reads one forwarded hop: an address, optionally quoted, with
// an optional port ("192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:4711",
// "\"[2001:db8::1]\"").
func parseHop(h string) (netip.Addr, bool) {
	h = strings.Trim(strings.TrimSpace(h), `"`)
	if a, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
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

// subresourceHeaders drops from h the headers that only a document
// obeys (its policy for what it may load, frame, or use, and its window's
// opener): a script or a stylesheet is not a document, and a browser asked
// to show one shows its text. A first visit fetches some seventy of them,
// and these headers were half of each response's 700 bytes of headers.
// The type check (nosniff), the cross-origin resource policy and the
// referrer policy (which a stylesheet's or a module's own fetches follow)
// stay.
func subresourceHeaders(h http.Header) {
	for _, k := range []string{"Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy"} {
		h.Del(k)
	}
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

// isHTTPS reports whether the client's connection is TLS: directly, or to a
// trusted proxy that says so (X-Forwarded-Proto: https).
func (s *Server) isHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && s.trusted(peer.Addr().Unmap()) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}
