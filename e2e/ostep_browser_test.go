package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// counterRace is a two-thread counter race in x86.py's syntax (written for
// this test, like the dialog's preset): load, add and store are three
// instructions, so an interrupt every 2 instructions loses an update.
const counterRace = `# two threads add 1 to count
.var count

.top
mov count, %ax
add $1, %ax
mov %ax, count
sub $1, %bx
test $0, %bx
jgt .top
halt
`

// ostepOpenDialog opens the OSTEP dialog and picks a simulator.
func ostepOpenDialog(t *testing.T, ctx context.Context, sim string) {
	t.Helper()
	if eval[bool](t, ctx, `!document.querySelector('#btn-ostep-home').closest('#home').hidden && document.querySelector('#btn-ostep-home').offsetParent !== null`) {
		click(t, ctx, "#btn-ostep-home")
	} else {
		do(t, ctx, chromedp.Click("#btn-ostep"))
	}
	waitFor(t, ctx, "the OSTEP dialog", `document.querySelector('#ostep-dialog').open`)
	do(t, ctx, chromedp.Click(fmt.Sprintf(`#ostep-dialog input[name="ostep-sim"][value=%q]`, sim)))
	waitFor(t, ctx, "the simulator "+sim, fmt.Sprintf(`document.querySelector('#ostep-dialog input[name="ostep-sim"][value=%q]').checked && document.querySelector('#ostep-source-wrap').hidden === %v`, sim, sim == "process-run"))
}

// clearField empties a text field (as a person selecting all and deleting).
func clearField(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, sel))
}

// settle scrolls the page to the top and lets the tokens' animation end
// (for a screenshot of the whole lab).
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	time.Sleep(700 * time.Millisecond)
}

// ostepSetFlags types the flags (replacing what is there).
func ostepSetFlags(t *testing.T, ctx context.Context, flags string) {
	t.Helper()
	clearField(t, ctx, "#ostep-flags")
	do(t, ctx, chromedp.SendKeys("#ostep-flags", flags))
	if got := eval[string](t, ctx, `document.querySelector('#ostep-flags').value`); got != flags {
		t.Fatalf("the flags field says %q; want %q", got, flags)
	}
}

// ostepSetSource puts a program into the dialog's textarea.
func ostepSetSource(t *testing.T, ctx context.Context, src string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const ta = document.querySelector('#ostep-source'); ta.value = %q; ta.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, src))
}

// ostepLoaded waits until the OSTEP run with this command is shown at step 0.
func ostepLoaded(t *testing.T, ctx context.Context, cmd string) {
	t.Helper()
	waitFor(t, ctx, "the OSTEP run "+cmd, fmt.Sprintf(`document.body.dataset.ostep === %q && !document.querySelector('#ostep-dialog').open && /\b0\s*\/\s*[1-9]\d*/.test(document.querySelector('#step-counter').textContent)`, cmd))
}

// TestBrowserOstepProcessView opens OSTEP homework runs in the process view:
// process-run until a process waits for the disk (D), an x86-intro counter
// race to its lost update, the share link of that run, and the errors of a
// bad program and a bad flag.
func TestBrowserOstepProcessView(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1'`)

	// (a) process-run: P2 (the simulator's process 0) runs c2, then issues
	// its I/O and waits in D.
	ostepOpenDialog(t, ctx, "process-run")
	if n := eval[int](t, ctx, `document.querySelectorAll('#ostep-presets button[data-preset]').length`); n < 4 {
		t.Errorf("%d process-run presets; want several", n)
	}
	if !eval[bool](t, ctx, `/-L/.test(document.querySelector('#ostep-hints').textContent) && /IO_RUN_IMMEDIATE/.test(document.querySelector('#ostep-hints').textContent)`) {
		t.Error("the flag hints do not list -L and -I")
	}
	ostepSetFlags(t, ctx, "-P c2,i,c1:c3 -L 2")
	shot(t, ctx, "ostep-dialog-process-run")
	do(t, ctx, chromedp.Click("#ostep-open"))
	ostepLoaded(t, ctx, "process-run -P c2,i,c1:c3 -L 2")
	if title := eval[string](t, ctx, `document.querySelector('#lesson-title').textContent`); !strings.Contains(title, "process-run") {
		t.Errorf("the title is %q; want the server's OSTEP title", title)
	}
	if !eval[bool](t, ctx, `/OSTEP/.test(document.querySelector('#lesson-explain').textContent) && /-P c2,i,c1:c3 -L 2/.test(document.querySelector('#lesson-info').textContent)`) {
		t.Error("the explanation or the command line is not shown")
	}
	for i := int64(1); ; i++ {
		if i > 10 {
			t.Fatal("P2 never reached the disk-wait (D) node in 10 steps")
		}
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i)
		if eval[string](t, ctx, tokenState(2)) == "disk" {
			break
		}
	}
	n, total := stepShown(t, ctx)
	if n != 3 || total < 5 {
		t.Errorf("P2 is in D at step %d of %d; want step 3 (c, c, io)", n, total)
	}
	if node := eval[string](t, ctx, `document.querySelector('[data-pid="2"][data-state]').closest('[data-node]')?.dataset.node || ''`); node != "disk" {
		t.Errorf("P2's token is in node %q; want disk", node)
	}
	settle(t, ctx)
	shot(t, ctx, "ostep-process-run-disk")
	// One step on, the other process computes while the disk works.
	do(t, ctx, chromedp.Click("#btn-step"))
	waitStep(t, ctx, 4)
	waitFor(t, ctx, "P3 running while P2 waits in D (SWITCH_ON_IO)", tokenState(3)+` === 'running' && `+tokenState(2)+` === 'disk'`)

	// (b) x86-intro: the counter race with an interrupt every 2 instructions.
	ostepOpenDialog(t, ctx, "x86-intro")
	if eval[string](t, ctx, `document.querySelector('#ostep-flags').value`) == "-P c2,i,c1:c3 -L 2" {
		t.Error("the x86 flags field shows process-run's flags")
	}
	ostepSetFlags(t, ctx, "-t 2 -i 2")
	ostepSetSource(t, ctx, counterRace)
	shot(t, ctx, "ostep-dialog-x86")
	do(t, ctx, chromedp.Click("#ostep-open"))
	ostepLoaded(t, ctx, "x86-intro -t 2 -i 2")
	waitFor(t, ctx, "the race lab with count", `document.body.classList.contains('race-lab') && document.querySelector('#vars [data-var="count"]')?.dataset.value === '0'`)
	if !eval[bool](t, ctx, `document.querySelector('#race').hidden && !document.querySelector('#race-side').hidden`) {
		t.Error("an OSTEP run should show the shared variables but not the picker and explore panels")
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#code .prog[data-thread]')].map(p => p.dataset.thread + ':' + [...p.querySelectorAll('.locals [data-local]')].map(d => d.dataset.local).join(',')).join(' ')`); got != "T0:ax,bx,cx,dx,sp,bp T1:ax,bx,cx,dx,sp,bp" {
		t.Errorf("thread panes and registers %q; want one pane per thread with ax..bp as locals", got)
	}
	// After 3 steps T0 has loaded 0 and added 1 (ax=1) and T1 has loaded 0.
	for i := int64(1); i <= 3; i++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i)
	}
	regs := eval[string](t, ctx, `['T0','T1'].map(n => n + '.ax=' + document.querySelector('#code .prog[data-thread="'+n+'"] .locals [data-local="ax"]').dataset.value).join(' ')`)
	if regs != "T0.ax=1 T1.ax=0" {
		t.Errorf("registers after 3 steps: %s; want T0.ax=1 T1.ax=0", regs)
	}
	end := stepToEnd(t, ctx)
	if v := varValue(t, ctx, "count"); v != "1" {
		t.Errorf("count is %q after both threads added 1 with -i 2; want 1 (a lost update)", v)
	}
	settle(t, ctx)
	shot(t, ctx, "ostep-x86-lost-update")

	// The share link reopens the x86 run (with its program) at the same step.
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `/#s=1\./.test((document.querySelector('#share-url')||{}).value || '')`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
	closeShareDialog(t, ctx)
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, tab, chromedp.Navigate(link))
	waitFor(t, tab, "the shared OSTEP step", fmt.Sprintf(`document.body.dataset.ostep === 'x86-intro -t 2 -i 2' && /\b%d\s*\/\s*%d/.test(document.querySelector('#step-counter').textContent)`, end, end))
	waitFor(t, tab, "count 1 in the shared view", `document.querySelector('#vars [data-var="count"]')?.dataset.value === '1'`)
	shot(t, tab, "ostep-x86-shared")
	cancel()

	// (d) A bad opcode: the dialog stays open and says what and where.
	ostepOpenDialog(t, ctx, "x86-intro")
	ostepSetSource(t, ctx, ".var count\nmov count, %ax\nfrob $1, %ax\nhalt\n")
	do(t, ctx, chromedp.Click("#ostep-open"))
	waitFor(t, ctx, "the bad opcode error", `!document.querySelector('#ostep-error').hidden && /illegal opcode/.test(document.querySelector('#ostep-error').textContent) && /line 3/.test(document.querySelector('#ostep-error').textContent)`)
	if code := eval[string](t, ctx, `document.querySelector('#ostep-error').dataset.code`); code != "bad_field" {
		t.Errorf("the error's code is %q; want bad_field", code)
	}
	if !eval[bool](t, ctx, `document.querySelector('#ostep-dialog').open && document.querySelector('#banner').classList.contains('error')`) {
		t.Error("the dialog closed or the banner shows no error")
	}
	if got := eval[string](t, ctx, `document.body.dataset.ostep`); got != "x86-intro -t 2 -i 2" {
		t.Errorf("after a refused load the page shows %q; want the previous run", got)
	}
	shot(t, ctx, "ostep-bad-opcode")
	// No program at all is refused before anything is sent.
	ostepSetSource(t, ctx, "")
	do(t, ctx, chromedp.Click("#ostep-open"))
	waitFor(t, ctx, "the missing program error", `document.querySelector('#ostep-error').dataset.code === 'source' && !document.querySelector('#ostep-error').hidden`)
	// A bad process-run flag.
	do(t, ctx, chromedp.Click(`#ostep-dialog input[name="ostep-sim"][value="process-run"]`))
	ostepSetFlags(t, ctx, "-l 5:x")
	do(t, ctx, chromedp.Click("#ostep-open"))
	waitFor(t, ctx, "the bad flag error", `!document.querySelector('#ostep-error').hidden && /5:x/.test(document.querySelector('#ostep-error').textContent)`)
	do(t, ctx, chromedp.Click("#ostep-cancel"))
	waitFor(t, ctx, "the dialog closed", `!document.querySelector('#ostep-dialog').open`)

	// The same dialog in Chinese.
	do(t, ctx, chromedp.Click("#btn-lang"))
	ostepOpenDialog(t, ctx, "x86-locks")
	waitFor(t, ctx, "the dialog in Chinese", `/打开 OSTEP 作业/.test(document.querySelector('#ostep-title').textContent) && /示例/.test(document.querySelector('#ostep-presets').textContent)`)
	shot(t, ctx, "ostep-dialog-zh")
}

// TestBrowserOstepSchedImport imports OSTEP scheduler.py's RR example into
// the scheduling view (OSTEP's own averages: turnaround 6.67, response
// 2.00, wait 3.67) and shows the server's error for a command it refuses.
func TestBrowserOstepSchedImport(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/#sched"))
	waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched' && !document.querySelector('#sched').hidden && !!document.querySelector('#sched-ostep-cmd')`)

	// (c) scheduler.py -p RR -q 2 -l 3,5,1.
	do(t, ctx, chromedp.SendKeys("#sched-ostep-cmd", "scheduler.py -p RR -q 2 -l 3,5,1"), chromedp.Click("#sched-ostep-go"))
	waitFor(t, ctx, "the imported jobs", `[...document.querySelectorAll('#sched-jobs tbody tr')].map(r =>
		r.querySelector('[data-field=name]').value + ':' + r.querySelector('[data-field=arrival]').value + ':' + r.querySelector('[data-field=bursts]').value).join(' ') === 'J0:0:3 J1:0:5 J2:0:1'`)
	waitFor(t, ctx, "RR with quantum 2 selected", `document.querySelector('#sched-policy button[data-policy="rr"]').getAttribute('aria-checked') === 'true' && document.querySelector('#sched-quantum').value === '2' && !document.querySelector('#sched-run').hidden`)
	waitFor(t, ctx, "the RR metrics", `document.querySelector('#sched').dataset.busy !== '1' && !!document.querySelector('#sched-gantt g.slice[data-job="J2"][data-start="4"][data-end="5"]') && !!document.querySelector('#sched-metrics tfoot tr.avg')`)
	avg := func(col string) string {
		return eval[string](t, ctx, fmt.Sprintf(`document.querySelector('#sched-metrics tfoot tr.avg td[data-col=%q]').textContent`, col))
	}
	for col, want := range map[string]string{"turnaround": "6.67", "response": "2.00", "waiting": "3.67"} {
		if got := avg(col); got != want {
			t.Errorf("average %s is %q; want %s (OSTEP's answer)", col, got, want)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector('#sched-ostep-note').hidden ? '' : document.querySelector('#sched-ostep-note').dataset.policy + '/' + document.querySelector('#sched-ostep-note').dataset.jobs`); got != "rr/3" {
		t.Errorf("the import note says %q; want rr/3", got)
	}
	shot(t, ctx, "ostep-sched-import-rr")

	// The workload travels in the scheduling view's share link.
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `/#s=1\./.test((document.querySelector('#share-url')||{}).value || '')`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
	closeShareDialog(t, ctx)
	tab, cancel := chromedp.NewContext(ctx)
	do(t, tab, chromedp.Navigate(link))
	waitFor(t, tab, "the shared import", `document.body.dataset.view === 'sched' && document.querySelector('#sched-metrics tfoot tr.avg td[data-col="turnaround"]')?.textContent === '6.67'`)
	cancel()

	// An mlfq.py import brings its levels along.
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#sched-ostep-examples'); s.value = [...s.options].find(o => o.value.startsWith('mlfq.py -l 0,120')).value; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the MLFQ import", `document.querySelector('#sched-policy button[data-policy="mlfq"]').getAttribute('aria-checked') === 'true' && !document.querySelector('#sched-mlfq').hidden && /boost 50/.test(document.querySelector('#sched-mlfq').textContent) && !document.querySelector('#sched-gantt g.slice[data-job="J2"]') && !!document.querySelector('#sched-gantt g.slice[data-job="J1"][data-start="40"]') && !!document.querySelector('#sched-metrics tr[data-job="J1"]')`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-metrics tr[data-job="J1"] td[data-col="arrival"]').textContent`); got != "40" {
		t.Errorf("J1 arrives at %q; want 40 (mlfq.py's startTime)", got)
	}
	eval[bool](t, ctx, `(document.querySelector('#sched-mlfq').scrollIntoView({block: 'center'}), true)`)
	shot(t, ctx, "ostep-sched-import-mlfq")

	// (d) A command the server refuses: its 400 message is shown.
	clearField(t, ctx, "#sched-ostep-cmd")
	do(t, ctx, chromedp.SendKeys("#sched-ostep-cmd", "fork.py -s 1"), chromedp.Click("#sched-ostep-go"))
	waitFor(t, ctx, "the import error", `!document.querySelector('#sched-ostep-error').hidden && document.querySelector('#sched-ostep-error').dataset.code === 'bad_field' && /fork/.test(document.querySelector('#sched-ostep-error').textContent)`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-jobs tbody tr [data-field=name]').value`); got != "J0" {
		t.Errorf("after a refused import the editor's first job is %q; want the previous workload's J0", got)
	}
	shot(t, ctx, "ostep-sched-import-error")

	// (e) A command as the homework writes it (an interpreter, a path), then
	// an example: the policy's description says the quantum that runs.
	clearField(t, ctx, "#sched-ostep-cmd")
	do(t, ctx, chromedp.SendKeys("#sched-ostep-cmd", "python3 ./scheduler.py -p RR -l 3"), chromedp.Click("#sched-ostep-go"))
	waitFor(t, ctx, "the homework's command imported", `document.querySelector('#sched-ostep-error').hidden && document.querySelector('#sched-policy button[data-policy="rr"]').getAttribute('aria-checked') === 'true' && /^Quantum: 1 tick\.$/.test(document.querySelector('#sched-policy-desc').textContent.replace(/^.*\.\s+(?=Quantum)/, ''))`)
	do(t, ctx, chromedp.Click(`#sched-examples button[data-example="convoy"]`))
	waitFor(t, ctx, "the example", `document.querySelector('#sched-jobs tbody tr [data-field=name]').value !== 'J0'`)
	q := eval[string](t, ctx, `document.querySelector('#sched-quantum').value`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-policy-desc').textContent`); q == "1" || !strings.Contains(got, "Quantum: "+q+" ticks.") {
		t.Errorf("after the convoy example (quantum %s) the policy's description says %q", q, got)
	}
}
