package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRacesTab checks the Races tab (issue 12, part 5): its welcome
// lists the race lessons and opens one with the race lab's panels, the
// Processes tab's picker no longer lists them, and a race lesson's share
// link reopens it in the Races tab.
func TestBrowserRacesTab(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1' && !!document.querySelector('#lesson-select option[value="lost-update"]')`)
	// The Processes tab's picker shows process lessons only.
	hidden := eval[[]string](t, ctx, `[...document.querySelectorAll('#lesson-select option')].filter(o => !o.hidden).map(o => o.value)`)
	for _, id := range hidden {
		if id == "lost-update" || id == "mutex" || id == "mlfq" {
			t.Errorf("the Processes tab's picker lists %q", id)
		}
	}
	do(t, ctx, chromedp.Click("#tab-race"))
	waitFor(t, ctx, "the Races tab's welcome", `document.body.dataset.tab === 'race' && location.hash === '#race' && !document.querySelector('#race-home').hidden &&
		document.querySelector('#tab-race').getAttribute('aria-selected') === 'true' && document.querySelectorAll('#race-lessons button[data-lesson]').length >= 8`)
	ids := eval[[]string](t, ctx, `[...document.querySelectorAll('#race-lessons button[data-lesson]')].map(b => b.dataset.lesson)`)
	for _, want := range []string{"lost-update", "mutex", "deadlock", "peterson"} {
		if !tabsHas(ids, want) {
			t.Errorf("the Races tab lists %v; want %q among them", ids, want)
		}
	}
	for _, no := range []string{"lifecycle", "mlfq", "orphans"} {
		if tabsHas(ids, no) {
			t.Errorf("the Races tab lists %q", no)
		}
	}
	shot(t, ctx, "tabs-race-home")
	do(t, ctx, chromedp.Click(`#race-lessons button[data-lesson="lost-update"]`))
	waitFor(t, ctx, "the race lesson with its panels", `document.querySelector('#lesson-select').value === 'lost-update' && document.body.classList.contains('race-lab') &&
		!document.querySelector('#race').hidden && !document.querySelector('#runner-card').hidden && !!document.querySelector('#btn-explore') && document.body.dataset.tab === 'race'`)
	if eval[bool](t, ctx, `!!document.querySelector('#btn-sched-lesson')?.offsetParent`) {
		t.Error("a race lesson offers a Gantt chart in the scheduling view")
	}
	visible := eval[[]string](t, ctx, `[...document.querySelectorAll('#lesson-select option')].filter(o => !o.hidden && o.value).map(o => o.value)`)
	if tabsHas(visible, "lifecycle") || !tabsHas(visible, "mutex") {
		t.Errorf("the Races tab's picker lists %v; want race lessons only", visible)
	}
	do(t, ctx, chromedp.Click("#btn-step"))
	waitFor(t, ctx, "step 1 in the address", `document.body.dataset.step === '1' && location.hash.startsWith('#s=')`)
	first := eval[string](t, ctx, `location.hash`)
	do(t, ctx, chromedp.Click("#btn-step"))
	// The address holds step 2's link once it differs from step 1's.
	waitFor(t, ctx, "step 2 in the address", `document.body.dataset.step === '2' && location.hash.startsWith('#s=') && location.hash !== `+jsString(first))
	link := eval[string](t, ctx, `location.href`)
	shot(t, ctx, "tabs-race-lesson")

	// The share link opens the lesson in the Races tab.
	tab2, _ := browser(t)
	do(t, tab2, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(link))
	waitFor(t, tab2, "the link in the Races tab", `document.body.dataset.tab === 'race' && document.querySelector('#tab-race').getAttribute('aria-selected') === 'true' &&
		document.querySelector('#lesson-select').value === 'lost-update' && document.body.dataset.step === '2' && !document.querySelector('#race').hidden`)

	// The Processes tab leaves the race for its welcome; a process lesson stays there.
	do(t, ctx, chromedp.Click("#tab-proc"))
	waitFor(t, ctx, "the Processes welcome", `document.body.dataset.tab === 'proc' && !document.querySelector('#home').hidden && document.querySelector('#race-home').hidden`)
	do(t, ctx, chromedp.Click(`#course-toc button[data-lesson="lifecycle"]`))
	waitFor(t, ctx, "a process lesson in the Processes tab", `document.querySelector('#lesson-select').value === 'lifecycle' && document.body.dataset.tab === 'proc' && !document.body.classList.contains('race-lab')`)
}

// TestBrowserSchedLessons opens scheduling lessons in the scheduling view:
// the MLFQ lesson with its level strip and each job's level, the CFS lesson
// with each job's vruntime and weight, both in English and Chinese, and the
// lesson step by step from there.
func TestBrowserSchedLessons(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the course", `document.body.dataset.ready === '1' && !!document.querySelector('#course-toc button[data-lesson="mlfq"]')`)
	do(t, ctx, chromedp.Click(`#course-toc button[data-lesson="mlfq"]`))
	waitFor(t, ctx, "the MLFQ lesson in the scheduling view", `document.body.dataset.view === 'sched' && location.hash === '#sched/mlfq' && document.querySelector('#sched').dataset.lesson === 'mlfq' &&
		document.querySelector('#sched').dataset.busy !== '1' && !!document.querySelector('#sched-gantt g.job-lane[data-job="hog"] g.lvl[data-level="2"]') &&
		document.querySelector('#sched-policy button[data-policy="mlfq"]').getAttribute('aria-checked') === 'true'`)
	if got := eval[string](t, ctx, `document.querySelector('#sched-lesson-title').textContent`); !strings.Contains(got, "MLFQ") {
		t.Errorf("the lesson's title %q; want the MLFQ lesson's", got)
	}
	// Share gives the lesson itself, not its workload (MLFQ's options are
	// not all in a workload).
	do(t, ctx, chromedp.Click("#btn-share"))
	waitFor(t, ctx, "the lesson's share link", `/#sched\/mlfq$/.test(document.querySelector('#share-url').value)`)
	closeShareDialog(t, ctx)
	// The gamer stays at level 0; at t=14 the hog has sunk to level 1.
	if got := eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll('#sched-gantt g.job-lane[data-job="gamer"] g.lvl')].map(g => g.dataset.level))]`); len(got) != 1 || got[0] != "0" {
		t.Errorf("gamer's levels %v; want only 0", got)
	}
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#sched-time'); s.value = 14; s.dispatchEvent(new Event('input')); return true })()`)
	waitFor(t, ctx, "the levels at t=14", `document.querySelector('#sched-now tr[data-job="hog"] td[data-col="level"]')?.textContent === 'L1' && document.querySelector('#sched-now tr[data-job="gamer"] td[data-col="level"]')?.textContent === 'L0'`)
	shot(t, ctx, "tabs-sched-mlfq")

	// "Watch it step by step": the lesson itself, at the step of t=14, its jobs named as written.
	do(t, ctx, chromedp.Click("#sched-open-stepper"))
	waitFor(t, ctx, "the lesson step by step", `document.body.dataset.view === 'proc' && document.querySelector('#lesson-select').value === 'mlfq' && document.body.dataset.step === '15'`)
	chips := eval[[]string](t, ctx, `[...document.querySelectorAll('#diagram [data-pid] text')].map(x => x.textContent.trim()).filter(Boolean)`)
	for _, c := range chips {
		if strings.HasPrefix(c, "P2") || strings.HasPrefix(c, "P3") {
			t.Errorf("a chip says %q; want the job's name alone", c)
		}
	}
	if !tabsHas(chips, "hog") || !tabsHas(chips, "gamer") {
		t.Errorf("chips %v; want hog and gamer", chips)
	}
	if got := eval[string](t, ctx, `document.querySelector('#narration').textContent`); strings.Contains(got, "P2 (") || strings.Contains(got, "P3 (") {
		t.Errorf("the narration %q names a job by its PID", got)
	}
	// And back: the stepper offers the lesson's Gantt chart.
	do(t, ctx, chromedp.Click("#btn-sched-lesson"))
	waitFor(t, ctx, "the lesson in the scheduling view again", `document.body.dataset.view === 'sched' && document.querySelector('#sched').dataset.lesson === 'mlfq' && location.hash === '#sched/mlfq'`)

	// The CFS lesson in Chinese: weights and vruntime at the chosen time.
	do(t, ctx, chromedp.Click("#btn-lang"), chromedp.Navigate(base+"/#sched/cfs-nice"))
	waitFor(t, ctx, "the CFS lesson", `document.documentElement.lang === 'zh-CN' && document.querySelector('#sched').dataset.lesson === 'cfs-nice' && !!document.querySelector('#sched-now tr[data-job="important"] td[data-col="weight"]')`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#sched-time'); s.value = 10; s.dispatchEvent(new Event('input')); return true })()`)
	waitFor(t, ctx, "the weights and vruntime at t=10", `document.querySelector('#sched-now tr[data-job="important"] td[data-col="weight"]').textContent === '3121' &&
		document.querySelector('#sched-now tr[data-job="batch"] td[data-col="weight"]').textContent === '335' &&
		/^\d+\.\d$/.test(document.querySelector('#sched-now tr[data-job="batch"] td[data-col="vruntime"]').textContent) && /虚拟运行时间/.test(document.querySelector('#sched-now').textContent)`)
	shot(t, ctx, "tabs-sched-cfs-zh")

	// Compare runs the lesson's own text under each policy: the convoy's
	// FCFS waits 17 ticks on average, SJF 3, and the lesson stays open.
	// In the page, in one step: under CI's load chromedp.Click waited here
	// until the test's deadline (the lesson list is redrawn as the view
	// settles).
	clickNow(t, ctx, `#sched-lessons button[data-sched-lesson="convoy"]`)
	waitFor(t, ctx, "the convoy lesson", `document.querySelector('#sched').dataset.lesson === 'convoy' && !!document.querySelector('#sched-gantt g.slice[data-job="truck"]')`)
	do(t, ctx, chromedp.Click("#sched-mode-compare"), chromedp.Click(`#sched-compare-pick input[data-compare="fcfs"]`), chromedp.Click(`#sched-compare-pick input[data-compare="sjf"]`))
	waitFor(t, ctx, "the comparison", `document.querySelector('#sched-compare-table tr[data-policy="fcfs"] td[data-col="waiting"]')?.textContent.startsWith('17.00') &&
		document.querySelector('#sched-compare-table tr[data-policy="sjf"] td[data-col="waiting"]')?.textContent.startsWith('3.00') && document.querySelector('#sched').dataset.lesson === 'convoy'`)
}

// TestBrowserJobNames opens a workload of the scheduling view step by step:
// job P1 runs as PID 2, and the chips, the timeline's rows and the log say
// "P1", not "P2 P1".
func TestBrowserJobNames(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/#sched"))
	waitFor(t, ctx, "the convoy example", `document.querySelector('#sched').dataset.busy !== '1' && !!document.querySelector('#sched-gantt g.slice[data-job="P1"]')`)
	do(t, ctx, chromedp.Click("#sched-open-stepper"))
	waitFor(t, ctx, "the workload step by step", `document.body.dataset.view === 'proc' && Number(document.querySelector('#step-counter').dataset.total) > 0`)
	do(t, ctx, chromedp.Click("#btn-step"))
	waitFor(t, ctx, "step 1", `document.body.dataset.step === '1'`)
	do(t, ctx, chromedp.Click("#btn-step"))
	waitFor(t, ctx, "step 2", `document.body.dataset.step === '2' && !!document.querySelector('#diagram [data-pid="2"] text')`)
	chip := eval[string](t, ctx, `document.querySelector('#diagram [data-pid="2"] text').textContent.trim()`)
	if chip != "P1" {
		t.Errorf("PID 2's chip says %q; want P1", chip)
	}
	rows := eval[[]string](t, ctx, `[...document.querySelectorAll('#timeline .tl-row.task')].map(r => r.textContent.replace(/\s+/g, ' ').trim())`)
	for _, r := range rows {
		if strings.Contains(r, "P2 P1") || strings.Contains(r, "P3 P2") {
			t.Errorf("a timeline row says %q", r)
		}
	}
	log := eval[string](t, ctx, `document.querySelector('#log').textContent`)
	if strings.Contains(log, "P2 (P1)") || !strings.Contains(log, "P1") {
		t.Errorf("the log says %q; want P1 by its name alone", log)
	}
	// The process table lists the jobs by name, without their PIDs.
	if heads := eval[[]string](t, ctx, `[...document.querySelectorAll('#tree th')].map(x => x.textContent.trim())`); tabsHas(heads, "PID") {
		t.Errorf("the table's columns %v; want no PID column for jobs", heads)
	}
	if names := eval[[]string](t, ctx, `[...document.querySelectorAll('#tree td.name')].map(x => x.textContent.trim())`); !tabsHas(names, "P1") {
		t.Errorf("the table's names %v; want P1", names)
	}
	shot(t, ctx, "tabs-job-names")
}

func tabsHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
