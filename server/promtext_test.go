package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestSeriesExposition checks the text format of series: HELP and TYPE
// before the samples, series in the order of their label values, label
// values escaped, and a metric without labels written at zero.
func TestSeriesExposition(t *testing.T) {
	drops := newSeries("x_dropped_total", counter, `Dropped \ clients.`, "kind", "reason")
	drops.add(2, "sim", "queue_bytes")
	drops.add(1, "live", `a "quoted"`+"\nline")
	drops.add(3, "sim", "queue_bytes")
	open := newSeries("x_open", gauge, "Open.", "kind")
	open.add(1, "sim")
	open.add(-1, "sim")
	idle := newSeries("x_states_total", counter, "States.")
	none := newSeries("x_unused_total", counter, "Never added to.", "kind")
	var e exposition
	for _, v := range []*series{drops, open, idle, none} {
		v.write(&e)
	}
	want := `# HELP x_dropped_total Dropped \\ clients.
# TYPE x_dropped_total counter
x_dropped_total{kind="live",reason="a \"quoted\"\nline"} 1
x_dropped_total{kind="sim",reason="queue_bytes"} 5
# HELP x_open Open.
# TYPE x_open gauge
x_open{kind="sim"} 0
# HELP x_states_total States.
# TYPE x_states_total counter
x_states_total 0
`
	if got := string(e.bytes()); got != want {
		t.Errorf("exposition:\n%s\nwant:\n%s", got, want)
	}
}

// TestSeriesConcurrentAdds checks that adds from many goroutines, to new
// and existing series, are all counted (run with -race).
func TestSeriesConcurrentAdds(t *testing.T) {
	v := newSeries("x_total", counter, "X.", "kind")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				v.add(1, []string{"a", "b", "c"}[(g+i)%3])
			}
		}()
	}
	wg.Wait()
	var e exposition
	v.write(&e)
	for _, k := range []string{"a", "b", "c"} {
		if line := `x_total{kind="` + k + `"} `; !strings.Contains(string(e.bytes()), line) {
			t.Fatalf("no series %q in\n%s", line, e.bytes())
		}
	}
	total := 0.0
	for _, l := range strings.Split(string(e.bytes()), "\n") {
		var n float64
		if i := strings.LastIndexByte(l, ' '); i > 0 && !strings.HasPrefix(l, "#") {
			if _, err := fmt.Sscan(l[i+1:], &n); err == nil {
				total += n
			}
		}
	}
	if total != 8000 {
		t.Errorf("counted %v adds, want 8000", total)
	}
}

// sampleLine is a line of the text format: a name, optional labels, a
// number.
var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`)

// TestMetricsWellFormed checks the whole of a scrape: every line is a
// comment or a sample, every metric has one HELP and one TYPE before its
// samples, and the series that dashboards and the load tool read are
// there (the lab's, Go's and the process's).
func TestMetricsWellFormed(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "lesson": "lifecycle"})
	c.expect("loaded")
	text := metricsText(t, ts)
	typed := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if f := strings.Fields(l); len(f) >= 4 && f[0] == "#" && f[1] == "TYPE" {
			if _, dup := typed[f[2]]; dup {
				t.Errorf("two TYPE lines for %s", f[2])
			}
			typed[f[2]] = f[3]
			continue
		}
		if strings.HasPrefix(l, "# HELP ") {
			continue
		}
		m := sampleLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a sample line: %q", l)
			continue
		}
		name := m[1]
		if _, ok := typed[name]; !ok {
			base := strings.TrimSuffix(strings.TrimSuffix(name, "_sum"), "_count")
			if typed[base] != "summary" {
				t.Errorf("%s has no TYPE line before it", name)
			}
		}
	}
	for _, want := range []string{"go_goroutines", "go_memstats_heap_inuse_bytes", "go_info", "process_resident_memory_bytes",
		"process_open_fds", "process_cpu_seconds_total", "proclab_websockets", "proclab_shared_runs", "proclab_run_bytes"} {
		if _, ok := typed[want]; !ok {
			t.Errorf("/metrics has no %s", want)
		}
	}
}

// TestMetricsScrapesBounded checks that a third scrape while two are in
// flight is refused with 503, and that a slot is freed after a scrape.
func TestMetricsScrapesBounded(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{})
	m := srv.metrics
	m.scrapes <- struct{}{}
	m.scrapes <- struct{}{}
	w := httptest.NewRecorder()
	m.handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("third scrape: %d, want 503", w.Code)
	}
	<-m.scrapes
	w = httptest.NewRecorder()
	m.handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusOK || len(m.scrapes) != 1 {
		t.Errorf("scrape with a free slot: %d, %d slots held after it, want 200 and 1", w.Code, len(m.scrapes))
	}
}
