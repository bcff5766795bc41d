package sim

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// threadsIncrementing returns a scenario of n threads, each adding 1 to a
// shared counter k times without a lock.
func threadsIncrementing(n, k int) string {
	var b strings.Builder
	b.WriteString("var c = 0\n")
	for t := range n {
		b.WriteString("thread t" + string(rune('a'+t)) + "\n")
		b.WriteString(strings.Repeat("  c = c + 1\n", k))
	}
	return b.String()
}

// BenchmarkExploreStored measures what a stored state costs: four threads
// of three unlocked increments each, bounded at the lab's 200,000 states.
// B/state is the bytes allocated per expanded state (-benchmem's B/op over
// the states), which includes the visited set, the outcome lists, the
// tables' growth and the engines; set-B/state is what the visited-state set
// keeps per state and lists-B/state what the interned outcome lists keep.
func BenchmarkExploreStored(b *testing.B) {
	sc := mustParse(b, threadsIncrementing(4, 3))
	var states, set, lists int
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for range b.N {
		x := explore(sc, ExploreOptions{MaxStates: 200_000})
		states = x.res.States
		set, lists = x.keptBytes()
	}
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(set)/float64(states), "set-B/state")
	b.ReportMetric(float64(lists)/float64(states), "lists-B/state")
	b.ReportMetric(float64(states), "states")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(b.N)/float64(states), "B/state")
	b.ReportMetric(float64(states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
}

// exploreSummary writes what an exploration found, outcome by outcome,
// with the schedule counts and race facts: two runs that merged the same
// states write the same.
func exploreSummary(sc *Scenario, r ExploreResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d states, complete %v, cycles %v\n", r.States, r.Complete, r.Cycles)
	for _, o := range r.Outcomes {
		fmt.Fprintf(&b, "%s: %d schedules, races %v, lost %v, witness %v\n", o.String(sc), o.Schedules, o.Races, o.LostUpdates, o.Witness)
	}
	return b.String()
}

// TestExploreFingerprintsMatchExact checks that keeping every state as a
// 64-bit fingerprint finds what keeping every state exactly finds (the
// same outcomes, schedule counts, race facts and state count) on the
// classic cases: lost update, check-then-act, mutex, deadlock, Peterson,
// the store-buffering and message-passing litmus tests, and a bounded run
// that switches from exact to fingerprints midway.
func TestExploreFingerprintsMatchExact(t *testing.T) {
	lesson := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("..", "assets", "lessons", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name, text string
		maxStates  int
		wantFP     bool // the default run fingerprints (more than DefaultExactStates states)
	}{
		{"lost update", lesson("14-lost-update.txt"), 0, false},
		{"check then act", lesson("15-check-then-act.txt"), 0, false},
		{"mutex", lesson("17-mutex.txt"), 0, false},
		{"deadlock", lesson("18-deadlock.txt"), 0, false},
		{"peterson", lesson("20-peterson.txt"), 0, false},
		{"litmus store buffering", "var x = 0\nvar y = 0\nvar r1 = 0\nvar r2 = 0\nthread a\n  x = 1\n  r1 = y\nthread b\n  y = 1\n  r2 = x\n", 0, false},
		{"litmus message passing", "var data = 0\nvar flag = 0\nvar r1 = 0\nvar r2 = 0\nthread a\n  data = 1\n  flag = 1\nthread b\n  r1 = flag\n  r2 = data\n", 0, false},
		{"3 threads x 2 increments", threadsIncrementing(3, 2), 0, true},
		{"4 threads x 3 increments, bounded", threadsIncrementing(4, 3), 20_000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mustParse(t, tt.text)
			max := tt.maxStates
			if max == 0 {
				max = DefaultMaxStates
			}
			exact := Explore(sc, ExploreOptions{MaxStates: max, ExactStates: max})
			fp := Explore(sc, ExploreOptions{MaxStates: max, ExactStates: -1})
			def := Explore(sc, ExploreOptions{MaxStates: max})
			if exact.Fingerprinted {
				t.Errorf("exact run: got Fingerprinted; want exact throughout")
			}
			if !fp.Fingerprinted {
				t.Errorf("fingerprint run: got exact; want Fingerprinted")
			}
			if def.Fingerprinted != tt.wantFP {
				t.Errorf("default run (%d states): got Fingerprinted %v; want %v", def.States, def.Fingerprinted, tt.wantFP)
			}
			want := exploreSummary(sc, exact)
			if got := exploreSummary(sc, fp); got != want {
				t.Errorf("fingerprints: got\n%s; want (exact)\n%s", got, want)
			}
			if got := exploreSummary(sc, def); got != want {
				t.Errorf("default: got\n%s; want (exact)\n%s", got, want)
			}
		})
	}
}

// TestStateStoreSwitch checks the visited-state set on its own: states
// kept exactly are told apart by their words even when their fingerprints
// are equal, they keep their references when the set switches to
// fingerprints, keys of the same words in another order differ, and the
// table keeps every state as it grows.
func TestStateStoreSwitch(t *testing.T) {
	s := newStateStore(3)
	key := func(words ...int64) (uint64, []byte) {
		t.Helper()
		var k stateKey
		k.reset(s.exactMode())
		for _, w := range words {
			k.mix(w)
		}
		return k.sum(), k.words
	}
	fa, wa := key(1, 2)
	ha := s.open(fa, wa)
	fb, wb := key(2, 1)
	if fa == fb {
		t.Errorf("got the same fingerprint %x for words 1,2 and 2,1; want different", fa)
	}
	s.finish(fb, s.open(fb, wb), refList+7)
	_, w9 := key(9)
	if got := s.get(fa, w9); got != refEmpty { // 1,2's fingerprint, other words
		t.Errorf("exact: got reference %d for other words with 1,2's fingerprint; want none", got)
	}
	h9 := s.open(fa, w9)
	s.finish(fa, h9, refList+9)
	s.finish(fa, ha, refList+3)
	for _, c := range []struct {
		fp    uint64
		words []byte
		want  uint32
	}{{fa, wa, refList + 3}, {fa, w9, refList + 9}, {fb, wb, refList + 7}} {
		if got := s.get(c.fp, c.words); got != c.want {
			t.Errorf("exact: got reference %d for words %v; want %d", got, c.words, c.want)
		}
	}
	if s.fingerprinted() {
		t.Fatalf("got fingerprints after 3 of 3 exact states; want exact")
	}
	fd, wd := key(4)
	s.finish(fd, s.open(fd, wd), refList+1) // the fourth: the set switches
	if !s.fingerprinted() {
		t.Fatalf("got exact after a 4th state past 3 exact ones; want fingerprints")
	}
	for _, c := range []struct {
		words []int64
		want  uint32
	}{{[]int64{2, 1}, refList + 7}, {[]int64{4}, refList + 1}, {[]int64{5}, refEmpty}} {
		fp, w := key(c.words...)
		if got := s.get(fp, w); got != c.want {
			t.Errorf("fingerprints: got reference %d for %v; want %d", got, c.words, c.want)
		}
	}
	for i := range int64(5000) { // several growths
		fp, w := key(100, i)
		s.finish(fp, s.open(fp, w), refList+uint32(i))
	}
	if s.used != 5004 {
		t.Errorf("got %d states stored; want 5004", s.used)
	}
	for i := range int64(5000) {
		fp, w := key(100, i)
		if got := s.get(fp, w); got != refList+uint32(i) {
			t.Fatalf("after growing: got reference %d for state %d; want %d", got, i, refList+uint32(i))
		}
	}
}

// TestOutcomeListsInterned checks the encoded outcome lists: each list
// reads back as it was interned (counts up to 2⁶⁴-1, facts in the top
// variable's bit, the empty list), equal lists share one index, lists
// that differ in any field do not, and every list survives the arena's
// and the table's growth.
func TestOutcomeListsInterned(t *testing.T) {
	tests := []struct {
		name string
		outs []outCount
	}{
		{"empty", nil},
		{"one", []outCount{{0, 1, raceFacts{}}}},
		{"saturated count", []outCount{{3, ^uint64(0), raceFacts{1 << 31, 1}}}},
		{"several", []outCount{{2, 300, raceFacts{1, 1}}, {0, 1 << 40, raceFacts{}}, {1000, 5, raceFacts{0, 1 << 31}}}},
		{"other count", []outCount{{2, 301, raceFacts{1, 1}}, {0, 1 << 40, raceFacts{}}, {1000, 5, raceFacts{0, 1 << 31}}}},
		{"other facts", []outCount{{2, 300, raceFacts{1, 3}}, {0, 1 << 40, raceFacts{}}, {1000, 5, raceFacts{0, 1 << 31}}}},
		{"other order", []outCount{{0, 1 << 40, raceFacts{}}, {2, 300, raceFacts{1, 1}}, {1000, 5, raceFacts{0, 1 << 31}}}},
	}
	x := &explorer{}
	idx := map[string]uint32{}
	for _, tt := range tests {
		i := x.intern(tt.outs)
		for name, j := range idx {
			if i == j {
				t.Errorf("%s: got index %d, the index of %s; want a list of its own", tt.name, i, name)
			}
		}
		idx[tt.name] = i
	}
	// Many more lists: the arena takes several chunks, the table grows.
	for n := range uint64(20_000) {
		x.intern([]outCount{{int(n % 7), n << 20, raceFacts{uint32(n), 0}}, {9, n, raceFacts{}}})
	}
	if len(x.arena) < 2 {
		t.Errorf("got %d arena chunks after 20,000 lists; want several", len(x.arena))
	}
	for _, tt := range tests {
		if got := x.intern(tt.outs); got != idx[tt.name] {
			t.Errorf("%s interned again: got index %d; want %d", tt.name, got, idx[tt.name])
		}
		got := x.appendList(nil, idx[tt.name])
		if len(got) != len(tt.outs) || (len(got) > 0 && !slices.Equal(got, tt.outs)) {
			t.Errorf("%s: got %v back; want %v", tt.name, got, tt.outs)
		}
	}
	if got, want := x.listTable.used, len(tests)+20_000; got != want {
		t.Errorf("got %d lists; want %d", got, want)
	}
	// A list longer than a chunk takes a chunk of its own (its id's offset
	// 0), and the next list starts a chunk after it: both read back whole.
	long := make([]outCount, 9_000) // about 9 bytes an outcome: over 64 KiB
	for k := range long {
		long[k] = outCount{k, 1<<40 + uint64(k), raceFacts{}}
	}
	short := []outCount{{3, 5, raceFacts{}}, {700_000, 1, raceFacts{1, 1}}}
	idLong, idShort := x.intern(long), x.intern(short)
	if idLong&0xffff != 0 || idShort&0xffff != 0 || idShort>>16 != idLong>>16+1 {
		t.Errorf("a long list at id %#x and the next at %#x; want each at the start of a chunk, one after the other", idLong, idShort)
	}
	if got := x.appendList(nil, idLong); !slices.Equal(got, long) {
		t.Errorf("the long list read back as %d outcomes, not the %d interned", len(got), len(long))
	}
	if got := x.appendList(nil, idShort); !slices.Equal(got, short) {
		t.Errorf("the list after the long one read back as %v; want %v", got, short)
	}
	if got := x.intern(long); got != idLong {
		t.Errorf("the long list interned again: got id %#x; want %#x", got, idLong)
	}
}

// TestStateStoreFinishAfterGrowth checks that a state opened before the
// table grew is finished in its new slot, found by its fingerprint (and,
// exact, by its words when another state shares the fingerprint), and
// that one opened after the last growth is finished in place.
func TestStateStoreFinishAfterGrowth(t *testing.T) {
	for _, exact := range []int{-1, 100_000} {
		s := newStateStore(exact)
		words := func(v byte) []byte {
			if !s.exactMode() {
				return nil
			}
			return []byte{v, 0, 0, 0, 0, 0, 0, 0}
		}
		const fp = 0x0123456789abcdef
		ha, hb := s.open(fp, words(1)), s.open(fp, words(2)) // one fingerprint: in exact mode two states
		for i := range uint64(10_000) {
			s.finish(i+1<<40, s.open(i+1<<40, words(3)), refList)
		}
		if ha.grown == s.grown {
			t.Fatalf("exact %d: the table did not grow after 10,000 states; want it grown", exact)
		}
		s.finish(fp, hb, refList+2)
		s.finish(fp, ha, refList+1)
		hc := s.open(fp^1, words(4))
		s.finish(fp^1, hc, refList+3)
		want := []uint32{refList + 1, refList + 2}
		if !s.exactMode() {
			want = []uint32{refList + 1, refList + 1} // one state: b was a (the same fingerprint)
		}
		for k, v := range []byte{1, 2} {
			if got := s.get(fp, words(v)); got != want[k] {
				t.Errorf("exact %d: state %d: got reference %d; want %d", exact, v, got, want[k])
			}
		}
		if got := s.get(fp^1, words(4)); got != refList+3 {
			t.Errorf("exact %d: a state finished in place: got reference %d; want %d", exact, got, refList+3)
		}
	}
}

// TestPathSet checks the set of the states on the current schedule
// against a map, through pushes and pops in stack order that make it grow
// several times and shrink back, with fingerprints that crowd one slot
// (small numbers: high bits 0) and the fingerprint 0 (spread's first).
func TestPathSet(t *testing.T) {
	tests := []struct {
		name string
		fp   func(i uint64) uint64
	}{
		{"spread", func(i uint64) uint64 { return i * 0x9E3779B97F4A7C15 }},
		{"crowded", func(i uint64) uint64 { return i + 2 }}, // every one from the first slot on
	}
	for _, tt := range tests {
		var p pathSet
		want := map[uint64]bool{}
		var order []uint64
		check := func(step string) {
			t.Helper()
			for i := range uint64(700) {
				if got := p.has(tt.fp(i)); got != want[tt.fp(i)] {
					t.Fatalf("%s, %s: has(%d) = %v; want %v", tt.name, step, i, got, want[tt.fp(i)])
				}
			}
		}
		for round := range 3 {
			for i := range uint64(600) {
				if i%5 == 4 { // now and then a pop
					n := len(order) - 1
					p.pop()
					delete(want, order[n])
					order = order[:n]
					continue
				}
				fp := tt.fp(uint64(len(want)+round*1000) % 650)
				if want[fp] {
					continue
				}
				p.push(fp)
				want[fp], order = true, append(order, fp)
			}
			check("after pushes")
			for len(order) > round*10 {
				n := len(order) - 1
				p.pop()
				delete(want, order[n])
				order = order[:n]
			}
			check("after pops")
		}
	}
}
