package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserGradingStallings plays "you are the scheduler" on Stallings's
// Table 9.5 workload (issue 12, parts 6 and 10): picking the shortest job
// at each decision scores 100 against the best non-preemptive schedule
// (SJF, from the first choice on E, C, D: 3.60), which the grade card names in English and in
// Chinese; queue order scores less and the card says where it left the
// best schedule, and replaying the best play scores 100; the table runs RR
// with the workload's quantum (q=1).
func TestBrowserGradingStallings(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1'`)
	do(t, ctx, chromedp.Click("#tab-sched"))
	waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched' && !document.querySelector('#sched').hidden`)
	do(t, ctx, chromedp.Click(`#sched-examples button[data-example="stallings"]`))
	waitFor(t, ctx, "the Stallings jobs", `[...document.querySelectorAll('#sched-jobs tbody tr')].map(r => r.querySelector('[data-field=name]').value).join('') === 'ABCDE'`)
	do(t, ctx, chromedp.Click("#sched-mode-manual"))
	waitFor(t, ctx, "the first decision", `!!document.querySelector('#sched-decision button[data-choice]')`)

	play := func(pick func() string) int {
		for range 10 {
			if _, done := schedManualState(t, ctx); done {
				break
			}
			waitFor(t, ctx, "a decision", `!!document.querySelector('#sched-decision button[data-choice]') || document.querySelector('#sched-manual').dataset.done === '1'`)
			if _, done := schedManualState(t, ctx); done {
				break
			}
			schedChoose(t, ctx, pick())
		}
		return schedScore(t, ctx)
	}
	ref := func() string {
		return eval[string](t, ctx, `(() => { const p = document.querySelector('#sched-grade-ref'); return p ? p.dataset.rule + '|' + p.dataset.policy + '|' + p.dataset.exact + '|' + p.textContent : '' })()`)
	}

	// Best play: the shortest job each time.
	if got := play(func() string { return schedShortest(t, ctx) }); got != 100 {
		t.Errorf("got score %d for shortest-first play; want 100", got)
	}
	r := ref()
	for _, want := range []string{"nonpreemptive|sjf|1|", "best non-preemptive schedule", "SJF, from the first choice on: E, C, D", "3.60"} {
		if !strings.Contains(r, want) {
			t.Errorf("got the reference %q; want it to contain %q", r, want)
		}
	}
	rr := eval[string](t, ctx, `(() => { const tr = document.querySelector('#sched-grade-table tr[data-policy="rr"]'); return tr.querySelector('th').textContent + ' ' + tr.querySelector('td[data-col="turnaround"]').textContent })()`)
	if !strings.Contains(rr, "(q=1)") || !strings.Contains(rr, "10.80") {
		t.Errorf("got the RR row %q; want q=1 and turnaround 10.80 (as Compare)", rr)
	}
	shot(t, ctx, "grading-best-en")

	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
	waitFor(t, ctx, "the reference in Chinese", `/最佳的非抢占调度/.test(document.querySelector('#sched-grade-ref').textContent)`)
	if r := ref(); !strings.Contains(r, "短作业优先 SJF，从第一次选择起依次为 E, C, D") || !strings.Contains(r, "3.60") {
		t.Errorf("got the Chinese reference %q; want SJF's order and 3.60", r)
	}
	shot(t, ctx, "grading-best-zh")
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "English", `document.documentElement.lang === 'en'`)

	// Queue order (the first candidate each time) waits 4.60: 18/23 = 78.
	do(t, ctx, chromedp.Click("#sched-restart"))
	waitFor(t, ctx, "a fresh run", `document.querySelector('#sched-manual').dataset.choices === '0' && !!document.querySelector('#sched-decision button[data-choice]')`)
	first := func() string {
		return eval[string](t, ctx, `document.querySelector('#sched-decision button[data-choice]').dataset.choice`)
	}
	if got := play(first); got != 78 {
		t.Errorf("got score %d for queue-order play; want 78", got)
	}
	dep := eval[string](t, ctx, `(document.querySelector('#sched-departure') || {textContent: ''}).textContent`)
	if !strings.Contains(dep, "t=9") || !strings.Contains(dep, "C") || !strings.Contains(dep, "E") {
		t.Errorf("got the departure %q; want t=9, C chosen where the best runs E", dep)
	}
	shot(t, ctx, "grading-worse-en")

	// Replaying the best schedule's choices scores 100.
	do(t, ctx, chromedp.Click("#sched-replay-best"))
	waitFor(t, ctx, "the replayed best schedule", `document.querySelector('#sched-manual').dataset.done === '1' && document.querySelector('#sched-grade').dataset.score === '100'`)
}

// TestBrowserLockCountersLive steps the deadlock lesson (issue 12, part 7):
// while t2 waits for a lock, its panel shows a contended acquisition, one
// thread waiting and a total wait that grows every step.
func TestBrowserLockCountersLive(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	openLesson(t, ctx, "deadlock")
	stats := func() string {
		return eval[string](t, ctx, `['a','b'].map(n => { const s = document.querySelector('#objects [data-obj="'+n+'"] .stats'); return s ? [s.dataset.contended, s.dataset.waiting, s.dataset.total, s.dataset.longest].join('/') : '-' }).join(' ')`)
	}
	var seen []string
	waitingSteps := 0
	var lastTotal int
	_, total := stepShown(t, ctx)
	for n := int64(1); n <= total; n++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, n)
		s := stats()
		seen = append(seen, s)
		var ca, wa, ta, la, cb, wb, tb, lb int
		fmt.Sscanf(s, "%d/%d/%d/%d %d/%d/%d/%d", &ca, &wa, &ta, &la, &cb, &wb, &tb, &lb)
		if w := wa + wb; w > 0 {
			if ca+cb < 1 {
				t.Errorf("step %d: %s: a thread waits with no contended acquisition", n, s)
			}
			if waitingSteps > 0 && ta+tb <= lastTotal {
				t.Errorf("step %d: %s: the total wait did not grow while a thread waits", n, s)
			}
			waitingSteps++
		}
		lastTotal = ta + tb
	}
	if waitingSteps < 3 {
		t.Errorf("got %d steps with a waiting thread (%v); want at least 3", waitingSteps, seen)
	}
	eval[bool](t, ctx, `(document.querySelector('#objects-card').scrollIntoView({block: 'center'}), true)`)
	shot(t, ctx, "grading-lock-live-en")
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "the live counters in Chinese", `/正在等待/.test(document.querySelector('#objects').textContent)`)
	shot(t, ctx, "grading-lock-live-zh")
}
