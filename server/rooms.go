package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"proclab/bus"
	"proclab/lab"
)

// roomHub is one instance's part of the classroom rooms (issue 13, part 1;
// docs/protocol.md, "Rooms"). The rooms themselves live on the bus: a
// record per room in the rooms bucket, a key per vote in the votes bucket,
// and member counts on the subjects proclab.room.CODE.presence. The hub
// keeps only this instance's members: for each room with a member here, it
// watches the room's record and sends each change to them, marshalled once.
//
// Concurrency: mu guards rooms, presence, created and every hubRoom and
// roomMember field; the watch goroutines, the ticker and the members'
// readers take it. Sending under mu is fine: socket.sendRaw never blocks.
type roomHub struct {
	s          *Server
	store      roomStore
	votes      jetstream.KeyValue
	nc         *nats.Conn
	inst       string // this instance's id in presence messages
	sockets    *meter // the room websockets' own budgets
	createRate *rateTable
	misses     *rateTable    // unknown room codes named per client (openRoom)
	maxMembers int           // MaxRoomMembers (tests lower it)
	askEvery   time.Duration // askInterval (tests lower it)
	ctx        context.Context
	cancel     context.CancelFunc
	wg         sync.WaitGroup

	mu       sync.Mutex
	rooms    map[string]*hubRoom                 // rooms with a member here
	presence map[string]map[string]presenceEntry // room -> instance -> its counts
	created  map[string]int64                    // rooms created here -> their end (Unix ms)
	presSub  *nats.Subscription
}

// hubRoom is one room as this instance sees it.
type hubRoom struct {
	code        string
	members     map[*roomMember]struct{}
	rec         *roomRecord // the latest record from the watch (nil before its first)
	stopWatch   context.CancelFunc
	teachers    int
	countsDirty bool      // local counts changed since the last presence message
	published   time.Time // the last presence message
	sentF       int       // the totals last sent to local teachers
	sentD       int
	tally       *roomTally         // the open question's votes, while a teacher is here
	liveSub     *nats.Subscription // the live lab relayed to this room (room_live.go)
	stopRelay   context.CancelFunc // this instance relays its live lab to the room
}

// roomTally counts one question's votes from its watch of the votes bucket.
type roomTally struct {
	qid    string
	counts []int
	voters map[string]bool
	dirty  bool
	stop   context.CancelFunc
}

// roomMember is one websocket in a room.
type roomMember struct {
	k        *socket
	teacher  bool
	voter    []byte
	detached bool
	seq      int64  // the last state sent to it
	qid      string // the last question sent
	revealed string // the question whose reveal was sent
	voted    string // the question it voted in
}

type presenceEntry struct {
	following, detached int
	at                  time.Time
}

type wirePresence struct {
	Inst      string `json:"i"`
	Following int    `json:"f"`
	Detached  int    `json:"d"`
}

func presenceSubject(code string) string { return "proclab.room." + code + ".presence" }

// newRoomHub starts the hub on b.
func newRoomHub(s *Server, b *bus.Bus) (*roomHub, error) {
	id := make([]byte, 8)
	_, _ = rand.Read(id)
	h := &roomHub{s: s, store: roomStore{kv: b.Rooms, srv: s}, votes: b.Votes, nc: b.Conn, inst: hex.EncodeToString(id),
		createRate: newRateTable(roomsPer, roomsBurst), misses: newRateTable(missesPer, missesBurst), maxMembers: MaxRoomMembers, askEvery: askInterval,
		rooms: map[string]*hubRoom{}, presence: map[string]map[string]presenceEntry{}, created: map[string]int64{}}
	rb := s.budgets
	rb.Conns, rb.ConnsPerClient = RoomSockets, RoomSocketsPerClient
	rb.QueueBytesPerClient, rb.TotalQueueBytes = roomQueueTotal, roomQueueTotal
	h.sockets = newMeter(rb)
	h.ctx, h.cancel = context.WithCancel(s.ctx)
	sub, err := b.Conn.Subscribe("proclab.room.*.presence", h.onPresence)
	if err != nil {
		return nil, err
	}
	h.presSub = sub
	h.wg.Add(1)
	go h.tick()
	return h, nil
}

// close stops the hub's goroutines (the members' sockets end with the
// server's context) and tells the others this instance has no members.
func (h *roomHub) close() {
	h.cancel()
	h.wg.Wait()
	_ = h.presSub.Unsubscribe()
	h.mu.Lock()
	for code := range h.rooms {
		h.publishPresence(code, 0, 0)
	}
	h.mu.Unlock()
}

func (h *roomHub) onPresence(msg *nats.Msg) {
	parts := strings.Split(msg.Subject, ".")
	if len(parts) != 4 || !validRoomCode(parts[2]) {
		return
	}
	var p wirePresence
	if json.Unmarshal(msg.Data, &p) != nil || p.Inst == "" || len(p.Inst) > 64 || p.Following < 0 || p.Detached < 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.presence[parts[2]]
	if m == nil {
		if p.Following == 0 && p.Detached == 0 {
			return
		}
		m = map[string]presenceEntry{}
		h.presence[parts[2]] = m
	}
	if p.Following == 0 && p.Detached == 0 {
		delete(m, p.Inst)
		if len(m) == 0 {
			delete(h.presence, parts[2])
		}
		return
	}
	m[p.Inst] = presenceEntry{following: p.Following, detached: p.Detached, at: time.Now()}
}

// countsLocked are a room's followers (following and exploring alone) on
// every instance, as last heard.
func (h *roomHub) countsLocked(code string) (following, detached int) {
	for _, e := range h.presence[code] {
		following += e.following
		detached += e.detached
	}
	return following, detached
}

func (r *hubRoom) localCounts() (following, detached int) {
	for m := range r.members {
		switch {
		case m.teacher:
		case m.detached:
			detached++
		default:
			following++
		}
	}
	return following, detached
}

func (h *roomHub) publishPresence(code string, following, detached int) {
	data, _ := json.Marshal(wirePresence{Inst: h.inst, Following: following, Detached: detached})
	if err := h.nc.Publish(presenceSubject(code), data); err != nil {
		h.s.log.Warn("room presence not published", "room", code, "err", err)
	}
}

// tick sends tallies and follower counts to teachers, publishes this
// instance's counts, forgets silent instances and ends expired rooms.
func (h *roomHub) tick() {
	defer h.wg.Done()
	t := time.NewTicker(tallyEvery)
	defer t.Stop()
	for {
		select {
		case <-h.ctx.Done():
			return
		case now := <-t.C:
			h.mu.Lock()
			for code, m := range h.presence {
				for inst, e := range m {
					if now.Sub(e.at) > presenceTTL {
						delete(m, inst)
					}
				}
				if len(m) == 0 {
					delete(h.presence, code)
				}
			}
			for code, end := range h.created {
				if now.UnixMilli() >= end {
					delete(h.created, code)
				}
			}
			for code, r := range h.rooms {
				if r.countsDirty && now.Sub(r.published) >= 2*tallyEvery || now.Sub(r.published) >= presenceEvery {
					f, d := r.localCounts()
					h.publishPresence(code, f, d)
					r.countsDirty, r.published = false, now
				}
				if r.teachers > 0 {
					if f, d := h.countsLocked(code); f != r.sentF || d != r.sentD {
						r.sentF, r.sentD = f, d
						r.toTeachers(wireFollowers{V: ProtocolVersion, Type: "followers", Followers: f, Detached: d})
					}
					if t := r.tally; t != nil && t.dirty {
						t.dirty = false
						r.toTeachers(wireTally{V: ProtocolVersion, Type: "tally", ID: t.qid, Counts: t.counts, Voters: len(t.voters)})
					}
				}
				if r.rec != nil && !r.rec.Closed && now.UnixMilli() >= r.rec.ExpiresMS {
					r.broadcast(marshalWire(wireRoomClosed{V: ProtocolVersion, Type: "closed", Why: "expired"}))
					r.rec.Closed = true
				}
			}
			h.mu.Unlock()
		}
	}
}

func marshalWire(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // the wire types always marshal
	}
	return data
}

func (r *hubRoom) toTeachers(v any) {
	data := marshalWire(v)
	for m := range r.members {
		if m.teacher {
			m.k.sendRaw(data)
		}
	}
}

func (r *hubRoom) broadcast(data []byte) {
	for m := range r.members {
		m.k.sendRaw(data)
	}
}

// join adds m to the room whose open record is rec, and sends m the room
// as it is (the snapshot a late joiner starts from).
func (h *roomHub) join(m *roomMember, rec *roomRecord) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[rec.Code]
	if r == nil {
		if h.ctx.Err() != nil {
			return errorf(errBusy, "the server is shutting down")
		}
		r = &hubRoom{code: rec.Code, members: map[*roomMember]struct{}{}, sentF: -1}
		ctx, cancel := context.WithCancel(h.ctx)
		r.stopWatch = cancel
		h.rooms[rec.Code] = r
		h.wg.Add(1)
		go h.watchRoom(ctx, r)
		sub, err := h.nc.Subscribe(liveSubject(rec.Code), h.onLive(rec.Code))
		if err != nil {
			h.s.log.Warn("room live subscription", "room", rec.Code, "err", err)
		}
		r.liveSub = sub
	}
	if len(r.members) >= h.maxMembers {
		return errorf(errRoomFull, "room %s has %d members on this server, the most it takes", rec.Code, h.maxMembers)
	}
	r.members[m] = struct{}{}
	r.countsDirty = true
	if m.teacher {
		r.teachers++
		r.sentF = -1 // send the counts on the next tick
	}
	cur := rec
	if r.rec != nil && r.rec.Seq >= rec.Seq {
		cur = r.rec
	}
	m.k.sendRaw(marshalWire(h.roomMessageLocked(m, r, cur)))
	h.startTallyLocked(r)
	h.syncRelayLocked(r)
	return nil
}

// leave removes m; the last member out stops the room's watch.
func (h *roomHub) leave(m *roomMember, code string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[code]
	if r == nil {
		return
	}
	if _, ok := r.members[m]; !ok {
		return
	}
	delete(r.members, m)
	r.countsDirty = true
	if m.teacher {
		r.teachers--
		if r.teachers == 0 && r.tally != nil {
			r.tally.stop()
			r.tally = nil
		}
		h.syncRelayLocked(r)
	}
	if len(r.members) == 0 {
		r.stopWatch()
		if r.tally != nil {
			r.tally.stop()
		}
		if r.liveSub != nil {
			_ = r.liveSub.Unsubscribe()
		}
		delete(h.rooms, code)
		h.publishPresence(code, 0, 0)
	}
}

// roomMessageLocked is the "room" message for m from rec, and moves m's
// marks to what it says.
func (h *roomHub) roomMessageLocked(m *roomMember, r *hubRoom, rec *roomRecord) wireRoom {
	f, d := h.countsLocked(rec.Code)
	msg := wireRoom{V: ProtocolVersion, Type: "room", Code: rec.Code, Role: "follower", ExpiresMS: rec.ExpiresMS, Followers: f, Detached: d}
	if m.teacher {
		msg.Role = "teacher"
	} else {
		msg.Token = rec.followerToken(m.voter)
	}
	if rec.Seq > 0 {
		msg.State = &wireRoomState{Seq: rec.Seq, Link: rec.Link}
		m.seq = rec.Seq
	}
	if q := rec.Question; q != nil {
		wq := toWireRoomQuestion(q)
		msg.Question = &wq
		m.qid = q.ID
		msg.Voted = m.voted == q.ID
		if q.Revealed {
			rv := toWireReveal(q)
			msg.Reveal = &rv
			m.revealed = q.ID
		}
		if m.teacher && r.tally != nil && r.tally.qid == q.ID && !q.Revealed {
			msg.Tally = &wireTally{ID: q.ID, Counts: r.tally.counts, Voters: len(r.tally.voters)}
		}
	}
	return msg
}

// watchRoom follows the room's record until ctx ends.
func (h *roomHub) watchRoom(ctx context.Context, r *hubRoom) {
	defer h.wg.Done()
	for ctx.Err() == nil {
		w, err := h.store.kv.Watch(ctx, r.code)
		if err != nil {
			if ctx.Err() == nil {
				h.s.log.Warn("room watch", "room", r.code, "err", err)
				sleepCtx(ctx, time.Second)
			}
			continue
		}
		for e := range w.Updates() {
			if e == nil { // the record's current value has been given
				continue
			}
			var rec *roomRecord
			if e.Operation() == jetstream.KeyValuePut {
				rec, err = decodeRoomRecord(e.Value())
				if err != nil {
					continue
				}
			} else {
				rec = &roomRecord{V: 1, Code: r.code, Closed: true}
			}
			h.mu.Lock()
			h.deliverLocked(r, rec)
			h.mu.Unlock()
		}
		_ = w.Stop()
	}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// deliverLocked sends each member what changed in the record: a state to
// those following, a question, a reveal, or the room's end. Each message
// is marshalled once for all.
func (h *roomHub) deliverLocked(r *hubRoom, rec *roomRecord) {
	if old := r.rec; old != nil && old.Seq > rec.Seq && !rec.Closed {
		return // an older record than one already delivered
	}
	r.rec = rec
	if rec.Closed {
		closed := marshalWire(wireRoomClosed{V: ProtocolVersion, Type: "closed", Why: "closed"})
		r.broadcast(closed)
		return
	}
	var state, question, reveal []byte
	q := rec.Question
	for m := range r.members {
		if rec.Seq > m.seq && !m.detached {
			if state == nil {
				state = marshalWire(wireRoomStateMsg{V: ProtocolVersion, Type: "state", Seq: rec.Seq, Link: rec.Link})
			}
			m.k.sendRaw(state)
			m.seq = rec.Seq
		}
		if q != nil && q.ID != m.qid {
			if question == nil {
				question = marshalWire(wireRoomQuestionMsg{V: ProtocolVersion, Type: "question", Question: toWireRoomQuestion(q)})
			}
			m.k.sendRaw(question)
			m.qid = q.ID
		}
		if q != nil && q.Revealed && m.revealed != q.ID {
			if reveal == nil {
				rv := toWireReveal(q)
				rv.V, rv.Type = ProtocolVersion, "reveal"
				reveal = marshalWire(rv)
			}
			m.k.sendRaw(reveal)
			m.revealed = q.ID
		}
	}
	h.startTallyLocked(r)
	h.syncRelayLocked(r)
}

// startTallyLocked starts counting the open question's votes when a
// teacher is here, and stops counting a question that is no longer open.
func (h *roomHub) startTallyLocked(r *hubRoom) {
	var q *roomQuestion
	if r.rec != nil && !r.rec.Closed {
		q = r.rec.Question
	}
	want := r.teachers > 0 && q != nil && !q.Revealed
	if r.tally != nil && (!want || r.tally.qid != q.ID) {
		r.tally.stop()
		r.tally = nil
	}
	if !want || r.tally != nil {
		return
	}
	ctx, cancel := context.WithCancel(h.ctx)
	t := &roomTally{qid: q.ID, counts: make([]int, len(q.Options)), voters: map[string]bool{}, stop: cancel, dirty: true}
	r.tally = t
	h.wg.Add(1)
	go h.watchVotes(ctx, r, t, len(q.Options), q.Multi)
}

// watchVotes counts the votes of one question as they are stored.
func (h *roomHub) watchVotes(ctx context.Context, r *hubRoom, t *roomTally, options int, multi bool) {
	defer h.wg.Done()
	prefix := r.code + "." + t.qid + "."
	for ctx.Err() == nil {
		w, err := h.votes.Watch(ctx, prefix+"*")
		if err != nil {
			if ctx.Err() == nil {
				h.s.log.Warn("vote watch", "room", r.code, "err", err)
				sleepCtx(ctx, time.Second)
			}
			continue
		}
		for e := range w.Updates() {
			if e == nil || e.Operation() != jetstream.KeyValuePut {
				continue
			}
			var choices []int
			if json.Unmarshal(e.Value(), &choices) != nil || checkChoices(choices, options, multi) != nil {
				continue
			}
			voter := strings.TrimPrefix(e.Key(), prefix)
			h.mu.Lock()
			if r.tally == t && !t.voters[voter] {
				t.voters[voter] = true
				for _, c := range choices {
					t.counts[c]++
				}
				t.dirty = true
			}
			h.mu.Unlock()
		}
		_ = w.Stop()
	}
}

// checkChoices validates a vote: at least one option, each in range and
// once, and only one unless the question takes several.
func checkChoices(choices []int, options int, multi bool) error {
	if len(choices) == 0 {
		return lab.Errorf(lab.CodeBadField, "choose at least one option")
	}
	if !multi && len(choices) > 1 {
		return lab.Errorf(lab.CodeBadField, "this question takes one answer")
	}
	seen := map[int]bool{}
	for _, c := range choices {
		if c < 0 || c >= options || seen[c] {
			return lab.Errorf(lab.CodeBadField, "options are numbered 0 to %d, each at most once", options-1)
		}
		seen[c] = true
	}
	return nil
}

// REST: POST /api/rooms, GET /api/rooms/{code}, GET /r/{code}.

func (s *Server) mountRooms(r chi.Router) {
	r.Post("/api/rooms", s.handleRoomCreate)
	r.Get("/api/rooms/{code}", s.handleRoomInfo)
}

type wireRoomCreated struct {
	Code      string `json:"code"`
	Key       string `json:"key"`
	URL       string `json:"url"`
	ExpiresMS int64  `json:"expires_ms"`
}

type wireRoomInfo struct {
	Code         string `json:"code"`
	Followers    int    `json:"followers"`
	Detached     int    `json:"detached"`
	CreatedMS    int64  `json:"created_ms"`
	ExpiresMS    int64  `json:"expires_ms"`
	Seq          int64  `json:"seq"`
	Link         string `json:"link"`
	QuestionOpen bool   `json:"question_open"`
}

func (s *Server) handleRoomCreate(w http.ResponseWriter, r *http.Request) {
	var body struct{}
	if err := s.readJSONMax(r, &body, 1024); err != nil {
		s.writeError(w, r, err)
		return
	}
	h := s.rooms
	if h == nil {
		s.writeError(w, r, errorf(errLinksOff, "this server was started without a store"))
		return
	}
	client, _ := s.clientAddr(r)
	now := time.Now()
	h.mu.Lock()
	n := len(h.created)
	h.mu.Unlock()
	if n >= MaxRoomsPerServer {
		s.writeError(w, r, errorf(errBusy, "this server has %d open rooms, the most it keeps", MaxRoomsPerServer))
		return
	}
	if ok, wait := h.createRate.allow(client, now); !ok {
		s.writeError(w, r, errorf(errRate, "too many rooms from this address; try again in %v", wait.Round(time.Second)+time.Second))
		return
	}
	rec, key, err := h.store.create(r.Context(), now)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h.mu.Lock()
	h.created[rec.Code] = rec.ExpiresMS
	h.mu.Unlock()
	s.log.Info("room created", "room", rec.Code, "client", client.String())
	s.writeJSON(w, http.StatusOK, wireRoomCreated{Code: rec.Code, Key: key, URL: "/r/" + rec.Code, ExpiresMS: rec.ExpiresMS})
}

func (s *Server) handleRoomInfo(w http.ResponseWriter, r *http.Request) {
	client, _ := s.clientAddr(r)
	rec, err := s.openRoom(r.Context(), client, chi.URLParam(r, "code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.rooms.mu.Lock()
	f, d := s.rooms.countsLocked(rec.Code)
	s.rooms.mu.Unlock()
	s.writeJSON(w, http.StatusOK, wireRoomInfo{Code: rec.Code, Followers: f, Detached: d, CreatedMS: rec.CreatedMS, ExpiresMS: rec.ExpiresMS,
		Seq: rec.Seq, Link: rec.Link, QuestionOpen: rec.Question != nil && !rec.Question.Revealed})
}

// handleRoomLink redirects /r/CODE, the link a QR code holds, to the page
// that joins the room, keeping the link's language (?lang=en or
// ?lang=zh-CN; any other value is dropped).
func (s *Server) handleRoomLink(w http.ResponseWriter, r *http.Request) {
	client, _ := s.clientAddr(r)
	rec, err := s.openRoom(r.Context(), client, chi.URLParam(r, "code"))
	if err != nil {
		s.writeErrorPage(w, r, err)
		return
	}
	query := ""
	if lang := r.URL.Query().Get("lang"); lang == "en" || lang == "zh-CN" {
		query = "?lang=" + lang
	}
	redirectUp(w, query+"#room/"+rec.Code)
}

// openRoom reads an open room by a code as a person typed it. A client
// that keeps naming rooms that do not exist (guessing codes) is slowed
// down: missesBurst misses, then one every missesPer.
func (s *Server) openRoom(ctx context.Context, client netip.Addr, typed string) (*roomRecord, error) {
	h := s.rooms
	if h == nil {
		return nil, errorf(errLinksOff, "this server was started without a store")
	}
	now := time.Now()
	if h.misses.empty(client, now) {
		return nil, errorf(errRate, "too many codes of rooms that do not exist from this address; wait a little")
	}
	code := normalRoomCode(typed)
	var rec *roomRecord
	err := errorf(errRoomNotFound, "a room code is %d of %s", roomCodeLen, roomAlphabet)
	if validRoomCode(code) {
		rec, _, err = h.store.get(ctx, code)
	}
	if errors.Is(err, errRoomNotFound) {
		h.misses.allow(client, now)
	}
	return rec, err
}

// normalRoomCode forgives case, spaces and dashes in a typed code.
func normalRoomCode(typed string) string {
	if len(typed) > 32 {
		return ""
	}
	return strings.NewReplacer(" ", "", "-", "").Replace(strings.ToUpper(typed))
}
