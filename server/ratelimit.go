package server

import (
	"net/netip"
	"sync"
	"time"
)

// rateTable is a token bucket per client address: each client may do burst
// things at once and then one every per. It keeps at most maxRateClients
// addresses; past that, full buckets are forgotten first (a forgotten
// client starts again with a full bucket, which only ever helps a client
// that has been quiet). Safe for concurrent use.
type rateTable struct {
	per   time.Duration
	burst float64
	mu    sync.Mutex
	m     map[netip.Addr]*rateBucket
}

type rateBucket struct {
	tokens float64
	at     time.Time
}

// maxRateClients bounds the addresses a rateTable remembers.
const maxRateClients = 65536

func newRateTable(per time.Duration, burst int) *rateTable {
	return &rateTable{per: per, burst: float64(burst), m: map[netip.Addr]*rateBucket{}}
}

// allow takes one token of client's bucket at now; it reports whether
// there was one, and if not how long until there is.
func (t *rateTable) allow(client netip.Addr, now time.Time) (ok bool, wait time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.m[client]
	if b == nil {
		if len(t.m) >= maxRateClients {
			t.pruneLocked(now)
		}
		b = &rateBucket{tokens: t.burst, at: now}
		t.m[client] = b
	}
	b.tokens = min(t.burst, b.tokens+float64(now.Sub(b.at))/float64(t.per))
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) * float64(t.per))
	}
	b.tokens--
	return true, 0
}

// pruneLocked forgets the buckets that are full again, or, if none are,
// every bucket.
func (t *rateTable) pruneLocked(now time.Time) {
	for a, b := range t.m {
		if b.tokens+float64(now.Sub(b.at))/float64(t.per) >= t.burst {
			delete(t.m, a)
		}
	}
	if len(t.m) >= maxRateClients {
		clear(t.m)
	}
}

// empty reports whether client's bucket has no whole token at now,
// without taking one.
func (t *rateTable) empty(client netip.Addr, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.m[client]
	return b != nil && min(t.burst, b.tokens+float64(now.Sub(b.at))/float64(t.per)) < 1
}
