package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// outputLines reads the output pane: one "PID|text|stderr" string per line.
func outputLines(t *testing.T, ctx context.Context) []string {
	t.Helper()
	s := eval[string](t, ctx, `[...document.querySelectorAll('#output li.out-line')].map(li => li.dataset.pid + '|' + li.querySelector('.out-text').textContent + '|' + li.classList.contains('stderr')).join('\n')`)
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// pickExample chooses an option of the editor's examples menu and waits
// until the editor reads the text as lang ("go" or "scenario").
func pickExample(t *testing.T, ctx context.Context, value, lang string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#scenario-examples'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, value))
	waitFor(t, ctx, "the example "+value, fmt.Sprintf(`document.querySelector('#scenario-lang').dataset.lang === %q && document.querySelector('#scenario-error').hidden`, lang))
}

// TestBrowserGoProgram is issue 10's walk through a Go program on the page:
// the editor opens with the Go template and offers every example, Tab
// inserts a tab, the template runs, the output pane follows stepping
// forward and back with each line in its goroutine's colour, the code pane
// shows the Go lines with their micro-steps, and all of it speaks Chinese
// too.
func TestBrowserGoProgram(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1' && document.body.dataset.conn === 'ready'`)

	// The editor: a blank one opens with the Go template.
	click(t, ctx, "#btn-own")
	waitFor(t, ctx, "the editor", `document.querySelector('#scenario-dialog').open`)
	if got := eval[string](t, ctx, `document.querySelector('#scenario-lang').dataset.lang`); got != "go" {
		t.Errorf("a blank editor reads its text as %q; want the Go template", got)
	}
	if !eval[bool](t, ctx, `/^\/\/ .*\n\/\/ .*\n\/\/ .*\npackage main\n/.test(document.querySelector('#scenario-text').value)`) {
		t.Errorf("the editor opens with %q; want the Go template", eval[string](t, ctx, `document.querySelector('#scenario-text').value.slice(0, 120)`))
	}
	opts := eval[string](t, ctx, `[...document.querySelectorAll('#scenario-examples option')].map(o => o.value).join(' ')`)
	for _, want := range []string{"tpl:go", "tpl:scenario", "lesson:lifecycle:scenario", "lesson:lost-update:scenario", "lesson:lost-update:go"} {
		if !strings.Contains(" "+opts+" ", " "+want+" ") {
			t.Errorf("the examples menu lacks %s: %s", want, opts)
		}
	}
	pickExample(t, ctx, "tpl:scenario", "scenario")
	pickExample(t, ctx, "lesson:lifecycle:scenario", "scenario")
	if !eval[bool](t, ctx, `document.querySelector('#scenario-text').value.includes('process')`) {
		t.Error("the lifecycle lesson's scenario did not reach the editor")
	}
	pickExample(t, ctx, "tpl:go", "go")
	// Tab inserts a tab where the caret is, and the editor keeps the focus.
	eval[bool](t, ctx, `(() => { const ta = document.querySelector('#scenario-text'); ta.focus(); ta.setSelectionRange(0, 0); return true })()`)
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if !eval[bool](t, ctx, `document.activeElement.id === 'scenario-text' && document.querySelector('#scenario-text').value.startsWith('\t//')`) {
		t.Errorf("Tab did not insert a tab in the editor (focus on %q)", eval[string](t, ctx, `document.activeElement.id`))
	}
	eval[bool](t, ctx, `(() => { const ta = document.querySelector('#scenario-text'); ta.value = ta.value.slice(1); return true })()`)
	shot(t, ctx, "go-editor")

	// Run the Go template.
	click(t, ctx, "#scenario-load")
	waitFor(t, ctx, "the Go program to load", `!document.querySelector('#scenario-dialog').open && document.body.classList.contains('race-lab') && !document.querySelector('#output-card').hidden && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	if got := eval[string](t, ctx, `document.querySelector('#output li').className`); got != "out-none" {
		t.Errorf("at step 0 the output pane shows %q; want that nothing is printed yet", got)
	}
	// The code pane shows the Go lines.
	code := eval[string](t, ctx, `[...document.querySelectorAll('#code .stmt code')].map(c => c.textContent).join('\n')`)
	for _, want := range []string{"mu.Lock()", "counter++", `fmt.Println("worker", id, "done")`, "wg.Wait()"} {
		if !strings.Contains(code, want) {
			t.Errorf("the code pane lacks the Go line %q:\n%s", want, code)
		}
	}

	// Step to the end: every line printed, each in its goroutine's colour.
	total := stepToEnd(t, ctx)
	lines := outputLines(t, ctx)
	var texts []string
	for _, l := range lines {
		texts = append(texts, strings.Split(l, "|")[1])
	}
	got := strings.Join(texts, "\n")
	if !(got == "worker 1 done\nworker 2 done\ncounter = 2" || got == "worker 2 done\nworker 1 done\ncounter = 2") {
		t.Errorf("the output pane at the end reads\n%s\nwant both workers' lines, then counter = 2", got)
	}
	// A line's chip has its goroutine's colour, as its chip elsewhere does.
	if bad := eval[string](t, ctx, `[...document.querySelectorAll('#output .out-chip')].filter(c => { const o = document.querySelector('#tree [data-task="' + c.dataset.pid + '"] .chip, #code .chip[data-task="' + c.dataset.pid + '"], .rtoken[data-pid="' + c.dataset.pid + '"]'); return o && getComputedStyle(o).backgroundColor !== getComputedStyle(c).backgroundColor }).map(c => c.dataset.pid).join(',')`); bad != "" {
		t.Errorf("the output chips of %s differ in colour from the same goroutines elsewhere", bad)
	}
	if eval[int](t, ctx, `new Set([...document.querySelectorAll('#output li.out-line')].map(li => li.dataset.pid)).size`) < 2 {
		t.Error("the output lines come from fewer than two goroutines; want main and the workers")
	}
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	shot(t, ctx, "go-output-end")

	// Back: the pane drops what was printed after the shown step.
	lastStep := eval[int64](t, ctx, `Math.max(...[...document.querySelectorAll('#output li.out-line')].map(li => Number(li.dataset.step)))`)
	do(t, ctx, chromedp.KeyEvent(kb.Home))
	waitStep(t, ctx, 0)
	for n := int64(1); n <= lastStep; n++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, n)
	}
	if n := len(outputLines(t, ctx)); n != 3 {
		t.Errorf("at step %d (the last print) the pane has %d lines; want 3", lastStep, n)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#output li.out-line.now')`) {
		t.Error("the line printed in the shown step is not marked")
	}
	do(t, ctx, chromedp.Click("#btn-back"))
	waitStep(t, ctx, lastStep-1)
	if n := len(outputLines(t, ctx)); n != 2 {
		t.Errorf("one step before the last print the pane has %d lines; want 2", n)
	}
	do(t, ctx, chromedp.Click("#btn-step"))
	waitStep(t, ctx, lastStep)
	if n := len(outputLines(t, ctx)); n != 3 {
		t.Errorf("forward again the pane has %d lines; want 3", n)
	}
	// A micro-step shows under its Go line.
	waitFor(t, ctx, "a Go line with its micro-steps", `[...document.querySelectorAll('#code .stmt')].some(li => li.querySelector('button.tg[data-micro]'))`)
	click(t, ctx, "#code button.tg[data-micro]")
	waitFor(t, ctx, "the micro-steps under the Go line", `document.querySelectorAll('#code li.micro').length >= 2`)
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	shot(t, ctx, "go-code-micro")

	// Explore: each outcome shows what the program printed.
	click(t, ctx, "#btn-explore")
	waitFor(t, ctx, "the outcomes", `document.querySelectorAll('#explored tr[data-outcome]').length > 0`)
	outs := eval[string](t, ctx, `[...document.querySelectorAll('#explored tr[data-outcome] .oout-text')].map(p => p.dataset.output).sort().join('|')`)
	if outs != "worker 1 done\nworker 2 done\ncounter = 2\n|worker 2 done\nworker 1 done\ncounter = 2\n" {
		t.Errorf("the explored outcomes print %q; want the two orders of the workers' lines", outs)
	}
	// In sight for the screenshot (a click on it took the button at its
	// middle once the outcomes were stacked in a narrow card).
	eval[bool](t, ctx, `(document.querySelector('#explored').scrollIntoView({block: 'center'}), true)`)
	shot(t, ctx, "go-explore")

	// Chinese.
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "the output pane in Chinese", `document.documentElement.lang.startsWith('zh') && document.querySelector('#output-card h3').textContent === '输出'`)
	if n, _ := stepShown(t, ctx); n != lastStep {
		t.Errorf("switching the language moved to step %d; want %d", n, lastStep)
	}
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	shot(t, ctx, "go-output-zh")
	_ = total
}

// TestBrowserGoStderr runs a Go program that Go stops with "all goroutines
// are asleep": the output pane marks the runtime's line as stderr, the
// problems panel lists it, and the log says it in words.
func TestBrowserGoStderr(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the page", `document.body.dataset.conn === 'ready'`)
	const prog = "package main\n\nimport \"fmt\"\n\nvar ch = make(chan int)\n\nfunc main() {\n\tfmt.Println(\"sending\")\n\tch <- 1\n\tfmt.Println(\"never\")\n}\n"
	click(t, ctx, "#btn-own")
	waitFor(t, ctx, "the editor", `document.querySelector('#scenario-dialog').open`)
	eval[bool](t, ctx, `(() => { const ta = document.querySelector('#scenario-text'); ta.value = `+jsString(prog)+`; ta.dispatchEvent(new Event('input')); return true })()`)
	click(t, ctx, "#scenario-load")
	waitFor(t, ctx, "the Go program", `!document.querySelector('#output-card').hidden && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	stepToEnd(t, ctx)
	// Go's message, then each goroutine's trace, all on stderr.
	lines := outputLines(t, ctx)
	want := []string{"sending|false", "fatal error: all goroutines are asleep - deadlock!|true", "|true", "goroutine 1 [chan send]:|true"}
	if len(lines) < len(want) {
		t.Fatalf("the output pane reads %q; want it to begin %q", lines, want)
	}
	for i, w := range want {
		if !strings.HasSuffix(lines[i], "|"+w) && lines[i][strings.Index(lines[i], "|"):] != "|"+w {
			t.Errorf("output line %d is %q; want %q", i, lines[i], w)
		}
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#output li.stderr .out-err')`) {
		t.Error("the stderr line has no stderr badge")
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#problems li.problem[data-kind="all_asleep"]')`) {
		t.Error("the problems panel does not list all goroutines asleep")
	}
	if log := eval[string](t, ctx, `document.querySelector('#log').textContent`); !strings.Contains(log, "all goroutines are asleep") {
		t.Errorf("the log does not say that all goroutines are asleep:\n%s", log)
	}
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	shot(t, ctx, "go-stderr")
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "Chinese", `document.querySelector('#output .out-err').textContent === '标准错误'`)
	shot(t, ctx, "go-stderr-zh")
}

// TestBrowserLessonGoTab opens a lesson's Go tab: its Go program beside the
// picture, in both languages, and the button that runs it.
func TestBrowserLessonGoTab(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	openLesson(t, ctx, "lost-update")
	waitFor(t, ctx, "the lesson's tabs", `!document.querySelector('#lesson-tabs').hidden`)
	click(t, ctx, "#tab-go")
	waitFor(t, ctx, "the Go pane", `!document.querySelector('#go-pane').hidden && document.querySelector('#diagram').hidden && document.body.dataset.ltab === 'go'`)
	src := eval[string](t, ctx, `[...document.querySelectorAll('#go-source li code')].map(c => c.textContent).join('\n')`)
	if !strings.Contains(src, "package main") || !strings.Contains(src, "counter") {
		t.Errorf("the Go tab shows\n%s\nwant the lesson's Go program", src)
	}
	runs := eval[string](t, ctx, `document.querySelector('#go-pane-note').dataset.runs`)
	note := eval[string](t, ctx, `document.querySelector('#go-pane-note').textContent`)
	if note == "" {
		t.Error("the Go tab says nothing about its program")
	}
	shot(t, ctx, "go-tab")
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "the Go tab in Chinese", `document.querySelector('#tab-picture').textContent === '图示' && /[\u4e00-\u9fff]/.test(document.querySelector('#go-pane-note').textContent)`)
	shot(t, ctx, "go-tab-zh")
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "English again", `document.querySelector('#tab-picture').textContent === 'Picture'`)
	if runs == "1" {
		// The lesson runs its Go program: the pane marks where each goroutine is.
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, 1)
		waitFor(t, ctx, "a goroutine's line in the Go tab", `!!document.querySelector('#go-source li.at .chip')`)
		return
	}
	// The Go twin runs in the stepper and names its lesson.
	click(t, ctx, "#btn-run-go")
	waitFor(t, ctx, "the Go twin", `!document.querySelector('#output-card').hidden && !document.querySelector('#btn-back-lesson').hidden && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	if title := eval[string](t, ctx, `document.querySelector('#lesson-title').textContent`); !strings.Contains(title, "Go program of the lesson") {
		t.Errorf("the twin's title is %q; want it to name the lesson", title)
	}
	stepToEnd(t, ctx)
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	shot(t, ctx, "go-twin-end")
	click(t, ctx, "#btn-back-lesson")
	waitFor(t, ctx, "back to the lesson", `document.querySelector('#lesson-select').value === 'lost-update' && document.querySelector('#btn-back-lesson').hidden`)

	// A Go lesson runs its Go program: its Go tab says so, and marks the
	// line each goroutine is at.
	openLesson(t, ctx, "go-counter")
	waitFor(t, ctx, "the Go lesson's tabs", `!document.querySelector('#lesson-tabs').hidden && document.body.dataset.ltab === 'picture'`)
	click(t, ctx, "#tab-go")
	waitFor(t, ctx, "the Go lesson's own program", `!document.querySelector('#go-pane').hidden && document.querySelector('#go-pane-note').dataset.runs === '1' && getComputedStyle(document.querySelector('#btn-run-go')).display === 'none'`)
	for i := int64(1); i <= 3; i++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i)
	}
	waitFor(t, ctx, "a goroutine's line in the Go tab", `!!document.querySelector('#go-source li.at .chip')`)
	if !eval[bool](t, ctx, `(() => { const b = document.querySelector('#go-source'), li = b.querySelector('li.at'); const r = li.getBoundingClientRect(), q = b.getBoundingClientRect(); return r.top >= q.top && r.bottom <= q.bottom })()`) {
		t.Error("the goroutine's line is out of sight in the Go tab")
	}
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	shot(t, ctx, "go-lesson-tab")
}

// TestBrowserGoTabFoldsTheLessonHeader opens a Go lesson's Go tab: the
// lesson's header (build tag, title, text and settings in comments) is one
// line that opens it, so the program starts on the first screen with its
// own line numbers; the button shows the header and hides it again.
func TestBrowserGoTabFoldsTheLessonHeader(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=zh-CN"))
	selectLesson(t, ctx, "go-race-detector")
	do(t, ctx, chromedp.Click("#tab-go"))
	waitFor(t, ctx, "the Go pane", `!document.querySelector('#go-pane').hidden && document.querySelectorAll('#go-source li').length > 5`)
	first := eval[string](t, ctx, `[...document.querySelectorAll('#go-source li[data-line]')][0].textContent`)
	if !strings.Contains(first, "package main") {
		t.Errorf("the first numbered line is %q; want the package clause, the header folded", first)
	}
	if eval[bool](t, ctx, `!!document.querySelector('#go-source li[data-line="1"]')`) {
		t.Error("line 1 (the build tag) is shown before the header is opened")
	}
	do(t, ctx, chromedp.Click("#go-source li.go-header button"))
	waitFor(t, ctx, "the header shown", `/go:build ignore/.test(document.querySelector('#go-source li[data-line="1"]')?.textContent || '')`)
	do(t, ctx, chromedp.Click("#go-source li.go-header button"))
	waitFor(t, ctx, "the header folded again", `!document.querySelector('#go-source li[data-line="1"]')`)
}
