package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"proclab/internal/workload"
	"proclab/sim"
)

// tokensInSight says, for the diagram shown, how many tokens are in sight
// and which of them lack a label or lie outside their node's box
// ("" when none does). A token out of sight is its group alone until it
// first shows (diagram.js fill): one that comes into sight must have its
// chip by then.
const tokensInSight = `(() => {
  const bad = [];
  let n = 0;
  for (const g of document.querySelectorAll('#diagram .token:not(.off-view)')) {
    const node = g.closest('[data-node]');
    const box = node && node.querySelector('.node-box');
    if (!box) continue; // the origin
    n++;
    const txt = g.querySelector('text');
    if (!txt || !txt.textContent.trim()) bad.push(g.dataset.pid + ' has no label');
    if (!g.querySelector('title') || !g.querySelector('title').textContent) bad.push(g.dataset.pid + ' has no tooltip');
    const r = g.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.right > b.right + 1) bad.push(g.dataset.pid + ' lies outside its ' + node.dataset.node + ' box');
  }
  return JSON.stringify({ n, bad: bad.join(', ') });
})()`

// tokensInTheirNodes says ("" when nothing) which tokens sit in a node
// other than their state's, and (order: true) for each node whose box
// scrolls, whether its first tokens out of sight are in the drawing in the
// order its "+k" mark's tooltip names them (the node's order: the ready
// queue's, for one; the tooltip names 30 and counts the others). A large run's tokens out of sight are made after the frame
// that shows the render (diagram.js makeLater) and put among the others
// then. (Later, a token that changes node is put at its node's end: the
// drawing's order matters only for which token is drawn over which.)
const tokensInTheirNodes = `((order) => {
  const bad = [];
  for (const node of document.querySelectorAll('#diagram [data-node]')) {
    const name = node.dataset.node;
    const gs = [...node.querySelectorAll('.node-tokens > .token')];
    const wrong = gs.filter(g => (g.dataset.state === 'none' ? 'origin' : g.dataset.state) !== name);
    if (wrong.length) bad.push(wrong.length + ' tokens in ' + name + ' of another state, P' + wrong[0].dataset.pid + ' ' + wrong[0].dataset.state);
    const more = node.querySelector('.node-more');
    if (!order || !more || more.getAttribute('visibility') !== 'visible') continue;
    // The mark names the first 30 and counts the rest (i18n.js namesAtMost).
    const title = more.querySelector('title').textContent;
    const named = title.replace(/ and \d+ more$/, '').split(', ').map(s => s.split(' ')[0]);
    const hidden = gs.filter(g => g.classList.contains('off-view')).map(g => 'P' + g.dataset.pid);
    if (hidden.length > 30 && !title.endsWith(' and ' + (hidden.length - 30) + ' more')) bad.push(name + ': ' + hidden.length + ' tokens out of sight, the mark does not count the ' + (hidden.length - 30) + ' it does not name');
    if (named.join() !== hidden.slice(0, 30).join()) {
      const i = named.findIndex((p, k) => p !== hidden[k]);
      bad.push(name + ': ' + hidden.length + ' tokens out of sight, the mark names ' + named.length + '; first difference at ' + i + ': ' + hidden[i] + ' where the mark has ' + named[i]);
    }
  }
  return bad.join('; ');
})(%v)`

// TestBrowserTokensComeIntoSight opens the largest run the limits allow
// (most of its 3,030 tokens scrolled out of their boxes) and steps back:
// each step brings into sight tokens that were never shown, and every
// token in sight must show its label and tooltip inside its box, while
// every task keeps its token (data-pid, data-state).
func TestBrowserTokensComeIntoSight(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
	// A token still gliding (along an arrow: class moving; inside its box:
	// a CSS transition) may lie across a box's edge: the check waits for
	// the glides to end.
	settled := `!document.querySelector('#diagram .token.moving') && [...document.querySelectorAll('#diagram .token:not(.off-view)')].every(g => !g.getAnimations().length)`
	for _, step := range []int{3906, 3905, 3904} {
		if step < 3906 {
			eval[bool](t, ctx, `(document.querySelector('#btn-back').click(), true)`)
		}
		waitFor(t, ctx, fmt.Sprintf("step %d shown and still", step), fmt.Sprintf(`document.body.dataset.step === '%d' && %s`, step, settled))
		var got struct {
			N   int    `json:"n"`
			Bad string `json:"bad"`
		}
		if err := json.Unmarshal([]byte(eval[string](t, ctx, tokensInSight)), &got); err != nil {
			t.Fatal(err)
		}
		if got.N == 0 || got.Bad != "" {
			t.Errorf("step %d: got %d tokens in sight, problems %q; want some, each labelled inside its box", step, got.N, got.Bad)
		}
		if n, states := eval[int](t, ctx, `document.querySelectorAll('#diagram [data-pid]').length`), eval[int](t, ctx, `document.querySelectorAll('#diagram [data-pid][data-state]').length`); n < 3000 || states != n {
			t.Errorf("step %d: got %d tokens, %d with data-state; want at least 3000, all with data-state", step, n, states)
		}
		if bad := eval[string](t, ctx, fmt.Sprintf(tokensInTheirNodes, step == 3906)); bad != "" {
			t.Errorf("step %d: %s", step, bad)
		}
	}
}

// TestBrowserTokensMadeWithoutFrames: the tokens a render leaves to be
// made after its frame are made by a timer when no frame comes (a page in
// a background tab gets none). The frames the diagram asks for to make
// the tokens it left (diagram.js, makeLater) never come, then the page
// opens the largest run (3,030 tasks, most out of sight). The frame is
// known by its caller's name: the diagram's code is in a chunk of the
// bundle, not at /js/diagram.js.
func TestBrowserTokensMadeWithoutFrames(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	openLink(t, ctx, base, workload.Endless(64, 4), 1, `document.querySelectorAll('#diagram [data-pid]').length >= 64`)
	hash := shareFragment(t, map[string]any{"s": workload.Largest(), "n": 3906})
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = cb => (/\bat makeLater\b/.test(new Error().stack) ? 0 : raf(cb));
  location.hash = %q.slice(1);
  return true;
})()`, hash))
	waitFor(t, ctx, "the largest run's tokens, every one, with no animation frame", `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
}

// TestBrowserFirstRenderShowsWhatTheWholeShows: a run's first render lays
// out only the chips at the top of a crowded box (or about the chip that
// came into it) and leaves the others for a whole render after the frame
// (diagram.js, render's opts.first). What the first frame shows must be
// what the whole render shows: the same tokens in sight, in the same
// nodes, states and places, and the same "+k" marks. The page first shows
// a 64-task run, whose tokens have the PIDs of 64 of the large run's
// tasks: none of them may stay in sight where that run had it. The whole
// render is held back (the timers and frames makeLater asks for) until
// the first frame's drawing is read.
func TestBrowserFirstRenderShowsWhatTheWholeShows(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	openLink(t, ctx, base, workload.Endless(64, 4), 1, `document.querySelectorAll('#diagram [data-pid]').length >= 64`)
	hash := shareFragment(t, map[string]any{"s": workload.Largest(), "n": 3906, "e": sim.SemanticsVersion})
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
  window.heldBack = [];
  const raf = window.requestAnimationFrame.bind(window), timeout = window.setTimeout.bind(window);
  window.letGo = () => { window.requestAnimationFrame = raf; window.setTimeout = timeout; while (window.heldBack.length) window.heldBack.shift()(performance.now()); return true; };
  const fromLater = () => /\bat makeLater\b/.test(new Error().stack);
  window.requestAnimationFrame = cb => (fromLater() ? (window.heldBack.push(cb), 0) : raf(cb));
  window.setTimeout = (cb, ms, ...a) => (fromLater() ? (window.heldBack.push(cb), 0) : timeout(cb, ms, ...a));
  location.hash = %q.slice(1);
  return true;
})()`, hash))
	drawing := `JSON.stringify({
  tokens: [...document.querySelectorAll('#diagram .token:not(.off-view)')].map(g => [g.dataset.pid, g.closest('[data-node]').dataset.node, g.dataset.state, g.style.transform].join(' ')).sort(),
  marks: [...document.querySelectorAll('#diagram .node-more')].map(m => m.getAttribute('visibility') + ' ' + m.textContent),
  made: document.querySelectorAll('#diagram [data-pid]').length,
})`
	waitFor(t, ctx, "the large run's last step drawn", `document.body.dataset.step === '3906' && window.heldBack.length > 0`)
	type shown struct {
		Tokens []string `json:"tokens"`
		Marks  []string `json:"marks"`
		Made   int      `json:"made"`
	}
	var first, whole shown
	if err := json.Unmarshal([]byte(eval[string](t, ctx, drawing)), &first); err != nil {
		t.Fatal(err)
	}
	if first.Made >= 3000 {
		t.Fatalf("the first render made %d tokens; want most of the 3,030 left for after its frame", first.Made)
	}
	// The whole render (and the tokens it leaves, made in turn) run now.
	eval[bool](t, ctx, `window.letGo()`)
	waitFor(t, ctx, "every token made", `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
	if err := json.Unmarshal([]byte(eval[string](t, ctx, drawing)), &whole); err != nil {
		t.Fatal(err)
	}
	if len(first.Tokens) == 0 || strings.Join(first.Tokens, "; ") != strings.Join(whole.Tokens, "; ") {
		t.Errorf("tokens in sight (PID, node, state, place):\nfirst render %q\nwhole render %q", first.Tokens, whole.Tokens)
	}
	if strings.Join(first.Marks, "; ") != strings.Join(whole.Marks, "; ") {
		t.Errorf("the nodes' +k marks:\nfirst render %q\nwhole render %q", first.Marks, whole.Marks)
	}
	// Each mark shown is read whole: no bubble of the step's arrows, drawn
	// over the nodes, covers it (the ready queue's ran under "quantum
	// expired" and read +299 for +2997).
	if covered := eval[string](t, ctx, `(() => {
  const boxes = [...document.querySelectorAll('#diagram .bubble rect')].map(r => r.getBoundingClientRect());
  const out = [];
  for (const m of document.querySelectorAll('#diagram .node-more')) {
    if (m.getAttribute('visibility') !== 'visible') continue;
    const r = m.getBoundingClientRect();
    if (boxes.some(b => b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom)) out.push(m.closest('[data-node]').dataset.node + ' ' + m.firstChild.textContent);
  }
  return out.join('; ');
})()`); covered != "" {
		t.Errorf("+k marks under a cause bubble: %s", covered)
	}
	// (Not the order: the tokens the 64-task run had made keep their
	// places in the drawing, or go to a node's end.)
	if bad := eval[string](t, ctx, fmt.Sprintf(tokensInTheirNodes, false)); bad != "" {
		t.Error(bad)
	}
}

// TestBrowserTokensMadeAreAnnounced: when the diagram makes the tokens it
// left for after the frame, it says so (a tokensmade event), so that what
// marks tokens from outside marks those too (race.js: the candidates of a
// manual decision, which a person clicks).
func TestBrowserTokensMadeAreAnnounced(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `document.addEventListener('tokensmade', () => { window.tokensMadeAt = window.tokensMadeAt || document.querySelectorAll('#diagram [data-pid]').length; })`}); err != nil {
		t.Fatal(err)
	}
	openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
	waitFor(t, ctx, "the tokensmade event, with every token made", `window.tokensMadeAt >= 3000`)
}

// TestBrowserCPUSlotsHoldTheirText: with 16 CPUs (the largest run) the
// running node's slots are 18 units high; each slot's label and its
// "idle" (when shown) must lie inside the slot and apart from each other.
func TestBrowserCPUSlotsHoldTheirText(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
	bad := eval[string](t, ctx, `(() => {
  const bad = [];
  const slots = [...document.querySelectorAll('#diagram .cpu-slot')];
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const apart = (a, b) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
  for (const s of slots) {
    const box = s.querySelector('rect').getBoundingClientRect();
    const lab = s.querySelector('.cpu-label').getBoundingClientRect();
    if (!inside(lab, box)) bad.push('CPU ' + s.dataset.cpu + ': its label runs out of its slot');
    const idle = s.querySelector('.cpu-idle');
    if (getComputedStyle(idle).display === 'none') continue;
    const r = idle.getBoundingClientRect();
    if (!inside(r, box)) bad.push('CPU ' + s.dataset.cpu + ': "idle" runs out of its slot');
    if (!apart(r, lab)) bad.push('CPU ' + s.dataset.cpu + ': "idle" overlaps its label');
  }
  return slots.length + ' slots' + (bad.length ? ': ' + bad.join('; ') : '');
})()`)
	if bad != "16 slots" {
		t.Errorf("the running node: %s; want 16 slots, each holding its text", bad)
	}
}
