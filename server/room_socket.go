package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"
	"github.com/nats-io/nats.go/jetstream"

	"proclab/lab"
)

// The room websocket, GET /ws/room (docs/protocol.md, "Rooms"): a join
// first, then the teacher's commands or a follower's votes. Only a member
// that joined with the room's key may change the room; a follower's own
// run is in its own /ws session, which no room message touches.

type roomCommand struct {
	V       int    `json:"v"`
	Type    string `json:"type"`
	Code    string `json:"code"`
	Key     string `json:"key"`
	Token   string `json:"token"`
	Link    string `json:"link"`
	ID      string `json:"id"`
	Choices []int  `json:"choices"`
}

type wireRoomState struct {
	Seq  int64  `json:"seq"`
	Link string `json:"link"`
}

type wireRoomStateMsg struct {
	V    int    `json:"v"`
	Type string `json:"type"`
	Seq  int64  `json:"seq"`
	Link string `json:"link"`
}

// wireRoomQuestion is a question as members see it: never its answer.
type wireRoomQuestion struct {
	ID      string      `json:"id"`
	Kind    string      `json:"kind"`
	Prompt  bilingual   `json:"prompt"`
	Options []bilingual `json:"options"`
	Multi   bool        `json:"multi"`
	Step    int64       `json:"step"`
}

type wireRoomQuestionMsg struct {
	V        int              `json:"v"`
	Type     string           `json:"type"`
	Question wireRoomQuestion `json:"question"`
}

type wireReveal struct {
	V          int       `json:"v,omitempty"`
	Type       string    `json:"type,omitempty"`
	ID         string    `json:"id"`
	Answer     []int     `json:"answer"`
	Counts     []int     `json:"counts"`
	Voters     int       `json:"voters"`
	Explain    bilingual `json:"explain"`
	RevealStep int64     `json:"reveal_step"`
}

type wireTally struct {
	V      int    `json:"v,omitempty"`
	Type   string `json:"type,omitempty"`
	ID     string `json:"id"`
	Counts []int  `json:"counts"`
	Voters int    `json:"voters"`
}

type wireFollowers struct {
	V         int    `json:"v"`
	Type      string `json:"type"`
	Followers int    `json:"followers"`
	Detached  int    `json:"detached"`
}

type wireRoomClosed struct {
	V    int    `json:"v"`
	Type string `json:"type"`
	Why  string `json:"why"` // "closed" by the teacher, or "expired"
}

type wireRoom struct {
	V         int               `json:"v"`
	Type      string            `json:"type"`
	Code      string            `json:"code"`
	Role      string            `json:"role"`
	Token     string            `json:"token,omitempty"`
	ExpiresMS int64             `json:"expires_ms"`
	State     *wireRoomState    `json:"state"`
	Question  *wireRoomQuestion `json:"question"`
	Reveal    *wireReveal       `json:"reveal,omitempty"`
	Tally     *wireTally        `json:"tally,omitempty"` // the teacher's, while a question is open
	Voted     bool              `json:"voted"`
	Followers int               `json:"followers"`
	Detached  int               `json:"detached"`
}

type wireSimple struct {
	V    int    `json:"v"`
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
}

func toWireRoomQuestion(q *roomQuestion) wireRoomQuestion {
	return wireRoomQuestion{ID: q.ID, Kind: q.Kind, Prompt: q.Prompt, Options: q.Options, Multi: q.Multi, Step: q.Step}
}

func toWireReveal(q *roomQuestion) wireReveal {
	counts := q.Counts
	if counts == nil {
		counts = make([]int, len(q.Options))
	}
	answer := q.Answer
	if answer == nil {
		answer = []int{}
	}
	return wireReveal{ID: q.ID, Answer: answer, Counts: counts, Voters: q.Voters, Explain: q.Explain, RevealStep: q.Reveal}
}

func (s *Server) handleRoomWS(w http.ResponseWriter, r *http.Request) {
	h := s.rooms
	if h == nil {
		s.writeError(w, r, errorf(errLinksOff, "this server was started without a store"))
		return
	}
	conn, sh, release, ok := s.acceptOn(w, r, "room", h.sockets)
	if !ok {
		return
	}
	defer release()
	conn.SetReadLimit(roomMessageBytes + 1)
	k := s.newSocketQueue(conn, sh, "room", roomQueueLen)
	k.meter, k.idle, k.maxMessage, k.queueBytes = h.sockets, roomIdle, roomMessageBytes, roomQueueBytes
	defer k.wait()

	data, err := k.read(true)
	if err != nil {
		return
	}
	m, rec, err := h.admit(k, data)
	if err == nil {
		err = h.join(m, rec)
	}
	if err != nil {
		k.refuse(err, websocket.StatusPolicyViolation, "not joined")
		return
	}
	defer h.leave(m, rec.Code)
	tokens, last := float64(memberBurst), time.Now()
	stateTokens, stateBytes := float64(stateBurst), float64(stateBytesBurst)
	for {
		data, err := k.read(false)
		if err != nil {
			return
		}
		now := time.Now()
		el := now.Sub(last)
		last = now
		tokens = min(float64(memberBurst), tokens+float64(el)/float64(memberPer))
		stateTokens = min(float64(stateBurst), stateTokens+float64(el)/float64(statePer))
		stateBytes = min(float64(stateBytesBurst), stateBytes+el.Seconds()*stateBytesPerSecond)
		var c roomCommand
		if err := decodeJSON(data, &c, false); err != nil {
			k.sendError(err)
			continue
		}
		if c.V != ProtocolVersion {
			k.sendError(errBadVersion(c.V))
			continue
		}
		limit := &tokens
		if c.Type == "state" && m.teacher {
			limit = &stateTokens
		}
		if *limit < 1 {
			k.sendError(errorf(errRate, "too many messages; slow down"))
			continue
		}
		if c.Type == "state" && m.teacher {
			// Each state goes to every member: its bytes are budgeted too.
			if stateBytes < float64(len(c.Link)) {
				k.sendError(errorf(errRate, "too many bytes of states (at most %d a second); slow down", stateBytesPerSecond))
				continue
			}
			stateBytes -= float64(len(c.Link))
		}
		*limit--
		if err := h.command(k.ctx, m, rec.Code, c, data); err != nil {
			k.sendError(err)
		}
	}
}

// sendError queues err as an error message.
func (k *socket) sendError(err error) {
	_, we := toWireError(err)
	if we.Code == "internal" {
		k.srv.log.Error("room command failed", "err", err)
	}
	k.send(we)
}

// admit reads a join and checks it against the room's record: the room is
// open, and a key, if given, is the teacher's.
func (h *roomHub) admit(k *socket, data []byte) (*roomMember, *roomRecord, error) {
	var c roomCommand
	if err := decodeJSON(data, &c, false); err != nil {
		return nil, nil, err
	}
	if c.V != ProtocolVersion {
		return nil, nil, errBadVersion(c.V)
	}
	if c.Type != "join" {
		return nil, nil, lab.Errorf(lab.CodeBadField, "the first message in a room is a join")
	}
	rec, err := h.s.openRoom(k.ctx, k.share.addr, c.Code)
	if err != nil {
		return nil, nil, err
	}
	m := &roomMember{k: k}
	if c.Key != "" {
		if !rec.keyMatches(c.Key) {
			return nil, nil, errorf(errBadKey, "this is not room %s's teacher key", rec.Code)
		}
		m.teacher = true
		return m, rec, nil
	}
	if m.voter = rec.voterOf(c.Token); m.voter == nil {
		m.voter = randomBytes(16)
	} else if q := rec.Question; q != nil {
		// A follower back after a reload: has it voted on the open question?
		ctx, cancel := context.WithTimeout(k.ctx, busTimeout)
		if _, err := h.votes.Get(ctx, voterKey(rec.Code, q.ID, m.voter)); err == nil {
			m.voted = q.ID
		}
		cancel()
	}
	return m, rec, nil
}

// command runs one member's message.
func (h *roomHub) command(ctx context.Context, m *roomMember, code string, c roomCommand, data []byte) error {
	switch c.Type {
	case "ping":
		m.k.send(wireSimple{V: ProtocolVersion, Type: "pong"})
		return nil
	case "detach", "rejoin":
		if m.teacher {
			return errorf(errNotTeacher, "the teacher leads the room; only followers detach")
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		r := h.rooms[code]
		m.detached = c.Type == "detach"
		r.countsDirty = true
		if !m.detached && r.rec != nil && !r.rec.Closed {
			m.k.sendRaw(marshalWire(h.roomMessageLocked(m, r, r.rec)))
		}
		return nil
	case "vote":
		return h.vote(ctx, m, code, c)
	case "state", "ask", "reveal", "close":
		if !m.teacher {
			return errorf(errNotTeacher, "a follower cannot send %q", c.Type)
		}
	default:
		return errUnknownType(c.Type)
	}
	switch c.Type {
	case "state":
		link := c.Link
		if len(link) > 0 && link[0] == '#' {
			link = link[1:]
		}
		if err := checkFragment(link, h.s.linkInflateCap()); err != nil {
			return err
		}
		_, err := h.store.update(ctx, code, func(rec *roomRecord) error {
			rec.Seq++
			rec.Link = link
			rec.LiveInst = ""
			if isLiveLink(link) { // the live lab shown is this instance's
				rec.LiveInst = h.inst
			}
			return nil
		})
		return err
	case "ask":
		q, err := h.s.roomAsk(ctx, m.k.share, data)
		if err != nil {
			return err
		}
		now := time.Now()
		_, err = h.store.update(ctx, code, func(rec *roomRecord) error {
			if p := rec.Question; p != nil && now.UnixMilli()-p.OpenedMS < h.askEvery.Milliseconds() {
				return errorf(errRate, "one question every %v", h.askEvery)
			}
			rec.Asked++
			q.ID = strconv.FormatInt(rec.Asked, 10)
			q.OpenedMS = now.UnixMilli()
			rec.Question = &q
			return nil
		})
		return err
	case "reveal":
		h.mu.Lock()
		var counts []int
		voters := 0
		if r := h.rooms[code]; r != nil && r.tally != nil {
			counts, voters = append([]int(nil), r.tally.counts...), len(r.tally.voters)
		}
		h.mu.Unlock()
		_, err := h.store.update(ctx, code, func(rec *roomRecord) error {
			q := rec.Question
			if q == nil || q.Revealed {
				return errorf(errNoQuestion, "there is no open question to reveal")
			}
			q.Revealed, q.Voters = true, voters
			if len(counts) == len(q.Options) {
				q.Counts = counts
			}
			return nil
		})
		return err
	default: // close
		_, err := h.store.update(ctx, code, func(rec *roomRecord) error {
			rec.Closed = true
			return nil
		})
		return err
	}
}

// vote stores a follower's answer to the open question, once.
func (h *roomHub) vote(ctx context.Context, m *roomMember, code string, c roomCommand) error {
	if m.teacher {
		return errorf(errNotTeacher, "the teacher does not vote")
	}
	h.mu.Lock()
	var q *roomQuestion
	if r := h.rooms[code]; r != nil && r.rec != nil && !r.rec.Closed {
		q = r.rec.Question
	}
	h.mu.Unlock()
	if q == nil || q.Revealed || q.ID != c.ID {
		return errorf(errNoQuestion, "question %q is not open", truncate(c.ID, 20))
	}
	if m.voted == q.ID {
		return errorf(errAlreadyVoted, "you have answered this question")
	}
	if err := checkChoices(c.Choices, len(q.Options), q.Multi); err != nil {
		return err
	}
	data, _ := json.Marshal(c.Choices)
	ctx, cancel := context.WithTimeout(ctx, busTimeout)
	defer cancel()
	if _, err := h.votes.Create(ctx, voterKey(code, q.ID, m.voter), data); err != nil {
		if errors.Is(err, jetstream.ErrKeyExists) {
			m.voted = q.ID
			return errorf(errAlreadyVoted, "you have answered this question")
		}
		return h.s.busError(err)
	}
	m.voted = q.ID
	m.k.send(wireSimple{V: ProtocolVersion, Type: "voted", ID: q.ID})
	return nil
}
