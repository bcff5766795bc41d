package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"proclab/internal/workload"
)

// firstRenderProbe, run in the page before its own scripts, keeps in
// window.firstRenderProbe when the page sent a load command, when each
// websocket message of more than 1,000 bytes was handed to the page (its
// type and length), when the task after the `loaded` message's began (the
// page's handling of it done), and how long JSON.parse took on each
// string over 100,000 characters. Times are performance.now(), ms.
const firstRenderProbe = `(() => {
  const p = window.firstRenderProbe = [];
  const parse = JSON.parse;
  JSON.parse = function (s, r) {
    const t0 = performance.now(); const v = parse.call(this, s, r);
    if (typeof s === 'string' && s.length > 100000) p.push({ what: 'parse', at: t0, ms: performance.now() - t0, bytes: s.length });
    return v;
  };
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', ev => {
        const d = ev.data;
        if (typeof d !== 'string' || d.length <= 1000) return;
        const type = (/"type":"([a-z_]+)"/.exec(d.slice(0, 40)) || [])[1] || '?';
        p.push({ what: type, at: performance.now(), bytes: d.length });
        if (type === 'loaded') setTimeout(() => p.push({ what: 'loaded handled', at: performance.now() }), 0);
      });
    }
    send(d) {
      if (typeof d === 'string' && d.includes('"type":"load"')) { p.length = 0; p.push({ what: 'load sent', at: performance.now() }); }
      return super.send(d);
    }
  };
})()`

// TestBrowserFirstRenderTimeline opens the largest run's share link three
// times and logs where the time from the load command to the snapshot
// drawn goes: the server's answer (the loaded message), the page's
// handling of it, the snapshot message, JSON.parse, and the page's fold and
// draw (drawStats). It measures; its only checks are that the page draws
// the run and that the messages come in their order.
func TestBrowserFirstRenderTimeline(t *testing.T) {
	ctx, base := perfTab(t, 5*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: firstRenderProbe}); err != nil {
		t.Fatalf("Page.addScriptToEvaluateOnNewDocument: %v", err)
	}
	// Three loads for the figures (perfFull); one, for the checks, else.
	loads := 1
	if perfFull() {
		loads = 3
	}
	for range loads {
		openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
		line := eval[string](t, ctx, `(() => {
  const p = window.firstRenderProbe || [];
  const t0 = p.length ? p[0].at : 0;
  return p.map(x => x.what + ' ' + (x.at - t0).toFixed(0) + ' ms' + (x.ms !== undefined ? ' (' + x.ms.toFixed(1) + ' ms)' : '') + (x.bytes ? ' ' + x.bytes + ' B' : '')).join('; ');
})()`)
		t.Logf("%s; %s", line, loadToDraw(t, ctx))
		// The first frame is drawn without the snapshot's window (its 50
		// steps of timeline columns and log items: fold.js fromSnapshot's
		// quick), which is folded after it: the log then holds the window's
		// items.
		if eval[bool](t, ctx, `window.proclabDrawStats.windowFoldedInDraw !== false`) {
			t.Errorf("the first draw folded the snapshot's window (or did not say): something it draws read the columns or the log")
		}
		waitFor(t, ctx, "the window folded after the first frame, and the log drawn with its items",
			`window.proclabDrawStats.folds.windows > 0 && document.querySelectorAll('#log li[data-step]').length > 0`)
		// The panels below the screen (the timeline, the log, the process
		// table, the code panes past the first) are drawn after the frame in
		// tasks of about 16 ms: the largest run's timeline alone takes more,
		// so a click waits for part of them, not for all.
		waitFor(t, ctx, "the process table drawn", `document.querySelectorAll('#tree tbody tr[data-task]').length > 0`)
		if n := eval[int](t, ctx, `window.proclabDrawStats.laterTasks || 0`); n < 2 {
			t.Errorf("the panels left for after the first frame were drawn in %d task(s); want them split (2 or more)", n)
		}
		order := []string{"load sent", "loaded ", "snapshot ", "parse "}
		at := 0
		for _, w := range order {
			i := strings.Index(line[at:], w)
			if i < 0 {
				t.Fatalf("got the timeline %q; want %q in the order %q", line, w, order)
			}
			at += i
		}
	}
}

// snapshotTasksProbe, run in the page before its own scripts, keeps in
// window.snapshotTasks the task table of the last snapshot message the page
// was sent: what the code panes' chips must stand for. Tasks sent as rows
// (docs/protocol.md, "Rows") are folded here by the protocol's rule, not by
// the page's code: each row over the task before it, its unset fields
// taken out.
const snapshotTasksProbe = `(() => {
  const WS = window.WebSocket;
  const whole = msg => {
    if (!msg.tasks_rows) return msg.tasks;
    const out = [];
    for (const row of msg.tasks) {
      const t = out.length ? Object.assign({}, out[out.length - 1], row) : Object.assign({}, row);
      for (const k of row.unset || []) delete t[k];
      delete t.unset;
      out.push(t);
    }
    return out;
  };
  window.WebSocket = class extends WS {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', ev => {
        const d = ev.data;
        if (typeof d === 'string' && d.startsWith('{"v":1,"type":"snapshot"')) window.snapshotTasks = whole(JSON.parse(d));
      });
    }
  };
})()`

// codeChips checks the code panes against the snapshot's tasks: for each
// program's head (its live tasks) and each line (the live tasks at it), the
// chips shown and the tasks the "+k" button names. It returns the problems
// found ("" for none) and the number of chips and buttons.
const codeChips = `(() => {
  const LIVE = new Set(['runnable', 'running', 'sleeping', 'disk', 'stopped', 'traced']);
  const max = %d, namesAtMost = 30; // code.js MAX_CHIPS, i18n.js NAMES_AT_MOST
  const live = (window.snapshotTasks || []).filter(x => LIVE.has(x.state));
  const bad = [];
  let chips = 0, buttons = 0;
  const check = (where, holder, tasks) => {
    const shown = [...holder.querySelectorAll(':scope > span.chip')].map(c => Number(c.dataset.task));
    const more = holder.querySelector(':scope > button.more-chips');
    chips += shown.length;
    const want = new Set(tasks.map(x => x.pid));
    if (shown.some(p => !want.has(p)) || new Set(shown).size !== shown.length) bad.push(where + ': a chip of a task not there, or twice');
    const open = more && more.getAttribute('aria-expanded') === 'true';
    if (tasks.length <= max || open) {
      if (shown.length !== tasks.length) bad.push(where + ': ' + shown.length + ' chips for ' + tasks.length + ' tasks');
      if (more && !open) bad.push(where + ': a +k button with ' + tasks.length + ' tasks');
      return;
    }
    buttons++;
    if (shown.length !== max) bad.push(where + ': ' + shown.length + ' chips; want ' + max);
    if (!more) { bad.push(where + ': no +k button for ' + tasks.length + ' tasks'); return; }
    if (more.textContent !== '+' + (tasks.length - max)) bad.push(where + ': the button says ' + more.textContent + ' for ' + (tasks.length - max) + ' more');
    // The title names the first NAMES_AT_MOST tasks not shown, in order,
    // and counts the others ("... and k more", i18n.js namesAtMost).
    const named = (more.title.match(/P\d+/g) || []).map(s => Number(s.slice(1)));
    const rest = tasks.filter(x => !shown.includes(x.pid));
    const first = rest.slice(0, namesAtMost).map(x => x.pid);
    if (named.join() !== first.join()) bad.push(where + ': the button names ' + named.length + ' tasks; want the first ' + first.length + ' of the ' + rest.length + ' not shown');
    if (rest.length > namesAtMost && !more.title.includes(' and ' + (rest.length - namesAtMost) + ' more')) bad.push(where + ': the button does not count the ' + (rest.length - namesAtMost) + ' tasks it does not name: ' + more.title.slice(-80));
    const running = tasks.filter(x => x.state === 'running');
    if (running.length <= max && running.some(x => !shown.includes(x.pid))) bad.push(where + ': a running task is not among the chips');
  };
  for (const pane of document.querySelectorAll('#code .prog:not(.thread)')) {
    const i = Number(pane.dataset.program);
    const mine = live.filter(x => x.program === i);
    check('program ' + i, pane.querySelector('.prog-head'), mine);
    for (const li of pane.querySelectorAll('.lines > li[data-line]')) {
      const line = Number(li.dataset.line);
      check('program ' + i + ' line ' + line, li.querySelector('.marks'), mine.filter(x => x.line === line));
    }
  }
  return JSON.stringify({ bad: bad.join('; '), chips, buttons });
})()`

// TestBrowserCodeChipsAtMost opens the largest run the limits allow (2,967
// live tasks of one program, most of them at two of its lines) and checks
// that each program's head and each code line shows at most MAX_CHIPS
// chips (code.js), the running tasks among them, with a "+k" button that
// names the first 30 others and counts the rest (as the diagram's crowded
// nodes' "+k" marks do); a click on it shows them all, and another click only
// MAX_CHIPS again; and that the panes out of sight are skipped by the
// browser (checkCodePanesOutOfSight). A normal lesson shows every chip,
// with no button.
func TestBrowserCodeChipsAtMost(t *testing.T) {
	const max = 12 // code.js MAX_CHIPS
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: snapshotTasksProbe}); err != nil {
		t.Fatalf("Page.addScriptToEvaluateOnNewDocument: %v", err)
	}
	type result struct {
		Bad     string `json:"bad"`
		Chips   int    `json:"chips"`
		Buttons int    `json:"buttons"`
	}
	read := func(what string) result {
		t.Helper()
		var r result
		if err := json.Unmarshal([]byte(eval[string](t, ctx, fmt.Sprintf(codeChips, max))), &r); err != nil {
			t.Fatal(err)
		}
		if r.Bad != "" {
			t.Errorf("%s: %s", what, r.Bad)
		}
		return r
	}
	openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000 && !!window.snapshotTasks`)
	panes := readCodePanes(t, ctx) // as the first render left them (checkCodePanesOutOfSight)
	r := read("the largest run")
	// 64 programs: the head and the lines of w hold thousands of tasks.
	if r.Buttons < 3 || r.Chips > 64*max+10*max {
		t.Errorf("the largest run: %d chips and %d +k buttons; want at most %d chips and at least 3 buttons", r.Chips, r.Buttons, 64*max+10*max)
	}
	// The diagram's crowded nodes: the "+k" mark's title (its accessible
	// name) names at most 30 of the k hidden tasks and counts the others.
	marks := eval[string](t, ctx, `JSON.stringify([...document.querySelectorAll('#diagram text.node-more')].filter(m => m.getAttribute('visibility') === 'visible').map(m => {
  const k = Number((m.firstChild.textContent.match(/\+(\d+)/) || [])[1]);
  const title = m.querySelector('title').textContent;
  return { k, names: title.split(', ').length, counted: k > 30 ? title.endsWith(' and ' + (k - 30) + ' more') : !title.includes(' more') };
}))`)
	var crowded []struct {
		K       int  `json:"k"`
		Names   int  `json:"names"`
		Counted bool `json:"counted"`
	}
	if err := json.Unmarshal([]byte(marks), &crowded); err != nil {
		t.Fatal(err)
	}
	big := 0
	for _, m := range crowded {
		if m.Names > 30 || !m.Counted || (m.K <= 30 && m.Names != m.K) {
			t.Errorf("a diagram node hiding %d tasks: its +k title names %d of them (counted: %v); want at most 30 and the rest counted", m.K, m.Names, m.Counted)
		}
		if m.K > 30 {
			big++
		}
	}
	if big == 0 {
		t.Errorf("the largest run: no diagram node hides more than 30 tasks (%s); want one to check", marks)
	}
	// The line with the most tasks: shown whole, then folded again.
	line := eval[string](t, ctx, `(() => { const b = [...document.querySelectorAll('#code .lines button.more-chips')].sort((a, b) => Number(b.textContent.slice(1)) - Number(a.textContent.slice(1)))[0]; return b.dataset.moreChips })()`)
	sel := fmt.Sprintf(`#code button.more-chips[data-more-chips=%q]`, line)
	n := eval[int](t, ctx, fmt.Sprintf(`Number(document.querySelector(%q).textContent.slice(1))`, sel))
	click(t, ctx, sel)
	waitFor(t, ctx, "the line's chips shown whole", fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-expanded') === 'true' && document.querySelector(%q).parentNode.querySelectorAll('span.chip').length === %d`, sel, sel, n+max))
	read("a line shown whole")
	click(t, ctx, sel)
	waitFor(t, ctx, "the line folded again", fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-expanded') === 'false' && document.querySelector(%q).parentNode.querySelectorAll('span.chip').length === %d`, sel, sel, max))
	read("the line folded again")
	checkCodePanesOutOfSight(t, ctx, panes)

	// A lesson: every task's chip, no button.
	hash := shareFragment(t, map[string]any{"l": "lifecycle", "n": 8})
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"+hash))
	waitFor(t, ctx, "the lesson at step 8", `document.body.dataset.step === '8' && !!window.snapshotTasks`)
	if r := read("a lesson"); r.Buttons != 0 || r.Chips == 0 {
		t.Errorf("a lesson: %d chips and %d +k buttons; want chips and no button", r.Chips, r.Buttons)
	}
}

// codePanes is what the page shows of its code panes: how many, which
// are drawn (their lines not skipped by the browser: content-visibility),
// and each pane's height in px.
type codePanes struct {
	N       int       `json:"n"`
	Drawn   []int     `json:"drawn"`
	Heights []float64 `json:"heights"`
}

func readCodePanes(t *testing.T, ctx context.Context) codePanes {
	t.Helper()
	var p codePanes
	js := `(() => {
  const ps = [...document.querySelectorAll('#code .prog')];
  return JSON.stringify({
    n: ps.length,
    drawn: ps.map((p, i) => p.lastElementChild.checkVisibility({ contentVisibilityAuto: true }) ? i : -1).filter(i => i >= 0),
    heights: ps.map(p => p.getBoundingClientRect().height),
  });
})()`
	if err := json.Unmarshal([]byte(eval[string](t, ctx, js)), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkCodePanesOutOfSight checks the largest run's code panes (64 of
// them, about 17,000 px, in a box that shows three), given what the page
// showed at its first render (first): the panes out of sight were
// skipped by the browser (content-visibility: not styled, laid out or
// painted), each standing in at the height its lines give until it is
// first drawn (so the box scrolls as far as it will once they are drawn);
// a pane scrolled into sight is drawn. Without app.css's content-
// visibility on .prog every pane is drawn; without code.js's --pane-lines
// each stands in at one height.
func checkCodePanesOutOfSight(t *testing.T, ctx context.Context, first codePanes) {
	t.Helper()
	if first.N < 60 {
		t.Fatalf("the largest run shows %d code panes; want its 64", first.N)
	}
	if len(first.Drawn) == 0 || first.Drawn[0] != 0 || len(first.Drawn) > 8 {
		t.Errorf("panes drawn at the first render: %v of %d; want the first few in sight, the rest skipped", first.Drawn, first.N)
	}
	// Every pane scrolled into sight in turn (the box, or the side column
	// that holds it in the wide layout): each pane is drawn at least once,
	// and its height then is its real one.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => {
  for (const p of document.querySelectorAll('#code .prog')) {
    p.scrollIntoView({ block: 'nearest' });
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  return true;
})()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	after := readCodePanes(t, ctx)
	last := after.N - 1
	if len(after.Drawn) == 0 || after.Drawn[len(after.Drawn)-1] != last || after.Drawn[0] == 0 {
		t.Errorf("panes drawn at the box's end: %v; want the last ones (%d) and not the first", after.Drawn, last)
	}
	for i := range after.N {
		if i >= len(first.Heights) || slices.Contains(first.Drawn, i) {
			continue
		}
		est, real := first.Heights[i], after.Heights[i]
		if est < real*0.9 || est > real*1.1 {
			t.Errorf("pane %d stood in at %.0f px before it was drawn; it is %.0f px: want within 10%%", i, est, real)
		}
	}
}
