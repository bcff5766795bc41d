package lab

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"

	"proclab/sim"
)

// Recordings keeps the recordings of recent loads, so that the sessions
// opening the same run (a class opening one share link, students loading
// the same lesson) record it once and share it: a recording is never
// changed once made (sim.Recording's Goto only reads it), and the engine
// is deterministic, so a run is a function of its scenario and options.
//
// Loads of a run being recorded wait for that recording rather than start
// their own. A Recordings keeps at most maxBytes of recordings
// (sim.Recording.Bytes) and maxRuns of them, dropping the least recently
// used first; a session keeps the recording it opened however long it
// stays open (Session.Charge names it, so that a server counts it once).
// It is safe for concurrent use; the zero value is not usable
// (NewRecordings).
type Recordings struct {
	maxBytes int64
	maxRuns  int

	mu    sync.Mutex
	runs  map[recordingKey]*recordingEntry
	bytes int64  // of the runs recorded, in bytes
	clock uint64 // ticks on every use, for least recently used

	hits, misses, waits, views uint64 // counts for metrics (Stats)
}

// DefaultRecordingBytes and DefaultRecordings bound a server's shared
// recordings: the largest run the limits allow records about 12 MiB
// (checkpoints of its 3,030 tasks), so five of them fit.
const (
	DefaultRecordingBytes = 64 << 20
	DefaultRecordings     = 256
)

// NewRecordings returns an empty store of at most maxBytes of recordings
// and maxRuns runs.
func NewRecordings(maxBytes int64, maxRuns int) *Recordings {
	return &Recordings{maxBytes: maxBytes, maxRuns: maxRuns, runs: map[recordingKey]*recordingEntry{}}
}

// recordingKey names a run: a hash of what it is a function of.
type recordingKey [sha256.Size]byte

// recordingEntry is one run, recorded or being recorded.
type recordingEntry struct {
	done  chan struct{} // closed when rec is set, or when the recording stopped (rec nil)
	rec   *sim.Recording
	view  *sharedView // the step the last load of the run showed, or nil
	bytes int64       // rec's and view's
	used  uint64
	// waiters are the loads waiting for the run while it is recorded
	// (guarded by Recordings.mu).
	waiters []*recordingWaiter
}

// sharedView is a step of a run as a load showed it: its snapshot, and the
// engine at that step, which loads of the same step copy for their cursor
// rather than seek. Neither changes once kept: sessions only read the
// snapshot, and copy the engine.
type sharedView struct {
	snap  Snapshot
	at    *sim.Engine
	bytes int64
}

// keyOf is the key of the run of a lesson (id) or a scenario's text under
// opt. The engine's semantics are the binary's: a store lives in one
// process.
func keyOf(lesson string, text *string, opt sim.Options) recordingKey {
	h := sha256.New()
	var b [8]byte
	field := func(p []byte) {
		binary.LittleEndian.PutUint64(b[:], uint64(len(p)))
		h.Write(b[:])
		h.Write(p)
	}
	num := func(v uint64) {
		binary.LittleEndian.PutUint64(b[:], v)
		h.Write(b[:])
	}
	flag := func(v bool) {
		if v {
			num(1)
		} else {
			num(0)
		}
	}
	if text != nil {
		h.Write([]byte{'s'})
		field([]byte(*text))
	} else {
		h.Write([]byte{'l'})
		field([]byte(lesson))
	}
	num(opt.Seed)
	num(uint64(opt.MaxSteps))
	flag(opt.Manual)
	flag(opt.Random)
	flag(opt.Interleave)
	num(uint64(len(opt.Choices)))
	for _, c := range opt.Choices {
		num(uint64(c))
	}
	var k recordingKey
	h.Sum(k[:0])
	return k
}

// record returns the run named by key, recording it with recordRun
// (which returns nil when the stop function it is given reports true)
// unless it is recorded or being recorded, in which case it waits for that
// recording. stop is the caller's: a waiter whose stop reports true leaves
// at the recorder's next poll (sim.RecordWatch polls every few thousand
// steps), and a recording stops only when its recorder's stop and every
// waiter's report true, so that no load waits on a recorder that gave up.
// A waiter whose recording failed (a panic) records the run itself, alone,
// as a load did before loads shared recordings.
func (c *Recordings) record(key recordingKey, stop func() bool, recordRun func(stop func() bool) *sim.Recording) *sim.Recording {
	c.mu.Lock()
	e, ok := c.runs[key]
	if !ok {
		e = &recordingEntry{done: make(chan struct{})}
		c.runs[key] = e
		c.misses++
		c.mu.Unlock()
		return c.fill(key, e, stop, recordRun)
	}
	c.clock++
	e.used = c.clock
	select {
	case <-e.done:
		c.hits++
		c.mu.Unlock()
		return e.rec
	default:
	}
	w := &recordingWaiter{stop: stop, left: make(chan struct{})}
	e.waiters = append(e.waiters, w)
	c.waits++
	c.mu.Unlock()
	select {
	case <-e.done:
	case <-w.left:
		return nil
	}
	if e.rec != nil {
		return e.rec
	}
	return recordRun(stop)
}

// recordingWaiter is a load waiting for another load's recording. The
// recorder's poll closes left once stop reports true.
type recordingWaiter struct {
	stop func() bool
	left chan struct{}
	gone bool // left is closed; guarded by Recordings.mu
}

// fill records e's run with recordRun and keeps it within the store's
// bounds. The recording stops when stop and every waiter's stop report
// true. However recordRun ends (stopped, or a panic), e's waiters are let
// go.
func (c *Recordings) fill(key recordingKey, e *recordingEntry, stop func() bool, recordRun func(stop func() bool) *sim.Recording) (rec *sim.Recording) {
	defer func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		defer close(e.done)
		e.waiters = nil
		if rec == nil {
			delete(c.runs, key)
			return
		}
		e.rec, e.bytes = rec, rec.Bytes()
		c.clock++
		e.used = c.clock
		if e.bytes > c.maxBytes {
			delete(c.runs, key) // too large to keep: its waiters still have it
			return
		}
		c.bytes += e.bytes
		c.evict()
	}()
	poll := func() bool {
		mine := stop != nil && stop()
		c.mu.Lock()
		defer c.mu.Unlock()
		wanted := false
		for _, w := range e.waiters {
			switch {
			case w.gone:
			case w.stop != nil && w.stop():
				w.gone = true
				close(w.left)
			default:
				wanted = true
			}
		}
		return mine && !wanted
	}
	return recordRun(poll)
}

// evict drops the least recently used recorded runs until the store is
// within its bounds. Runs being recorded stay, and count toward neither
// bound. c.mu is held.
func (c *Recordings) evict() {
	recorded := 0
	for _, e := range c.runs {
		if e.rec != nil {
			recorded++
		}
	}
	for c.bytes > c.maxBytes || recorded > c.maxRuns {
		var oldest *recordingEntry
		var key recordingKey
		for k, e := range c.runs {
			if e.rec != nil && (oldest == nil || e.used < oldest.used) {
				oldest, key = e, k
			}
		}
		if oldest == nil {
			return
		}
		delete(c.runs, key)
		c.bytes -= oldest.bytes
		recorded--
	}
}

// view returns the snapshot of step n of the run key names, recorded as
// rec, and the engine at that step, when a load kept them (keepView). The
// engine is the store's: a caller copies it before moving it (CopyOf). A
// nil store has none.
func (c *Recordings) view(key recordingKey, rec *sim.Recording, n int64) (Snapshot, *sim.Engine, bool) {
	if c == nil {
		return Snapshot{}, nil, false
	}
	c.mu.Lock()
	e, ok := c.runs[key]
	var v *sharedView
	if ok && e.rec == rec && e.view != nil && e.view.snap.Step == n {
		v = e.view
		c.views++
	}
	c.mu.Unlock()
	if v == nil {
		return Snapshot{}, nil, false
	}
	return v.snap, v.at, true
}

// keepView keeps snap, a snapshot of the run key names recorded as rec,
// and at (the engine at snap.Step) for the next load of that step, in
// place of the step kept before, if the store still keeps the run and the
// bound allows. It returns snap as kept (with its Memo), or snap itself
// when not kept, and whether the store took at: from then on at is the
// store's, which nothing may change (the caller's cursor is borrowed:
// engineSource.own copies it when the loader moves on; a copy made here
// cost the largest run 2.3 MB at every first load of a step). A nil store
// keeps nothing.
func (c *Recordings) keepView(key recordingKey, rec *sim.Recording, snap Snapshot, at *sim.Engine) (Snapshot, bool) {
	if c == nil || snap.Memo != nil {
		return snap, false
	}
	c.mu.Lock()
	e, ok := c.runs[key]
	ok = ok && e.rec == rec // (a run dropped and being recorded again is another)
	var kept *sharedView
	if ok && e.view != nil && e.view.snap.Step == snap.Step {
		kept = e.view // another load kept this step meanwhile: the same snapshot
	}
	c.mu.Unlock()
	if kept != nil {
		return kept.snap, false
	}
	if !ok {
		return snap, false
	}
	snap.Memo = &Memo{}
	v := &sharedView{snap: snap, at: at}
	// Twice the snapshot: a viewer's memo of it (the server's message)
	// is about as large.
	v.bytes = v.at.Bytes() + 2*snapshotBytes(snap)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.runs[key] != e { // dropped meanwhile
		return snap, false
	}
	old := int64(0)
	if e.view != nil {
		old = e.view.bytes
	}
	if e.bytes-old+v.bytes > c.maxBytes {
		return snap, false
	}
	e.view = v
	e.bytes += v.bytes - old
	c.bytes += v.bytes - old
	c.clock++
	e.used = c.clock
	c.evict()
	return v.snap, true
}

// Memo holds what a viewer makes of a shared snapshot (the server: its
// encoded message), made by the first viewer that asks. Safe for
// concurrent use.
type Memo struct {
	once sync.Once
	v    any
}

// Do returns what build returned at the first call of Do on m; build is
// called once, and must not change the snapshot.
func (m *Memo) Do(build func() any) any {
	m.once.Do(func() { m.v = build() })
	return m.v
}

// snapshotBytes estimates the memory of a snapshot, in bytes.
func snapshotBytes(s Snapshot) int64 {
	tasks := cap(s.Tasks) + cap(s.Prev) + cap(s.Base.Tasks) // the watch's tables have room to spare (tableRoom)
	return int64(tasks)*taskViewBytes + int64(len(s.Events))*eventBytes + int64(len(s.Output))*outputViewBytes
}

// RecordingStats are a store's figures: runs kept, their bytes (with the
// steps kept), and loads that found their run recorded (Hits), recorded it
// (Misses) or waited for another load's recording (Waits); Views of them
// found the step they open kept, too.
type RecordingStats struct {
	Runs                       int
	Bytes                      int64
	Hits, Misses, Waits, Views uint64
}

// Stats returns the store's figures now (none for a nil store).
func (c *Recordings) Stats() RecordingStats {
	if c == nil {
		return RecordingStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.runs {
		if e.rec != nil {
			n++
		}
	}
	return RecordingStats{Runs: n, Bytes: c.bytes, Hits: c.hits, Misses: c.misses, Waits: c.waits, Views: c.views}
}
