package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"proclab/server"
)

// TestBrowserRoomPresenter: a room's bars leave the first screen to the
// diagram and the narration. The teacher of a room at step 10 of "The life
// of a process" (reached with N) and a student who joined by the room's
// link and steps alone look at the process view, then at presenter mode
// (F), at 1280x720, 1920x1080 and 1024x768 in English and Chinese: every
// box of the state diagram and the whole narration lie between the header
// (and the room's bar or banner) and the controls bar, and nothing lies
// over the narration. (At 1280x720 the teacher's room bar, 140 px tall, put
// the narration of presenter mode under the controls bar, and outside it
// the Stopped and Sleeping boxes below the fold; the student's banner put
// its narration behind the controls bar.)
func TestBrowserRoomPresenter(t *testing.T) {
	t.Parallel() // its own server and two browser contexts
	teacher, base := tabWithin(t, 3*time.Minute), serveWith(t, server.Budgets{})
	student := tabWithin(t, 3*time.Minute)
	do(t, teacher, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en"))
	selectLesson(t, teacher, "lifecycle")
	do(t, teacher, chromedp.Click(`#btn-room`), chromedp.Click(`#room-start`))
	waitFor(t, teacher, "the teacher's room", `document.body.dataset.room === 'teacher' && document.body.dataset.roomSync === '1' && /^[2-9A-Z]{6}$/.test(document.querySelector('#room-code').textContent)`)
	code := eval[string](t, teacher, `document.querySelector('#room-code').textContent`)
	for i := 0; i < 20 && eval[string](t, teacher, `document.body.dataset.step`) != "10"; i++ {
		before := eval[string](t, teacher, `document.body.dataset.step`)
		do(t, teacher, chromedp.KeyEvent("n"))
		waitFor(t, teacher, "the next interesting step", `document.body.dataset.step !== '`+before+`'`)
	}
	waitStep(t, teacher, 10)

	// The student opens the room's link, then steps alone.
	do(t, student, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/r/"+code+"?lang=en"))
	waitFor(t, student, "the student following at step 10", `document.body.dataset.roomFollow === 'following' && document.body.dataset.step === '10'`)
	do(t, student, chromedp.Click(`#btn-step`))
	waitFor(t, student, "the student alone at step 11", `document.body.dataset.roomFollow === 'alone' && document.body.dataset.step === '11'`)

	for _, who := range []struct {
		name string
		ctx  context.Context
	}{{"teacher", teacher}, {"student", student}} {
		for _, lang := range []string{"en", "zh-CN"} {
			do(t, who.ctx, chromedp.EmulateViewport(1280, 720))
			setLang(t, who.ctx, lang)
			for _, presenter := range []bool{false, true} {
				mode := "page"
				if presenter {
					mode = "presenter"
					do(t, who.ctx, chromedp.KeyEvent("f"))
					waitFor(t, who.ctx, "presenter mode", `document.body.classList.contains('presenter')`)
				}
				for _, size := range [][2]int64{{1280, 720}, {1920, 1080}, {1024, 768}} {
					do(t, who.ctx, chromedp.EmulateViewport(size[0], size[1]))
					name := fmt.Sprintf("room-present-%s-%s-%s-%d", who.name, mode, lang, size[0])
					firstScreenFits(t, who.ctx, name)
				}
				if presenter {
					do(t, who.ctx, chromedp.EmulateViewport(1280, 720))
					waitFor(t, who.ctx, "the full screen asked for", `document.body.dataset.fullscreen !== 'asking'`)
					do(t, who.ctx, chromedp.KeyEvent(kb.Escape))
					waitFor(t, who.ctx, "presenter mode left", `!document.body.classList.contains('presenter')`)
				}
			}
		}
	}
}

// firstScreenFits checks that the page, scrolled to its top, shows every
// box of the state diagram and the whole narration between the header
// with the room's bars above and the controls bar below, with nothing
// over the narration; it keeps a screenshot (name).
func firstScreenFits(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	const js = `(() => {
		window.scrollTo(0, 0);
		const box = e => e.getBoundingClientRect();
		const bars = [...document.querySelectorAll('body > .top, #room-note, #room-bar, #room-follow')].filter(e => e.getClientRects().length);
		const top = Math.max(...bars.map(e => box(e).bottom)), bottom = box(document.querySelector('#controls')).top;
		const bad = [];
		const n = document.querySelector('#narration'), nb = box(n), text = box(n.querySelector('.narr-text') || n);
		if (!n.textContent.trim()) bad.push('no narration');
		if (nb.top < top - 0.5 || nb.bottom > bottom + 0.5) bad.push('narration ' + Math.round(nb.top) + '-' + Math.round(nb.bottom));
		if (text.bottom > nb.bottom + 0.5) bad.push('narration text cut at ' + Math.round(nb.bottom) + ' (text to ' + Math.round(text.bottom) + ')');
		for (const y of [nb.top + 4, nb.bottom - 4]) {
			const e = document.elementFromPoint(nb.left + nb.width / 2, y);
			if (!e || !n.contains(e)) bad.push('narration covered at y=' + Math.round(y) + ' by ' + (e ? e.id || e.className : 'nothing'));
		}
		const nodes = [...document.querySelectorAll('#diagram .node[data-node] .node-box')];
		if (nodes.length < 6) bad.push(nodes.length + ' diagram boxes');
		for (const r of nodes) {
			const b = box(r);
			if (b.top < top - 0.5 || b.bottom > bottom + 0.5 || b.left < 0 || b.right > innerWidth) bad.push(r.parentNode.dataset.node + ' box ' + Math.round(b.top) + '-' + Math.round(b.bottom));
		}
		return bad.length ? 'between ' + Math.round(top) + ' and ' + Math.round(bottom) + ': ' + bad.join('; ') : '';
	})()`
	// The page lays itself out again after a resize (the bars' heights
	// are measured): give it a moment to settle.
	chromedp.Run(ctx, chromedp.Poll[bool](js+` === ''`, chromedp.WithPollingTimeout(3*time.Second))) // (the error is the check's, below)
	got := eval[string](t, ctx, js)
	shot(t, ctx, name)
	if got != "" {
		t.Errorf("%s: %s", name, got)
	}
}
