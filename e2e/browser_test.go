package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"proclab/assets"
	"proclab/lab"
	"proclab/sim"
)

var counterRE = regexp.MustCompile(`(\d+)\s*/\s*(\d+)`)

// stepShown reads "step N / TOTAL" from the page.
func stepShown(t *testing.T, ctx context.Context) (int64, int64) {
	t.Helper()
	text := eval[string](t, ctx, `document.querySelector('#step-counter').textContent`)
	m := counterRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("step counter says %q", text)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	total, _ := strconv.ParseInt(m[2], 10, 64)
	return n, total
}

// zombieStep finds, by running the simulator, the step at which the
// lifecycle lesson's worker (P3) exits and becomes a zombie.
func zombieStep(t *testing.T) int64 {
	t.Helper()
	lessons, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := lessons.Get("lifecycle")
	e := sim.New(l.Scenario, sim.Options{MaxSteps: 1000})
	for !e.Done() {
		for _, ev := range e.Step() {
			if ev.Kind == sim.EvState && ev.Task == 3 && ev.To == sim.StateZombie {
				return ev.Step
			}
		}
	}
	t.Fatal("the lifecycle lesson never makes P3 a zombie")
	return 0
}

func tokenState(pid int) string {
	return fmt.Sprintf(`(document.querySelector('[data-pid="%d"][data-state]')||{}).dataset?.state`, pid)
}

// TestBrowserLessonStepAndShare is the end-to-end test of issue 2: open the
// page, pick a lesson, step to the worker's exit, check the token sits in Z
// and the log says so; then reopen the share link and find the same step.
func TestBrowserLessonStepAndShare(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	want := zombieStep(t)

	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'lifecycle'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the lesson to load", `/\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	waitFor(t, ctx, "PID 1 in S", `!!document.querySelector('[data-node="sleeping"] [data-pid="1"]') || `+tokenState(1)+` === 'sleeping'`)

	// Step with the button and the keyboard until the known event.
	for i := int64(1); i <= want; i++ {
		if i%2 == 0 {
			do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		} else {
			do(t, ctx, chromedp.Click("#btn-step"))
		}
		waitFor(t, ctx, fmt.Sprintf("step %d", i), fmt.Sprintf(`/\b%d\s*\//.test(document.querySelector('#step-counter').textContent)`, i))
	}
	if n, _ := stepShown(t, ctx); n != want {
		t.Fatalf("page shows step %d; want %d", n, want)
	}
	waitFor(t, ctx, "P3's token in the Z node", tokenState(3)+` === 'zombie'`)
	if !eval[bool](t, ctx, `!!document.querySelector('[data-node="zombie"] [data-pid="3"]') || !!document.querySelector('[data-pid="3"][data-state="zombie"][data-node-of="zombie"]') || document.querySelector('[data-pid="3"][data-state]').closest('[data-node]')?.dataset.node === 'zombie'`) {
		t.Error("P3's token is not inside the zombie node")
	}
	waitFor(t, ctx, "the exit sentence in the log", `/P3.*exited with code 7/.test(document.querySelector('#log').textContent)`)
	shot(t, ctx, "zombie-step")

	// Go back one step: P3 is running again.
	do(t, ctx, chromedp.Click("#btn-back"))
	waitFor(t, ctx, "one step back", fmt.Sprintf(`/\b%d\s*\//.test(document.querySelector('#step-counter').textContent)`, want-1))
	waitFor(t, ctx, "P3 running again", tokenState(3)+` !== 'zombie'`)
	do(t, ctx, chromedp.Click("#btn-step"))
	waitFor(t, ctx, "forward again", tokenState(3)+` === 'zombie'`)

	// Share, then open the link in a fresh tab.
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `/#s=1\./.test((document.querySelector('#share-url')||{}).value || '')`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)

	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, tab, chromedp.Navigate(link))
	waitFor(t, tab, "the shared step", fmt.Sprintf(`/\b%d\s*\/\s*\d+/.test((document.querySelector('#step-counter')||{}).textContent||'')`, want))
	waitFor(t, tab, "P3 a zombie in the shared view", tokenState(3)+` === 'zombie'`)
	shot(t, tab, "shared-link")

	// A second student opens the link: the server shows the step the first
	// one's load kept (lab.Recordings), and this tab's cursor moves on a
	// copy of its own: a step here changes nothing in the other tab.
	tab2, cancel2 := chromedp.NewContext(ctx)
	defer cancel2()
	do(t, tab2, chromedp.Navigate(link))
	waitFor(t, tab2, "the shared step in a second tab", fmt.Sprintf(`/\b%d\s*\/\s*\d+/.test((document.querySelector('#step-counter')||{}).textContent||'')`, want))
	waitFor(t, tab2, "P3 a zombie in the second tab", tokenState(3)+` === 'zombie'`)
	do(t, tab2, chromedp.Click("#btn-step"))
	waitFor(t, tab2, "a step on in the second tab", fmt.Sprintf(`/\b%d\s*\//.test(document.querySelector('#step-counter').textContent)`, want+1))
	shot(t, tab2, "shared-link-second-tab")
	if n, _ := stepShown(t, tab); n != want {
		t.Errorf("the first shared tab moved to step %d when the second stepped", n)
	}
	if kept := metricLine(t, base, "proclab_run_loads_step_kept_total"); kept != "proclab_run_loads_step_kept_total 1" {
		t.Errorf("/metrics says %q; want the second tab's load served from the step kept", kept)
	}

	// Chinese: the same page speaks zh-CN after a click.
	do(t, tab, chromedp.Click("#btn-lang"))
	waitFor(t, tab, "Chinese text", `document.documentElement.lang.startsWith('zh') && /退出码\s*7/.test(document.querySelector('#log').textContent)`)
	shot(t, tab, "shared-link-zh")
}

// openingProbe, run in a page before its own scripts, keeps in
// window.openingLog, at each animation frame until the page shows a step,
// whether the welcome (#home) was displayed and what the lab's title said.
const openingProbe = `(() => {
  const log = window.openingLog = [];
  const tick = () => {
    const h = document.getElementById('home');
    const title = document.getElementById('lesson-title');
    log.push({ home: !!h && getComputedStyle(h).display !== 'none', title: title ? getComputedStyle(title).visibility === 'hidden' ? '' : title.textContent : '' });
    if (!(document.body && document.body.dataset.step && document.body.dataset.step !== '0')) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`

// TestBrowserShareLinkOpensWithoutTheWelcome opens a share link and checks
// every frame until its step shows: the welcome the static page starts
// with is never displayed (it showed for most of a second before), and
// the lab's title says the link is opening, in English or in Chinese.
func TestBrowserShareLinkOpensWithoutTheWelcome(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: openingProbe}); err != nil {
		t.Fatalf("Page.addScriptToEvaluateOnNewDocument: %v", err)
	}
	for _, lang := range []string{"en", "zh-CN"} {
		hash := shareFragment(t, map[string]any{"l": "orphans", "n": 5, "g": lang})
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"+hash))
		waitFor(t, ctx, "the shared step", `document.body.dataset.step === '5'`)
		type frame struct {
			Home  bool   `json:"home"`
			Title string `json:"title"`
		}
		frames := eval[[]frame](t, ctx, `window.openingLog`)
		if len(frames) == 0 {
			t.Fatalf("%s: no frame logged before the shared step", lang)
		}
		opening := map[string]string{"en": "Opening the share link", "zh-CN": "正在打开分享链接"}[lang]
		said := false
		for i, f := range frames {
			if f.Home {
				t.Fatalf("%s: frame %d of %d before the shared step showed the welcome (title %q)", lang, i, len(frames), f.Title)
			}
			if strings.Contains(f.Title, "Welcome") || strings.Contains(f.Title, "欢迎") {
				t.Fatalf("%s: frame %d showed the welcome's title %q", lang, i, f.Title)
			}
			said = said || strings.Contains(f.Title, opening)
		}
		if !said && len(frames) > 3 {
			t.Errorf("%s: in %d frames the title never said %q: %v", lang, len(frames), opening, frames)
		}
		if eval[bool](t, ctx, `document.documentElement.classList.contains('opening')`) {
			t.Errorf("%s: the page is still marked opening at the shared step", lang)
		}
	}
}

// TestBrowserBrokenShareLink opens corrupted links: each must show a clear
// message and an empty lab, and the page must keep working.
func TestBrowserBrokenShareLink(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	for _, frag := range []string{"#s=1.not-base64!!", "#s=1.AAAA", "#s=9.abc"} {
		do(t, ctx, chromedp.Navigate(base+"/?broken"+strconv.Itoa(len(frag))+frag))
		waitFor(t, ctx, "the error banner for "+frag, `(() => { const b = document.querySelector('#banner'); return !!b && b.classList.contains('error') && b.textContent.trim().length > 10 })()`)
		if n := eval[int](t, ctx, `document.querySelectorAll('[data-pid]:not([data-pid="1"])').length`); n != 0 {
			t.Errorf("%s: %d task tokens shown; want an empty lab", frag, n)
		}
	}
	// The link refused, the welcome shows (the page was opened at a share
	// link: it waited for the run without showing the welcome), its lists
	// drawn, and the lab's title is the welcome's again.
	waitFor(t, ctx, "the welcome after a broken link", `(() => { const h = document.querySelector('#home'); return !document.documentElement.classList.contains('opening') && getComputedStyle(h).display !== 'none' && document.querySelectorAll('#course-toc button, #lesson-cards button').length > 10 })()`)
	if title := eval[string](t, ctx, `document.querySelector('#lesson-title').textContent`); strings.Contains(title, "Opening") {
		t.Errorf("after a broken link the title says %q", title)
	}
	shot(t, ctx, "broken-link")
	// The page still works: a lesson loads.
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="orphans"]')`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'orphans'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the lesson after a broken link", `/\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
}

// metricLine returns the line of the server's /metrics that starts with
// name ("" when none).
func metricLine(t *testing.T, base, name string) string {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, name+" ") || strings.HasPrefix(l, name+"{") {
			return l
		}
	}
	return ""
}
