package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCourseToc opens the welcome page at 1280×720: the lessons are
// listed by course section, each section's number and heading in the
// page's language (English, then Chinese); the topic view still has the
// cards; a section's built-in lesson opens in the stepper and a live lesson
// opens in the live lab at its address.
func TestBrowserCourseToc(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	waitFor(t, ctx, "the course's sections", `document.querySelectorAll('#course-toc li[data-section] button[data-lesson]').length >= 20`)
	if !eval[bool](t, ctx, `!document.querySelector('#course-toc').hidden && document.querySelector('#lesson-cards').hidden`) {
		t.Errorf("the welcome does not list the lessons by course section first")
	}
	heading := func(n string) string {
		t.Helper()
		return eval[string](t, ctx, `(document.querySelector('#course-toc li[data-section="`+n+`"] h4, #course-toc li[data-section="`+n+`"] h5') || {}).textContent || ''`)
	}
	tests := []struct {
		section, en, zh string
	}{
		{"一", "Chapter 1 Multi-process programming", "第一章 多进程编程"}, // figures in English: its sections are 1.1, 1.2…
		{"1.1", "1.1 What a process is", "1.1 进程的定义"},
		{"2.7", "2.7 Switching and scheduling processes: the context switch", "2.7 进程的切换和调度-上下文切换"},
		{"4.2", "4.2 Synchronisation", "4.2 同步"},
	}
	for _, tt := range tests {
		if got := heading(tt.section); got != tt.en {
			t.Errorf("section %s in English: got %q; want %q", tt.section, got, tt.en)
		}
	}
	first := eval[string](t, ctx, `[...document.querySelectorAll('#course-toc li[data-section="1.1"] button')].map(b => (b.dataset.lesson ? 'lesson:' + b.dataset.lesson : 'live:' + b.dataset.live) + '=' + b.querySelector('.lc-num').textContent).join(' ')`)
	if want := "lesson:process-program=Lesson 1 lesson:lifecycle=Lesson 2 lesson:lost-update="; !strings.HasPrefix(first, want) || !strings.Contains(first, "live:states=Live lesson") {
		t.Errorf("section 1.1's lessons: got %q; want %q... and live:states=Live lesson", first, want)
	}
	shot(t, ctx, "course-toc-en")
	eval[bool](t, ctx, `(() => { document.querySelector('#course-toc li[data-section="4.3"]').scrollIntoView(); return true })()`)
	shot(t, ctx, "course-toc-end-en")
	eval[bool](t, ctx, `(() => { document.querySelector('#home').scrollIntoView(); return true })()`)

	toChinese(t, ctx)
	for _, tt := range tests {
		if got := heading(tt.section); got != tt.zh {
			t.Errorf("section %s in Chinese: got %q; want %q", tt.section, got, tt.zh)
		}
	}
	if got, want := eval[string](t, ctx, `document.querySelector('#home-by-course').textContent`), "按课程章节"; got != want {
		t.Errorf("the course tab in Chinese: got %q; want %q", got, want)
	}
	shot(t, ctx, "course-toc-zh")

	// By topic: the cards as before.
	do(t, ctx, chromedp.Click("#home-by-topic"))
	waitFor(t, ctx, "the cards by topic", `document.querySelector('#course-toc').hidden && !document.querySelector('#lesson-cards').hidden && document.querySelectorAll('#lesson-cards button[data-lesson]').length >= 20`)
	shot(t, ctx, "course-toc-topics-zh")
	do(t, ctx, chromedp.Click("#home-by-course"))
	waitFor(t, ctx, "the course again", `!document.querySelector('#course-toc').hidden && document.querySelector('#lesson-cards').hidden`)
	toEnglish := chromedp.Click("#btn-lang")
	do(t, ctx, toEnglish)
	waitFor(t, ctx, "English", `document.documentElement.lang === 'en'`)

	// A section's built-in lesson opens as its card does.
	do(t, ctx, chromedp.Click(`#course-toc li[data-section="4.2"] button[data-lesson="check-then-act"]`))
	waitStep(t, ctx, 0)
	waitFor(t, ctx, "the lesson's title", `document.querySelector('#home').hidden && document.querySelector('#lesson-title').textContent === document.querySelector('#lesson-select option[value="check-then-act"]').textContent`)
	if got := eval[string](t, ctx, `document.querySelector('#lesson-select').value`); got != "check-then-act" {
		t.Errorf("the lesson menu shows %q; want check-then-act", got)
	}
	shot(t, ctx, "course-toc-lesson-open")

	// A live lesson opens in the live lab, at its address.
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the course's sections", `document.querySelectorAll('#course-toc li[data-section="1.4"] button[data-live]').length >= 3`)
	do(t, ctx, chromedp.Click(`#course-toc li[data-section="1.4"] button[data-live="zombies"]`))
	waitFor(t, ctx, "the live lesson", `location.hash === '#live/zombies' && document.body.dataset.liveLesson === 'zombies'`)
	shot(t, ctx, "course-toc-live-open")
}

// TestBrowserMisconceptionBox opens a lesson that corrects the course: its
// "Common misconception:" line is a box of its own, headed in the page's
// language, and the other explain lines stay paragraphs.
func TestBrowserMisconceptionBox(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="pids"]')`)
	selectLesson(t, ctx, "pids")
	// (The counter says step 0 before the lesson is shown too: the page
	// had nothing loaded. Its explanation, with the box, comes with it.)
	waitFor(t, ctx, "the lesson's explanation", `!!document.querySelector('#lesson-explain aside.misconception .misconception-head')`)
	box := func() (head, body string, paras int) {
		t.Helper()
		head = eval[string](t, ctx, `(document.querySelector('#lesson-explain aside.misconception .misconception-head') || {}).textContent || ''`)
		body = eval[string](t, ctx, `(document.querySelector('#lesson-explain aside.misconception p') || {}).textContent || ''`)
		paras = eval[int](t, ctx, `document.querySelectorAll('#lesson-explain > p').length`)
		return
	}
	head, body, paras := box()
	if head != "Common misconception" || !strings.HasPrefix(body, `"PID 1 is the kernel's boot process"`) || paras != 3 {
		t.Errorf("English: box %q / %q, %d paragraphs; want \"Common misconception\" / \"PID 1 is the kernel's boot process\"..., 3 paragraphs", head, body, paras)
	}
	shot(t, ctx, "misconception-en")
	toChinese(t, ctx)
	waitFor(t, ctx, "the Chinese box", `(document.querySelector('#lesson-explain aside.misconception .misconception-head') || {}).textContent === '常见误解'`)
	if _, body, _ := box(); !strings.HasPrefix(body, "“1 号进程是内核的启动进程”") {
		t.Errorf("Chinese box: got %q; want it to start with the course's statement", body)
	}
	shot(t, ctx, "misconception-zh")
}

// TestBrowserLiveTwinLinks opens a simulated lesson that live lessons name
// as their twin: it links to each of them, and a link opens the live lesson
// in the live lab.
func TestBrowserLiveTwinLinks(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	selectLesson(t, ctx, "lifecycle")
	waitFor(t, ctx, "the live twins", `!document.querySelector('#lesson-live').hidden`)
	got := eval[string](t, ctx, `[...document.querySelectorAll('#lesson-live a[data-live]')].map(a => a.dataset.live + '=' + a.getAttribute('href')).join(' ')`)
	if !strings.Contains(got, "zombies=#live/zombies") {
		t.Errorf("lifecycle's live twins: got %q; want zombies=#live/zombies among them", got)
	}
	shot(t, ctx, "live-twin-links")
	do(t, ctx, chromedp.Click(`#lesson-live a[data-live="zombies"]`))
	waitFor(t, ctx, "the live lesson", `location.hash === '#live/zombies' && document.body.dataset.liveLesson === 'zombies'`)

	// A lesson no live lesson names has no such line.
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="peterson"]')`)
	selectLesson(t, ctx, "peterson")
	if !eval[bool](t, ctx, `document.querySelector('#lesson-live').hidden`) {
		t.Errorf("peterson shows live twins; it has none")
	}
}
