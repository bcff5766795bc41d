package e2e

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRoom drives a classroom room with two browser contexts on
// one server, a teacher and a student (issue 13, points 1, 2 and 8): the
// teacher starts a room, the student joins by typing its code, the
// student's page follows the teacher's steps, a step of the student's own
// detaches it (the teacher's page does not move) and Rejoin brings it
// back to the teacher's step; the teacher asks a question of its own, the
// student answers, the teacher's histogram counts the answer and the
// reveal marks the right option on the student's screen. An engine
// question follows when the server makes them.
func TestBrowserRoom(t *testing.T) {
	teacher, base := browser(t)
	student := tab(t)
	for _, ctx := range []context.Context{teacher, student} {
		do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en"))
		waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	}

	// The teacher opens a lesson, then a room.
	eval[bool](t, teacher, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'lifecycle'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, teacher, "the teacher's lesson", `document.body.dataset.conn === 'ready' && document.querySelector('#lesson-select').value === 'lifecycle' && document.querySelector('#step-counter').dataset.total > 3`)
	do(t, teacher, chromedp.Click(`#btn-room`), chromedp.Click(`#room-start`))
	waitFor(t, teacher, "the teacher's room", `document.body.dataset.room === 'teacher' && document.body.dataset.roomConn === 'open' && /^[2-9A-Z]{6}$/.test(document.querySelector('#room-code').textContent)`)
	code := eval[string](t, teacher, `document.querySelector('#room-code').textContent`)
	if got, want := eval[string](t, teacher, `document.querySelector('#room-url').href`), base+"/r/"+code; got != want {
		t.Errorf("the join link: got %q; want %q", got, want)
	}
	if got := eval[string](t, teacher, `localStorage.getItem('proclab.room.`+code+`') || ''`); got == "" {
		t.Errorf("the teacher key of room %s is not in localStorage", code)
	}
	waitFor(t, teacher, "the room's QR code", `document.querySelector('#room-qr-thumb').complete && document.querySelector('#room-qr-thumb').naturalWidth > 0`)
	waitFor(t, teacher, "the teacher's first state", `Number(document.body.dataset.roomSeq || 0) >= 1`)

	// The student types the code in lower case with a space, and follows.
	typed := fmt.Sprintf("%s %s", code[:3], code[3:])
	do(t, student, chromedp.Click(`#btn-room`),
		chromedp.SendKeys(`#room-code-input`, lower(typed)),
		chromedp.Click(`#room-join`))
	waitFor(t, student, "the student following", `document.body.dataset.room === 'follower' && document.body.dataset.roomFollow === 'following' && location.hash === '#room/`+code+`'`)
	waitFor(t, student, "the teacher's lesson on the student's page", `document.querySelector('#lesson-select').value === 'lifecycle' && document.body.dataset.step === '0'`)
	waitFor(t, teacher, "one follower counted", `document.querySelector('#room-count').dataset.followers === '1'`)

	// The teacher steps: the student's step counter follows.
	for i := 0; i < 3; i++ {
		do(t, teacher, chromedp.Click(`#btn-step`))
		waitFor(t, teacher, "the teacher's step", `document.body.dataset.step === '`+strconv.Itoa(i+1)+`'`)
	}
	waitFor(t, student, "the student at the teacher's step 3", `document.body.dataset.step === '3' && document.querySelector('#step-counter').dataset.step === '3'`)
	if got := eval[string](t, student, `location.hash`); got != "#room/"+code {
		t.Errorf("the student's address: got %q; want #room/%s", got, code)
	}
	shots(t, teacher, student, "follow")

	// The student steps on its own: it detaches; the teacher stays at 3.
	do(t, student, chromedp.Click(`#btn-step`))
	waitFor(t, student, "the student exploring alone at step 4", `document.body.dataset.roomFollow === 'alone' && document.body.dataset.step === '4' && !document.querySelector('#room-rejoin').hidden`)
	waitFor(t, teacher, "one student counted as exploring alone", `document.querySelector('#room-count').dataset.detached === '1'`)
	if got := eval[string](t, teacher, `document.body.dataset.step`); got != "3" {
		t.Errorf("the teacher's step after the student's own step: got %s; want 3", got)
	}

	// The teacher steps twice more: the detached student hears of it and
	// stays where it is.
	for i := 4; i <= 5; i++ {
		do(t, teacher, chromedp.Click(`#btn-step`))
		waitFor(t, teacher, "the teacher's step", `document.body.dataset.step === '`+strconv.Itoa(i)+`'`)
	}
	seq := waitSync(t, teacher)
	waitFor(t, student, "the teacher's latest state on the detached student's page", `Number(document.body.dataset.roomSeq || 0) >= `+strconv.Itoa(seq))
	if got := eval[string](t, student, `document.body.dataset.step`); got != "4" {
		t.Errorf("the detached student's step after the teacher's steps: got %s; want 4", got)
	}

	// Rejoin: back at the teacher's step 5.
	do(t, student, chromedp.Click(`#room-rejoin`))
	waitFor(t, student, "the student back at the teacher's step 5", `document.body.dataset.roomFollow === 'following' && document.body.dataset.step === '5'`)
	waitFor(t, teacher, "no student exploring alone", `document.querySelector('#room-count').dataset.detached === '0' && document.querySelector('#room-count').dataset.followers === '1'`)

	// The teacher asks a question of its own; B is right.
	do(t, teacher, chromedp.Click(`#room-ask-btn`))
	waitFor(t, teacher, "the Ask dialog", `document.querySelector('#room-ask-dialog').open && !!document.querySelector('#room-ask-kinds input[value="free"]')`)
	do(t, teacher, chromedp.Click(`#room-ask-kinds input[value="free"]`),
		chromedp.SendKeys(`#room-ask-prompt`, "Which state is a task in while it waits for the disk?"),
		chromedp.SendKeys(`#room-ask-options li:nth-child(1) .rq-opt`, "Running"),
		chromedp.SendKeys(`#room-ask-options li:nth-child(2) .rq-opt`, "Sleeping (D)"),
		chromedp.SendKeys(`#room-ask-options li:nth-child(3) .rq-opt`, "Zombie"),
		chromedp.Click(`#room-ask-options li:nth-child(2) .rq-right`),
		chromedp.Click(`#room-ask-send`))
	waitFor(t, teacher, "the teacher's open question", `document.querySelector('#room-q').dataset.state === 'open' && document.querySelectorAll('#room-q-options li').length === 3 && document.querySelector('#room-q-votes').dataset.voters === '0'`)
	waitFor(t, student, "the question on the student's screen", `document.querySelector('#room-q').dataset.state === 'open' && document.querySelectorAll('#room-q-options input[type=radio]').length === 3`)
	shots(t, teacher, student, "question")
	do(t, student, chromedp.Click(`#room-q-options li[data-index="1"] input`), chromedp.Click(`#room-q-send`))
	waitFor(t, student, "Answer sent", `document.querySelector('#room-q').dataset.state === 'voted' && document.querySelector('#room-q-options li[data-index="1"] input').checked`)
	if got := eval[string](t, student, `document.body.dataset.roomFollow`); got != "following" {
		t.Errorf("answering the question detached the student: data-room-follow %q; want following", got)
	}
	waitFor(t, teacher, "one vote for B on the teacher's histogram", `document.querySelector('#room-q-votes').dataset.voters === '1' && document.querySelector('#room-q-options li[data-index="1"]').dataset.count === '1' && document.querySelector('#room-q-options li[data-index="1"]').dataset.pct === '100' && document.querySelector('#room-q-options li[data-index="0"]').dataset.count === '0'`)
	do(t, teacher, chromedp.Click(`#room-q-reveal`))
	waitFor(t, student, "the answer marked on the student's screen", `document.querySelector('#room-q').dataset.state === 'revealed' && document.querySelector('#room-q-options li[data-index="1"]').matches('.right.mine') && !document.querySelector('#room-q-options li[data-index="0"]').matches('.right') && document.querySelector('#room-q-note').dataset.result === 'right'`)
	waitFor(t, teacher, "the answer marked on the teacher's screen", `document.querySelector('#room-q').dataset.state === 'revealed' && document.querySelector('#room-q-options li[data-index="1"]').matches('.right')`)
	shots(t, teacher, student, "reveal")

	// An engine question (which task runs next?), when the server makes them.
	engineQuestion(t, teacher, student)

	// The student leaves: the teacher's count goes back to none.
	do(t, student, chromedp.Click(`#room-leave`))
	waitFor(t, student, "the student out of the room", `document.body.dataset.room === '' && document.querySelector('#room-follow').hidden && location.hash !== '#room/`+code+`'`)
	waitFor(t, teacher, "no follower counted", `document.querySelector('#room-count').dataset.followers === '0'`)
}

// waitSync waits for the room to acknowledge the place the teacher's page
// shows (data-room-sync, room.js) and returns the seq of that state.
func waitSync(t *testing.T, teacher context.Context) int {
	t.Helper()
	waitFor(t, teacher, "the teacher's place acknowledged", `document.body.dataset.roomSync === '1'`)
	n, err := strconv.Atoi(eval[string](t, teacher, `document.body.dataset.roomSeq || '0'`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// engineQuestion asks "which task runs next?" from the engine and checks
// that the student can answer and sees the answer marked, when the
// server makes engine questions (before the generator lands it refuses
// the kind, and the test says so).
func engineQuestion(t *testing.T, teacher, student context.Context) {
	t.Helper()
	first := eval[string](t, teacher, `document.querySelector('#room-q').dataset.qid`)
	do(t, teacher, chromedp.Click(`#room-q-hide`), chromedp.Click(`#room-ask-btn`))
	waitFor(t, teacher, "the Ask dialog", `document.querySelector('#room-ask-dialog').open && !!document.querySelector('#room-ask-kinds input[value="next_run"]')`)
	do(t, teacher, chromedp.Click(`#room-ask-kinds input[value="next_run"]`), chromedp.Click(`#room-ask-send`))
	waitFor(t, teacher, "the engine question or the room's refusal", `(document.querySelector('#room-q').dataset.state === 'open' && document.querySelector('#room-q').dataset.qid !== `+strconv.Quote(first)+`) || (!document.querySelector('#room-note').hidden && document.querySelector('#room-note').dataset.kind === 'error')`)
	if eval[bool](t, teacher, `!document.querySelector('#room-note').hidden && document.querySelector('#room-note').dataset.kind === 'error'`) {
		t.Logf("the server did not make the engine question: %s", eval[string](t, teacher, `document.querySelector('#room-note').textContent`))
		return
	}
	waitFor(t, student, "the engine question on the student's screen", `document.querySelector('#room-q').dataset.state === 'open' && document.querySelector('#room-q').dataset.qid === `+strconv.Quote(eval[string](t, teacher, `document.querySelector('#room-q').dataset.qid`))+` && document.querySelectorAll('#room-q-options input').length >= 2`)
	do(t, student, chromedp.Click(`#room-q-options li[data-index="0"] input`), chromedp.Click(`#room-q-send`))
	waitFor(t, teacher, "the student's vote on the histogram", `document.querySelector('#room-q-votes').dataset.voters === '1'`)
	before := eval[string](t, teacher, `document.body.dataset.step`)
	do(t, teacher, chromedp.Click(`#room-q-reveal`))
	waitFor(t, student, "the engine's answer marked", `document.querySelector('#room-q').dataset.state === 'revealed' && document.querySelectorAll('#room-q-options li.right').length >= 1`)
	// The teacher's page steps on to the reveal's step; the student follows.
	waitFor(t, teacher, "the teacher stepped on", `document.body.dataset.step !== '`+before+`'`)
	step := eval[string](t, teacher, `document.body.dataset.step`)
	waitFor(t, student, "the student at the reveal's step", `document.body.dataset.step === '`+step+`'`)
}

// shots saves the teacher's and the student's screens at 1280x720 and
// 390x844, in English and Chinese, for a person to look at; it puts the
// pages back in English at 1280x720.
func shots(t *testing.T, teacher, student context.Context, name string) {
	t.Helper()
	for _, lang := range []string{"en", "zh"} {
		for _, size := range [][2]int64{{1280, 720}, {390, 844}} {
			for _, who := range []struct {
				name string
				ctx  context.Context
			}{{"teacher", teacher}, {"student", student}} {
				if lang == "zh" {
					setLang(t, who.ctx, "zh-CN")
				}
				do(t, who.ctx, chromedp.EmulateViewport(size[0], size[1]))
				shot(t, who.ctx, fmt.Sprintf("room-%s-%s-%s-%d", name, who.name, lang, size[0]))
			}
		}
	}
	for _, ctx := range []context.Context{teacher, student} {
		setLang(t, ctx, "en")
		do(t, ctx, chromedp.EmulateViewport(1280, 720))
	}
}

// setLang switches a page's language with its own button (not a detach:
// the language is the reader's own).
func setLang(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	if eval[string](t, ctx, `document.documentElement.lang`) == lang {
		return
	}
	do(t, ctx, chromedp.Click(`#btn-lang`))
	waitFor(t, ctx, "the language "+lang, `document.documentElement.lang === '`+lang+`'`)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
