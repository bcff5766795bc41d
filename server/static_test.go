package server

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"proclab/assets"
	webfiles "proclab/web"
)

// TestStaticVersioning checks that loadStatic adds the file set's version
// to every reference between its files, and to nothing else.
func TestStaticVersioning(t *testing.T) {
	files := map[string]string{
		"index.html": `<link rel="stylesheet" href="css/a.css"><link rel="stylesheet" data-href="css/a.css"><script type="module" src="js/app.js"></script>` +
			`<a href="https://example.org/js/app.js">x</a><img src="js/gone.png"><a href="#top">top</a>`,
		"css/a.css": "body{color:red}",
		"js/app.js": "import { b } from './b.js';\nimport './c.js';\nexport * from \"./b.js\";\n" +
			"import {\n  x,\n} from './missing.js';\nconst s = 'from ./b.js';\n" +
			"const lazy = () => import('./c.js');\nimport( \"./b.js\" );\nimport('./missing.js');\nconst u = 'import(./c.js)';\n",
		"js/b.js": "export const b = 1;",
		"js/c.js": "import { b } from './b.js'; console.log(b);",
	}
	sf, _, err := loadStatic(testWebFS(files))
	if err != nil {
		t.Fatal(err)
	}
	v := sf["index.html"].version
	if len(v) != 24 {
		t.Fatalf("got version %q; want 24 hex digits", v)
	}
	tests := []struct {
		name, want string
	}{
		{"index.html", `<link rel="stylesheet" href="css/a.css?v=` + v + `"><link rel="stylesheet" data-href="css/a.css?v=` + v + `"><script type="module" src="js/app.js?v=` + v + `"></script>` +
			`<a href="https://example.org/js/app.js">x</a><img src="js/gone.png"><a href="#top">top</a>`},
		{"js/app.js", "import { b } from './b.js?v=" + v + "';\nimport './c.js?v=" + v + "';\nexport * from \"./b.js?v=" + v + "\";\n" +
			"import {\n  x,\n} from './missing.js';\nconst s = 'from ./b.js';\n" +
			"const lazy = () => import('./c.js?v=" + v + "');\nimport( \"./b.js?v=" + v + "\" );\nimport('./missing.js');\nconst u = 'import(./c.js)';\n"},
		{"js/c.js", "import { b } from './b.js?v=" + v + "'; console.log(b);"},
		{"css/a.css", "body{color:red}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(sf[tc.name].body); got != tc.want {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
	// Another file set has another version.
	files["js/b.js"] = "export const b = 2;"
	other, _, err := loadStatic(testWebFS(files))
	if err != nil {
		t.Fatal(err)
	}
	if got := other["index.html"].version; got == v {
		t.Errorf("got version %s for changed files; want another than %s", got, v)
	}
}

// TestStaticCaching checks the Cache-Control of each kind of request: the
// current version is immutable, anything else revalidates.
func TestStaticCaching(t *testing.T) {
	sf, _, err := loadStatic(testWebFS(map[string]string{"index.html": `<script src="js/app.js"></script>`, "js/app.js": "export {};"}))
	if err != nil {
		t.Fatal(err)
	}
	v := sf["js/app.js"].version
	tests := []struct {
		target, want string
	}{
		{"/js/app.js?v=" + v, "public, max-age=31536000, immutable"},
		{"/js/app.js", "no-cache"},
		{"/js/app.js?v=0123456789abcdef01234567", "no-cache"},
		{"/", "no-cache"},
		{"/?v=" + v, "public, max-age=31536000, immutable"},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			sf.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.target, nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("got status %d; want 200", rec.Code)
			}
			if got := rec.Header().Get("Cache-Control"); got != tc.want {
				t.Errorf("got Cache-Control %q; want %q", got, tc.want)
			}
		})
	}
}

// TestLiveLessonsBrief checks that GET /api/live/lessons?brief=1 gives each
// live lesson of the full answer, in order, with its id, title and twin
// and nothing else.
func TestLiveLessonsBrief(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	read := func(path string) []map[string]any {
		t.Helper()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out []map[string]any
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return out
	}
	full, brief := read("/api/live/lessons"), read("/api/live/lessons?brief=1")
	if len(full) == 0 || len(brief) != len(full) {
		t.Fatalf("got %d brief lessons for %d full ones; want as many, more than 0", len(brief), len(full))
	}
	for i, b := range brief {
		if len(b) != 3 {
			t.Errorf("brief lesson %d has fields %v; want id, title and twin", i, b)
		}
		for _, k := range []string{"id", "title", "twin"} {
			if got, want := fmt.Sprint(b[k]), fmt.Sprint(full[i][k]); got != want {
				t.Errorf("brief lesson %d: got %s %s; want %s", i, k, got, want)
			}
		}
	}
}

// TestFixedJSONAnswers checks that the lesson list, the course and the
// live lessons come gzip with a strong ETag, revalidate with a 304, and
// decode to the same JSON as without gzip.
func TestFixedJSONAnswers(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	tr := &http.Transport{DisableCompression: true}
	get := func(t *testing.T, path string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, body
	}
	for _, path := range []string{"/api/lessons", "/api/course", "/api/live/lessons", "/api/live/lessons?brief=1"} {
		t.Run(path, func(t *testing.T) {
			plain, want := get(t, path)
			if plain.StatusCode != http.StatusOK || plain.Header.Get("Content-Encoding") != "" || !json.Valid(want) {
				t.Fatalf("without gzip: got status %d, encoding %q, valid JSON %v; want 200, none, true",
					plain.StatusCode, plain.Header.Get("Content-Encoding"), json.Valid(want))
			}
			res, gz := get(t, path, "Accept-Encoding", "gzip")
			if got, want := res.Header.Get("Content-Encoding"), "gzip"; got != want {
				t.Fatalf("got Content-Encoding %q; want %q", got, want)
			}
			if got, want := res.Header.Get("Cache-Control"), "no-cache"; got != want {
				t.Errorf("got Cache-Control %q; want %q", got, want)
			}
			zr, err := gzip.NewReader(strings.NewReader(string(gz)))
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := io.ReadAll(zr); string(got) != string(want) {
				t.Errorf("the gzip body differs from the plain one")
			}
			etag := res.Header.Get("ETag")
			if again, body := get(t, path, "Accept-Encoding", "gzip", "If-None-Match", etag); again.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("revalidating with %s: got status %d and %d bytes; want 304 and none", etag, again.StatusCode, len(body))
			}
		})
	}
}

// TestPageNamesFixedAnswerVersions checks part 6 of issue 14 (a repeat
// visit transfers only the HTML): the page names each fixed answer it
// fetches at start-up with its version, that URL is cached immutable and
// answers the same bytes as the plain path, and a wrong version is only
// no-cache.
func TestPageNamesFixedAnswerVersions(t *testing.T) {
	// The page's <body> as web/index.html writes it.
	web := fstest.MapFS{"index.html": {Data: []byte(`<!doctype html><title>ProcLab</title>` +
		`<body class="home-page" data-api-lessons="/api/lessons" data-api-course="/api/course" data-api-live-brief="/api/live/lessons?brief=1">`)}}
	srv, err := New(Config{Web: web, Assets: assets.Files})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	get := func(t *testing.T, path string) (*http.Response, string) {
		t.Helper()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(body)
	}
	_, page := get(t, "/")
	for _, tc := range []struct{ attr, path string }{
		{"data-api-lessons", "/api/lessons"},
		{"data-api-course", "/api/course"},
		{"data-api-live-brief", "/api/live/lessons?brief=1"},
	} {
		t.Run(tc.attr, func(t *testing.T) {
			m := regexp.MustCompile(tc.attr + `="([^"]*)"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("the page has no %s attribute", tc.attr)
			}
			pinned := html.UnescapeString(m[1])
			base, v, ok := strings.Cut(pinned, "v=")
			if !ok || len(v) != 24 || strings.TrimRight(base, "?&") != tc.path {
				t.Fatalf("got %s=%q; want %s with a 24-digit v=", tc.attr, pinned, tc.path)
			}
			res, body := get(t, pinned)
			if got, want := res.Header.Get("Cache-Control"), "public, max-age=31536000, immutable"; got != want {
				t.Errorf("%s: got Cache-Control %q; want %q", pinned, got, want)
			}
			_, plain := get(t, tc.path)
			if body != plain {
				t.Errorf("%s answers other bytes than %s", pinned, tc.path)
			}
			wrong := base + "v=" + strings.Repeat("0", 24)
			if res, _ := get(t, wrong); res.Header.Get("Cache-Control") != "no-cache" {
				t.Errorf("%s: got Cache-Control %q; want no-cache", wrong, res.Header.Get("Cache-Control"))
			}
		})
	}
}

// TestEmbeddedFrontEndPreparedOnce checks that servers made from the same
// embed.FS share its prepared files (compressed once per process, not once
// per server) and still each pin their own page: New writes the fixed
// answers' versions into a server's own index.html, never into the other
// server's nor into the shared set.
func TestEmbeddedFrontEndPreparedOnce(t *testing.T) {
	newServer := func() *Server {
		srv, err := New(Config{Web: webfiles.Files, Assets: assets.Files})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		return srv
	}
	a, b := newServer(), newServer()
	if a.static["js/app.js"] == nil || a.static["js/app.js"] != b.static["js/app.js"] {
		t.Errorf("js/app.js prepared twice (%p, %p); want one file shared", a.static["js/app.js"], b.static["js/app.js"])
	}
	a.static["only-a"] = a.static["js/app.js"]
	if _, ok := b.static["only-a"]; ok {
		t.Error("two servers share one map of files; want a map each")
	}
	shared := preparedEmbeds.sets[webfiles.Files].files["index.html"]
	for _, srv := range []*Server{a, b} {
		page := string(srv.static["index.html"].body)
		if !strings.Contains(page, `data-api-lessons="/api/lessons?v=`) {
			t.Errorf("a server's page does not pin its lessons: %.300s", page)
		}
		if srv.static["index.html"] == shared {
			t.Error("a server's pinned page is the shared set's: New wrote into the set")
		}
	}
	if strings.Contains(string(shared.body), "/api/lessons?v=") {
		t.Error("the shared set's page was pinned")
	}
}
