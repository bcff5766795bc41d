package sim

import "math/bits"

// Explore's visited-state set.
//
// A state's key is a sequence of 64-bit words (stateKey, written by
// Engine.stateKeyInto): each task's state, position, counters and waits,
// shared memory, sync objects, the violations and race facts so far, and
// 64-bit digests of the parts that have their own hash (the Go runtime,
// the race detector, IPC objects, page tables). The set keeps a state in
// one of two ways:
//
//   - Exact: the key's words in full (a map from its bytes). Two states are
//     merged only when their words are equal. It costs the key's length
//     (tens to hundreds of bytes) plus the map's overhead per state.
//   - Fingerprint: a 64-bit hash of the words (an xxHash64-style round per
//     word and its final avalanche, fixed seed: the same on every run and
//     machine) in an open-addressing table of 12-byte slots (the
//     fingerprint and a 4-byte reference to the state's outcomes), filled
//     to at most 80 % and grown by half: 15 to 23 bytes a state.
//
// Two different states with the same fingerprint are merged, and the second
// then reports the first's outcomes: a collision. With n states and a
// uniform 64-bit hash, the chance of any collision is at most about
// n²/2⁶⁵ (the birthday bound): 1.1e-9 for 200,000 states, 2.7e-8 for a
// million, 2.7e-6 for ten million, 2.7e-4 for a hundred million.
//
// Explore keeps the first ExploreOptions.ExactStates states exactly
// (DefaultExactStates), so small problems have no collision to fear, and
// fingerprints every state after that, moving the exact ones into the
// table. ExploreResult.Fingerprinted says whether it did.

// DefaultExactStates is how many states Explore keeps exactly before it
// switches to 64-bit fingerprints (ExploreOptions.ExactStates).
const DefaultExactStates = 4096

// stateKey accumulates a state's key: its fingerprint always, and its words
// as bytes when words is not nil (exact mode).
type stateKey struct {
	h, n  uint64 // the running hash and the number of words
	words []byte // little-endian words (nil: fingerprint only)
}

const (
	xxP1 uint64 = 0x9E3779B185EBCA87
	xxP2 uint64 = 0xC2B2AE3D27D4EB4F
	xxP3 uint64 = 0x165667B19E3779F9
	xxP4 uint64 = 0x85EBCA77C2B2AE63
	xxP5 uint64 = 0x27D4EB2F165667C5
)

// reset starts a key; exact says whether to keep its words.
func (k *stateKey) reset(exact bool) {
	k.h, k.n = xxP5, 0
	if exact {
		k.words = k.words[:0]
		if k.words == nil {
			k.words = make([]byte, 0, 256)
		}
	} else {
		k.words = nil
	}
}

// mix adds one word to the key.
func (k *stateKey) mix(v int64) {
	w := bits.RotateLeft64(uint64(v)*xxP2, 31) * xxP1
	k.h ^= w
	k.h = bits.RotateLeft64(k.h, 27)*xxP1 + xxP4
	k.n++
	if k.words != nil {
		u := uint64(v)
		k.words = append(k.words, byte(u), byte(u>>8), byte(u>>16), byte(u>>24), byte(u>>32), byte(u>>40), byte(u>>48), byte(u>>56))
	}
}

// sum returns the key's 64-bit fingerprint.
func (k *stateKey) sum() uint64 {
	h := k.h + k.n*8
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}

// Slot references: 0 is an empty slot, refOpen a state still being
// expanded (on the DFS stack), and refList+i a finished state whose
// outcomes are explorer.lists[i].
const (
	refEmpty uint32 = 0
	refOpen  uint32 = 1
	refList  uint32 = 2
)

// stateStore is the visited-state set: state -> reference. It is used by
// one goroutine (the exploration's).
type stateStore struct {
	exactLeft int               // states still to keep exactly
	exact     map[string]uint32 // exact mode (nil once fingerprinting)
	fps       []uint64          // fingerprint mode: the table, len a slot count
	refs      []uint32          // the slots' references (refEmpty: free)
	used      int               // slots in use
	n         int               // states stored
}

func newStateStore(exactStates int) *stateStore {
	s := &stateStore{exactLeft: exactStates}
	if exactStates > 0 {
		s.exact = make(map[string]uint32, min(exactStates, 1024))
	} else {
		s.grow()
	}
	return s
}

// exactMode reports whether the next key must keep its words.
func (s *stateStore) exactMode() bool { return s.exact != nil }

// fingerprinted reports whether the store has switched to fingerprints.
func (s *stateStore) fingerprinted() bool { return s.exact == nil }

// get returns the reference of the state with fingerprint fp and, in
// exact mode, words words (refEmpty: not stored).
func (s *stateStore) get(fp uint64, words string) uint32 {
	if s.exact != nil {
		return s.exact[words]
	}
	return s.refs[s.slot(fp)]
}

// set stores the state with fingerprint fp and, in exact mode, words
// words, with reference ref (not refEmpty), adding it if new. A new state
// past the exact ones moves every state into the fingerprint table first.
func (s *stateStore) set(fp uint64, words string, ref uint32) {
	if s.exact != nil {
		if _, ok := s.exact[words]; ok || s.exactLeft > 0 {
			if !ok {
				s.n++
				s.exactLeft--
			}
			s.exact[words] = ref
			return
		}
		s.toFingerprints()
	}
	s.setFP(fp, ref)
}

// setFP stores fingerprint fp with reference ref.
func (s *stateStore) setFP(fp uint64, ref uint32) {
	i := s.slot(fp)
	if s.refs[i] == refEmpty {
		s.fps[i] = fp
		s.used++
		s.n++
	}
	s.refs[i] = ref
	if s.used*5 >= len(s.fps)*4 {
		s.grow()
	}
}

// slot returns the slot holding fp, or the free slot where it would go.
func (s *stateStore) slot(fp uint64) int {
	m := uint64(len(s.fps))
	hi, _ := bits.Mul64(fp, m) // spread over any table size (Lemire's reduction)
	for i := hi; ; {
		if s.refs[i] == refEmpty || s.fps[i] == fp {
			return int(i)
		}
		if i++; i == m {
			i = 0
		}
	}
}

// grow makes the table half as large again (1,024 slots at first) and
// moves the fingerprints into it.
func (s *stateStore) grow() {
	fps, refs := s.fps, s.refs
	size := max(1024, len(fps)+len(fps)/2)
	s.fps, s.refs, s.used, s.n = make([]uint64, size), make([]uint32, size), 0, 0
	for i, r := range refs {
		if r != refEmpty {
			s.setFP(fps[i], r)
		}
	}
}

// toFingerprints moves the exact states into the fingerprint table.
func (s *stateStore) toFingerprints() {
	exact := s.exact
	s.exact = nil
	s.grow()
	var k stateKey
	for words, ref := range exact {
		k.reset(false)
		for i := 0; i+8 <= len(words); i += 8 {
			var u uint64
			for b := 7; b >= 0; b-- {
				u = u<<8 | uint64(words[i+b])
			}
			k.mix(int64(u))
		}
		s.setFP(k.sum(), ref)
	}
}

// bytes returns the memory the fingerprint table holds, in bytes (0 in
// exact mode).
func (s *stateStore) bytes() int { return len(s.fps)*8 + len(s.refs)*4 }

// listTable finds an interned outcome list by its hash: an open-addressing
// table of 12-byte slots (the list's hash and its index in explorer.lists
// plus one; 0: free), filled to at most 80 %. It is used by one goroutine.
type listTable struct {
	hashes []uint64
	idx    []uint32
	used   int
}

// find returns the index of a list with hash h for which same is true,
// or adds the index next with that hash and returns it.
func (t *listTable) find(h uint64, next uint32, same func(uint32) bool) uint32 {
	if len(t.idx) == 0 {
		t.grow()
	}
	m := uint64(len(t.idx))
	i, _ := bits.Mul64(h, m)
	for ; t.idx[i] != 0; i = (i + 1) % m {
		if t.hashes[i] == h && same(t.idx[i]-1) {
			return t.idx[i] - 1
		}
	}
	t.hashes[i], t.idx[i] = h, next+1
	if t.used++; t.used*5 >= len(t.idx)*4 {
		t.grow()
	}
	return next
}

// grow makes the table half as large again (1,024 slots at first).
func (t *listTable) grow() {
	hashes, idx := t.hashes, t.idx
	size := max(1024, len(idx)+len(idx)/2)
	t.hashes, t.idx = make([]uint64, size), make([]uint32, size)
	m := uint64(size)
	for k, v := range idx {
		if v == 0 {
			continue
		}
		i, _ := bits.Mul64(hashes[k], m)
		for t.idx[i] != 0 {
			i = (i + 1) % m
		}
		t.hashes[i], t.idx[i] = hashes[k], v
	}
}
