package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// latinWord is an English word of three letters or more: what must not be
// left in Chinese text besides the words the student wrote.
var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// TestBrowserChineseParseError loads scenarios with mistakes in Chinese
// mode: the scenario dialog (and nothing else: not the banner) says the
// parser's message in Chinese, with its line and column, and in English the
// dialog says the server's own words again.
func TestBrowserChineseParseError(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	toChinese(t, ctx)
	load := func(text string) {
		t.Helper()
		if !eval[bool](t, ctx, `document.querySelector('#scenario-dialog').open`) {
			do(t, ctx, chromedp.Click("#btn-scenario"))
			waitFor(t, ctx, "the scenario dialog", `document.querySelector('#scenario-dialog').open`)
		}
		eval[bool](t, ctx, `(() => { document.querySelector('#scenario-error').hidden = true; document.querySelector('#scenario-text').value = `+jsString(text)+`; return true })()`)
		do(t, ctx, chromedp.Click("#scenario-load"))
		// The editor says it (issue 12, part 8: one error display, not the banner too).
		waitFor(t, ctx, "the parse error", `!document.querySelector('#scenario-error').hidden && !!document.querySelector('#scenario-error span')`)
	}
	tests := []struct {
		text, dialog, user string
	}{
		{"process a\n  comptue 3\n", "第 2 行，第 3 列：未知的语句“comptue”", "comptue"},
		{"mutex m\nthread a\n  sem_wait m\n", "第 3 行，第 12 列：“m”是互斥锁（mutex）；sem_wait 需要的是信号量（semaphore）", "mutex sem_wait semaphore"},
		{"process a\n  exec\n", "第 2 行，第 3 列：用法：exec 程序名", "exec"},
	}
	for _, tt := range tests {
		load(tt.text)
		dialog := eval[string](t, ctx, `document.querySelector('#scenario-error span').textContent`)
		if dialog != tt.dialog {
			t.Errorf("the dialog says %q; want %q", dialog, tt.dialog)
		}
		if eval[bool](t, ctx, `!document.querySelector('#banner').hidden`) {
			t.Errorf("the banner says %q too; want the error in the editor only", eval[string](t, ctx, `document.querySelector('#banner').textContent`))
		}
		all := eval[string](t, ctx, `document.querySelector('#scenario-error').textContent`)
		for _, w := range latinWord.FindAllString(all, -1) {
			if !strings.Contains(tt.user, w) {
				t.Errorf("English word %q in the Chinese error %q", w, all)
			}
		}
	}
	shot(t, ctx, "parse-error-zh")
	// The same error, in English: the server's words, re-said at once.
	do(t, ctx, chromedp.Click("#scenario-cancel"))
	waitFor(t, ctx, "the dialog closed", `!document.querySelector('#scenario-dialog').open`)
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "English", `document.documentElement.lang === 'en'`)
	do(t, ctx, chromedp.Click("#btn-scenario"))
	waitFor(t, ctx, "the scenario dialog", `document.querySelector('#scenario-dialog').open`)
	do(t, ctx, chromedp.Click("#scenario-load"))
	waitFor(t, ctx, "the English detail", `!document.querySelector('#scenario-error').hidden && document.querySelector('#scenario-error span').textContent === 'Line 2, column 3: usage: exec PROGRAM'`)
}

// TestBrowserChineseLesson opens a lesson in Chinese mode and steps it: the
// page's own words (buttons, panels, states, the log) are Chinese, and the
// screenshots are for a person to read.
func TestBrowserChineseLesson(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	toChinese(t, ctx)
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="signals"]')`)
	selectLesson(t, ctx, "signals")
	for i := range int64(12) {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i+1)
	}
	counter := eval[string](t, ctx, `document.querySelector('#step-counter').textContent.replace(/\s+/g, ' ').trim()`)
	if !regexp.MustCompile(`^第 12 / \d+ 步$`).MatchString(counter) {
		t.Errorf("the step counter says %q; want 第 12 / N 步", counter)
	}
	if got := eval[string](t, ctx, `document.querySelector('#btn-play').getAttribute('aria-label')`); got != "播放" {
		t.Errorf("the play button says %q; want 播放", got)
	}
	labels := eval[string](t, ctx, `document.querySelector('#diagram').textContent`)
	for _, want := range []string{"不可中断", "暂停", "被跟踪", "已销毁"} {
		if !strings.Contains(labels, want) {
			t.Errorf("the state diagram lacks %q: %s", want, labels)
		}
	}
	for _, bad := range []string{"磁盘等待", "已停止", "已消亡"} {
		if strings.Contains(labels, bad) {
			t.Errorf("the state diagram still says %q", bad)
		}
	}
	shot(t, ctx, "lesson-zh")
	do(t, ctx, chromedp.Click("#tab-live"))
	waitFor(t, ctx, "the live tab", `!document.querySelector('#live').hidden`)
	if got := eval[string](t, ctx, `document.querySelector('#tab-live').textContent.trim()`); got != "真实进程" {
		t.Errorf("the live tab is called %q; want 真实进程", got)
	}
	// This server has no live lab: the page says why in Chinese, without the
	// server's English reason.
	waitFor(t, ctx, "the reason the live lab is off", `document.querySelector('#live-off-title').textContent !== ''`)
	if eval[bool](t, ctx, `!document.querySelector('#live-off-reason').hidden`) {
		t.Errorf("the server's English reason is shown in Chinese mode: %q", eval[string](t, ctx, `document.querySelector('#live-off-reason').textContent`))
	}
	shot(t, ctx, "live-zh")
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}

// TestBrowserShareLinkKeepsTheAddressLanguage: a share link opens in the
// language it was made in (field g) when its address names none, and in
// the address's (?lang=) when it does: a Chinese student who types
// ?lang=zh-CN before a teacher's English link reads it in Chinese (it was
// switched to English, and the address rewritten to ?lang=en).
func TestBrowserShareLinkKeepsTheAddressLanguage(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	hash := shareFragment(t, map[string]any{"l": "orphans", "n": 5, "g": "en"})
	for _, tc := range []struct{ query, want string }{{"", "en"}, {"?lang=zh-CN", "zh-CN"}, {"?lang=en", "en"}} {
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"+tc.query+hash))
		waitFor(t, ctx, "the shared step", `document.body.dataset.step === '5'`)
		if got := eval[string](t, ctx, `document.documentElement.lang`); got != tc.want {
			t.Errorf("/%s and a link made in English: the page is in %q; want %q", tc.query, got, tc.want)
		}
		if tc.query == "" {
			continue
		}
		if got := eval[string](t, ctx, `new URLSearchParams(location.search).get('lang') || ''`); got != tc.want {
			t.Errorf("/%s and a link made in English: the address says ?lang=%s; want %s", tc.query, got, tc.want)
		}
	}
	// Chinese chosen on the page, then a link made in English opened in
	// place (as a room's teacher sends one): the page stays Chinese.
	toChinese(t, ctx)
	eval[bool](t, ctx, `(location.hash = `+"`"+shareFragment(t, map[string]any{"l": "orphans", "n": 7, "g": "en"})+"`"+`.slice(1), true)`)
	waitFor(t, ctx, "the link's step", `document.body.dataset.step === '7'`)
	if got := eval[string](t, ctx, `document.documentElement.lang`); got != "zh-CN" {
		t.Errorf("a link made in English opened on a Chinese page: the page is in %q; want zh-CN", got)
	}
}

// TestBrowserShareLinkLeavesTheReadersLanguage: a link made in Chinese
// opens in Chinese, and the reader's own language stays theirs: the lab's
// address opened afterwards is in English again (it was in Chinese for
// good: the link's language had been saved as the reader's choice). The
// language button still saves a choice.
func TestBrowserShareLinkLeavesTheReadersLanguage(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/?lang=en"))
	waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
	eval[bool](t, ctx, `(localStorage.setItem('proclab.lang', 'en'), true)`)
	hash := shareFragment(t, map[string]any{"l": "orphans", "n": 3, "g": "zh-CN"})
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"+hash))
	waitFor(t, ctx, "the shared step", `document.body.dataset.step === '3'`)
	if got := eval[string](t, ctx, `document.documentElement.lang`); got != "zh-CN" {
		t.Fatalf("a link made in Chinese opened in %q", got)
	}
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
	if got := eval[string](t, ctx, `document.documentElement.lang + ' ' + localStorage.getItem('proclab.lang')`); got != "en en" {
		t.Errorf("the lab after a Chinese link: page and saved language %q; want \"en en\"", got)
	}
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN' && localStorage.getItem('proclab.lang') === 'zh-CN'`)
}
