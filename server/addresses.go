package server

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// The addresses of this host on the network, for the page's Share dialog:
// a page opened at http://127.0.0.1:8080 makes links that work on this
// computer only, so the dialog offers the same link on an address the
// class can reach (the teacher's --public-url first).

// MaxAddresses is the most network addresses GET /api/addresses lists (a
// machine with many interfaces, containers' bridges among them, gets the
// first ones, IPv4 before IPv6).
const MaxAddresses = 16

// addressesRecord is the answer of GET /api/addresses. URLs are base URLs
// ("http://192.0.2.7:8080/") of this host's network addresses with the
// port the server listens on; Reachable is false when the server listens
// on a loopback address only, so that those URLs will not work until it
// is started with --addr 0.0.0.0:PORT. Public is Config.PublicURL.
type addressesRecord struct {
	V         int      `json:"v"`
	Type      string   `json:"type"`
	Public    string   `json:"public,omitempty"`
	URLs      []string `json:"urls"`
	Reachable bool     `json:"reachable"`
	Port      int      `json:"port"`
}

// CheckPublicURL checks a --public-url: an absolute http or https URL with
// a host, and no user name, password, query or fragment (the page appends
// its own path and fragment to it). It returns the parsed URL.
func CheckPublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, fmt.Errorf("public URL %q: %v", s, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("public URL %q: want an http:// or https:// URL", s)
	case u.Hostname() == "" || u.Opaque != "":
		return nil, fmt.Errorf("public URL %q: want http(s)://HOST[:PORT][/PATH]", s)
	case u.User != nil:
		return nil, fmt.Errorf("public URL %q: a user name or password has no place in a link for students", s)
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("public URL %q: want no query (?...)", s)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return nil, fmt.Errorf("public URL %q: want no fragment (#...)", s)
	}
	if p := u.Port(); p != "" {
		if n, err := netip.ParseAddrPort("0.0.0.0:" + p); err != nil || n.Port() == 0 {
			return nil, fmt.Errorf("public URL %q: port %q is not a port number", s, p)
		}
	}
	return u, nil
}

// machineAddresses lists the unicast addresses of this machine's network
// interfaces that are up and running, loopback interfaces left out.
func machineAddresses() ([]netip.Addr, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	var errs []error
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagRunning == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				if ip, ok := netip.AddrFromSlice(n.IP); ok {
					out = append(out, ip)
				}
			}
		}
	}
	if len(out) == 0 && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// offerable keeps the addresses another machine could open a link at:
// global unicast (private ranges included; loopback, link-local, multicast
// and unspecified addresses left out), each once, IPv4 first, at most
// MaxAddresses.
func offerable(addrs []netip.Addr) []netip.Addr {
	var out []netip.Addr
	for _, a := range addrs {
		a = a.Unmap().WithZone("")
		if a.IsGlobalUnicast() && !a.IsLoopback() && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b netip.Addr) int {
		if a.Is4() != b.Is4() {
			if a.Is4() {
				return -1
			}
			return 1
		}
		return a.Compare(b)
	})
	if len(out) > MaxAddresses {
		out = out[:MaxAddresses]
	}
	return out
}

// listenAddr is where the server listens: Config.Listen, or else the local
// address of the request's connection.
func (s *Server) listenAddr(r *http.Request) netip.AddrPort {
	a := s.listen
	if a == nil {
		a, _ = r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	}
	if a == nil {
		return netip.AddrPort{}
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(ap.Addr().Unmap().WithZone(""), ap.Port())
}

// handleAddresses answers GET /api/addresses (addressesRecord) to a client
// on this machine: only a page opened at a loopback address needs it, and
// nobody else needs to learn this host's interfaces.
func (s *Server) handleAddresses(w http.ResponseWriter, r *http.Request) {
	if !s.isLocal(r) {
		s.writeError(w, r, errorf(errForbidden, "only this machine may ask for its network addresses"))
		return
	}
	rec := addressesRecord{V: ProtocolVersion, Type: "addresses", Public: s.publicURL, URLs: []string{}}
	listen := s.listenAddr(r)
	rec.Port = int(listen.Port())
	var addrs []netip.Addr
	switch ip := listen.Addr(); {
	case !ip.IsValid() || rec.Port == 0:
		// Not a TCP listener: there is no port to offer.
	case ip.IsUnspecified() || ip.IsLoopback():
		list, err := s.interfaces()
		if err != nil {
			s.log.Warn("cannot list the network interfaces", "err", err)
		}
		addrs = offerable(list)
		rec.Reachable = ip.IsUnspecified()
	default: // one address: the only one that works
		addrs = offerable([]netip.Addr{ip})
		rec.Reachable = len(addrs) > 0
	}
	for _, a := range addrs {
		rec.URLs = append(rec.URLs, "http://"+netip.AddrPortFrom(a, listen.Port()).String()+"/")
	}
	s.writeJSON(w, http.StatusOK, rec)
}
