package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLiveTableLayout fills the live lab's process table with its
// widest rows (openLiveProcs) on a phone and at 1280x720, in English and
// in Chinese, and runs the layout test's checks on the page (layoutCheckJS:
// on a phone the page was 615 px wide, the table's .sr-only header having
// escaped its scroll box) and the table's own: from 1280 px up it fits its
// box (it was 945 px in 830), and no header breaks inside a word (线程 went
// onto two lines). It has a server of its own, and the live tests run one
// at a time: the live lab lists every client's processes, so these would
// show on TestBrowserLayout's pages too.
func TestBrowserLiveTableLayout(t *testing.T) {
	base := liveServer(t)
	ctx := tab(t)
	errs := watchConsole(t, ctx)
	for _, sz := range []layoutSize{
		{name: "1280x720", w: 1280, h: 720, minDiagramPx: 14},
		{name: "390x844", w: 390, h: 844, phone: true},
	} {
		for _, lang := range []string{"en", "zh-CN"} {
			t.Run(sz.name+"/"+lang, func(t *testing.T) {
				opts := []chromedp.EmulateViewportOption{chromedp.EmulateLandscape}
				if sz.phone {
					opts = []chromedp.EmulateViewportOption{chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch}
				}
				do(t, ctx, chromedp.EmulateViewport(sz.w, sz.h, opts...))
				do(t, ctx, chromedp.Navigate(base+"/?lang="+lang+"#live"))
				waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
				openLiveProcs(t, ctx)
				waitFor(t, ctx, "the page still", layoutStillJS)
				eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
				shot(t, ctx, fmt.Sprintf("live-table-%s-%s", sz.name, lang))
				if probs := eval[[]string](t, ctx, fmt.Sprintf(layoutCheckJS, sz.minDiagramPx, !sz.phone, sz.w)); len(probs) > 0 {
					t.Errorf("%d layout problems:\n  %s", len(probs), strings.Join(probs, "\n  "))
				}
				if e := errs.take(); len(e) > 0 {
					t.Errorf("the console said:\n  %s", strings.Join(e, "\n  "))
				}
				// The next page starts with none of these.
				clickNow(t, ctx, "#live-killall")
				waitFor(t, ctx, "the processes gone", `!document.querySelector('#live-procs tr[data-pid]:not([data-state="dead"])')`)
			})
		}
	}
}

// openLiveProcs fills the process table of the live tab shown with its
// widest rows: the copy-on-write demo (its three memory columns), a
// forker's zombies (each with a Reap button) and a stopped sleeper (T and
// its wait channel); then it checks that the table fits its box from 1280
// px up and that no header breaks inside a word.
func openLiveProcs(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the live lab", `document.body.dataset.view === 'live' && document.body.dataset.live === 'ready'`)
	spawn := func(workload string, args map[string]int) {
		t.Helper()
		before := eval[int](t, ctx, `Number(document.querySelector('#live-actions').dataset.pid || 0)`)
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#live-workload'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, workload))
		for name, v := range args {
			eval[bool](t, ctx, fmt.Sprintf(`(() => { const i = document.querySelector('#live-args input[data-arg=%q]'); i.value = '%d'; i.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, name, v))
		}
		clickNow(t, ctx, "#live-spawn")
		waitFor(t, ctx, workload+" spawned", fmt.Sprintf(`Number(document.querySelector('#live-actions').dataset.pid || 0) > 0 && Number(document.querySelector('#live-actions').dataset.pid) !== %d`, before))
	}
	spawn("cow", map[string]int{"mb": 8, "step_ms": 60000})
	spawn("forker", map[string]int{"children": 3, "exit_ms": 0})
	spawn("sleep", map[string]int{"ms": 600000})
	clickNow(t, ctx, `#live-actions button[data-act="signal"][data-signal="STOP"]`)
	waitFor(t, ctx, "the table's widest rows", `(() => {
		const rows = [...document.querySelectorAll('#live-procs tr[data-pid]')];
		return document.querySelectorAll('#live-procs th').length >= 11 && rows.filter(r => r.dataset.state === 'zombie' && r.querySelector('button[data-act="reap"]')).length === 3 &&
			rows.some(r => r.dataset.state === 'stopped') && !rows.some(r => r.dataset.state === 'running')
	})()`)
	probs := eval[[]string](t, ctx, `(() => {
		const out = [], box = document.querySelector('#live-procs');
		if (innerWidth >= 1280 && box.scrollWidth > box.clientWidth + 1) out.push('the process table is ' + box.scrollWidth + ' px wide in its ' + box.clientWidth + ' px box');
		for (const th of box.querySelectorAll('th')) {
			const r = document.createRange();
			r.selectNodeContents(th);
			const lines = new Set([...r.getClientRects()].filter(x => x.width > 1).map(x => Math.round(x.top))).size;
			const words = th.textContent.trim().split(/[\s/]+/).filter(Boolean).length;
			if (lines > words) out.push('the header "' + th.textContent.trim() + '" takes ' + lines + ' lines for ' + words + ' word(s)');
		}
		return out;
	})()`)
	if len(probs) > 0 {
		t.Errorf("the live process table:\n  %s", strings.Join(probs, "\n  "))
	}
}
