package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/live"
	"proclab/server"
	"proclab/web"
)

// layoutSize is one screen the page must fit: a projector at 1080p, the
// same zoomed to 150 % (1280x720), an old 4:3 projector, and a phone held
// upright.
type layoutSize struct {
	name  string
	w, h  int64
	phone bool
	// minDiagramPx is the smallest rendered size (CSS px) allowed for the
	// text of a state diagram, 0 for no minimum.
	minDiagramPx float64
}

// layoutPage is one state of the page the layout test looks at: open
// brings the tab to it (from whatever page the previous one left).
type layoutPage struct {
	name string
	open func(t *testing.T, ctx context.Context, base string)
	// sizes names the screens the page is looked at on, nil for all.
	sizes []string
	// minDiagramPx, when above 0, is the smallest diagram text allowed on
	// this page (CSS px) in place of the screen's.
	minDiagramPx float64
	// close, when not nil, undoes what open did that the next page must not
	// inherit.
	close func(t *testing.T, ctx context.Context)
}

// TestBrowserLayout opens the welcome page, one lesson of each kind, the
// scheduling view's comparison and a scheduling lesson, the Races tab's
// welcome and the live tab at four screen sizes, and presenter mode on the
// two projector screens, in English and in Chinese, and fails on what a
// class would see wrong: a page wider than the screen, text cut off by its
// box or drawn over other text, diagram text below 14 px at 1280x720 (and
// 1920x1080, and in presenter mode), a diagram label
// nearer another arrow than its own, a control that another element hides,
// and any error in the console. It keeps a screenshot of each page in
// $PROCLAB_SHOTS (or the test's temp dir).
func TestBrowserLayout(t *testing.T) {
	t.Parallel()
	base, liveOn := layoutServer(t)
	sizes := []layoutSize{
		// At 1920x1080 a live lesson shows its twin and the real diagram
		// side by side, each half as wide: 11 px there.
		{name: "1920x1080", w: 1920, h: 1080, minDiagramPx: 11},
		{name: "1280x720", w: 1280, h: 720, minDiagramPx: 14},
		{name: "1024x768", w: 1024, h: 768},
		{name: "390x844", w: 390, h: 844, phone: true},
	}
	pages := layoutPages(liveOn)
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			t.Parallel()
			ctx := tab(t)
			errs := watchConsole(t, ctx)
			opts := []chromedp.EmulateViewportOption{chromedp.EmulateLandscape}
			if sz.phone {
				opts = []chromedp.EmulateViewportOption{chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch}
			}
			do(t, ctx, chromedp.EmulateViewport(sz.w, sz.h, opts...))
			for _, lang := range []string{"en", "zh"} {
				t.Run(lang, func(t *testing.T) {
					do(t, ctx, chromedp.Navigate(base+"/"))
					waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1' && document.querySelectorAll('#lesson-select option[value]:not([value=""])').length >= 18`)
					if eval[string](t, ctx, `document.documentElement.lang`) != map[string]string{"en": "en", "zh": "zh-CN"}[lang] {
						do(t, ctx, chromedp.Click("#btn-lang"))
					}
					waitFor(t, ctx, "the language "+lang, fmt.Sprintf(`document.documentElement.lang.startsWith(%q)`, lang))
					for _, pg := range pages {
						if pg.sizes != nil && !slices.Contains(pg.sizes, sz.name) {
							continue
						}
						t.Run(pg.name, func(t *testing.T) {
							pg.open(t, ctx, base)
							if pg.close != nil {
								defer pg.close(t, ctx)
							}
							minPx := sz.minDiagramPx
							if pg.minDiagramPx > 0 {
								minPx = pg.minDiagramPx
							}
							waitFor(t, ctx, "the page still", layoutStillJS)
							eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`) // clicks scrolled to their buttons
							shot(t, ctx, fmt.Sprintf("layout-%s-%s-%s", sz.name, lang, pg.name))
							probs := eval[[]string](t, ctx, fmt.Sprintf(layoutCheckJS, minPx, !sz.phone, sz.w))
							if len(probs) > 0 {
								t.Errorf("%d layout problems:\n  %s", len(probs), strings.Join(probs, "\n  "))
							}
							if e := errs.take(); len(e) > 0 {
								t.Errorf("the console said:\n  %s", strings.Join(e, "\n  "))
							}
						})
					}
				})
			}
		})
	}
}

// layoutServer starts the server, with a live lab when this machine can run
// one (the live tab then shows its real controls, and a live lesson its
// simulated twin), and says which.
func layoutServer(t *testing.T) (base string, liveOn bool) {
	t.Helper()
	cfg := server.Config{Web: web.Files, Assets: assets.Files}
	if runtime.GOOS == "linux" {
		lab := live.New(live.Config{})
		if err := lab.Available(); err != nil {
			t.Logf("the live tab is checked without a live lab: %v", err)
			lab.Close()
		} else {
			cfg.Live, cfg.LiveToken, liveOn = lab, liveTeacherKey, true
		}
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return ts.URL, liveOn
}

// layoutPages lists the pages the layout test looks at, in the order it
// opens them.
func layoutPages(liveOn bool) []layoutPage {
	lesson := func(id string, steps int) layoutPage {
		return layoutPage{name: id, open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper()
			eval[bool](t, ctx, `document.body.dataset.view === 'proc' || (document.querySelector('#tab-proc').click(), true)`)
			eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id))
			waitFor(t, ctx, id+" loaded", fmt.Sprintf(`(() => { const c = document.querySelector('#step-counter'); return document.querySelector('#lesson-select').value === %q && c.dataset.step === '0' && Number(c.dataset.total) > 0 })()`, id))
			for k := 1; k <= steps; k++ {
				// A click on a disabled button is lost: a run still being
				// recorded (a Go program's) has no step k yet (twice
				// "waiting for go-waitgroup step N" under load).
				waitFor(t, ctx, fmt.Sprintf("%s: the step button for step %d", id, k), `!document.querySelector('#btn-step').disabled`)
				do(t, ctx, chromedp.Click("#btn-step"))
				waitFor(t, ctx, fmt.Sprintf("%s step %d", id, k), fmt.Sprintf(`document.querySelector('#step-counter').dataset.step === '%d'`, k))
			}
		}}
	}
	pages := []layoutPage{
		{name: "welcome", open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper()
			waitFor(t, ctx, "the welcome's lessons", `document.body.classList.contains('home-page') && document.querySelectorAll('#course-toc button[data-lesson], #lesson-cards button[data-lesson]').length >= 18`)
		}},
		lesson("orphans", 3),       // processes: fork, orphans, the process table
		lesson("lost-update", 4),   // a race: shared variables, who runs next, explore
		lesson("convoy", 3),        // scheduling
		lesson("go-waitgroup", 12), // a Go program: its output
		{name: "go-tab", open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper() // the Go program of the lesson before, in place of the picture
			do(t, ctx, chromedp.Click("#tab-go"))
			waitFor(t, ctx, "the Go pane", `!document.querySelector('#go-pane').hidden && document.querySelectorAll('#go-source li').length > 5`)
		}},
		lesson("pipes", 6), // IPC: the pipe's card
		{name: "sched-compare", open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper()
			do(t, ctx, chromedp.Click("#tab-sched"))
			waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched' && !document.querySelector('#sched').hidden`)
			do(t, ctx, chromedp.Click("#sched-mode-compare"))
			waitFor(t, ctx, "the compare pane", `!document.querySelector('#sched-compare').hidden && !!document.querySelector('#sched-compare-pick input[data-compare="fcfs"]')`)
			for _, p := range []string{"fcfs", "sjf", "rr"} {
				eval[bool](t, ctx, fmt.Sprintf(`(() => { const i = document.querySelector('#sched-compare-pick input[data-compare=%q]'); if (!i.checked) i.click(); return true })()`, p))
			}
			waitFor(t, ctx, "the comparison", `document.querySelectorAll('#sched-compare-table tbody tr').length === 3 && document.querySelectorAll('#sched-compare-gantt g.sg-block[data-policy]').length === 3`)
		}},
		{name: "sched-mlfq", open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper() // a scheduling lesson: its text, the Gantt chart with levels, the jobs at a time
			eval[bool](t, ctx, `(location.hash = '#sched/mlfq', true)`)
			waitFor(t, ctx, "the MLFQ lesson", `document.body.dataset.view === 'sched' && document.querySelector('#sched').dataset.lesson === 'mlfq' && document.querySelector('#sched').dataset.busy !== '1' && !document.querySelector('#sched-lesson').hidden && !!document.querySelector('#sched-gantt g.lvl') && document.querySelectorAll('#sched-now tbody tr').length > 0`)
		}},
		{name: "race-home", open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper() // the Races tab's welcome
			do(t, ctx, chromedp.Click("#tab-race"))
			waitFor(t, ctx, "the Races tab's welcome", `document.body.dataset.tab === 'race' && !document.querySelector('#race-home').hidden && document.querySelectorAll('#race-lessons button[data-lesson]').length >= 8`)
		}},
		{name: "live", open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper()
			do(t, ctx, chromedp.Click("#tab-live"))
			waitFor(t, ctx, "the live tab", `document.body.dataset.view === 'live' && ['ready', 'off'].includes(document.body.dataset.live) && document.querySelectorAll('#live-lessons button[data-live-lesson]').length >= 5`)
		}},
	}
	if liveOn {
		pages = append(pages, layoutPage{name: "live-twin", open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper()
			eval[bool](t, ctx, `document.body.dataset.view === 'live' || (document.querySelector('#tab-live').click(), true)`)
			waitFor(t, ctx, "the live lessons", `document.querySelectorAll('#live-lessons button[data-live-lesson]').length >= 5`)
			do(t, ctx, chromedp.Click(`#live-lessons button[data-live-lesson="signals"]`))
			waitFor(t, ctx, "the live lesson and its twin", `document.body.dataset.liveLesson === 'signals' && document.body.classList.contains('live-twin') && !!document.querySelector('#live-twin #diagram svg') && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
			// One step, clicked through the DOM and again if it did not take:
			// in a loaded CI run a click at 390x844 once left the twin at
			// step 0 (not seen in five local runs; the click may have come
			// before the twin's own load). This page checks layout; stepping
			// has tests of its own.
			for try := 0; try < 3 && eval[bool](t, ctx, `document.querySelector('#step-counter').dataset.step === '0'`); try++ {
				eval[bool](t, ctx, `(document.querySelector('#btn-step').click(), true)`)
				_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#step-counter').dataset.step !== '0'`, chromedp.WithPollingTimeout(5*time.Second)))
			}
			waitFor(t, ctx, "the twin's step 1", `document.querySelector('#step-counter').dataset.step === '1'`)
		}})
	}
	// Presenter mode, on the projectors' screens: the diagram and the
	// narration fill the screen, with diagram text of 14 px at least.
	orphans := lesson("orphans", 3)
	pages = append(pages, layoutPage{name: "presenter", sizes: []string{"1920x1080", "1280x720"}, minDiagramPx: 14,
		open: func(t *testing.T, ctx context.Context, base string) {
			t.Helper()
			orphans.open(t, ctx, base) // its last step a click: F reaches the page
			do(t, ctx, chromedp.KeyEvent("f"))
			waitFor(t, ctx, "presenter mode", `document.body.classList.contains('presenter') && document.querySelector('#btn-present').getAttribute('aria-pressed') === 'true'`)
		},
		close: func(t *testing.T, ctx context.Context) {
			t.Helper()
			do(t, ctx, chromedp.Click("#btn-present"))
			waitFor(t, ctx, "presenter mode left", `!document.body.classList.contains('presenter')`)
		}})
	return pages
}

// consoleLog collects what the page says on its console: errors, and
// exceptions that nothing caught.
type consoleLog struct {
	mu   sync.Mutex
	msgs []string
}

// take returns the messages said since the last call and forgets them.
func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.msgs
	c.msgs = nil
	return m
}

// watchConsole starts collecting the console errors and uncaught exceptions
// of the tab of ctx.
func watchConsole(t *testing.T, ctx context.Context) *consoleLog {
	t.Helper()
	c := &consoleLog{}
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *cdpruntime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg = "exception: " + d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
		case *cdpruntime.EventConsoleAPICalled:
			if ev.Type != cdpruntime.ConsoleAPICalledTypeError && ev.Type != cdpruntime.ConsoleAPICalledTypeAssert {
				return
			}
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
		default:
			return
		}
		c.mu.Lock()
		c.msgs = append(c.msgs, msg)
		c.mu.Unlock()
	})
	if err != nil {
		t.Fatalf("listening to the console: %v", err)
	}
	return c
}

// layoutStillJS is true once nothing on the page moves: no token gliding
// along an arrow and no finite animation or transition running.
const layoutStillJS = `!document.querySelector('.token.moving') &&
	document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)`

// layoutCheckJS returns the layout problems of the page as it is shown (at
// the top of the page), one sentence each. Its arguments: the smallest
// rendered diagram text allowed (CSS px, 0 for none) and whether the first
// screen itself must show every control it holds unhidden (landscape
// screens, where the controls bar sits under the lab; a phone scrolls under
// its controls bar).
const layoutCheckJS = `(() => {
  const minPx = %v, firstScreen = %v;
  const out = [];
  // The screen's width as emulated: a mobile browser widens its layout
  // viewport (innerWidth) to a page that is too wide, so innerWidth alone
  // would hide the overflow this check is for.
  const W = %d, H = innerHeight;
  const say = s => { if (out.length < 40) out.push(s); };
  if (innerWidth > W + 1) say('the page widened the viewport to ' + innerWidth + ' px on a ' + W + ' px screen');
  const nm = e => {
    if (!e || !e.tagName) return String(e);
    let s = e.tagName.toLowerCase();
    if (e.id) s += '#' + e.id;
    else if (typeof e.className === 'string' && e.className.trim()) s += '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.');
    else if (e.getAttribute && e.getAttribute('class')) s += '.' + e.getAttribute('class').trim().split(/\s+/)[0];
    const p = e.parentElement && e.parentElement.closest('[id]');
    return (p ? '#' + p.id + ' ' : '') + s;
  };
  const short = s => { s = (s || '').trim().replace(/\s+/g, ' '); return s.length > 40 ? s.slice(0, 39) + '…' : s; };
  // (Chromium's checkVisibility says true of an SVG element under display:
  // none: such an element has an empty box.)
  const shown = e => e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !e.closest('.sr-only, dialog:not([open]), [hidden]') &&
    (e.getClientRects().length > 0 || e.getBoundingClientRect().width > 0);
  window.scrollTo(0, 0);

  // 1. The page is no wider than the screen.
  const de = document.documentElement;
  if (de.scrollWidth > W + 1) {
    const wide = [...document.body.querySelectorAll('*')].filter(e => {
      const r = e.getBoundingClientRect();
      if (!r.width || r.right <= W + 1 || !shown(e)) return false;
      const p = e.parentElement.getBoundingClientRect();
      return p.right <= W + 1;
    });
    say('the page is ' + de.scrollWidth + ' px wide on a ' + W + ' px screen; sticking out: ' + wide.slice(0, 5).map(e => nm(e) + ' (right ' + Math.round(e.getBoundingClientRect().right) + ')').join(', '));
  }

  // The boxes that clip what overflows them (not the ones that scroll).
  const clips = (e, self) => {
    const list = [];
    for (let a = self ? e : e.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') list.push({ a, cs });
    }
    return list;
  };
  // Every line of visible text: HTML text nodes by line, SVG text elements whole.
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.trim()) continue;
    const e = n.parentElement;
    if (!e || e.closest('script, style, option, select, textarea, title, defs') || !shown(e)) continue;
    if (getComputedStyle(e).visibility === 'hidden') continue;
    const er = e.getBoundingClientRect();
    if (er.width <= 1 || er.height <= 1) continue; // a name for screen readers only, clipped to a pixel
    const inSvg = !!e.closest('svg');
    const rng = document.createRange();
    rng.selectNodeContents(n);
    const rects = inSvg ? [e.getBoundingClientRect()] : [...rng.getClientRects()];
    for (const r of rects) if (r.width > 1 && r.height > 1) texts.push({ n, e, r, inSvg });
  }

  // 2. No text is cut off by a box that does not scroll. A box that ends in
  // an ellipsis and names the whole text in its title is an abbreviation.
  for (const x of texts) {
    if (x.inSvg) continue;
    for (const { a, cs } of clips(x.e)) {
      const scrolls = /auto|scroll/.test(cs.overflowX);
      if (scrolls) break; // what overflows a scroll box can be scrolled to
      const b = a.getBoundingClientRect();
      if (x.r.right > b.right + 1 || x.r.left < b.left - 1) {
        const abbr = getComputedStyle(x.e).textOverflow === 'ellipsis' || cs.textOverflow === 'ellipsis';
        const titled = x.e.closest('[title]');
        if (abbr && titled) break;
        say('text "' + short(x.n.data) + '" in ' + nm(x.e) + ' is cut off by ' + nm(a));
        break;
      }
    }
  }

  // 3. No two pieces of text overlap. The middle half of each line box is
  // compared: fonts (CJK ones most) draw their line boxes taller than the
  // line, so neighbouring lines' boxes touch without their letters doing so.
  const bars = firstScreen ? [] : [...document.querySelectorAll('body > .top, body > .controls')];
  const vis = x => {
    let { left, right, top, bottom } = x.r;
    for (const { a } of clips(x.e, true)) {
      const b = a.getBoundingClientRect();
      left = Math.max(left, b.left); right = Math.min(right, b.right); top = Math.max(top, b.top); bottom = Math.min(bottom, b.bottom);
    }
    const h = bottom - top;
    return { left: left + 1, right: right - 1, top: top + h / 4, bottom: bottom - h / 4, ok: right - left > 2 && h > 2 };
  };
  const boxes = texts.filter(x => !bars.some(b => b.contains(x.e))).map(x => ({ ...x, v: vis(x) })).filter(x => x.v.ok);
  boxes.sort((p, q) => p.v.top - q.v.top);
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) {
    const p = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].v.top < p.v.bottom; j++) {
      const q = boxes[j];
      if (p.n === q.n) continue;
      if (p.e.contains(q.e) && p.inSvg && q.inSvg) continue;
      const w = Math.min(p.v.right, q.v.right) - Math.max(p.v.left, q.v.left);
      const h = Math.min(p.v.bottom, q.v.bottom) - Math.max(p.v.top, q.v.top);
      if (w > 1 && h > 1 && overlaps++ < 12) say('text "' + short(p.n.data) + '" (' + nm(p.e) + ') overlaps "' + short(q.n.data) + '" (' + nm(q.e) + ')');
    }
  }

  // 3b. No text of the first screen lies under another element (the
  // controls bar over the narration, say). Landscape screens only: a phone
  // scrolls its page under its controls bar.
  if (firstScreen) {
    let hidden = 0;
    for (const x of boxes) {
      if (x.inSvg) continue;
      const cx = (x.v.left + x.v.right) / 2, cy = (x.v.top + x.v.bottom) / 2;
      if (cx < 0 || cy < 0 || cx >= W || cy >= H) continue;
      const h = document.elementFromPoint(cx, cy);
      if (!h || h === x.e || x.e.contains(h) || h.contains(x.e)) continue;
      if (hidden++ < 8) say('text "' + short(x.n.data) + '" (' + nm(x.e) + ') lies under ' + nm(h));
    }
  }

  // 4. The state diagrams: each text inside its state box, no label over a
  // state box or a token, each label nearer its own arrow than any other,
  // and no text smaller than minPx.
  for (const svg of document.querySelectorAll('svg.state-diagram')) {
    if (!shown(svg) || !svg.getBoundingClientRect().width) continue;
    const where = nm(svg.parentElement);
    const rectOf = e => e.getBoundingClientRect();
    const inside = (r, b) => r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
    const meets = (r, b) => Math.min(r.right, b.right) - Math.max(r.left, b.left) > 1 && Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) > 1;
    for (const node of svg.querySelectorAll('g.node[data-node]:not(.origin)')) {
      const box = rectOf(node.querySelector('.node-box'));
      for (const e of node.querySelectorAll('text, .token > .token-inner > rect:not(.halo)')) {
        if (!shown(e)) continue;
        if (!inside(rectOf(e), box)) say(where + ': "' + short(e.textContent || e.parentNode.textContent) + '" (' + nm(e) + ') runs out of the ' + node.dataset.node + ' box');
      }
      const tk = [...node.querySelectorAll('.token')].filter(shown).map(g => ({ g, r: rectOf(g.querySelector('.token-inner > rect:not(.halo)')) }));
      for (let i = 0; i < tk.length; i++) for (let j = i + 1; j < tk.length; j++) {
        if (meets(tk[i].r, tk[j].r)) say(where + ': the chips of ' + tk[i].g.dataset.pid + ' and ' + tk[j].g.dataset.pid + ' overlap in the ' + node.dataset.node + ' box');
      }
      for (const txt of node.querySelectorAll(':scope > text')) {
        for (const t2 of tk) if (shown(txt) && meets(rectOf(txt), t2.r)) say(where + ': the chip of ' + t2.g.dataset.pid + ' covers "' + short(txt.textContent) + '" in the ' + node.dataset.node + ' box');
        for (const slot of node.querySelectorAll('.cpu-slot > rect')) if (shown(txt) && meets(rectOf(txt), rectOf(slot))) say(where + ': "' + short(txt.textContent) + '" runs into a CPU slot');
      }
    }
    const boxesR = [...svg.querySelectorAll('g.node .node-box, g.node.origin circle')].map(rectOf);
    const chips = [...svg.querySelectorAll('.token-inner > rect:not(.halo)')].filter(shown).map(rectOf);
    const paths = [...svg.querySelectorAll('g.arrow[data-arrow]')].map(g => {
      const p = g.querySelector('path'), len = p.getTotalLength(), pts = [];
      for (let i = 0; i <= 60; i++) pts.push(p.getPointAtLength(len * i / 60));
      return { id: g.dataset.arrow, pts };
    });
    const labels = [...svg.querySelectorAll('.arrow-labels text')];
    const dist = (bb, pts) => Math.min(...pts.map(q => Math.hypot(Math.max(bb.x - q.x, 0, q.x - bb.x - bb.width), Math.max(bb.y - q.y, 0, q.y - bb.y - bb.height))));
    labels.forEach((lab, i) => {
      if (!shown(lab) || getComputedStyle(lab).visibility === 'hidden') return;
      const r = rectOf(lab);
      if (boxesR.some(b => meets(r, b))) say(where + ': the label "' + short(lab.textContent) + '" lies on a state box');
      if (chips.some(b => meets(r, b))) say(where + ': the label "' + short(lab.textContent) + '" lies under a chip');
      const bb = lab.getBBox(), own = dist(bb, paths[i].pts);
      let best = own, bestId = paths[i].id;
      paths.forEach((p, k) => { if (k !== i) { const d = dist(bb, p.pts); if (d < best) { best = d; bestId = p.id; } } });
      if (own > 34) say(where + ': the label "' + short(lab.textContent) + '" is ' + Math.round(own) + ' units from its arrow ' + paths[i].id);
      else if (bestId !== paths[i].id) say(where + ': the label "' + short(lab.textContent) + '" of ' + paths[i].id + ' is nearer the arrow ' + bestId);
    });
    // No diagram text lies under another element (the tool row over the
    // drawing, say) where the first screen shows it.
    if (firstScreen) {
      let under = 0;
      for (const e of svg.querySelectorAll('text')) {
        if (!shown(e) || !e.textContent.trim() || getComputedStyle(e).visibility === 'hidden') continue;
        const r = e.getBoundingClientRect(), cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
        if (cx < 0 || cy < 0 || cx >= W || cy >= H) continue;
        const h = document.elementFromPoint(cx, cy);
        if (h && !svg.contains(h) && under++ < 4) say(where + ': the diagram text "' + short(e.textContent) + '" lies under ' + nm(h));
      }
    }
    if (minPx > 0) {
      const small = [];
      for (const e of svg.querySelectorAll('text')) {
        if (!shown(e) || !e.textContent.trim() || getComputedStyle(e).visibility === 'hidden') continue;
        const m = e.getScreenCTM();
        const px = parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b);
        if (px < minPx - 0.05) small.push('"' + short(e.textContent) + '" ' + px.toFixed(1) + ' px');
      }
      if (small.length) say(where + ': diagram text below ' + minPx + ' px: ' + small.slice(0, 8).join(', '));
    }
  }

  // 5. No control is hidden under another element: on the first screen
  // (landscape) where it stands, and everywhere once scrolled to the way
  // the browser scrolls to a focused control.
  const controls = [...document.querySelectorAll('button, input:not([type=hidden]), select, a[href], [role=tab], summary')]
    .filter(e => shown(e) && e.getBoundingClientRect().width > 0);
  const hit = e => {
    const r = e.getClientRects()[0] || e.getBoundingClientRect(); // a link that wraps: its first line
    let { left, right, top, bottom } = r; // the part its scroll boxes show
    for (const { a } of clips(e)) {
      const b = a.getBoundingClientRect();
      left = Math.max(left, b.left); right = Math.min(right, b.right); top = Math.max(top, b.top); bottom = Math.min(bottom, b.bottom);
    }
    if (right - left < 2 || bottom - top < 2) return null;
    const x = (left + right) / 2, y = (top + bottom) / 2;
    if (x < 0 || y < 0 || x >= W || y >= H) return null;
    const h = document.elementFromPoint(x, y);
    return h && (h === e || e.contains(h) || (e.labels && [...e.labels].some(l => l.contains(h)))) ? true : h;
  };
  const covered = new Set();
  if (firstScreen) for (const e of controls) {
    const h = hit(e);
    if (h && h !== true) { covered.add(e); say('the control ' + nm(e) + ' "' + short(e.textContent || e.value || e.getAttribute('aria-label')) + '" is under ' + nm(h) + ' on the first screen'); }
  }
  for (const e of controls) {
    if (covered.has(e)) continue;
    e.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
    const h = hit(e);
    if (h && h !== true) say('the control ' + nm(e) + ' "' + short(e.textContent || e.value || e.getAttribute('aria-label')) + '" is under ' + nm(h) + ' when scrolled to');
  }
  for (const e of document.querySelectorAll('*')) { if (e.scrollLeft) e.scrollLeft = 0; if (e.scrollTop) e.scrollTop = 0; }
  window.scrollTo(0, 0);
  return out;
})()`
