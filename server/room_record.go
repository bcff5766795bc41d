package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// A room's record is what every instance knows of it: kept in the bus's
// rooms bucket under the room's code, written by the teacher's commands
// with compare-and-set, and watched by every instance with members in the
// room (the watch is how a room fans out, and its first value is a late
// joiner's snapshot). It holds no follower: those are each instance's own.

// Room limits (docs/protocol.md, "Rooms: limits").
const (
	// RoomLifetime is how long a room lasts from its creation (a school
	// day); then its members are told it closed.
	RoomLifetime = 12 * time.Hour
	// MaxRoomsPerServer bounds the rooms one instance has created that are
	// still open.
	MaxRoomsPerServer = 500
	// roomsPer and roomsBurst bound how fast one client creates rooms.
	roomsPer   = time.Minute
	roomsBurst = 5
	// MaxRoomMembers bounds one room's members on one instance.
	MaxRoomMembers = 2000
	// RoomSockets and RoomSocketsPerClient bound room websockets on one
	// instance, in all and from one address: a classroom behind one NAT
	// address is a whole class, so the second is large.
	RoomSockets          = 6000
	RoomSocketsPerClient = 2500
	// roomQueueBytes bounds one member's outgoing queue (a follower that
	// falls further behind is dropped; its page rejoins and gets the
	// latest state). roomQueueTotal bounds every member's together.
	roomQueueBytes = 512 << 10
	roomQueueTotal = 256 << 20
	// roomQueueLen bounds a member's queue in messages: 128 is over 2 s
	// of a teacher's fastest states.
	roomQueueLen = 128
	// roomMessageBytes is the largest message a member may send: a state
	// with a link of MaxLinkBytes, or an ask carrying a load.
	roomMessageBytes = MaxLinkBytes + 16<<10
	// roomIdle closes a member that sends nothing (the page pings every
	// 30 s) for this long.
	roomIdle = 90 * time.Second
	// statePer and stateBurst bound a teacher's state messages: 50 a
	// second after a burst of 50.
	statePer   = 20 * time.Millisecond
	stateBurst = 50
	// stateBytesPerSecond and stateBytesBurst bound the bytes of a
	// teacher's state links (each goes to every member): 256 KiB a second
	// after a burst of 1 MiB. A lesson's link is about 100 bytes; a Go
	// program's a few KiB.
	stateBytesPerSecond = 256 << 10
	stateBytesBurst     = 1 << 20
	// missesPer and missesBurst bound how many codes of rooms that do not
	// exist one client may name (joins, GET /api/rooms/C, /r/C): 20, then
	// one a second, so that guessing codes takes years.
	missesPer   = time.Second
	missesBurst = 20
	// askInterval is the least time between two questions in a room.
	askInterval = 2 * time.Second
	// memberPer and memberBurst bound any member's messages.
	memberPer   = 50 * time.Millisecond
	memberBurst = 40
	// tallyEvery is how often a teacher gets the tally while votes arrive
	// (at most 10 a second).
	tallyEvery = 100 * time.Millisecond
	// presenceEvery is how often an instance repeats its member counts
	// (others forget an instance not heard from in presenceTTL).
	presenceEvery = 10 * time.Second
	presenceTTL   = 30 * time.Second
)

// roomAlphabet is the room codes' alphabet: no 0, 1, I, L or O, which a
// class reads wrongly from a projector.
const roomAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// roomCodeLen is a room code's length: 31^6 is about 887 million codes.
const roomCodeLen = 6

var (
	errRoomNotFound = errors.New("no such room")
	errNotTeacher   = errors.New("only the teacher may do that")
	errBadKey       = errors.New("wrong teacher key")
	errAlreadyVoted = errors.New("already voted")
	errNoQuestion   = errors.New("no open question")
	errRoomFull     = errors.New("the room is full")
)

type roomRecord struct {
	V         int           `json:"v"`
	Code      string        `json:"code"`
	KeyHash   []byte        `json:"key_hash"` // SHA-256 of the teacher key
	Secret    []byte        `json:"secret"`   // signs follower tokens; never sent
	CreatedMS int64         `json:"created_ms"`
	ExpiresMS int64         `json:"expires_ms"`
	Seq       int64         `json:"seq"` // the number of the latest state
	Link      string        `json:"link,omitempty"`
	LiveInst  string        `json:"live_inst,omitempty"` // the instance that relays its live lab (room_live.go)
	Asked     int64         `json:"asked"`               // questions asked so far
	Question  *roomQuestion `json:"question,omitempty"`
	Closed    bool          `json:"closed,omitempty"`
}

// roomQuestion is the room's question, answer included: the answer is
// sent to members only once revealed.
type roomQuestion struct {
	ID       string      `json:"id"`
	Kind     string      `json:"kind"`
	Prompt   bilingual   `json:"prompt"`
	Options  []bilingual `json:"options"`
	Multi    bool        `json:"multi"`
	Step     int64       `json:"step"`
	Answer   []int       `json:"answer"`
	Explain  bilingual   `json:"explain"`
	Reveal   int64       `json:"reveal_step"`
	OpenedMS int64       `json:"opened_ms"`
	Revealed bool        `json:"revealed,omitempty"`
	Counts   []int       `json:"counts,omitempty"` // the tally at reveal
	Voters   int         `json:"voters,omitempty"`
}

func (r *roomRecord) open(now time.Time) bool {
	return !r.Closed && now.UnixMilli() < r.ExpiresMS
}

// newRoomCode draws a room code from crypto/rand, without modulo bias.
func newRoomCode() string {
	b := make([]byte, roomCodeLen)
	for i := 0; i < len(b); {
		var x [1]byte
		_, _ = rand.Read(x[:])
		if int(x[0]) < 256-256%len(roomAlphabet) {
			b[i] = roomAlphabet[int(x[0])%len(roomAlphabet)]
			i++
		}
	}
	return string(b)
}

// validRoomCode reports whether c could be a room code.
func validRoomCode(c string) bool {
	if len(c) != roomCodeLen {
		return false
	}
	for i := 0; i < len(c); i++ {
		if !containsByte(roomAlphabet, c[i]) {
			return false
		}
	}
	return true
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// keyMatches compares a presented teacher key with the record's hash in
// constant time.
func (r *roomRecord) keyMatches(key string) bool {
	sum := sha256.Sum256([]byte(key))
	return len(r.KeyHash) == sha256.Size && subtle.ConstantTimeCompare(sum[:], r.KeyHash) == 1
}

// followerToken is a follower's identity in a room, signed with the
// room's secret so that a page can keep it across reloads (and so keep its
// vote) but cannot make up others: base64url(id(16) || HMAC(secret, code
// || id)[:16]).
func (r *roomRecord) followerToken(id []byte) string {
	m := hmac.New(sha256.New, r.Secret)
	m.Write([]byte(r.Code))
	m.Write(id)
	return base64.RawURLEncoding.EncodeToString(append(append([]byte{}, id...), m.Sum(nil)[:16]...))
}

// voterOf returns the follower id in a token signed for this room, or nil.
func (r *roomRecord) voterOf(token string) []byte {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 || len(token) > 64 {
		return nil
	}
	want := r.followerToken(raw[:16])
	if subtle.ConstantTimeCompare([]byte(want), []byte(token)) != 1 {
		return nil
	}
	return raw[:16]
}

// roomStore reads and writes room records in the bus's rooms bucket.
type roomStore struct {
	kv  jetstream.KeyValue
	srv *Server
}

// get reads an open room's record and its revision.
func (st roomStore) get(ctx context.Context, code string) (*roomRecord, uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, busTimeout)
	defer cancel()
	e, err := st.kv.Get(ctx, code)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return nil, 0, errorf(errRoomNotFound, "no room %s: check the code, or the room has ended", code)
	}
	if err != nil {
		return nil, 0, st.srv.busError(err)
	}
	rec, err := decodeRoomRecord(e.Value())
	if err != nil {
		return nil, 0, err
	}
	if !rec.open(time.Now()) {
		return nil, 0, errorf(errRoomNotFound, "room %s has ended", code)
	}
	return rec, e.Revision(), nil
}

func decodeRoomRecord(data []byte) (*roomRecord, error) {
	var rec roomRecord
	if err := json.Unmarshal(data, &rec); err != nil || rec.V != 1 {
		return nil, errorf(errInternal, "a room record that cannot be read")
	}
	return &rec, nil
}

// update changes an open room's record with f, compare-and-set, retrying
// when another writer was first. f must not keep rec.
func (st roomStore) update(ctx context.Context, code string, f func(rec *roomRecord) error) (*roomRecord, error) {
	for try := 0; try < 16; try++ {
		rec, rev, err := st.get(ctx, code)
		if err != nil {
			return nil, err
		}
		if err := f(rec); err != nil {
			return nil, err
		}
		data, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		uctx, cancel := context.WithTimeout(ctx, busTimeout)
		_, err = st.kv.Update(uctx, code, data, rev)
		cancel()
		if err == nil {
			return rec, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return nil, st.srv.busError(err)
		}
	}
	return nil, errorf(errBusy, "room %s is changing too fast; try again", code)
}

// create stores a new room with a fresh code and returns it with the key.
func (st roomStore) create(ctx context.Context, now time.Time) (*roomRecord, string, error) {
	key := base64.RawURLEncoding.EncodeToString(randomBytes(24))
	sum := sha256.Sum256([]byte(key))
	rec := &roomRecord{V: 1, KeyHash: sum[:], Secret: randomBytes(32),
		CreatedMS: now.UnixMilli(), ExpiresMS: now.Add(RoomLifetime).UnixMilli()}
	ctx, cancel := context.WithTimeout(ctx, busTimeout)
	defer cancel()
	for try := 0; try < 8; try++ {
		rec.Code = newRoomCode()
		data, err := json.Marshal(rec)
		if err != nil {
			return nil, "", err
		}
		_, err = st.kv.Create(ctx, rec.Code, data)
		if err == nil {
			return rec, key, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return nil, "", st.srv.busError(err)
		}
	}
	return nil, "", errorf(errBusy, "no free room code was found; try again")
}

// voterKey is a vote's key in the votes bucket: one key per follower per
// question, so a second vote anywhere fails to create it.
func voterKey(code, questionID string, voter []byte) string {
	return code + "." + questionID + "." + hex.EncodeToString(voter)
}
