package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// getOrPost sends a GET (body "") or a JSON POST to ts and returns the
// status, the headers and the body.
func getOrPost(t *testing.T, base, path, body string) (int, http.Header, []byte) {
	t.Helper()
	var resp *http.Response
	var err error
	if body == "" {
		resp, err = http.Get(base + path)
	} else {
		resp, err = http.Post(base+path, "application/json", strings.NewReader(body))
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, data
}

// traceLines splits an NDJSON trace into its records.
func traceLines(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// TestExportRefusesBadRuns checks that a bad request gets the one error
// shape with its code, for both endpoints and both methods.
func TestExportRefusesBadRuns(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	tests := []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"unknown lesson", "/api/trace?lesson=nope", "", 404, "unknown_lesson"},
		{"no run named", "/api/trace", "", 400, "bad_field"},
		{"seed not a number", "/api/trace?lesson=lifecycle&seed=x", "", 400, "bad_field"},
		{"choice not a PID", "/api/views?lesson=lifecycle&choices=1,-2", "", 400, "bad_field"},
		{"lesson and scenario", "/api/trace", `{"lesson":"lifecycle","scenario":"process a\n  exit 0\n"}`, 400, "bad_field"},
		{"parse error", "/api/trace", `{"scenario":"process a\n  comptue 1\n"}`, 400, "parse"},
		{"unknown field", "/api/views", `{"ostep":"process-run.py"}`, 400, "bad_json"},
		{"bad picker", "/api/views", `{"lesson":"lifecycle","picker":"dice"}`, 400, "bad_field"},
		{"scenario too large", "/api/trace?scenario=" + strings.Repeat("x", 70_000), "", 413, "too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, data := getOrPost(t, ts.URL, tt.path, tt.body)
			var we map[string]any
			if err := json.Unmarshal(data, &we); err != nil {
				t.Fatalf("body %q: %v", data, err)
			}
			if status != tt.status || we["type"] != "error" || we["code"] != tt.code {
				t.Errorf("got %d %v %v; want %d error %s", status, we["type"], we["code"], tt.status, tt.code)
			}
		})
	}
}

// TestTraceIsCutAtTheByteBudget checks that a trace larger than
// ResponseBytes stops before the budget and ends with a too_large error
// line, every line before it an event record.
func TestTraceIsCutAtTheByteBudget(t *testing.T) {
	_, ts := newTestServer(t, Budgets{ResponseBytes: 3000})
	status, _, data := getOrPost(t, ts.URL, "/api/trace?lesson=lifecycle", "")
	if status != 200 {
		t.Fatalf("status %d; want 200 (the stream had begun)", status)
	}
	lines := traceLines(t, data)
	if len(lines) < 2 {
		t.Fatalf("got %d lines; want events then an error", len(lines))
	}
	last := lines[len(lines)-1]
	if last["type"] != "error" || last["code"] != "too_large" {
		t.Errorf("last line %v; want an error too_large", last)
	}
	for i, l := range lines[:len(lines)-1] {
		if _, ok := l["kind"]; !ok {
			t.Errorf("line %d %v; want an event record", i, l)
		}
	}
	if events := len(data) - len(mustJSON(t, last)); events > 3000 {
		t.Errorf("the events took %d bytes; want at most the budget, 3000", events)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestViewsMatchTheTrace checks /api/views against /api/trace for the same
// runs: one events message per step (at most HandoutSteps), the same
// events step by step, the run's total, and truncated when the run is
// longer than the answer.
func TestViewsMatchTheTrace(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	long := "process a\n  compute 300\n  exit 0\n"
	tests := []struct {
		name, query, body string
		truncated         bool
	}{
		{"lesson", "lesson=lifecycle", "", false},
		{"race lesson with a seed", "lesson=lost-update&seed=7", "", false},
		{"interleaved with choices", "", `{"lesson":"lost-update","interleave":true,"choices":[2,3,3,2]}`, false},
		{"manual stops at the first decision", "", `{"lesson":"lost-update","manual":true}`, false},
		{"longer than the answer", "scenario=" + url.QueryEscape(long), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vs, trs int
			var vdata, tdata []byte
			if tt.body != "" {
				vs, _, vdata = getOrPost(t, ts.URL, "/api/views", tt.body)
				trs, _, tdata = getOrPost(t, ts.URL, "/api/trace", tt.body)
			} else {
				vs, _, vdata = getOrPost(t, ts.URL, "/api/views?"+tt.query, "")
				trs, _, tdata = getOrPost(t, ts.URL, "/api/trace?"+tt.query, "")
			}
			if vs != 200 || trs != 200 {
				t.Fatalf("status views %d trace %d: %s %s", vs, trs, vdata, tdata)
			}
			var v struct {
				Loaded struct {
					Type  string `json:"type"`
					Total int64  `json:"total"`
				} `json:"loaded"`
				Snapshot struct {
					Type string `json:"type"`
					Step int64  `json:"step"`
				} `json:"snapshot"`
				Steps []struct {
					Type   string            `json:"type"`
					Step   int64             `json:"step"`
					Events []json.RawMessage `json:"events"`
				} `json:"steps"`
				Total     int64 `json:"total"`
				Truncated bool  `json:"truncated"`
			}
			if err := json.Unmarshal(vdata, &v); err != nil {
				t.Fatal(err)
			}
			if v.Loaded.Type != "loaded" || v.Snapshot.Type != "snapshot" || v.Snapshot.Step != 0 {
				t.Errorf("got loaded %q, snapshot %q at %d; want the websocket's loaded and snapshot at step 0", v.Loaded.Type, v.Snapshot.Type, v.Snapshot.Step)
			}
			if want := min(v.Total, HandoutSteps); int64(len(v.Steps)) != want || v.Truncated != tt.truncated || v.Loaded.Total != v.Total {
				t.Fatalf("got %d steps of %d (truncated %v, loaded total %d); want %d, truncated %v", len(v.Steps), v.Total, v.Truncated, v.Loaded.Total, want, tt.truncated)
			}
			byStep := map[int64][]string{}
			var lastStep int64
			for _, l := range bytes.SplitAfter(tdata, []byte("\n")) {
				if len(l) == 0 {
					continue
				}
				var ev struct {
					Step int64 `json:"step"`
				}
				if err := json.Unmarshal(l, &ev); err != nil {
					t.Fatal(err)
				}
				byStep[ev.Step] = append(byStep[ev.Step], string(bytes.TrimSpace(l)))
				lastStep = max(lastStep, ev.Step)
			}
			if !tt.truncated && lastStep != v.Total {
				t.Errorf("the trace's last step is %d; want the run's total %d", lastStep, v.Total)
			}
			for i, s := range v.Steps {
				if s.Type != "events" || s.Step != int64(i+1) {
					t.Fatalf("steps[%d] is %q of step %d; want events of step %d", i, s.Type, s.Step, i+1)
				}
				var got []string
				for _, e := range s.Events {
					var c bytes.Buffer
					if err := json.Compact(&c, e); err != nil {
						t.Fatal(err)
					}
					got = append(got, c.String())
				}
				if strings.Join(got, "\n") != strings.Join(byStep[s.Step], "\n") {
					t.Errorf("step %d: views have %d events, the trace %d; want the same records\n got %v\nwant %v", s.Step, len(got), len(byStep[s.Step]), got, byStep[s.Step])
				}
			}
		})
	}
}
