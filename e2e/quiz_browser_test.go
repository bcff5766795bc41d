package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/lab"
)

// quizOf is the lab's own quiz of a lesson: the page must ask the same
// questions, grade by the same answers and replay to the same steps.
func quizOf(t *testing.T, id string) []lab.Question {
	t.Helper()
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := lab.Quiz(ls, id)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// clickOption clicks option i of the question shown.
func clickOption(t *testing.T, ctx context.Context, i int) {
	t.Helper()
	do(t, ctx, chromedp.Click(fmt.Sprintf(`#quiz-options button[data-option="%d"]`, i)))
}

// answerQuestion picks the right options of q (right) or a wrong choice:
// the first option that is not right (and, in a multi question, nothing
// else), checking a multi question.
func answerQuestion(t *testing.T, ctx context.Context, q lab.Question, right bool) {
	t.Helper()
	if right {
		for _, a := range q.Answer {
			clickOption(t, ctx, a)
		}
	} else {
		for i := range q.Options {
			if !slices.Contains(q.Answer, i) {
				clickOption(t, ctx, i)
				break
			}
		}
	}
	if q.Multi {
		do(t, ctx, chromedp.Click("#btn-quiz-check"))
	}
	waitFor(t, ctx, "the grade", `document.querySelector('#quiz').dataset.state === 'graded'`)
}

// results are the options' data-result after grading.
func results(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll('#quiz-options button')].map(b => b.dataset.result)`)
}

// TestBrowserQuiz opens the lost-update lesson, starts its quiz and
// answers: the first question right, the second wrong (the right options
// marked, the wrong pick crossed), the rest right; the step counter is at
// each question's step when it is asked, Replay moves it to the step that
// shows the answer, and the score counts the right answers. The quiz is
// read in Chinese too, and screenshots are kept (PROCLAB_SHOTS) at
// 1280x720 in both languages, in the dark theme and at 390x844.
func TestBrowserQuiz(t *testing.T) {
	t.Parallel() // its own server and browser context
	qs := quizOf(t, "lost-update")
	if len(qs) < 3 {
		t.Fatalf("the lost-update quiz has %d questions; the test needs 3", len(qs))
	}
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lost-update"]')`)
	// Hidden, and not drawn (a class that sets display would show it).
	if eval[bool](t, ctx, `(b => !b.hidden || b.offsetParent !== null)(document.querySelector('#btn-quiz'))`) {
		t.Errorf("the Quiz button shows with no lesson open")
	}
	selectLesson(t, ctx, "lost-update")
	do(t, ctx, chromedp.Click("#btn-step"), chromedp.Click("#btn-step"))
	waitStep(t, ctx, 2)
	waitFor(t, ctx, "the Quiz button", `!document.querySelector('#btn-quiz').hidden`)
	do(t, ctx, chromedp.Click("#btn-quiz"))
	waitFor(t, ctx, "the first question", `document.querySelector('#quiz').dataset.state === 'question'`)

	right := 0
	for i, q := range qs {
		waitFor(t, ctx, fmt.Sprintf("question %d", i+1), fmt.Sprintf(`document.querySelector('#quiz-progress').dataset.index === '%d'`, i+1))
		waitStep(t, ctx, q.Step) // the view is at the step the question is asked at
		if got, want := eval[string](t, ctx, `document.querySelector('#quiz-prompt').textContent`), q.Prompt.En; got != want {
			t.Errorf("question %d: prompt %q; want %q", i+1, got, want)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('#quiz-options button').length`); n != len(q.Options) {
			t.Errorf("question %d: %d options; want %d", i+1, n, len(q.Options))
		}
		ok := i != 1 // the second is answered wrong
		answerQuestion(t, ctx, q, ok)
		if ok {
			right++
		}
		wantRight := "0"
		if ok {
			wantRight = "1"
		}
		if got := eval[string](t, ctx, `document.querySelector('#quiz-verdict').dataset.right`); got != wantRight {
			t.Errorf("question %d: verdict right=%s; want %s", i+1, got, wantRight)
		}
		res := results(t, ctx)
		for k := range q.Options {
			isRight := slices.Contains(q.Answer, k)
			if isRight && res[k] != "right" && res[k] != "missed" {
				t.Errorf("question %d: the right option %d is marked %q", i+1, k, res[k])
			}
			if !isRight && res[k] != "" && res[k] != "wrong" {
				t.Errorf("question %d: the wrong option %d is marked %q", i+1, k, res[k])
			}
		}
		if !ok && !slices.Contains(res, "wrong") {
			t.Errorf("question %d: the wrong pick is not crossed: %v", i+1, res)
		}
		if got := eval[string](t, ctx, `document.querySelector('#quiz-explain').textContent`); got != q.Explain.En {
			t.Errorf("question %d: explanation %q; want %q", i+1, got, q.Explain.En)
		}
		if i == 1 {
			shot(t, ctx, "quiz-wrong-1280-en")
		}
		// Replay the second and the third question's steps.
		if i == 1 || i == 2 {
			if from, to := eval[string](t, ctx, `document.querySelector('#btn-quiz-replay').dataset.from`), eval[string](t, ctx, `document.querySelector('#btn-quiz-replay').dataset.to`); from != fmt.Sprint(q.Step) || to != fmt.Sprint(q.Reveal) {
				t.Errorf("question %d: Replay from %s to %s; want %d to %d", i+1, from, to, q.Step, q.Reveal)
			}
			do(t, ctx, chromedp.Click("#btn-quiz-replay"))
			waitStep(t, ctx, q.Reveal)
			waitFor(t, ctx, "the replay's end", `document.querySelector('#btn-quiz-replay').dataset.busy === '0'`)
			if n, _ := stepShown(t, ctx); n != q.Reveal {
				t.Errorf("question %d: the replay stopped at step %d; want %d", i+1, n, q.Reveal)
			}
		}
		do(t, ctx, chromedp.Click("#btn-quiz-next"))
	}
	waitFor(t, ctx, "the score", `document.querySelector('#quiz').dataset.state === 'done'`)
	if got, want := eval[string](t, ctx, `document.querySelector('#quiz-score').dataset.right + '/' + document.querySelector('#quiz-score').dataset.count`), fmt.Sprintf("%d/%d", right, len(qs)); got != want {
		t.Errorf("score %s; want %s", got, want)
	}
	shot(t, ctx, "quiz-score-1280-en")

	// Again, in Chinese: the questions and the words of the quiz.
	do(t, ctx, chromedp.Click("#btn-quiz-again"))
	waitFor(t, ctx, "the first question again", `document.querySelector('#quiz-progress').dataset.index === '1'`)
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "the Chinese prompt", fmt.Sprintf(`document.querySelector('#quiz-prompt').textContent === %q`, qs[0].Prompt.Zh))
	answerQuestion(t, ctx, qs[0], false)
	if got := eval[string](t, ctx, `document.querySelector('#quiz-verdict').textContent`); got != "不对：正确答案已用 ✓ 标出。" {
		t.Errorf("the Chinese verdict reads %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('#btn-quiz').textContent.trim()`); got != "测验" {
		t.Errorf("the Chinese Quiz button reads %q", got)
	}
	shot(t, ctx, "quiz-wrong-1280-zh")

	// The dark theme and a phone.
	eval[bool](t, ctx, `(() => { localStorage.setItem('proclab.theme', 'dark'); return true })()`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the lesson again", `!document.querySelector('#btn-quiz').hidden`)
	do(t, ctx, chromedp.Click("#btn-quiz"))
	waitFor(t, ctx, "a question", `document.querySelector('#quiz').dataset.state === 'question'`)
	answerQuestion(t, ctx, qs[0], true)
	shot(t, ctx, "quiz-right-1280-zh-dark")
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	do(t, ctx, chromedp.ScrollIntoView("#quiz"))
	if over := eval[bool](t, ctx, `[...document.querySelectorAll('#quiz, #quiz *')].some(e => e.getBoundingClientRect().right > window.innerWidth + 1)`); over {
		t.Errorf("the quiz is wider than a 390 px phone")
	}
	shot(t, ctx, "quiz-right-390-zh-dark")

	// Closing the quiz hides its card.
	do(t, ctx, chromedp.Click("#btn-quiz-close"))
	waitFor(t, ctx, "the quiz closed", `document.querySelector('#quiz').hidden`)
}

// TestBrowserQuizProcesses starts the quiz of a process lesson from a later
// step: the view goes back to the first question's step, a next_state
// question is graded as the lab grades it, and Replay, after the learner
// stepped on, moves the step counter back to the question's step and on to
// the step that shows the answer (screenshot at 1280x720).
func TestBrowserQuizProcesses(t *testing.T) {
	t.Parallel() // its own server and browser context
	qs := quizOf(t, "lifecycle")
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	selectLesson(t, ctx, "lifecycle")
	for i := range 7 {
		// Inside the page, one step at a time: a mouse click at the
		// button's place missed it under CI's load.
		clickNow(t, ctx, "#btn-step")
		waitStep(t, ctx, int64(i+1))
	}
	do(t, ctx, chromedp.Click("#btn-quiz"))
	waitFor(t, ctx, "the first question", `document.querySelector('#quiz').dataset.state === 'question'`)
	waitStep(t, ctx, qs[0].Step)
	if qs[0].Kind != lab.KindNextState || qs[0].Multi {
		t.Fatalf("lifecycle's first question is %s (multi %v); the test expects next_state", qs[0].Kind, qs[0].Multi)
	}
	answerQuestion(t, ctx, qs[0], true)
	if got := eval[string](t, ctx, `document.querySelector('#quiz-verdict').dataset.right`); got != "1" {
		t.Errorf("the right state was graded wrong")
	}
	shot(t, ctx, "quiz-next-state-1280-en")
	// The learner steps on, then replays: the view goes back to the
	// question's step and on to the reveal step, and stops there.
	do(t, ctx, chromedp.Click("#btn-step"), chromedp.Click("#btn-step"))
	waitStep(t, ctx, qs[0].Step+2)
	do(t, ctx, chromedp.Click("#btn-quiz-replay"))
	waitFor(t, ctx, "the replay's end", `document.querySelector('#btn-quiz-replay').dataset.busy === '0'`)
	if n, _ := stepShown(t, ctx); n != qs[0].Reveal {
		t.Errorf("the replay ended at step %d; want %d", n, qs[0].Reveal)
	}
}
