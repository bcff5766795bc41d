package sim

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Explore's visited-state set.
//
// A state's key is a sequence of 64-bit words (stateKey, written by
// Engine.stateKeyInto): each task's state, position, counters and waits,
// shared memory, sync objects, the violations and race facts so far, and
// 64-bit digests of the parts that have their own hash (the Go runtime,
// the race detector, IPC objects, page tables). The set keeps a state in
// one of two ways:
//
//   - Exact: the key's words in full, in a byte arena beside the
//     fingerprint table. Two states are merged only when their words are
//     equal. It costs the key's length (hundreds of bytes to kilobytes)
//     plus 8 bytes more per slot.
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
// million, 2.7e-6 for ten million, 2.7e-4 for a hundred million. With
// symmetry (explore_symmetry.go) the fingerprint hashes each task's own
// 64-bit signature in place of the task's words, so two states also merge
// when two different states of one task share a signature: at most about
// t²/2⁶⁵ more for t distinct task states met (each at most one per stored
// state and task; in practice far fewer), the same order as above.
//
// Schedule counts. A finished state's reference names its outcome list
// (explore.go): the outcomes its continuations reach, with schedule counts
// and race facts, varint-encoded (3 to 12 bytes an outcome when the races
// are on the first three variables) and shared by every state with an
// equal list. On the lost-update cases that is 11 to 20 bytes a state
// more (docs/benchmarks.md): counting keeps 29 to 41 bytes a state in all,
// where the outcomes alone keep 12 to 14 (explore_outcomes.go).
//
// Explore keeps the first ExploreOptions.ExactStates states exactly
// (DefaultExactStates), so small problems have no collision to fear, and
// fingerprints every state after that, dropping the exact ones' words.
// ExploreResult.Fingerprinted says whether it did.

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
		k.words = binary.LittleEndian.AppendUint64(k.words, uint64(v))
	}
}

// mixHash adds one word to the fingerprint only (not to the words): for a
// digest of words the key keeps another way.
func (k *stateKey) mixHash(v int64) {
	w := bits.RotateLeft64(uint64(v)*xxP2, 31) * xxP1
	k.h ^= w
	k.h = bits.RotateLeft64(k.h, 27)*xxP1 + xxP4
	k.n++
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
// expanded (on the DFS stack), and refList+id a finished state whose
// outcomes are the list id (explorer.listAt).
const (
	refEmpty uint32 = 0
	refOpen  uint32 = 1
	refList  uint32 = 2
)

// stateStore is the visited-state set: state -> reference. Every state
// has a slot in one open-addressing table (its fingerprint and reference,
// 12 bytes together, so that a probe reads one cache line); in exact mode
// the slot also points at the state's words, kept in one byte arena, and a
// slot matches only if the words are equal too. It is used by one
// goroutine (the exploration's).
type stateStore struct {
	exactLeft int         // new states still to keep exactly
	exact     bool        // exact mode (false once fingerprinting)
	slots     []storeSlot // the table (ref refEmpty: a free slot)
	keyAt     []uint64    // exact mode: where a slot's words are: chunk<<32 | offset in it
	keys      [][]byte    // exact mode: each state's words, after their length (4 bytes), in chunks
	used      int         // slots in use: states stored
	grown     uint32      // how many times the table has grown (a storeHandle's slot is valid while it is unchanged)
}

// storeSlot is one slot of the table: a fingerprint, in two halves (so
// that a slot is 12 bytes, not 16), and its reference.
type storeSlot struct {
	lo, hi, ref uint32
}

func (s *storeSlot) fp() uint64 { return uint64(s.hi)<<32 | uint64(s.lo) }

// storeHandle is what open returns and finish takes: the slot the state
// went to, the table's growth count then, and in exact mode where its
// words are.
type storeHandle struct {
	slot  uint64
	grown uint32
	at    uint64
}

func newStateStore(exactStates int) *stateStore {
	s := &stateStore{exactLeft: exactStates, exact: exactStates > 0}
	s.grow()
	return s
}

// exactMode reports whether the next key must keep its words.
func (s *stateStore) exactMode() bool { return s.exact }

// fingerprinted reports whether the store has switched to fingerprints.
func (s *stateStore) fingerprinted() bool { return !s.exact }

// get returns the reference of the state with fingerprint fp and, in
// exact mode, words words (refEmpty: not stored).
func (s *stateStore) get(fp uint64, words []byte) uint32 {
	return s.slots[s.slot(fp, words)].ref
}

// open stores a new state, with fingerprint fp and (in exact mode) words
// words, as refOpen, and returns a handle for finish. A new state past the
// exact ones moves every state to fingerprints only first.
func (s *stateStore) open(fp uint64, words []byte) storeHandle {
	if s.exact && s.exactLeft <= 0 {
		s.exact, s.keyAt, s.keys = false, nil, nil
	}
	i := s.slot(fp, words)
	s.slots[i] = storeSlot{uint32(fp), uint32(fp >> 32), refOpen}
	h := storeHandle{slot: i, grown: s.grown}
	if s.exact {
		s.exactLeft--
		c := len(s.keys) - 1
		if c < 0 || len(s.keys[c])+4+len(words) > cap(s.keys[c]) {
			s.keys = append(s.keys, make([]byte, 0, max(keyChunk, 4+len(words))))
			c++
		}
		h.at = uint64(c)<<32 | uint64(len(s.keys[c]))
		s.keys[c] = binary.LittleEndian.AppendUint32(s.keys[c], uint32(len(words)))
		s.keys[c] = append(s.keys[c], words...)
		s.keyAt[i] = h.at
	}
	if s.used++; s.used*5 >= len(s.slots)*4 {
		s.grow()
	}
	return h
}

// finish sets the reference of the state open returned handle h for: in
// the slot h names when the table has not grown since, else found again
// (after a switch to fingerprints, by fp alone).
func (s *stateStore) finish(fp uint64, h storeHandle, ref uint32) {
	if h.grown == s.grown {
		s.slots[h.slot].ref = ref
		return
	}
	m := uint64(len(s.slots))
	i, _ := bits.Mul64(fp, m)
	for ; s.slots[i].ref != refEmpty; i = probeNext(i, m) {
		if s.slots[i].fp() == fp && (!s.exact || s.keyAt[i] == h.at) {
			s.slots[i].ref = ref
			return
		}
	}
	panic("sim: explore finished a state it never opened")
}

// probeNext returns the slot after i in a table of m slots.
func probeNext(i, m uint64) uint64 {
	if i++; i == m {
		return 0
	}
	return i
}

// slot returns the slot holding the state (fp, and in exact mode words),
// or the free slot where it would go.
func (s *stateStore) slot(fp uint64, words []byte) uint64 {
	m := uint64(len(s.slots))
	i, _ := bits.Mul64(fp, m) // spread over any table size (Lemire's reduction)
	lo, hi := uint32(fp), uint32(fp>>32)
	for ; s.slots[i].ref != refEmpty; i = probeNext(i, m) {
		if sl := &s.slots[i]; sl.lo == lo && sl.hi == hi && (!s.exact || bytes.Equal(s.wordsAt(i), words)) {
			return i
		}
	}
	return i
}

// wordsAt returns the words of the state in exact-mode slot i.
func (s *stateStore) wordsAt(i uint64) []byte {
	c, at := s.keyAt[i]>>32, uint32(s.keyAt[i])
	n := binary.LittleEndian.Uint32(s.keys[c][at:])
	return s.keys[c][at+4 : at+4+n]
}

// grow makes the table half as large again (1,024 slots at first) and
// moves the states into it.
func (s *stateStore) grow() {
	slots, keyAt := s.slots, s.keyAt
	size := max(1024, len(slots)+len(slots)/2)
	s.slots = make([]storeSlot, size)
	s.grown++
	if s.exact {
		s.keyAt = make([]uint64, size)
	}
	m := uint64(size)
	for k := range slots {
		if slots[k].ref == refEmpty {
			continue
		}
		i, _ := bits.Mul64(slots[k].fp(), m)
		for s.slots[i].ref != refEmpty {
			i = probeNext(i, m)
		}
		s.slots[i] = slots[k]
		if s.exact {
			s.keyAt[i] = keyAt[k]
		}
	}
}

// size returns the memory the set holds, in bytes.
func (s *stateStore) size() int {
	n := len(s.slots)*12 + len(s.keyAt)*8
	for _, c := range s.keys {
		n += cap(c)
	}
	return n
}

// keyChunk is the size of a chunk of exact keys, in bytes: the keys grow by
// chunks, never copying what they hold.
const keyChunk = 64 << 10

// listTable finds an interned outcome list by its hash: an open-addressing
// table of 8-byte slots (the low half of the list's hash and its id, where
// it is in explorer.arena, plus one; 0: free), filled to at most 80 %. It
// is used by one goroutine.
type listTable struct {
	slots []listSlot
	used  int
}

type listSlot struct {
	h, idx uint32
}

// find returns the id of a list with hash h for which same is true, or
// adds the id next with that hash and returns it.
func (t *listTable) find(h uint64, next uint32, same func(uint32) bool) uint32 {
	if len(t.slots) == 0 {
		t.grow()
	}
	m := uint64(len(t.slots))
	i, _ := bits.Mul64(spread(uint32(h)), m)
	for ; t.slots[i].idx != 0; i = probeNext(i, m) {
		if t.slots[i].h == uint32(h) && same(t.slots[i].idx-1) {
			return t.slots[i].idx - 1
		}
	}
	t.slots[i] = listSlot{uint32(h), next + 1}
	if t.used++; t.used*5 >= len(t.slots)*4 {
		t.grow()
	}
	return next
}

// grow makes the table half as large again (1,024 slots at first).
func (t *listTable) grow() {
	old := t.slots
	t.slots = make([]listSlot, max(1024, len(old)+len(old)/2))
	m := uint64(len(t.slots))
	for _, sl := range old {
		if sl.idx == 0 {
			continue
		}
		i, _ := bits.Mul64(spread(sl.h), m)
		for t.slots[i].idx != 0 {
			i = probeNext(i, m)
		}
		t.slots[i] = sl
	}
}

// spread returns the 32-bit hash h as the high half of a 64-bit number:
// what Lemire's reduction (bits.Mul64) reads to pick a slot.
func spread(h uint32) uint64 { return uint64(h) << 32 }
