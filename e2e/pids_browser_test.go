package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"proclab/sim"
)

// TestBrowserReusedPIDShowsItsNewestTask: in the lesson on PIDs, PIDs wrap
// and a new task gets the PID of a task reaped long before, which the
// table still lists (in X). The page names a task by its PID, so it must
// show the new task there, as Linux would (the reaped one is gone): its
// token in the diagram and its row in the process table, whether the page
// seeks to the step (a snapshot) or steps to it from before the reuse (a
// whole table each step: docs/protocol.md, "Step messages carry what
// changed"). Before, the table showed the old task's X for a new zombie
// (after a seek), and stepping turned the old task's row into the new one
// (a delta names tasks by PID), two tasks for one.
func TestBrowserReusedPIDShowsItsNewestTask(t *testing.T) {
	t.Parallel() // its own server and browser context
	const id = "pids"
	s := lessonSession(t, id)
	// From the first step whose table lists a PID twice: the state of the
	// newest task with that PID at each step.
	var pid sim.PID
	var from int64 = -1
	want := map[int64]string{}
	for n := int64(1); n <= s.Run().Total; n++ {
		tasks := s.At(n).Tasks
		if from < 0 {
			first := map[sim.PID]bool{}
			for _, x := range tasks {
				if first[x.PID] {
					from, pid = n, x.PID
					break
				}
				first[x.PID] = true
			}
			if from < 0 {
				continue
			}
		}
		for _, x := range tasks {
			if x.PID == pid {
				want[n] = x.State.String() // the last one with the PID wins
			}
		}
	}
	if from < 0 || len(want) < 2 {
		t.Fatal("the lesson on PIDs lists no PID twice: the test checks nothing")
	}
	last := from + int64(len(want)) - 1
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(base+"/"))
	eval[bool](t, ctx, `(() => { localStorage.setItem('proclab.lang', 'en'); return true })()`)
	openAnyLesson(t, ctx, id)
	check := func(how string, n int64) {
		t.Helper()
		tokens := fmt.Sprintf(`[...document.querySelectorAll('#diagram [data-pid="%d"]')].map(x => x.dataset.state).join(',')`, pid)
		waitFor(t, ctx, fmt.Sprintf("%s, step %d: P%d's one token in state %s", how, n, pid, want[n]), fmt.Sprintf(`%s === %q`, tokens, want[n]))
		rows := fmt.Sprintf(`[...document.querySelectorAll('#tree tbody tr[data-task="%d"]')].map(r => [...r.classList].filter(c => c.startsWith('st-')).join(' ')).join(',')`, pid)
		if got := eval[string](t, ctx, rows); got != "st-"+want[n] {
			t.Errorf("%s, step %d: the process table's rows for P%d are in states %q; want one, st-%s", how, n, pid, got, want[n])
		}
	}
	seekTo(t, ctx, from-1)
	for n := from; n <= last; n++ {
		eval[bool](t, ctx, `(document.querySelector('#btn-step').click(), true)`)
		waitFor(t, ctx, fmt.Sprintf("step %d", n), fmt.Sprintf(`document.querySelector('#step-counter').dataset.step === '%d'`, n))
		check("stepping", n)
	}
	for n := from; n <= last; n++ {
		if n == from || want[n] != want[n-1] {
			seekTo(t, ctx, n)
			check("a seek", n)
		}
	}
}
