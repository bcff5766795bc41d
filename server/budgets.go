package server

import (
	"context"
	"net/http"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"proclab/lab"
)

// Budgets bound what one client and the whole server may use, in bytes and
// time as well as counts (DESIGN §8.5). A client is a client address (a
// machine; behind a trusted proxy, the address the proxy names). A zero
// field takes its default (DefaultBudgets) on its own: setting one field
// never zeroes the others.
type Budgets struct {
	MessageBytes        int64         // largest client websocket message
	MessageTimeout      time.Duration // a message that has begun must arrive whole within this
	RequestBytes        int64         // largest REST request body
	ResponseBytes       int64         // largest REST answer
	QueueBytes          int64         // one websocket's outgoing queue; a client over it is dropped
	QueueBytesPerClient int64         // every websocket of one client together
	TotalQueueBytes     int64         // every websocket's outgoing queue together
	RunBytes            int64         // the memory of every open run together (lab.Session.Bytes)
	RunBytesPerClient   int64         // the open runs of one client together
	SharedRunBytes      int64         // recorded runs kept for the sessions that open them again (lab.Recordings), on top of RunBytes; negative: loads share nothing
	WriteTimeout        time.Duration // one websocket write; a client that does not read is dropped
	HelloTimeout        time.Duration // a new websocket must send its first command within this
	IdleTimeout         time.Duration // a websocket with no command for this long is closed
	Conns               int           // websockets open at once
	ConnsPerClient      int           // websockets open at once from one client
	Work                int           // commands (loads, steps, explores, schedules...) running at once
	WorkPerClient       int           // commands of one client running at once
	WorkWait            time.Duration // the longest wait for a work slot before "busy"
	ExploreTime         time.Duration // one explore's work; past it, explore answers what it found (incomplete)
	API                 int           // /api requests in flight at once
	APIPerClient        int           // /api requests of one client in flight at once
}

// DefaultBudgets are the budgets `proclab` serves with. Their figures were
// measured with cmd/proclab-load (docs/benchmarks.md).
var DefaultBudgets = Budgets{
	MessageBytes:        80 << 10,
	MessageTimeout:      10 * time.Second,
	RequestBytes:        80 << 10, // as MessageBytes: a scenario of lab.MaxScenarioBytes, JSON-escaped, in a POST /api/trace or /api/views
	ResponseBytes:       32 << 20,
	QueueBytes:          8 << 20,
	QueueBytesPerClient: 16 << 20,
	TotalQueueBytes:     128 << 20,
	RunBytes:            192 << 20,
	RunBytesPerClient:   48 << 20,
	SharedRunBytes:      lab.DefaultRecordingBytes,
	WriteTimeout:        10 * time.Second,
	HelloTimeout:        10 * time.Second,
	IdleTimeout:         30 * time.Minute,
	Conns:               4096,
	ConnsPerClient:      64,
	Work:                2 * runtime.NumCPU(),
	WorkPerClient:       max(1, runtime.NumCPU()/2),
	WorkWait:            5 * time.Second,
	ExploreTime:         10 * time.Second,
	API:                 64,
	APIPerClient:        16,
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
	fillD(&b.MessageTimeout, d.MessageTimeout)
	fill(&b.RequestBytes, d.RequestBytes)
	fill(&b.ResponseBytes, d.ResponseBytes)
	fill(&b.QueueBytes, d.QueueBytes)
	fill(&b.QueueBytesPerClient, d.QueueBytesPerClient)
	fill(&b.TotalQueueBytes, d.TotalQueueBytes)
	fill(&b.RunBytes, d.RunBytes)
	fill(&b.RunBytesPerClient, d.RunBytesPerClient)
	if b.SharedRunBytes == 0 {
		b.SharedRunBytes = d.SharedRunBytes
	}
	fillD(&b.WriteTimeout, d.WriteTimeout)
	fillD(&b.HelloTimeout, d.HelloTimeout)
	fillD(&b.IdleTimeout, d.IdleTimeout)
	fillI(&b.Conns, d.Conns)
	fillI(&b.ConnsPerClient, d.ConnsPerClient)
	fillI(&b.Work, d.Work)
	fillI(&b.WorkPerClient, d.WorkPerClient)
	fillD(&b.WorkWait, d.WorkWait)
	fillD(&b.ExploreTime, d.ExploreTime)
	fillI(&b.API, d.API)
	fillI(&b.APIPerClient, d.APIPerClient)
	return b
}

// meter is the server's shared accounting: connection slots, queued
// bytes, run memory and work slots, server-wide and per client. It is
// safe for concurrent use.
type meter struct {
	b          Budgets
	mu         sync.Mutex
	conns      int
	clients    map[netip.Addr]*share // guarded by mu
	runRefs    map[any]int           // guarded by mu: sessions holding each run (swapRun)
	queueBytes atomic.Int64
	runBytes   atomic.Int64
	work       chan struct{}
	api        chan struct{}
}

// share is one client's part of the budgets. conns and refs are guarded
// by meter.mu; the rest is safe for concurrent use.
type share struct {
	addr       netip.Addr
	conns      int // websockets open
	refs       int // holders: websockets and requests in flight
	work       chan struct{}
	api        chan struct{} // its /api requests in flight (APIPerClient)
	queueBytes atomic.Int64
	runBytes   atomic.Int64
	// releaseWork gives back a work slot of this share and the server's
	// (acquireWork's release: made once, not per work).
	releaseWork func()
}

func newMeter(b Budgets) *meter {
	return &meter{b: b, clients: map[netip.Addr]*share{}, runRefs: map[any]int{}, work: make(chan struct{}, b.Work), api: make(chan struct{}, b.API)}
}

// hold returns client's share, held until release is called (once).
func (m *meter) hold(client netip.Addr) (sh *share, release func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.holdLocked(client)
}

func (m *meter) holdLocked(client netip.Addr) (*share, func()) {
	sh := m.clients[client]
	if sh == nil {
		sh = &share{addr: client, work: make(chan struct{}, m.b.WorkPerClient), api: make(chan struct{}, m.b.APIPerClient)}
		sh.releaseWork = func() { <-m.work; <-sh.work }
		m.clients[client] = sh
	}
	sh.refs++
	var once sync.Once
	return sh, func() {
		once.Do(func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			if sh.refs--; sh.refs == 0 {
				delete(m.clients, client)
			}
		})
	}
}

// admit takes a websocket slot for a client, or says why not.
func (m *meter) admit(client netip.Addr) (sh *share, release func(), reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conns >= m.b.Conns {
		return nil, nil, "the server has as many connections as it can serve"
	}
	if c := m.clients[client]; c != nil && c.conns >= m.b.ConnsPerClient {
		return nil, nil, "this address has too many connections open"
	}
	sh, unhold := m.holdLocked(client)
	m.conns++
	sh.conns++
	var once sync.Once
	return sh, func() {
		once.Do(func() {
			m.mu.Lock()
			m.conns--
			sh.conns--
			m.mu.Unlock()
			unhold()
		})
	}, ""
}

// open returns the number of websockets admitted now.
func (m *meter) open() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.conns
}

// reserve adds n to counter unless that passes limit; it reports whether
// it did. A negative n always succeeds.
func reserve(counter *atomic.Int64, n, limit int64) bool {
	if counter.Add(n) > limit && n > 0 {
		counter.Add(-n)
		return false
	}
	return true
}

// changeRun changes sh's run memory by delta bytes (a run replaced by a
// larger or smaller one), unless growing would pass RunBytesPerClient or
// RunBytes; it reports whether it did. Shrinking always succeeds.
func (m *meter) changeRun(sh *share, delta int64) bool {
	if !reserve(&sh.runBytes, delta, m.b.RunBytesPerClient) {
		return false
	}
	if !reserve(&m.runBytes, delta, m.b.RunBytes) {
		sh.runBytes.Add(-delta)
		return false
	}
	return true
}

// runCharge is what a session's open run costs: its recording, named by
// id (nil: a run no other session can hold) and its bytes.
type runCharge struct {
	id    any
	bytes int64
}

// swapRun moves one of sh's sessions from the run old to the run next
// (either may be zero: none), unless a budget would be passed; it reports
// whether it did. The client's budget counts every run its sessions hold,
// each time; the server's counts a run that several sessions hold (a class
// opening one share link: lab.Recordings) once, while any holds it.
func (m *meter) swapRun(sh *share, old, next runCharge) bool {
	delta := next.bytes - old.bytes
	if !reserve(&sh.runBytes, delta, m.b.RunBytesPerClient) {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	total := delta
	if old.id != nil && old.id == next.id {
		total = 0 // the same run again: held as before
	} else {
		if next.id != nil && m.runRefs[next.id] > 0 {
			total -= next.bytes // held already: counted
		}
		if old.id != nil && m.runRefs[old.id] > 1 {
			total += old.bytes // still held by others: stays counted
		}
	}
	if !reserve(&m.runBytes, total, m.b.RunBytes) {
		sh.runBytes.Add(-delta)
		return false
	}
	if next.id != nil {
		m.runRefs[next.id]++
	}
	if old.id != nil {
		if m.runRefs[old.id]--; m.runRefs[old.id] <= 0 {
			delete(m.runRefs, old.id)
		}
	}
	return true
}

// acquireWork waits (at most WorkWait, and not after ctx ends) for one of
// sh's work slots and then one of the server's; release gives both back.
// A client can thus never hold more than WorkPerClient of the slots.
//
// When both slots are free (a server that keeps up: every play tick) it
// takes them at once, without a timer; the wait is the slow path.
func (m *meter) acquireWork(ctx context.Context, sh *share) (release func(), err error) {
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	select {
	case sh.work <- struct{}{}:
		select {
		case m.work <- struct{}{}:
			return sh.releaseWork, nil
		default:
			<-sh.work
		}
	default:
	}
	t := time.NewTimer(m.b.WorkWait)
	defer t.Stop()
	busy := func() error { return errorf(errBusy, "every worker was busy for %v; try again", m.b.WorkWait) }
	select {
	case sh.work <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, busy()
	}
	select {
	case m.work <- struct{}{}:
		return sh.releaseWork, nil
	case <-ctx.Done():
		<-sh.work
		return nil, ctx.Err()
	case <-t.C:
		<-sh.work
		return nil, busy()
	}
}

// lendWork gives back the server-wide slot of a work that holds it (taken
// with acquireWork), while the work waits for something other than the
// CPU (a client's slow network); the client's own slot stays taken.
// retakeWork takes a server-wide slot again, waiting at most WorkWait and
// not after ctx ends. A work must hold the server-wide slot when its
// release (from acquireWork) runs.
func (m *meter) lendWork() { <-m.work }

func (m *meter) retakeWork(ctx context.Context) error {
	t := time.NewTimer(m.b.WorkWait)
	defer t.Stop()
	select {
	case m.work <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errorf(errBusy, "every worker was busy for %v; try again", m.b.WorkWait)
	}
}

// work runs fn holding one of sh's work slots and one of the server's.
func (s *Server) work(ctx context.Context, sh *share, fn func() error) error {
	release, err := s.meter.acquireWork(ctx, sh)
	if err != nil {
		return err
	}
	defer release()
	return fn()
}

// workFor is work for a REST request: its client's share is held for the
// request's duration.
func (s *Server) workFor(r *http.Request, fn func() error) error {
	client, _ := s.clientAddr(r)
	sh, release := s.meter.hold(client)
	defer release()
	return s.work(r.Context(), sh, fn)
}
