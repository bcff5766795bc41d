package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The editor (issue 12, part 8): a template with line numbers and colours,
// the examples menu, one error display (in the dialog, none in the page's
// banner) with the line marked, the help line in both languages, the keys
// (Tab indents, Esc then Tab leaves), and a valid scenario that loads.

// edText is the editor's text, as JavaScript.
const edText = `document.querySelector('#scenario-text').value`

// edType replaces the editor's text as typing would (undoable, with an
// input event).
func edType(text string) string {
	return `(() => { const ta = document.querySelector('#scenario-text'); ta.focus(); ta.select(); document.execCommand('insertText', false, ` + jsString(text) + `); return true })()`
}

// edCaret puts the caret at the start of line n (1-based) plus col-1.
func edCaret(line, col int) string {
	return fmt.Sprintf(`(() => { const ta = document.querySelector('#scenario-text'); ta.focus(); const ls = ta.value.split('\n'); let at = 0; for (let i = 0; i < %d - 1; i++) at += ls[i].length + 1; at += %d - 1; ta.setSelectionRange(at, at); ta.dispatchEvent(new KeyboardEvent('keyup')); return true })()`, line, col)
}

func TestBrowserEditor(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1' && document.body.dataset.conn === 'ready'`)

	// The welcome page's "write your own" opens a template, numbered and coloured.
	click(t, ctx, "#btn-own")
	waitFor(t, ctx, "the editor", `document.querySelector('#scenario-dialog').open`)
	pickExample(t, ctx, "tpl:scenario", "scenario")
	lines := eval[int](t, ctx, edText+`.split('\n').length`)
	if got := eval[int](t, ctx, `document.querySelectorAll('#scenario-gutter > div > div').length`); got != lines || lines < 8 {
		t.Errorf("the gutter has %d numbers for %d lines", got, lines)
	}
	if got := eval[int](t, ctx, `document.querySelectorAll('#scenario-mirror .ed-line').length`); got != lines {
		t.Errorf("the mirror has %d lines; want %d", got, lines)
	}
	for _, sel := range []string{".hl-com", ".hl-kw", ".hl-def", ".hl-num"} {
		if !eval[bool](t, ctx, `!!document.querySelector('#scenario-mirror `+sel+`')`) {
			t.Errorf("the template shows no %s token", sel)
		}
	}
	if !eval[bool](t, ctx, `document.querySelector('#scenario-mirror').textContent === `+edText+`.split('\n').join('')`) {
		t.Error("the mirror's text is not the editor's")
	}
	shot(t, ctx, "editor-template-en-1280")
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	if w := eval[float64](t, ctx, `document.querySelector('#scenario-dialog').scrollWidth - document.querySelector('#scenario-dialog').clientWidth`); w > 0 {
		t.Errorf("the dialog scrolls sideways by %.0f px at 390x844", w)
	}
	shot(t, ctx, "editor-template-en-390")
	do(t, ctx, chromedp.EmulateViewport(1280, 720))

	// An example replaces the text, and undo brings the template back.
	template := eval[string](t, ctx, edText)
	pickExample(t, ctx, "lesson:lifecycle:scenario", "scenario")
	if got := eval[string](t, ctx, edText); !strings.Contains(got, "process ") || got == template {
		t.Fatalf("the lifecycle example did not replace the text: %.80q", got)
	}
	eval[bool](t, ctx, `(document.querySelector('#scenario-text').focus(), document.execCommand('undo'), true)`)
	if got := eval[string](t, ctx, edText); got != template {
		t.Errorf("undo after an example gives %.80q; want the template back", got)
	}
	pickExample(t, ctx, "tpl:go", "go")
	for _, sel := range []string{".hl-kw", ".hl-type", ".hl-str", ".hl-com"} {
		if !eval[bool](t, ctx, `!!document.querySelector('#scenario-mirror `+sel+`')`) {
			t.Errorf("the Go template shows no %s token", sel)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector('#scenario-help').dataset.key`); got != "go" {
		t.Errorf("the help line of a Go program is %q; want go", got)
	}
	eval[bool](t, ctx, `(document.querySelector('#scenario-ref').open = true, true)`)
	waitFor(t, ctx, "the reference", `document.querySelectorAll('#scenario-ref-list dt').length > 80`)
	shot(t, ctx, "editor-go-en-1280")
	eval[bool](t, ctx, `(document.querySelector('#scenario-ref').open = false, true)`)

	// A mistake: one error, in the dialog only, its line marked.
	bad := "# a mistake\nprocess a\n  comptue 3\n  exit 0\n"
	eval[bool](t, ctx, edType(bad))
	click(t, ctx, "#scenario-load")
	waitFor(t, ctx, "the parse error in the dialog", `!document.querySelector('#scenario-error').hidden && document.querySelector('#scenario-error').dataset.line === '3'`)
	checkOneError(t, ctx, "Line 3, column 3: unknown statement \"comptue\"")
	if got := eval[string](t, ctx, `document.querySelector('#scenario-help').dataset.key`); got != "unknown" {
		t.Errorf("the help line on the error's line is %q; want unknown", got)
	}
	if d := eval[float64](t, ctx, `(() => { const d = document.querySelector('#scenario-dialog'); return d.scrollHeight - d.clientHeight })()`); d > 0 {
		t.Errorf("at 1280x720 the dialog with an error scrolls by %.0f px", d)
	}
	shot(t, ctx, "editor-error-en-1280")

	// The help line follows the caret.
	for _, c := range []struct {
		line int
		key  string
		text string
	}{
		{2, "d.process", "process NAME"},
		{4, "s.exit", "exit [CODE]"},
		{1, "none", "Put the caret"},
	} {
		eval[bool](t, ctx, edCaret(c.line, 3))
		waitFor(t, ctx, "the help of line "+fmt.Sprint(c.line), fmt.Sprintf(`document.querySelector('#scenario-help').dataset.key === %q && document.querySelector('#scenario-help').textContent.includes(%q)`, c.key, c.text))
	}
	// A statement's help links to docs/scenario.md, which the server serves.
	eval[bool](t, ctx, edCaret(2, 3))
	waitFor(t, ctx, "the link to the docs", `!!document.querySelector('#scenario-help a.ed-help-doc[href]')`)
	eval[bool](t, ctx, `(() => { window.__doc = ''; fetch(document.querySelector('#scenario-help a.ed-help-doc').href).then(r => r.ok ? r.text() : 'HTTP ' + r.status).then(x => { window.__doc = x; }); return true })()`)
	waitFor(t, ctx, "the docs the link opens", `window.__doc !== ''`)
	if doc := eval[string](t, ctx, `window.__doc`); !strings.Contains(doc, "process NAME") {
		t.Errorf("the docs link gives %.80q; want docs/scenario.md", doc)
	}

	// Tab indents by two spaces and keeps the focus; Esc, then Tab, leaves.
	eval[bool](t, ctx, edCaret(4, 1))
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if got := eval[string](t, ctx, edText+`.split('\n')[3]`); got != "    exit 0" {
		t.Errorf("after Tab line 4 is %q; want two more spaces", got)
	}
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "scenario-text" {
		t.Errorf("Tab moved the focus to %q", got)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if !eval[bool](t, ctx, `document.querySelector('#scenario-dialog').open && document.querySelector('#scenario-help').dataset.key === 'escaped'`) {
		t.Fatal("the first Esc closed the dialog or was not said")
	}
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if got := eval[string](t, ctx, `document.activeElement.id`); got == "scenario-text" || !eval[bool](t, ctx, `document.querySelector('#scenario-dialog').open`) {
		t.Errorf("Esc then Tab left the focus on %q (dialog open: %v)", got, eval[bool](t, ctx, `document.querySelector('#scenario-dialog').open`))
	}
	if got := eval[string](t, ctx, edText+`.split('\n')[3]`); got != "    exit 0" {
		t.Errorf("the Tab that left the editor changed line 4 to %q", got)
	}

	// Chinese through an IME: while it composes the textarea shows its own
	// text (the mirror waits); the committed text is coloured like any other.
	eval[bool](t, ctx, edType("process a\n  ")+` && (document.querySelector('#scenario-text').focus(), true)`)
	if _, err := chromedp.Call(ctx, input.ImeSetComposition, input.ImeSetCompositionParams{Text: "进程", SelectionStart: 2, SelectionEnd: 2}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the composition", `document.querySelector('.ed').classList.contains('composing') && getComputedStyle(document.querySelector('#scenario-text')).color !== 'rgba(0, 0, 0, 0)'`)
	shot(t, ctx, "editor-ime-en-1280")
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "进程"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the committed text", `!document.querySelector('.ed').classList.contains('composing') && `+edText+` === 'process a\n  进程' && document.querySelector('#scenario-mirror').textContent === 'process a  进程'`)

	// The scroll keeps the gutter and the mirror under the text.
	eval[bool](t, ctx, edType(strings.Repeat("process a\n  compute 1\n", 40)))
	eval[bool](t, ctx, `(() => { const ta = document.querySelector('#scenario-text'); ta.scrollTop = 220; ta.dispatchEvent(new Event('scroll')); return true })()`)
	waitFor(t, ctx, "the mirror and gutter to follow the scroll", `(() => { const ta = document.querySelector('#scenario-text'); const m = new DOMMatrix(getComputedStyle(document.querySelector('#scenario-mirror')).transform); const g = new DOMMatrix(getComputedStyle(document.querySelector('#scenario-gutter > div')).transform); return ta.scrollTop > 100 && m.m42 === -ta.scrollTop && g.m42 === -ta.scrollTop })()`)
	// Line 10's glyphs are where the textarea draws line 10.
	if d := eval[float64](t, ctx, `(() => { const ta = document.querySelector('#scenario-text'); const lh = parseFloat(getComputedStyle(ta).lineHeight); const line = document.querySelectorAll('#scenario-mirror .ed-line')[9]; const top = ta.getBoundingClientRect().top + parseFloat(getComputedStyle(ta).paddingTop) + 9 * lh - ta.scrollTop; return Math.abs(line.getBoundingClientRect().top - top) })()`); d > 0.5 {
		t.Errorf("the mirror's line 10 is %.1f px off the textarea's", d)
	}

	// In Chinese: the error and the help in Chinese words.
	do(t, ctx, chromedp.Click("#scenario-cancel"))
	waitFor(t, ctx, "the editor closed", `!document.querySelector('#scenario-dialog').open`)
	toChinese(t, ctx)
	click(t, ctx, "#btn-own")
	waitFor(t, ctx, "the editor", `document.querySelector('#scenario-dialog').open`)
	eval[bool](t, ctx, edType(bad))
	click(t, ctx, "#scenario-load")
	waitFor(t, ctx, "the parse error in the dialog", `!document.querySelector('#scenario-error').hidden && document.querySelector('#scenario-error').dataset.line === '3'`)
	checkOneError(t, ctx, "第 3 行，第 3 列：未知的语句“comptue”")
	eval[bool](t, ctx, edCaret(2, 1))
	waitFor(t, ctx, "the Chinese help of process", `document.querySelector('#scenario-help').dataset.key === 'd.process' && document.querySelector('#scenario-help').textContent.includes('指令') && document.querySelector('#scenario-help').textContent.includes('process 名称')`)
	shot(t, ctx, "editor-error-zh-1280")
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	eval[bool](t, ctx, `(document.querySelector('#scenario-ref').open = true, true)`)
	waitFor(t, ctx, "the reference", `document.querySelectorAll('#scenario-ref-list dt').length > 80`)
	if w := eval[float64](t, ctx, `document.querySelector('#scenario-dialog').scrollWidth - document.querySelector('#scenario-dialog').clientWidth`); w > 0 {
		t.Errorf("the dialog scrolls sideways by %.0f px at 390x844", w)
	}
	shot(t, ctx, "editor-error-zh-390")
	eval[bool](t, ctx, `(document.querySelector('#scenario-ref').open = false, true)`)

	// A Go program's mistake is shown the same way, its line marked.
	eval[bool](t, ctx, edType("package main\n\nfunc main() {\n\tx := \n}\n"))
	click(t, ctx, "#scenario-load")
	waitFor(t, ctx, "the Go error in the dialog", `!document.querySelector('#scenario-error').hidden && document.querySelector('#scenario-error').dataset.line === '5' && document.querySelector('#scenario-gutter .ed-gut-err').textContent === '5'`)
	if got := eval[string](t, ctx, `document.querySelector('#scenario-error span').textContent`); !strings.HasPrefix(got, "第 5 行，第 1 列：Go ") {
		t.Errorf("the Go error says %q; want its place and the Go front end's words in Chinese", got)
	}
	if eval[bool](t, ctx, `!document.querySelector('#banner').hidden`) {
		t.Errorf("the banner also shows the Go error: %q", eval[string](t, ctx, `document.querySelector('#banner').textContent`))
	}

	// A valid scenario loads and closes the dialog, with no banner.
	do(t, ctx, chromedp.EmulateViewport(1280, 720))
	eval[bool](t, ctx, edType("process a\n  compute 2\n  exit 0\n"))
	click(t, ctx, "#scenario-load")
	waitFor(t, ctx, "the scenario to load", `!document.querySelector('#scenario-dialog').open && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	if eval[bool](t, ctx, `!document.querySelector('#banner').hidden`) {
		t.Errorf("a banner shows after a good load: %q", eval[string](t, ctx, `document.querySelector('#banner').textContent`))
	}
	// Reopened, the editor holds the loaded scenario, coloured.
	click(t, ctx, "#btn-scenario")
	waitFor(t, ctx, "the editor with the loaded text", `document.querySelector('#scenario-dialog').open && `+edText+` === 'process a\n  compute 2\n  exit 0\n' && document.querySelector('#scenario-error').hidden && !document.querySelector('#scenario-mirror .ed-line-err')`)
	shot(t, ctx, "editor-loaded-zh-1280")
}

// checkOneError checks that the dialog says the error (want), marks its line
// in the gutter and the text, underlines and selects the word, and that the
// page's banner says nothing.
func checkOneError(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if got := eval[string](t, ctx, `document.querySelector('#scenario-error span').textContent`); got != want {
		t.Errorf("the dialog says %q; want %q", got, want)
	}
	if eval[bool](t, ctx, `!document.querySelector('#banner').hidden`) {
		t.Errorf("the banner also shows an error: %q", eval[string](t, ctx, `document.querySelector('#banner').textContent`))
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#scenario-gutter .ed-gut-err')].map(d => d.textContent).join(',')`); got != "3" {
		t.Errorf("the gutter marks line(s) %q; want 3", got)
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#scenario-mirror .ed-line-err .ed-errmark')].map(d => d.textContent).join(',')`); got != "comptue" {
		t.Errorf("the text underlines %q; want comptue", got)
	}
	if got := eval[int](t, ctx, `document.querySelectorAll('#scenario-mirror .ed-line-err').length`); got != 1 {
		t.Errorf("%d lines marked; want 1", got)
	}
	if got := eval[string](t, ctx, `(() => { const ta = document.querySelector('#scenario-text'); return ta.value.slice(ta.selectionStart, ta.selectionEnd) })()`); got != "comptue 3" {
		t.Errorf("the selection is %q; want the error's place to the end of its line", got)
	}
}

// TestBrowserOwnScenarioTitled checks that the lesson picker names a
// scenario of the user's own by its title (title en: / title zh:), in the
// language shown: it said "Your own scenario" whatever the title.
func TestBrowserOwnScenarioTitled(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	src := "title en: Two forks\ntitle zh: 两次 fork\nprocess a\n  fork b\n  wait\nprocess b\n  compute 2\n"
	for _, tc := range []struct{ lang, want string }{{"en", "Your own scenario: Two forks"}, {"zh-CN", "自定义场景：两次 fork"}} {
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/?lang="+tc.lang+shareFragment(t, map[string]any{"s": src, "n": 1})))
		waitFor(t, ctx, "the scenario", `document.body.dataset.step === '1'`)
		if got := eval[string](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); return s.options[s.selectedIndex].textContent })()`); got != tc.want {
			t.Errorf("%s: the picker says %q; want %q", tc.lang, got, tc.want)
		}
	}
}
