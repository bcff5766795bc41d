package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRaceThreadsTable: in the lost-update lesson the two threads are
// one process, and the task table reads like ps -L: the main thread t1 is
// PID 2 = TID 2, t2 is TID 3 of the same PID 2 listed under it (not a child
// of PID 1), NLWP 2; when t1 has ended it is a zombie while t2 still runs,
// and at the end init has reaped the process.
func TestBrowserRaceThreadsTable(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	openLesson(t, ctx, "lost-update")
	do(t, ctx, chromedp.Click("#btn-step")) // the threads arrive in step 1
	waitStep(t, ctx, 1)
	waitFor(t, ctx, "the ps -L columns", `[...document.querySelectorAll('#tree th')].map(th => th.textContent).join(' ').includes('TID')`)

	// rows returns the table as "PID TID PPID NLWP name state" lines.
	rows := func() []string {
		t.Helper()
		s := eval[string](t, ctx, `[...document.querySelectorAll('#tree tbody tr')].map(tr => [...tr.cells].slice(0, 6).map(td => td.textContent.replace(/\s+/g, ' ').trim()).join(' | ')).join('\n')`)
		return strings.Split(s, "\n")
	}
	got := rows()
	want := []string{"1 | 1 | – | 1 | init", "2 | 2 | 1 | 2 | └t1", "2 | 3 | 1 | 2 | ↳t2"}
	if len(got) < 3 {
		t.Fatalf("the table at step 1 has %d rows; want 3:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("row %d at step 1 is %q; want it to start with %q", i, got[i], w)
		}
	}

	// Step until t1 (TID 2) is a zombie: t2 still runs in the same process.
	for i := int64(2); ; i++ {
		if i > 20 {
			t.Fatal("t1 never became a zombie in 20 steps")
		}
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i)
		if eval[bool](t, ctx, `!!document.querySelector('#tree tr.st-zombie[data-task="2"]')`) {
			break
		}
	}
	got = rows()
	if len(got) < 3 || !strings.HasPrefix(got[1], "2 | 2 | 1 | 2 | └t1 | Z") || !strings.HasPrefix(got[2], "2 | 3 | 1 | 2 | ↳t2 | R") {
		t.Errorf("with t1 ended the table is\n%s\nwant t1 as Z (PID 2, TID 2, NLWP 2) and t2 as R (PID 2, TID 3) under it", strings.Join(got, "\n"))
	}
	logText := eval[string](t, ctx, `document.querySelector('#log').textContent`)
	if !strings.Contains(logText, "the main thread, ended (pthread_exit): it stays a zombie (Z)") {
		t.Errorf("the log does not say why the main thread is a zombie:\n%s", logText)
	}
	shot(t, ctx, "threads-leader-zombie")
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	if tok := eval[string](t, ctx, `[...document.querySelectorAll('#diagram text')].map(x => x.textContent).filter(s => s.startsWith('TID')).sort().join(', ')`); tok != "TID 2 t1, TID 3 t2" {
		t.Errorf("the diagram's thread tokens read %q; want TID 2 t1, TID 3 t2", tok)
	}
	shot(t, ctx, "threads-diagram")

	stepToEnd(t, ctx)
	logText = eval[string](t, ctx, `document.querySelector('#log').textContent`)
	for _, w := range []string{"it was the last thread, so process P2 exits now", "reaped t1 (TID 2)"} {
		if !strings.Contains(logText, w) {
			t.Errorf("the log at the end does not contain %q:\n%s", w, logText)
		}
	}
}
