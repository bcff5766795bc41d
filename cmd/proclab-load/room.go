package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// runRoom is a classroom that follows its teacher (docs/protocol.md,
// "Rooms"): a teacher creates a room (POST /api/rooms) and joins it with
// its key; --followers join by code over /ws/room, in waves of --ramp every
// --ramp-every, each from its own loopback address; then the teacher sends
// --steps `state` messages at --rate per second, one at a time, each a real
// share link of a built-in lesson whose step changes. Each follower records
// when each state arrives and pings every --ping-every as the page does.
// With --url2 a fraction --share2 of the followers join on a second
// instance that shares the first's NATS server.
//
// Measured: the latency from the teacher's send to each follower's receipt
// (the clock is this process's monotonic clock, shared by both ends), lost,
// late, duplicated and reordered states, join times, ping round trips, the
// server's memory (VmRSS from /proc, go_memstats_heap_inuse_bytes from
// /metrics) and this tool's (VmRSS, Go heap after a collection) before the
// joins, once joined, after the steps and after the followers left, and
// the CPU both used while the states flowed.
//
// Expectations: every follower joins; every follower receives every state;
// the p99 send-to-receipt latency is at most --max-p99; every ping is
// answered; no member is disconnected by the server; the teacher's every
// state is echoed; peak RSS at most --max-rss; plus the shared ones (on
// both instances).
func runRoom(ctx context.Context, c *config, t *target) (*Result, error) {
	need := uint64(c.followers) + 256
	if got := raiseNofile(need); got < need {
		return nil, fmt.Errorf("%d followers need %d open files; the limit is %d (run as root or raise ulimit -n)", c.followers, need, got)
	}
	var t2 *target
	if c.url2 != "" {
		u, err := parseTarget(c.url2, c.allowRemote, net.LookupHost)
		if err != nil {
			return nil, err
		}
		t2 = &target{base: u, pid: c.pid2}
		if c.pid2 != 0 && !t2.alive() {
			return nil, fmt.Errorf("--pid2 %d: no such process", c.pid2)
		}
		if err := waitHealthy(t2, 5*time.Second); err != nil {
			return nil, fmt.Errorf("--url2: %v", err)
		}
	}
	ro := &roomRun{cfg: c, t: t, t2: t2, epoch: time.Now(), hc: sourceClient(poolTeacher, 0), metricsClient: probeClient()}
	lesson, semantics, err := ro.pickLesson(ctx)
	if err != nil {
		return nil, err
	}
	if ro.links, ro.index, err = stateLinks(lesson, semantics, c.steps); err != nil {
		return nil, err
	}
	ro.msgs = make([][]byte, c.steps)
	for i, l := range ro.links {
		if ro.msgs[i], err = json.Marshal(map[string]any{"v": 1, "type": "state", "link": l}); err != nil {
			return nil, err
		}
	}

	rn := newRunner(c, t, "room", c.sampleEvery)
	ro.rn = rn
	var mon2 *monitor
	if t2 != nil {
		mon2 = startMonitor(t2, c.sampleEvery)
	}
	runErr := ro.run(ctx)
	if mon2 != nil {
		mon2.stop()
	}
	params := []Figure{fig("followers", c.followers, "%d"), fig("steps", c.steps, "%d"), fig("rate", c.rate, "%g states/s"),
		fig("ramp", c.ramp, "%d"), fig("ramp_every", c.rampEvery.String(), "%s"), fig("ping_every", c.pingEvery.String(), "%s"),
		fig("lesson", lesson, "%s"), fig("link_bytes", len(ro.links[len(ro.links)-1]), "%d B")}
	if t2 != nil {
		params = append(params, fig("url2", c.url2, "%s"), fig("share2", c.share2, "%g"))
	}
	r := rn.finish(params)
	if runErr != nil {
		r.note("the run stopped early: %v", runErr)
		r.expect("the scenario runs to its end", false, "%v", runErr)
	}
	ro.report(r, mon2)
	r.finish()
	return r, nil
}

// roomRun is one run of the room scenario. The members' logs are written by
// their own readers and read only after those ended (members.Wait).
type roomRun struct {
	cfg           *config
	t, t2         *target
	rn            *runner
	epoch         time.Time    // every time below is since the epoch
	hc            *http.Client // the teacher's (REST and its websocket)
	metricsClient *http.Client

	links []string
	index map[string]int
	msgs  [][]byte // the teacher's state messages, by step

	room     roomInfo
	teacher  *member
	mu       sync.Mutex
	joined   []*member      // the followers that joined, in join order
	joinErrs map[string]int // refusals and failures of joins, exact
	joinLat  []time.Duration
	members  sync.WaitGroup // the members' readers
	got      atomic.Int64   // first receipts of states by followers

	sent      []time.Duration // send time of each state; 0: not sent
	sendErr   error
	counted   int           // the room's follower count (GET /api/rooms/CODE) once joined
	countErr  error         // why it could not be read
	pingsLeft int64         // pings unanswered at the end
	mem       [4]memPoint   // before, joined, end, left
	cpuJoin   cpuSpan       // during the joins
	cpuSteps  cpuSpan       // while the states flowed
	joinTook  time.Duration // from the first join to the last answer
}

// memPoint is one reading of the memory of the server(s) and of this tool.
type memPoint struct {
	srv, srv2 memReading
	self      memReading
}

// memReading is a process's VmRSS and Go heap in use, in bytes; -1 when
// unknown.
type memReading struct{ RSS, Heap int64 }

// cpuSpan is the CPU (user+system, clock ticks of 1/100 s) the tool, the
// servers and the whole machine (every core) used over a wall-clock span.
type cpuSpan struct {
	wall                        time.Duration
	self, srv, srv2, mach       uint64
	selfOK, srvOK, s2OK, machOK bool
}

// phase names of the memory readings.
var memPhases = [4]string{"before", "joined", "after steps", "after leaving"}

// member is the teacher or one follower: its websocket and what its reader
// saw. The atomics are shared with the pinger; the rest belongs to the
// reader until it ends.
type member struct {
	i       int  // follower number; -1 for the teacher
	second  bool // joined on --url2
	conn    *websocket.Conn
	log     *recvLog
	pingAt  atomic.Int64 // send time (ns since the epoch) of the ping awaiting its pong; 0 none
	pings   atomic.Int64
	pongs   atomic.Int64
	closing atomic.Bool  // the tool is closing it: a read error is expected
	count   atomic.Int64 // teacher: the last follower count the server sent
	pongLat []time.Duration
	errs    map[string]int // error messages received, exact
	endErr  error          // how the socket ended before the tool closed it
	closed  bool           // the room was closed
}

// pickLesson reads the hello of /ws for a built-in lesson (the first) and
// the engine's semantics version, which the links carry.
func (ro *roomRun) pickLesson(ctx context.Context) (string, int, error) {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cl, err := dialSimFrom(dctx, ro.t.wsURL("/ws"), ro.hc)
	if err != nil {
		return "", 0, fmt.Errorf("reading the lessons from /ws: %v", err)
	}
	defer cl.close()
	if len(cl.hello.Lessons) == 0 {
		return "", 0, errors.New("the hello of /ws lists no lessons")
	}
	return cl.hello.Lessons[0].ID, cl.hello.Semantics, nil
}

// run runs the phases; an error ends it early (what was measured stays).
func (ro *roomRun) run(ctx context.Context) error {
	c := ro.cfg
	ro.joinErrs = map[string]int{}
	ro.sent = make([]time.Duration, c.steps)
	unknown := memReading{-1, -1}
	for i := range ro.mem { // a phase the run does not reach reads "n/a"
		ro.mem[i] = memPoint{srv: unknown, srv2: unknown, self: unknown}
	}
	ro.mem[0] = ro.readMem(ctx)

	var err error
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	ro.room, err = createRoom(rctx, ro.hc, ro.t)
	cancel()
	if err != nil {
		return fmt.Errorf("POST /api/rooms: %v", err)
	}
	tctx, cancel := context.WithTimeout(ctx, c.joinTimeout)
	conn, h, err := joinRoom(tctx, ro.hc, ro.t, ro.room.Code, ro.room.Key)
	cancel()
	if err != nil {
		return fmt.Errorf("the teacher's join: %v", err)
	}
	if h.Role != "teacher" {
		conn.CloseNow()
		return fmt.Errorf("the teacher's join gave the role %q, not teacher", h.Role)
	}
	ro.teacher = &member{i: -1, conn: conn, log: newRecvLog(c.steps), errs: map[string]int{}}
	ro.startReader(ctx, ro.teacher)

	pctx, stopPings := context.WithCancel(ctx)
	pingDone := make(chan struct{})
	go func() {
		defer close(pingDone)
		ro.pinger(pctx, ctx)
	}()
	defer func() {
		stopPings()
		<-pingDone
		ro.leave()
	}()

	ro.joinAll(ctx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	ro.counted, ro.countErr = ro.waitCount(ctx, len(ro.joined))
	waitCtx(ctx, c.settle)
	ro.mem[1] = ro.readMem(ctx)
	if c.heapProfile != "" {
		if err := writeHeapProfile(c.heapProfile); err != nil {
			return fmt.Errorf("--heapprofile: %v", err)
		}
	}

	span := ro.startCPU()
	ro.sendStates(ctx)
	ro.waitStates(ctx)
	ro.cpuSteps = ro.endCPU(span)
	stopPings()
	<-pingDone
	ro.waitPongs(ctx, 2*time.Second)
	waitCtx(ctx, c.settle)
	ro.mem[2] = ro.readMem(ctx)
	ro.leave()
	waitCtx(ctx, c.settle)
	ro.mem[3] = ro.readMem(ctx)
	if ro.sendErr != nil {
		return fmt.Errorf("sending a state: %v", ro.sendErr)
	}
	return ctx.Err()
}

// joinAll makes the followers join in waves and waits for every answer.
func (ro *roomRun) joinAll(ctx context.Context) {
	c := ro.cfg
	span := ro.startCPU()
	t0 := time.Now()
	var wg sync.WaitGroup
	for i := range c.followers {
		wave := i / c.ramp
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !waitCtx(ctx, time.Duration(wave)*c.rampEvery) {
				return
			}
			ro.joinOne(ctx, i)
		}()
	}
	wg.Wait()
	ro.joinTook = time.Since(t0)
	ro.cpuJoin = ro.endCPU(span)
}

// joinOne is follower i's join; it starts the follower's reader on success.
func (ro *roomRun) joinOne(ctx context.Context, i int) {
	c := ro.cfg
	second := ro.t2 != nil && onSecond(i, c.followers, c.share2)
	t := ro.t
	if second {
		t = ro.t2
	}
	jctx, cancel := context.WithTimeout(ctx, c.joinTimeout)
	t0 := time.Now()
	conn, h, err := joinRoom(jctx, sourceClient(poolFollower, i), t, ro.room.Code, "")
	d := time.Since(t0)
	cancel()
	if err == nil && h.Role != "follower" {
		conn.CloseNow()
		err = fmt.Errorf("join gave the role %q, not follower", h.Role)
	}
	if err != nil {
		ro.failJoin(second, err)
		return
	}
	m := &member{i: i, second: second, conn: conn, log: newRecvLog(c.steps), errs: map[string]int{}}
	ro.rn.outcome(nil)
	ro.mu.Lock()
	ro.joined = append(ro.joined, m)
	ro.joinLat = append(ro.joinLat, d)
	ro.mu.Unlock()
	ro.startReader(ctx, m)
}

// failJoin records a join that did not succeed, with its exact cause.
func (ro *roomRun) failJoin(second bool, err error) {
	where := "instance 1"
	if second {
		where = "instance 2"
	}
	var rf *refusal
	if errors.As(err, &rf) && rf.clean() {
		ro.rn.outcome(&refusedError{rf.Error()})
	} else {
		ro.rn.outcome(err)
	}
	ro.mu.Lock()
	ro.joinErrs[where+": "+err.Error()]++
	ro.mu.Unlock()
}

// startReader runs m's reader until its socket ends.
func (ro *roomRun) startReader(ctx context.Context, m *member) {
	ro.members.Add(1)
	go func() {
		defer ro.members.Done()
		ro.read(ctx, m)
	}()
}

// read is m's reader: it records states, pongs, follower counts and errors.
func (ro *roomRun) read(ctx context.Context, m *member) {
	for {
		_, data, err := m.conn.Read(ctx)
		at := time.Since(ro.epoch)
		if err != nil {
			if !m.closing.Load() {
				m.endErr = err
			}
			return
		}
		var h roomHead
		if err := json.Unmarshal(data, &h); err != nil {
			m.errs["a message that is not JSON"]++
			continue
		}
		switch h.Type {
		case "state":
			idx, ok := ro.index[h.Link]
			if !ok {
				idx = -1
			}
			if m.log.record(idx, at) && m.i >= 0 {
				ro.got.Add(1)
			}
		case "pong":
			m.pongs.Add(1)
			if p := m.pingAt.Swap(0); p != 0 {
				m.pongLat = append(m.pongLat, at-time.Duration(p))
			}
		case "followers", "room":
			m.count.Store(int64(h.Followers))
		case "error":
			m.errs[h.Code+": "+h.Message]++
		case "closed":
			m.closed = true
		}
	}
}

// pinger sends every member a ping every --ping-every, as the page does,
// the members spread evenly over the period, until stop ends. A write is
// bounded by ctx (the run's) and 5 s, never by stop: a websocket write
// whose context ends mid-write closes the socket, so stopping the pings
// must not cut one short (it did, under load: a member counted as
// disconnected with its last ping unanswered).
func (ro *roomRun) pinger(stop, ctx context.Context) {
	n := ro.cfg.followers + 1
	tick := time.NewTicker(max(time.Millisecond, ro.cfg.pingEvery/time.Duration(n)))
	defer tick.Stop()
	ping := []byte(`{"v":1,"type":"ping"}`)
	// The k-th tick pings the k-th member (the teacher, then followers in
	// join order), so each is pinged once per period. A member that joins
	// later is reached when its turn comes.
	for k := 0; ; k++ {
		select {
		case <-stop.Done():
			return
		case <-tick.C:
		}
		var m *member
		if j := k % n; j == 0 {
			m = ro.teacher
		} else {
			ro.mu.Lock()
			if j-1 < len(ro.joined) {
				m = ro.joined[j-1]
			}
			ro.mu.Unlock()
		}
		if m == nil {
			continue
		}
		m.pingAt.Store(int64(time.Since(ro.epoch)))
		m.pings.Add(1)
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_ = m.conn.Write(wctx, websocket.MessageText, ping) // a failed write ends the socket; its reader reports it
		cancel()
	}
}

// waitCount polls GET /api/rooms/CODE until the room counts want
// followers, for at most 10 s; it returns the last count.
func (ro *roomRun) waitCount(ctx context.Context, want int) (int, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		n, err := roomFollowers(rctx, ro.hc, ro.t, ro.room.Code)
		cancel()
		if (err == nil && n >= want) || time.Now().After(deadline) || !waitCtx(ctx, 200*time.Millisecond) {
			return n, err
		}
	}
}

// sendStates sends the states at --rate, one at a time, stamping each
// send; a failed write stops it.
func (ro *roomRun) sendStates(ctx context.Context) {
	period := time.Duration(float64(time.Second) / ro.cfg.rate)
	tick := time.NewTicker(period)
	defer tick.Stop()
	for i, msg := range ro.msgs {
		if i > 0 {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
		ro.sent[i] = max(1, time.Since(ro.epoch))
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := ro.teacher.conn.Write(wctx, websocket.MessageText, msg)
		cancel()
		if err != nil {
			ro.sent[i] = 0
			ro.sendErr = fmt.Errorf("state %d: %v", i, err)
			return
		}
	}
}

// waitStates waits until every follower has every state sent, or --grace
// after the last send.
func (ro *roomRun) waitStates(ctx context.Context) {
	sent := 0
	for _, s := range ro.sent {
		if s > 0 {
			sent++
		}
	}
	ro.mu.Lock()
	want := int64(sent * len(ro.joined))
	ro.mu.Unlock()
	deadline := time.Now().Add(ro.cfg.grace)
	for ro.got.Load() < want && time.Now().Before(deadline) && waitCtx(ctx, 20*time.Millisecond) {
	}
}

// waitPongs waits up to limit for the pongs of pings in flight.
func (ro *roomRun) waitPongs(ctx context.Context, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		left := int64(0)
		for _, m := range ro.all() {
			left += max(0, m.pings.Load()-m.pongs.Load())
		}
		ro.pingsLeft = left
		if left == 0 || time.Now().After(deadline) || !waitCtx(ctx, 50*time.Millisecond) {
			return
		}
	}
}

// all returns the teacher and the followers that joined.
func (ro *roomRun) all() []*member {
	ro.mu.Lock()
	defer ro.mu.Unlock()
	out := make([]*member, 0, len(ro.joined)+1)
	if ro.teacher != nil {
		out = append(out, ro.teacher)
	}
	return append(out, ro.joined...)
}

// leave closes every member's socket with a close handshake (100 at a
// time, each at most 2 s) and waits for the readers. It may be called
// twice.
func (ro *roomRun) leave() {
	ms := ro.all()
	sem := make(chan struct{}, 100)
	var wg sync.WaitGroup
	for _, m := range ms {
		if m.closing.Swap(true) {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			closeConn(m.conn, 2*time.Second)
		}()
	}
	wg.Wait()
	ro.members.Wait()
}

// readMem reads the servers' memory and this tool's (after a collection,
// so that the tool's figure is its live heap).
func (ro *roomRun) readMem(ctx context.Context) memPoint {
	p := memPoint{srv: ro.serverMem(ctx, ro.t), srv2: memReading{-1, -1}}
	if ro.t2 != nil {
		p.srv2 = ro.serverMem(ctx, ro.t2)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p.self = memReading{RSS: -1, Heap: int64(ms.HeapInuse)}
	if st, err := readStatus(os.Getpid()); err == nil {
		p.self.RSS = st.RSS
	}
	return p
}

// serverMem reads one server's VmRSS (with its PID) and its
// go_memstats_heap_inuse_bytes (from /metrics).
func (ro *roomRun) serverMem(ctx context.Context, t *target) memReading {
	r := memReading{-1, -1}
	if t.pid != 0 {
		if st, err := readStatus(t.pid); err == nil {
			r.RSS = st.RSS
		}
	}
	mctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if v, err := fetchGauge(mctx, ro.metricsClient, t.httpURL("/metrics"), "go_memstats_heap_inuse_bytes"); err == nil {
		r.Heap = int64(v)
	}
	return r
}

// startCPU begins a CPU span.
func (ro *roomRun) startCPU() cpuSpan {
	s := cpuSpan{wall: time.Duration(time.Now().UnixNano())}
	s.self, s.selfOK = cpuTicks(os.Getpid())
	s.srv, s.srvOK = cpuTicks(ro.t.pid)
	if ro.t2 != nil {
		s.srv2, s.s2OK = cpuTicks(ro.t2.pid)
	}
	busy, _, err := readMachineCPU()
	s.mach, s.machOK = busy, err == nil
	return s
}

// endCPU closes the span begun as s: its fields become the CPU used since.
func (ro *roomRun) endCPU(s cpuSpan) cpuSpan {
	e := cpuSpan{wall: time.Duration(time.Now().UnixNano()) - s.wall}
	if now, ok := cpuTicks(os.Getpid()); ok && s.selfOK {
		e.self, e.selfOK = now-s.self, true
	}
	if now, ok := cpuTicks(ro.t.pid); ok && s.srvOK {
		e.srv, e.srvOK = now-s.srv, true
	}
	if ro.t2 != nil {
		if now, ok := cpuTicks(ro.t2.pid); ok && s.s2OK {
			e.srv2, e.s2OK = now-s.srv2, true
		}
	}
	if busy, _, err := readMachineCPU(); err == nil && s.machOK {
		e.mach, e.machOK = busy-s.mach, true
	}
	return e
}

// cpuTicks reads a process's user+system CPU (clock ticks); false without
// a PID or when it is gone.
func cpuTicks(pid int) (uint64, bool) {
	if pid == 0 {
		return 0, false
	}
	st, err := readStat(pid)
	if err != nil {
		return 0, false
	}
	return st.UTime + st.STime, true
}

// writeHeapProfile writes this process's heap profile (live objects as of
// the last collection; readMem has just run one) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
