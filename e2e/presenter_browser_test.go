package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"proclab/assets"
	"proclab/lab"
)

// orphanStops is the steps the next-event jump stops at in the orphans
// lesson from step 0 up to the first orphan adoption, by the lab's own
// search: the page must stop at the same steps.
func orphanStops(t *testing.T) []lab.Hit {
	t.Helper()
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	s := lab.NewSession(ls)
	if _, err := s.Load(lab.LoadRequest{Lesson: "orphans"}, nil); err != nil {
		t.Fatal(err)
	}
	var hits []lab.Hit
	for {
		sc := s.NextInteresting(nil, nil)
		if !sc.Found {
			t.Fatalf("the orphans lesson has no orphan stop (stops %+v)", hits)
		}
		hits = append(hits, sc.Hit)
		if sc.Hit.Reason == lab.ReasonOrphan {
			return hits
		}
		s.At(sc.Hit.Step)
	}
}

// rootPx is the root font size in CSS px.
func rootPx(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	return eval[float64](t, ctx, `parseFloat(getComputedStyle(document.documentElement).fontSize)`)
}

// TestBrowserPresenterMode drives presenter mode from the keyboard after a
// mouse click: F enters it (the side panels and the log are hidden, the
// state diagram is larger) and F and Esc leave it; N jumps from step to
// step to the ones the lab's own search stops at, saying why above the
// narration, until the orphan adoption, and at the end says that none is
// left; the dark and high-contrast themes change the page's colours and
// survive a reload, and Auto follows the system's preference; the text
// size changes the root font size; F does nothing outside the process
// view; keys typed into a field do none of this. Screenshots of presenter
// mode at 1280x720 and 1920x1080 and of the themes in both languages are
// kept (PROCLAB_SHOTS).
func TestBrowserPresenterMode(t *testing.T) {
	t.Parallel() // its own server and browser context
	stops := orphanStops(t)
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="orphans"]')`)
	eval[bool](t, ctx, `(() => { localStorage.removeItem('proclab.theme'); localStorage.removeItem('proclab.textSize'); return true })()`)
	selectLesson(t, ctx, "orphans")
	do(t, ctx, chromedp.Click("#btn-step")) // a mouse click first: keys reach the page after it
	waitStep(t, ctx, 1)

	// F: presenter mode.
	const diagramArea = `(() => { const r = document.querySelector('#diagram svg').getBoundingClientRect(); return r.width * r.height })()`
	before := eval[float64](t, ctx, diagramArea)
	do(t, ctx, chromedp.KeyEvent("f"))
	waitFor(t, ctx, "presenter mode", `document.body.classList.contains('presenter')`)
	for _, sel := range []string{".lab > .side", ".logcard", "#race-side"} {
		if eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && getComputedStyle(e).display !== 'none' })()`, sel)) {
			t.Errorf("presenter mode shows %s", sel)
		}
	}
	waitFor(t, ctx, "the larger diagram", fmt.Sprintf(`%s > %f * 1.05`, diagramArea, before))
	if got := eval[string](t, ctx, `document.querySelector('#btn-present').getAttribute('aria-pressed')`); got != "true" {
		t.Errorf("#btn-present aria-pressed = %q in presenter mode; want true", got)
	}
	if !eval[bool](t, ctx, `(() => { const n = document.querySelector('#narration').getBoundingClientRect(), c = document.querySelector('#controls').getBoundingClientRect(); return n.height > 0 && n.bottom <= c.top + 1 })()`) {
		t.Errorf("in presenter mode the narration is not above the controls")
	}
	shot(t, ctx, "presenter-1280x720")
	do(t, ctx, chromedp.EmulateViewport(1920, 1080))
	waitFor(t, ctx, "the diagram to grow with the window", fmt.Sprintf(`%s > %f * 1.5`, diagramArea, before))
	shot(t, ctx, "presenter-1920x1080")
	do(t, ctx, chromedp.EmulateViewport(1280, 720))
	do(t, ctx, chromedp.KeyEvent("f"))
	waitFor(t, ctx, "F to leave presenter mode", `!document.body.classList.contains('presenter')`)
	waitFor(t, ctx, "the side panels back", `getComputedStyle(document.querySelector('.lab > .side')).display !== 'none'`)
	do(t, ctx, chromedp.Click("#btn-present"))
	waitFor(t, ctx, "the button to enter presenter mode", `document.body.classList.contains('presenter')`)
	// An Esc pressed while the full screen is on its way goes to the
	// browser, which drops the request, and not to the page: the test
	// waits for the full screen (or its refusal) first.
	waitFor(t, ctx, "the full screen asked for", `document.body.dataset.fullscreen !== 'asking'`)
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "Esc to leave presenter mode and full screen", `!document.body.classList.contains('presenter') && !document.fullscreenElement && !document.body.dataset.fullscreen`)
	// Presenter mode left before its full screen came: the full screen,
	// when it comes, ends too (it used to stay, the page in full screen
	// without presenter mode: 16 times in 20 in a scratch run).
	do(t, ctx, chromedp.Click("#btn-present"), chromedp.KeyEvent("f"))
	waitFor(t, ctx, "F to leave presenter mode at once", `!document.body.classList.contains('presenter') && !document.body.dataset.fullscreen`)
	time.Sleep(500 * time.Millisecond) // a full screen on its way has come by now
	if eval[bool](t, ctx, `!!document.fullscreenElement || document.body.classList.contains('presenter')`) {
		t.Errorf("presenter mode left before its full screen came: the page is in full screen (%v), presenter mode on (%v)",
			eval[bool](t, ctx, `!!document.fullscreenElement`), eval[bool](t, ctx, `document.body.classList.contains('presenter')`))
	}

	// N: the next interesting event, from step 0, as the lab finds them.
	do(t, ctx, chromedp.KeyEvent(kb.Home))
	waitStep(t, ctx, 0)
	for i, h := range stops {
		if i%2 == 0 {
			do(t, ctx, chromedp.KeyEvent("n"))
		} else {
			do(t, ctx, chromedp.Click("#btn-next"))
		}
		waitStep(t, ctx, h.Step)
		waitFor(t, ctx, fmt.Sprintf("the reason of the stop at step %d", h.Step),
			fmt.Sprintf(`(() => { const n = document.querySelector('#jump-note'); return !n.hidden && n.dataset.step === '%d' && n.dataset.reason === %q })()`, h.Step, h.Reason))
	}
	if got := eval[string](t, ctx, `document.querySelector('#narration').dataset.category`); got != "reparented" {
		t.Errorf("at the orphan stop the narration says a %q; want reparented", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('#jump-note').textContent`); got == "" {
		t.Errorf("the jump note is empty")
	}
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, ctx, "the note to go once the step moves", `document.querySelector('#jump-note').hidden`)
	do(t, ctx, chromedp.KeyEvent(kb.End))
	waitFor(t, ctx, "the last step", `(() => { const c = document.querySelector('#step-counter'); return c.dataset.step === c.dataset.total })()`)
	do(t, ctx, chromedp.KeyEvent("n"))
	waitFor(t, ctx, "the notice that none is left", `document.querySelector('#jump-note').dataset.reason === 'none' && !document.querySelector('#jump-note').hidden`)

	// Themes: dark, then high contrast; the choice survives a reload.
	const bgLum = `(() => { const m = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g).map(Number); return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255 })()`
	if l := eval[float64](t, ctx, bgLum); l < 0.8 {
		t.Fatalf("the light theme's background has luminance %.2f; want light", l)
	}
	pickTheme := func(th string) {
		t.Helper()
		do(t, ctx, chromedp.Click("#btn-display"))
		waitFor(t, ctx, "the display menu", `document.querySelector('#display-menu').matches(':popover-open, .open')`)
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#theme-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, th))
		waitFor(t, ctx, "the theme "+th, fmt.Sprintf(`document.documentElement.dataset.theme === %q`, th))
	}
	pickTheme("dark")
	if l := eval[float64](t, ctx, bgLum); l > 0.2 {
		t.Errorf("the dark theme's background has luminance %.2f; want dark", l)
	}
	// A key typed into the menu's select is not a shortcut.
	do(t, ctx, chromedp.Focus("#theme-select"), chromedp.KeyEvent("f"))
	if eval[bool](t, ctx, `document.body.classList.contains('presenter')`) {
		t.Errorf("an f typed into the theme menu turned presenter mode on")
	}
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the lesson again", `document.querySelector('#lesson-select').value === 'orphans' && document.body.dataset.conn === 'ready'`)
	if got := eval[string](t, ctx, `document.documentElement.dataset.theme`); got != "dark" {
		t.Errorf("after a reload the theme is %q; want dark", got)
	}
	waitFor(t, ctx, "the dark page after the reload", bgLum+` < 0.2`)
	shot(t, ctx, "theme-dark-en")
	do(t, ctx, chromedp.Click("#btn-step"))
	do(t, ctx, chromedp.KeyEvent("f"))
	waitFor(t, ctx, "presenter mode", `document.body.classList.contains('presenter')`)
	shot(t, ctx, "theme-dark-presenter-en")
	do(t, ctx, chromedp.KeyEvent("f"))
	toChinese(t, ctx)
	shot(t, ctx, "theme-dark-zh")
	pickTheme("contrast")
	if got := eval[string](t, ctx, `getComputedStyle(document.documentElement).getPropertyValue('--ink').trim()`); got != "#000000" {
		t.Errorf("the high-contrast theme's ink is %q; want #000000", got)
	}
	if l := eval[float64](t, ctx, bgLum); l < 0.99 {
		t.Errorf("the high-contrast theme's background has luminance %.2f; want white", l)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape)) // closes the menu
	shot(t, ctx, "theme-contrast-zh")
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "English", `document.documentElement.lang === 'en'`)
	shot(t, ctx, "theme-contrast-en")

	// Auto follows the system's preference, as it changes.
	prefer := func(scheme string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		})
	}
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#theme-select'); s.value = 'auto'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	do(t, ctx, prefer("dark"))
	waitFor(t, ctx, "Auto to follow a dark system", `document.documentElement.dataset.theme === 'dark' && document.documentElement.dataset.themeChoice === 'auto'`)
	do(t, ctx, prefer("light"))
	waitFor(t, ctx, "Auto to follow a light system", `document.documentElement.dataset.theme === 'light'`)
	if got := eval[string](t, ctx, `localStorage.getItem('proclab.theme')`); got != "auto" {
		t.Errorf("the stored theme is %q; want auto", got)
	}

	// Text size: + and A+ make the root font larger, − and A− smaller.
	px := rootPx(t, ctx)
	title := `parseFloat(getComputedStyle(document.querySelector('#diagram .node-title')).fontSize)`
	titlePx := eval[float64](t, ctx, title)
	do(t, ctx, chromedp.Click("#btn-step"), chromedp.KeyEvent("+"))
	waitFor(t, ctx, "a larger root font", fmt.Sprintf(`parseFloat(getComputedStyle(document.documentElement).fontSize) > %f`, px))
	if got := eval[float64](t, ctx, title); got <= titlePx {
		t.Errorf("the diagram's state names stay %.1f px after a larger text size; want more than %.1f", got, titlePx)
	}
	do(t, ctx, chromedp.Click("#btn-display"))
	waitFor(t, ctx, "the display menu", `document.querySelector('#display-menu').matches(':popover-open, .open')`)
	do(t, ctx, chromedp.Click("#size-up"))
	larger := rootPx(t, ctx)
	if larger <= px {
		t.Fatalf("root font %.1f px after two steps up; want more than %.1f", larger, px)
	}
	if got := eval[string](t, ctx, `localStorage.getItem('proclab.textSize')`); got != "3" {
		t.Errorf("the stored text size is %q; want 3 (two steps above 100 %%)", got)
	}
	do(t, ctx, chromedp.Click("#size-down"), chromedp.Click("#size-down"))
	waitFor(t, ctx, "the size back to 100 %", fmt.Sprintf(`Math.abs(parseFloat(getComputedStyle(document.documentElement).fontSize) - %f) < 0.01`, px))
	do(t, ctx, chromedp.KeyEvent(kb.Escape))

	// Presenter mode is the process view's: F does nothing in the
	// scheduling view, and going there leaves it.
	do(t, ctx, chromedp.KeyEvent("f"))
	waitFor(t, ctx, "presenter mode", `document.body.classList.contains('presenter')`)
	eval[bool](t, ctx, `(() => { document.querySelector('#tab-sched').click(); return true })()`) // its tab is hidden in presenter mode
	waitFor(t, ctx, "the scheduling view without presenter mode", `document.body.dataset.view === 'sched' && !document.body.classList.contains('presenter')`)
	do(t, ctx, chromedp.KeyEvent("f"))
	if eval[bool](t, ctx, `document.body.classList.contains('presenter')`) {
		t.Errorf("F turned presenter mode on in the scheduling view")
	}
	do(t, ctx, chromedp.Click("#tab-proc"))
	waitFor(t, ctx, "the process view", `document.body.dataset.view === 'proc'`)

	// Typing in the editor is typing: no presenter mode, no jump.
	n, _ := stepShown(t, ctx)
	do(t, ctx, chromedp.Click("#btn-scenario"))
	waitFor(t, ctx, "the editor", `document.querySelector('#scenario-dialog').open`)
	do(t, ctx, chromedp.Click("#scenario-text"), chromedp.KeyEvent("f"), chromedp.KeyEvent("n"), chromedp.KeyEvent("+"))
	if eval[bool](t, ctx, `document.body.classList.contains('presenter')`) {
		t.Errorf("an f typed in the editor turned presenter mode on")
	}
	if got, _ := stepShown(t, ctx); got != n {
		t.Errorf("an n typed in the editor moved the run from step %d to %d", n, got)
	}
	if got := rootPx(t, ctx); got != px {
		t.Errorf("a + typed in the editor changed the text size to %.1f px", got)
	}
}

// TestBrowserJumpNamesThreadsAsThreads presses N in the deadlock lesson,
// whose tasks are two threads of one process: the jump note names them by
// name and TID, as the log does ("P3 (t2)" named a process there is not),
// and in Chinese has no space after its full-width colon.
func TestBrowserJumpNamesThreadsAsThreads(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720))
	for _, lang := range []string{"en", "zh-CN"} {
		do(t, ctx, chromedp.Navigate(base+"/?lang="+lang))
		selectLesson(t, ctx, "deadlock")
		for i := 0; i < 2; i++ {
			do(t, ctx, chromedp.Click("#btn-next"))
			waitFor(t, ctx, "the jump note", fmt.Sprintf(`(() => { const n = document.querySelector('#jump-note'); return !n.hidden && n.dataset.reason !== 'none' && n.dataset.step !== '%d' })()`, -1-i))
			time.Sleep(300 * time.Millisecond)
			note := eval[string](t, ctx, `document.querySelector('#jump-note').textContent`)
			if strings.Contains(note, "P3") || !strings.Contains(note, "(TID 3)") {
				t.Errorf("%s: the jump note %q names the thread t2 as a process, or without its TID", lang, note)
			}
			if strings.Contains(note, "： ") {
				t.Errorf("%s: the jump note %q has a space after its full-width colon", lang, note)
			}
		}
	}
}

// TestBrowserPresenterEscClosesTheMenuFirst checks that Esc in presenter
// mode closes an open display menu or the shortcuts list and leaves
// presenter mode on, and only the next Esc leaves it (the first Esc left
// presenter mode with the menu still open). The page is refused the full
// screen, as a page in a frame or under a policy is: with it, Esc is the
// browser's.
func TestBrowserPresenterEscClosesTheMenuFirst(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en"))
	waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
	selectLesson(t, ctx, "orphans")
	do(t, ctx, chromedp.Click("#btn-step"))
	waitStep(t, ctx, 1)
	eval[bool](t, ctx, `(Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('refused')), true)`)
	do(t, ctx, chromedp.KeyEvent("f"))
	waitFor(t, ctx, "presenter mode without the full screen", `document.body.classList.contains('presenter') && document.body.dataset.fullscreen !== 'asking' && !document.fullscreenElement`)
	presenting := `document.body.classList.contains('presenter')`
	do(t, ctx, chromedp.Click("#btn-display"))
	waitFor(t, ctx, "the display menu", `document.querySelector('#display-menu').matches(':popover-open')`)
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "Esc to close the menu", `!document.querySelector('#display-menu').matches(':popover-open')`)
	if !eval[bool](t, ctx, presenting) {
		t.Fatal("Esc on the open display menu left presenter mode")
	}
	do(t, ctx, chromedp.Click("#diagram"), chromedp.KeyEvent("?"))
	waitFor(t, ctx, "the shortcuts list", `document.querySelector('#keys-dialog').open`)
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "Esc to close the shortcuts list", `!document.querySelector('#keys-dialog').open`)
	if !eval[bool](t, ctx, presenting) {
		t.Fatal("Esc on the shortcuts list left presenter mode")
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "the next Esc to leave presenter mode", `!`+presenting)
}

// TestBrowserHeaderFitsAtEveryTextSize checks that the header and the
// controls bar fit the projectors' screens at every text size, in both
// languages: at 150 % the header was 1,362 px wide at 1280x720 (the step
// counter under the Classroom button, Share off the screen) and 2,325 px
// at 1920x1080. They keep their size; the lesson's text grows.
func TestBrowserHeaderFitsAtEveryTextSize(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	fits := `(() => {
		const out = [];
		if (document.documentElement.scrollWidth > innerWidth) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
		for (const bar of ['.top', '#controls']) {
			const items = [...document.querySelector(bar).querySelectorAll(':scope > *, :scope > * > *')]
				.filter(e => e.offsetParent !== null && getComputedStyle(e).position !== 'absolute')
				.map(e => [e, e.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
			for (const [e, r] of items) if (r.right > innerWidth + 0.5) out.push((e.id || e.className) + ' ends at ' + Math.round(r.right));
			for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
				const [a, ra] = items[i], [b, rb] = items[j];
				if (a.contains(b) || b.contains(a)) continue;
				if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) out.push((a.id || a.className) + ' overlaps ' + (b.id || b.className));
			}
		}
		return out.join('; ');
	})()`
	scale := `getComputedStyle(document.documentElement).getPropertyValue('--text-scale') || '1'`
	for _, sz := range [][2]int64{{1280, 720}, {1920, 1080}} {
		for _, lang := range []string{"en", "zh-CN"} {
			do(t, ctx, chromedp.EmulateViewport(sz[0], sz[1], chromedp.EmulateLandscape), chromedp.Navigate(base+"/?lang="+lang))
			waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
			selectLesson(t, ctx, "orphans")
			for k := 0; k < 4; k++ {
				do(t, ctx, chromedp.Click("#btn-step"))
				waitStep(t, ctx, int64(k+1))
			}
			for range 4 {
				eval[bool](t, ctx, `(document.querySelector('#size-up').click(), true)`)
			}
			if got := eval[string](t, ctx, scale); strings.TrimSpace(got) != "1.5" {
				t.Fatalf("%dx%d %s: the text scale is %q after four steps up; want 1.5", sz[0], sz[1], lang, got)
			}
			time.Sleep(200 * time.Millisecond) // the layout's resize handler
			if p := eval[string](t, ctx, fits); p != "" {
				t.Errorf("%dx%d %s at 150 %%: %s", sz[0], sz[1], lang, p)
			}
			shot(t, ctx, fmt.Sprintf("header-150-%dx%d-%s", sz[0], sz[1], lang))
			for range 4 {
				eval[bool](t, ctx, `(document.querySelector('#size-down').click(), true)`)
			}
		}
	}
}

// TestBrowserPresenterKeepsTheLessonsCards checks that presenter mode keeps
// a lesson's cards beside the diagram, on the first screen: the shared
// counter of a race, the address space of copy-on-write, the context
// switch of switch-cost. Presenter mode hid them, and with them what these
// lessons are about (a QA pass trying the review's lesson plans).
func TestBrowserPresenterKeepsTheLessonsCards(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	for _, sz := range [][2]int64{{1280, 720}, {1920, 1080}} {
		do(t, ctx, chromedp.EmulateViewport(sz[0], sz[1], chromedp.EmulateLandscape), chromedp.Navigate(base+"/?lang=zh-CN"))
		waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
		for _, tc := range []struct{ lesson, card string }{{"lost-update", "#vars-card"}, {"cow", "#memory-card"}, {"switch-cost", "#switch-card"}} {
			selectLesson(t, ctx, tc.lesson)
			for k := int64(1); k <= 3; k++ {
				waitFor(t, ctx, "the step button", `!document.querySelector('#btn-step').disabled`)
				do(t, ctx, chromedp.Click("#btn-step"))
				waitStep(t, ctx, k)
			}
			if !eval[bool](t, ctx, `document.body.classList.contains('presenter')`) {
				do(t, ctx, chromedp.KeyEvent("f"))
			}
			waitFor(t, ctx, "presenter mode", `document.body.classList.contains('presenter')`)
			got := eval[string](t, ctx, `(() => {
				const c = document.querySelector(`+jsString(tc.card)+`).getBoundingClientRect();
				const d = document.querySelector('#diagram').getBoundingClientRect();
				const out = [];
				if (c.height < 40 || c.width < 200) out.push('the card is ' + Math.round(c.width) + 'x' + Math.round(c.height));
				if (c.right > innerWidth + 0.5 || c.top > innerHeight * 0.6) out.push('the card is off the first screen (' + Math.round(c.left) + ',' + Math.round(c.top) + ')');
				if (d.width < innerWidth * 0.55 && d.height < innerHeight * 0.6) out.push('the diagram is ' + Math.round(d.width) + 'x' + Math.round(d.height));
				if (c.left < d.right - 1 && d.left < c.right - 1 && c.top < d.bottom - 1 && d.top < c.bottom - 1) out.push('the card overlaps the diagram');
				if (document.documentElement.scrollWidth > innerWidth) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
				return out.join('; ');
			})()`)
			if got != "" {
				t.Errorf("%dx%d %s in presenter mode: %s", sz[0], sz[1], tc.lesson, got)
			}
			shot(t, ctx, fmt.Sprintf("presenter-cards-%s-%dx%d", tc.lesson, sz[0], sz[1]))
		}
		do(t, ctx, chromedp.KeyEvent("f"))
		waitFor(t, ctx, "presenter mode left", `!document.body.classList.contains('presenter')`)
	}
}
