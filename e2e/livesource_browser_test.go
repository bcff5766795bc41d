package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// sourceShown is what the live page's Go source panel shows: the workload,
// the path of the file in the code box, its lines as the page shows them,
// the lines of the workload's own function, and whether the first line of
// a given function is inside the code box's visible area and the window's.
type sourceShown struct {
	Workload string   `json:"workload"`
	File     string   `json:"file"`
	Lines    []string `json:"lines"`
	Run      []int    `json:"run"`     // lines with data-role="run"
	RunFunc  string   `json:"runFunc"` // their data-fn
	Visible  bool     `json:"visible"` // the function's first line is in view
	Notes    []string `json:"notes"`   // data-note of each note
	NoteText string   `json:"noteText"`
}

// readSource is the JavaScript that reads what the panel shows; fn is the
// function whose first line must be in view.
func readSource(fn string) string {
	return fmt.Sprintf(`(() => {
	const card = document.querySelector('#live-source'), code = document.querySelector('#live-source-code');
	const lines = [...code.querySelectorAll('.src-line')];
	const run = lines.filter(l => l.dataset.role === 'run');
	const first = lines.find(l => l.dataset.fn === %q);
	let visible = false;
	if (first) {
		const a = first.getBoundingClientRect(), b = code.getBoundingClientRect();
		visible = a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.top >= 0 && a.bottom <= window.innerHeight;
	}
	return {
		workload: card.dataset.workload, file: code.dataset.file || '',
		lines: lines.map(l => l.querySelector('.tx').textContent),
		run: run.map(l => Number(l.dataset.line)), runFunc: run.length ? run[0].dataset.fn : '',
		visible, notes: [...document.querySelectorAll('#live-source-notes [data-note]')].map(n => n.dataset.note),
		noteText: document.querySelector('#live-source-notes').textContent,
	};
})()`, fn)
}

// markedIn returns the marked text of the first code line that contains
// text, joined ("" when no line does or nothing in it is marked).
func markedIn(text string) string {
	return fmt.Sprintf(`(() => { const l = [...document.querySelectorAll('#live-source-code .src-line')].find(l => l.querySelector('.tx').textContent.includes(%q));
		return l ? [...l.querySelectorAll('mark')].map(m => m.textContent).join('') : '' })()`, text)
}

// checkSourceShown checks that the panel shows path exactly as it is on
// disk, with fn scrolled into view (read with readSource(fn)), and
// highlighted as the workload's own function when run is true.
func checkSourceShown(t *testing.T, got sourceShown, workload, path, fn string, run bool) {
	t.Helper()
	if got.Workload != workload || got.File != path {
		t.Fatalf("the panel shows %s of %s; want %s of %s", got.File, got.Workload, path, workload)
	}
	disk, err := os.ReadFile("../" + path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(disk), "\n"), "\n")
	if len(got.Lines) != len(want) {
		t.Fatalf("%s: the page shows %d lines; the file has %d", path, len(got.Lines), len(want))
	}
	for i := range want {
		if got.Lines[i] != want[i] {
			t.Fatalf("%s line %d: the page shows %q; the file has %q", path, i+1, got.Lines[i], want[i])
		}
	}
	if !got.Visible {
		t.Errorf("%s: %s is not scrolled into view", path, fn)
	}
	if !run {
		return
	}
	if got.RunFunc != fn || len(got.Run) == 0 {
		t.Fatalf("%s: the workload's function highlighted is %q (%d lines); want %s", path, got.RunFunc, len(got.Run), fn)
	}
	body := strings.Join(want[got.Run[0]-1:got.Run[len(got.Run)-1]], "\n")
	if !strings.Contains(body, "func "+fn+"(") || !strings.HasSuffix(body, "}") {
		t.Errorf("%s lines %d-%d, highlighted as %s, are not that function:\n%s", path, got.Run[0], got.Run[len(got.Run)-1], fn, body)
	}
}

// TestBrowserLiveSource opens the live view at 1280×720, chooses
// workloads, and checks that the Go source panel shows the real files
// (line for line as on disk), the workload's own function highlighted and
// in view, the calls the notes speak of marked, and the notes, in English
// and in Chinese.
func TestBrowserLiveSource(t *testing.T) {
	base := liveServer(t)
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/#live"))
	waitFor(t, ctx, "the live lab to connect", `document.body.dataset.live === 'ready' && !!document.querySelector('#live-workload option[value="signals"]')`)
	choose := func(workload string) {
		t.Helper()
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#live-workload'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, workload))
	}
	// inView waits until fn's first line is in view in the code box.
	inView := func(fn string) {
		t.Helper()
		waitFor(t, ctx, fn+" in view", readSource(fn)+".visible")
	}
	ready := func(workload, file string) {
		t.Helper()
		waitFor(t, ctx, "the source of "+workload, fmt.Sprintf(`(() => { const c = document.querySelector('#live-source'); return c.dataset.workload === %q && c.dataset.state === 'ready' && c.dataset.open === '1' && document.querySelector('#live-source-code').dataset.file === %q })()`, workload, file))
	}

	// The panel starts closed, under the diagram, and says what it holds.
	choose("signals")
	waitFor(t, ctx, "the closed panel's summary", `document.querySelector('#live-source').dataset.state === 'ready' && document.querySelector('#live-source').dataset.open === '0' && /the code signals runs: runSignals in live\/work_basic\.go/.test(document.querySelector('#live-source .src-sum').textContent)`)
	do(t, ctx, chromedp.Click("#live-source-open"))
	ready("signals", "live/work_basic.go")
	inView("runSignals") // the scroll settles (smoothly: longer under load)
	got := eval[sourceShown](t, ctx, readSource("runSignals"))
	checkSourceShown(t, got, "signals", "live/work_basic.go", "runSignals", true)
	if m := eval[string](t, ctx, markedIn("signal.Notify(ch, syscall.SIGUSR1")); m != "signal.Notify" {
		t.Errorf("the signal.Notify call is marked as %q; want signal.Notify", m)
	}
	if m := eval[string](t, ctx, markedIn("// before signal.Notify, the Go runtime")); m != "" {
		t.Errorf("a comment has a mark: %q", m)
	}
	if strings.Join(got.Notes, ",") != "notify" || !strings.Contains(got.NoteText, "What signal.Notify does") || !strings.Contains(got.NoteText, "SIGUSR1 is caught and does nothing") {
		t.Errorf("the notes are %v: %q; want the signal.Notify note", got.Notes, got.NoteText)
	}
	shot(t, ctx, "live-source-signals")

	// The copy-on-write demo: its function, then the raw clone in rawfork.go.
	choose("cow")
	ready("cow", "live/work_fork.go")
	inView("runCOW") // the scroll settles (smoothly: longer under load)
	got = eval[sourceShown](t, ctx, readSource("runCOW"))
	checkSourceShown(t, got, "cow", "live/work_fork.go", "runCOW", true)
	if strings.Join(got.Notes, ",") != "cow,nofork" || !strings.Contains(got.NoteText, "Why Go cannot simply call fork()") {
		t.Errorf("the notes are %v; want cow, nofork (why Go cannot fork)", got.Notes)
	}
	shot(t, ctx, "live-source-cow")
	do(t, ctx, chromedp.Click(`#live-source-fns button[data-fn="rawFork"]`))
	ready("cow", "live/rawfork.go")
	time.Sleep(300 * time.Millisecond)
	got = eval[sourceShown](t, ctx, readSource("rawFork"))
	checkSourceShown(t, got, "cow", "live/rawfork.go", "rawFork", false)
	if m := eval[string](t, ctx, markedIn("syscall.RawSyscall6(syscall.SYS_CLONE, flags")); m != "syscall.SYS_CLONE" {
		t.Errorf("the raw clone is marked as %q; want syscall.SYS_CLONE", m)
	}
	if !eval[bool](t, ctx, `(() => { const l = [...document.querySelectorAll('#live-source-code .src-line')].find(l => l.textContent.includes('SYS_CLONE, flags')); const a = l.getBoundingClientRect(), b = document.querySelector('#live-source-code').getBoundingClientRect(); return l.dataset.fn === 'rawFork' && l.dataset.role === 'helper' && a.top >= b.top && a.bottom <= b.bottom })()`) {
		t.Errorf("the raw clone line is not in view, or not in rawFork")
	}
	shot(t, ctx, "live-source-cow-rawfork")

	// A true fork: the note on why Go cannot call fork() comes first.
	choose("vfork")
	ready("vfork", "live/work_fork.go")
	do(t, ctx, chromedp.Click("#live-source-open"))
	inView("runVfork") // the scroll settles (smoothly: longer under load)
	got = eval[sourceShown](t, ctx, readSource("runVfork"))
	checkSourceShown(t, got, "vfork", "live/work_fork.go", "runVfork", true)
	if strings.Join(got.Notes, ",") != "nofork,vfork" || !eval[bool](t, ctx, `document.querySelector('#live-source-notes details[data-note="nofork"]').open`) ||
		!strings.Contains(got.NoteText, "runtime.GC() did not return within 3 seconds (20 runs of 20)") {
		t.Errorf("the notes are %v: %q; want nofork (open, with the measurement), vfork", got.Notes, got.NoteText)
	}
	shot(t, ctx, "live-source-vfork")

	// The race demo: atomic.AddInt64 is marked in runInc.
	choose("race")
	ready("race", "live/work_ipc.go")
	got = eval[sourceShown](t, ctx, readSource("runRace"))
	checkSourceShown(t, got, "race", "live/work_ipc.go", "runRace", true)
	if m := eval[string](t, ctx, markedIn("atomic.AddInt64(counter, 1)")); m != "atomic.AddInt64" {
		t.Errorf("atomic.AddInt64 is marked as %q", m)
	}
	do(t, ctx, chromedp.Click(`#live-source-fns button[data-fn="runInc"]`))
	inView("runInc") // the scroll settles (smoothly: longer under load)
	checkSourceShown(t, eval[sourceShown](t, ctx, readSource("runInc")), "race", "live/work_ipc.go", "runRace", true)
	if !strings.Contains(got.NoteText, "Three ways to add 1") || strings.Join(got.Notes, ",") != "atomic,forkexec" {
		t.Errorf("the notes are %v; want atomic, forkexec", got.Notes)
	}
	shot(t, ctx, "live-source-race-runinc")

	// In Chinese: the notes change, the code does not. (A language switch
	// does not scroll the page: the workload is chosen after it.)
	do(t, ctx, chromedp.Click("#btn-lang"))
	choose("diskread")
	ready("diskread", "live/work_disk.go")
	waitFor(t, ctx, "the Chinese notes", `/让进程停在 D 中的那次读取/.test(document.querySelector('#live-source-notes').textContent) && /Go 源代码/.test(document.querySelector('#live-source').textContent)`)
	ready("diskread", "live/work_disk.go")
	inView("runDiskRead") // the scroll settles (smoothly: longer under load)
	got = eval[sourceShown](t, ctx, readSource("runDiskRead"))
	checkSourceShown(t, got, "diskread", "live/work_disk.go", "runDiskRead", true)
	if m := eval[string](t, ctx, markedIn("unix.Pread(fd, buf, 0)")); m != "unix.Pread" {
		t.Errorf("unix.Pread is marked as %q", m)
	}
	if !strings.Contains(eval[string](t, ctx, `document.querySelector('#live-source .src-sum').textContent`), "diskread 运行的代码：live/work_disk.go 中的 runDiskRead") {
		t.Errorf("the Chinese summary is %q", eval[string](t, ctx, `document.querySelector('#live-source .src-sum').textContent`))
	}
	shot(t, ctx, "live-source-diskread-zh")
	choose("forker")
	ready("forker", "live/work_fork.go")
	waitFor(t, ctx, "the Chinese note on fork", `/为什么 Go 不能直接调用 fork\(\)/.test(document.querySelector('#live-source-notes').textContent)`)
	do(t, ctx, chromedp.Click("#live-source-open"))
	inView("runForker") // the scroll settles (smoothly: longer under load)
	checkSourceShown(t, eval[sourceShown](t, ctx, readSource("runForker")), "forker", "live/work_fork.go", "runForker", true)
	shot(t, ctx, "live-source-forker-zh")

	// Closing the panel hides the code; the spawn panel still works.
	do(t, ctx, chromedp.Click("#live-source-toggle"))
	waitFor(t, ctx, "the panel closed", `document.querySelector('#live-source').dataset.open === '0' && document.querySelector('#live-source-body').hidden`)
	do(t, ctx, chromedp.Click("#btn-lang"))
}

// TestBrowserLiveSourceLabOff checks the Go source panel where the live
// lab cannot run (a server without one): the spawn panel is off, but the
// panel's own chooser shows any workload's source.
func TestBrowserLiveSourceLabOff(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/#live"))
	waitFor(t, ctx, "the live lab off", `document.body.dataset.live === 'off' && !!document.querySelector('#live-source-workload option[value="cow"]')`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#live-source-workload'); s.value = 'cow'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	do(t, ctx, chromedp.Click("#live-source-toggle"))
	waitFor(t, ctx, "the source of cow", `(() => { const c = document.querySelector('#live-source'); return c.dataset.workload === 'cow' && c.dataset.state === 'ready' && c.dataset.open === '1' && document.querySelector('#live-source-code').dataset.file === 'live/work_fork.go' })()`)
	if got := eval[string](t, ctx, `document.querySelector('#live-workload').value`); got != "cow" {
		t.Errorf("the spawn panel's workload is %q; want cow, as the source panel's", got)
	}
	do(t, ctx, chromedp.Click(`#live-source-fns button[data-fn="rawChild"]`))
	waitFor(t, ctx, "rawfork.go", `document.querySelector('#live-source-code').dataset.file === 'live/rawfork.go'`)
	eval[bool](t, ctx, `(() => { document.querySelector('#live-source').scrollIntoView(); window.scrollBy(0, -70); return true })()`)
	time.Sleep(300 * time.Millisecond)
	checkSourceShown(t, eval[sourceShown](t, ctx, readSource("rawChild")), "cow", "live/rawfork.go", "rawChild", false)
	shot(t, ctx, "live-source-off-rawchild")
}
