package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/lab"
	"proclab/sim"
)

// lessonEngine returns a fresh engine for a built-in lesson, with the
// limits the page uses.
func lessonEngine(t *testing.T, id string) *sim.Engine {
	t.Helper()
	lessons, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := lessons.Get(id)
	if !ok {
		t.Fatalf("no lesson %q", id)
	}
	return sim.New(l.Scenario, sim.Options{MaxSteps: 1000})
}

// firstStepWhere runs a lesson in the simulator and returns the first step
// after which done(events of that step) holds; the test fails if no step does.
func firstStepWhere(t *testing.T, id, what string, done func([]sim.Event) bool) int64 {
	t.Helper()
	e := lessonEngine(t, id)
	for !e.Done() {
		evs := e.Step()
		if len(evs) > 0 && done(evs) {
			return evs[0].Step
		}
	}
	t.Fatalf("lesson %s: no step where %s", id, what)
	return 0
}

// cowCopyStep is the cow lesson's first step where the kernel copies a
// page for a write (wp_page_copy), and the process that wrote.
func cowCopyStep(t *testing.T) (step int64, writer int) {
	t.Helper()
	step = firstStepWhere(t, "cow", "a page is copied", func(evs []sim.Event) bool {
		for _, ev := range evs {
			if ev.Kind == sim.EvPageCopy {
				writer = int(ev.Task)
				return true
			}
		}
		return false
	})
	return step, writer
}

// pipeTwoWritersStep is the pipes lesson's first step after which one
// pipe's buffer holds bytes of two writers, found by following the
// lesson's writes and reads in the simulator; it returns the step and the
// writers' PIDs, oldest bytes first.
func pipeTwoWritersStep(t *testing.T) (int64, []int) {
	t.Helper()
	type chunk struct {
		pid   int
		bytes int64
	}
	buf := map[int16][]chunk{}
	var pids []int
	step := firstStepWhere(t, "pipes", "a pipe holds two writers' bytes", func(evs []sim.Event) bool {
		for _, ev := range evs {
			switch ev.Kind {
			case sim.EvPipeWrite:
				b := buf[ev.Obj]
				if n := len(b); n > 0 && b[n-1].pid == int(ev.Task) {
					b[n-1].bytes += ev.Value
				} else {
					b = append(b, chunk{int(ev.Task), ev.Value})
				}
				buf[ev.Obj] = b
			case sim.EvPipeRead:
				b, n := buf[ev.Obj], ev.Value
				for n > 0 && len(b) > 0 {
					if b[0].bytes > n {
						b[0].bytes -= n
						n = 0
					} else {
						n -= b[0].bytes
						b = b[1:]
					}
				}
				buf[ev.Obj] = b
			}
		}
		for _, b := range buf {
			seen := map[int]bool{}
			pids = pids[:0]
			for _, c := range b {
				if !seen[c.pid] {
					seen[c.pid] = true
					pids = append(pids, c.pid)
				}
			}
			if len(pids) >= 2 {
				return true
			}
		}
		return false
	})
	return step, pids
}

// syscallsStep is the syscalls lesson's first step that makes a call
// through the vDSO: by then getpid has trapped. It also returns a task
// asleep in a system call at that step and its wait channel.
func syscallsStep(t *testing.T) (step int64, sleeper int, wchan string) {
	t.Helper()
	type st struct {
		to    sim.State
		cause sim.Cause
	}
	last := map[int]st{}
	step = firstStepWhere(t, "syscalls", "a vDSO call with a task asleep", func(evs []sim.Event) bool {
		vdso := false
		for _, ev := range evs {
			switch ev.Kind {
			case sim.EvState:
				last[int(ev.Task)] = st{ev.To, ev.Cause}
			case sim.EvVDSO:
				vdso = true
			}
		}
		if !vdso {
			return false
		}
		for pid, s := range last {
			if pid == 1 {
				continue // init sleeps in wait(); the test wants a system call of the lesson's own
			}
			if w := sim.WaitChannelFor(s.to, s.cause, false); w != "" {
				sleeper, wchan = pid, w
				return true
			}
		}
		return false
	})
	return step, sleeper, wchan
}

// socketsAllMadeStep is the sockets lesson's step of its last socket():
// from then on the card lists every socket, its tallest.
func socketsAllMadeStep(t *testing.T) int64 {
	t.Helper()
	e := lessonEngine(t, "sockets")
	var last int64
	for !e.Done() {
		for _, ev := range e.Step() {
			if ev.Kind == sim.EvSockCreate {
				last = ev.Step
			}
		}
	}
	if last == 0 {
		t.Fatal("the sockets lesson makes no socket")
	}
	return last
}

// switchReloadStep is the switch-cost lesson's first step whose switch
// changes address space (CR3 reloaded, the refill charged).
func switchReloadStep(t *testing.T) int64 {
	t.Helper()
	return firstStepWhere(t, "switch-cost", "a switch to another address space", func(evs []sim.Event) bool {
		for _, ev := range evs {
			if ev.Kind == sim.EvSwitch && ev.Arg > 0 {
				return true
			}
		}
		return false
	})
}

// TestBrowserKernelObjectCards steps each of issue 11's lessons to the step
// its card is about and reads the card, in English and then, at the same
// step, in Chinese: the Address space card (cow: two processes, the
// writer's page copied), the pipe card (pipes: one buffer holding chunks of
// two writers), the sockets card (sockets, every socket made: the
// socket(...) call with its three arguments), the context-switch card (switch-cost: CR3 reloaded),
// and the timeline's trap labels and the process table's wait channels
// (syscalls). Each card must also be on screen beside the diagram, not
// hidden and not pushed under it, at a projector's 1280×720.
func TestBrowserKernelObjectCards(t *testing.T) {
	copyStep, writer := cowCopyStep(t)
	pipeStep, writers := pipeTwoWritersStep(t)
	sysStep, sleeper, wchan := syscallsStep(t)
	reloadStep := switchReloadStep(t)
	sockStep := socketsAllMadeStep(t)
	pidList := func(pids []int) string {
		s := make([]string, len(pids))
		for i, p := range pids {
			s[i] = fmt.Sprint(p)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		lesson string
		step   int64
		card   string // the card that must be shown, beside the diagram
		zhHead string // its heading in Chinese
		check  string // JavaScript: "" when the card is right, else what is wrong
		// under: the timeline starts right under the diagram's narration
		// (a tall side column must not push it down; the race lab puts its
		// own panel there)
		under bool
	}{
		{"cow", copyStep, "#memory-card", "地址空间", fmt.Sprintf(`(() => {
			const live = [...document.querySelectorAll('#memory .mm:not(.freed)')].map(m => m.dataset.pid);
			if (live.length !== 2) return 'address spaces shown: ' + live.join(',') + '; want two';
			const copied = document.querySelectorAll('#memory .mm[data-pid="%d"] .mm-page.mark-copy');
			if (copied.length !== 1) return 'pages of the writer P%d marked copied: ' + copied.length + '; want 1';
			const frame = copied[0].dataset.frame;
			const other = live.find(p => p !== '%d');
			if (document.querySelector('#memory .mm[data-pid="' + other + '"] .mm-page[data-frame="' + frame + '"]')) return 'the copy, frame ' + frame + ', is mapped by P' + other + ' too';
			if (document.querySelectorAll('#mem-counters tbody tr').length !== 2) return 'smaps rows: ' + document.querySelectorAll('#mem-counters tbody tr').length + '; want 2';
			return '';
		})()`, writer, writer, writer), true},
		{"pipes", pipeStep, "#pipe-card", "管道与消息队列", fmt.Sprintf(`(() => {
			for (const obj of document.querySelectorAll('#pipes .ipc-obj')) {
				const pids = [...new Set([...obj.querySelectorAll('.ipc-bar .ipc-seg')].map(s => s.dataset.pid))];
				if (pids.length >= 2) return pids.join(',') === %q ? '' : 'writers in ' + obj.dataset.name + ': ' + pids.join(',') + '; want %s';
			}
			return 'no buffer holds the chunks of two writers';
		})()`, pidList(writers), pidList(writers)), true},
		{"sockets", sockStep, "#sock-card", "套接字", `(() => {
			const calls = [...document.querySelectorAll('#sockets .ipc-sock .ipc-call')].map(c => c.textContent);
			return calls.includes('socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)') ? '' : 'socket calls shown: ' + JSON.stringify(calls) + '; want socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) among them';
		})()`, true},
		{"switch-cost", reloadStep, "#switch-card", "上下文切换", `(() => {
			const row = document.querySelector('#switch-rows .sw-row[data-kind="switch"][data-reload="1"]');
			if (!row) return 'no switch row with CR3 reloaded';
			const cr3 = [...row.querySelectorAll('dt')].filter(d => d.textContent === 'CR3').map(d => d.nextElementSibling.textContent);
			if (cr3.length !== 2 || cr3[0] === cr3[1]) return 'CR3 saved and restored: ' + JSON.stringify(cr3) + '; want two different page tables';
			return '';
		})()`, false},
		{"syscalls", sysStep, ".timeline-card", "时间线", fmt.Sprintf(`(() => {
			const runs = document.querySelector('#timeline').timeline.runs();
			const trap = runs.find(r => r.trap === 'getpid' && r.label);
			if (!trap || !trap.label.startsWith('↓')) return 'no trap label ↓getpid on the timeline';
			if (!runs.some(r => r.vdso && r.label && !r.label.startsWith('↓'))) return 'no vDSO label on the timeline';
			const w = document.querySelector('#tree tr[data-task="%d"] .wchan');
			return w && w.textContent === %q ? '' : 'P%d\'s wait channel: ' + (w ? w.textContent : 'none') + '; want %s';
		})()`, sleeper, wchan, sleeper, wchan), true},
	}
	for _, tt := range tests {
		t.Run(tt.lesson, func(t *testing.T) {
			t.Parallel() // its own server and browser context
			ctx, base := browser(t)
			do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
			waitFor(t, ctx, "the hello", `document.body.dataset.conn === 'ready'`)
			openAnyLesson(t, ctx, tt.lesson)
			seekTo(t, ctx, tt.step)
			read := func(lang string) {
				t.Helper()
				waitFor(t, ctx, tt.card+" shown", fmt.Sprintf(`(() => { const c = document.querySelector(%q); return !!c && !c.hidden && c.getBoundingClientRect().height > 0 })()`, tt.card))
				if got := eval[string](t, ctx, tt.check); got != "" {
					shot(t, ctx, "cards-"+tt.lesson+"-"+lang)
					t.Errorf("%s at step %d in %s: %s", tt.lesson, tt.step, lang, got)
				}
			}
			read("English")
			// A side card starts on the first screen, beside the diagram.
			if tt.card != ".timeline-card" {
				if got := eval[string](t, ctx, fmt.Sprintf(`(() => { const c = document.querySelector(%q).getBoundingClientRect(), d = document.querySelector('#diagram').getBoundingClientRect(); return c.top < innerHeight - 100 && c.left >= d.right - 1 ? '' : 'card at ' + Math.round(c.left) + ',' + Math.round(c.top) + '; diagram ends at x ' + Math.round(d.right) })()`, tt.card)); got != "" {
					t.Errorf("%s at 1280×720: %s; want the card right of the diagram, on the first screen", tt.lesson, got)
				}
			}
			// The timeline comes right after the first screen, under the
			// controls bar that ends it (issue 12: the bar covers nothing),
			// not after the tall lesson column.
			if tt.under {
				gap := eval[int](t, ctx, `Math.round(document.querySelector('.timeline-card').getBoundingClientRect().top - document.querySelector('#narration').getBoundingClientRect().bottom)`)
				bar := eval[int](t, ctx, `Math.round(document.querySelector('#controls').getBoundingClientRect().height)`)
				if gap > bar+40 || gap < 0 {
					t.Errorf("%s at 1280×720: the timeline starts %d px below the narration; want it right under the diagram and the %d px controls bar (0 to %d px)", tt.lesson, gap, bar, bar+40)
				}
			}
			shot(t, ctx, "cards-"+tt.lesson+"-en")
			toChinese(t, ctx)
			waitStep(t, ctx, tt.step)
			if got := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).querySelector('h3').textContent`, tt.card)); got != tt.zhHead {
				t.Errorf("%s's heading in Chinese: got %q; want %q", tt.card, got, tt.zhHead)
			}
			read("Chinese")
			shot(t, ctx, "cards-"+tt.lesson+"-zh")
		})
	}
}
