package server

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// TestExportGetRefusesOtherSites checks that a page of another site
// cannot start a trace or the views with a GET (an <img> or a no-cors
// fetch: up to TraceTime of work each), while a page of this server, a
// link typed in the address bar and curl can.
func TestExportGetRefusesOtherSites(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	tests := []struct {
		name   string
		path   string
		header map[string]string
		status int
		code   string
	}{
		{"trace, Origin of another site", "/api/trace?lesson=lifecycle", map[string]string{"Origin": "http://evil.example"}, 403, "cross_origin"},
		{"trace, cross-site fetch", "/api/trace?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross_origin"},
		{"views, same-site fetch", "/api/views?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "same-site"}, 403, "cross_origin"},
		{"views, cross-site fetch", "/api/views?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "null"}, 403, "cross_origin"},
		{"trace, this server's page", "/api/trace?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200, ""},
		{"views, typed in the address bar", "/api/views?lesson=lifecycle", map[string]string{"Sec-Fetch-Site": "none"}, 200, ""},
		{"views, curl", "/api/views?lesson=lifecycle", nil, 200, ""},
		{"limits, another site (nothing to start)", "/api/limits", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			req, err := http.NewRequest(http.MethodGet, ts.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			if got, want := resp.StatusCode, tt.status; got != want {
				t.Fatalf("got status %d (%.200s); want %d", got, data, want)
			}
			if tt.code == "" {
				return
			}
			var we map[string]any
			if err := json.Unmarshal(data, &we); err != nil {
				t.Fatalf("body %q: %v", data, err)
			}
			if got, want := we["code"], tt.code; got != want {
				t.Errorf("got code %v; want %v", got, want)
			}
		})
	}
}
