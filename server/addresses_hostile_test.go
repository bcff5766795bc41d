package server

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestAddressesBehindAProxy checks who counts as this machine when a
// trusted proxy on it forwards the requests: only a client the proxy
// names as a loopback address. A client the proxy cannot name ("unknown",
// an obfuscated hop) is not taken for the proxy's own machine (before, it
// was: the proxy's loopback address made it local).
func TestAddressesBehindAProxy(t *testing.T) {
	srv, err := New(Config{Web: testWeb, Assets: testAssets, Listen: &net.TCPAddr{IP: net.IPv4zero, Port: 8080},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Interfaces:     func() ([]netip.Addr, error) { return []netip.Addr{netip.MustParseAddr("192.0.2.7")}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	tests := []struct {
		name, remote string
		header       map[string]string
		status       int
	}{
		{"the proxy names a loopback client", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "127.0.0.1"}, http.StatusOK},
		{"the proxy names another machine", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "192.0.2.50"}, http.StatusForbidden},
		{"the proxy cannot name the client", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "unknown"}, http.StatusForbidden},
		{"an obfuscated Forwarded hop", "127.0.0.1:5000", map[string]string{"Forwarded": "for=_hidden"}, http.StatusForbidden},
		{"a forged loopback hop before the real one", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "127.0.0.1, 192.0.2.50"}, http.StatusForbidden},
		{"another machine claims loopback", "192.0.2.50:5000", map[string]string{"X-Forwarded-For": "127.0.0.1", "Host": "127.0.0.1:8080"}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/api/addresses", nil)
			req.RemoteAddr = tt.remote
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if got, want := rec.Code, tt.status; got != want {
				t.Errorf("got %d %.120s; want %d", got, rec.Body.String(), want)
			}
		})
	}
}
