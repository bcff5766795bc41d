package e2e

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/lab"
	"proclab/sim"
)

// shownMarks is what the page marks as the shown step's doing (issue 12,
// part 3), read from the page: the diagram's arrows taken ("from-to:cause")
// and their bubbles, the tokens that moved, the code lines that ran (✓)
// and that run next (▶) as "program:line", and the process table's changed
// cells (PID -> columns; "pid" for a row new in the step).
type shownMarks struct {
	Step    int64    `json:"step"`
	Arrows  []string `json:"arrows"`
	Bubbles int      `json:"bubbles"`
	Taken   int      `json:"taken"` // arrows marked (one per arrow, whatever its causes)
	Moved   []int    `json:"moved"`
	// Noted: the tokens whose tooltip says they moved in this step (in
	// English or Chinese); Untitled: tokens in sight without a tooltip.
	Noted    []int               `json:"noted"`
	Untitled int                 `json:"untitled"`
	Ran      []string            `json:"ran"`
	Next     []string            `json:"next"`
	Changed  map[string][]string `json:"changed"`
	// Each mark is visible: the moved tokens' halos are drawn, the changed
	// cells have a background of their own, the ran lines a tint that the
	// next-only lines lack.
	HalosShown bool     `json:"halosShown"`
	ChgBgs     []string `json:"chgBgs"` // the backgrounds of the changed cells
	PlainBg    string   `json:"plainBg"`
	RanBg      string   `json:"ranBg"`
	NextBg     string   `json:"nextBg"`
	ChgTitle   string   `json:"chgTitle"`
}

const shownMarksJS = `(() => {
  const uniq = a => [...new Set(a)].sort();
  const at = m => m.closest('.prog').dataset.program + ':' + m.closest('[data-line]').dataset.line;
  const changed = {};
  for (const td of document.querySelectorAll('#tree td.chg')) {
    const pid = td.closest('tr').dataset.task;
    (changed[pid] ||= []).push(td.dataset.col || 'pid');
    changed[pid].sort();
  }
  const bg = e => (e ? getComputedStyle(e).backgroundColor : '');
  const chg = document.querySelector('#tree td.chg');
  return {
    step: Number(document.querySelector('#step-counter').dataset.step),
    arrows: uniq([...document.querySelectorAll('#diagram .arrow.taken')].flatMap(a => a.dataset.cause.split(' ').map(c => a.dataset.arrow + ':' + c))),
    taken: document.querySelectorAll('#diagram .arrow.taken').length,
    bubbles: document.querySelectorAll('#diagram .bubble').length,
    moved: [...document.querySelectorAll('#diagram .token[data-moved="1"]')].map(x => Number(x.dataset.pid)).sort((a, b) => a - b),
    noted: [...document.querySelectorAll('#diagram .token')].filter(g => /moved in this step|在这一步移动了/.test(g.querySelector(':scope > title')?.textContent || '')).map(x => Number(x.dataset.pid)).sort((a, b) => a - b),
    untitled: [...document.querySelectorAll('#diagram .token:not(.off-view)')].filter(g => !(g.querySelector(':scope > title')?.textContent)).length,
    ran: uniq([...document.querySelectorAll('#code .ran-mark')].map(at)),
    next: uniq([...document.querySelectorAll('#code .next-mark')].map(at)),
    changed,
    halosShown: [...document.querySelectorAll('#diagram .token[data-moved="1"] .halo')].every(h => getComputedStyle(h).display !== 'none'),
    chgBgs: uniq([...document.querySelectorAll('#tree td.chg')].map(bg)),
    plainBg: bg(document.querySelector('#tree tr:not(.new):not(.st-zombie):not(.st-dead) td:not(.chg):not(.pid)')),
    ranBg: bg(document.querySelector('#code li.ran')),
    nextBg: bg(document.querySelector('#code li.next:not(.ran)')),
    chgTitle: chg ? chg.title : '',
  };
})()`

// lessonSession is a lab session with lesson id loaded at step 0: the
// page's marks are checked against what it computes.
func lessonSession(t *testing.T, id string) *lab.Session {
	t.Helper()
	lessons, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	s := lab.NewSession(lessons)
	if _, err := s.Load(lab.LoadRequest{Lesson: id}, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// marksWant works out, from the lab's own snapshot of a lesson at a step
// (what the server sends for that step), what the page must mark.
func marksWant(t *testing.T, id string, step int64) shownMarks {
	t.Helper()
	s := lessonSession(t, id)
	snap := s.At(step)
	programs := s.Run().Programs
	w := shownMarks{Step: step, Arrows: []string{}, Moved: []int{}, Ran: []string{}, Next: []string{}, Changed: map[string][]string{}}
	moved := map[int]bool{}
	arrows := map[string]bool{}
	for _, ev := range snap.Events {
		if ev.Step != step || ev.Kind != sim.EvState {
			continue
		}
		arrows[fmt.Sprintf("%s-%s:%s", ev.From, ev.To, ev.Cause)] = true
		moved[int(ev.Task)] = true
	}
	for a := range arrows {
		w.Arrows = append(w.Arrows, a)
	}
	for p := range moved {
		w.Moved = append(w.Moved, p)
	}
	if step == 0 {
		snap.Prev = nil
	}
	prev := map[sim.PID]lab.Task{}
	for _, p := range snap.Prev {
		prev[p.PID] = p
	}
	threaded := false
	for _, x := range snap.Tasks {
		threaded = threaded || (x.TGID != 0 && x.TGID != x.PID)
	}
	ran, next := map[string]bool{}, map[string]bool{}
	for _, x := range snap.Tasks {
		switch x.State {
		case sim.StateRunnable, sim.StateRunning, sim.StateSleeping, sim.StateDisk, sim.StateStopped, sim.StateTraced:
			if x.Program >= 0 && x.Line > 0 {
				next[fmt.Sprintf("%d:%d", x.Program, x.Line)] = true
			}
		}
		if step == 0 {
			continue
		}
		p, ok := prev[x.PID]
		if !ok {
			w.Changed[strconv.Itoa(int(x.PID))] = []string{"pid"}
			// A task that arrived and ran in the same step ran its
			// program's first line.
			if x.UserTicks+x.KernelTicks > 0 && x.Program >= 0 && len(programs[x.Program].Code) > 0 {
				ran[fmt.Sprintf("%d:%d", x.Program, programs[x.Program].Code[0].Line)] = true
			}
			continue
		}
		// A task ran in the step when it was given a tick; it ran the line
		// it was at after the step before.
		if x.UserTicks+x.KernelTicks > p.UserTicks+p.KernelTicks && p.Program >= 0 && p.Line > 0 {
			ran[fmt.Sprintf("%d:%d", p.Program, p.Line)] = true
		}
		var cols []string
		ended := func(u lab.Task) string {
			if u.State != sim.StateZombie && u.State != sim.StateDead {
				return ""
			}
			return fmt.Sprintf("%d/%d", u.ExitCode, u.Signal)
		}
		if threaded && p.Threads != x.Threads {
			cols = append(cols, "nlwp")
		}
		if p.Name != x.Name {
			cols = append(cols, "name")
		}
		if p.PPID != x.PPID {
			cols = append(cols, "ppid")
		}
		if p.State != x.State || p.Wchan != x.Wchan || ended(p) != ended(x) {
			cols = append(cols, "state")
		}
		if p.Voluntary != x.Voluntary || p.Involuntary != x.Involuntary {
			cols = append(cols, "sw")
		}
		if p.UserTicks != x.UserTicks || p.KernelTicks != x.KernelTicks {
			cols = append(cols, "ticks")
		}
		if len(cols) > 0 {
			sort.Strings(cols)
			w.Changed[strconv.Itoa(int(x.PID))] = cols
		}
	}
	for k := range ran {
		w.Ran = append(w.Ran, k)
	}
	for k := range next {
		w.Next = append(w.Next, k)
	}
	sort.Strings(w.Arrows)
	sort.Ints(w.Moved)
	sort.Strings(w.Ran)
	sort.Strings(w.Next)
	return w
}

// checkMarks compares what the page marks with what the step did.
func checkMarks(t *testing.T, ctx context.Context, what string, want shownMarks) {
	t.Helper()
	got := eval[shownMarks](t, ctx, shownMarksJS)
	if got.Step != want.Step {
		t.Fatalf("%s: the page shows step %d; want %d", what, got.Step, want.Step)
	}
	if got.Moved == nil {
		got.Moved = []int{}
	}
	if got.Changed == nil {
		got.Changed = map[string][]string{}
	}
	if !reflect.DeepEqual(got.Arrows, want.Arrows) {
		t.Errorf("%s: arrows marked %v; want %v", what, got.Arrows, want.Arrows)
	}
	if got.Bubbles != got.Taken {
		t.Errorf("%s: %d cause bubbles for %d arrows taken; want one each", what, got.Bubbles, got.Taken)
	}
	if !reflect.DeepEqual(got.Moved, want.Moved) {
		t.Errorf("%s: tokens marked as moved %v; want %v", what, got.Moved, want.Moved)
	}
	if got.Noted == nil {
		got.Noted = []int{}
	}
	if !reflect.DeepEqual(got.Noted, want.Moved) {
		t.Errorf("%s: tokens whose tooltip says they moved %v; want %v", what, got.Noted, want.Moved)
	}
	if got.Untitled > 0 {
		t.Errorf("%s: %d tokens in sight have no tooltip", what, got.Untitled)
	}
	if !got.HalosShown {
		t.Errorf("%s: a moved token's halo is not drawn", what)
	}
	if !reflect.DeepEqual(got.Ran, want.Ran) {
		t.Errorf("%s: lines marked ✓ (just ran) %v; want %v", what, got.Ran, want.Ran)
	}
	if !reflect.DeepEqual(got.Next, want.Next) {
		t.Errorf("%s: lines marked ▶ (runs next) %v; want %v", what, got.Next, want.Next)
	}
	if !reflect.DeepEqual(got.Changed, want.Changed) {
		t.Errorf("%s: process table cells marked as changed %v; want %v", what, got.Changed, want.Changed)
	}
	if len(want.Changed) > 0 && (len(got.ChgBgs) != 1 || got.ChgBgs[0] == got.PlainBg || got.ChgTitle == "") {
		t.Errorf("%s: the changed cells have backgrounds %q (an unchanged one %q) and title %q; want one background of their own and a title", what, got.ChgBgs, got.PlainBg, got.ChgTitle)
	}
	if len(want.Ran) > 0 && got.NextBg != "" && got.RanBg == got.NextBg {
		t.Errorf("%s: the line that ran and a line that runs next have the same background %q", what, got.RanBg)
	}
}

// marksStep finds, by running the simulator, the first step of a lesson at
// which some task is adopted (its PPID changes) and, in the same or a
// later step, the table has a change to show.
func marksStep(t *testing.T, id string) int64 {
	t.Helper()
	return firstStepOf(t, id, func(ev sim.Event) bool { return ev.Kind == sim.EvReparented })
}

// TestBrowserStepMarks opens the orphans lesson and checks that what a step
// did stays marked until the next move, and that the marks are exactly
// those of the step shown, computed from the lab's own snapshot: after a
// step forward (then 3 s with no move), after the back button (a seek),
// after the page is opened again at its address (a share link at step N),
// in Chinese, after a jump to the end, and that a reset to step 0 leaves
// nothing marked. It saves screenshots at 1280×720 in English and Chinese.
func TestBrowserStepMarks(t *testing.T) {
	t.Parallel() // its own server and browser context
	const id = "orphans"
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	eval[bool](t, ctx, `(() => { localStorage.setItem('proclab.lang', 'en'); window.__errs = []; window.addEventListener('error', e => window.__errs.push(String(e.message))); return true })()`)
	openAnyLesson(t, ctx, id)
	checkMarks(t, ctx, "step 0", marksWant(t, id, 0))

	adopt := marksStep(t, id)
	if adopt < 3 {
		t.Fatalf("the orphans lesson adopts at step %d; the test needs a step ≥ 3", adopt)
	}
	// Step by step to the adoption: each step forward marks its own doing.
	for n := int64(1); n <= adopt; n++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, n)
		if n == 1 || n == adopt {
			checkMarks(t, ctx, fmt.Sprintf("step %d, just stepped", n), marksWant(t, id, n))
		}
	}
	// Persistence: no move for 3 s (longer than any animation or old fade);
	// the marks stay.
	time.Sleep(3 * time.Second)
	want := marksWant(t, id, adopt)
	if len(want.Arrows) == 0 || len(want.Changed) == 0 {
		t.Fatalf("step %d of %s changes no state or no table cell: pick another step (%+v)", adopt, id, want)
	}
	if !hasCol(want.Changed, "ppid") {
		t.Fatalf("step %d of %s adopts no task: %v", adopt, id, want.Changed)
	}
	checkMarks(t, ctx, fmt.Sprintf("step %d, 3 s later", adopt), want)
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	shot(t, ctx, "marks-orphans-en")
	eval[bool](t, ctx, `(document.querySelector('#tree').scrollIntoView({block: 'center'}), true)`)
	shot(t, ctx, "marks-orphans-table-en")
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)

	// Chinese: a redraw of the same step keeps every mark.
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
	checkMarks(t, ctx, fmt.Sprintf("step %d in Chinese", adopt), want)
	shot(t, ctx, "marks-orphans-zh")
	eval[bool](t, ctx, `(document.querySelector('#tree').scrollIntoView({block: 'center'}), true)`)
	shot(t, ctx, "marks-orphans-table-zh")
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "English", `document.documentElement.lang === 'en'`)

	// Back: the server sends a snapshot of the step before, and the page
	// marks that step's doing, not nothing and not the step it left.
	do(t, ctx, chromedp.Click("#btn-back"))
	waitStep(t, ctx, adopt-1)
	checkMarks(t, ctx, fmt.Sprintf("back to step %d", adopt-1), marksWant(t, id, adopt-1))

	// Its share link, opened in a fresh page, marks that step the same way.
	eval[bool](t, ctx, `(document.querySelector('#share-url').value = '', true)`)
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the share link", `document.querySelector('#share-url').value.includes('#s=')`)
	link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(link))
	waitFor(t, ctx, "the lesson again", fmt.Sprintf(`document.querySelector('#lesson-select').value === %q`, id))
	waitStep(t, ctx, adopt-1)
	checkMarks(t, ctx, fmt.Sprintf("step %d opened from its link", adopt-1), marksWant(t, id, adopt-1))

	// A jump to the end (the scrubber) marks the last step.
	_, total := stepShown(t, ctx)
	seekTo(t, ctx, total)
	checkMarks(t, ctx, fmt.Sprintf("the last step (%d)", total), marksWant(t, id, total))

	// Reset: step 0, nothing marked.
	do(t, ctx, chromedp.Click("#btn-reset"))
	waitStep(t, ctx, 0)
	checkMarks(t, ctx, "reset to step 0", marksWant(t, id, 0))
	if errs := eval[[]string](t, ctx, `window.__errs`); len(errs) > 0 {
		t.Fatalf("the page threw %v", errs)
	}
}

// hasCol reports whether some task's changed columns include col.
func hasCol(changed map[string][]string, col string) bool {
	for _, cols := range changed {
		for _, c := range cols {
			if c == col {
				return true
			}
		}
	}
	return false
}

// microMarks is what the thread panes mark, with every statement expanded
// into its micro-steps: the micro-steps that ran in the shown step
// (li.micro.ran) and the one each thread is at (li.micro.cur), as
// "program:index", and the titles of the ✓ marks.
type microMarks struct {
	Step      int64    `json:"step"`
	Ran       []string `json:"ran"`
	Cur       []string `json:"cur"`
	RanTitles []string `json:"ranTitles"`
}

const microMarksJS = `(() => {
  const key = li => li.closest('.prog').dataset.program + ':' + li.dataset.index;
  return {
    step: Number(document.querySelector('#step-counter').dataset.step),
    ran: [...document.querySelectorAll('#code li.micro.ran')].map(key).sort(),
    cur: [...document.querySelectorAll('#code li.micro.cur')].map(key).sort(),
    ranTitles: [...document.querySelectorAll('#code li.micro.ran .ran-mark')].map(m => m.title),
  };
})()`

// microWant works out, from the lab's snapshot of a thread lesson at a
// step, which micro-steps ran in it (the pc each thread that got a tick
// was at after the step before) and where each thread is now.
func microWant(t *testing.T, id string, step int64) microMarks {
	t.Helper()
	s := lessonSession(t, id)
	snap := s.At(step)
	programs := s.Run().Programs
	prev := map[sim.PID]lab.Task{}
	for _, p := range snap.Prev {
		prev[p.PID] = p
	}
	w := microMarks{Step: step, Ran: []string{}, Cur: []string{}}
	for _, x := range snap.Tasks {
		if x.Program < 0 || !programs[x.Program].Thread {
			continue
		}
		switch x.State {
		case sim.StateRunnable, sim.StateRunning, sim.StateSleeping, sim.StateDisk, sim.StateStopped, sim.StateTraced:
			w.Cur = append(w.Cur, fmt.Sprintf("%d:%d", x.Program, x.PC))
		}
		p, ok := prev[x.PID]
		switch {
		case step == 0:
		case ok && x.UserTicks+x.KernelTicks > p.UserTicks+p.KernelTicks:
			w.Ran = append(w.Ran, fmt.Sprintf("%d:%d", p.Program, p.PC))
		case !ok && x.UserTicks+x.KernelTicks > 0 && len(programs[x.Program].Code) > 0:
			// Created and run in the same step: its program's first micro-step.
			w.Ran = append(w.Ran, fmt.Sprintf("%d:%d", x.Program, programs[x.Program].Code[0].Index))
		}
	}
	sort.Strings(w.Ran)
	sort.Strings(w.Cur)
	return w
}

// TestBrowserStepMarksThreads opens a race lesson (two threads of one
// process), expands every statement into its micro-steps and checks, after
// each step forward and after going back, that the micro-step each thread
// ran is marked ✓ (its title naming the thread by TID) apart from the one
// it runs next.
func TestBrowserStepMarksThreads(t *testing.T) {
	t.Parallel() // its own server and browser context
	const id = "lost-update"
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	eval[bool](t, ctx, `(() => { localStorage.setItem('proclab.lang', 'en'); return true })()`)
	openAnyLesson(t, ctx, id)
	// Each click redraws the panes: find the next pane's button afresh.
	eval[bool](t, ctx, `(() => { for (const p of document.querySelectorAll('#code .prog.thread')) document.querySelector('#code .prog[data-program="' + p.dataset.program + '"] button[data-micro-all]').click(); return true })()`)
	waitFor(t, ctx, "the micro-steps", `[...document.querySelectorAll('#code .prog.thread')].every(p => p.querySelector('li.micro'))`)
	check := func(what string, n int64) {
		t.Helper()
		want := microWant(t, id, n)
		got := eval[microMarks](t, ctx, microMarksJS)
		if got.Ran == nil {
			got.Ran = []string{}
		}
		if got.Cur == nil {
			got.Cur = []string{}
		}
		if got.Step != want.Step || !reflect.DeepEqual(got.Ran, want.Ran) || !reflect.DeepEqual(got.Cur, want.Cur) {
			t.Errorf("%s: step %d, micro-steps marked ✓ %v and ◀ %v; want step %d, %v and %v", what, got.Step, got.Ran, got.Cur, want.Step, want.Ran, want.Cur)
		}
		for _, title := range got.RanTitles {
			if !regexp.MustCompile(`^TID \d+ ran this line in step \d+$`).MatchString(title) {
				t.Errorf("%s: a ✓ says %q; want it to name the thread by TID", what, title)
			}
		}
	}
	check("step 0", 0)
	_, total := stepShown(t, ctx)
	last := min(total, 6)
	for n := int64(1); n <= last; n++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, n)
		check("a step forward", n)
	}
	do(t, ctx, chromedp.Click("#btn-back"))
	waitStep(t, ctx, last-1)
	check("back", last-1)
	eval[bool](t, ctx, `(document.querySelector('#code').scrollIntoView({block: 'center'}), true)`)
	shot(t, ctx, "marks-threads-en")
}

// TestBrowserStepMarksReducedMotion asks for less motion (the media
// feature prefers-reduced-motion: reduce) and checks that a step still
// marks everything it did, exactly, with nothing animated: no token
// glides, no bubble pops in, no changed cell flashes.
func TestBrowserStepMarksReducedMotion(t *testing.T) {
	t.Parallel() // its own server and browser context
	const id = "orphans"
	ctx, base := browser(t)
	reduce := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
		})
		return err
	})
	do(t, ctx, chromedp.EmulateViewport(1280, 720), reduce, chromedp.Navigate(base+"/"))
	if !eval[bool](t, ctx, `matchMedia('(prefers-reduced-motion: reduce)').matches`) {
		t.Fatal("the page does not see prefers-reduced-motion: reduce")
	}
	eval[bool](t, ctx, `(() => { localStorage.setItem('proclab.lang', 'en'); return true })()`)
	openAnyLesson(t, ctx, id)
	for n := int64(1); n <= 2; n++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, n)
		checkMarks(t, ctx, fmt.Sprintf("step %d with less motion", n), marksWant(t, id, n))
		type motion struct {
			Moving     int      `json:"moving"`
			Animations []string `json:"animations"`
		}
		m := eval[motion](t, ctx, `({
		  moving: [...document.querySelectorAll('#diagram .token')].filter(e => e.classList.contains('moving') || getComputedStyle(e).transitionDuration.split(',').some(d => parseFloat(d) > 0)).length,
		  animations: [...document.querySelectorAll('#diagram .bubble, #tree td.chg')].map(e => getComputedStyle(e).animationName).filter(a => a !== 'none'),
		})`)
		if m.Moving != 0 || len(m.Animations) != 0 {
			t.Errorf("step %d with less motion: %d tokens move and animations %v run; want none", n, m.Moving, m.Animations)
		}
	}
}
