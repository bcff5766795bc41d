package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
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
