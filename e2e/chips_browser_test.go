package e2e

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// lessMotion asks the tab for less motion (prefers-reduced-motion: reduce):
// a step is drawn at once, with no glide or pop-in to wait for, which is
// all these tests would wait for at each of their many steps.
func lessMotion(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
		})
		return err
	}))
}

// chipsMisfit says ("" when none) which chips in sight are not as wide as
// their text: a chip is its text's drawn width and 24 units of padding, at
// least 58 (diagram.js CHIP_PAD, CHIP_MIN), unless its text is pressed to
// fit (textLength) or shortened ("…"), when it may be narrower than the
// whole label but still holds its text. Widths are in the chip's own units
// (a chip scaled into a CPU slot is scaled whole).
const chipsMisfit = `(() => {
  const bad = [];
  for (const g of document.querySelectorAll('#diagram .token:not(.off-view)')) {
    const rect = g.querySelector('.token-inner > rect:not(.halo)');
    const txt = g.querySelector('.token-inner > text');
    if (!rect || !txt || !txt.textContent) continue;
    const w = Number(rect.getAttribute('width'));
    const len = txt.getComputedTextLength();
    if (txt.hasAttribute('textLength')) {
      if (w < Number(txt.getAttribute('textLength')) + 24 - 1) bad.push('P' + g.dataset.pid + ' "' + txt.textContent + '" is ' + w + ' wide, pressed to ' + txt.getAttribute('textLength'));
      continue;
    }
    const want = Math.max(58, Math.ceil(len + 24));
    if (Math.abs(w - want) > 1) bad.push('P' + g.dataset.pid + ' "' + txt.textContent + '" is ' + w + ' wide; its text takes ' + len.toFixed(1) + ', so want ' + want);
  }
  return bad.join('; ');
})()`

// busyMismatch says ("" when none) where the CPU slots' "busy" marks (a
// busy slot hides its "idle" text, app.css) and the running tokens
// disagree: a slot is busy exactly when a running token sits in it.
const busyMismatch = `(() => {
  const busy = document.querySelectorAll('#diagram .cpu-slot.busy').length;
  const running = document.querySelectorAll('#diagram [data-node="running"] .token[data-state="running"]').length;
  return busy === running ? '' : busy + ' CPU slots marked busy with ' + running + ' tasks running';
})()`

// stepOnTo clicks "step" once and waits for step n and the glides to end.
func stepOnTo(t *testing.T, ctx context.Context, n int64) {
	t.Helper()
	do(t, ctx, chromedp.Click("#btn-step"))
	waitFor(t, ctx, fmt.Sprintf("step %d", n), fmt.Sprintf(`document.body.dataset.step === '%d' && !document.querySelector('#diagram .token.moving')`, n))
}

// TestBrowserChipsFitTheirText steps through lessons whose steps make new
// tokens (forks, a run's first draw) and checks every chip in sight is as
// wide as its own text, then opens a share link of the same step and checks
// again. A token new to the drawing has no text of its own to measure yet:
// its label used to be sized by an estimate and kept that size (P1 "init"
// 119 units wide for 77 of text, "P4 daemon" narrower than its text, its
// halo out of the box).
func TestBrowserChipsFitTheirText(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	lessMotion(t, ctx)
	for _, tc := range []struct {
		lesson string
		steps  int64
	}{{"orphans", 10}, {"lifecycle", 8}, {"mlfq", 6}} {
		do(t, ctx, chromedp.Navigate(base+"/?lang=en"))
		selectLesson(t, ctx, tc.lesson)
		if bad := eval[string](t, ctx, chipsMisfit); bad != "" {
			t.Errorf("%s, step 0: %s", tc.lesson, bad)
		}
		for n := int64(1); n <= tc.steps; n++ {
			stepOnTo(t, ctx, n)
			if bad := eval[string](t, ctx, chipsMisfit); bad != "" {
				t.Errorf("%s, step %d: %s", tc.lesson, n, bad)
			}
		}
		hash := shareFragment(t, map[string]any{"l": tc.lesson, "n": tc.steps, "g": "en"})
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"+hash))
		waitFor(t, ctx, "the link's step", fmt.Sprintf(`document.body.dataset.step === '%d' && document.querySelectorAll('#diagram .token:not(.off-view) .token-inner').length > 0`, tc.steps))
		if bad := eval[string](t, ctx, chipsMisfit); bad != "" {
			shot(t, ctx, "chips-misfit-"+tc.lesson)
			t.Errorf("%s, its link at step %d: %s", tc.lesson, tc.steps, bad)
		}
	}
}

// TestBrowserIdleCPUSaysIdle steps through the deadlock lesson, whose two
// threads end asleep on each other's mutex with the CPU idle, and then
// back to step 0: at every step a CPU slot is marked busy exactly when a
// task runs in it. The mark used to stay once a task had run, so an idle
// CPU showed an empty slot instead of "idle" (a link to the same step
// showed "idle").
func TestBrowserIdleCPUSaysIdle(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	lessMotion(t, ctx)
	do(t, ctx, chromedp.Navigate(base+"/?lang=en"))
	selectLesson(t, ctx, "deadlock")
	_, total := stepShown(t, ctx)
	idle := 0
	for n := int64(1); n <= total; n++ {
		stepOnTo(t, ctx, n)
		if bad := eval[string](t, ctx, busyMismatch); bad != "" {
			t.Errorf("step %d: %s", n, bad)
		}
		if eval[int](t, ctx, `document.querySelectorAll('#diagram [data-node="running"] .token[data-state="running"]').length`) == 0 {
			idle++
		}
	}
	if idle == 0 {
		t.Fatalf("no step of the deadlock lesson's %d has its CPU idle: the test checks nothing", total)
	}
	do(t, ctx, chromedp.Click("#btn-reset"))
	waitFor(t, ctx, "step 0", `document.body.dataset.step === '0'`)
	if bad := eval[string](t, ctx, busyMismatch); bad != "" {
		t.Errorf("back at step 0: %s", bad)
	}
}

// textsUnderBubbles says ("" when none) which texts of the diagram a
// bubble of the step covers and which still show: an arrow's label, a
// node's title or subtitle (diagram.js hides them: class covered).
const textsUnderBubbles = `(() => {
  const rects = [...document.querySelectorAll('#diagram .bubble rect')].map(r => r.getBoundingClientRect());
  const bad = [];
  for (const el of document.querySelectorAll('#diagram .arrow-label, #diagram .node-title, #diagram .node-sub')) {
    if (getComputedStyle(el).visibility === 'hidden') continue;
    const b = el.getBoundingClientRect();
    if (!b.width) continue;
    if (rects.some(r => r.left < b.right - 1 && b.left < r.right - 1 && r.top < b.bottom - 1 && b.top < r.bottom - 1)) bad.push('"' + el.textContent + '"');
  }
  return bad.join(', ');
})()`

// TestBrowserBubblesHideWhatTheyCover steps through the orphans lesson,
// whose steps light several arrows at once, in both languages: no label or node text may show cut by a bubble
// drawn over it ("exit()" covered the first letter of the Zombie's
// "exited, not reaped"; "I/O done · child exited" the disk's "I/O done").
func TestBrowserBubblesHideWhatTheyCover(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720))
	lessMotion(t, ctx)
	covered := 0
	for _, lang := range []string{"en", "zh-CN"} {
		do(t, ctx, chromedp.Navigate(base+"/?lang="+lang))
		selectLesson(t, ctx, "orphans")
		_, total := stepShown(t, ctx)
		if lang != "en" {
			total = min(total, 10) // the Chinese labels' overlaps are those of the first steps
		}
		for n := int64(1); n <= total; n++ {
			stepOnTo(t, ctx, n)
			waitFor(t, ctx, "the bubbles shown", `document.getAnimations().every(a => a.playState !== 'running')`)
			if bad := eval[string](t, ctx, textsUnderBubbles); bad != "" {
				shot(t, ctx, "under-bubbles-"+lang)
				t.Errorf("%s, step %d: texts showing under a bubble: %s", lang, n, bad)
			}
			covered += eval[int](t, ctx, `document.querySelectorAll('#diagram .covered').length`)
		}
	}
	if covered == 0 {
		t.Error("no step of the lesson covered a text with a bubble: the test checks nothing")
	}
}

// TestBrowserExitBubbleCoversNoNode steps the lifecycle lesson to the
// worker's exit and checks that the bubble of the exit arrow hides no
// node's title or subtitle: the arrow is short (Running to Zombie), and its
// bubble once sat over the Zombie's "exited, not reaped", which was hidden
// just as the token arrived in the box it explains.
func TestBrowserExitBubbleCoversNoNode(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	want := zombieStep(t)
	lessMotion(t, ctx)
	for _, size := range [][2]int64{{1280, 720}, {1920, 1080}} {
		for _, lang := range []string{"en", "zh-CN"} {
			do(t, ctx, chromedp.EmulateViewport(size[0], size[1]))
			do(t, ctx, chromedp.Navigate(base+"/?lang="+lang))
			selectLesson(t, ctx, "lifecycle")
			for n := int64(1); n <= want; n++ {
				stepOnTo(t, ctx, n)
			}
			waitFor(t, ctx, "the exit bubble", `!!document.querySelector('#diagram .bubble[data-arrow="running-zombie"]')`)
			waitFor(t, ctx, "the bubbles shown", `document.getAnimations().every(a => a.playState !== 'running')`)
			if bad := eval[string](t, ctx, `[...document.querySelectorAll('#diagram .nodes .covered')].map(e => e.textContent).join(', ')`); bad != "" {
				shot(t, ctx, "exit-bubble-"+lang)
				t.Errorf("%s, %dx%d, step %d: the exit bubble hides %s", lang, size[0], size[1], want, bad)
			}
		}
	}
}

// TestBrowserHalosStayInTheirBoxes steps the orphans lesson (chips moving
// into the narrow Sleeping, Zombie and Dead boxes) and checks that every
// moved chip's dashed halo, its stroke included, stays inside its box: it
// stood 8 units off the chip with a 5-unit stroke, 10.5 in all, where a box
// leaves 8 to 10 units between its chips and its border.
func TestBrowserHalosStayInTheirBoxes(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720))
	lessMotion(t, ctx)
	do(t, ctx, chromedp.Navigate(base+"/?lang=en"))
	selectLesson(t, ctx, "orphans")
	_, total := stepShown(t, ctx)
	halos := 0
	for n := int64(1); n <= total; n++ {
		stepOnTo(t, ctx, n)
		got := eval[[]string](t, ctx, `(() => {
  const svg = document.querySelector('#diagram svg');
  const k = svg.getBoundingClientRect().width / 1200;
  const out = [];
  for (const tk of document.querySelectorAll('#diagram .token.moved')) {
    const node = tk.closest('[data-node]');
    if (!node || node.dataset.node === 'origin') continue;
    const box = node.querySelector('.node-box').getBoundingClientRect();
    const halo = tk.querySelector('.halo');
    const h = halo.getBoundingClientRect(), sw = parseFloat(getComputedStyle(halo).strokeWidth) / 2 * k;
    const over = Math.max(box.left - (h.left - sw), h.right + sw - box.right, box.top - (h.top - sw), h.bottom + sw - box.bottom) / k;
    out.push(over > 0.5 ? node.dataset.node + ' ' + tk.dataset.pid + ' by ' + over.toFixed(1) : '');
  }
  return out;
})()`)
		for _, bad := range got {
			halos++
			if bad != "" {
				t.Errorf("step %d: a halo crosses its box's border: %s", n, bad)
			}
		}
	}
	if halos == 0 {
		t.Error("no step of the lesson showed a moved chip: the test checks nothing")
	}
}

// TestBrowserArrowsKeepClearOfOtherBoxes samples every arrow of the state
// diagram and checks that it passes no box but its own two by less than 10
// drawing units: the arrow from Running to Sleeping once hugged the right
// edge and the corner of the D box, and a student took a task's way into S
// for a way into D.
func TestBrowserArrowsKeepClearOfOtherBoxes(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en"))
	selectLesson(t, ctx, "lifecycle")
	bad := eval[[]string](t, ctx, `(() => {
  const svg = document.querySelector('#diagram svg');
  const boxes = {};
  for (const g of svg.querySelectorAll('.node[data-node]')) {
    const r = g.querySelector('.node-box');
    if (r) boxes[g.dataset.node] = { x: +r.getAttribute('x'), y: +r.getAttribute('y'), w: +r.getAttribute('width'), h: +r.getAttribute('height') };
  }
  const out = [];
  for (const g of svg.querySelectorAll('.arrows .arrow')) {
    const [from, to] = g.dataset.arrow.split('-');
    const path = g.querySelector('path'), len = path.getTotalLength();
    for (let i = 0; i <= 200; i++) {
      const p = path.getPointAtLength(len * i / 200);
      for (const [name, b] of Object.entries(boxes)) {
        if (name === from || name === to) continue;
        const dx = Math.max(b.x - p.x, 0, p.x - (b.x + b.w)), dy = Math.max(b.y - p.y, 0, p.y - (b.y + b.h));
        if (Math.hypot(dx, dy) < 10) { out.push(g.dataset.arrow + ' passes ' + name + ' at ' + Math.round(p.x) + ',' + Math.round(p.y)); break; }
      }
      if (out.length && out[out.length - 1].startsWith(g.dataset.arrow + ' ')) break;
    }
  }
  return out;
})()`)
	for _, b := range bad {
		t.Error(b)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#diagram .arrows .arrow').length`); n < 15 {
		t.Fatalf("%d arrows in the diagram: the test checks too little", n)
	}
}

// TestBrowserWriterSaidInTheLanguagesOrder steps the lost-update lesson to
// a store and reads the shared variable's note: "written by t1" in English,
// "由 t1 写入" in Chinese (it read "由 写入 t1": the name was put after
// the sentence, in English order).
func TestBrowserWriterSaidInTheLanguagesOrder(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720))
	want := map[string]string{"en": `^✎ written by t[12]$`, "zh-CN": `^✎ 由 t[12] 写入$`}
	for _, lang := range []string{"en", "zh-CN"} {
		do(t, ctx, chromedp.Navigate(base+"/?lang="+lang))
		selectLesson(t, ctx, "lost-update")
		_, total := stepShown(t, ctx)
		got := ""
		for n := int64(1); n <= total && got == ""; n++ {
			stepOnTo(t, ctx, n)
			got = eval[string](t, ctx, `(document.querySelector('#vars .writer') || {}).textContent || ''`)
		}
		if !regexp.MustCompile(want[lang]).MatchString(got) {
			t.Errorf("%s: the writer's note says %q; want %s", lang, got, want[lang])
		}
	}
}

// TestBrowserNoCapitalsInChinese checks that the headings set in capitals
// in English (text-transform) keep the case of the Latin words in Chinese
// text: "所有 goroutine 都在睡眠" had read "所有 GOROUTINE 都在睡眠".
func TestBrowserNoCapitalsInChinese(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	count := `[...document.querySelectorAll('*')].filter(e => getComputedStyle(e).textTransform === 'uppercase').length`
	for _, lang := range []string{"en", "zh-CN"} {
		do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang="+lang))
		waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
		n := eval[int](t, ctx, count)
		if lang == "en" && n == 0 {
			t.Error("en: no heading in capitals: the test checks nothing")
		}
		if lang == "zh-CN" && n > 0 {
			t.Errorf("zh-CN: %d elements set in capitals", n)
		}
	}
}
