package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// openLesson picks a lesson in the header's list and waits for step 0.
func openLesson(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	waitFor(t, ctx, "the lesson list", fmt.Sprintf(`!!document.querySelector('#lesson-select option[value=%q]')`, id))
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id))
	waitFor(t, ctx, "the lesson "+id, fmt.Sprintf(`document.body.classList.contains('race-lab') && document.body.dataset.run === %q && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`, id))
}

// selectLesson picks a lesson in the header's list and waits until the
// page shows it at step 0 (body's data-run names the run shown: the
// counter of the lesson shown before may read step 0 too).
func selectLesson(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	waitFor(t, ctx, "the lesson list", fmt.Sprintf(`!!document.querySelector('#lesson-select option[value=%q]')`, id))
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id))
	waitFor(t, ctx, "the lesson "+id, fmt.Sprintf(`document.body.dataset.run === %q`, id))
	waitStep(t, ctx, 0)
}

// click scrolls an element to the middle of the window (clear of the
// sticky header and controls) and clicks it.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitFor(t, ctx, sel, fmt.Sprintf(`!!document.querySelector(%q)`, sel))
	eval[bool](t, ctx, fmt.Sprintf(`(document.querySelector(%q).scrollIntoView({block: 'center'}), true)`, sel))
	do(t, ctx, chromedp.Click(sel))
}

// waitStep waits until the page shows step n.
// It also waits for the panels a run's first draw leaves for after its
// frame (app.js drawLater: the process table, the timeline, the log, drawn
// one a task), which a test may read next.
func waitStep(t *testing.T, ctx context.Context, n int64) {
	t.Helper()
	// (A run loaded: the counter of a page with nothing loaded reads "0 / 0",
	// and the share button is off until a run is loaded.)
	waitFor(t, ctx, fmt.Sprintf("step %d", n), fmt.Sprintf(`/\b%d\s*\//.test(document.querySelector('#step-counter').textContent) && !document.querySelector('#btn-share').disabled && !(window.proclabDrawStats && window.proclabDrawStats.laterLeft)`, n))
}

// stepToEnd steps (button and arrow key in turn) until the last step.
func stepToEnd(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	n, total := stepShown(t, ctx)
	for ; n < total; n++ {
		if n%2 == 0 {
			do(t, ctx, chromedp.Click("#btn-step"))
		} else {
			do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		}
		waitStep(t, ctx, n+1)
	}
	return total
}

func varValue(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector('#vars [data-var=%q]')||{dataset:{}}).dataset.value || ''`, name))
}

// TestBrowserRaceLostUpdate: step the lost-update lesson to the lost update
// and read the explanation in the problems panel and the log; then explore
// every schedule and load the one that keeps both updates.
func TestBrowserRaceLostUpdate(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	openLesson(t, ctx, "lost-update")
	waitFor(t, ctx, "the thread panes", `document.querySelectorAll('#code .prog[data-thread]').length === 2`)
	if v := varValue(t, ctx, "counter"); v != "0" {
		t.Fatalf("counter shows %q at step 0; want 0", v)
	}

	// (a) Step with the button and the keyboard until the lost update.
	for i := int64(1); ; i++ {
		if i > 20 {
			t.Fatal("no lost_update in the log after 20 steps")
		}
		if i%2 == 0 {
			do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		} else {
			do(t, ctx, chromedp.Click("#btn-step"))
		}
		waitStep(t, ctx, i)
		if eval[bool](t, ctx, `!!document.querySelector('#log li[data-kind="lost_update"]')`) {
			break
		}
	}
	lost := eval[string](t, ctx, `document.querySelector('#problems li[data-kind="lost_update"]').textContent`)
	for _, want := range []string{"t2’s store of counter at step 6 overwrote t1’s store of step 5", "t2 had read counter at step 2", "before t1’s store"} {
		if !strings.Contains(lost, want) {
			t.Errorf("the problems panel says %q; want it to contain %q", lost, want)
		}
	}
	logText := eval[string](t, ctx, `document.querySelector('#log').textContent`)
	if !strings.Contains(logText, "t2’s store of counter at step 6 overwrote t1’s store of step 5") {
		t.Errorf("the log does not explain the lost update:\n%s", logText)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#problems li[data-kind="race"]') && /DATA RACE on counter/.test(document.querySelector('#problems').textContent)`) {
		t.Error("no data race in the problems panel")
	}
	if v := varValue(t, ctx, "counter"); v != "1" {
		t.Errorf("counter shows %q; want 1", v)
	}
	if w := eval[string](t, ctx, `document.querySelector('#vars [data-var="counter"]').dataset.writer || ''`); w != "3" {
		t.Errorf("counter's writer this step is %q; want P3 (t2)", w)
	}
	// The expectation is checked when the run ends: after the last thread
	// has ended and init has reaped the process.
	stepToEnd(t, ctx)
	logText = eval[string](t, ctx, `document.querySelector('#log').textContent`)
	expect := eval[string](t, ctx, `(document.querySelector('#problems li[data-kind="expect_failed"]')||{}).textContent || ''`)
	if !strings.Contains(expect, "counter == 2") || !strings.Contains(expect, "counter is 1") {
		t.Errorf("the expectation failure says %q; want counter == 2 and counter is 1", expect)
	}
	if !strings.Contains(logText, "counter is 1") {
		t.Error("the log does not say the expectation failed with counter 1")
	}
	if r := eval[string](t, ctx, `document.querySelector('#expects [data-expect="0"]').dataset.result`); r != "fail" {
		t.Errorf("the expectation shows %q; want fail", r)
	}
	shot(t, ctx, "race-lost-update")

	// A problem jumps to its step when clicked.
	click(t, ctx, `#problems li[data-kind="race"][data-step="5"] [data-goto]`)
	waitStep(t, ctx, 5)
	do(t, ctx, chromedp.Click("#btn-step"))
	waitStep(t, ctx, 6)

	// (b) Explore: two outcomes; load the schedule that keeps both updates.
	click(t, ctx, "#btn-explore")
	waitFor(t, ctx, "the explore table", `document.querySelectorAll('#explored tr[data-outcome]').length === 2`)
	got := eval[string](t, ctx, `[...document.querySelectorAll('#explored tr[data-outcome]')].map(r => r.dataset.vars + ':' + r.dataset.schedules).sort().join(' ')`)
	if got != "counter=1:18 counter=2:2" {
		t.Fatalf("explore outcomes %q; want counter=1:18 counter=2:2", got)
	}
	if !eval[bool](t, ctx, `/expectation counter == 2 fails/.test(document.querySelector('#explored tr[data-vars="counter=1"]').textContent)`) {
		t.Error("the outcome counter=1 does not name the failed expectation")
	}
	shot(t, ctx, "race-explore")
	// The schedule's tooltip names the threads as the page does (t1 → t2), not as processes (P3).
	if got := eval[string](t, ctx, `document.querySelector('#explored tr[data-vars="counter=2"] button[data-witness]').title`); !strings.Contains(got, " → ") || regexp.MustCompile(`\bP\d`).MatchString(got) {
		t.Errorf("the schedule's tooltip says %q; want thread names joined by arrows", got)
	}
	click(t, ctx, `#explored tr[data-vars="counter=2"] button[data-witness]`)
	waitFor(t, ctx, "the witness schedule", `document.querySelector('#pick-interleave').checked && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	// The help under the picker says the run follows that schedule, not the policy.
	if got := eval[string](t, ctx, `document.querySelector('#pick-help').textContent`); !strings.Contains(got, "follows a saved schedule") {
		t.Errorf("the picker's help says %q for a loaded schedule; want it to say the run follows it", got)
	}
	stepToEnd(t, ctx)
	waitFor(t, ctx, "counter 2", `document.querySelector('#vars [data-var="counter"]').dataset.value === '2'`)
	if r := eval[string](t, ctx, `document.querySelector('#expects [data-expect="0"]').dataset.result`); r != "pass" {
		t.Errorf("the expectation shows %q after the good schedule; want pass", r)
	}
	if eval[bool](t, ctx, `!!document.querySelector('#problems li[data-kind="lost_update"]')`) {
		t.Error("a lost update is reported for the schedule without one")
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#explored tr[data-vars="counter=2"].current')`) {
		t.Error("the explore table does not mark the loaded schedule")
	}
	shot(t, ctx, "race-witness")
}

// TestBrowserRaceDeadlock: the deadlock lesson's cycle is drawn with both
// threads and both locks.
func TestBrowserRaceDeadlock(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	openLesson(t, ctx, "deadlock")
	stepToEnd(t, ctx)
	waitFor(t, ctx, "the deadlock", `!!document.querySelector('#problems li[data-kind="deadlock"] svg.wait-cycle')`)
	threads := eval[string](t, ctx, `[...document.querySelectorAll('#problems svg.wait-cycle [data-pid]')].map(g => g.textContent).sort().join(',')`)
	locks := eval[string](t, ctx, `[...document.querySelectorAll('#problems svg.wait-cycle [data-obj]')].map(g => g.textContent).sort().join(',')`)
	if threads != "t1,t2" || locks != "a,b" {
		t.Errorf("the cycle shows threads %q and locks %q; want t1,t2 and a,b", threads, locks)
	}
	labels := eval[string](t, ctx, `document.querySelector('#problems svg.wait-cycle').textContent`)
	if !strings.Contains(labels, "waits for") || !strings.Contains(labels, "held by") {
		t.Errorf("the cycle's arrows say %q; want waits for / held by", labels)
	}
	// The locks panel: a held by t1 with t2 waiting, b held by t2 with t1 waiting.
	q := eval[string](t, ctx, `['a','b'].map(n => { const o = document.querySelector('#objects [data-obj="'+n+'"]'); return n + ':' + o.querySelector('[data-holder]').dataset.holder + ':' + [...o.querySelectorAll('.qtoken')].map(x => x.dataset.pid).join('') }).join(' ')`)
	if q != "a:2:3 b:3:2" {
		t.Errorf("locks panel %q; want a:2:3 b:3:2", q)
	}
	if !eval[bool](t, ctx, `/deadlock: t2 waits for a held by t1/.test(document.querySelector('#log').textContent)`) {
		t.Error("the log does not name the deadlock")
	}
	// On the timeline, the threads' S intervals carry the lock they wait for.
	if n := eval[int](t, ctx, `document.querySelector('#timeline').timeline.runs().filter(r => r.wait.startsWith('lock:') && r.lane === 'task').length`); n < 2 {
		t.Errorf("%d lock-wait bars on the timeline; want at least 2", n)
	}
	shot(t, ctx, "race-deadlock")

	// The same panels in Chinese.
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "the deadlock in Chinese", `/死锁：t2 等待被 t1 持有的 a/.test(document.querySelector('#problems').textContent) && /等待/.test(document.querySelector('#problems svg.wait-cycle').textContent) && /持有者/.test(document.querySelector('#objects').textContent)`)
}

// TestBrowserRaceManual: "you are the scheduler" on the lost-update lesson:
// t1 three times (button, token, button), then t2 runs alone; the counter
// ends at 2. The share link reopens the same choices and step.
func TestBrowserRaceManual(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	openLesson(t, ctx, "lost-update")
	click(t, ctx, `#picker input[value="manual"]`)
	waitFor(t, ctx, "the first decision", `document.querySelectorAll('#decision button[data-choose]').length === 2`)
	names := eval[string](t, ctx, `[...document.querySelectorAll('#decision button[data-choose]')].map(b => b.dataset.name + '=' + b.dataset.choose).join(' ')`)
	if names != "t1=2 t2=3" {
		t.Fatalf("candidates %q; want t1=2 t2=3", names)
	}
	shot(t, ctx, "race-manual")

	click(t, ctx, `#decision button[data-name="t1"]`)
	waitStep(t, ctx, 1)
	waitFor(t, ctx, "the second decision", `document.querySelectorAll('#diagram .token.candidate').length === 2`)
	do(t, ctx, chromedp.Sleep(800*time.Millisecond))         // let the tokens glide to their places
	click(t, ctx, `#diagram .token.candidate[data-pid="2"]`) // t1's token
	waitStep(t, ctx, 2)
	waitFor(t, ctx, "the third decision", `!!document.querySelector('#decision button[data-name="t1"]')`)
	click(t, ctx, `#decision button[data-name="t1"]`)
	waitStep(t, ctx, 3)
	waitFor(t, ctx, "t1's choices", `document.querySelector('#decision .r-choices').dataset.choices === '2,2,2'`)
	// t1 is done: t2 is the only thread left, so it runs without a decision.
	if n := eval[int](t, ctx, `document.querySelectorAll('#decision button[data-choose]').length`); n != 0 {
		t.Errorf("%d candidates after t1 finished; want none (t2 runs alone)", n)
	}
	if v := varValue(t, ctx, "counter"); v != "1" {
		t.Errorf("counter after t1's three micro-steps is %q; want 1", v)
	}

	// Share this step: the link reopens manual mode with the same choices.
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `/#s=1\./.test((document.querySelector('#share-url')||{}).value || '')`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
	do(t, ctx, chromedp.KeyEvent(kb.Escape))

	stepToEnd(t, ctx)
	waitFor(t, ctx, "counter 2", `document.querySelector('#vars [data-var="counter"]').dataset.value === '2'`)
	if r := eval[string](t, ctx, `document.querySelector('#expects [data-expect="0"]').dataset.result`); r != "pass" {
		t.Errorf("the expectation shows %q; want pass", r)
	}
	shot(t, ctx, "race-manual-end")

	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, tab, chromedp.Navigate(link))
	waitFor(t, tab, "the shared step", `/\b3\s*\/\s*\d+/.test((document.querySelector('#step-counter')||{}).textContent||'')`)
	waitFor(t, tab, "manual mode restored", `document.querySelector('#picker input[value="manual"]').checked && document.querySelector('#decision .r-choices').dataset.choices === '2,2,2'`)
	if v := varValue(t, tab, "counter"); v != "1" {
		t.Errorf("the shared step shows counter %q; want 1", v)
	}
}
