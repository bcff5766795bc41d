package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/internal/workload"
)

// leave_browser_test.go: a page that goes away lets go of what it holds on
// the server. Chromium keeps a page left by a link or the address bar in
// its back/forward cache, frozen but with its websockets open: before the
// page closed them on pagehide (conn.js onPageLeave), the server kept the
// session (a run's memory; a live lab's real processes; a room seat) for as
// long as the browser kept the page, and a page left while playing had
// steps sent to it that nobody read.

// openSockets reads the server's gauge of open websockets of kind (sim or
// live) from its /metrics.
func openSockets(t *testing.T, base, kind string) int {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading /metrics: %v", err)
	}
	m := regexp.MustCompile(`(?m)^proclab_websockets\{kind="` + kind + `"\} (\S+)$`).FindSubmatch(body)
	if m == nil {
		return 0 // no socket of that kind was ever open
	}
	n, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatalf("proclab_websockets{kind=%q} %q: %v", kind, m[1], err)
	}
	return int(n)
}

// waitSockets waits up to 10 s until the server has want open websockets
// of kind.
func waitSockets(t *testing.T, base, kind string, want int, when string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := openSockets(t, base, kind)
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the server has %d open %s websockets after 10 s; want %d", when, n, kind, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// evalUntil is waitFor for a page shown again from the back/forward cache:
// chromedp's Poll waits for an execution context that such a page, whose
// context is restored rather than created, never announces; Evaluate runs
// in the page's context as it is.
func evalUntil(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !eval[bool](t, ctx, js) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s (%s): not true after 15 s", what, js)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// leaveAndComeBack goes to a blank page, waits for the server to have
// no socket of kind left, then comes back. With cached, it checks that the
// page that came back was the one kept in the back/forward cache (else the
// way back tests a new page, not the cached one's reconnection); without,
// it takes either (Chromium does not always keep a page it restored once).
func leaveAndComeBack(t *testing.T, ctx context.Context, base, kind string, cached bool) {
	t.Helper()
	eval[bool](t, ctx, `(window.leaveMark = 'kept', true)`)
	do(t, ctx, chromedp.Navigate("about:blank"))
	waitSockets(t, base, kind, 0, "the page left")
	// history.back, not chromedp's NavigateBack: that waits for a load
	// that a page restored from the cache does not always announce.
	// (In a task of its own: the evaluation answers before the page goes.)
	eval[bool](t, ctx, `(setTimeout(() => history.back()), true)`)
	deadline := time.Now().Add(15 * time.Second)
	for {
		// (Evaluating while the navigation is under way may fail: tried again.)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href === 'about:blank' ? '' : document.readyState + ' ' + String(window.leaveMark)`))
		if err == nil && v != "" && (cached || v == "complete kept" || v == "complete undefined") {
			if cached && v != "complete kept" {
				t.Fatalf("the page came back as %q, not from the back/forward cache: the test cannot check its reconnection", v)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page did not come back within 15 s (%q, %v)", v, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserLeavingClosesTheSocket(t *testing.T) {
	ctx, base := browser(t)
	openLink(t, ctx, base, workload.Endless(8, 2), 1, `document.querySelectorAll('#diagram [data-pid]').length >= 8`)
	waitSockets(t, base, "sim", 1, "the link open")

	// Left while playing: the session ends, so no step is sent to it.
	playing(t, ctx, true)
	waitFor(t, ctx, "steps played", `Number(document.body.dataset.step) > 3`)
	leaveAndComeBack(t, ctx, base, "sim", true)
	// Back: the page reconnects and opens its run again, at the step it
	// showed when it left, paused.
	shown := eval[string](t, ctx, `document.body.dataset.step`)
	evalUntil(t, ctx, "the page reconnected", `document.body.dataset.conn === 'ready' && !document.querySelector('#btn-play').classList.contains('playing')`)
	waitSockets(t, base, "sim", 1, "the page back")
	evalUntil(t, ctx, "the run opened again at the step shown", fmt.Sprintf(`document.body.dataset.step === %q && !document.querySelector('#btn-play').disabled`, shown))
	if b := eval[string](t, ctx, `document.querySelector('#banner').hidden ? '' : document.querySelector('#banner').textContent`); b != "" {
		t.Errorf("the page back shows a banner: %q", b)
	}
	// And the new session plays.
	eval[bool](t, ctx, `(document.querySelector('#btn-play').click(), true)`)
	evalUntil(t, ctx, "a step played after coming back", fmt.Sprintf(`Number(document.body.dataset.step) > %s`, shown))
	eval[bool](t, ctx, `(document.querySelector('#btn-play').click(), true)`)
	evalUntil(t, ctx, "paused", `!document.querySelector('#btn-play').classList.contains('playing')`)

	// Left paused: the session ends too (it held the run's memory).
	leaveAndComeBack(t, ctx, base, "sim", false)
	waitSockets(t, base, "sim", 1, "the page back a second time")
	evalUntil(t, ctx, "the run shown again", `document.body.dataset.conn === 'ready' && Number(document.body.dataset.step) > 0`)
}

func TestBrowserLeavingEndsLiveProcesses(t *testing.T) {
	ctx, base := openLiveLab(t)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#live-workload'); s.value = 'sleep'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	eval[bool](t, ctx, `(() => { const i = document.querySelector('#live-args input[data-arg="ms"]'); i.value = '600000'; i.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)
	do(t, ctx, chromedp.Click("#live-spawn"))
	waitFor(t, ctx, "the sleeper spawned", `Number(document.querySelector('#live-actions').dataset.pid || 0) > 0`)
	pid := eval[int](t, ctx, `Number(document.querySelector('#live-actions').dataset.pid)`)
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err != nil {
		t.Fatalf("the sleeper %d is not running: %v", pid, err)
	}
	waitSockets(t, base, "live", 1, "the live lab open")

	leaveAndComeBack(t, ctx, base, "live", true)
	// The session ended with the page: its process is killed and reaped.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sleeper %d the page started still exists 10 s after the page left", pid)
		}
		time.Sleep(100 * time.Millisecond)
	}
	evalUntil(t, ctx, "the live lab connected again", `document.body.dataset.live === 'ready'`)
	waitSockets(t, base, "live", 1, "the page back")
}
