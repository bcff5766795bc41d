package e2e

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLiveSysLessons runs the live-sys lessons (issue 11, part 5)
// in a real browser against real processes: a caught SIGTSTP leaves the
// Go program running, the syscall loop's card fills with utime and stime,
// the PID card lists the children, and the ping-pong card gets a median.
func TestBrowserLiveSysLessons(t *testing.T) {
	base := liveServer(t)
	ctx, _ := browser(t)
	open := func(id string, steps int) {
		t.Helper()
		do(t, ctx, chromedp.Navigate(base+"/#live/"+id))
		waitFor(t, ctx, "the lesson "+id, `document.body.dataset.live === 'ready' && document.body.dataset.liveLesson === '`+id+`'`)
		waitFor(t, ctx, "its steps enabled", `document.querySelectorAll('#live-steps button[data-do]:not(:disabled)').length >= `+strconv.Itoa(steps))
	}
	step := func(i string) {
		t.Helper()
		do(t, ctx, chromedp.Click(`#live-steps button[data-do="`+i+`"]`))
	}

	open("go-signals", 9)
	step("0")
	// The row shows the workload's name from the spawn on; the program's
	// comm (data-comm) becomes pl-gosignals once signal.Notify is in place.
	// A SIGTSTP sent before that stops it, the kernel's default action (CI
	// hit this under -race, where a worker starts slowly).
	waitFor(t, ctx, "the Go program running with its handlers", `[...document.querySelectorAll('#live-procs tr[data-pid]')].some(r => r.dataset.comm === 'pl-gosignals' && r.dataset.state === 'running')`)
	step("4") // SIGTSTP
	waitFor(t, ctx, "SIGTSTP caught", `/caught SIGTSTP/.test(document.querySelector('#live-demo-signals').textContent)`)
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#live-procs tr[data-pid]')].find(r => /gosignals/.test(r.textContent)).dataset.state`); got == "stopped" {
		t.Errorf("a caught SIGTSTP stopped the Go program")
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#live-actions button[data-signal="TSTP"]')`) {
		t.Error("no SIGTSTP button for the selected process")
	}
	shot(t, ctx, "livesys-go-signals")

	open("syscalls", 3)
	step("0")
	waitFor(t, ctx, "the loops card with ticks", `(() => { const c = document.querySelector('#live-demo-loops'); return !c.hidden && /calls getppid/.test(c.textContent) && /kernel/.test(c.textContent) })()`)
	shot(t, ctx, "livesys-syscalls")

	open("pids", 2)
	step("0")
	waitFor(t, ctx, "two children in the PID card", `document.querySelectorAll('#live-demo-pids .pid-table tbody tr').length >= 2`)
	shot(t, ctx, "livesys-pids")

	open("pingpong", 3)
	step("1") // both on one CPU: about a second
	waitFor(t, ctx, "a finished run with its median", `(() => { const r = document.querySelector('#live-demo-pingpong tr[data-mode="one"]'); return !!r && !r.classList.contains('running') && Number(r.querySelector('td.med').textContent) > 0 })()`)
	shot(t, ctx, "livesys-pingpong")
}
