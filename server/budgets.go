package server

import (
	"context"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Budgets bound what one client and the whole server may use, in bytes and
// time as well as counts (DESIGN §8.5). A zero field takes its default
// (DefaultBudgets) on its own: setting one field never zeroes the others.
type Budgets struct {
	MessageBytes    int64         // largest client websocket message
	RequestBytes    int64         // largest REST request body
	ResponseBytes   int64         // largest REST answer
	QueueBytes      int64         // one websocket's outgoing queue; a client over it is dropped
	TotalQueueBytes int64         // every websocket's outgoing queue together
	RunBytes        int64         // the memory of every open run together (lab.Session.Bytes)
	WriteTimeout    time.Duration // one websocket write; a client that does not read is dropped
	HelloTimeout    time.Duration // a new websocket must send its first command within this
	IdleTimeout     time.Duration // a websocket with no command for this long is closed
	Conns           int           // websockets open at once
	ConnsPerClient  int           // websockets open at once from one client address
	Work            int           // loads, chooses, explores and schedules running at once
	WorkWait        time.Duration // the longest wait for a work slot before "busy"
	API             int           // /api requests in flight at once
}

// DefaultBudgets are the budgets `proclab` serves with. Their figures were
// measured with cmd/proclab-load (docs/benchmarks.md).
var DefaultBudgets = Budgets{
	MessageBytes:    80 << 10,
	RequestBytes:    64 << 10,
	ResponseBytes:   32 << 20,
	QueueBytes:      8 << 20,
	TotalQueueBytes: 128 << 20,
	RunBytes:        192 << 20,
	WriteTimeout:    10 * time.Second,
	HelloTimeout:    10 * time.Second,
	IdleTimeout:     30 * time.Minute,
	Conns:           4096,
	ConnsPerClient:  64,
	Work:            2 * runtime.NumCPU(),
	WorkWait:        5 * time.Second,
	API:             64,
}

// withDefaults fills every zero field from DefaultBudgets.
func (b Budgets) withDefaults() Budgets {
	d := DefaultBudgets
	fill := func(p *int64, v int64) {
		if *p <= 0 {
			*p = v
		}
	}
	fillD := func(p *time.Duration, v time.Duration) {
		if *p <= 0 {
			*p = v
		}
	}
	fillI := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	fill(&b.MessageBytes, d.MessageBytes)
	fill(&b.RequestBytes, d.RequestBytes)
	fill(&b.ResponseBytes, d.ResponseBytes)
	fill(&b.QueueBytes, d.QueueBytes)
	fill(&b.TotalQueueBytes, d.TotalQueueBytes)
	fill(&b.RunBytes, d.RunBytes)
	fillD(&b.WriteTimeout, d.WriteTimeout)
	fillD(&b.HelloTimeout, d.HelloTimeout)
	fillD(&b.IdleTimeout, d.IdleTimeout)
	fillI(&b.Conns, d.Conns)
	fillI(&b.ConnsPerClient, d.ConnsPerClient)
	fillI(&b.Work, d.Work)
	fillD(&b.WorkWait, d.WorkWait)
	fillI(&b.API, d.API)
	return b
}

// meter is the server's shared accounting: connection slots, queued
// bytes, run memory and work slots. It is safe for concurrent use.
type meter struct {
	b          Budgets
	mu         sync.Mutex
	conns      int
	perClient  map[netip.Addr]int
	queueBytes atomic.Int64
	runBytes   atomic.Int64
	work       chan struct{}
	api        chan struct{}
}

func newMeter(b Budgets) *meter {
	return &meter{b: b, perClient: map[netip.Addr]int{}, work: make(chan struct{}, b.Work), api: make(chan struct{}, b.API)}
}

// admit takes a websocket slot for a client, or says why not.
func (m *meter) admit(client netip.Addr) (release func(), reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conns >= m.b.Conns {
		return nil, "the server has as many connections as it can serve"
	}
	if m.perClient[client] >= m.b.ConnsPerClient {
		return nil, "this address has too many connections open"
	}
	m.conns++
	m.perClient[client]++
	var once sync.Once
	return func() {
		once.Do(func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.conns--
			if m.perClient[client]--; m.perClient[client] <= 0 {
				delete(m.perClient, client)
			}
		})
	}, ""
}

// open returns the number of websockets admitted now.
func (m *meter) open() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.conns
}

// reserveQueue accounts n more queued bytes server-wide, unless that would
// pass TotalQueueBytes.
func (m *meter) reserveQueue(n int64) bool {
	if m.queueBytes.Add(n) > m.b.TotalQueueBytes {
		m.queueBytes.Add(-n)
		return false
	}
	return true
}

func (m *meter) releaseQueue(n int64) { m.queueBytes.Add(-n) }

// reserveRun accounts n bytes of run memory server-wide, unless that would
// pass RunBytes.
func (m *meter) reserveRun(n int64) bool {
	if m.runBytes.Add(n) > m.b.RunBytes {
		m.runBytes.Add(-n)
		return false
	}
	return true
}

func (m *meter) releaseRun(n int64) { m.runBytes.Add(-n) }

// acquireWork waits (at most WorkWait, and not after ctx ends) for a work
// slot; release gives it back.
func (m *meter) acquireWork(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(m.b.WorkWait)
	defer t.Stop()
	select {
	case m.work <- struct{}{}:
		return func() { <-m.work }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, errorf(errBusy, "every worker was busy for %v; try again", m.b.WorkWait)
	}
}

// work runs fn holding a work slot.
func (s *Server) work(ctx context.Context, fn func() error) error {
	release, err := s.meter.acquireWork(ctx)
	if err != nil {
		return err
	}
	defer release()
	return fn()
}
