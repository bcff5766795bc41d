package e2e

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/coder/websocket"

	"proclab/web"
)

// stubLab is a lab server that speaks the wire conventions of
// docs/protocol.md with fixed answers, so that the page's side of them
// (hello.limits and hello.semantics, the notice of a link made with another
// engine version, a too_large error before a 1009 close, REST errors in the
// one error shape) is tested whatever the real server does yet.
type stubLab struct {
	hello    map[string]any
	maxBytes int // a command larger than this gets too_large and a 1009 close

	mu    sync.Mutex
	loads []map[string]any // the load commands received, in order
}

// stubLimits are the limits the stub's hello says.
var stubLimits = map[string]any{
	"message_bytes": 80 << 10, "scenario_bytes": 64 << 10, "steps": 1_000_000, "choices": 100_000,
	"ostep_args_bytes": 1024, "x86_source_bytes": 16 << 10, "min_speed": 1, "max_speed": 8,
	"explore_states": 200_000, "request_bytes": 64 << 10,
	"sched_cpus": 6, "sched_switch_cost": 7, "sched_quantum": 30, "sched_jobs": 3,
	"sched_bursts": 201, "sched_runs": 12, "sched_ticks": 5000,
}

const stubSemantics = 3

func newStubLab(t *testing.T, maxBytes int) string {
	t.Helper()
	s := &stubLab{maxBytes: maxBytes, hello: map[string]any{
		"v": 1, "type": "hello", "semantics": stubSemantics, "limits": stubLimits,
		"lessons": []map[string]any{{"id": "stub", "title": map[string]string{"en": "Stub lesson", "zh": "桩课程"}, "topic": "processes"}},
	}}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", s.serveWS)
	mux.HandleFunc("POST /api/schedule", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"v":1,"type":"error","code":"bad_field","message":"cpus must be from 1 to 6"}`)
	})
	mux.Handle("/", http.FileServerFS(web.Files))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	t.Cleanup(func() { stubs.Delete(ts.URL) })
	stubs.Store(ts.URL, s)
	return ts.URL
}

// stubs finds a stub by its URL (for the tests' checks).
var stubs sync.Map

func stubAt(t *testing.T, url string) *stubLab {
	t.Helper()
	s, ok := stubs.Load(url)
	if !ok {
		t.Fatalf("no stub lab at %s", url)
	}
	return s.(*stubLab)
}

func (s *stubLab) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(1 << 20)
	ctx := r.Context()
	send := func(v any) bool {
		b, _ := json.Marshal(v)
		return conn.Write(ctx, websocket.MessageText, b) == nil
	}
	if !send(s.hello) {
		return
	}
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return
		}
		if len(data) > s.maxBytes {
			send(map[string]any{"v": 1, "type": "error", "code": "too_large", "message": "the message is larger than the stub's limit"})
			conn.Close(websocket.StatusMessageTooBig, "message too big")
			return
		}
		var cmd map[string]any
		if json.Unmarshal(data, &cmd) != nil || cmd["type"] != "load" {
			continue
		}
		s.mu.Lock()
		s.loads = append(s.loads, cmd)
		s.mu.Unlock()
		loaded := map[string]any{
			"v": 1, "type": "loaded", "lesson": "stub", "title": map[string]string{"en": "Stub lesson", "zh": "桩课程"},
			"explain":  map[string]string{"en": "A lesson of the stub lab.", "zh": "桩服务器的课程。"},
			"scenario": "process a\n  compute 1\n", "seed": 0, "choices": []int{}, "total": 0, "cpus": 1, "policy": "fcfs", "quantum": 2,
			"programs": []any{},
		}
		if e, ok := cmd["semantics"].(float64); ok && int(e) != stubSemantics {
			loaded["notice"] = map[string]any{"code": "semantics_changed", "from": int(e), "to": stubSemantics}
		}
		if !send(loaded) {
			return
		}
	}
}

func (s *stubLab) loadCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.loads)
}

func (s *stubLab) lastLoad() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.loads) == 0 {
		return nil
	}
	return s.loads[len(s.loads)-1]
}

// linkJSON reads a share link's JSON back (the inverse of shareFragment).
func linkJSON(t *testing.T, link string) map[string]any {
	t.Helper()
	_, frag, ok := strings.Cut(link, "#s=1.")
	if !ok {
		t.Fatalf("%q is not a share link", link)
	}
	raw, err := base64.RawURLEncoding.DecodeString(frag)
	if err != nil {
		t.Fatal(err)
	}
	js, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var o map[string]any
	if err := json.Unmarshal(js, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func openStubLesson(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the stub's lesson list", `!!document.querySelector('#lesson-select option[value="stub"]')`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'stub'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the stub lesson", `document.querySelector('#lesson-title').textContent === 'Stub lesson'`)
}

// TestBrowserHelloLimits checks that the page takes every bound from the
// hello: the speed slider's range, the scheduling editor's inputs and job
// count, and that REST errors are translated by their code.
func TestBrowserHelloLimits(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	base := newStubLab(t, 1<<20)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready' && document.body.dataset.semantics === '3'`)

	// The speed slider spans min_speed..max_speed.
	waitFor(t, ctx, "the speed slider", `!document.querySelector('#speed').disabled`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#speed'); s.value = '100'; s.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)
	if got := eval[string](t, ctx, `document.querySelector('#speed-value').textContent`); got != "8 steps/s" {
		t.Errorf("the fastest speed reads %q; want %q (max_speed)", got, "8 steps/s")
	}

	// A share link names the engine version of the hello.
	openStubLesson(t, ctx)
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `/#s=1\./.test(document.querySelector('#share-url').value)`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
	if e := linkJSON(t, link)["e"]; e != float64(stubSemantics) {
		t.Errorf("the link's e is %v; want %d", e, stubSemantics)
	}
	closeShareDialog(t, ctx) // a modal dialog still open takes the next click

	// The scheduling editor's bounds.
	do(t, ctx, chromedp.Click("#tab-sched"))
	waitFor(t, ctx, "the scheduling view", `!document.querySelector('#sched').hidden`)
	for _, c := range []struct{ id, want string }{{"sched-cpus", "6"}, {"sched-switch", "7"}, {"sched-quantum", "30"}} {
		if got := eval[string](t, ctx, `document.querySelector('#`+c.id+`').max`); got != c.want {
			t.Errorf("#%s max is %q; want %q", c.id, got, c.want)
		}
	}
	eval[bool](t, ctx, `(() => { const i = document.querySelector('#sched-cpus'); i.value = '9'; i.dispatchEvent(new Event('input', {bubbles: true})); i.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-cpus').value`); got != "6" {
		t.Errorf("9 CPUs typed reads %q; want 6 (sched_cpus)", got)
	}
	// The convoy example has 3 jobs, the most sched_jobs allows.
	if !eval[bool](t, ctx, `document.querySelector('#sched-add-job').disabled`) {
		t.Error("a fourth job can be added; want the button disabled at sched_jobs = 3")
	}
	if got := eval[string](t, ctx, `document.querySelector('#sched-add-job').title`); !strings.Contains(got, "at most 3 jobs") {
		t.Errorf("the disabled Add button's title is %q; want it to say the limit of 3 jobs", got)
	}
	// The stub refuses every schedule: the error is translated by its code.
	waitFor(t, ctx, "the REST error", `!document.querySelector('#sched-error').hidden && document.querySelector('#sched-error').dataset.code === 'bad_field'`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-error').textContent`); !strings.Contains(got, "A command had a wrong value.") || !strings.Contains(got, "cpus must be from 1 to 6") {
		t.Errorf("the REST error reads %q; want the translation and the server's words", got)
	}
	shot(t, ctx, "hello-limits-sched-en")
	toChinese(t, ctx)
	waitFor(t, ctx, "the Chinese REST error", `/命令中有错误的值/.test(document.querySelector('#sched-error').textContent)`)
	// ... with the server's words, which say what is wrong (marked as English).
	if got := eval[string](t, ctx, `(document.querySelector('#sched-error [lang="en"]') || {}).textContent || ''`); !strings.Contains(got, "cpus must be from 1 to 6") {
		t.Errorf("the Chinese REST error shows the server's words as %q; want them, marked lang=en", got)
	}
	shot(t, ctx, "hello-limits-sched-zh")
}

// TestBrowserSemanticsNotice opens a link made with engine version 1 on a
// lab that runs version 3: the load must carry the link's version, and the
// page must show the server's notice in both languages.
func TestBrowserSemanticsNotice(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	base := newStubLab(t, 1<<20)
	do(t, ctx, chromedp.Navigate(base+"/"+shareFragment(t, map[string]any{"l": "stub", "n": 0, "e": 1})))
	waitFor(t, ctx, "the notice", bannerIs("notice.semantics_changed")+` && document.querySelector('#banner').classList.contains('notice')`)
	load := stubAt(t, base).lastLoad()
	if load == nil || load["semantics"] != float64(1) || load["lesson"] != "stub" {
		t.Fatalf("the stub got the load %v; want lesson stub with semantics 1", load)
	}
	text := eval[string](t, ctx, `document.querySelector('#banner .msg').textContent`)
	if !strings.Contains(text, "engine version 1") || !strings.Contains(text, "runs version 3") {
		t.Errorf("the notice reads %q; want versions 1 and 3", text)
	}
	shot(t, ctx, "semantics-notice-en")
	toChinese(t, ctx)
	waitFor(t, ctx, "the Chinese notice", `/引擎版本 1/.test(document.querySelector('#banner .msg').textContent) && /版本 3/.test(document.querySelector('#banner .msg').textContent)`)
	shot(t, ctx, "semantics-notice-zh")

	// A link of the lab's own version opens without a notice.
	do(t, ctx, chromedp.Navigate(base+"/?same"+shareFragment(t, map[string]any{"l": "stub", "n": 0, "e": stubSemantics})))
	waitFor(t, ctx, "the lesson", `document.querySelector('#lesson-title').textContent === '桩课程' && document.body.dataset.conn === 'ready'`)
	if load := stubAt(t, base).lastLoad(); load["semantics"] != float64(stubSemantics) {
		t.Errorf("the load carried semantics %v; want %d", load["semantics"], stubSemantics)
	}
	if eval[bool](t, ctx, bannerIs("notice.semantics_changed")) {
		t.Error("a link of the lab's own version shows the notice")
	}
}

// TestBrowserTooLargeErrorThenClose has the server refuse a message with
// its too_large error and a 1009 close: the page must show the error, drop
// that load (not send it again after reconnecting) and keep working.
func TestBrowserTooLargeErrorThenClose(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	base := newStubLab(t, 2048)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	do(t, ctx, chromedp.Click("#btn-own"))
	waitFor(t, ctx, "the scenario dialog", `document.querySelector('#scenario-dialog').open`)
	eval[bool](t, ctx, `(() => { document.querySelector('#scenario-text').value = 'process a\n  compute 1\n' + '#'.repeat(4096); return true })()`)
	do(t, ctx, chromedp.Click("#scenario-load"))
	waitFor(t, ctx, "the server's refusal", bannerIs("err.too_large")+` && /stub's limit/.test(document.querySelector('#banner').textContent)`)
	waitFor(t, ctx, "one reconnect", `document.body.dataset.conn === 'ready' && document.body.dataset.closes === '1'`)
	waitFor(t, ctx, "the refusal in the dialog", `!document.querySelector('#scenario-error').hidden`)
	shot(t, ctx, "too-large-error-en")
	do(t, ctx, chromedp.Click("#scenario-cancel"))
	openStubLesson(t, ctx)
	if got := eval[string](t, ctx, `document.body.dataset.closes`); got != "1" {
		t.Errorf("the socket closed %s times; want once (the refused load is not sent again)", got)
	}
	if n := stubAt(t, base).loadCount(); n != 1 {
		t.Errorf("the stub got %d loads; want 1 (the lesson; the refused scenario never got through)", n)
	}
}
