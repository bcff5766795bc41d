package server

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"proclab/assets"
	"proclab/bus"
	"proclab/lab"
)

// newBus starts an embedded NATS server for one test.
func newBus(t testing.TB, listen string) *bus.Bus {
	t.Helper()
	b, err := bus.Open(context.Background(), bus.Options{DataDir: t.TempDir(), Listen: listen})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// newRoomServer is a ProcLab server on b; stop ends it (also at cleanup).
func newRoomServer(t testing.TB, b *bus.Bus) (ts *httptest.Server, stop func()) {
	t.Helper()
	web := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ProcLab</title>")}}
	srv, err := New(Config{Web: web, Assets: assets.Files, Bus: b})
	if err != nil {
		t.Fatal(err)
	}
	ts = httptest.NewServer(srv.Handler())
	testServers.Store(ts, srv)
	done := false
	stop = func() {
		if !done {
			done = true
			ts.Close()
			srv.Close()
		}
	}
	t.Cleanup(stop)
	return ts, stop
}

// testServers maps each test server to its Server (srvHub).
var testServers sync.Map

// srvHub is the room hub of a server made by newRoomServer.
func srvHub(t testing.TB, ts *httptest.Server) *roomHub {
	t.Helper()
	srv, ok := testServers.Load(ts)
	if !ok {
		t.Fatal("not a room server")
	}
	return srv.(*Server).rooms
}

// shareFragmentOf makes a share link fragment as the page does.
func shareFragmentOf(t testing.TB, v map[string]any) string {
	t.Helper()
	js, _ := json.Marshal(v)
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(js)
	w.Close()
	return "s=1." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

func postJSON(t testing.TB, url, body string) (int, map[string]any) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	data, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("POST %s: %d %q", url, res.StatusCode, data)
	}
	return res.StatusCode, m
}

func createRoom(t testing.TB, ts *httptest.Server) (code, key string) {
	t.Helper()
	st, m := postJSON(t, ts.URL+"/api/rooms", "{}")
	if st != 200 {
		t.Fatalf("POST /api/rooms: %d %v", st, m)
	}
	return m["code"].(string), m["key"].(string)
}

// member is a test room websocket.
type member struct {
	*client
}

func joinRoom(t *testing.T, ts *httptest.Server, join map[string]any) (*member, map[string]any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws/room", nil)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadLimit(1 << 20)
	t.Cleanup(func() { conn.CloseNow() })
	m := &member{&client{t: t, conn: conn, ctx: ctx}}
	join["type"] = "join"
	m.send(join)
	return m, m.read()
}

func mustJoin(t *testing.T, ts *httptest.Server, join map[string]any, role string) (*member, map[string]any) {
	t.Helper()
	m, msg := joinRoom(t, ts, join)
	if msg["type"] != "room" || msg["role"] != role {
		t.Fatalf("join %v: got %v; want a room message as %s", join, msg, role)
	}
	return m, msg
}

// expectState reads until a state message and requires its seq and link.
func (m *member) expectState(seq int64, link string) {
	m.t.Helper()
	msg := m.readSkipping("followers", "tally")
	if msg["type"] != "state" || num(msg, "seq") != seq || msg["link"] != link {
		m.t.Fatalf("got %v; want state %d %s", msg, seq, link)
	}
}

// readSkipping reads the next message whose type is not one of skip
// (counts and tallies arrive on their own clock).
func (m *member) readSkipping(skip ...string) map[string]any {
	m.t.Helper()
	for {
		msg := m.read()
		found := false
		for _, s := range skip {
			found = found || msg["type"] == s
		}
		if !found {
			return msg
		}
	}
}

func (m *member) expectError(code string) {
	m.t.Helper()
	msg := m.readSkipping("followers", "tally")
	if msg["type"] != "error" || msg["code"] != code {
		m.t.Fatalf("got %v; want error %s", msg, code)
	}
}

func TestRoomFollowDetachRejoin(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	code, key := createRoom(t, ts)
	if !validRoomCode(code) {
		t.Fatalf("room code %q", code)
	}
	teacher, hello := mustJoin(t, ts, map[string]any{"code": code, "key": key}, "teacher")
	if hello["state"] != nil || hello["question"] != nil {
		t.Errorf("a new room: %v; want no state and no question", hello)
	}
	// A code typed in lower case with a space still joins.
	typed := strings.ToLower(code[:3]) + " " + code[3:]
	alice, _ := mustJoin(t, ts, map[string]any{"code": typed}, "follower")
	bob, _ := mustJoin(t, ts, map[string]any{"code": code}, "follower")

	links := []string{"race", "sched/mlfq", shareFragmentOf(t, map[string]any{"l": "lifecycle", "n": 3, "e": 5})}
	for i, l := range links {
		teacher.send(map[string]any{"type": "state", "link": l})
		seq := int64(i + 1)
		teacher.expectState(seq, l)
		alice.expectState(seq, l)
		bob.expectState(seq, l)
	}
	// A late joiner starts from the snapshot.
	carol, snap := mustJoin(t, ts, map[string]any{"code": code}, "follower")
	st, _ := snap["state"].(map[string]any)
	if num(st, "seq") != 3 || st["link"] != links[2] {
		t.Fatalf("late joiner's snapshot %v; want seq 3 %s", snap["state"], links[2])
	}

	// A follower cannot lead: the room stays where it was.
	bob.send(map[string]any{"type": "state", "link": "race"})
	bob.expectError("not_teacher")
	for _, typ := range []string{"ask", "reveal", "close"} {
		bob.send(map[string]any{"type": typ})
		bob.expectError("not_teacher")
	}
	res, err := http.Get(ts.URL + "/api/rooms/" + code)
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	json.NewDecoder(res.Body).Decode(&info)
	res.Body.Close()
	if num(info, "seq") != 3 || info["link"] != links[2] {
		t.Fatalf("GET /api/rooms after a follower's state: %v; want seq 3", info)
	}

	// Bob explores alone: the teacher's next step does not reach him, and
	// the teacher sees one following less.
	bob.send(map[string]any{"type": "detach"})
	waitCounts(t, teacher, 2, 1)
	teacher.send(map[string]any{"type": "state", "link": "race"})
	teacher.expectState(4, "race")
	alice.expectState(4, "race")
	carol.expectState(4, "race")
	bob.send(map[string]any{"type": "ping"})
	if msg := bob.readSkipping(); msg["type"] != "pong" {
		t.Fatalf("a detached follower got %v; want nothing before its pong", msg)
	}
	bob.send(map[string]any{"type": "rejoin"})
	back := bob.read()
	if st, _ := back["state"].(map[string]any); back["type"] != "room" || num(st, "seq") != 4 {
		t.Fatalf("rejoin: %v; want the room at seq 4", back)
	}
	waitCounts(t, teacher, 3, 0)
}

// waitCounts reads the teacher's messages until the follower counts are
// following and detached.
func waitCounts(t *testing.T, teacher *member, following, detached int64) {
	t.Helper()
	for {
		msg := teacher.read()
		if msg["type"] == "followers" && num(msg, "followers") == following && num(msg, "detached") == detached {
			return
		}
	}
}

func TestRoomPredictionVoteReveal(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	code, key := createRoom(t, ts)
	teacher, _ := mustJoin(t, ts, map[string]any{"code": code, "key": key}, "teacher")
	alice, aliceHello := mustJoin(t, ts, map[string]any{"code": code}, "follower")
	bob, _ := mustJoin(t, ts, map[string]any{"code": code}, "follower")

	// Votes before a question are refused.
	alice.send(map[string]any{"type": "vote", "id": "1", "choices": []int{0}})
	alice.expectError("no_question")

	q := map[string]any{"prompt": map[string]string{"en": "Which state is P3 in?", "zh": "P3 处于哪种状态？"},
		"options": []map[string]string{{"en": "Running", "zh": "运行"}, {"en": "Sleeping", "zh": "睡眠"}, {"en": "Zombie", "zh": "僵尸"}},
		"answer":  []int{2}}
	teacher.send(map[string]any{"type": "ask", "question": q})
	var qid string
	for _, m := range []*member{teacher, alice, bob} {
		msg := m.readSkipping("followers", "tally")
		qq, _ := msg["question"].(map[string]any)
		if msg["type"] != "question" || qq == nil {
			t.Fatalf("got %v; want the question", msg)
		}
		if _, leaked := qq["answer"]; leaked {
			t.Fatalf("the question carries its answer before the reveal: %v", qq)
		}
		qid = qq["id"].(string)
	}
	// A second question within askInterval is refused.
	teacher.send(map[string]any{"type": "ask", "question": q})
	teacher.expectError("rate_limited")

	for _, bad := range []map[string]any{
		{"type": "vote", "id": qid, "choices": []int{3}},
		{"type": "vote", "id": qid, "choices": []int{0, 1}},
		{"type": "vote", "id": qid, "choices": []int{}},
	} {
		alice.send(bad)
		alice.expectError("bad_field")
	}
	alice.send(map[string]any{"type": "vote", "id": qid, "choices": []int{2}})
	if msg := alice.readSkipping(); msg["type"] != "voted" {
		t.Fatalf("vote: %v", msg)
	}
	alice.send(map[string]any{"type": "vote", "id": qid, "choices": []int{1}})
	alice.expectError("already_voted")
	// A reload with the token keeps the vote; a made-up token is a new
	// follower, who still votes once.
	alice2, again := mustJoin(t, ts, map[string]any{"code": code, "token": aliceHello["token"]}, "follower")
	if again["voted"] != true {
		t.Fatalf("rejoin with the token: voted %v; want true", again["voted"])
	}
	alice2.send(map[string]any{"type": "vote", "id": qid, "choices": []int{1}})
	alice2.expectError("already_voted")
	bob.send(map[string]any{"type": "vote", "id": qid, "choices": []int{0}})
	if msg := bob.readSkipping(); msg["type"] != "voted" {
		t.Fatalf("vote: %v", msg)
	}
	// The teacher's tally comes to 1, 0, 1 from two voters.
	for {
		msg := teacher.read()
		if msg["type"] == "tally" && num(msg, "voters") == 2 {
			if got, _ := json.Marshal(msg["counts"]); string(got) != "[1,0,1]" {
				t.Fatalf("tally %s; want [1,0,1]", got)
			}
			break
		}
	}
	teacher.send(map[string]any{"type": "reveal"})
	for _, m := range []*member{teacher, alice2, bob} {
		msg := m.readSkipping("followers", "tally")
		if msg["type"] != "reveal" || msg["id"] != qid {
			t.Fatalf("got %v; want the reveal", msg)
		}
		ans, _ := json.Marshal(msg["answer"])
		counts, _ := json.Marshal(msg["counts"])
		if string(ans) != "[2]" || string(counts) != "[1,0,1]" || num(msg, "voters") != 2 {
			t.Fatalf("reveal %v; want answer [2], counts [1,0,1], 2 voters", msg)
		}
	}
	bob.send(map[string]any{"type": "vote", "id": qid, "choices": []int{1}})
	bob.expectError("no_question")
	teacher.send(map[string]any{"type": "reveal"})
	teacher.expectError("no_question")

	teacher.send(map[string]any{"type": "close"})
	for _, m := range []*member{teacher, bob} {
		if msg := m.readSkipping("followers", "tally"); msg["type"] != "closed" {
			t.Fatalf("got %v; want closed", msg)
		}
	}
	if _, msg := joinRoom(t, ts, map[string]any{"code": code}); msg["code"] != "room_not_found" {
		t.Fatalf("joining a closed room: %v", msg)
	}
}

func TestRoomJoinRefusals(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	code, _ := createRoom(t, ts)
	for _, tc := range []struct {
		join map[string]any
		code string
	}{
		{map[string]any{"code": "ZZZZZ9"}, "room_not_found"},
		{map[string]any{"code": "../../x"}, "room_not_found"},
		{map[string]any{"code": code, "key": "not-the-key"}, "bad_key"},
		{map[string]any{"code": strings.Repeat("A", 5000)}, "room_not_found"},
	} {
		if _, msg := joinRoom(t, ts, tc.join); msg["type"] != "error" || msg["code"] != tc.code {
			t.Errorf("join %.60v: %v; want error %s", tc.join, msg, tc.code)
		}
	}
	// A made-up token is a new follower, not someone else.
	if _, msg := joinRoom(t, ts, map[string]any{"code": code, "token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}); msg["role"] != "follower" || msg["voted"] != false {
		t.Errorf("forged token: %v", msg)
	}
	for _, path := range []string{"/api/rooms/ZZZZZ9", "/api/rooms/abc"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("GET %s: %d; want 404", path, res.StatusCode)
		}
	}
	// /r/CODE leads to the page that joins.
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(ts.URL + "/r/" + strings.ToLower(code))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 302 || res.Header.Get("Location") != "../#room/"+code {
		t.Errorf("/r/: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestRoomLinkKeepsLanguage: /r/CODE?lang=L leads to the joining page in
// language L, so that students land in the teacher's language; a lang
// that is not one of the page's languages is dropped, never reflected.
func TestRoomLinkKeepsLanguage(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	code, _ := createRoom(t, ts)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct{ name, query, want string }{
		{"none", "", "../#room/" + code},
		{"en", "?lang=en", "../?lang=en#room/" + code},
		{"zh-CN", "?lang=zh-CN", "../?lang=zh-CN#room/" + code},
		{"zh-CN and more", "?x=1&lang=zh-CN&y=2", "../?lang=zh-CN#room/" + code},
		{"unknown", "?lang=fr", "../#room/" + code},
		{"other case", "?lang=ZH-cn", "../#room/" + code},
		{"empty", "?lang=", "../#room/" + code},
		{"hostile", "?lang=en%22%3E%3Cscript%3E", "../#room/" + code},
		{"header split", "?lang=en%0d%0aSet-Cookie:x=1", "../#room/" + code},
		{"two", "?lang=fr&lang=en", "../#room/" + code},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Get(ts.URL + "/r/" + code + tc.query)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Location"); res.StatusCode != 302 || got != tc.want {
				t.Errorf("GET /r/%s%s: %d %q; want 302 %q", code, tc.query, res.StatusCode, got, tc.want)
			}
		})
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// TestTwoInstancesShareRoomsAndLinks is issue 13's point 4: one NATS
// server, two ProcLab servers; a teacher on one and followers on the
// other see every step, a short link made on one opens on the other, and
// links survive restarting both ProcLab servers.
func TestTwoInstancesShareRoomsAndLinks(t *testing.T) {
	listen := freeAddr(t)
	natsSrv := newBus(t, listen) // the NATS server (JetStream), as a cluster would be
	_ = natsSrv
	connect := func() *bus.Bus {
		b, err := bus.Open(context.Background(), bus.Options{URL: "nats://" + listen})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Close)
		return b
	}
	busA, busB := connect(), connect()
	a, stopA := newRoomServer(t, busA)
	b, stopB := newRoomServer(t, busB)

	code, key := createRoom(t, a)
	teacher, _ := mustJoin(t, a, map[string]any{"code": code, "key": key}, "teacher")
	var followers []*member
	for i := 0; i < 3; i++ {
		f, _ := mustJoin(t, b, map[string]any{"code": code}, "follower")
		followers = append(followers, f)
	}
	waitCounts(t, teacher, 3, 0) // counted across instances
	for step := 1; step <= 20; step++ {
		link := shareFragmentOf(t, map[string]any{"l": "lost-update", "n": step, "e": 5})
		teacher.send(map[string]any{"type": "state", "link": link})
		teacher.expectState(int64(step), link)
		for _, f := range followers {
			f.expectState(int64(step), link)
		}
	}

	link := shareFragmentOf(t, map[string]any{"l": "lifecycle", "n": 7, "e": 5})
	st, made := postJSON(t, a.URL+"/api/links", `{"link":"`+link+`"}`)
	if st != 200 {
		t.Fatalf("POST /api/links: %d %v", st, made)
	}
	short := made["code"].(string)
	if got := followShort(t, b.URL, short); got != "../#"+link {
		t.Fatalf("the short link on the other instance: %q", got)
	}
	stopA()
	stopB()
	busA.Close()
	busB.Close()
	c, _ := newRoomServer(t, connect())
	if got := followShort(t, c.URL, short); got != "../#"+link {
		t.Fatalf("after restarting both: %q", got)
	}
	// The room outlives its instances too.
	res, err := http.Get(c.URL + "/api/rooms/" + code)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("the room after restarts: %d", res.StatusCode)
	}
}

func followShort(t testing.TB, base, code string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/s/" + code)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 302 {
		t.Fatalf("GET /s/%s: %d", code, res.StatusCode)
	}
	return res.Header.Get("Location")
}

// TestRoomRelaysLiveLab: when the teacher shows the live lab, followers
// get the teacher's real processes through the room (and no live session
// of their own), and stop getting them when the teacher moves on.
func TestRoomRelaysLiveLab(t *testing.T) {
	_, ts := newLiveServerConfig(t, "", func(c *Config) { c.Bus = newBus(t, "") }, nil)

	code, key := createRoom(t, ts)
	teacher, _ := mustJoin(t, ts, map[string]any{"code": code, "key": key}, "teacher")
	student, _ := mustJoin(t, ts, map[string]any{"code": code}, "follower")
	teacher.send(map[string]any{"type": "state", "link": "live/states"})
	student.expectState(1, "live/states")
	st, got := livePost(t, ts, "/api/live/spawn", `{"workload":"sleep","args":{"ms":5000}}`)
	if st != 200 {
		t.Fatalf("spawn: %d %v", st, got)
	}
	pid := num(got, "pid")
	seen := map[string]bool{}
	for !seen["pid"] {
		msg := student.readSkipping()
		if msg["type"] != "live" {
			t.Fatalf("got %v; want live messages", msg["type"])
		}
		inner, _ := msg["msg"].(map[string]any)
		seen[inner["type"].(string)] = true
		procs, _ := inner["processes"].([]any)
		for _, p := range procs {
			if num(p.(map[string]any), "pid") == pid {
				seen["pid"] = true
			}
		}
	}
	if !seen["live_hello"] || !seen["live_snapshot"] {
		t.Errorf("a follower saw %v; want live_hello and live_snapshot first", seen)
	}
	// The follower cannot act on the live lab through the room.
	student.send(map[string]any{"type": "signal", "pid": pid, "signal": "KILL"})
	for {
		msg := student.readSkipping("live")
		if msg["type"] == "error" && msg["code"] == "unknown_type" {
			break
		}
		t.Fatalf("got %v; want unknown_type", msg)
	}
	// The teacher moves on: the relay stops.
	teacher.send(map[string]any{"type": "state", "link": "race"})
	for {
		msg := student.read()
		if msg["type"] == "state" && msg["link"] == "race" {
			break
		}
	}
	student.send(map[string]any{"type": "ping"})
	if msg := student.read(); msg["type"] != "pong" {
		t.Fatalf("after the teacher left the live lab: %v; want no more live messages", msg["type"])
	}
}

// TestRoomEngineQuestion: a question the engine generates from the
// teacher's run reaches followers without its answer, and the reveal's
// answer is the engine's (lab.Ask on the same run).
func TestRoomEngineQuestion(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	code, key := createRoom(t, ts)
	teacher, _ := mustJoin(t, ts, map[string]any{"code": code, "key": key}, "teacher")
	student, _ := mustJoin(t, ts, map[string]any{"code": code}, "follower")
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	srvHub(t, ts).askEvery = 0 // no wait between this test's questions
	for _, tc := range []struct{ kind, lesson string }{
		{"next_state", "lifecycle"}, {"next_run", "lifecycle"}, {"data_race", "lost-update"}, {"outcomes", "lost-update"},
	} {
		// The first step of the lesson where the engine has this question.
		var want lab.Question
		step := int64(0)
		for ; step < 50; step++ {
			if want, err = lab.Ask(ls, lab.LoadRequest{Lesson: tc.lesson, Step: step}, tc.kind, 0); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.kind, err)
		}
		teacher.send(map[string]any{"type": "ask", "kind": tc.kind, "load": map[string]any{"lesson": tc.lesson, "step": step}})
		msg := student.readSkipping()
		q, _ := msg["question"].(map[string]any)
		if msg["type"] != "question" || q["kind"] != tc.kind || len(q["options"].([]any)) != len(want.Options) {
			t.Fatalf("%s: the student got %v", tc.kind, msg)
		}
		if _, leaked := q["answer"]; leaked {
			t.Fatalf("%s: the answer went out with the question", tc.kind)
		}
		student.send(map[string]any{"type": "vote", "id": q["id"], "choices": []int{want.Answer[0]}})
		if m := student.readSkipping(); m["type"] != "voted" {
			t.Fatalf("vote: %v", m)
		}
		for { // the teacher's tally shows the vote before the reveal
			m := teacher.read()
			if m["type"] == "tally" && num(m, "voters") == 1 {
				break
			}
		}
		teacher.send(map[string]any{"type": "reveal"})
		rv := student.readSkipping()
		got, _ := json.Marshal(rv["answer"])
		wantAns, _ := json.Marshal(want.Answer)
		if rv["type"] != "reveal" || string(got) != string(wantAns) || num(rv, "reveal_step") != want.Reveal {
			t.Fatalf("%s: reveal %v; want answer %s at step %d", tc.kind, rv, wantAns, want.Reveal)
		}
		for { // the teacher's copy
			if m := teacher.read(); m["type"] == "reveal" {
				break
			}
		}
	}
}
