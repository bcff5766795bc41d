package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/internal/workload"
	"proclab/server"
)

// TestBrowserDrawnAtSpeed checks that the timeline and the log, which keep
// what they found from one draw to the next (timeline.js the runs reaching
// out of the window, log.js its rows, written again with new sentences when
// they go out of sight), show after playing at the top speed what a page
// opened afresh at the same step shows: the same sentences, steps, kinds
// and marks in the log's first rows, and the same runs (task, CPU, state,
// wait, place and width on the screen, label and its place) on the
// timeline, as its canvas lists them (timeline.js runs()), and that the
// canvas shows the runs it lists (timelinePainted).
func TestBrowserDrawnAtSpeed(t *testing.T) {
	ctx := tabWithin(t, 4*time.Minute)
	budgets := server.DefaultBudgets
	budgets.RunBytesPerClient = budgets.RunBytes
	base := serveWith(t, budgets)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	scenario := workload.Endless(64, 4)
	tokens := `document.querySelectorAll('#diagram [data-pid]').length >= 64`
	scroll := `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`
	// rows: the log's first rows (up to 30); runs: the timeline's runs in sight,
	// by their place on the screen (the two pages' step coordinates differ),
	// cut to the panel's width (a page opened at a step has fewer of the
	// steps before it: a run reaching out of sight may start later).
	rows := `[...document.querySelectorAll('#log li:not(.log-spacer)')].slice(0, 30).map(li =>
  [li.dataset.step, li.dataset.kind, ['now', 'first', 'prob'].filter(c => li.classList.contains(c)).join(' '), li.textContent].join(' | '))`
	runs := `(() => {
  const view = document.querySelector('#timeline .tl-scroll').getBoundingClientRect();
  return document.querySelector('#timeline').timeline.runs().map(r => {
    const right = r.x + r.width;
    if (right <= view.left || r.x >= view.right || r.width <= 0) return '';
    return [r.task, r.cpu ?? '', r.lane === 'task' ? r.state : '', r.wait, r.spin, r.trap,
      Math.round(Math.max(r.x, view.left)), Math.round(r.y), Math.round(Math.min(right, view.right) - Math.max(r.x, view.left)), Math.round(r.height),
      // (a label's place when the run starts in sight: one centred on a run cut differently moves)
      ...(r.label ? [(r.x >= view.left ? Math.round(r.labelX) : '') + ':' + r.label] : [])].join(' ');
  }).filter(Boolean).sort();
})()`

	// At 60 steps/s the columns narrow at every step until about step
	// 125 (the runs kept move); at the top speed many steps come in a draw.
	for _, c := range []struct {
		speed float64
		until int64
	}{{60, 90}, {1000, 600}} {
		t.Run(fmt.Sprintf("%.0f steps/s", c.speed), func(t *testing.T) {
			openLink(t, ctx, base, scenario, 1, tokens)
			eval[bool](t, ctx, scroll)
			setSpeed(t, ctx, c.speed)
			// While playing, at most every 150 ms, the picture a render has
			// just shifted against the same view painted whole (at once: the
			// view the timeline holds takes the next steps as they come).
			eval[bool](t, ctx, `(() => {
  const api = document.querySelector('#timeline').timeline;
  const render = api.render;
  window.tlShift = { checked: 0, bad: [], at: 0, stop: () => { api.render = render; } };
  api.render = (...args) => {
    const out = render(...args);
    const now = performance.now();
    if (api.paints().sinceFull && now - tlShift.at >= 150) {
      tlShift.at = now;
      tlShift.checked++;
      const bad = (`+shiftedIsWhole+`)();
      if (bad && tlShift.bad.length < 3) tlShift.bad.push('step ' + api.shown().lastStep + ': ' + bad);
    }
    return out;
  };
  return true;
})()`)
			playing(t, ctx, true)
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Number(document.body.dataset.step || 0) >= `+fmt.Sprint(c.until), chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
				t.Fatalf("waiting for step %d at %.0f steps/s: %v (the page shows step %d)", c.until, c.speed, err, shownStep(t, ctx))
			}
			playing(t, ctx, false)
			step := shownStep(t, ctx)
			shift := eval[struct {
				Checked int
				Bad     []string
			}](t, ctx, `(window.tlShift.stop(), window.tlShift)`)
			for _, bad := range shift.Bad {
				t.Errorf("while playing at %.0f steps/s, at %s", c.speed, bad)
			}
			if c.speed == 1000 && shift.Checked == 0 {
				t.Errorf("while playing at %.0f steps/s, no shifted picture was checked (paints: %v)", c.speed,
					eval[map[string]int](t, ctx, `document.querySelector('#timeline').timeline.paints()`))
			}
			// The page draws once more when playing stops (the panels left out).
			twoFrames(t, ctx)
			eval[bool](t, ctx, scroll)
			twoFrames(t, ctx)
			gotRows := eval[[]string](t, ctx, rows)
			gotRuns := eval[[]string](t, ctx, runs)
			// The picture left after playing, if shifted, is the one painted whole.
			shifts := eval[int](t, ctx, `document.querySelector('#timeline').timeline.paints().sinceFull`)
			if bad := eval[string](t, ctx, `(`+shiftedIsWhole+`)()`); bad != "" {
				t.Errorf("at step %d, after %d shifted draws: %s", step, shifts, bad)
			}
			t.Logf("%d shifted pictures checked while playing, %d shifted draws since the last whole one at the end", shift.Checked, shifts)

			openLink(t, ctx, base, scenario, step, tokens)
			eval[bool](t, ctx, scroll)
			twoFrames(t, ctx)
			// (Scrolled again: the panels above may have grown since, the
			// page drawing part of its first screen after its first frame.)
			eval[bool](t, ctx, scroll)
			twoFrames(t, ctx)
			wantRows := eval[[]string](t, ctx, rows)
			wantRuns := eval[[]string](t, ctx, runs)

			// (The log draws the rows in sight and some more, as many as its
			// measured row height says: the two pages may draw a few more or fewer.)
			if len(wantRows) < 10 || len(gotRows) < 10 {
				t.Fatalf("the log shows %d rows at step %d after playing, %d on a page opened there; want at least 10", len(gotRows), step, len(wantRows))
			}
			n := min(len(gotRows), len(wantRows))
			gotRows, wantRows = gotRows[:n], wantRows[:n]
			if len(wantRuns) < 50 {
				t.Fatalf("the fresh page's timeline shows %d runs at step %d; want at least 50", len(wantRuns), step)
			}
			compare := func(what string, got, want []string) {
				t.Helper()
				if len(got) != len(want) {
					t.Errorf("after playing to step %d the %s has %d items; a page opened at that step has %d", step, what, len(got), len(want))
				}
				for i := 0; i < len(got) && i < len(want); i++ {
					if got[i] != want[i] {
						t.Errorf("after playing to step %d the %s's item %d is\n  %q\nwant (a page opened at that step)\n  %q", step, what, i, got[i], want[i])
						return
					}
				}
			}
			compare("log", gotRows, wantRows)
			compare("timeline", gotRuns, wantRuns)
			// What the timeline says it painted is on the canvas.
			if bad := eval[string](t, ctx, timelinePainted); bad != "" {
				t.Errorf("at step %d: %s", step, bad)
			}
			t.Logf("step %d: %d log rows and %d timeline runs compared", step, len(wantRows), len(wantRuns))
		})
	}
}

// twoFrames waits until the page has drawn two more animation frames.
func twoFrames(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(window.twoFramesDone = false, requestAnimationFrame(() => requestAnimationFrame(() => { window.twoFramesDone = true })), true)`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.twoFramesDone === true`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("waiting for two frames: %v", err)
	}
}

// shiftedIsWhole (a JS function) compares #timeline's canvas, pixel by
// pixel, with the same step painted whole (timeline.js redraw()): it says
// how many pixels differ and where the first ones are (empty when none).
// A channel may differ by 2 at most: the pixels on the inner edge of the
// clip a shifted picture is painted in come out a unit off at times (seen:
// 1 in one channel, in the column at the clip's edge); a picture one
// column off differs by tens to hundreds in thousands of pixels.
const shiftedIsWhole = `() => {
  const tl = document.querySelector('#timeline');
  const cv = tl.querySelector('canvas.tl-canvas');
  const g = cv.getContext('2d');
  const a = g.getImageData(0, 0, cv.width, cv.height).data;
  tl.timeline.redraw();
  const b = g.getImageData(0, 0, cv.width, cv.height).data;
  if (a.length !== b.length) return 'the canvas changed size when drawn again';
  let n = 0;
  const at = [];
  for (let i = 0; i < a.length; i += 4) {
    const d = Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2]), Math.abs(a[i + 3] - b[i + 3]));
    if (d <= 2) continue;
    n++;
    if (at.length < 6) { const p = i / 4; at.push('(' + (p % cv.width) + ',' + Math.floor(p / cv.width) + ') rgba(' + [...a.slice(i, i + 4)] + ') want rgba(' + [...b.slice(i, i + 4)] + ')'); }
  }
  return n ? n + ' of ' + (a.length / 4) + ' pixels (' + cv.width + '×' + cv.height + ') differ from the picture painted whole, first: ' + at.join(', ') : '';
}`

// timelinePainted checks #timeline's canvas against the runs it says it
// painted (timeline.js runs()): the pixel in the middle of each plain bar
// in sight (a CPU lane's run in user mode with no label: the task's
// colour; a task lane's run while running: the running state's colour) is
// that colour. It returns what differs (empty when all agree, or when fewer
// than 5 runs could be checked, said too).
const timelinePainted = `(() => {
  const tl = document.querySelector('#timeline');
  const cv = tl.querySelector('canvas.tl-canvas');
  const cr = cv.getBoundingClientRect();
  const g = cv.getContext('2d');
  const k = cv.width / cr.width;
  const probe = document.createElement('canvas').getContext('2d');
  const rgb = c => { probe.fillStyle = '#000'; probe.fillStyle = c; probe.fillRect(0, 0, 1, 1); return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)]; };
  const bad = [];
  let n = 0;
  for (const r of tl.timeline.runs()) {
    const cx = r.x + Math.min(r.width, 24) / 2, cy = r.y + r.height / 2;
    if (cx < cr.left + 2 || cx > cr.right - 2 || cy < cr.top + 2 || cy > cr.bottom - 2 || r.width < 6) continue;
    let want = '';
    if (r.lane === 'cpu' && !r.kernel && !r.switch && !r.label) want = tl.timeline.colors.task(r.task);
    else if (r.lane === 'task' && r.state === 'running' && !r.kernel && !r.spin && !r.wait && !r.label) want = tl.timeline.colors.state('running');
    if (!want) continue;
    const got = [...g.getImageData(Math.round((cx - cr.left) * k), Math.round((cy - cr.top) * k), 1, 1).data.slice(0, 3)];
    const w = rgb(want);
    n++;
    if (got.some((v, i) => Math.abs(v - w[i]) > 3)) bad.push('P' + r.task + (r.cpu !== null ? ' on CPU ' + r.cpu : '') + ' at step ' + r.step + ': painted rgb(' + got + '), want ' + want);
  }
  if (n < 5) return 'only ' + n + ' plain runs in sight to check on the canvas; want at least 5';
  return bad.slice(0, 5).join('; ');
})()`
