package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserProcessTruth checks, on the page, what issue 9 made true of
// processes: a killed task shows its wait status (killed by a signal, no
// exit code) in the process table and the log; execve is its own step
// with the PID kept; the kernel, not a process, sends SIGCHLD and job
// control's SIGHUP; and a traced task sits in the diagram's t node. It
// saves screenshots in both languages.
func TestBrowserProcessTruth(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.querySelectorAll('#lesson-select option[value="fork-exec"]').length === 1`)
	eval[bool](t, ctx, `(() => { window.__errs = []; window.addEventListener('error', e => window.__errs.push(String(e.message))); window.addEventListener('unhandledrejection', e => window.__errs.push(String(e.reason))); console.warn = (...a) => window.__errs.push(a.map(String).join(' ')); return true })()`)
	load := func(id string) {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id))
		waitFor(t, ctx, id+" loaded", `(() => { const c = document.querySelector('#step-counter'); return c.dataset.step === '0' && Number(c.dataset.total) > 0 && document.body.dataset.ready === '1' })()`)
	}
	seek := func(n int) {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#scrubber'); s.value = %d; s.dispatchEvent(new Event('change')); return true })()`, n))
		waitFor(t, ctx, fmt.Sprintf("step %d", n), fmt.Sprintf(`document.querySelector('#step-counter').dataset.step === '%d'`, n))
	}
	logText := func() string { return eval[string](t, ctx, `document.querySelector('#log').innerText`) }

	// fork-exec: P3 is forked at step 3, execs at step 5, is killed by SIGUSR1.
	load("fork-exec")
	seek(5)
	if got := logText(); !strings.Contains(got, "called execve(): its image is now “server”") {
		t.Errorf("step 5's log does not show the execve step:\n%s", got)
	}
	total := eval[int](t, ctx, `Number(document.querySelector('#step-counter').dataset.total)`)
	seek(total)
	row := eval[string](t, ctx, `(() => { const r = document.querySelector('#tree tr[data-task="3"]'); return r ? r.innerText : '' })()`)
	if !strings.Contains(row, "killed by SIGUSR1") || strings.Contains(row, "exit 138") {
		t.Errorf("the process table row of P3 = %q; want its wait status \"killed by SIGUSR1\", no exit code", row)
	}
	if got := logText(); !strings.Contains(got, "the wait status says “killed by SIGUSR1”") || strings.Contains(got, "138") {
		t.Errorf("the log does not report the wait status:\n%s", got)
	}
	shot(t, ctx, "truth-fork-exec-en")

	// job-control: at step 11 the kernel sends the orphaned group SIGHUP, then SIGCONT.
	load("job-control")
	seek(11)
	if got := logText(); !strings.Contains(got, "the kernel sends SIGHUP to P3") || !strings.Contains(got, "the kernel sends SIGCONT to P3") {
		t.Errorf("step 11's log lacks the kernel's SIGHUP and SIGCONT:\n%s", got)
	}

	// ptrace: after step 1 the tracee (P2) is in t, drawn in the traced node.
	load("ptrace")
	seek(1)
	waitFor(t, ctx, "P2 in the traced node", `document.querySelector('#diagram [data-node="traced"] [data-pid="2"]') !== null`)
	shot(t, ctx, "truth-ptrace-en")

	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
	load("fork-exec")
	seek(total)
	row = eval[string](t, ctx, `(() => { const r = document.querySelector('#tree tr[data-task="3"]'); return r ? r.innerText : '' })()`)
	if !strings.Contains(row, "被 SIGUSR1 杀死") {
		t.Errorf("zh: the process table row of P3 = %q; want 被 SIGUSR1 杀死", row)
	}
	shot(t, ctx, "truth-fork-exec-zh")
	if errs := eval[[]string](t, ctx, `window.__errs`); len(errs) > 0 {
		t.Errorf("the page threw or could not handle a message: %v", errs)
	}
}
