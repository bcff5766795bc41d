package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/server"
	"proclab/sim"
)

// bannerWatch, run in the page, counts in window.bannersShown the times
// the banner (#banner) was shown.
const bannerWatch = `(() => {
  window.bannersShown = 0;
  const b = document.querySelector('#banner');
  new MutationObserver(() => { if (!b.hidden) { window.bannersShown++; window.bannerTexts = (window.bannerTexts || []).concat(b.textContent.trim().slice(0, 80)); } }).observe(b, { attributes: true, childList: true, subtree: true });
  return true;
})()`

// TestBrowserIdlePageSleepsQuietly leaves the welcome page alone past the
// server's hello deadline (1 s here, 10 s by default): the server closes
// the socket of a page that sends nothing, and the page must take that
// quietly (no banner, no reconnect loop) and connect again when it has
// something to send: a lesson picked, a share link opened. It showed
// "Cannot reach the lab server" for a second every 11 s, forever.
func TestBrowserIdlePageSleepsQuietly(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browserWith(t, server.Budgets{HelloTimeout: time.Second})
	do(t, ctx, chromedp.Navigate(base+"/?lang=en"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1'`)
	eval[bool](t, ctx, bannerWatch)
	waitFor(t, ctx, "the idle socket closed", `document.body.dataset.conn === 'asleep'`)
	time.Sleep(2500 * time.Millisecond) // more than two hello deadlines: a page that reconnected would be closed again
	if n := eval[int](t, ctx, `window.bannersShown`); n != 0 {
		shot(t, ctx, "idle-banner")
		t.Errorf("the banner showed %d times on an idle welcome page", n)
	}
	if closes := eval[string](t, ctx, `document.body.dataset.closes || '0'`); closes != "1" {
		t.Errorf("the socket closed %s times; want once (no reconnect while idle)", closes)
	}
	// A lesson picked wakes the page.
	selectLesson(t, ctx, "orphans")
	waitFor(t, ctx, "the lesson's diagram", `document.querySelectorAll('#diagram [data-pid]').length > 0`)
	// A run loaded is not idle: stepping works. (Its socket has said
	// something now: the server's idle deadline is IdleTimeout.)
	do(t, ctx, chromedp.Click("#btn-step"))
	waitStep(t, ctx, 1)
	// A share link opened on a sleeping page: a fresh page left idle, then
	// a link typed into it (a fragment change).
	do(t, ctx, chromedp.Navigate(base+"/?lang=en"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1'`)
	eval[bool](t, ctx, bannerWatch)
	waitFor(t, ctx, "the idle socket closed", `document.body.dataset.conn === 'asleep'`)
	hash := shareFragment(t, map[string]any{"l": "orphans", "n": 4, "g": "en", "e": sim.SemanticsVersion})
	eval[bool](t, ctx, `(location.hash = `+"`"+hash+"`"+`.slice(1), true)`)
	waitFor(t, ctx, "the link's step", `document.body.dataset.step === '4'`)
	if n := eval[int](t, ctx, `window.bannersShown`); n != 0 {
		t.Errorf("the banner showed %d times while a sleeping page opened a link: %v", n, eval[[]string](t, ctx, `window.bannerTexts`))
	}
}
