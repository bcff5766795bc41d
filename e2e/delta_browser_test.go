package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// countMessages notes, before the page's own scripts run, how many
// messages of each type every websocket of the page receives
// (window.__msgTypes), batches' frames counted as "frame".
const countMessages = `(() => {
  const counts = window.__msgTypes = {};
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', ev => {
      try {
        const m = JSON.parse(ev.data);
        counts[m.type] = (counts[m.type] || 0) + 1;
        if (m.type === 'batch') counts.frame = (counts.frame || 0) + m.frames.length;
        if (m.type === 'events' && m.delta) counts.delta = (counts.delta || 0) + 1;
      } catch {}
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
})()`

// tableText is the process table and the diagram's tokens as text: what
// the step shows of every task.
const tableText = `(() => {
  const rows = [...document.querySelectorAll('#tree table.ptable tbody tr')].map(r => r.textContent.replace(/\s+/g, ' ').trim());
  const tokens = [...document.querySelectorAll('#diagram [data-pid][data-state]')].map(e => e.dataset.pid + ':' + e.dataset.state).sort();
  return rows.join('\n') + '\n--\n' + tokens.join(' ');
})()`

// TestBrowserTopSpeedShowsTheRecording plays lessons at the slider's top
// speed, where steps come as batches of deltas (issue 14, part 1), and
// checks that the page ends showing what a share link of the last step
// shows: every task's row in the process table and its token.
func TestBrowserTopSpeedShowsTheRecording(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: countMessages}); err != nil {
		t.Fatal(err)
	}
	for _, lesson := range []string{"orphans", "mlfq"} {
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/?lang=en#"))
		waitFor(t, ctx, "the lesson list", fmt.Sprintf(`!!document.querySelector('#lesson-select option[value="%s"]')`, lesson))
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = '%s'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, lesson))
		waitFor(t, ctx, "the lesson at step 0", fmt.Sprintf(`document.querySelector('#lesson-select').value === '%s' && /\b0\s*\/\s*[1-9]/.test(document.querySelector('#step-counter').textContent)`, lesson))
		_, total := stepShown(t, ctx)
		eval[bool](t, ctx, `(() => { const s = document.querySelector('#speed'); s.value = s.max; s.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)
		clickNow(t, ctx, "#btn-play")
		waitWithin(t, ctx, time.Minute, "the end of the run", fmt.Sprintf(`/\b%d\s*\/\s*%d/.test(document.querySelector('#step-counter').textContent) && !document.querySelector('#btn-play').classList.contains('playing')`, total, total))
		counts := eval[map[string]float64](t, ctx, `window.__msgTypes`)
		if counts["batch"] == 0 || counts["frame"]+counts["events"] < float64(total) {
			t.Errorf("%s: %v; want the %d steps in batches", lesson, counts, total)
		}
		played := eval[string](t, ctx, tableText)
		shot(t, ctx, "top-speed-"+lesson)

		clickNow(t, ctx, "#btn-share")
		waitFor(t, ctx, "the share link", `/#s=1\./.test((document.querySelector('#share-url')||{}).value || '')`)
		link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
		other, cancel := chromedp.NewContext(ctx)
		do(t, other, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link))
		waitFor(t, other, "the shared last step", fmt.Sprintf(`/\b%d\s*\/\s*%d/.test((document.querySelector('#step-counter')||{}).textContent||'')`, total, total))
		opened := eval[string](t, other, tableText)
		cancel()
		if played != opened {
			t.Errorf("%s: played to step %d the page shows\n%s\nthe link of that step shows\n%s", lesson, total, played, opened)
		}
	}
}
