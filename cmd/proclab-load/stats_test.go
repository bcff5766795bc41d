package main

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ten := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i + 1)
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", []time.Duration{7}, 99, 7},
		{"median of ten is the fifth", ten, 50, 5},
		{"p90 of ten", ten, 90, 9},
		{"p99 of ten is the largest", ten, 99, 10},
		{"p100", ten, 100, 10},
		{"tiny p is the smallest", ten, 0.1, 1},
		{"p99 of a hundred", hundred, 99, 99},
		{"p50 of a hundred", hundred, 50, 50},
		{"p99.9 of a hundred", hundred, 99.9, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %v) = %v; want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		in   []time.Duration
		want Summary
	}{
		{"empty", nil, Summary{}},
		{"unsorted input", []time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond},
			Summary{N: 3, P50: 2, P90: 3, P95: 3, P99: 3, Max: 3, Mean: 2}},
		{"microseconds kept", []time.Duration{1500 * time.Microsecond}, Summary{N: 1, P50: 1.5, P90: 1.5, P95: 1.5, P99: 1.5, Max: 1.5, Mean: 1.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summarize(tt.in); got != tt.want {
				t.Errorf("summarize(%v) = %+v; want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSummarizeLeavesInputAlone(t *testing.T) {
	in := []time.Duration{3, 1, 2}
	summarize(in)
	if in[0] != 3 || in[1] != 1 || in[2] != 2 {
		t.Errorf("summarize reordered its input: got %v; want [3 1 2]", in)
	}
}

func TestFirstQuiet(t *testing.T) {
	r := func(ticks ...uint64) []cpuReading {
		out := make([]cpuReading, len(ticks))
		for i, tk := range ticks {
			out[i] = cpuReading{At: time.Duration(i+1) * 100 * time.Millisecond, Ticks: tk}
		}
		return out
	}
	tests := []struct {
		name   string
		rs     []cpuReading
		window int
		limit  uint64
		want   time.Duration
	}{
		{"no readings", nil, 3, 1, -1},
		{"quiet from the start", r(0, 0, 0, 5), 3, 1, 0},
		{"busy then quiet", r(10, 10, 1, 0, 0), 3, 1, 200 * time.Millisecond},
		{"never quiet long enough", r(10, 0, 0, 10, 0, 0), 3, 1, -1},
		{"limit is inclusive", r(9, 1, 0, 0), 3, 1, 100 * time.Millisecond},
		{"window shorter than the readings", r(0, 0), 3, 1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := firstQuiet(tt.rs, tt.window, tt.limit); got != tt.want {
				t.Errorf("firstQuiet(%v, %d, %d) = %v; want %v", tt.rs, tt.window, tt.limit, got, tt.want)
			}
		})
	}
}

func TestFlatMemory(t *testing.T) {
	s := func(pairs ...float64) []Sample {
		var out []Sample
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, Sample{T: pairs[i], RSS: int64(pairs[i+1])})
		}
		return out
	}
	const sec = time.Second
	tests := []struct {
		name        string
		samples     []Sample
		slack       int64
		first, last windowRSS
		ok, err     bool
	}{
		// Warm-up 10 s, windows of 10 s, duration 60 s: first [10,20], last [50,60]; growth 25 %.
		{"flat", s(0, 5, 12, 100, 18, 110, 52, 105, 58, 100), 0,
			windowRSS{2, 100, 110}, windowRSS{2, 100, 105}, true, false},
		{"the warm-up does not count", s(0, 1000, 12, 100, 55, 120), 0,
			windowRSS{1, 100, 100}, windowRSS{1, 120, 120}, true, false},
		{"a burst in the last window is not a leak", s(12, 100, 15, 100, 18, 100, 52, 100, 55, 300, 58, 100), 0,
			windowRSS{3, 100, 100}, windowRSS{3, 100, 300}, true, false},
		{"a raised floor is", s(12, 100, 15, 100, 18, 100, 52, 130, 55, 130, 58, 100), 0,
			windowRSS{3, 100, 100}, windowRSS{3, 130, 130}, false, false},
		{"slack absorbs small growth", s(15, 100, 55, 130), 5,
			windowRSS{1, 100, 100}, windowRSS{1, 130, 130}, true, false},
		{"no sample in the last window", s(15, 100, 30, 100), 0,
			windowRSS{1, 100, 100}, windowRSS{}, false, true},
		{"no sample in the first window", s(5, 100, 55, 100), 0,
			windowRSS{}, windowRSS{1, 100, 100}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last, ok, err := flatMemory(tt.samples, 10*sec, 10*sec, 60*sec, 0.25, tt.slack)
			if first != tt.first || last != tt.last || ok != tt.ok || (err != nil) != tt.err {
				t.Errorf("flatMemory = %+v, %+v, %v, %v; want %+v, %+v, %v, error %v", first, last, ok, err, tt.first, tt.last, tt.ok, tt.err)
			}
		})
	}
}

// TestSourceAddr checks that every student gets a distinct loopback address.
func TestSourceAddr(t *testing.T) {
	seen := map[string]bool{}
	for n := range 5000 {
		a := sourceAddr(poolStudents, n)
		if !a.IsLoopback() || seen[a.String()] {
			t.Fatalf("student %d: %s (loopback %v, seen before %v)", n, a, a.IsLoopback(), seen[a.String()])
		}
		seen[a.String()] = true
	}
}
