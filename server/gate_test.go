package server

import (
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestGate checks the front gate: Host names (DNS rebinding), Origin on
// state-changing requests, and the security headers on every answer.
func TestGate(t *testing.T) {
	srv, err := New(Config{Web: testWeb, Assets: testAssets, AllowedHosts: []string{"lab.school.example"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	body := `{"command":"scheduler.py -l 3,5"}`
	for _, tc := range []struct {
		name, method, host, origin, site string
		want                             int
		code                             string
	}{
		{"loopback ip", "GET", "127.0.0.1:8080", "", "", 200, ""},
		{"localhost", "GET", "localhost:8080", "", "", 200, ""},
		{"lan ip", "GET", "192.168.1.20:8080", "", "", 200, ""},
		{"ipv6", "GET", "[::1]:8080", "", "", 200, ""},
		{"public url", "GET", "lab.school.example", "", "", 200, ""},
		{"rebinding name", "GET", "attacker.example:8080", "", "", 403, "forbidden"},
		{"empty host", "GET", "", "", "", 403, "forbidden"},
		{"same origin post", "POST", "127.0.0.1:8080", "http://127.0.0.1:8080", "same-origin", 200, ""},
		{"script post without origin", "POST", "127.0.0.1:8080", "", "", 200, ""},
		{"cross-site post", "POST", "127.0.0.1:8080", "http://evil.example", "cross-site", 403, "cross_origin"},
		{"cross-site fetch metadata only", "POST", "127.0.0.1:8080", "", "cross-site", 403, "cross_origin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "/healthz"
			var rd io.Reader
			if tc.method == "POST" {
				path, rd = "/api/schedule/ostep", strings.NewReader(body)
			}
			req := httptest.NewRequest(tc.method, path, rd)
			req.Host = tc.host
			req.Header.Set("Content-Type", "application/json")
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.site != "" {
				req.Header.Set("Sec-Fetch-Site", tc.site)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("got %d (%s); want %d", rec.Code, rec.Body, tc.want)
			}
			if tc.code != "" && !strings.Contains(rec.Body.String(), `"code":"`+tc.code+`"`) {
				t.Errorf("body %s; want code %s", rec.Body, tc.code)
			}
			hd := rec.Header()
			if !strings.Contains(hd.Get("Content-Security-Policy"), "frame-ancestors 'none'") || hd.Get("X-Frame-Options") != "DENY" ||
				hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") != "no-referrer" || hd.Get("Permissions-Policy") == "" {
				t.Errorf("security headers missing: %v", hd)
			}
			if csp := hd.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self';") {
				t.Errorf("CSP %q: connect-src must be the page's own origin only", csp)
			}
		})
	}
}

// TestClientAddr checks whom forwarding headers are believed from.
func TestClientAddr(t *testing.T) {
	srv := &Server{proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	for _, tc := range []struct {
		name, remote string
		hdr          map[string]string
		want         string
		local        bool
	}{
		{"direct", "192.0.2.7:5000", nil, "192.0.2.7", false},
		{"direct loopback", "127.0.0.1:5000", nil, "127.0.0.1", true},
		{"spoofed from a client", "192.0.2.7:5000", map[string]string{"X-Real-IP": "127.0.0.1"}, "192.0.2.7", false},
		{"untrusted loopback proxy", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "192.0.2.7"}, "127.0.0.1", false},
		{"trusted proxy", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "203.0.113.9, 10.4.4.4"}, "203.0.113.9", false},
		{"trusted proxy, spoofed first hop", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "127.0.0.1, 198.51.100.2"}, "198.51.100.2", false},
		{"trusted proxy, real ip", "10.1.2.3:5000", map[string]string{"X-Real-IP": "198.51.100.3"}, "198.51.100.3", false},
		{"trusted proxy, local client", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "127.0.0.1"}, "127.0.0.1", true},
		{"trusted proxy, unknown hop", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "unknown"}, "10.1.2.3", false},
		{"trusted proxy, hop with a port", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "198.51.100.4:4711"}, "198.51.100.4", false},
		{"trusted proxy, v6 hop with a port", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "[2001:db8::7]:4711"}, "2001:db8::7", false},
		{"trusted proxy, Forwarded", "10.1.2.3:5000", map[string]string{"Forwarded": `for=192.0.2.60;proto=http, for="[2001:db8::8]:4711"`}, "2001:db8::8", false},
		{"untrusted peer, Forwarded", "192.0.2.7:5000", map[string]string{"Forwarded": "for=127.0.0.1"}, "192.0.2.7", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = tc.remote
			for k, v := range tc.hdr {
				req.Header.Set(k, v)
			}
			got, _ := srv.clientAddr(req)
			if got.String() != tc.want || srv.isLocal(req) != tc.local {
				t.Errorf("client %s, local %v; want %s, %v", got, srv.isLocal(req), tc.want, tc.local)
			}
		})
	}
}

// TestStaticFiles checks the front end's serving: compressed, with an
// ETag that revalidates, and never a directory listing.
func TestStaticFiles(t *testing.T) {
	big := strings.Repeat("export const x = 1;\n", 200)
	web := map[string]string{"index.html": "<!doctype html><title>ProcLab</title>", "js/app.js": big}
	fsys := testWebFS(web)
	srv, err := New(Config{Web: fsys, Assets: testAssets})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	tr := &http.Transport{DisableCompression: true}
	get := func(path string, hdr ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	res := get("/js/app.js", "Accept-Encoding", "gzip, br")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("ETag") == "" {
		t.Fatalf("status %d, encoding %q, etag %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("ETag"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != big {
		t.Errorf("the gzip body is not the file")
	}
	gzTag := res.Header.Get("ETag")
	if res := get("/js/app.js", "Accept-Encoding", "gzip", "If-None-Match", gzTag); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d; want 304", res.StatusCode)
	}
	plain := get("/js/app.js")
	if plain.Header.Get("Content-Encoding") != "" || plain.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("without gzip: encoding %q, type %q", plain.Header.Get("Content-Encoding"), plain.Header.Get("Content-Type"))
	}
	if plain.Header.Get("ETag") == gzTag {
		t.Errorf("the plain and gzip representations share the ETag %s", gzTag)
	}
	if res := get("/js/app.js", "If-None-Match", gzTag); res.StatusCode != http.StatusOK {
		t.Errorf("the gzip ETag revalidated the plain file: %d", res.StatusCode)
	}
	for _, p := range []string{"/js/", "/js", "/nope.js", "/../go.mod"} {
		if res := get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404 (no listings, no escapes)", p, res.StatusCode)
		}
	}
	if res := get("/"); res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET / = %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// TestBudgetsDefaults checks that setting some budgets keeps the others'
// defaults (a partly set Budgets must not zero the rest).
func TestBudgetsDefaults(t *testing.T) {
	b := Budgets{QueueBytes: 1 << 10, HelloTimeout: time.Second}.withDefaults()
	if b.QueueBytes != 1<<10 || b.HelloTimeout != time.Second {
		t.Errorf("the fields set were changed: %+v", b)
	}
	d := DefaultBudgets
	d.QueueBytes, d.HelloTimeout = b.QueueBytes, b.HelloTimeout
	if b != d {
		t.Errorf("got %+v; want the defaults for every other field: %+v", b, d)
	}
	if (Budgets{}).withDefaults() != DefaultBudgets {
		t.Error("the zero Budgets is not DefaultBudgets")
	}
}

// TestMetrics checks that /metrics serves the lab's and Go's metrics.
func TestMetrics(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "lesson": "lifecycle"})
	c.expect("loaded")
	res, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, want := range []string{`proclab_websockets{kind="sim"} 1`, `proclab_commands_total{type="load"} 1`, "proclab_sent_bytes_total", "go_goroutines", "proclab_run_bytes"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestTeacherKeyGuessing checks that Bearer keys count against the
// per-address limit: after maxKeyFailures wrong keys an address is refused
// even the right key for the rest of the minute, while another address is
// not affected.
func TestTeacherKeyGuessing(t *testing.T) {
	srv := &Server{live: liveLab{token: "right-key"}}
	ask := func(remote, key string) bool {
		req := httptest.NewRequest("GET", "/api/live/", nil)
		req.RemoteAddr = remote
		req.Header.Set("Authorization", "Bearer "+key)
		return srv.isTeacher(req)
	}
	if !ask("192.0.2.1:1000", "right-key") {
		t.Fatal("the right key was refused")
	}
	for i := range maxKeyFailures {
		if ask("192.0.2.1:1000", fmt.Sprintf("guess-%d", i)) {
			t.Fatalf("guess %d was taken", i)
		}
	}
	if ask("192.0.2.1:1000", "right-key") {
		t.Error("after the limit, the guessing address still learns that a key is right")
	}
	if !ask("192.0.2.9:1000", "right-key") {
		t.Error("another address was locked out by the guesser")
	}
}

// TestConnGuard checks the HTTP connection caps: an address at its cap
// gives up its own oldest idle or silent connection; at the total cap only
// connections idle between requests give way; one serving a request never.
func TestConnGuard(t *testing.T) {
	g := &connGuard{max: 3, perIP: 2, trusted: func(netip.Addr) bool { return false }, rejected: func(string) {},
		conns: map[net.Conn]*connInfo{}, perAddr: map[netip.Addr]int{}}
	conn := func(ip string) *fakeConn { return &fakeConn{remote: ip + ":1000"} }
	a1, a2, a3 := conn("192.0.2.1"), conn("192.0.2.1"), conn("192.0.2.1")
	g.state(a1, http.StateNew)
	g.state(a1, http.StateActive)
	g.state(a2, http.StateNew) // silent: no request yet
	g.state(a3, http.StateNew) // a's third: its silent one (a2) makes room, the active one stays
	if !a2.closed || a1.closed || a3.closed {
		t.Fatalf("per-address cap: closed a1 %v a2 %v a3 %v; want only a2", a1.closed, a2.closed, a3.closed)
	}
	b1 := conn("192.0.2.2")
	g.state(b1, http.StateNew) // total 3: a1 active, a3 silent, b1
	b2 := conn("192.0.2.2")
	g.state(b2, http.StateNew) // at the total cap, nothing idle between requests: b2 is refused
	if !b2.closed || a3.closed {
		t.Fatalf("total cap: b2 closed %v, a3 closed %v; want b2 refused and a3 kept", b2.closed, a3.closed)
	}
	g.state(a3, http.StateActive)
	g.state(a3, http.StateIdle)
	b3 := conn("192.0.2.2")
	g.state(b3, http.StateNew) // a3 is idle between requests now: it gives way
	if !a3.closed || b3.closed || a1.closed {
		t.Fatalf("total cap with an idle connection: a3 %v b3 %v a1 %v; want a3 closed", a3.closed, b3.closed, a1.closed)
	}
}

type fakeConn struct {
	net.Conn
	remote string
	closed bool
}

func (c *fakeConn) RemoteAddr() net.Addr {
	ap := netip.MustParseAddrPort(c.remote)
	return net.TCPAddrFromAddrPort(ap)
}

func (c *fakeConn) Close() error { c.closed = true; return nil }

// TestMetricsAreLocal checks that /metrics is served to this machine only,
// unless PublicMetrics.
func TestMetricsAreLocal(t *testing.T) {
	for _, public := range []bool{false, true} {
		srv, err := New(Config{Web: testWeb, Assets: testAssets, PublicMetrics: public})
		if err != nil {
			t.Fatal(err)
		}
		h := srv.Handler()
		for _, remote := range []string{"127.0.0.1:1000", "192.0.2.7:1000"} {
			req := httptest.NewRequest("GET", "/metrics", nil)
			req.Host, req.RemoteAddr = "127.0.0.1:8080", remote
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			want := http.StatusOK
			if !public && remote != "127.0.0.1:1000" {
				want = http.StatusForbidden
			}
			if rec.Code != want {
				t.Errorf("public %v, from %s: %d; want %d", public, remote, rec.Code, want)
			}
		}
		srv.Close()
	}
}

// TestSubresourceHeaders checks which responses carry the document-only
// headers: the page, an API answer and an SVG (which a browser shows as a
// document, scripts and all) do; a module and a stylesheet (shown as text)
// do not, and keep the type check, the resource policy and the referrer
// policy.
func TestSubresourceHeaders(t *testing.T) {
	web := fstest.MapFS{
		"index.html":   {Data: []byte(`<!doctype html><title>ProcLab</title><script type="module" src="js/app.js"></script>`)},
		"js/app.js":    {Data: []byte("export const x = 1;\n")},
		"css/app.css":  {Data: []byte("body { margin: 0; }\n")},
		"img/logo.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	}
	srv, err := New(Config{Web: web, Assets: testAssets})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	document := []string{"Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy"}
	always := map[string]string{"X-Content-Type-Options": "nosniff", "Cross-Origin-Resource-Policy": "same-origin", "Referrer-Policy": "no-referrer"}
	for _, tc := range []struct {
		path     string
		document bool
	}{
		{"/", true},
		{"/index.html", true},
		{"/api/lessons", true},
		{"/js/app.js", false},
		{"/css/app.css", false},
		{"/img/logo.svg", true},
		{"/no-such-file.js", true}, // an error answer is a document
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", tc.path, nil)
			req.Host = "127.0.0.1:8080"
			h.ServeHTTP(rec, req)
			if want := map[bool]int{true: 404, false: 200}[tc.path == "/no-such-file.js"]; rec.Code != want {
				t.Fatalf("status %d; want %d", rec.Code, want)
			}
			hd := rec.Header()
			for _, k := range document {
				if got := hd.Get(k) != ""; got != tc.document {
					t.Errorf("%s present: got %v; want %v", k, got, tc.document)
				}
			}
			for k, v := range always {
				if got := hd.Get(k); got != v {
					t.Errorf("%s: got %q; want %q", k, got, v)
				}
			}
		})
	}
}
