package server

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestCheckPublicURL(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when accepted; else a part of the error
	}{
		{"https://lab.school.example", ""},
		{"http://lab.school.example:8080/", ""},
		{"https://school.example/proclab/", ""},
		{"http://192.0.2.7:8080", ""},
		{"http://[2001:db8::7]:8080/", ""},
		{"ftp://lab.school.example", "want an http:// or https:// URL"},
		{"lab.school.example:8080", "want an http:// or https:// URL"},
		{"/proclab", "want an http:// or https:// URL"},
		{"https://", "want http(s)://HOST"},
		{"https:lab.school.example", "want http(s)://HOST"},
		{"https://teacher:secret@lab.school.example", "user name or password"},
		{"https://lab.school.example/?room=1", "want no query"},
		{"https://lab.school.example/?", "want no query"},
		{"https://lab.school.example/#s=1.x", "want no fragment"},
		{"https://lab.school.example/#", "want no fragment"},
		{"https://lab.school.example:99999/", "not a port number"},
		{"https://lab.school.example:0/", "not a port number"},
		{"https://lab school.example/", "public URL"},
	}
	for _, tc := range tests {
		_, err := CheckPublicURL(tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckPublicURL(%q): got %v; want it accepted", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("CheckPublicURL(%q): got %v; want an error saying %q", tc.in, err, tc.want)
		}
	}
}

func TestNewRefusesABadPublicURL(t *testing.T) {
	_, err := New(Config{Web: testWeb, Assets: testAssets, PublicURL: "https://lab.example/#x"})
	if err == nil || !strings.Contains(err.Error(), "want no fragment") {
		t.Errorf("New with a public URL with a fragment: got %v; want an error saying want no fragment", err)
	}
}

func addrs(t *testing.T, list ...string) []netip.Addr {
	t.Helper()
	out := make([]netip.Addr, len(list))
	for i, s := range list {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

// TestAddresses asks GET /api/addresses of servers listening on loopback,
// on every address and on one address, with the machine's interfaces
// given by the test.
func TestAddresses(t *testing.T) {
	machine := []string{"127.0.0.1", "::1", "192.168.1.20", "fe80::1", "10.0.0.5", "2001:db8::5", "::ffff:172.16.0.9", "224.0.0.1", "192.168.1.20", "0.0.0.0"}
	tests := []struct {
		name      string
		listen    string // "" : the connection's own local address (httptest: 127.0.0.1)
		public    string
		iface     []string
		ifaceErr  error
		urls      []string
		reachable bool
		port      int
	}{
		{
			name: "loopback only", listen: "127.0.0.1:8080", iface: machine,
			urls: []string{"http://10.0.0.5:8080/", "http://172.16.0.9:8080/", "http://192.168.1.20:8080/", "http://[2001:db8::5]:8080/"}, port: 8080,
		},
		{
			name: "every address", listen: "0.0.0.0:8080", public: "https://lab.school.example/", iface: machine,
			urls: []string{"http://10.0.0.5:8080/", "http://172.16.0.9:8080/", "http://192.168.1.20:8080/", "http://[2001:db8::5]:8080/"}, reachable: true, port: 8080,
		},
		{
			name: "every address, IPv6 wildcard", listen: "[::]:9000", iface: []string{"192.168.1.20"},
			urls: []string{"http://192.168.1.20:9000/"}, reachable: true, port: 9000,
		},
		{
			name: "one address", listen: "192.168.1.20:8080", iface: machine,
			urls: []string{"http://192.168.1.20:8080/"}, reachable: true, port: 8080,
		},
		{
			name: "no network", listen: "0.0.0.0:8080", iface: []string{"127.0.0.1", "fe80::1"},
			urls: []string{}, reachable: true, port: 8080,
		},
		{
			name: "interfaces cannot be listed", listen: "0.0.0.0:8080", public: "http://lab.example:8080", ifaceErr: errors.New("netlink: permission denied"),
			urls: []string{}, reachable: true, port: 8080,
		},
		{
			name: "the connection's own address", iface: []string{"192.168.1.20"},
			urls: []string{"http://192.168.1.20:PORT/"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Web: testWeb, Assets: testAssets, PublicURL: tc.public,
				Interfaces: func() ([]netip.Addr, error) { return addrs(t, tc.iface...), tc.ifaceErr }}
			if tc.listen != "" {
				cfg.Listen = net.TCPAddrFromAddrPort(netip.MustParseAddrPort(tc.listen))
			}
			srv, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv.Handler())
			defer func() { ts.Close(); srv.Close() }()
			port := tc.port
			if tc.listen == "" {
				port = ts.Listener.Addr().(*net.TCPAddr).Port
			}
			want := make([]string, len(tc.urls))
			for i, u := range tc.urls {
				want[i] = strings.Replace(u, "PORT", itoa(port), 1)
			}
			res, err := http.Get(ts.URL + "/api/addresses")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d; want 200", res.StatusCode)
			}
			for h, v := range map[string]string{"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"} {
				if got := res.Header.Get(h); got != v {
					t.Errorf("header %s: got %q; want %q", h, got, v)
				}
			}
			var got addressesRecord
			if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if got.Type != "addresses" || got.V != ProtocolVersion {
				t.Errorf("type %q v %d; want addresses %d", got.Type, got.V, ProtocolVersion)
			}
			if !slices.Equal(got.URLs, want) {
				t.Errorf("urls: got %q; want %q", got.URLs, want)
			}
			if got.Reachable != tc.reachable || got.Port != port || got.Public != tc.public {
				t.Errorf("reachable %v port %d public %q; want %v %d %q", got.Reachable, got.Port, got.Public, tc.reachable, port, tc.public)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestAddressesCapAndRefusals checks the cap on the list, that another
// machine is refused (it has no need of this host's interfaces), and that
// only GET is served.
func TestAddressesCapAndRefusals(t *testing.T) {
	var many []netip.Addr
	for i := 1; i <= MaxAddresses+10; i++ {
		many = append(many, netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}))
	}
	srv, err := New(Config{Web: testWeb, Assets: testAssets, Listen: &net.TCPAddr{IP: net.IPv4zero, Port: 8080},
		Interfaces: func() ([]netip.Addr, error) { return many, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()

	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/api/addresses", nil)
	req.RemoteAddr = "127.0.0.1:5000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var got addressesRecord
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("status %d, %v; want 200", rec.Code, err)
	}
	if len(got.URLs) != MaxAddresses || got.URLs[0] != "http://10.0.0.1:8080/" {
		t.Errorf("got %d urls starting %q; want %d starting http://10.0.0.1:8080/", len(got.URLs), got.URLs[0], MaxAddresses)
	}

	tests := []struct {
		name, method, remote string
		header               map[string]string
		status               int
		code                 string
	}{
		{"another machine", http.MethodGet, "192.0.2.50:5000", nil, http.StatusForbidden, "forbidden"},
		{"a forwarded client, no trusted proxy", http.MethodGet, "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "192.0.2.50"}, http.StatusForbidden, "forbidden"},
		{"POST", http.MethodPost, "127.0.0.1:5000", map[string]string{"Content-Type": "application/json"}, http.StatusMethodNotAllowed, ""},
		{"DELETE", http.MethodDelete, "127.0.0.1:5000", nil, http.StatusMethodNotAllowed, ""},
	}
	for _, tc := range tests {
		req := httptest.NewRequest(tc.method, "http://127.0.0.1:8080/api/addresses", strings.NewReader("{}"))
		req.RemoteAddr = tc.remote
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d; want %d", tc.name, rec.Code, tc.status)
		}
		if tc.code != "" && !strings.Contains(rec.Body.String(), `"code":"`+tc.code+`"`) {
			t.Errorf("%s: body %s; want code %s", tc.name, rec.Body.String(), tc.code)
		}
		if strings.Contains(rec.Body.String(), "10.0.0.1") {
			t.Errorf("%s: the refusal names an address of the machine: %s", tc.name, rec.Body.String())
		}
	}
}
