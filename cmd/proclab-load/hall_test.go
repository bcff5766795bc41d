package main

import (
	"testing"
	"time"
)

func TestTickLateness(t *testing.T) {
	sent := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		period time.Duration
		k      int
		at     time.Duration // after sent
		want   time.Duration
	}{
		{"first step on time", 500 * time.Millisecond, 1, 500 * time.Millisecond, 0},
		{"first step 3 ms late", 500 * time.Millisecond, 1, 503 * time.Millisecond, 3 * time.Millisecond},
		{"tenth step 40 ms late", 100 * time.Millisecond, 10, 1040 * time.Millisecond, 40 * time.Millisecond},
		{"a missed tick counts a whole period", 100 * time.Millisecond, 2, 301 * time.Millisecond, 101 * time.Millisecond},
		{"early (clock jitter) is negative", time.Second, 1, 999 * time.Millisecond, -time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			if got := tickLateness(sent, tt.period, tt.k, sent.Add(tt.at)); got != tt.want {
				t.Errorf("tickLateness(period %v, k %d, +%v) = %v; want %v", tt.period, tt.k, tt.at, got, tt.want)
			}
		})
	}
}

func TestPerSession(t *testing.T) {
	tests := []struct {
		name      string
		base, now int64
		n         int
		want      int64
	}{
		{"growth shared", 10 << 20, 20 << 20, 10, 1 << 20},
		{"rounded down", 0, 10, 3, 3},
		{"no sessions", 0, 1 << 20, 0, 0},
		{"shrunk", 20 << 20, 10 << 20, 5, 0},
		{"unchanged", 5, 5, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			if got := perSession(tt.base, tt.now, tt.n); got != tt.want {
				t.Errorf("perSession(%d, %d, %d) = %d; want %d", tt.base, tt.now, tt.n, got, tt.want)
			}
		})
	}
}

func TestHallCPUSince(t *testing.T) {
	tests := []struct {
		name     string
		from, to hallCPU
		want     hallCPU
	}{
		{"others are the machine less tool and server",
			hallCPU{wall: time.Second, self: 10, srv: 100, mach: 1000, ok: true},
			hallCPU{wall: 11 * time.Second, self: 60, srv: 400, mach: 2000, ok: true},
			hallCPU{wall: 10 * time.Second, self: 50, srv: 300, mach: 650, ok: true}},
		{"never negative",
			hallCPU{self: 0, srv: 0, mach: 0, ok: true},
			hallCPU{self: 5, srv: 5, mach: 8, ok: true},
			hallCPU{self: 5, srv: 5, mach: 0, ok: true}},
		{"a failed reading",
			hallCPU{self: 1, srv: 1, mach: 1, ok: false},
			hallCPU{wall: time.Second, self: 5, srv: 5, mach: 80, ok: true},
			hallCPU{wall: time.Second, ok: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			if got := tt.from.since(tt.to); got != tt.want {
				t.Errorf("since = %+v; want %+v", got, tt.want)
			}
		})
	}
}
