package e2e

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/lab"
	"proclab/sim"
)

// firstStepOf runs a built-in lesson in the simulator and returns the first
// step with an event that match accepts.
func firstStepOf(t *testing.T, id string, match func(sim.Event) bool) int64 {
	t.Helper()
	lessons, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := lessons.Get(id)
	if !ok {
		t.Fatalf("no lesson %q", id)
	}
	e := sim.New(l.Scenario, sim.Options{MaxSteps: 2000})
	for !e.Done() {
		for _, ev := range e.Step() {
			if match(ev) {
				return ev.Step
			}
		}
	}
	t.Fatalf("lesson %s never has the event the test looks for", id)
	return 0
}

// openAnyLesson picks a lesson in the header's list and waits for its step
// 0: a run with steps (total > 0) at step 0 with nothing to narrate yet. The
// test opens each lesson after stepping the one before, so step 0 is new.
func openAnyLesson(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	waitFor(t, ctx, "the lesson list", fmt.Sprintf(`!!document.querySelector('#lesson-select option[value=%q]')`, id))
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id))
	waitFor(t, ctx, "the lesson "+id, fmt.Sprintf(`(() => { const c = document.querySelector('#step-counter');
	  return document.querySelector('#lesson-select').value === %q && c.dataset.step === '0' && Number(c.dataset.total) > 0 && document.querySelector('#narration').dataset.key === '' })()`, id))
}

// seekTo moves the scrubber to step n and waits for it.
func seekTo(t *testing.T, ctx context.Context, n int64) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#scrubber'); s.value = %d; s.dispatchEvent(new Event('change')); return true })()`, n))
	waitFor(t, ctx, fmt.Sprintf("step %d", n), fmt.Sprintf(`document.querySelector('#step-counter').dataset.step === '%d'`, n))
}

// stepMarks counts what the page marks as the shown step's doing: arrows
// taken, their cause bubbles, tokens that moved, code lines that ran (✓)
// and lines to run next (▶).
type stepMarks struct {
	Arrows  int `json:"arrows"`
	Bubbles int `json:"bubbles"`
	Moved   int `json:"moved"`
	Ran     int `json:"ran"`
	Next    int `json:"next"`
}

const marksJS = `({
  arrows: document.querySelectorAll('#diagram .arrow.taken').length,
  bubbles: document.querySelectorAll('#diagram .bubble').length,
  moved: document.querySelectorAll('#diagram [data-moved="1"]').length,
  ran: document.querySelectorAll('#code .ran-mark').length,
  next: document.querySelectorAll('#code .next-mark').length,
})`

// TestBrowserNarrationAndMarks steps three lessons to the event each is
// about and checks (a) that the narration names that event, in English and
// Chinese; (b) that what the step did is still marked well after the
// animation, with no new step (persistence: wait, then look); (c) that the
// code pane marks the line that ran and the line that runs next with two
// distinct elements that look different. It saves screenshots at 1280×720.
func TestBrowserNarrationAndMarks(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	eval[bool](t, ctx, `(() => { localStorage.setItem('proclab.lang', 'en'); window.__errs = []; window.addEventListener('error', e => window.__errs.push(String(e.message))); return true })()`)

	cases := []struct {
		lesson string
		match  func(sim.Event) bool
		key    *regexp.Regexp // the #narration's data-key
		en, zh *regexp.Regexp // its text in each language
	}{
		{
			lesson: "lost-update",
			match:  func(ev sim.Event) bool { return ev.Kind == sim.EvRead && ev.Task == 3 },
			key:    regexp.MustCompile(`^ev\.read$`),
			en:     regexp.MustCompile(`^step \d+: t2 reads counter = 0 \(and \d+ more events? in the log\)$`),
			zh:     regexp.MustCompile(`^第 \d+ 步：t2 读取 counter = 0（事件记录里还有 \d+ 个事件）$`),
		},
		{
			lesson: "mlfq",
			match:  func(ev sim.Event) bool { return ev.Kind == sim.EvLevel && ev.Cause == sim.CauseBoost },
			key:    regexp.MustCompile(`^narr\.boost(\.many)?$`),
			en:     regexp.MustCompile(`MLFQ priority boost: every job moves to the top queue`),
			zh:     regexp.MustCompile(`MLFQ 优先级提升（boost）：所有作业都回到最高级队列`),
		},
		{
			lesson: "orphans",
			match:  func(ev sim.Event) bool { return ev.Kind == sim.EvReparented },
			key:    regexp.MustCompile(`^(narr\.orphans|ev\.reparented)$`),
			en:     regexp.MustCompile(`orphans? now: .*adopts`),
			zh:     regexp.MustCompile(`孤儿进程`),
		},
	}
	for _, c := range cases {
		want := firstStepOf(t, c.lesson, c.match)
		openAnyLesson(t, ctx, c.lesson)
		if want > 1 {
			// A jump (a snapshot) marks its last step too.
			seekTo(t, ctx, want-1)
			if m := eval[stepMarks](t, ctx, marksJS); m.Ran == 0 {
				t.Errorf("%s: after a jump to step %d no code line is marked as just run (%+v)", c.lesson, want-1, m)
			}
		}
		do(t, ctx, chromedp.Click("#btn-step"))
		waitFor(t, ctx, fmt.Sprintf("%s step %d", c.lesson, want), fmt.Sprintf(`document.querySelector('#step-counter').dataset.step === '%d'`, want))

		// (a) The narration names the event.
		waitFor(t, ctx, c.lesson+" narration", fmt.Sprintf(`/^step %d:/.test(document.querySelector('#narration').textContent)`, want))
		if key := eval[string](t, ctx, `document.querySelector('#narration').dataset.key`); !c.key.MatchString(key) {
			t.Errorf("%s step %d: narration key %q; want %v", c.lesson, want, key, c.key)
		}
		if got := eval[string](t, ctx, `document.querySelector('#narration').textContent`); !c.en.MatchString(got) {
			t.Errorf("%s step %d: narration %q; want %v", c.lesson, want, got, c.en)
		}

		// (b) Persistence: well after the step's animation (520 ms) and the
		// old fade (about 1.2 s), with no new step, the marks are there.
		time.Sleep(1500 * time.Millisecond)
		if n, _ := stepShown(t, ctx); n != want {
			t.Fatalf("%s: the page moved on to step %d by itself", c.lesson, n)
		}
		m := eval[stepMarks](t, ctx, marksJS)
		if m.Arrows == 0 || m.Bubbles == 0 || m.Moved == 0 {
			t.Errorf("%s step %d: 1.5 s after the step the diagram marks arrows %d, bubbles %d, moved tokens %d; want each > 0", c.lesson, want, m.Arrows, m.Bubbles, m.Moved)
		}
		// (c) The line that ran and the next line: distinct marks that differ
		// in shape (✓ vs ▶), in title and in the line's background.
		if m.Ran == 0 || m.Next == 0 {
			t.Errorf("%s step %d: %d ✓ marks and %d ▶ marks in the code pane; want both", c.lesson, want, m.Ran, m.Next)
		} else {
			type pair struct {
				Distinct  bool   `json:"distinct"`
				RanText   string `json:"ranText"`
				NextText  string `json:"nextText"`
				RanTitle  string `json:"ranTitle"`
				NextTitle string `json:"nextTitle"`
				RanBg     string `json:"ranBg"`
				NextBg    string `json:"nextBg"`
			}
			p := eval[pair](t, ctx, `(() => {
			  const r = document.querySelector('#code .ran-mark'), n = document.querySelector('#code .next-mark');
			  const bg = e => getComputedStyle(e).backgroundColor;
			  const nextOnly = document.querySelector('#code li.next:not(.ran)') || document.querySelector('#code .stmt.cur:not(.ran)');
			  const ranLine = document.querySelector('#code li.ran');
			  return { distinct: r !== n && !r.contains(n) && !n.contains(r), ranText: r.textContent, nextText: n.textContent,
			    ranTitle: r.title, nextTitle: n.title, ranBg: bg(ranLine), nextBg: nextOnly ? bg(nextOnly) : '' };
			})()`)
			if !p.Distinct || p.RanText != "✓" || p.NextText != "▶" {
				t.Errorf("%s: ran mark %q and next mark %q; want two elements ✓ and ▶", c.lesson, p.RanText, p.NextText)
			}
			if !regexp.MustCompile(`ran this line in step \d+`).MatchString(p.RanTitle) || !regexp.MustCompile(`runs? this line next`).MatchString(p.NextTitle) {
				t.Errorf("%s: titles %q and %q do not say what the marks mean", c.lesson, p.RanTitle, p.NextTitle)
			}
			if p.RanBg == "" || p.RanBg == "rgba(0, 0, 0, 0)" || p.RanBg == p.NextBg {
				t.Errorf("%s: the line that ran has background %q, a next line %q; want a tint of its own", c.lesson, p.RanBg, p.NextBg)
			}
		}
		eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
		shot(t, ctx, "narration-"+c.lesson+"-en")
		eval[bool](t, ctx, `(document.querySelector('#code').scrollIntoView({block: 'center'}), true)`)
		shot(t, ctx, "narration-"+c.lesson+"-code-en")
		eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)

		// Chinese: the same step, said in Chinese, still marked.
		do(t, ctx, chromedp.Click("#btn-lang"))
		waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
		if got := eval[string](t, ctx, `document.querySelector('#narration').textContent`); !c.zh.MatchString(got) {
			t.Errorf("%s step %d (zh): narration %q; want %v", c.lesson, want, got, c.zh)
		}
		if m := eval[stepMarks](t, ctx, marksJS); m.Arrows == 0 || m.Ran == 0 || m.Next == 0 {
			t.Errorf("%s (zh): marks lost on a language switch: %+v", c.lesson, m)
		}
		shot(t, ctx, "narration-"+c.lesson+"-zh")
		do(t, ctx, chromedp.Click("#btn-lang"))
		waitFor(t, ctx, "English", `document.documentElement.lang === 'en'`)
	}
	if errs := eval[[]string](t, ctx, `window.__errs`); len(errs) > 0 {
		t.Fatalf("the page threw %v", errs)
	}
}
