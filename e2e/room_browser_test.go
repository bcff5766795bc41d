package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"proclab/server"
)

// TestBrowserRoom drives a classroom room with two browser contexts on
// one server, a teacher and a student (issue 13, points 1, 2 and 8): the
// teacher starts a room, the student joins by typing its code, the
// student's page follows the teacher's steps, a step of the student's own
// detaches it (the teacher's page does not move, and the room sends the
// student none of the teacher's next states) and Rejoin brings it back to
// the teacher's step; the teacher asks a question of its own, the student
// answers (and keeps its answer over a reload), the teacher's histogram
// counts it and the reveal marks the right option on the student's
// screen; then the engine's questions (next_run, next_state, avg_wait),
// the scheduling view and another lesson followed, a key that detaches,
// the teacher's reload, and the room closed. Screenshots of both pages
// at 1920x1080, 1280x720 and 390x844 in both languages go to
// $PROCLAB_SHOTS, and nothing of the room may stick out of them.
func TestBrowserRoom(t *testing.T) {
	t.Parallel() // its own server and two browser contexts
	// 37-39 s alone on 2 cores; beside the other parallel tests, more
	// than the 90 s a tab has by default.
	teacher, base := tabWithin(t, 4*time.Minute), serveWith(t, server.Budgets{})
	student := tabWithin(t, 4*time.Minute)
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
	// The test's server listens on 127.0.0.1 only: the bar says that this
	// address works on this computer only.
	waitFor(t, teacher, "the loopback warning", `!document.querySelector('#room-url-local').hidden && document.querySelector('#room-url-local').textContent.includes('--addr 0.0.0.0:')`)
	waitFor(t, teacher, "the room's QR code", `document.querySelector('#room-qr-thumb').complete && document.querySelector('#room-qr-thumb').naturalWidth > 0`)
	waitFor(t, teacher, "the teacher's first state", `Number(document.body.dataset.roomSeq || 0) >= 1`)

	// A code with letters no code has is refused in the dialog; a code of
	// no room is refused by the server.
	do(t, student, chromedp.Click(`#btn-room`), chromedp.SendKeys(`#room-code-input`, "o0o0o0"), chromedp.Click(`#room-join`))
	waitFor(t, student, "the dialog's refusal", `!document.querySelector('#room-code-error').hidden && document.querySelector('#room-code-error').textContent.includes('O 0') && document.querySelector('#room-dialog').open`)
	do(t, student, chromedp.EmulateViewport(390, 844))
	shot(t, student, "room-dialog-student-en-390")
	fits(t, student, "the room dialog at 390x844", "#room-dialog")
	do(t, student, chromedp.EmulateViewport(1280, 720))
	do(t, student, chromedp.KeyEvent(kb.Escape), chromedp.Navigate(base+"/?lang=en#room/"+otherCode(code)))
	waitFor(t, student, "no such room", `!!document.querySelector('#room-note') && document.querySelector('#room-note').dataset.key === 'room.err.room_not_found' && document.body.dataset.room === ''`)
	do(t, student, chromedp.Navigate(base+"/?lang=en"))
	waitFor(t, student, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)

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

	// The QR code full screen, big enough to scan from the back of a
	// classroom: at least 80 % of the projected height. Esc closes it.
	for _, size := range [][2]int64{{1920, 1080}, {1280, 720}} {
		do(t, teacher, chromedp.EmulateViewport(size[0], size[1]), chromedp.Click(`#room-qr-show`))
		waitFor(t, teacher, "the full-screen QR code", `!document.querySelector('#room-qr-overlay').hidden && document.querySelector('#room-qr-big').complete && document.querySelector('#room-qr-big').naturalWidth > 0 && document.querySelector('#room-qr-big').getBoundingClientRect().height >= 0.8 * innerHeight && document.querySelector('#room-qr-code').textContent === '`+code+`'`)
		shot(t, teacher, fmt.Sprintf("room-qr-en-%d", size[0]))
		do(t, teacher, chromedp.KeyEvent(kb.Escape))
		waitFor(t, teacher, "the QR code closed", `document.querySelector('#room-qr-overlay').hidden`)
	}
	do(t, teacher, chromedp.EmulateViewport(1280, 720))

	// On a phone the student's banner stays on the screen when the page
	// scrolls (the header does not).
	do(t, student, chromedp.EmulateViewport(390, 844))
	eval[bool](t, student, `(() => { window.scrollTo(0, document.body.scrollHeight); return true })()`)
	waitFor(t, student, "the banner on screen after a scroll", `scrollY > 200 && document.querySelector('#room-follow').getBoundingClientRect().top >= 0 && document.querySelector('#room-follow').getBoundingClientRect().bottom <= innerHeight`)
	shot(t, student, "room-follow-scrolled-student-en-390")
	eval[bool](t, student, `(() => { window.scrollTo(0, 0); return true })()`)
	do(t, student, chromedp.EmulateViewport(1280, 720))

	// The student's own display settings (presenter mode, the dark theme)
	// do not detach it.
	do(t, student, chromedp.Click(`#btn-present`))
	eval[bool](t, student, `(() => { const s = document.querySelector('#theme-select'); s.value = 'dark'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	eval[bool](t, teacher, `(() => { const s = document.querySelector('#theme-select'); s.value = 'dark'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, student, "presenter mode, dark", `document.body.classList.contains('presenter') && document.documentElement.dataset.theme === 'dark'`)
	if got := eval[string](t, student, `document.body.dataset.roomFollow`); got != "following" {
		t.Errorf("presenter mode detached the student: data-room-follow %q; want following", got)
	}
	shot(t, student, "room-dark-presenter-student-en-1280")
	shot(t, teacher, "room-dark-teacher-en-1280")
	do(t, student, chromedp.Click(`#btn-present`))
	for _, ctx := range []context.Context{teacher, student} {
		eval[bool](t, ctx, `(() => { const s = document.querySelector('#theme-select'); s.value = 'light'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	}

	// The student steps on its own: it detaches; the teacher stays at 3.
	do(t, student, chromedp.Click(`#btn-step`))
	waitFor(t, student, "the student exploring alone at step 4", `document.body.dataset.roomFollow === 'alone' && document.body.dataset.step === '4' && !document.querySelector('#room-rejoin').hidden`)
	waitFor(t, teacher, "one student counted as exploring alone", `document.querySelector('#room-count').dataset.detached === '1'`)
	if got := eval[string](t, teacher, `document.body.dataset.step`); got != "3" {
		t.Errorf("the teacher's step after the student's own step: got %s; want 3", got)
	}

	// The teacher steps twice more, then asks a question of its own (B is
	// right). The room sends a follower the teacher's states before a
	// question that came after them, so once the detached student has the
	// question it would have heard of the teacher's steps, had it still
	// followed.
	for i := 4; i <= 5; i++ {
		do(t, teacher, chromedp.Click(`#btn-step`))
		waitFor(t, teacher, "the teacher's step", `document.body.dataset.step === '`+strconv.Itoa(i)+`'`)
	}
	waitFor(t, teacher, "the room's acknowledgement of step 5", `document.body.dataset.roomSync === '1'`)
	for _, lang := range []string{"zh-CN", "en"} { // the Ask dialog, looked at in Chinese on a phone
		setLang(t, teacher, lang)
		if lang == "zh-CN" {
			do(t, teacher, chromedp.EmulateViewport(390, 844))
		} else {
			do(t, teacher, chromedp.EmulateViewport(1280, 720))
		}
		// (Clicked inside the page: the viewport just changed, and a click
		// by coordinates could land before the header is laid out again.)
		eval[bool](t, teacher, `(document.querySelector('#room-ask-btn').click(), true)`)
		waitFor(t, teacher, "the Ask dialog", `document.querySelector('#room-ask-dialog').open`)
		do(t, teacher, chromedp.Click(`#room-ask-kinds input[value="free"]`))
		shot(t, teacher, "room-ask-teacher-"+lang+"-"+eval[string](t, teacher, `String(innerWidth)`))
		fits(t, teacher, "the Ask dialog in "+lang, "#room-ask-dialog")
		if lang == "zh-CN" {
			do(t, teacher, chromedp.KeyEvent(kb.Escape))
			waitFor(t, teacher, "the Ask dialog closed", `!document.querySelector('#room-ask-dialog').open`)
		}
	}
	waitFor(t, teacher, "the Ask dialog", `document.querySelector('#room-ask-dialog').open && !!document.querySelector('#room-ask-kinds input[value="free"]')`)
	do(t, teacher, chromedp.Click(`#room-ask-kinds input[value="free"]`),
		chromedp.SendKeys(`#room-ask-prompt`, "Which state is a task in while it waits for the disk?"),
		chromedp.SendKeys(`#room-ask-options li:nth-child(1) .rq-opt`, "Running"),
		chromedp.SendKeys(`#room-ask-options li:nth-child(2) .rq-opt`, "Sleeping (D)"),
		chromedp.SendKeys(`#room-ask-options li:nth-child(3) .rq-opt`, "Zombie"),
		chromedp.Click(`#room-ask-options li:nth-child(2) .rq-right`),
		chromedp.Click(`#room-ask-send`))
	waitFor(t, teacher, "the teacher's open question", `document.querySelector('#room-q').dataset.state === 'open' && document.querySelectorAll('#room-q-options li').length === 3 && document.querySelector('#room-q-votes').dataset.voters === '0'`)
	waitFor(t, student, "the question on the detached student's screen", `document.querySelector('#room-q').dataset.state === 'open' && document.querySelectorAll('#room-q-options input[type=radio]').length === 3`)
	if got := eval[string](t, student, `document.body.dataset.step + ' ' + document.body.dataset.roomFollow`); got != "4 alone" {
		t.Errorf("the detached student after the teacher's steps: got step and state %q; want \"4 alone\"", got)
	}
	if got := eval[string](t, teacher, `document.body.dataset.step`); got != "5" {
		t.Errorf("the teacher's step: got %s; want 5", got)
	}
	// The room sent the detached student none of the teacher's new states.
	if ts, ss := eval[string](t, teacher, `document.body.dataset.roomSeq`), eval[string](t, student, `document.body.dataset.roomSeq`); ts == ss {
		t.Errorf("the detached student heard the teacher's latest state (seq %s): it still follows", ss)
	}

	// Rejoin: back at the teacher's step 5, the question still open.
	do(t, student, chromedp.Click(`#room-rejoin`))
	waitFor(t, student, "the student back at the teacher's step 5", `document.body.dataset.roomFollow === 'following' && document.body.dataset.step === '5'`)
	waitFor(t, teacher, "no student exploring alone", `document.querySelector('#room-count').dataset.detached === '0' && document.querySelector('#room-count').dataset.followers === '1'`)
	shots(t, teacher, student, "question")
	// The student folds the card away and opens it again (no detach).
	do(t, student, chromedp.Click(`#room-q-hide`))
	waitFor(t, student, "the folded question", `document.querySelector('#room-q').hidden && !document.querySelector('#room-q-pill').hidden`)
	do(t, student, chromedp.Click(`#room-q-pill`))
	waitFor(t, student, "the question again", `!document.querySelector('#room-q').hidden && document.querySelector('#room-q-pill').hidden && document.body.dataset.roomFollow === 'following'`)

	// The student answers B; the teacher's histogram counts it; the
	// reveal marks B on both screens.
	do(t, student, chromedp.Click(`#room-q-options li[data-index="1"] input`), chromedp.Click(`#room-q-send`))
	waitFor(t, student, "Answer sent", `document.querySelector('#room-q').dataset.state === 'voted' && document.querySelector('#room-q-options li[data-index="1"] input').checked`)
	if got := eval[string](t, student, `document.body.dataset.roomFollow`); got != "following" {
		t.Errorf("answering the question detached the student: data-room-follow %q; want following", got)
	}
	// A reload keeps the student in the room, following, with its answer
	// (the follower token and the choice are in the tab's session storage).
	do(t, student, chromedp.Reload())
	waitFor(t, student, "the reloaded student following at step 5 with its answer", `document.body.dataset.roomFollow === 'following' && document.body.dataset.step === '5' && document.querySelector('#room-q').dataset.state === 'voted' && document.querySelector('#room-q-options li[data-index="1"]').matches('.mine') && document.querySelector('#room-q-options li[data-index="1"] input').checked`)
	waitFor(t, teacher, "one vote for B on the teacher's histogram", `document.querySelector('#room-q-votes').dataset.voters === '1' && document.querySelector('#room-q-options li[data-index="1"]').dataset.count === '1' && document.querySelector('#room-q-options li[data-index="1"]').dataset.pct === '100' && document.querySelector('#room-q-options li[data-index="0"]').dataset.count === '0'`)
	shots(t, teacher, student, "voted")
	do(t, teacher, chromedp.Click(`#room-q-reveal`))
	waitFor(t, student, "the answer marked on the student's screen", `document.querySelector('#room-q').dataset.state === 'revealed' && document.querySelector('#room-q-options li[data-index="1"]').matches('.right.mine') && !document.querySelector('#room-q-options li[data-index="0"]').matches('.right') && document.querySelector('#room-q-note').dataset.result === 'right'`)
	waitFor(t, teacher, "the answer marked on the teacher's screen", `document.querySelector('#room-q').dataset.state === 'revealed' && document.querySelector('#room-q-options li[data-index="1"]').matches('.right')`)
	// A question of the teacher's own names no step: both stay at step 5.
	for _, ctx := range []context.Context{teacher, student} {
		if got := eval[string](t, ctx, `document.body.dataset.step`); got != "5" {
			t.Errorf("the step after revealing the teacher's own question: got %s; want 5", got)
		}
	}
	shots(t, teacher, student, "reveal")

	// The engine's questions: which task runs next, which state next.
	engineQuestion(t, teacher, student, "next_run")
	engineQuestion(t, teacher, student, "next_state")

	// The teacher's other views: the scheduling view (where the Ask dialog
	// offers the average waiting time), another lesson.
	if eval[string](t, student, `document.body.dataset.roomFollow`) == "alone" {
		do(t, student, chromedp.Click(`#room-rejoin`))
	}
	waitFor(t, student, "the student following", `document.body.dataset.roomFollow === 'following'`)
	do(t, teacher, chromedp.Click(`#tab-sched`))
	waitFor(t, student, "the student in the scheduling view", `document.body.dataset.view === 'sched'`)
	do(t, teacher, chromedp.Click(`#room-ask-btn`))
	waitFor(t, teacher, "the Ask dialog in the scheduling view", `document.querySelector('#room-ask-dialog').open && !!document.querySelector('#room-ask-kinds input[value="avg_wait"]') && !document.querySelector('#room-ask-kinds input[value="next_run"]')`)
	do(t, teacher, chromedp.KeyEvent(kb.Escape))
	waitFor(t, teacher, "the Ask dialog closed", `!document.querySelector('#room-ask-dialog').open`)
	engineQuestion(t, teacher, student, "avg_wait")
	eval[bool](t, teacher, `(() => { document.querySelector('#tab-proc').click(); const s = document.querySelector('#lesson-select'); s.value = 'orphans'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, teacher, "the teacher's new lesson", `document.body.dataset.view === 'proc' && document.querySelector('#lesson-select').value === 'orphans'`)
	do(t, teacher, chromedp.Click(`#btn-step`))
	waitFor(t, student, "the student in the teacher's new lesson at step 1", `document.body.dataset.view === 'proc' && document.querySelector('#lesson-select').value === 'orphans' && document.body.dataset.step === '1'`)

	// A race lesson: the engine's data-race and outcomes questions.
	eval[bool](t, teacher, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'check-then-act'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, student, "the student in the race lesson", `document.querySelector('#lesson-select').value === 'check-then-act' && document.body.classList.contains('race-lab')`)
	engineQuestion(t, teacher, student, "data_race")
	engineQuestion(t, teacher, student, "outcomes")
	eval[bool](t, teacher, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'orphans'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	do(t, teacher, chromedp.Click(`#btn-step`))
	waitFor(t, student, "the student back in orphans at step 1", `document.querySelector('#lesson-select').value === 'orphans' && document.body.dataset.step === '1'`)

	// A moving key (→) detaches too; the student's step is its own.
	do(t, student, chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, student, "the student exploring alone after →", `document.body.dataset.roomFollow === 'alone' && document.body.dataset.step === '2'`)
	do(t, student, chromedp.Click(`#room-rejoin`))
	waitFor(t, student, "the student back at step 1", `document.body.dataset.roomFollow === 'following' && document.body.dataset.step === '1'`)

	// The teacher's reload keeps its room (the key in localStorage, the
	// room in the tab's session).
	do(t, teacher, chromedp.Reload())
	waitFor(t, teacher, "the teacher back in its room", `document.body.dataset.room === 'teacher' && document.querySelector('#room-code').textContent === '`+code+`' && document.querySelector('#room-count').dataset.followers === '1'`)

	// The teacher closes the room (a second click confirms): the student's
	// page says so and leaves it; the teacher key is forgotten.
	// The revealed question's card stays clear of the room bar's buttons
	// (it shrinks and scrolls), at the top of the page as after a scroll.
	eval[bool](t, teacher, `(() => { window.scrollTo(0, 0); return true })()`)
	waitFor(t, teacher, "the card below the room bar", `document.querySelector('#room-q').hidden || document.querySelector('#room-q').getBoundingClientRect().top >= document.querySelector('#room-bar').getBoundingClientRect().bottom`)
	do(t, teacher, chromedp.Click(`#room-close`))
	waitFor(t, teacher, "the close asking to be confirmed", `document.querySelector('#room-close').dataset.confirm === '1' && document.body.dataset.room === 'teacher'`)
	do(t, teacher, chromedp.Click(`#room-close`))
	waitFor(t, student, "the room closed on the student's page", `document.querySelector('#room-note').dataset.key === 'room.closed' && document.body.dataset.room === '' && document.querySelector('#room-follow').hidden`)
	waitFor(t, teacher, "the room closed on the teacher's page", `document.body.dataset.room === '' && document.querySelector('#room-bar').hidden && localStorage.getItem('proclab.room.`+code+`') === null`)
}

// fits checks that no element inside sel (a dialog) reaches past the
// dialog's own box or the screen's sides.
func fits(t *testing.T, ctx context.Context, what, sel string) {
	t.Helper()
	js := `(() => { const d = document.querySelector(` + strconv.Quote(sel) + `); const b = d.getBoundingClientRect();
		return [...d.querySelectorAll('*')].filter(e => e.getClientRects().length).filter(e => { const r = e.getBoundingClientRect();
			return r.width > 0 && (r.right > Math.min(b.right, innerWidth) + 0.5 || r.left < Math.max(b.left, 0) - 0.5); })
			.map(e => e.id || e.className || e.tagName).join(', '); })()`
	if out := eval[string](t, ctx, js); out != "" {
		t.Errorf("%s: sticking out: %s", what, out)
	}
}

// otherCode is a room code that is not code (and names no room the test
// made).
func otherCode(code string) string {
	if code == "222222" {
		return "333333"
	}
	return "222222"
}

// engineQuestion asks a question the engine makes (kind, with the task or
// policy chosen in the Ask dialog when it has one), the student answers
// A, the teacher's histogram counts it, and the reveal marks the engine's
// answer on the student's screen. In the process view the teacher's page
// then seeks to the reveal's step and the student follows it there.
func engineQuestion(t *testing.T, teacher, student context.Context, kind string) {
	t.Helper()
	first := eval[string](t, teacher, `document.querySelector('#room-q').dataset.qid || ''`)
	// The room takes one question every 2 s (docs/protocol.md).
	waitFor(t, teacher, "the room's 2 s between questions", `Date.now() - Number(document.querySelector('#room-q').dataset.openedAt || 0) > 2100`)
	if !eval[bool](t, teacher, `document.querySelector('#room-q').hidden`) {
		do(t, teacher, chromedp.Click(`#room-q-hide`))
	}
	do(t, teacher, chromedp.Click(`#room-ask-btn`))
	waitFor(t, teacher, "the Ask dialog offering "+kind, `document.querySelector('#room-ask-dialog').open && !!document.querySelector('#room-ask-kinds input[value="`+kind+`"]')`)
	do(t, teacher, chromedp.Click(`#room-ask-kinds input[value="`+kind+`"]`))
	switch kind {
	case "next_state":
		// ProcLab's pick first: the task whose change teaches most (a
		// fixed first task made "which state will init be in? stays S").
		waitFor(t, teacher, "the task picker, ProcLab's pick chosen", `!document.querySelector('#room-ask-task-row').hidden && document.querySelectorAll('#room-ask-task option').length >= 2 && document.querySelector('#room-ask-task').value === '0'`)
	case "avg_wait":
		waitFor(t, teacher, "the policy picker", `!document.querySelector('#room-ask-policy-row').hidden && document.querySelectorAll('#room-ask-policy option').length >= 2`)
	}
	do(t, teacher, chromedp.Click(`#room-ask-send`))
	waitFor(t, teacher, "the engine's "+kind+" question", `document.querySelector('#room-q').dataset.state === 'open' && document.querySelector('#room-q').dataset.qid !== `+strconv.Quote(first)+` && document.querySelectorAll('#room-q-options li').length >= 2`)
	qid := eval[string](t, teacher, `document.querySelector('#room-q').dataset.qid`)
	waitFor(t, student, "the engine question on the student's screen", `document.querySelector('#room-q').dataset.state === 'open' && document.querySelector('#room-q').dataset.qid === `+strconv.Quote(qid)+` && document.querySelectorAll('#room-q-options input').length >= 2`)
	shot(t, student, "room-engine-"+kind+"-student-en-1280")
	do(t, student, chromedp.Click(`#room-q-options li[data-index="0"] input`), chromedp.Click(`#room-q-send`))
	waitFor(t, teacher, "the student's vote on the histogram", `document.querySelector('#room-q-votes').dataset.voters === '1' && document.querySelector('#room-q-options li[data-index="0"]').dataset.count === '1'`)
	do(t, teacher, chromedp.Click(`#room-q-reveal`))
	waitFor(t, student, "the engine's answer marked", `document.querySelector('#room-q').dataset.state === 'revealed' && document.querySelectorAll('#room-q-options li.right').length >= 1 && document.querySelector('#room-q-options li[data-index="0"]').matches('.mine') && !document.querySelector('#room-q-explain').hidden`)
	shot(t, student, "room-engine-"+kind+"-reveal-student-en-1280")
	shot(t, teacher, "room-engine-"+kind+"-reveal-teacher-en-1280")
	if eval[string](t, teacher, `document.body.dataset.view`) != "proc" {
		return
	}
	// The teacher's page steps on to the reveal's step; the student follows.
	waitFor(t, teacher, "the teacher at the reveal's step", `document.querySelector('#room-q').dataset.revealStep !== undefined && document.body.dataset.step === document.querySelector('#room-q').dataset.revealStep`)
	step := eval[string](t, teacher, `document.body.dataset.step`)
	waitFor(t, student, "the student at the reveal's step "+step, `document.body.dataset.step === '`+step+`'`)
}

// shots saves the teacher's and the student's screens at 1920x1080,
// 1280x720 and 390x844, in English and Chinese, for a person to look at; it puts the
// pages back in English at 1280x720.
func shots(t *testing.T, teacher, student context.Context, name string) {
	t.Helper()
	for _, lang := range []string{"en", "zh"} {
		for _, size := range [][2]int64{{1920, 1080}, {1280, 720}, {390, 844}} {
			for _, who := range []struct {
				name string
				ctx  context.Context
			}{{"teacher", teacher}, {"student", student}} {
				if lang == "zh" {
					setLang(t, who.ctx, "zh-CN")
				}
				do(t, who.ctx, chromedp.EmulateViewport(size[0], size[1]))
				shot(t, who.ctx, fmt.Sprintf("room-%s-%s-%s-%d", name, who.name, lang, size[0]))
				// Everything the room adds stays on the screen: the header
				// with its Classroom button, the room's bars and the card.
				if out := eval[string](t, who.ctx, `[...document.querySelectorAll('.top > *, #room-bar, #room-follow, #room-q')].filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed').filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5); }).map(e => e.id || e.className).join(', ')`); out != "" {
					t.Errorf("%s, %s, %s, %dx%d: sticking out of the screen: %s", name, who.name, lang, size[0], size[1], out)
				}
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

// TestBrowserRoomLive: while the teacher shows a live lesson, the student
// following the room sees the teacher's real processes, relayed by the
// room (the student's page opens no live session of its own), and none of
// the controls that act on them. Not parallel: it runs real processes, as
// the live lab's own tests do.
func TestBrowserRoomLive(t *testing.T) {
	teacher, base, code := liveRoom(t)
	student := tab(t)

	// The teacher starts a sleeper.
	eval[bool](t, teacher, `(() => { const s = document.querySelector('#live-workload'); s.value = 'sleep'; s.dispatchEvent(new Event('change', {bubbles: true})); const i = document.querySelector('#live-args input[data-arg="ms"]'); if (i) { i.value = '600000'; i.dispatchEvent(new Event('input', {bubbles: true})); } return true })()`)
	do(t, teacher, chromedp.Click("#live-spawn"))
	waitFor(t, teacher, "the teacher's sleeper", `Number(document.querySelector('#live-actions').dataset.pid || 0) > 0`)
	pid := eval[int](t, teacher, `Number(document.querySelector('#live-actions').dataset.pid)`)

	// The student joins by the room's address and sees it, relayed. Every
	// websocket the student's page opens is noted (window.__sockets)
	// before its own scripts run.
	if _, err := chromedp.Call(student, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: noteSockets}); err != nil {
		t.Fatal(err)
	}
	do(t, student, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en#room/"+code))
	waitFor(t, student, "the student following into the live lab", `document.body.dataset.roomFollow === 'following' && document.body.dataset.view === 'live' && document.body.classList.contains('live-relay')`)
	waitFor(t, student, "the teacher's sleeper on the student's page", fmt.Sprintf(`document.querySelector('#live-procs tr[data-pid="%d"]')?.dataset.state === 'sleeping' && !!document.querySelector('#live-diagram [data-pid="%d"]')`, pid, pid))
	if got := eval[string](t, student, `[...document.querySelectorAll('.live-act-card, .live-spawn-card, #live-lessons-card')].filter(e => e.offsetParent !== null).map(e => e.className).join(', ')`); got != "" {
		t.Errorf("the following student's page shows controls that act on the teacher's processes: %s", got)
	}
	if got := eval[string](t, student, `document.body.dataset.live`); got != "ready" {
		t.Errorf("the student's live view: data-live %q; want ready (from the relayed hello)", got)
	}
	// The page's sockets: the room's, and no live session of its own.
	if got := eval[string](t, student, `window.__sockets.map(u => new URL(u).pathname).join(' ')`); !strings.Contains(got, "/ws/room") || strings.Contains(got, "/ws/live") {
		t.Errorf("the following student's page opened websockets %q; want /ws/room and no /ws/live", got)
	}
	shot(t, student, "room-live-student-en-1280")
}

// liveRoom opens a live lab server, and a teacher's page on its live
// lesson "zombies" with a room started: the page, the server's address and
// the room's code.
func liveRoom(t *testing.T) (teacher context.Context, base, code string) {
	t.Helper()
	teacher = tab(t)
	base = liveServer(t)
	do(t, teacher, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en#live/zombies"))
	waitFor(t, teacher, "the teacher's live lesson", `document.body.dataset.live === 'ready' && document.body.dataset.view === 'live' && !!document.querySelector('#live-workload option[value="sleep"]')`)
	do(t, teacher, chromedp.Click(`#btn-room`), chromedp.Click(`#room-start`))
	waitFor(t, teacher, "the teacher's room", `document.body.dataset.room === 'teacher' && document.body.dataset.roomSync === '1'`)
	return teacher, base, eval[string](t, teacher, `document.querySelector('#room-code').textContent`)
}

// noteSockets wraps the page's WebSocket so that window.__sockets lists
// the URL of every socket the page opens.
const noteSockets = `window.__sockets = []; window.WebSocket = class extends window.WebSocket {
  constructor(url, protocols) { super(url, protocols); window.__sockets.push(String(url)); }
};`

// TestBrowserRelayFailsCommandsInFlight: a student's page whose live lab
// has a command on its way (a lesson step's spawn, held back here so that
// no answer comes) when it starts following the teacher's live lab lets
// that socket go; the command fails with it, so that the lesson's steps
// are not left busy: once the student leaves the room, the page's own
// live lab runs the step again. (The relay used to drop the socket and
// keep the command waiting for good: every step button did nothing after.)
func TestBrowserRelayFailsCommandsInFlight(t *testing.T) {
	_, base, code := liveRoom(t)
	student := tab(t)

	// The student's page holds back its spawns while window.__hold is set.
	hold := `window.__hold = false; { const send = WebSocket.prototype.send; WebSocket.prototype.send = function (d) { if (window.__hold && typeof d === 'string' && d.includes('"type":"spawn"')) return; return send.call(this, d); }; }`
	if _, err := chromedp.Call(student, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hold}); err != nil {
		t.Fatal(err)
	}
	do(t, student, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en#live/zombies"))
	step := `#live-steps button[data-do]`
	waitFor(t, student, "the student's own live lesson", `document.body.dataset.live === 'ready' && !!document.querySelector('`+step+`:not([disabled])')`)
	first := eval[string](t, student, `document.querySelector('`+step+`').dataset.do`)
	eval[bool](t, student, `window.__hold = true`)
	do(t, student, chromedp.Click(step))
	time.Sleep(300 * time.Millisecond) // the spawn is sent (and held back)
	if eval[bool](t, student, fmt.Sprintf(`document.querySelector('#live-steps li[data-step="%s"]').classList.contains('done')`, first)) {
		t.Fatal("the held-back spawn was answered: the test holds nothing back")
	}
	eval[bool](t, student, `window.__hold = false, location.hash = '#room/`+code+`', true`)
	waitFor(t, student, "the student following the teacher's live lab", `document.body.dataset.roomFollow === 'following' && document.body.classList.contains('live-relay')`)
	eval[bool](t, student, `document.querySelector('#room-leave').click(), true`)
	waitFor(t, student, "the student's own live lab again", `document.body.dataset.room !== 'student' && !document.body.classList.contains('live-relay') && document.body.dataset.live === 'ready'`)
	do(t, student, chromedp.Click(fmt.Sprintf(`#live-steps button[data-do="%s"]`, first)))
	waitFor(t, student, "the lesson's step done, run by the page's own live lab", fmt.Sprintf(`document.querySelector('#live-steps li[data-step="%s"]').classList.contains('done')`, first))
}
