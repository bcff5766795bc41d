package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// parseGauge finds an unlabelled sample of the named metric in the
// Prometheus text exposition format (`go_goroutines 42`).
func parseGauge(text, name string) (float64, bool) {
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) {
			continue
		}
		rest := line[len(name):]
		if rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			continue // another metric with this prefix, or labels
		}
		f := strings.Fields(rest)
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			continue
		}
		return v, true
	}
	return 0, false
}

// errNoMetrics means the server has no /metrics with the metric asked for.
var errNoMetrics = errors.New("no such metric at /metrics")

// fetchGoroutines reads go_goroutines from /metrics (at most 4 MiB).
func fetchGoroutines(ctx context.Context, client *http.Client, url string) (int, error) {
	v, err := fetchGauge(ctx, client, url, "go_goroutines")
	return int(v), err
}

// fetchGauge reads the unlabelled metric name from /metrics (at most
// 4 MiB); errNoMetrics when the server has no /metrics or not that metric.
func fetchGauge(ctx context.Context, client *http.Client, url, name string) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, errNoMetrics
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return 0, err
	}
	v, ok := parseGauge(string(b), name)
	if !ok {
		return 0, errNoMetrics
	}
	return v, nil
}
