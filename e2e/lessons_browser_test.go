package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEveryLesson opens every built-in lesson, steps through its
// first steps, jumps to its end and back to the middle, in both languages,
// and requires that the page never throws and always shows the step it
// was asked for.
func TestBrowserEveryLesson(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	eval[bool](t, ctx, `(() => { window.__errs = []; window.addEventListener('error', e => window.__errs.push(String(e.message))); window.addEventListener('unhandledrejection', e => window.__errs.push(String(e.reason))); return true })()`)
	waitFor(t, ctx, "the lesson list", `document.querySelectorAll('#lesson-select option[value]:not([value=""])').length >= 18`)
	ids := eval[[]string](t, ctx, `[...document.querySelectorAll('#lesson-select option[value]')].map(o => o.value).filter(v => v && !v.startsWith('__'))`)
	for i, id := range ids {
		if i == len(ids)/2 {
			do(t, ctx, chromedp.Click("#btn-lang")) // the second half in the other language
		}
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id))
		waitFor(t, ctx, id+" loaded", `(() => { const c = document.querySelector('#step-counter'); return c.dataset.step === '0' && Number(c.dataset.total) > 0 && document.body.dataset.ready === '1' })()`)
		total := eval[int](t, ctx, `Number(document.querySelector('#step-counter').dataset.total)`)
		for k := 1; k <= 3 && k <= total; k++ {
			do(t, ctx, chromedp.Click("#btn-step"))
			waitFor(t, ctx, fmt.Sprintf("%s step %d", id, k), fmt.Sprintf(`document.querySelector('#step-counter').dataset.step === '%d'`, k))
		}
		for _, n := range []int{total, total / 2} {
			eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#scrubber'); s.value = %d; s.dispatchEvent(new Event('change')); return true })()`, n))
			waitFor(t, ctx, fmt.Sprintf("%s at step %d", id, n), fmt.Sprintf(`document.querySelector('#step-counter').dataset.step === '%d'`, n))
		}
		if errs := eval[[]string](t, ctx, `window.__errs`); len(errs) > 0 {
			shot(t, ctx, "lesson-error-"+id)
			t.Fatalf("lesson %s: the page threw %v", id, errs)
		}
	}
	if len(ids) < 18 {
		t.Errorf("%d lessons in the picker; want 18", len(ids))
	}
}
