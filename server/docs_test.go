package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDocsServed checks GET /docs/NAME.md: a document of Config.Docs as
// plain text (the editor's help line links to docs/scenario.md), nothing
// outside it, and no /docs at all when the server has no documents.
func TestDocsServed(t *testing.T) {
	docs := testWebFS(map[string]string{"scenario.md": "# Scenario format\n\nfork NAME\n"})
	cases := []struct {
		name     string
		docs     bool
		path     string
		status   int
		ctype    string
		contains string
	}{
		{"a document", true, "/docs/scenario.md", 200, "text/plain; charset=utf-8", "# Scenario format"},
		{"no such document", true, "/docs/nope.md", 404, "", ""},
		{"nothing outside the folder", true, "/docs/../index.html", 404, "", ""},
		{"the folder itself", true, "/docs/", 404, "", ""},
		{"no documents configured", false, "/docs/scenario.md", 404, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Web: testWeb, Assets: testAssets}
			if c.docs {
				cfg.Docs = docs
			}
			srv, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			res, err := http.Get(ts.URL + c.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("GET %s: status %d; want %d", c.path, res.StatusCode, c.status)
			}
			if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
				t.Errorf("GET %s: Content-Type %q; want %q", c.path, res.Header.Get("Content-Type"), c.ctype)
			}
			if !strings.Contains(string(body), c.contains) {
				t.Errorf("GET %s: body %q; want it to contain %q", c.path, body, c.contains)
			}
		})
	}
}
