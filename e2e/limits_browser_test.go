package e2e

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/server"
	"proclab/web"
)

// shareFragment makes a share link's fragment (#s=1.<base64url(deflate-raw
// JSON)>) the way web/js/share.js does, for links the page could not make.
func shareFragment(t *testing.T, link map[string]any) string {
	t.Helper()
	js, err := json.Marshal(link)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(js); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return "#s=1." + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// bannerIs is the JS predicate "the banner shows this i18n key".
func bannerIs(key string) string {
	return `(() => { const b = document.querySelector('#banner'); return !!b && !b.hidden && b.dataset.code === '` + key + `' })()`
}

// toChinese switches the page to zh-CN.
func toChinese(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
}

// TestBrowserShareLinkTooLarge opens share links whose load is over the
// hello's limits: the page must say which limit and by how much, in both
// languages, send nothing and keep working (it used to reconnect forever).
func TestBrowserShareLinkTooLarge(t *testing.T) {
	t.Parallel() // its own server and browser context
	bigScenario := "process a\n  compute 1\n" + strings.Repeat("# filler line to make the scenario large\n", 70<<10/41)
	choices := make([]int, 25000)
	for i := range choices {
		choices[i] = 2
	}
	cases := []struct {
		name, limit, en, zh string
		link                map[string]any
	}{
		{"scenario over scenario_bytes", "scenario_bytes", "the scenario is", "场景有",
			map[string]any{"s": bigScenario, "n": 3}},
		{"message over message_bytes", "message_bytes", "the message is", "这条消息有",
			map[string]any{"s": "process a\n  compute 1\n" + strings.Repeat("# filler\n", 40<<10/9), "c": choices, "n": 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, base := browser(t)
			do(t, ctx, chromedp.Navigate(base+"/"+shareFragment(t, c.link)))
			waitFor(t, ctx, "the refusal", bannerIs("err.over"))
			text := eval[string](t, ctx, `document.querySelector('#banner .msg').textContent`)
			if !strings.Contains(text, c.en) || !strings.Contains(text, "KiB") || !strings.Contains(text, "too much") {
				t.Errorf("banner says %q; want it to name %q with sizes in KiB and by how much", text, c.en)
			}
			if eval[string](t, ctx, `getComputedStyle(document.querySelector('#banner-retry')).display`) != "none" {
				t.Error("the retry button shows on a refusal; want it only when the page gave up reconnecting")
			}
			if n := eval[int](t, ctx, `document.querySelectorAll('#diagram [data-pid]:not([data-pid="1"])').length`); n != 0 {
				t.Errorf("%d task tokens shown; want an empty lab", n)
			}
			shot(t, ctx, "too-large-"+c.limit+"-en")
			toChinese(t, ctx)
			zh := eval[string](t, ctx, `document.querySelector('#banner .msg').textContent`)
			if !strings.Contains(zh, "未发送") || !strings.Contains(zh, c.zh) {
				t.Errorf("Chinese banner says %q; want 未发送 and %q", zh, c.zh)
			}
			shot(t, ctx, "too-large-"+c.limit+"-zh")
			// Nothing was sent, so the socket never closed, and the lab works.
			if got := eval[string](t, ctx, `document.body.dataset.conn + '/' + (document.body.dataset.closes || '0')`); got != "ready/0" {
				t.Errorf("connection is %q; want ready/0 (no reconnect)", got)
			}
			eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'orphans'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
			waitFor(t, ctx, "a lesson after the refusal", `/\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
		})
	}
}

// TestBrowserServerRefusesTooLarge sends a message over the server's limit
// (the page's own check turned off): the server closes the socket with
// 1009, and the page must say the message was too large, not send it again,
// reconnect once and keep working.
func TestBrowserServerRefusesTooLarge(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	// The same module instance as the page's: forget the hello's limits.
	eval[bool](t, ctx, `(import('/js/limits.js' + `+pageVersion+`).then(m => { m.setLimits({}); document.body.dataset.forgot = '1' }), true)`)
	waitFor(t, ctx, "the limits forgotten", `document.body.dataset.forgot === '1'`)
	do(t, ctx, chromedp.Click("#btn-own"))
	waitFor(t, ctx, "the scenario dialog", `document.querySelector('#scenario-dialog').open`)
	eval[bool](t, ctx, `(() => { document.querySelector('#scenario-text').value = 'process a\n  compute 1\n' + '#'.repeat(100 * 1024); return true })()`)
	do(t, ctx, chromedp.Click("#scenario-load"))
	waitFor(t, ctx, "the too-large banner", bannerIs("err.too_large"))
	waitFor(t, ctx, "the reason in the dialog", `!document.querySelector('#scenario-error').hidden && /too large/.test(document.querySelector('#scenario-error').textContent)`)
	waitFor(t, ctx, "the reconnect", `document.body.dataset.conn === 'ready' && document.body.dataset.closes === '1'`)
	shot(t, ctx, "server-too-large-en")
	do(t, ctx, chromedp.Click("#scenario-cancel"))
	if !eval[bool](t, ctx, bannerIs("err.too_large")) {
		t.Error("the reconnect hid the too-large banner")
	}
	toChinese(t, ctx)
	waitFor(t, ctx, "the Chinese banner", `/太大/.test(document.querySelector('#banner .msg').textContent)`)
	shot(t, ctx, "server-too-large-zh")
	// The refused load was dropped: a lesson loads, and the socket stays.
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'orphans'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "a lesson after the refusal", `/\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent) && document.body.dataset.step === '0' && document.querySelector('#lesson-select').value === 'orphans'`)
	if got := eval[string](t, ctx, `document.body.dataset.closes`); got != "1" {
		t.Errorf("the socket closed %s times; want once (no loop)", got)
	}
}

// restartable is a lab server on a fixed address that can be stopped and
// started again there (httptest picks a new port each time).
type restartable struct {
	t    *testing.T
	addr string
	srv  *server.Server
	http *http.Server
	done chan struct{}
}

func (r *restartable) start() {
	r.t.Helper()
	srv, err := server.New(server.Config{Web: web.Files, Assets: assets.Files})
	if err != nil {
		r.t.Fatal(err)
	}
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		srv.Close()
		r.t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	r.srv, r.http, r.done = srv, &http.Server{Handler: srv.Handler()}, make(chan struct{})
	go func(h *http.Server, done chan struct{}) {
		defer close(done)
		if err := h.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.t.Errorf("serve: %v", err)
		}
	}(r.http, r.done)
}

func (r *restartable) stop() {
	if r.http == nil {
		return
	}
	r.srv.Close() // ends the sessions (their sockets close)
	r.http.Close()
	<-r.done
	r.http = nil
}

// TestBrowserReconnectGivesUp stops the server under the page: after five
// failed reconnects in a row the page must stop trying, say why in both
// languages and offer a retry button that connects again.
func TestBrowserReconnectGivesUp(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	r := &restartable{t: t, addr: "127.0.0.1:0"}
	r.start()
	t.Cleanup(r.stop)
	do(t, ctx, chromedp.Navigate("http://"+r.addr+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	r.stop()
	// Five refused connections take 1 + 2 + 4 + 5 seconds of backoff.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.conn === 'stopped'`, chromedp.WithPollingTimeout(45*time.Second))); err != nil {
		shot(t, ctx, "failure")
		t.Fatalf("waiting for the page to give up: %v (closes: %s)", err, eval[string](t, ctx, `document.body.dataset.closes`))
	}
	waitFor(t, ctx, "the give-up banner with its retry button", bannerIs("err.gave_up.unreachable")+` && !document.querySelector('#banner-retry').hidden`)
	if text := eval[string](t, ctx, `document.querySelector('#banner .msg').textContent`); !strings.Contains(text, "5 tries") {
		t.Errorf("banner says %q; want the number of tries", text)
	}
	shot(t, ctx, "gave-up-en")
	toChinese(t, ctx)
	waitFor(t, ctx, "the Chinese banner", `/停止重试/.test(document.querySelector('#banner .msg').textContent) && document.querySelector('#banner-retry').textContent === '重试'`)
	shot(t, ctx, "gave-up-zh")
	closes := eval[string](t, ctx, `document.body.dataset.closes`)

	r.start() // the same address
	do(t, ctx, chromedp.Click("#banner-retry"))
	waitFor(t, ctx, "connected again", `document.body.dataset.conn === 'ready' && document.querySelector('#banner').hidden`)
	if got := eval[string](t, ctx, `document.body.dataset.closes`); got != closes {
		t.Errorf("closes went from %s to %s after the retry; want no new close", closes, got)
	}
}

// TestBrowserRealServerConventions checks the real server's side of the
// conventions the stub lab (conventions_browser_test.go) stands in for: a
// hello with every limit and the semantics version, share links that carry
// it, and a too_large error (with the server's words) before its 1009
// close.
func TestBrowserRealServerConventions(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello with a semantics version", `document.body.dataset.conn === 'ready' && Number(document.body.dataset.semantics) >= 1`)
	waitFor(t, ctx, "the speed range", `!document.querySelector('#speed').disabled`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'orphans'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the lesson", `/\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `/#s=1\./.test(document.querySelector('#share-url').value)`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
	if e, want := linkJSON(t, link)["e"], eval[string](t, ctx, `document.body.dataset.semantics`); fmtNum(e) != want {
		t.Errorf("the link's e is %v; want the hello's %s", e, want)
	}
	closeShareDialog(t, ctx)
	do(t, ctx, chromedp.Click("#tab-sched"))
	waitFor(t, ctx, "the editor's bounds", `document.querySelector('#sched-cpus').max !== '' && document.querySelector('#sched-quantum').max !== '' && document.querySelector('#sched-switch').max !== ''`)
	do(t, ctx, chromedp.Click("#tab-proc"))

	eval[bool](t, ctx, `(import('/js/limits.js' + `+pageVersion+`).then(m => { m.setLimits({}); document.body.dataset.forgot = '1' }), true)`)
	waitFor(t, ctx, "the limits forgotten", `document.body.dataset.forgot === '1'`)
	do(t, ctx, chromedp.Click("#btn-scenario"))
	waitFor(t, ctx, "the scenario dialog", `document.querySelector('#scenario-dialog').open`)
	eval[bool](t, ctx, `(() => { document.querySelector('#scenario-text').value = 'process a\n  compute 1\n' + '#'.repeat(100 * 1024); return true })()`)
	do(t, ctx, chromedp.Click("#scenario-load"))
	waitFor(t, ctx, "the server's too_large error with its words", bannerIs("err.too_large")+` && document.querySelector('#banner .detail') && document.querySelector('#banner .detail').textContent.trim() !== ''`)
}

// fmtNum writes a JSON number as the page writes it in a data attribute.
func fmtNum(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
