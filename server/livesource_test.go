package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"

	"proclab/live"
)

// getJSON GETs url and decodes its JSON answer into v; it returns the
// response (its body read).
func getJSON(t *testing.T, url string, v any) *http.Response {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v in %.200q", url, err, body)
	}
	return res
}

// TestLiveSource checks GET /api/live/source/{workload} on a server
// without a live lab (the source is text: it is served wherever ProcLab
// runs): every whitelisted workload has its source, each file exactly as
// it is on disk, with its run function's lines; any other name is a
// unknown_workload error and nothing else.
func TestLiveSource(t *testing.T) {
	srv, err := New(Config{Web: testWeb, Assets: testAssets})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer func() { ts.Close(); srv.Close() }()

	for _, w := range live.Workloads() {
		t.Run(w.Name, func(t *testing.T) {
			var src live.Source
			res := getJSON(t, ts.URL+"/api/live/source/"+w.Name, &src)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d; want 200", res.StatusCode)
			}
			if got, want := res.Header.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
				t.Errorf("Content-Type %q; want %q", got, want)
			}
			if src.Workload != w.Name || src.Func == "" || len(src.Files) == 0 {
				t.Fatalf("got workload %q, func %q, %d files; want %q, its run function, at least one file", src.Workload, src.Func, len(src.Files), w.Name)
			}
			run := 0
			for _, f := range src.Files {
				if path.Dir(f.Path) != "live" {
					t.Fatalf("path %q is not a file of live/", f.Path)
				}
				disk, err := os.ReadFile("../" + f.Path)
				if err != nil {
					t.Fatal(err)
				}
				if f.Text != string(disk) {
					t.Errorf("%s: the text served differs from the file on disk", f.Path)
				}
				lines := strings.Split(f.Text, "\n")
				for _, fn := range f.Funcs {
					if fn.First < 1 || fn.Last > len(lines) || fn.First > fn.Last {
						t.Fatalf("%s: %s has lines %d-%d, outside 1-%d", f.Path, fn.Name, fn.First, fn.Last, len(lines))
					}
					body := strings.Join(lines[fn.First-1:fn.Last], "\n")
					if !strings.Contains(body, "func "+fn.Name+"(") {
						t.Errorf("%s lines %d-%d do not declare %s", f.Path, fn.First, fn.Last, fn.Name)
					}
					if fn.Role == live.RoleRun {
						run++
						if fn.Name != src.Func {
							t.Errorf("the run function is %s; want %s", fn.Name, src.Func)
						}
					}
				}
			}
			if run != 1 {
				t.Errorf("%d run functions; want 1", run)
			}
		})
	}

	for _, name := range []string{"", "nope", "inc", "pipe-reader", "CPU", "%2e%2e%2Flive%2Fworker.go", "rawfork.go", strings.Repeat("a", 300)} {
		var body map[string]any
		res := getJSON(t, ts.URL+"/api/live/source/"+name, &body)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%.40s: status %d; want 400", name, res.StatusCode)
		}
		if body["v"] != 1.0 || body["type"] != "error" || body["code"] != "unknown_workload" || len(body) != 4 {
			t.Errorf("%.40s: answer %v; want {v:1, type:error, code:unknown_workload, message}", name, body)
		}
		if msg, _ := body["message"].(string); msg == "" || len(msg) > 200 || strings.Contains(msg, "package live") {
			t.Errorf("%.40s: message %q; want a short sentence naming the workload", name, msg)
		}
	}
}
