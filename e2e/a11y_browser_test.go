package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserKeyboardAndScreenReader checks what a keyboard-only and
// screen-reader QA pass found (each failed before its fix):
//   - a lesson chosen from the welcome with Enter leaves the focus on the
//     lesson's title (it fell to the page's top: <body>);
//   - ← and → on the lesson list step the run (they loaded the next lesson);
//   - ← and → on the view tabs move between the tabs (they stepped the run);
//   - the narration and the cards are quiet while the run plays (a sentence
//     every half second flooded a screen reader) and polite when paused;
//   - the speed slider says its speed, not 0..100;
//   - English chapter numbers are in figures ("Chapter 一" before);
//   - Next event is disabled with no run loaded, and every timeline
//     picture has a name;
//   - explore's narrow table keeps a head for each cell, and its buttons
//     say which outcome they load, and keep the focus when pressed.
func TestBrowserKeyboardAndScreenReader(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720, chromedp.EmulateLandscape), chromedp.Navigate(base+"/?lang=en"))
	waitFor(t, ctx, "the course list", `document.body.dataset.ready === '1' && document.querySelectorAll('#course-toc button[data-lesson]').length >= 10`)
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#course-toc .ct-chapter .ct-num')].map(e => e.textContent).join('|')`); got == "" || strings.ContainsAny(got, "一二三四五六七八九十") {
		t.Errorf("English chapter numbers: %q; want figures", got)
	}
	if !eval[bool](t, ctx, `document.querySelector('#btn-next').disabled`) {
		t.Error("Next event is enabled with no run loaded")
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll('canvas[role=img]')].filter(c => !c.getAttribute('aria-label')).length + ''`); got != "0" {
		t.Errorf("%s timeline pictures have no name", got)
	}
	// A lesson chosen with Enter.
	eval[bool](t, ctx, `(document.querySelector('#course-toc button[data-lesson="orphans"]').focus(), true)`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "orphans loaded", `document.body.dataset.run === 'orphans'`)
	waitFor(t, ctx, "the focus on the lesson's title", `document.activeElement && document.activeElement.id === 'lesson-title'`)
	waitFor(t, ctx, "Next event enabled", `!document.querySelector('#btn-next').disabled`)
	// → on the lesson list steps; the lesson stays.
	eval[bool](t, ctx, `(document.querySelector('#lesson-select').focus(), true)`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitStep(t, ctx, 1)
	if got := eval[string](t, ctx, `document.querySelector('#lesson-select').value + ' ' + document.body.dataset.run`); got != "orphans orphans" {
		t.Errorf("→ on the lesson list: lesson %q; want orphans kept", got)
	}
	// → on a view tab moves to the next tab, and does not step.
	eval[bool](t, ctx, `(document.querySelector('#tab-proc').focus(), true)`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, ctx, "the Scheduling tab", `document.activeElement.id === 'tab-sched' && document.body.dataset.view === 'sched'`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowLeft))
	waitFor(t, ctx, "back on Processes", `document.activeElement.id === 'tab-proc' && document.body.dataset.view === 'proc'`)
	if got := eval[string](t, ctx, `document.body.dataset.step`); got != "1" {
		t.Errorf("arrows on the view tabs moved the run to step %s; want 1", got)
	}
	// Quiet while playing, polite when paused.
	if got := eval[string](t, ctx, `document.querySelector('#speed').getAttribute('aria-valuetext') || ''`); !strings.Contains(got, "steps/s") {
		t.Errorf("the speed slider's aria-valuetext is %q; want the speed in steps/s", got)
	}
	do(t, ctx, chromedp.Click("#btn-play"))
	waitFor(t, ctx, "the narration quiet while playing", `document.querySelector('#btn-play').getAttribute('aria-pressed') === 'true' && document.querySelector('#narration').getAttribute('aria-live') === 'off'`)
	do(t, ctx, chromedp.Click("#btn-play"))
	waitFor(t, ctx, "the narration polite when paused", `document.querySelector('#btn-play').getAttribute('aria-pressed') === 'false' && document.querySelector('#narration').getAttribute('aria-live') === 'polite'`)
	// Explore's table in the narrow column.
	openLesson(t, ctx, "lost-update")
	do(t, ctx, chromedp.Click("#btn-explore"))
	waitFor(t, ctx, "the outcomes", `document.querySelectorAll('#explored table.outcomes tbody tr').length === 2`)
	got := eval[string](t, ctx, `(() => {
		const out = [];
		const heads = [...document.querySelectorAll('#explored thead th')].filter(th => getComputedStyle(th).display !== 'none').length;
		const cells = document.querySelector('#explored tbody tr').children.length;
		if (heads !== cells) out.push(heads + ' heads for ' + cells + ' cells');
		const names = [...document.querySelectorAll('#explored button')].map(b => b.getAttribute('aria-label') || b.textContent);
		if (new Set(names).size !== names.length) out.push('buttons named alike: ' + names.join(' | '));
		return out.join('; ');
	})()`)
	if got != "" {
		t.Errorf("explore's table: %s", got)
	}
	eval[bool](t, ctx, `(document.querySelector('#explored button').focus(), true)`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the schedule loaded, the focus on its button", `document.querySelector('#explored tr.current') && document.activeElement && document.activeElement.closest('#explored') && document.activeElement.matches('button[data-witness]')`)
}
