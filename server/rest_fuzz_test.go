package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRESTBodies posts arbitrary bodies to every JSON endpoint: nothing
// may panic, every answer is JSON, and every refusal is the one error
// shape with a code from the table (never "internal").
func FuzzRESTBodies(f *testing.F) {
	for _, seed := range []string{
		`{"workload":{"cpus":1,"jobs":[{"name":"A","arrival":0,"bursts":[3]}]},"runs":[{"policy":"rr","quantum":2}]}`,
		`{"workload":{"cpus":2,"switch_cost":1,"jobs":[{"name":"A","arrival":0,"bursts":[3,2,1]},{"name":"B","arrival":1,"bursts":[2]}],"mlfq":{"quanta":[1,2],"allot":[1,2],"boost":10}},"runs":[{"policy":"mlfq"}]}`,
		`{"workload":{"cpus":1,"jobs":[{"name":"A","arrival":0,"bursts":[3]},{"name":"B","arrival":0,"bursts":[1]}]},"run":{"policy":"fcfs"},"choices":["B"]}`,
		`{"command":"scheduler.py -p RR -q 2 -l 3,5,1"}`,
		`{"command":"mlfq.py -n 2 -l 0,10,0"}`,
		`{}`, `[]`, `null`, `{"workload":{"cpus":99}}`, `{"runs":[]}`,
	} {
		f.Add(seed)
	}
	srv, err := New(Config{Web: testWeb, Assets: testAssets})
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/api/schedule", "/api/schedule/manual", "/api/schedule/ostep"} {
			req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
			req.Host = "127.0.0.1"
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var m map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
				t.Fatalf("%s %q: status %d, not a JSON object: %.200s", path, body, rec.Code, rec.Body)
			}
			if rec.Code == http.StatusOK {
				continue
			}
			if m["type"] != "error" || m["v"] != float64(1) || m["code"] == nil || m["code"] == "internal" || m["message"] == "" {
				t.Fatalf("%s %q: status %d, answer %v: want the error shape with a known code", path, body, rec.Code, m)
			}
		}
	})
}
