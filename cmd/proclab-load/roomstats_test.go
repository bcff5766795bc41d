package main

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// decodeLink undoes stateLink the way web/js/share.js's decodeShare does.
func decodeLink(t *testing.T, link string) map[string]any {
	t.Helper()
	body, ok := strings.CutPrefix(link, "s=1.")
	if !ok {
		t.Fatalf("link %q does not start with s=1.", link)
	}
	packed, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		t.Fatalf("link %q: base64url: %v", link, err)
	}
	js, err := io.ReadAll(flate.NewReader(bytes.NewReader(packed)))
	if err != nil {
		t.Fatalf("link %q: inflate: %v", link, err)
	}
	var o map[string]any
	if err := json.Unmarshal(js, &o); err != nil {
		t.Fatalf("link %q: JSON: %v", link, err)
	}
	return o
}

func TestStateLink(t *testing.T) {
	tests := []struct {
		name      string
		lesson    string
		semantics int
		step      int
		want      map[string]any
	}{
		{"step 0 without semantics", "fork-basics", 0, 0, map[string]any{"l": "fork-basics", "n": 0.0}},
		{"with semantics", "sched-rr", 3, 17, map[string]any{"l": "sched-rr", "n": 17.0, "e": 3.0}},
		{"large step", "x", 1, 1 << 20, map[string]any{"l": "x", "n": float64(1 << 20), "e": 1.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			link, err := stateLink(tt.lesson, tt.semantics, tt.step)
			if err != nil {
				t.Fatalf("stateLink: %v", err)
			}
			got := decodeLink(t, link)
			if len(got) != len(tt.want) {
				t.Errorf("got %v; want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("field %q: got %v; want %v", k, got[k], v)
				}
			}
		})
	}
}

func TestStateLinksIndex(t *testing.T) {
	links, index, err := stateLinks("fork-basics", 2, 50)
	if err != nil {
		t.Fatalf("stateLinks: %v", err)
	}
	if got, want := len(links), 50; got != want {
		t.Fatalf("got %d links; want %d", got, want)
	}
	if got, want := len(index), 50; got != want {
		t.Fatalf("got %d distinct links; want %d", got, want)
	}
	for i, l := range links {
		if got := index[l]; got != i {
			t.Errorf("index[links[%d]] = %d; want %d", i, got, i)
		}
		if got := decodeLink(t, l)["n"]; got != float64(i) {
			t.Errorf("links[%d] has step %v; want %d", i, got, i)
		}
	}
}

func TestRecvLog(t *testing.T) {
	type rec struct {
		idx int
		at  time.Duration
	}
	tests := []struct {
		name                         string
		n                            int
		recs                         []rec
		wantAt                       []time.Duration
		wantDups, wantReord, wantUnk int
		wantNew                      int
	}{
		{"in order", 3, []rec{{0, 10}, {1, 20}, {2, 30}}, []time.Duration{10, 20, 30}, 0, 0, 0, 3},
		{"duplicate keeps the first time", 2, []rec{{0, 10}, {0, 15}, {1, 20}}, []time.Duration{10, 20}, 1, 0, 0, 2},
		{"an older state after a newer one", 3, []rec{{0, 10}, {2, 20}, {1, 30}}, []time.Duration{10, 30, 20}, 0, 1, 0, 3},
		{"unknown links and out of range", 2, []rec{{-1, 5}, {2, 6}, {1, 7}}, []time.Duration{0, 7}, 0, 0, 2, 1},
		{"a gap is not a reorder", 4, []rec{{0, 1}, {3, 2}}, []time.Duration{1, 0, 0, 2}, 0, 0, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newRecvLog(tt.n)
			gotNew := 0
			for _, r := range tt.recs {
				if l.record(r.idx, r.at) {
					gotNew++
				}
			}
			if gotNew != tt.wantNew {
				t.Errorf("first receipts: got %d; want %d", gotNew, tt.wantNew)
			}
			if !slices.Equal(l.at, tt.wantAt) {
				t.Errorf("at: got %v; want %v", l.at, tt.wantAt)
			}
			if l.dups != tt.wantDups || l.reordered != tt.wantReord || l.unknown != tt.wantUnk {
				t.Errorf("dups, reordered, unknown: got %d, %d, %d; want %d, %d, %d",
					l.dups, l.reordered, l.unknown, tt.wantDups, tt.wantReord, tt.wantUnk)
			}
		})
	}
}

func TestMatchFanout(t *testing.T) {
	ms := time.Millisecond
	log := func(at ...time.Duration) *recvLog {
		l := newRecvLog(len(at))
		copy(l.at, at)
		return l
	}
	tests := []struct {
		name string
		sent []time.Duration
		logs []*recvLog
		late time.Duration
		want fanout
	}{
		{"nobody", []time.Duration{10 * ms}, nil, time.Second,
			fanout{WorstFollower: -1}},
		{"all received", []time.Duration{10 * ms, 110 * ms},
			[]*recvLog{log(12*ms, 113*ms), log(15*ms, 111*ms)}, time.Second,
			fanout{Latencies: []time.Duration{2 * ms, 3 * ms, 5 * ms, ms}, Expected: 4, Received: 4, WorstFollower: -1}},
		{"one lost, one late", []time.Duration{10 * ms, 110 * ms},
			[]*recvLog{log(12*ms, 0), log(2000*ms, 111*ms)}, time.Second,
			fanout{Latencies: []time.Duration{2 * ms, 1990 * ms, ms}, Expected: 4, Received: 3, Lost: 1, Late: 1, WorstFollower: 0, WorstLost: 1, LostBy: []int{0, 1}}},
		{"the worst follower is the one with most lost", []time.Duration{1, 2, 3},
			[]*recvLog{log(5, 0, 7), log(0, 0, 9), log(4, 5, 6)}, time.Second,
			fanout{Latencies: []time.Duration{4, 4, 6, 3, 3, 3}, Expected: 9, Received: 6, Lost: 3, Skipped: 3, WorstFollower: 1, WorstLost: 2, LostBy: []int{1, 2, 0}}},
		{"an unsent state is not expected; receiving it is unknown", []time.Duration{10, 0},
			[]*recvLog{log(20, 30), log(20, 0)}, time.Second,
			fanout{Latencies: []time.Duration{10, 10}, Expected: 2, Received: 2, Unknown: 1, WorstFollower: -1}},
		{"lost before a later state is skipped; lost at the end is not", []time.Duration{1, 2, 3, 4},
			[]*recvLog{log(5, 0, 7, 0)}, time.Second,
			fanout{Latencies: []time.Duration{4, 4}, Expected: 4, Received: 2, Lost: 2, Skipped: 1, WorstFollower: 0, WorstLost: 2, LostBy: []int{0, 1, 0, 1}}},
		{"a short log counts as lost", []time.Duration{10, 20},
			[]*recvLog{log(15)}, time.Second,
			fanout{Latencies: []time.Duration{5}, Expected: 2, Received: 1, Lost: 1, WorstFollower: 0, WorstLost: 1, LostBy: []int{0, 1}}},
		{"late is strictly over the bound", []time.Duration{10 * ms},
			[]*recvLog{log(110 * ms), log(111 * ms)}, 100 * ms,
			fanout{Latencies: []time.Duration{100 * ms, 101 * ms}, Expected: 2, Received: 2, Late: 1, WorstFollower: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := matchFanout(tt.sent, tt.logs, tt.late)
			if !slices.Equal(got.Latencies, tt.want.Latencies) {
				t.Errorf("latencies: got %v; want %v", got.Latencies, tt.want.Latencies)
			}
			got.Latencies, tt.want.Latencies = nil, nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v; want %+v", got, tt.want)
			}
		})
	}
}

func TestMatchFanoutCountsLogFigures(t *testing.T) {
	a, b := newRecvLog(2), newRecvLog(2)
	a.record(1, 5)
	a.record(0, 6)
	a.record(0, 7)
	b.record(-1, 3)
	got := matchFanout([]time.Duration{1, 2}, []*recvLog{a, b}, time.Second)
	if got.Dups != 1 || got.Reordered != 1 || got.Unknown != 1 {
		t.Errorf("dups, reordered, unknown: got %d, %d, %d; want 1, 1, 1", got.Dups, got.Reordered, got.Unknown)
	}
	if got.Lost != 2 || got.WorstFollower != 1 {
		t.Errorf("lost %d by follower %d; want 2 by follower 1", got.Lost, got.WorstFollower)
	}
}

func TestPerFollower(t *testing.T) {
	tests := []struct {
		name          string
		before, after int64
		n             int
		want          float64
	}{
		{"growth", 10 << 20, 30 << 20, 1000, 20 << 20 / 1000.0},
		{"no followers", 1, 2, 0, 0},
		{"shrink", 2048, 1024, 2, -512},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := perFollower(tt.before, tt.after, tt.n); got != tt.want {
				t.Errorf("perFollower(%d, %d, %d) = %v; want %v", tt.before, tt.after, tt.n, got, tt.want)
			}
		})
	}
}

func TestOnSecond(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		share     float64
		wantCount int
		wantFirst []bool // the first len(wantFirst) followers
	}{
		{"none", 10, 0, 0, []bool{false, false, false}},
		{"all", 10, 1, 10, []bool{true, true, true}},
		{"half alternates", 10, 0.5, 5, []bool{false, true, false, true}},
		{"a quarter of a thousand", 1000, 0.25, 250, []bool{false, false, false, true, false, false, false, true}},
		{"rounded", 3, 0.5, 2, []bool{false, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := 0
			for i := range tt.n {
				if onSecond(i, tt.n, tt.share) {
					got++
				}
			}
			if got != tt.wantCount {
				t.Errorf("%d of %d on the second; want %d", got, tt.n, tt.wantCount)
			}
			for i, w := range tt.wantFirst {
				if g := onSecond(i, tt.n, tt.share); g != w {
					t.Errorf("onSecond(%d, %d, %g) = %v; want %v", i, tt.n, tt.share, g, w)
				}
			}
		})
	}
}

func TestMostLost(t *testing.T) {
	tests := []struct {
		name   string
		lostBy []int
		n      int
		want   []string
	}{
		{"nothing lost", nil, 3, nil},
		{"most first, ties by index", []int{0, 2, 5, 2, 0}, 3, []string{"state 2 by 5 followers", "state 1 by 2 followers", "state 3 by 2 followers"}},
		{"fewer than n", []int{0, 0, 1}, 3, []string{"state 2 by 1 followers"}},
		{"cut at n", []int{1, 1, 1}, 2, []string{"state 0 by 1 followers", "state 1 by 1 followers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mostLost(tt.lostBy, tt.n); !slices.Equal(got, tt.want) {
				t.Errorf("mostLost(%v, %d) = %q; want %q", tt.lostBy, tt.n, got, tt.want)
			}
		})
	}
}
