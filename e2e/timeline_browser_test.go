package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"proclab/internal/workload"
)

// timelineLessons are the lessons whose timelines a person looks at after a
// change to timeline.js: system calls (trap labels, kernel hatching, vDSO)
// and spinning against blocking (sync objects' patterns, the ↻ label).
var timelineLessons = []struct {
	id   string
	step int64
}{{"syscalls", 14}, {"spin-vs-block", 30}}

// TestBrowserTimelineShots takes screenshots of the timelines of
// timelineLessons in English and in Chinese, at 1280×800 and at a
// projector's 1920×1080 (PROCLAB_SHOTS keeps them). It checks only that
// the timeline drew something: the pictures are for a person.
func TestBrowserTimelineShots(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {1920, 1080}} {
		do(t, ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(base+"/"))
		for _, lang := range []string{"en", "zh"} {
			if lang == "zh" {
				do(t, ctx, chromedp.Click("#btn-lang"))
				waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
			}
			for _, l := range timelineLessons {
				openAnyLesson(t, ctx, l.id)
				seekTo(t, ctx, l.step)
				eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
				twoFrames(t, ctx)
				shot(t, ctx, fmt.Sprintf("timeline-%s-%s-%dx%d", l.id, lang, size.w, size.h))
			}
		}
		if lang := eval[string](t, ctx, `document.documentElement.lang`); lang == "zh-CN" {
			do(t, ctx, chromedp.Click("#btn-lang"))
			waitFor(t, ctx, "English", `document.documentElement.lang !== 'zh-CN'`)
		}
	}
}

// TestBrowserTimelineWords checks what the timeline's canvas says besides
// its pixels, in English and in Chinese: the tooltip of the run under the
// pointer (found by a hit test on the canvas: a system call's run, then a
// task lane's run, each tooltip the run's own), no tooltip over an empty
// place, and the canvas's aria-label (the steps shown and what each CPU
// runs at the newest one).
func TestBrowserTimelineWords(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/"))
	for _, lang := range []string{"en", "zh"} {
		if lang == "zh" {
			do(t, ctx, chromedp.Click("#btn-lang"))
			waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
		}
		openAnyLesson(t, ctx, "syscalls")
		seekTo(t, ctx, 14)
		eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
		twoFrames(t, ctx)
		for _, pick := range []string{`r.lane === 'cpu' && r.trap === 'getpid'`, `r.lane === 'task' && r.state === 'sleeping'`} {
			run := eval[map[string]any](t, ctx, fmt.Sprintf(`(() => {
  const r = document.querySelector('#timeline').timeline.runs().find(r => %s && r.width >= 8);
  return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2, title: r.title } : {};
})()`, pick))
			if run["title"] == nil {
				t.Fatalf("%s: no run with %s on the timeline", lang, pick)
			}
			x, y, title := run["x"].(float64), run["y"].(float64), run["title"].(string)
			do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
			waitFor(t, ctx, "the tooltip", fmt.Sprintf(`(() => { const tip = document.querySelector('#timeline .tl-tip'); return !tip.hidden && tip.textContent === %q })()`, title))
			if hasCJK := cjk.MatchString(title); hasCJK != (lang == "zh") {
				t.Errorf("%s: the tooltip %q has Chinese %v; want %v", lang, title, hasCJK, lang == "zh")
			}
			if pick[:14] == `r.lane === 'cp` && !strings.Contains(title, "getpid") {
				t.Errorf("%s: the tooltip of getpid's run says %q; want the call named", lang, title)
			}
		}
		// Over the axis: no run, no tooltip.
		ax := eval[map[string]any](t, ctx, `(() => { const r = document.querySelector('#timeline canvas').getBoundingClientRect(); return { x: r.left + 40, y: r.top + 8 } })()`)
		do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, ax["x"].(float64), ax["y"].(float64)))
		waitFor(t, ctx, "no tooltip over the axis", `document.querySelector('#timeline .tl-tip').hidden`)

		label := eval[string](t, ctx, `document.querySelector('#timeline canvas').getAttribute('aria-label') || ''`)
		cpu := eval[string](t, ctx, `(() => { const r = document.querySelector('#timeline').timeline.runs().find(r => r.lane === 'cpu' && r.step + r.steps - 1 === 14); return r ? 'P' + r.task : '' })()`)
		if !strings.Contains(label, "1–14") || !strings.Contains(label, "CPU 0") || (cpu != "" && !strings.Contains(label, cpu)) {
			t.Errorf("%s: the timeline's aria-label is %q; want the steps 1–14 and what CPU 0 runs at step 14 (%s)", lang, label, cpu)
		}
		if role := eval[string](t, ctx, `document.querySelector('#timeline canvas').getAttribute('role')`); role != "img" {
			t.Errorf("%s: the canvas's role is %q; want img", lang, role)
		}
	}
}

// labelRowsCheck says how the timeline's label column stands: the lanes,
// the task rows made, and the problems found ("" for none): a row not
// level with its lane (its tag not the lane's task's), or the spacers and
// rows not as tall as the lanes together.
const labelRowsCheck = `(() => {
  const tl = document.querySelector('#timeline');
  const lanes = tl.timeline.shown().tasks;
  const rows = [...tl.querySelectorAll('.tl-row.task')];
  const sp = [...tl.querySelectorAll('.tl-spacer')];
  const bad = [];
  if (sp.length !== 2) return JSON.stringify({ lanes: lanes.length, rows: rows.length, last: false, bad: sp.length + ' spacers' });
  const top0 = sp[0].getBoundingClientRect().top;
  for (const r of rows) {
    const i = Math.round((r.getBoundingClientRect().top - top0) / 28);
    if (!r.textContent.trim().startsWith('P' + lanes[i] + ' ')) { bad.push('the row at lane ' + i + ' says ' + r.textContent.trim() + ', the lane is P' + lanes[i]); break; }
  }
  const h = sp[0].getBoundingClientRect().height + sp[1].getBoundingClientRect().height + rows.reduce((a, r) => a + r.getBoundingClientRect().height, 0);
  if (Math.abs(h - lanes.length * 28) > 1) bad.push('rows and spacers ' + h + ' px tall for ' + lanes.length + ' lanes');
  const last = rows.length > 0 && rows[rows.length - 1].textContent.trim().startsWith('P' + lanes[lanes.length - 1] + ' ');
  return JSON.stringify({ lanes: lanes.length, rows: rows.length, last, bad: bad.join('; ') });
})()`

// TestBrowserTimelineLabelsInSight opens the largest run the limits allow
// (3,030 lanes) and reads the timeline's label column: it makes the rows
// of the lanes in sight and a few more (timeline.js drawLabels), each
// level with its lane, with spacers for the others, and makes the last
// lanes' rows once the panel is scrolled to its end.
func TestBrowserTimelineLabelsInSight(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
	eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
	type state struct {
		Lanes int    `json:"lanes"`
		Rows  int    `json:"rows"`
		Last  bool   `json:"last"`
		Bad   string `json:"bad"`
	}
	read := func(when string) state {
		var s state
		if err := json.Unmarshal([]byte(eval[string](t, ctx, labelRowsCheck)), &s); err != nil {
			t.Fatal(err)
		}
		if s.Lanes < 3000 || s.Rows == 0 || s.Rows > 120 || s.Bad != "" {
			t.Errorf("%s: %d task rows made for %d lanes, problems %q; want the rows in sight and 20 more each side (at most 120), each level with its lane", when, s.Rows, s.Lanes, s.Bad)
		}
		return s
	}
	waitFor(t, ctx, "the timeline drawn", `(document.querySelector('#timeline').timeline.shown() || { tasks: [] }).tasks.length >= 3000 && document.querySelectorAll('#timeline .tl-row.task').length > 0`)
	read("at the top")
	eval[bool](t, ctx, `(() => { const w = document.querySelector('#timeline .tl-wrap'); w.scrollTop = w.scrollHeight; return true })()`)
	waitFor(t, ctx, "the last lane's row made", `(() => { const rows = document.querySelectorAll('#timeline .tl-row.task'); const lanes = document.querySelector('#timeline').timeline.shown().tasks; return rows.length > 0 && rows[rows.length - 1].textContent.trim().startsWith('P' + lanes[lanes.length - 1] + ' ') })()`)
	if s := read("scrolled to the end"); !s.Last {
		t.Errorf("scrolled to the end: the last lane has no row")
	}
}

// TestBrowserTimelineFollowsTheTheme switches the theme while a run is
// paused with the timeline in sight: the timeline's canvas is opaque,
// painted on its card's background, so it must be painted again in the
// new theme's colours at once (timeline.js observes <html data-theme>),
// not at the next step. It reads a pixel of the canvas where nothing is
// drawn on the background (the axis's top right, past the cursor) and
// compares it with the card's background colour.
func TestBrowserTimelineFollowsTheTheme(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/"))
	openAnyLesson(t, ctx, "syscalls")
	seekTo(t, ctx, 14)
	eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
	twoFrames(t, ctx)
	for _, theme := range []string{"dark", "contrast", "light", "dark"} {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#theme-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, theme))
		twoFrames(t, ctx)
		got := eval[string](t, ctx, `(() => {
  const cv = document.querySelector('#timeline canvas.tl-canvas');
  const k = cv.width / cv.getBoundingClientRect().width;
  const p = cv.getContext('2d').getImageData(cv.width - Math.ceil(3 * k), Math.ceil(k), 1, 1).data;
  return 'rgb(' + p[0] + ', ' + p[1] + ', ' + p[2] + ')' + (p[3] === 255 ? '' : ' alpha ' + p[3]);
})()`)
		want := eval[string](t, ctx, `getComputedStyle(document.querySelector('#timeline').closest('.card')).backgroundColor`)
		if got != want {
			t.Errorf("theme %s: the timeline's background reads %s; want the card's %s", theme, got, want)
		}
	}
	if bg := eval[string](t, ctx, `getComputedStyle(document.querySelector('#timeline').closest('.card')).backgroundColor`); bg == "rgb(255, 255, 255)" {
		t.Errorf("the dark theme's card is white: the test compares nothing")
	}
}

// TestBrowserPrintsInTheLightTheme prints the page (Chromium's own print to
// PDF, which fires beforeprint and afterprint) while the dark theme is in
// force: the print is laid out in the light theme (paper is white, and the
// browser leaves backgrounds out, so the dark theme's light text would be
// lost), with the timeline's opaque picture painted again on the light
// card before the print is laid out, and the dark theme is back after it.
func TestBrowserPrintsInTheLightTheme(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/"))
	openAnyLesson(t, ctx, "syscalls")
	seekTo(t, ctx, 14)
	eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#theme-select'); s.value = 'dark'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	twoFrames(t, ctx)
	// What the page is as the print lays it out: read in beforeprint's
	// last listener, after the microtasks of the ones before it.
	eval[bool](t, ctx, `(() => {
  window.__printed = null;
  window.addEventListener('beforeprint', () => queueMicrotask(() => queueMicrotask(() => {
    const cv = document.querySelector('#timeline canvas.tl-canvas');
    const k = cv.width / cv.getBoundingClientRect().width;
    const p = cv.getContext('2d').getImageData(cv.width - Math.ceil(3 * k), Math.ceil(k), 1, 1).data;
    window.__printed = { theme: document.documentElement.dataset.theme, canvas: 'rgb(' + p[0] + ', ' + p[1] + ', ' + p[2] + ')',
      card: getComputedStyle(document.querySelector('#timeline').closest('.card')).backgroundColor,
      ink: getComputedStyle(document.querySelector('#narration') || document.body).color };
  })));
  return true })()`)
	if _, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the print's theme read", `window.__printed !== null`)
	got := eval[map[string]string](t, ctx, `window.__printed`)
	if got["theme"] != "light" || got["canvas"] != "rgb(255, 255, 255)" || got["card"] != "rgb(255, 255, 255)" {
		t.Errorf("printed in the dark theme: %v; want the light theme, the timeline painted on the white card", got)
	}
	waitFor(t, ctx, "the dark theme back after the print", `document.documentElement.dataset.theme === 'dark' && !document.documentElement.dataset.printTheme`)
}
