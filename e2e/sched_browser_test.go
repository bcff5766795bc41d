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

// schedManualState reads the manual mode's progress: how many choices the
// shown schedule replays and whether it is finished.
func schedManualState(t *testing.T, ctx context.Context) (choices string, done bool) {
	t.Helper()
	s := eval[string](t, ctx, `(() => { const m = document.querySelector('#sched-manual'); return m.dataset.choices + '/' + m.dataset.done })()`)
	c, d, _ := strings.Cut(s, "/")
	return c, d == "1"
}

// schedChoose clicks the candidate name at the shown decision and waits
// until the page shows the schedule with one more choice.
func schedChoose(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	before, done := schedManualState(t, ctx)
	if done {
		t.Fatalf("choosing %s: the manual run is already finished", name)
	}
	sel := fmt.Sprintf(`#sched-decision button[data-choice=%q]`, name)
	// Clicked inside the page: the decision's buttons are redrawn when the
	// schedule redraws, and a node chromedp found a moment earlier may be
	// gone by the time it clicks ("Could not find node with given id").
	clickNow(t, ctx, sel)
	var n int
	fmt.Sscan(before, &n)
	waitFor(t, ctx, fmt.Sprintf("the schedule after choice %d (%s)", n+1, name),
		fmt.Sprintf(`document.querySelector('#sched-manual').dataset.choices === '%d' && document.querySelector('#sched').dataset.busy !== '1'`, n+1))
}

// schedShortest is the candidate with the least CPU burst left (the first
// among equals), as the decision's buttons say.
func schedShortest(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `(() => {
		let best = null;
		for (const b of document.querySelectorAll('#sched-decision button[data-choice]'))
			if (!best || Number(b.dataset.left) < Number(best.dataset.left)) best = b;
		return best ? best.dataset.choice : '';
	})()`)
}

// schedScore waits for the grade and returns its score.
func schedScore(t *testing.T, ctx context.Context) int {
	t.Helper()
	waitFor(t, ctx, "the grade", `document.querySelector('#sched-manual').dataset.done === '1' && !document.querySelector('#sched-grade').hidden`)
	s := eval[string](t, ctx, `document.querySelector('#sched-grade').dataset.score`)
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("the grade's score is %q", s)
	}
	shown := eval[string](t, ctx, `document.querySelector('#sched-grade .score-n').textContent`)
	if shown != s {
		t.Errorf("the grade shows score %q; data-score is %q", shown, s)
	}
	// Done: the chart is the schedule, not "so far".
	if got := eval[string](t, ctx, `document.querySelector('#sched-manual-title').dataset.i18n`); got != "s.manual.gantt.done" {
		t.Errorf("the finished schedule's title is %q; want s.manual.gantt.done", got)
	}
	return n
}

var avgRE = regexp.MustCompile(`\d+\.\d\d`)

// TestBrowserScheduling drives the scheduling view: the convoy example
// under FCFS, the comparison of FCFS and SJF (average waiting 17 and 3),
// "you are the scheduler" with a bad first choice (graded below 100, the
// difference named) and then with the shortest job each time (100), and a
// share link that reopens the finished exercise.
func TestBrowserScheduling(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)

	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1'`)
	do(t, ctx, chromedp.Click("#tab-sched"))
	waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched' && !document.querySelector('#sched').hidden &&
		getComputedStyle(document.querySelector('#lab')).display === 'none' && location.hash.startsWith('#s=1.')`) // the address holds the view's link (issue 12, part 4)
	if got := eval[string](t, ctx, `document.querySelector('#tab-sched').getAttribute('aria-selected')`); got != "true" {
		t.Errorf("#tab-sched aria-selected = %q; want true", got)
	}

	// The convoy example under FCFS (the run mode's default policy).
	do(t, ctx, chromedp.Click(`#sched-examples button[data-example="convoy"]`))
	waitFor(t, ctx, "the convoy jobs", `[...document.querySelectorAll('#sched-jobs tbody tr')].map(r =>
		r.querySelector('[data-field=name]').value + ':' + r.querySelector('[data-field=bursts]').value).join(' ') === 'P1:24 P2:3 P3:3'`)
	do(t, ctx, chromedp.Click(`#sched-policy button[data-policy="fcfs"]`))
	waitFor(t, ctx, "the FCFS Gantt chart", `!!document.querySelector('#sched-gantt g.slice[data-job="P1"][data-cpu="0"][data-start="0"][data-end="24"]') &&
		!!document.querySelector('#sched-gantt g.slice[data-job="P3"][data-start="27"][data-end="30"]')`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-metrics tfoot td[data-col="waiting"]').textContent`); got != "17.00" {
		t.Errorf("FCFS metrics: average waiting %q; want 17.00", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('#sched-metrics tr[data-job="P3"] td[data-col="waiting"]').textContent`); got != "27" {
		t.Errorf("FCFS metrics: P3 waits %q; want 27", got)
	}
	// The page's shortcuts move this view's time too (→ ← End Home).
	keyTime := func(key, want string) {
		t.Helper()
		eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur && document.activeElement.blur(), true)`)
		do(t, ctx, chromedp.KeyEvent(key))
		waitFor(t, ctx, "the time after a key", `document.querySelector('#sched-time').value === '`+want+`'`)
	}
	keyTime(kb.End, "29")
	keyTime(kb.ArrowLeft, "28")
	keyTime(kb.Home, "0")
	keyTime(kb.ArrowRight, "1")
	keyTime(kb.Home, "0")
	// Every job's lane marks its end with a check mark, the last job's (P3,
	// ending with the chart) too, in the chart's margin (it had none).
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#sched-gantt .job-lane')].filter(g => g.querySelector('.check')).map(g => g.dataset.job).join(',')`); got != "P1,P2,P3" {
		t.Errorf("FCFS Gantt: the lanes with an end mark are %q; want P1,P2,P3", got)
	}
	// The ready queue at t=0: P1 runs, P2 then P3 wait.
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#sched-queues .qjob')].map(e => e.dataset.job).join(',')`); got != "P2,P3" {
		t.Errorf("ready queue at t=0 = %q; want P2,P3", got)
	}
	shot(t, ctx, "sched-run-fcfs")

	// Compare FCFS and SJF.
	do(t, ctx, chromedp.Click("#sched-mode-compare"))
	waitFor(t, ctx, "the compare pane", `!document.querySelector('#sched-compare').hidden`)
	do(t, ctx, chromedp.Click(`#sched-compare-pick input[data-compare="fcfs"]`))
	do(t, ctx, chromedp.Click(`#sched-compare-pick input[data-compare="sjf"]`))
	waitFor(t, ctx, "the comparison table", `!!document.querySelector('#sched-compare-table tr[data-policy="fcfs"]') &&
		!!document.querySelector('#sched-compare-table tr[data-policy="sjf"]') && document.querySelectorAll('#sched-compare-table tbody tr').length === 2`)
	cell := func(policy, col string) string {
		return eval[string](t, ctx, fmt.Sprintf(`document.querySelector('#sched-compare-table tr[data-policy=%q] td[data-col=%q]').textContent`, policy, col))
	}
	if got := avgRE.FindString(cell("fcfs", "waiting")); got != "17.00" {
		t.Errorf("compare: FCFS average waiting %q; want 17.00", cell("fcfs", "waiting"))
	}
	if got := avgRE.FindString(cell("sjf", "waiting")); got != "3.00" {
		t.Errorf("compare: SJF average waiting %q; want 3.00", cell("sjf", "waiting"))
	}
	if !eval[bool](t, ctx, `document.querySelector('#sched-compare-table tr[data-policy="sjf"] td[data-col="waiting"]').classList.contains('best') &&
		!document.querySelector('#sched-compare-table tr[data-policy="fcfs"] td[data-col="waiting"]').classList.contains('best')`) {
		t.Error("compare: SJF's average waiting is not the one marked best")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#sched-compare-gantt g.sg-block[data-policy]').length`); n != 2 {
		t.Errorf("compare: %d stacked Gantt charts; want 2", n)
	}
	// The longest policy name fits in its chart's tag (it was cut at
	// "Priority (preemptiv").
	do(t, ctx, chromedp.Click(`#sched-compare-pick input[data-compare="priority-preemptive"]`))
	waitFor(t, ctx, "three stacked charts", `document.querySelectorAll('#sched-compare-gantt g.sg-block[data-policy]').length === 3`)
	if cut := eval[string](t, ctx, `[...document.querySelectorAll('#sched-compare-gantt g.sg-block')].filter(g => {
		const tag = g.querySelector('.block-tag').getBBox(), txt = g.querySelector('.block-label').getBBox();
		return txt.x + txt.width > tag.x + tag.width - 2 || txt.y < tag.y || txt.y + txt.height > tag.y + tag.height;
	}).map(g => g.querySelector('.block-label').textContent).join(', ')`); cut != "" {
		t.Errorf("compare: policy names running out of their tags: %s", cut)
	}
	shot(t, ctx, "sched-compare")
	do(t, ctx, chromedp.Click(`#sched-compare-pick input[data-compare="priority-preemptive"]`))
	waitFor(t, ctx, "two stacked charts again", `document.querySelectorAll('#sched-compare-gantt g.sg-block[data-policy]').length === 2`)

	// You are the scheduler: P1 first (the convoy), then whatever is left.
	do(t, ctx, chromedp.Click("#sched-mode-manual"))
	waitFor(t, ctx, "the first decision", `(() => { const d = document.querySelector('#sched-decision');
		return d.dataset.time === '0' && d.querySelectorAll('button[data-choice]').length === 3 })()`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-decision').textContent`); !strings.Contains(got, "Time 0") || !strings.Contains(got, "CPU 0") {
		t.Errorf("the decision says %q; want the time and the free CPU", got)
	}
	schedChoose(t, ctx, "P1")
	shot(t, ctx, "sched-manual-after-p1")
	for i := 0; i < 10; i++ {
		if _, done := schedManualState(t, ctx); done {
			break
		}
		name := eval[string](t, ctx, `document.querySelector('#sched-decision button[data-choice]').dataset.choice`)
		schedChoose(t, ctx, name)
	}
	if score := schedScore(t, ctx); score >= 100 {
		t.Errorf("P1 first: score %d; want below 100", score)
	}
	diff := eval[string](t, ctx, `(document.querySelector('#sched-differences li[data-chosen="P1"]')||{}).textContent || ''`)
	if !regexp.MustCompile(`t=0\b.*P1.*P2`).MatchString(diff) {
		t.Errorf("the differences say %q; want t=0, the choice P1 and the shortest P2", diff)
	}
	if got := eval[string](t, ctx, `document.querySelector('#sched-differences li[data-chosen="P1"]').dataset.shortest`); got != "P2" {
		t.Errorf("the difference's shortest job is %q; want P2", got)
	}
	if !eval[bool](t, ctx, `/SJF|SRTF/.test(document.querySelector('#sched-grade').textContent) && !!document.querySelector('#sched-grade-table tr[data-policy="you"]')`) {
		t.Error("the grade does not name the optimum or compare the student with the policies")
	}
	shot(t, ctx, "sched-manual-graded")

	// Undo takes the last choice back.
	do(t, ctx, chromedp.Click("#sched-undo"))
	waitFor(t, ctx, "the undone choice", `document.querySelector('#sched-manual').dataset.done === '0' && !!document.querySelector('#sched-decision button[data-choice]')`)

	// A fresh run, the shortest job each time: full marks.
	do(t, ctx, chromedp.Click("#sched-restart"))
	waitFor(t, ctx, "a fresh run", `document.querySelector('#sched-manual').dataset.choices === '0' && document.querySelector('#sched-decision').dataset.time === '0'`)
	if got := schedShortest(t, ctx); got != "P2" {
		t.Fatalf("the shortest candidate at t=0 is %q; want P2", got)
	}
	for i := 0; i < 10; i++ {
		if _, done := schedManualState(t, ctx); done {
			break
		}
		schedChoose(t, ctx, schedShortest(t, ctx))
	}
	if score := schedScore(t, ctx); score != 100 {
		t.Errorf("shortest job each time: score %d; want 100", score)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#sched-differences li[data-chosen]').length`); n != 0 {
		t.Errorf("shortest job each time: %d differences listed; want none", n)
	}
	shot(t, ctx, "sched-manual-perfect")

	// Share: the link reopens the same finished exercise.
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `/#s=1\./.test((document.querySelector('#share-url')||{}).value || '')`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, tab, chromedp.Navigate(link))
	waitFor(t, tab, "the shared exercise", `document.body.dataset.view === 'sched' && document.querySelector('#sched-manual').dataset.done === '1' &&
		(document.querySelector('#sched-grade')||{}).dataset?.score === '100' &&
		[...document.querySelectorAll('#sched-jobs [data-field=name]')].map(e => e.value).join() === 'P1,P2,P3'`)
	shot(t, tab, "sched-shared")

	// Chinese: the view speaks zh-CN after a click.
	do(t, tab, chromedp.Click("#btn-lang"))
	waitFor(t, tab, "Chinese text", `document.documentElement.lang.startsWith('zh') && /调度/.test(document.querySelector('#tab-sched').textContent) && /满分/.test(document.querySelector('#sched-grade').textContent)`)
	shot(t, tab, "sched-shared-zh")
}

// TestBrowserSchedulingErrors checks that what the server refuses is shown
// (a duplicate job name) and so is a burst text the page cannot read.
func TestBrowserSchedulingErrors(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/#sched"))
	waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched' && !!document.querySelector('#sched-jobs tbody tr')`)
	do(t, ctx, chromedp.Click(`#sched-examples button[data-example="sjf"]`))
	waitFor(t, ctx, "the SJF example's Gantt", `document.querySelectorAll('#sched-gantt g.slice').length === 4`)

	set := func(row int, field, value string) {
		t.Helper()
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const i = document.querySelector('#sched-jobs tr[data-row="%d"] input[data-field=%q]');
			i.value = %q; i.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, row, field, value))
	}
	set(1, "name", "P1")
	waitFor(t, ctx, "the server's refusal", `(() => { const e = document.querySelector('#sched-error');
		return !e.hidden && e.dataset.code === 'bad_field' && /unique/.test(e.textContent) })()`)
	shot(t, ctx, "sched-error-server")
	set(1, "name", "P2")
	waitFor(t, ctx, "the error to go", `document.querySelector('#sched-error').hidden`)

	set(2, "bursts", "io3 4")
	waitFor(t, ctx, "the burst error", `(() => { const e = document.querySelector('#sched-error');
		return !e.hidden && e.dataset.code === 'client' && /io3/.test(e.textContent) &&
		document.querySelector('#sched-jobs tr[data-row="2"] input[data-field=bursts]').getAttribute('aria-invalid') === 'true' })()`)
	shot(t, ctx, "sched-error-bursts")
}

// TestBrowserSchedModeInTheAddress switches a scheduling lesson, and a
// workload of the editor, to Compare and to "you are the scheduler": the
// address names the mode (#sched/convoy/compare), and a reload opens the
// lesson in that mode. It used to stay #sched/convoy, and a reload (or the
// link) opened "Run one policy".
func TestBrowserSchedModeInTheAddress(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=zh-CN#sched/convoy"))
	waitFor(t, ctx, "the convoy lesson", `document.body.dataset.view === 'sched' && location.hash === '#sched/convoy' && !!document.querySelector('#sched-mode-compare')`)
	for _, mode := range []string{"compare", "manual"} {
		do(t, ctx, chromedp.Click("#sched-mode-"+mode))
		waitFor(t, ctx, "the mode in the address", fmt.Sprintf(`location.hash === '#sched/convoy/%s'`, mode))
		do(t, ctx, chromedp.Reload())
		waitFor(t, ctx, "the lesson reopened in its mode", fmt.Sprintf(`document.body.dataset.view === 'sched' && document.querySelector('#sched-mode-%s')?.getAttribute('aria-selected') === 'true' && location.hash === '#sched/convoy/%s'`, mode, mode))
	}
	do(t, ctx, chromedp.Click("#sched-mode-run"))
	waitFor(t, ctx, "the first mode's address", `location.hash === '#sched/convoy'`)
	// A workload of the editor: its share link changes with the mode.
	do(t, ctx, chromedp.Navigate(base+"/?lang=en#sched"))
	waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched' && !!document.querySelector('#sched-mode-compare')`)
	time.Sleep(1500 * time.Millisecond) // the address written once the first schedule is shown
	before := eval[string](t, ctx, `location.hash`)
	do(t, ctx, chromedp.Click("#sched-mode-compare"))
	waitFor(t, ctx, "a new address for Compare", fmt.Sprintf(`location.hash !== %q && location.hash.startsWith('#s=')`, before))
}
