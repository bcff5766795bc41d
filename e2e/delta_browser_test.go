package e2e

import (
	"context"
	"fmt"
	"strings"
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
        for (const f of m.type === 'batch' ? m.frames : [m]) if (f.patch) counts.patched = (counts.patched || 0) + 1;
      } catch {}
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
})()`

// tableRow is one row of the process table as read: its task's PID, the
// state its class says and its text.
type tableRow struct {
	PID   string `json:"pid"`
	State string `json:"state"`
	Text  string `json:"text"`
}

// drawnRows reads the rows of the process table the page has drawn, with
// the range of all rows they are (tree.js: a virtual table's tbody says
// data-from, data-to and data-rows; a table drawn whole says none).
const drawnRows = `(() => {
  const b = document.querySelector('#tree table.ptable tbody');
  const rows = [...b.querySelectorAll('tr[data-task]')].map(r => ({
    pid: r.dataset.task, state: ([...r.classList].find(c => c.startsWith('st-')) || '').slice(3),
    text: r.textContent.replace(/\s+/g, ' ').trim() }));
  const from = b.dataset.from ? Number(b.dataset.from) : 0;
  return { from, to: b.dataset.to ? Number(b.dataset.to) : rows.length, total: b.dataset.rows ? Number(b.dataset.rows) : rows.length,
    spacers: b.querySelectorAll('tr:not([data-task])').length, rows };
})()`

// tableRows reads every row of the process table in order: a table drawn
// whole at once; a virtual one (more than 200 rows) by scrolling it
// through, its last row drawn to the top of the view each time, until its
// last row was read. It fails when a row is missing, when two reads of
// one row differ, or when a PID is listed twice.
func tableRows(t *testing.T, ctx context.Context) []tableRow {
	t.Helper()
	type drawn struct {
		From, To, Total, Spacers int
		Rows                     []tableRow
	}
	var all []tableRow
	seen := map[string]int{}
	for {
		d := eval[drawn](t, ctx, drawnRows)
		if d.To-d.From != len(d.Rows) || d.From > len(all) {
			t.Fatalf("the table says rows %d to %d of %d and shows %d: a row is missing", d.From, d.To, d.Total, len(d.Rows))
		}
		if d.Total <= 200 && d.Spacers > 0 {
			t.Errorf("a table of %d rows is drawn with %d spacer rows; want every row drawn", d.Total, d.Spacers)
		}
		for k, r := range d.Rows {
			i := d.From + k
			if i < len(all) {
				if all[i] != r {
					t.Fatalf("row %d read twice: %+v, then %+v", i, all[i], r)
				}
				continue
			}
			if j, dup := seen[r.PID]; dup {
				t.Fatalf("PID %s is in rows %d and %d", r.PID, j, i)
			}
			seen[r.PID] = i
			all = append(all, r)
		}
		if d.To >= d.Total {
			if len(all) != d.Total {
				t.Fatalf("read %d rows of %d", len(all), d.Total)
			}
			return all
		}
		eval[bool](t, ctx, `(() => { const r = [...document.querySelectorAll('#tree tbody tr[data-task]')].pop(); r.scrollIntoView({block: 'end'}); return true })()`)
		waitFor(t, ctx, "the table's next rows", fmt.Sprintf(`Number(document.querySelector('#tree tbody').dataset.to || 0) > %d`, d.To))
	}
}

// shownTasks is the process table and the diagram's tokens as text: what
// the step shows of every task.
func shownTasks(t *testing.T, ctx context.Context) string {
	t.Helper()
	// A run just opened draws its process table after the frame that shows
	// its first step (app.js drawStep, later): read before that, the table
	// had no rows.
	waitFor(t, ctx, "the process table drawn", `(() => { const b = document.querySelector('#tree table.ptable tbody'); return !!b && b.querySelectorAll('tr[data-task]').length > 0 })()`)
	var b strings.Builder
	for _, r := range tableRows(t, ctx) {
		b.WriteString(r.Text + "\n")
	}
	tokens := eval[string](t, ctx, `[...document.querySelectorAll('#diagram [data-pid][data-state]')].map(e => e.dataset.pid + ':' + e.dataset.state).sort().join(' ')`)
	return b.String() + "--\n" + tokens
}

// TestBrowserTopSpeedShowsTheRecording plays lessons at the slider's top
// speed, where steps come as batches of deltas (issue 14, part 1) whose
// tasks the page holds come as patches, and
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
		// The page asks for patches (/ws?patch=1): the steps' tasks it holds
		// come as their changed fields, and what it shows is still the run's.
		if counts["patched"] < float64(total)/2 {
			t.Errorf("%s: %v; want most of the %d steps patched", lesson, counts, total)
		}
		played := shownTasks(t, ctx)
		shot(t, ctx, "top-speed-"+lesson)

		clickNow(t, ctx, "#btn-share")
		waitFor(t, ctx, "the share link", `/#s=1\./.test((document.querySelector('#share-url')||{}).value || '')`)
		link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
		other, cancel := chromedp.NewContext(ctx)
		do(t, other, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link))
		waitFor(t, other, "the shared last step", fmt.Sprintf(`/\b%d\s*\/\s*%d/.test((document.querySelector('#step-counter')||{}).textContent||'')`, total, total))
		opened := shownTasks(t, other)
		cancel()
		if played != opened {
			t.Errorf("%s: played to step %d the page shows\n%s\nthe link of that step shows\n%s", lesson, total, played, opened)
		}
	}
}

// TestBrowserVirtualTableShowsEveryTask opens a run of 301 tasks, whose
// process table is virtual (tree.js draws only the rows near the view),
// and reads the table through by scrolling it: every task the diagram has
// a token for has one row, once, whose state is its token's, and the rows
// are in the tree's order (each child after its parent). A table that
// showed a task twice, left one out or showed a wrong state fails it.
func TestBrowserVirtualTableShowsEveryTask(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	// 4 processes that spawn 75 workers each: 301 tasks with init.
	var sc strings.Builder
	sc.WriteString("cpus 4\npolicy rr 2\nmax_tasks 512\n\nprogram w\n  repeat 100000\n    sleep 40..60\n    compute 1\n  end\n\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&sc, "process p%d\n  repeat 75\n    spawn w\n  end\n  repeat 100000\n    compute 2\n    io 1\n  end\n", i)
	}
	openLink(t, ctx, base, sc.String(), 1200, `true`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#diagram [data-pid]').length`); n <= 200 {
		t.Fatalf("the run has %d tasks at step 1200; want more than 200 (a virtual table)", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#tree tbody tr[data-task]').length`); n >= 301 {
		t.Errorf("the table of 301 tasks draws %d rows at once; want only those near the view", n)
	}
	rows := tableRows(t, ctx)
	tokens := eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll('#diagram [data-pid][data-state]')].map(e => [e.dataset.pid, e.dataset.state]))`)
	if len(rows) != len(tokens) {
		t.Errorf("the table has %d rows; want one per task, %d", len(rows), len(tokens))
	}
	at := map[string]int{}
	for i, r := range rows {
		at[r.PID] = i
		if want, ok := tokens[r.PID]; !ok {
			t.Errorf("row %d: PID %s has no token", i, r.PID)
		} else if r.State != want {
			t.Errorf("row %d: PID %s is %q in the table; want %q, its token's state", i, r.PID, r.State, want)
		}
	}
	// Each task's parent comes before it (the tree is listed depth first).
	parents := eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll('#tree tbody tr[data-task]')].map(r => [r.dataset.task, r.cells[1].textContent.trim()]))`)
	children := 0
	for pid, ppid := range parents {
		if i, ok := at[ppid]; ok {
			children++
			if i > at[pid] {
				t.Errorf("PID %s (row %d) is listed before its parent %s (row %d)", pid, at[pid], ppid, i)
			}
		}
	}
	if children == 0 {
		t.Errorf("no row drawn at the end has its parent in the table: %v", parents)
	}
}
