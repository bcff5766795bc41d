package sim

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Exploring runs every interleaving of a scenario's tasks at micro-step
// granularity: one CPU, and before every tick any runnable task may be the
// one that runs. Equal states are merged (their keys compared exactly at
// first, then as 64-bit fingerprints: explore_store.go), so each distinct
// state is expanded once.
//
// The race and lost-update detectors stay on while exploring, and each
// outcome lists the variables with a data race, and with a lost update, on
// some schedule that reaches it. Merging states must not mix up those facts,
// so the state key includes the facts the path has met and the detector's
// state in a canonical form (see detector.forget and detector.canonical):
// two states with the same key, joined with what their continuations find,
// give the same facts on every continuation. Facts are kept per state
// relative to that state (what its continuations find, per outcome) and
// each path adds the facts it met on the way, so the union over the
// schedules that reach an outcome is exact however the paths merge. The
// price is a larger key and fewer merged states (BenchmarkExplore and
// BenchmarkExploreLocks measure it; docs/benchmarks.md has the figures).
//
// Options shrink the exploration without changing the outcomes or their
// race facts: symmetry between identical threads (explore_symmetry.go),
// partial-order reduction of threads' local steps (explore_por.go), no
// schedule counts, which keeps a state in 8 bytes (explore_outcomes.go).
// TestExploreSymmetrySame, TestExplorePartialOrderSame and
// TestExploreOutcomesOnlySame check each against the plain exploration.
// sim explores on the calling goroutine only (it is pure: DESIGN §3); the
// lab runs two explorations at once, and one of them, a shared walk
// (explore_shared.go), on several goroutines (lab/explore_run.go).

// ExploreOptions bound an exploration.
type ExploreOptions struct {
	MaxStates int   // distinct states to expand (0: DefaultMaxStates)
	MaxDepth  int64 // ticks along one schedule (0: DefaultMaxDepth)
	// MaxBytes bounds the memory of the engines the exploration keeps (one
	// per decision on the current schedule, and those it reuses), in bytes
	// (0: DefaultMaxBytes). A schedule that keeps creating tasks makes each
	// deeper engine larger; past the bound the result is incomplete.
	MaxBytes int64
	// Stop, if set, is asked every 256 states whether to give up (the
	// result is then incomplete); it lets a caller cancel a long run (a
	// Go program's state can take a millisecond to expand).
	Stop func() bool
	// ExactStates is how many states are kept exactly, their keys in full,
	// before the exploration switches to 64-bit fingerprints, which may
	// merge two different states with a chance of about n²/2⁶⁵ for n
	// states (explore_store.go). 0: DefaultExactStates; negative:
	// fingerprints from the first state; MaxStates or more: exact
	// throughout.
	ExactStates int
	// Symmetry merges states that differ only by a renaming of identical
	// threads (explore_symmetry.go). Outcomes, race facts and schedule
	// counts are unchanged; States counts the reduced states and the
	// witnesses may be other (equally valid) schedules.
	Symmetry bool
	// PartialOrder takes a thread's purely local steps alone, without the
	// other interleavings of them (explore_por.go). Outcomes and race
	// facts are unchanged; States and Outcome.Schedules count the reduced
	// states and schedules.
	PartialOrder bool
	// Progress, if set, is told how far the exploration is every
	// ProgressEvery states expanded, on the exploring goroutine (a caller
	// that shows it throttles it by time: the simulator has no clock).
	Progress func(ExploreProgress)
	// OutcomesOnly finds the outcomes and their race facts without
	// counting schedules (Outcome.Schedules is 0), keeping each state as
	// one 64-bit fingerprint and nothing more (explore_outcomes.go).
	OutcomesOnly bool
}

// ProgressEvery is how often ExploreOptions.Progress is called, in states
// expanded.
const ProgressEvery = 4096

// ExploreProgress is how far an exploration is.
type ExploreProgress struct {
	States   int   // distinct states expanded so far
	Frontier int   // states opened and not yet finished (the depth-first stack)
	Bytes    int64 // memory of the engines kept (ExploreOptions.MaxBytes), in bytes
}

// Default exploration bounds.
const (
	DefaultMaxStates = 1_000_000
	DefaultMaxDepth  = 10_000
	DefaultMaxBytes  = 1 << 30
)

// Outcome is one distinct end of the scenario: the final shared variables
// and the violations seen on the way.
type Outcome struct {
	Vars       []int64  // by scenario.Vars index
	Violations []string // sorted: "cs_violation", "assert_failed:LINE", "deadlock", "expect_failed:TEXT", "step_limit"
	Schedules  uint64   // schedules (choice sequences) reaching it without repeating a state; saturates
	// Witness is one schedule reaching it: the PID chosen at each decision
	// with two or more candidates and, after it, -(k+1) where a Go select
	// with several ready cases took the k-th of them (Options.Choices
	// replays both).
	Witness []PID
	// Races are the shared variables (by scenario.Vars index, ascending)
	// with a data race on some schedule that reaches this outcome, and
	// LostUpdates those with a lost update on some such schedule. Both are
	// empty, not nil, when there is none. With Cycles set they cover the
	// schedules that repeat no state, as Schedules does.
	Races       []int
	LostUpdates []int
	// Output is what a Go program printed on the schedules reaching it
	// (stdout and stderr in order; "" for a scenario): outcomes with the
	// same variables but different output are different outcomes. It is
	// cut to MaxOutcomeOutputBytes, ending in OutcomeTruncatedText, and to
	// less once the outcomes together hold MaxExploreOutputBytes.
	Output string
}

// ExploreResult is what an exploration found.
type ExploreResult struct {
	Outcomes []Outcome
	States   int  // distinct states expanded
	Complete bool // every interleaving was covered (no bound was hit)
	Cycles   bool // some schedules loop (spinning): counts cover schedules without repeated states
	// Fingerprinted says the states past ExploreOptions.ExactStates were
	// kept as 64-bit fingerprints (a collision is possible, if unlikely).
	Fingerprinted bool
}

// Interleaved returns a copy of the scenario set up for exploring and for
// replaying its witnesses: one CPU, round robin with a quantum of 1 tick,
// no switch cost.
func Interleaved(sc *Scenario) *Scenario {
	c := *sc
	c.CPUs, c.Policy, c.Quantum, c.SwitchCost, c.MMSwitchCost = 1, RR, 1, 0, 0
	return &c
}

// A finished state's outcome list is kept encoded, in explorer.arena:
// its length, then per outcome its index, schedule count, and race facts
// (the bits of races and lost updates interleaved, so that a race and a
// lost update on the first variable make 3), each as an unsigned varint
// (1 byte for a small number, up to 10 for a count near 2⁶⁴), so that an
// entry takes 3 to 20 bytes, and 3 to 12 with races on the first three
// variables, where the outCount it stands for takes 24. States with equal outcome lists share
// one (explorer.intern). A list is read back (decoded) when a path reaches
// its state again.

// arenaChunk is the size of a chunk of explorer.arena, in bytes: the
// arena grows by chunks, never copying what it holds.
const arenaChunk = 64 << 10

// A list's id is where it starts in explorer.arena: its chunk times 2¹⁶
// plus its offset in the chunk. A list starts below 2¹⁶ in its chunk (a
// chunk holds arenaChunk bytes, or one longer list alone, at 0), so the id
// is 32 bits while the arena has fewer than maxArenaChunks chunks: 4 GiB,
// far past any exploration's memory bound (ExploreOptions.MaxBytes).
const maxArenaChunks = 1<<16 - 1

func listID(chunk, offset int) uint32 { return uint32(chunk)<<16 | uint32(offset) }

// listAt returns the arena's bytes from the start of list id on.
func (x *explorer) listAt(id uint32) []byte { return x.arena[id>>16][id&0xffff:] }

// appendList appends the outcomes of list id, decoded, to dst.
func (x *explorer) appendList(dst []outCount, id uint32) []outCount {
	b := x.arena[id>>16]
	n, k := uvarintAt(b, int(id&0xffff))
	for range n {
		var idx, count, facts uint64
		idx, k = uvarintAt(b, k)
		count, k = uvarintAt(b, k)
		facts, k = uvarintAt(b, k)
		dst = append(dst, outCount{int(idx), count, unspreadFacts(facts)})
	}
	return dst
}

// uvarintAt decodes the unsigned varint at b[at:] (written by
// binary.AppendUvarint: a well-formed one, as the arena holds) and returns
// it with the index just past it. One byte, the common case, takes one
// compare.
func uvarintAt(b []byte, at int) (uint64, int) {
	c := b[at]
	if c < 0x80 {
		return uint64(c), at + 1
	}
	v := uint64(c & 0x7f)
	for shift := uint(7); ; shift += 7 {
		at++
		c = b[at]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, at + 1
		}
	}
}

// unspreadFacts returns the race facts whose bits encodeList interleaved
// into w (races on the even bits, lost updates on the odd ones).
func unspreadFacts(w uint64) raceFacts {
	if w < 4 { // none, or on the first variable only: most lists
		return raceFacts{uint32(w & 1), uint32(w >> 1)}
	}
	return raceFacts{uint32(unspread(w)), uint32(unspread(w >> 1))}
}

// spreadBits returns v with its bits moved to the even positions: bit i
// to bit 2i.
func spreadBits(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return x
}

// unspread returns the even bits of x, packed: spreadBits undone.
func unspread(x uint64) uint64 {
	x &= 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0F0F0F0F0F0F0F0F
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	x = (x | x>>16) & 0x00000000FFFFFFFF
	return x
}

// encodeList appends the encoding of outs to dst.
func encodeList(dst []byte, outs []outCount) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(outs)))
	for _, oc := range outs {
		dst = binary.AppendUvarint(dst, uint64(oc.idx))
		dst = binary.AppendUvarint(dst, oc.count)
		dst = binary.AppendUvarint(dst, spreadBits(oc.facts.races)|spreadBits(oc.facts.lost)<<1)
	}
	return dst
}

// listIs reports whether list id's encoding is enc, a whole encoded list.
// An encoding is self-delimiting (its length, then three varints per
// outcome), so the list at id is enc exactly when its bytes start with enc.
func (x *explorer) listIs(id uint32, enc []byte) bool {
	return bytes.HasPrefix(x.listAt(id), enc)
}

// outCount is an outcome reachable from a state: how many schedules reach
// it from there, and the race facts met on them after that state.
type outCount struct {
	idx   int
	count uint64
	facts raceFacts
}

// raceFacts are the variables (bit v for scenario.Vars[v]; MaxVars <= 32)
// with a data race and with a lost update.
type raceFacts struct {
	races, lost uint32
}

func (f raceFacts) or(g raceFacts) raceFacts { return raceFacts{f.races | g.races, f.lost | g.lost} }

type explorer struct {
	opt        ExploreOptions
	store      *stateStore // the visited states (explore_store.go)
	key        stateKey    // the key being built, reused
	listTable  listTable   // the outcome lists by their hash, each by its id (listID)
	arena      [][]byte    // the outcome lists, encoded (appendList), list after list, in chunks
	enc        []byte      // the list being interned, encoded
	scratch    []outCount  // outcomes being merged, a stack frame per open node
	outKeys    map[string]int
	outHash    map[uint64]int // hash of (variables, violations) -> outcome
	outBytes   int            // bytes of every Outcome.Output so far (MaxExploreOutputBytes)
	assertBits map[int64]uint // line of a failed assertion -> its violation bit
	res        ExploreResult
	path       []PID
	cands      []PID
	events     []Event       // one event buffer for every engine: events are read right after each step
	free       []*Engine     // engines to reuse
	stopped    bool          // Stop said to give up
	bytes      int64         // memory of the engines made so far (ExploreOptions.MaxBytes)
	selects    bool          // the scenario has a Go select with two or more cases
	sym        *symmetry     // the classes of identical threads (nil: no symmetry reduction)
	bestOrder  []int32       // scratch of stateKey: the order of tied threads with the least key
	twins      twins         // the orbits of the tied threads of stateKey's last state (explore_twins.go)
	por        *partialOrder // the local steps (nil: no partial-order reduction)
	open       int           // states opened and not finished (ExploreProgress.Frontier)
	moves      int           // moves taken from decisions (edges of the state graph), for benchmarks
	// OutcomesOnly (explore_outcomes.go): the states seen, those on the
	// current schedule, and each outcome's race facts.
	seen   fpSet
	onPath pathSet
	facts  []raceFacts
}

func (x *explorer) get() *Engine {
	if n := len(x.free); n > 0 {
		e := x.free[n-1]
		x.free = x.free[:n-1]
		return e
	}
	return &Engine{}
}

// Explore enumerates the outcomes of every interleaving of sc.
func Explore(sc *Scenario, opt ExploreOptions) ExploreResult {
	return explore(sc, opt).res
}

// explore runs Explore and returns the explorer, its tables included.
func explore(sc *Scenario, opt ExploreOptions) *explorer {
	if opt.MaxStates <= 0 {
		opt.MaxStates = DefaultMaxStates
	}
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = DefaultMaxDepth
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.ExactStates == 0 {
		opt.ExactStates = DefaultExactStates
	}
	x := &explorer{opt: opt, store: newStateStore(opt.ExactStates), outKeys: map[string]int{}, outHash: map[uint64]int{}, assertBits: map[int64]uint{}}
	x.res.Complete = true
	x.selects = hasSelect(sc)
	if opt.Symmetry {
		x.sym = newSymmetry(sc)
	}
	if opt.PartialOrder {
		x.por = newPartialOrder(sc)
	}
	e := New(Interleaved(sc), Options{explore: true})
	x.events = make([]Event, 0, 64)
	e.events = x.events
	if opt.OutcomesOnly {
		x.visitOutcomes(e, 0, raceFacts{})
		x.res.Fingerprinted = true
		for k, f := range x.facts {
			x.res.Outcomes[k].Races, x.res.Outcomes[k].LostUpdates = varList(f.races), varList(f.lost)
		}
	} else {
		base := len(x.scratch)
		x.visit(e, 0, raceFacts{})
		x.res.Fingerprinted = x.store.fingerprinted()
		for _, oc := range x.scratch[base:] {
			o := &x.res.Outcomes[oc.idx]
			o.Schedules = oc.count
			o.Races, o.LostUpdates = varList(oc.facts.races), varList(oc.facts.lost)
		}
	}
	for k := range x.res.Outcomes {
		o := &x.res.Outcomes[k]
		slices.Sort(o.Violations)
		if o.Races == nil { // reached only through a stopped or bounded part
			o.Races, o.LostUpdates = []int{}, []int{}
		}
	}
	return x
}

// keptBytes returns the memory of what the exploration keeps per state, in
// bytes: the visited-state set (with the exact states' words, if any) and
// the interned outcome lists with their table.
func (x *explorer) keptBytes() (set, lists int) {
	set = x.store.size() + len(x.seen.slots)*8 + len(x.onPath.slots)*8 + cap(x.onPath.stack)*8
	lists = len(x.listTable.slots) * 8
	for _, c := range x.arena {
		lists += cap(c)
	}
	return set, lists
}

// varList returns the variables whose bits are set in b, ascending.
func varList(b uint32) []int {
	l := []int{}
	for v := 0; b != 0; v, b = v+1, b>>1 {
		if b&1 != 0 {
			l = append(l, v)
		}
	}
	return l
}

// visit explores from e (at a tick boundary) and appends the outcomes
// reachable from it, with their schedule counts and the race facts met
// from e on, to x.scratch. violations and past are what the path to e met.
func (x *explorer) visit(e *Engine, violations uint64, past raceFacts) {
	frame := len(x.scratch)
	var edge raceFacts // facts of the ticks taken here before a decision
	for {
		if e.done {
			x.scratch = append(x.scratch, outCount{x.outcome(e, violations), 1, edge})
			return
		}
		if e.step >= x.opt.MaxDepth {
			x.res.Complete = false
			x.scratch = append(x.scratch, outCount{x.outcome(e, violations|violStepLimit), 1, edge})
			return
		}
		x.cands = e.candidates(x.cands[:0])
		if len(x.cands) >= 2 {
			pid := PID(0)
			if x.por != nil {
				pid = x.por.ample(e, x.cands)
			}
			if pid == 0 {
				break
			}
			// A local step taken alone (explore_por.go): a decision the
			// witness records, but no state to store.
			x.path = append(x.path, pid)
			v, f := e.stepViolations(pid, x.assertBits)
			violations |= v
			edge, past = edge.or(f), past.or(f)
			continue
		}
		if x.selects && e.selectAhead(x.cands) {
			// A Go select that may find several cases ready: a decision
			// with one task and, after the step, a choice of case.
			x.cands = append(x.cands[:0], -1)
			break
		}
		v, f := e.stepViolations(-1, x.assertBits)
		if e.selReady > 1 {
			// A select drew where selectAhead did not expect one: it took
			// its first ready case; the witness says so, so that it replays.
			x.path = append(x.path, -1)
		}
		violations |= v
		edge, past = edge.or(f), past.or(f)
	}
	fp := x.stateKey(e, violations, past, x.store.exactMode())
	if ref := x.store.get(fp, x.key.words); ref != refEmpty {
		if ref == refOpen {
			x.res.Cycles = true
			return
		}
		x.scratch = x.appendList(x.scratch, ref-refList)
		x.addFacts(frame, edge)
		return
	}
	if x.res.States >= x.opt.MaxStates || x.stopped || x.bytes > x.opt.MaxBytes {
		x.res.Complete = false
		return
	}
	if x.opt.Stop != nil && x.res.States%256 == 255 && x.opt.Stop() {
		x.stopped = true
		x.res.Complete = false
		return
	}
	h := x.store.open(fp, x.key.words)
	x.res.States++
	x.open++
	if x.opt.Progress != nil && x.res.States%ProgressEvery == 0 {
		x.opt.Progress(ExploreProgress{States: x.res.States, Frontier: x.open, Bytes: x.bytes})
	}
	var buf [16]PID
	cands := append(buf[:0], x.cands...)
	var same [16]int8
	var from [17]int32 // where each move's outcomes start in x.scratch
	if !x.twins.sameAs(e, cands, same[:]) {
		for k, pid := range cands {
			x.branch(e, pid, -1, violations, past, x.inPlace(e, k, len(cands)))
		}
	} else {
		// Moves of threads interchangeable here add what the first of them
		// added (explore_twins.go); the last move taken may be in place.
		last := len(cands) - 1
		for same[last] >= 0 {
			last--
		}
		for k, pid := range cands {
			from[k] = int32(len(x.scratch))
			if j := same[k]; j >= 0 {
				x.moves++
				x.scratch = append(x.scratch, x.scratch[from[j]:from[j+1]]...)
				continue
			}
			x.branch(e, pid, -1, violations, past, x.inPlace(e, k, last+1))
		}
	}
	// Merge the children's outcomes (summing counts, joining facts) and
	// remember them, with the facts from this state on.
	merged := x.scratch[frame:frame]
	for _, oc := range x.scratch[frame:] {
		merged = addOut(merged, oc)
	}
	x.scratch = x.scratch[:frame+len(merged)]
	x.store.finish(fp, h, refList+x.intern(merged))
	x.open--
	x.addFacts(frame, edge)
}

// branch explores one move from the decision at e: dispatch pid (-1: no
// dispatch decision, a select's only), and take ready case sel of a Go
// select that finds several ready (-1: the first, then each other one as
// a move of its own). The witness gets the PID, then -(case+1) when a
// select chose (Options.Choices replays both). inPlace takes the move on
// e itself, without a copy (x.inPlace says when it may).
func (x *explorer) branch(e *Engine, pid PID, sel int, violations uint64, past raceFacts, inPlace bool) {
	x.moves++
	c := x.child(e, inPlace)
	mark := len(x.path)
	if pid > 0 {
		x.path = append(x.path, pid)
	}
	c.selPick, c.selReady = max(sel, 0), 0
	child := len(x.scratch)
	v, f := x.take(c, pid, inPlace)
	n := c.selReady
	if n > 1 {
		x.path = append(x.path, PID(-max(sel, 0)-1))
	}
	x.visit(c, violations|v, past.or(f))
	x.addFacts(child, f)
	x.path = x.path[:mark]
	if !inPlace {
		x.free = append(x.free, c)
	}
	if sel < 0 {
		for k := 1; k < n; k++ {
			x.branch(e, pid, k, violations, past, false)
		}
	}
}

// inPlace reports whether the k-th of n moves from the decision at e may
// be taken on e itself rather than on a copy: the last move, when nothing
// after it reads e (the caller only finishes the state; a select's other
// cases would, so not in a Go program).
func (x *explorer) inPlace(e *Engine, k, n int) bool {
	return k == n-1 && e.sc.Go == nil
}

// child returns the engine a move from e is taken on: e itself when
// inPlace, else a copy (reusing a freed engine), whose growth counts
// towards ExploreOptions.MaxBytes.
func (x *explorer) child(e *Engine, inPlace bool) *Engine {
	if inPlace {
		return e
	}
	c := x.get()
	was := c.bytes()
	e.cloneInto(c)
	x.bytes += c.bytes() - was
	c.events = x.events[:0]
	return c
}

// take takes one move on c (stepViolations); a move taken in place counts
// what it makes c grow by towards ExploreOptions.MaxBytes.
func (x *explorer) take(c *Engine, pid PID, inPlace bool) (uint64, raceFacts) {
	if !inPlace {
		return c.stepViolations(pid, x.assertBits)
	}
	was := c.bytes()
	v, f := c.stepViolations(pid, x.assertBits)
	x.bytes += max(0, c.bytes()-was)
	return v, f
}

// intern returns the id (listID) of an outcome list equal to outs,
// adding an encoded copy of outs if there is none: many states reach the
// same outcomes by the same number of schedules, and they share one list.
func (x *explorer) intern(outs []outCount) uint32 {
	x.enc = encodeList(x.enc[:0], outs)
	h := uint64(len(x.enc))
	b := x.enc
	for ; len(b) >= 8; b = b[8:] {
		h = bits.RotateLeft64(h^(bits.RotateLeft64(binary.LittleEndian.Uint64(b)*xxP2, 31)*xxP1), 27)*xxP1 + xxP4
	}
	var tail uint64
	for j, c := range b {
		tail |= uint64(c) << (8 * j)
	}
	h = bits.RotateLeft64(h^(bits.RotateLeft64(tail*xxP2, 31)*xxP1), 27)*xxP1 + xxP4
	h = (&stateKey{h: h}).sum() // the final avalanche: the table reads the low half
	// Where the list would go: at the end of the last chunk, or at the
	// start of a new one if it does not fit there.
	c, at := len(x.arena)-1, 0
	if c < 0 || len(x.arena[c])+len(x.enc) > cap(x.arena[c]) {
		c++
	} else {
		at = len(x.arena[c])
	}
	if c >= maxArenaChunks {
		panic("sim: explore's outcome lists outgrew 4 GiB") // MaxBytes stops an exploration long before
	}
	next := listID(c, at)
	id := x.listTable.find(h, next, func(id uint32) bool {
		return x.listIs(id, x.enc)
	})
	if id == next {
		if c == len(x.arena) {
			x.arena = append(x.arena, make([]byte, 0, max(arenaChunk, len(x.enc))))
		}
		x.arena[c] = append(x.arena[c], x.enc...)
	}
	return id
}

// addFacts adds f to the facts of the outcomes in x.scratch from index from.
func (x *explorer) addFacts(from int, f raceFacts) {
	if f == (raceFacts{}) {
		return
	}
	for k := from; k < len(x.scratch); k++ {
		x.scratch[k].facts = x.scratch[k].facts.or(f)
	}
}

// addOut adds oc to outs (a prefix of the same memory it reads from is
// fine: it only writes at or below the index it has read).
func addOut(outs []outCount, oc outCount) []outCount {
	for k := range outs {
		if outs[k].idx == oc.idx {
			if s := outs[k].count + oc.count; s >= outs[k].count {
				outs[k].count = s
			} else {
				outs[k].count = ^uint64(0)
			}
			outs[k].facts = outs[k].facts.or(oc.facts)
			return outs
		}
	}
	return append(outs, oc)
}

// Violation bits carried along a schedule.
const (
	violCS uint64 = 1 << iota
	violDeadlock
	violStepLimit
	violPanic           // a Go program panicked (or hit a fatal error)
	violAssertShift = 8 // bits 8..63: assertion on instruction line (line % 56)
)

// stepViolations takes one tick, dispatching pid if > 0, and returns the
// violations and the race facts it saw. Failed assertions get a bit each,
// by line, from assertBits (lines past the 56th share the last bit).
func (e *Engine) stepViolations(pid PID, assertBits map[int64]uint) (uint64, raceFacts) {
	e.forced = pid
	var v uint64
	var f raceFacts
	for _, ev := range e.Step() {
		switch ev.Kind {
		case EvRace:
			f.races |= 1 << uint(ev.Obj)
		case EvLostUpdate:
			f.lost |= 1 << uint(ev.Obj)
		case EvCSViolation:
			v |= violCS
		case EvDeadlock, EvAllAsleep:
			v |= violDeadlock
		case EvPanic:
			v |= violPanic
		case EvAssertFailed:
			b, ok := assertBits[ev.Value]
			if !ok {
				b = uint(min(len(assertBits), 55))
				assertBits[ev.Value] = b
			}
			v |= 1 << (violAssertShift + b)
		}
	}
	return v, f
}

// candidates returns the tasks that may run in the next tick: the running
// and ready tasks, and those whose timed wait ends or who arrive then.
func (e *Engine) candidates(dst []PID) []PID {
	next := e.step + 1
	for k := range e.tasks {
		t := &e.tasks[k]
		switch {
		case t.State == StateRunnable || t.State == StateRunning:
		case (t.State == StateSleeping || t.State == StateDisk) && t.wakeAt == next:
		default:
			continue
		}
		dst = append(dst, t.PID)
	}
	if e.sc.Go != nil {
		dst = e.goCandidates(dst, next) // receivers a Go timer wakes (gochan.go)
	}
	// Processes arriving at the next tick can run in it too; their PIDs are
	// the next ones in sequence (unless PIDs have wrapped).
	pid := e.lastPID
	for a := e.nextArrival; a < len(e.sc.Processes) && e.sc.Processes[a].Arrival+1 == next; a++ {
		pid++
		if n := int(pid - e.lastPID); e.wrapped || int(pid) >= e.sc.PIDMax || e.live+n > e.sc.MaxTasks || len(e.tasks)+n > e.sc.TaskTableSize() {
			return dst[:min(len(dst), 1)] // unknown: take the tick without a decision
		}
		dst = append(dst, pid)
	}
	return dst
}

// outcome records the end of a schedule and returns its index.
func (x *explorer) outcome(e *Engine, violations uint64) int {
	h := violations*0x9e3779b97f4a7c15 + 1 + e.outHash
	for _, v := range e.mem {
		h = (h ^ uint64(v)) * 0x100000001b3
		h ^= h >> 29
	}
	if k, ok := x.outHash[h]; ok {
		return k
	}
	k := x.newOutcome(e, violations)
	x.outHash[h] = k
	return k
}

// newOutcome describes an outcome seen for the first time.
func (x *explorer) newOutcome(e *Engine, violations uint64) int {
	var viol []string
	if violations&violCS != 0 {
		viol = append(viol, "cs_violation")
	}
	if violations&violDeadlock != 0 {
		viol = append(viol, "deadlock")
	}
	if violations&violStepLimit != 0 {
		viol = append(viol, "step_limit")
	}
	if violations&violPanic != 0 {
		viol = append(viol, "panic")
	}
	for line, b := range x.assertBits {
		if violations&(1<<(violAssertShift+b)) != 0 {
			viol = append(viol, fmt.Sprintf("assert_failed:%d", line))
		}
	}
	for _, xp := range e.sc.Expects {
		if !xp.Cmp.eval(e.mem[xp.Var], xp.Value) {
			viol = append(viol, "expect_failed:"+xp.Text)
		}
	}
	sort.Strings(viol)
	// Outcomes that print differently differ: the key has the output's
	// hash (the output itself may be a megabyte), and the outcome keeps
	// the output within explore's budget (gooutput.go).
	key := fmt.Sprint(e.mem, viol, e.outHash)
	if k, ok := x.outKeys[key]; ok {
		return k
	}
	out := e.outputPrefix(min(MaxOutcomeOutputBytes, max(0, MaxExploreOutputBytes-x.outBytes)))
	x.outBytes += len(out)
	x.outKeys[key] = len(x.res.Outcomes)
	x.res.Outcomes = append(x.res.Outcomes, Outcome{
		Vars: append([]int64(nil), e.mem...), Violations: viol, Witness: append([]PID{}, x.path...), Output: out,
	})
	return len(x.res.Outcomes) - 1
}

// stateHash returns the fingerprint of the state's key (stateKeyInto).
func (e *Engine) stateHash(violations uint64) uint64 {
	var k stateKey
	k.reset(false)
	e.stateKeyInto(&k, violations)
	return k.sum()
}

// stateKeyInto writes to k what decides the future of a state: each task's
// state, position, loop counters, locals (and which variable each was
// loaded from) and waits; shared memory; sync objects; pending arrivals;
// the race detector (made canonical first); and the violations so far. The
// ready queue's order is left out: any ready task may be chosen next.
func (e *Engine) stateKeyInto(k *stateKey, violations uint64) {
	e.stateKeySym(k, violations, nil)
}

// stateKeySym is stateKeyInto with the tasks of sym's classes written in
// sym's order and renamed to match (sym.order has run; nil: as they are,
// explore_symmetry.go).
func (e *Engine) stateKeySym(k *stateKey, violations uint64, sym *symmetry) {
	e.stateKeyHead(k, violations, sym)
	e.stateKeyTail(k, sym)
}

// stateKeyHead writes the first part of stateKeySym's key: the violations,
// pending arrivals, tasks and shared memory, which do not depend on the
// order of tied tasks.
func (e *Engine) stateKeyHead(k *stateKey, violations uint64, sym *symmetry) {
	k.mix(int64(violations))
	k.mix(int64(e.nextArrival))
	if e.nextArrival < len(e.sc.Processes) {
		k.mix(e.step)
	}
	for p := range e.tasks {
		if sym == nil {
			e.taskKeyInto(k, &e.tasks[p], false)
		} else {
			// The task's signature (sym.order) stands for its words in the
			// fingerprint; an exact key keeps the words as well.
			i := sym.perm[p]
			k.mixHash(int64(sym.sig[i]))
			if k.words != nil {
				sym.tk.reset(true)
				e.taskKeyInto(&sym.tk, &e.tasks[i], sym.cls[i] >= 0)
				k.words = append(k.words, sym.tk.words...)
			}
		}
		k.mix(int64(e.tasks[p].PID)) // the position's PID: the renamed task's
	}
	for _, v := range e.mem {
		k.mix(v)
	}
}

// stateKeyTail writes the rest of stateKeySym's key: the race detector,
// the sync objects and the digests of the Go runtime, IPC and memory.
func (e *Engine) stateKeyTail(k *stateKey, sym *symmetry) {
	if e.det != nil {
		if sym != nil {
			k.mix(int64(e.det.keyHashSym(sym)))
		} else {
			k.mix(int64(e.det.keyHash()))
		}
	}
	for o := range e.objs {
		s := &e.objs[o]
		k.mix(int64(sym.renamed(s.holder)))
		k.mix(s.count)
		k.mix(s.serving)
		k.mix(int64(len(s.queue))<<32 | int64(len(s.buf)))
		for _, q := range s.queue {
			k.mix(int64(sym.renamed(q)))
		}
		for _, b := range s.buf {
			k.mix(b)
		}
	}
	if e.sc.Go != nil {
		k.mix(e.goHash())
	}
	if len(e.sc.Segments) > 0 || len(e.sc.Sockets) > 0 {
		d := newDigest()
		e.ipcHash(d) // socket.go: mappings, sockets' states and buffers
		k.mix(int64(d.sum()))
	}
	if len(e.sc.IPC) > 0 {
		k.mix(int64(e.pipeExploreHash())) // pipe_view.go
	}
	if e.sc.Mem != nil {
		k.mix(int64(e.memExploreHash())) // memory.go: page tables and frames
	}
}

// taskKeyInto writes to k one task's part of the state key, its PID
// aside. ended writes a thread that has ended (Z or X) as X: for the
// threads of a symmetry class, where the group leader's zombie and another
// thread's release mean the same (explore_symmetry.go).
func (e *Engine) taskKeyInto(k *stateKey, t *Task, ended bool) {
	run := int64(t.State)
	switch {
	case t.State == StateRunning:
		run = int64(StateRunnable)
	case ended && t.State == StateZombie:
		run = int64(StateDead)
	}
	k.mix(run<<48 | int64(t.PC)<<16 | int64(t.depth)<<8 | int64(t.csDepth))
	k.mix(t.left)
	k.mix(int64(t.phase)<<32 | int64(t.waitObj))
	k.mix(t.sendVal)
	if t.wakeAt != 0 {
		k.mix(t.wakeAt - e.step)
	}
	if t.sysLeft != 0 {
		k.mix(t.sysLeft) // syscall NAME TICKS: the ticks left (the PC stays on the statement)
	}
	for d := range t.depth {
		k.mix(t.loops[d])
	}
	if t.Program >= 0 {
		// Only the slots the program uses: a task has MaxGoLocals.
		n := min(len(e.sc.Programs[t.Program].Locals), MaxGoLocals)
		for _, l := range t.Locals[:n] {
			k.mix(l)
		}
		for j := 0; j < n; j += 8 {
			var from int64
			for _, f := range t.from[j:min(j+8, n)] {
				from = from<<8 | int64(uint8(f))
			}
			k.mix(from)
		}
	}
	if e.sc.Go != nil {
		k.mix(e.goTaskHash(t))
	}
}

// String describes an outcome in one line, e.g. "counter=1 [expect_failed:counter == 2]".
func (o Outcome) String(sc *Scenario) string {
	var parts []string
	for v, d := range sc.Vars {
		parts = append(parts, fmt.Sprintf("%s=%d", d.Name, o.Vars[v]))
	}
	if len(o.Violations) > 0 {
		parts = append(parts, "["+strings.Join(o.Violations, ", ")+"]")
	}
	return strings.Join(parts, " ")
}

// Racy reports whether some schedule reaching the outcome has a data race
// or a lost update.
func (o Outcome) Racy() bool { return len(o.Races) > 0 || len(o.LostUpdates) > 0 }

// WriteExplore writes an exploration's result as text, one line per
// outcome: its variables and violations, its schedule count and witness,
// and the variables with a data race and with a lost update on some
// schedule reaching it. An outcome that meets the scenario's expectations,
// with no violation, but is racy says "right value, but racy": the value is
// luck, not a proof.
func WriteExplore(w io.Writer, sc *Scenario, r ExploreResult) error {
	names := func(vars []int) string {
		if len(vars) == 0 {
			return "none"
		}
		var s []string
		for _, v := range vars {
			s = append(s, sc.Vars[v].Name)
		}
		return strings.Join(s, ", ")
	}
	fmt.Fprintf(w, "%d distinct outcome(s) from %d states", len(r.Outcomes), r.States)
	if !r.Complete {
		fmt.Fprint(w, " (incomplete: a bound was hit)")
	}
	fmt.Fprintln(w)
	for _, o := range r.Outcomes {
		verdict := ""
		if len(sc.Expects) > 0 && len(o.Violations) == 0 && o.Racy() {
			verdict = " (right value, but racy)"
		}
		what := o.String(sc)
		if sc.Go != nil { // a Go program's outcome is also what it printed
			what = strings.TrimSpace(what + fmt.Sprintf(" output %q", o.Output))
		}
		count := strconv.FormatUint(o.Schedules, 10)
		if o.Schedules == math.MaxUint64 {
			count = "at least " + count + " (the count saturated)"
		}
		if _, err := fmt.Fprintf(w, "  %s: %s schedule(s), e.g. choices %v; races: %s; lost updates: %s%s\n",
			what, count, o.Witness, names(o.Races), names(o.LostUpdates), verdict); err != nil {
			return err
		}
	}
	if r.Cycles {
		_, err := fmt.Fprintln(w, "  (some schedules loop forever, spinning: counts and races cover the schedules that repeat no state)")
		return err
	}
	return nil
}

// stateKey puts e's state into x.key (with its words when exact), with
// the race facts met so far, and returns the key's fingerprint. The race
// detector forgets what past no longer needs and is made canonical first;
// identical threads are put in order when symmetry is on.
func (x *explorer) stateKey(e *Engine, violations uint64, past raceFacts, exact bool) uint64 {
	if e.det != nil {
		e.det.forget(past)
		e.det.canonical()
	}
	x.key.reset(exact)
	x.twins.any = false
	if x.sym == nil {
		e.stateKeyInto(&x.key, violations)
		x.key.mix(int64(past.races)<<32 | int64(past.lost))
		return x.key.sum()
	}
	if x.sym.order(e) > 1 {
		// Threads tie (equal own states): try every order of them and keep
		// the one with the least fingerprint, so that every renaming of
		// the state gets one key (explore_symmetry.go). The tasks' part of
		// the key is the same in every order (tied tasks have the same
		// signature; each position keeps its PID): it is hashed once.
		x.sym.apply(e)
		e.stateKeyHead(&x.key, violations, x.sym)
		head := stateKey{h: x.key.h, n: x.key.n}
		best := uint64(0)
		x.bestOrder = x.bestOrder[:0]
		for more := true; more; more = x.sym.nextOrder() {
			x.sym.applyOrder(e)
			k := head
			e.stateKeyTail(&k, x.sym)
			k.mix(int64(past.races)<<32 | int64(past.lost))
			switch fp := k.sum(); {
			case len(x.bestOrder) == 0 || fp < best:
				best, x.bestOrder = fp, append(x.bestOrder[:0], x.sym.sorted...)
				x.twins.reset(len(e.tasks))
			case fp == best && !exact:
				// Another least order: the state is its own renaming
				// (explore_twins.go).
				x.twins.join(x.bestOrder, x.sym.sorted)
			}
		}
		copy(x.sym.sorted, x.bestOrder)
		x.sym.applyOrder(e)
		if !exact {
			return best
		}
		x.key.reset(exact)
	} else {
		x.sym.apply(e)
	}
	e.stateKeySym(&x.key, violations, x.sym)
	x.key.mix(int64(past.races)<<32 | int64(past.lost))
	return x.key.sum()
}
