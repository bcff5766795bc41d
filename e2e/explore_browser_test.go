package e2e

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/server"
	"proclab/sim"
)

// exploreLong is a Go program whose explore outlasts several progress
// reports: server's testdata/select_many.go (eight goroutines selecting
// over two buffered channels, far past the state bound).
func exploreLong(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../server/testdata/select_many.go")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// progressShown is the JS predicate "the explore progress bar shows a
// progress report whose text matches re".
func progressShown(re string) string {
	return `(() => { const p = document.querySelector('#explore-progress'); if (!p || p.hidden) return false;
		const now = Number(p.querySelector('.ep-bar').getAttribute('aria-valuenow'));
		return now > 0 && now <= 100 && ` + re + `.test(p.querySelector('.ep-text').textContent) })()`
}

// TestBrowserExploreProgressCancel: a long explore shows a progress bar
// (the budget's percent, states, frontier and rate) with a Cancel button;
// Cancel stops it and the result says it was cancelled; the same in
// Chinese.
func TestBrowserExploreProgressCancel(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"+shareFragment(t, map[string]any{"s": exploreLong(t), "n": 0, "e": sim.SemanticsVersion})))
	waitFor(t, ctx, "the Go program loaded", `document.body.classList.contains('race-lab') && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)

	for _, lang := range []struct {
		name, progress, cancel, cancelled string
	}{
		{"en", `/[\d.]+% of the budget · [\d,]+ states · [\d,]+ open · [\d,]+ states\/s/`, "Cancel", "Cancelled"},
		{"zh", `/已用上限的 [\d.]+% · [\d,]+ 个状态 · [\d,]+ 个待完成 · 每秒 [\d,]+ 个状态/`, "取消", "已取消"},
	} {
		if lang.name == "zh" {
			toChinese(t, ctx)
		}
		clickNow(t, ctx, "#btn-explore")
		waitFor(t, ctx, lang.name+" progress", progressShown(lang.progress))
		if got := eval[string](t, ctx, `document.querySelector('#btn-explore-cancel').textContent`); got != lang.cancel {
			t.Errorf("%s: the cancel button says %q; want %q", lang.name, got, lang.cancel)
		}
		shot(t, ctx, "explore-progress-"+lang.name)
		clickNow(t, ctx, "#btn-explore-cancel")
		waitFor(t, ctx, lang.name+" cancelled result", `(() => { const n = document.querySelector('#explore-note');
			return !n.hidden && n.dataset.cancelled === '1' && document.querySelector('#explore-progress').hidden && !document.querySelector('#btn-explore').disabled })()`)
		if got := eval[string](t, ctx, `document.querySelector('#explore-note').textContent`); !strings.Contains(got, lang.cancelled) {
			t.Errorf("%s: the explore note says %q; want it to say %q", lang.name, got, lang.cancelled)
		}
		// Counts are grouped as in the progress line: "156,282 states", not "156282".
		if got := eval[string](t, ctx, `document.querySelector('#explore-note').textContent + ' ' + [...document.querySelectorAll('#explored td.num')].map(c => c.textContent).join(' ')`); regexp.MustCompile(`\d{4}`).MatchString(got) {
			t.Errorf("%s: a count without digit grouping in %q", lang.name, got)
		}
	}
}

// TestBrowserExploreReduced: four identical threads of three unlocked
// increments need more than the state bound explored exactly; the answer
// is the reduced exploration's, complete, with every counter value from 2
// to 12 and no schedule count (a dash), and the note says why.
func TestBrowserExploreReduced(t *testing.T) {
	// Under -race on a loaded machine the exact pass alone can take more
	// than the default 10 s explore budget: this test is about the answer
	// past the state bound, not about time.
	t.Parallel()
	ctx, base := browserWith(t, server.Budgets{ExploreTime: 5 * time.Minute})
	var b strings.Builder
	b.WriteString("var c = 0\n")
	for th := range 4 {
		fmt.Fprintf(&b, "thread t%d\n%s", th, strings.Repeat("  c = c + 1\n", 3))
	}
	do(t, ctx, chromedp.Navigate(base+"/"+shareFragment(t, map[string]any{"s": b.String(), "n": 0, "e": sim.SemanticsVersion})))
	waitFor(t, ctx, "the scenario loaded", `document.body.classList.contains('race-lab') && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	clickNow(t, ctx, "#btn-explore")
	// Two passes of 200,000 and 131,492 states: seconds alone, a minute and
	// more under -race beside the rest of the suite.
	waitWithin(t, ctx, 4*time.Minute, "the explore result", `document.querySelectorAll('#explored tr[data-outcome]').length > 0 && !document.querySelector('#btn-explore').disabled`)
	got := eval[string](t, ctx, `[...document.querySelectorAll('#explored tr[data-outcome]')].map(r => r.dataset.vars.replace('c=', '') + ':' + r.querySelector('td.num').textContent).sort((a, b) => parseInt(a) - parseInt(b)).join(' ')`)
	if want := "2:— 3:— 4:— 5:— 6:— 7:— 8:— 9:— 10:— 11:— 12:—"; got != want {
		t.Errorf("outcomes %q; want %q", got, want)
	}
	note := eval[string](t, ctx, `document.querySelector('#explore-note').textContent`)
	if !strings.Contains(note, "Schedules not counted") || strings.Contains(note, "Incomplete") {
		t.Errorf("the explore note says %q; want it to say the schedules are not counted, and not that it is incomplete", note)
	}
	eval[bool](t, ctx, `(document.querySelector('#explore-note').scrollIntoView(), true)`)
	shot(t, ctx, "explore-reduced")
}
