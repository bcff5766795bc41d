package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserKeysAfterAClick clicks the step button with the mouse, then
// uses the keyboard: Space still plays and pauses (the clicked button gave
// the focus back instead of taking Space for itself), End jumps to the last
// step, Home goes back to step 0, ? opens the list of shortcuts (Escape
// closes it), and a key typed into the scenario editor moves nothing.
func TestBrowserKeysAfterAClick(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	selectLesson(t, ctx, "lifecycle")

	do(t, ctx, chromedp.Click("#btn-step"))
	waitStep(t, ctx, 1)
	if got := eval[string](t, ctx, `document.activeElement ? document.activeElement.id : ''`); got == "btn-step" {
		t.Errorf("the step button kept the focus after a mouse click")
	}
	do(t, ctx, chromedp.KeyEvent(" "))
	waitFor(t, ctx, "Space to play", `document.querySelector('#btn-play').classList.contains('playing')`)
	do(t, ctx, chromedp.KeyEvent(" "))
	waitFor(t, ctx, "Space to pause", `!document.querySelector('#btn-play').classList.contains('playing')`)

	do(t, ctx, chromedp.KeyEvent(kb.End))
	waitFor(t, ctx, "End to reach the last step", `(() => { const c = document.querySelector('#step-counter'); return c.dataset.step === c.dataset.total && c.dataset.total !== '0' })()`)
	_, total := stepShown(t, ctx)
	do(t, ctx, chromedp.KeyEvent(kb.Home))
	waitStep(t, ctx, 0)

	// ? lists the shortcuts; Escape closes the list.
	do(t, ctx, chromedp.KeyEvent("?"))
	waitFor(t, ctx, "the ? overlay", `document.querySelector('#keys-dialog').open`)
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#keys-table kbd')].map(k => k.textContent).join(' ')`); got != "→ ← Space Home End N F + − ? Esc" {
		t.Errorf("the ? overlay lists %q; want → ← Space Home End N F + − ? Esc", got)
	}
	shot(t, ctx, "keys-overlay")
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "Escape to close it", `!document.querySelector('#keys-dialog').open`)

	// Typing in the editor is typing, not a shortcut.
	do(t, ctx, chromedp.Click("#btn-scenario"))
	waitFor(t, ctx, "the editor", `document.querySelector('#scenario-dialog').open`)
	do(t, ctx, chromedp.Click("#scenario-text"), chromedp.KeyEvent(kb.End), chromedp.KeyEvent(" "))
	if n, tot := stepShown(t, ctx); n != 0 || tot != total {
		t.Errorf("keys typed in the editor moved the run: step %d / %d; want 0 / %d", n, tot, total)
	}
	if eval[bool](t, ctx, `document.querySelector('#btn-play').classList.contains('playing')`) {
		t.Errorf("a Space typed in the editor started playing")
	}
}

// TestBrowserReloadKeepsTheStep steps a lesson, waits for the address to
// hold it (a share link written with replaceState), reloads the page, and
// finds the same lesson at the same step.
func TestBrowserReloadKeepsTheStep(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="orphans"]')`)
	selectLesson(t, ctx, "orphans")
	for i := int64(1); i <= 3; i++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i)
	}
	// The address is written 600 ms after the page stops moving: wait for
	// the link of step 3 itself, not any link (under CI's load the reload
	// could come before the last write).
	waitAddress(t, ctx, "step 3", `s.step === 3`)
	link := eval[string](t, ctx, `location.href`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the lesson again", `document.querySelector('#lesson-select').value === 'orphans'`)
	waitStep(t, ctx, 3)

	// The address carries the language: switch to Chinese, forget the saved
	// choice, and open the address again: the page is in Chinese.
	toChinese(t, ctx)
	waitFor(t, ctx, "the Chinese link in the address", `location.href !== `+jsString(link))
	zh := eval[string](t, ctx, `location.href`)
	eval[bool](t, ctx, `(() => { localStorage.clear(); return true })()`)
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(zh))
	waitFor(t, ctx, "the link to open in Chinese", `document.documentElement.lang === 'zh-CN' && document.querySelector('#lesson-select').value === 'orphans'`)
	waitStep(t, ctx, 3)

	// The live lab's address is never overwritten by the process view's.
	do(t, ctx, chromedp.Click(`.view-tab[data-view="live"]`))
	waitFor(t, ctx, "the live lab", `location.hash.startsWith('#live')`)
	do(t, ctx, chromedp.Sleep(900*time.Millisecond)) // longer than the page's 600 ms delay
	if h := eval[string](t, ctx, `location.hash`); !strings.HasPrefix(h, "#live") {
		t.Errorf("after switching to the live lab the address is %q; want #live", h)
	}
	if link == "" {
		t.Errorf("no link was written")
	}
}
