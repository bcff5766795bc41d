package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/live"
	"proclab/server"
	"proclab/web"
)

// liveServer starts the server with a live lab, as main.go does. Outside
// CI the test skips, saying why, when the live lab cannot run here.
func liveServer(t *testing.T) string {
	t.Helper()
	why := ""
	var lab *live.Manager
	if runtime.GOOS != "linux" {
		why = "the live lab runs on Linux only"
	} else {
		lab = live.New(live.Config{})
		if err := lab.Available(); err != nil {
			why = err.Error()
			lab.Close()
		}
	}
	if why != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the live lab is unavailable: %s", why)
		}
		t.Skipf("SKIPPED: the live lab is unavailable here (%s); the live browser test did not run", why)
	}
	srv, err := server.New(server.Config{Web: web.Files, Assets: assets.Files, Live: lab})
	if err != nil {
		lab.Close()
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close() // kills and reaps whatever is left
	})
	return ts.URL
}

// liveProcesses asks the server which processes the live lab tracks.
func liveProcesses(t *testing.T, base string) []map[string]any {
	t.Helper()
	resp, err := http.Get(base + "/api/live/processes")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ps []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// liveToken is the JS expression of the state a live process's token shows
// on the live diagram ("" when it has none), and the node it sits in.
func liveToken(pid int) string {
	return fmt.Sprintf(`(() => { const g = document.querySelector('#live-diagram [data-pid="%d"]'); return g ? g.dataset.state + '@' + g.closest('[data-node]').dataset.node : '' })()`, pid)
}

// TestBrowserLiveLab is the end-to-end test of the live lab's issue: real
// processes on the simulator's state diagram, signals that move them within
// a second or two, a zombie that stays Z until reaped and then X (drawn), a
// live lesson next to its simulated twin, and kill all.
func TestBrowserLiveLab(t *testing.T) {
	base := liveServer(t)
	ctx, _ := browser(t)

	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
	do(t, ctx, chromedp.Click("#tab-live"))
	waitFor(t, ctx, "the live lab to connect", `document.body.dataset.live === 'ready' && document.body.dataset.view === 'live'`)
	if h := eval[string](t, ctx, `location.hash`); h != "#live" {
		t.Errorf("address %q; want #live", h)
	}
	if !eval[bool](t, ctx, `document.querySelector('#live-off').hidden && !!document.querySelector('#live-workload option[value="sleep"]')`) {
		t.Fatal("the live lab is connected but the spawn panel has no whitelist")
	}

	// Spawn a sleeper: its token appears in S.
	spawn := func(workload string, args map[string]int) int {
		t.Helper()
		before := eval[int](t, ctx, `Number(document.querySelector('#live-actions').dataset.pid || 0)`)
		js := fmt.Sprintf(`(() => { const s = document.querySelector('#live-workload'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, workload)
		eval[bool](t, ctx, js)
		for name, v := range args {
			eval[bool](t, ctx, fmt.Sprintf(`(() => { const i = document.querySelector('#live-args input[data-arg=%q]'); i.value = '%d'; i.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, name, v))
		}
		do(t, ctx, chromedp.Click("#live-spawn"))
		waitFor(t, ctx, "the spawned "+workload+" to be selected", fmt.Sprintf(`Number(document.querySelector('#live-actions').dataset.pid || 0) > 0 && Number(document.querySelector('#live-actions').dataset.pid) !== %d`, before))
		return eval[int](t, ctx, `Number(document.querySelector('#live-actions').dataset.pid)`)
	}
	sleeper := spawn("sleep", map[string]int{"ms": 600000})
	waitFor(t, ctx, "the sleeper's token in the sleeping node", liveToken(sleeper)+` === 'sleeping@sleeping'`)
	waitFor(t, ctx, "its row in the process tree", fmt.Sprintf(`document.querySelector('#live-procs tr[data-pid="%d"]')?.dataset.state === 'sleeping'`, sleeper))
	waitFor(t, ctx, "a sentence in the log", fmt.Sprintf(`/%d \(sleep\) sleeps \(S\)/.test(document.querySelector('#live-log').textContent)`, sleeper))
	time.Sleep(600 * time.Millisecond) // let the tokens glide
	shot(t, ctx, "live-sleeper")

	// SIGSTOP: the token goes to T within a second or two.
	do(t, ctx, chromedp.Click(`#live-actions button[data-act="signal"][data-signal="STOP"]`))
	start := time.Now()
	waitFor(t, ctx, "the sleeper in the stopped node", liveToken(sleeper)+` === 'stopped@stopped'`)
	if d := time.Since(start); d > 2500*time.Millisecond {
		t.Errorf("the token took %v to reach T; want a second or two", d)
	}
	waitFor(t, ctx, "the signal in the log", fmt.Sprintf(`/sent SIGSTOP to %d/.test(document.querySelector('#live-log').textContent)`, sleeper))
	time.Sleep(600 * time.Millisecond) // let the tokens glide
	shot(t, ctx, "live-stopped")
	do(t, ctx, chromedp.Click(`#live-actions button[data-act="signal"][data-signal="CONT"]`))
	waitFor(t, ctx, "the sleeper back in S", liveToken(sleeper)+` === 'sleeping@sleeping'`)

	// A process that exits stays Z until reaped; then X, drawn.
	exiter := spawn("exit", map[string]int{"ms": 300, "code": 3})
	waitFor(t, ctx, "the exited process in the zombie node", liveToken(exiter)+` === 'zombie@zombie'`)
	time.Sleep(700 * time.Millisecond)
	if got := eval[string](t, ctx, liveToken(exiter)); got != "zombie@zombie" {
		t.Fatalf("the zombie left Z before it was reaped: %q", got)
	}
	waitFor(t, ctx, "the exit sentence", fmt.Sprintf(`/%d \(exit\) exited with code 3/.test(document.querySelector('#live-log').textContent)`, exiter))
	time.Sleep(600 * time.Millisecond) // let the tokens glide
	shot(t, ctx, "live-zombie")
	do(t, ctx, chromedp.Click(`#live-actions button[data-act="reap"]`))
	waitFor(t, ctx, "the reaped process in the dead node, drawn", liveToken(exiter)+` === 'dead@dead' && document.querySelector('#live-diagram [data-pid="`+fmt.Sprint(exiter)+`"]').dataset.drawn === '1'`)
	if !eval[bool](t, ctx, `/drawn, not sampled/.test(document.querySelector('#live-diagram [data-node="dead"]').textContent)`) {
		t.Error(`the X node does not say "drawn, not sampled"`)
	}
	time.Sleep(600 * time.Millisecond) // let the tokens glide
	shot(t, ctx, "live-reaped")

	// A live lesson: its simulated twin (the process view) next to the live diagram.
	do(t, ctx, chromedp.Click(`#live-lessons button[data-live-lesson="zombies"]`))
	waitFor(t, ctx, "the lesson and its twin side by side",
		`document.body.classList.contains('live-twin') && document.body.dataset.liveLesson === 'zombies' && !document.querySelector('#live-lesson').hidden`)
	waitFor(t, ctx, "the twin loaded", `/\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent) && !!document.querySelector('#live-twin #diagram [data-node="sleeping"] [data-pid="1"]')`)
	both := `(() => { const a = document.querySelector('#live-twin #diagram svg').getBoundingClientRect(), b = document.querySelector('#live-diagram svg').getBoundingClientRect();
		return a.width > 300 && b.width > 300 && a.height > 150 && b.height > 150 && a.right <= b.left + 1 && Math.abs(a.top - b.top) < 120 })()`
	if !eval[bool](t, ctx, both) {
		shot(t, ctx, "failure")
		t.Fatalf("the simulated twin and the live diagram are not side by side: %s", eval[string](t, ctx,
			`JSON.stringify([document.querySelector('#live-twin #diagram svg').getBoundingClientRect(), document.querySelector('#live-diagram svg').getBoundingClientRect()])`))
	}
	if h := eval[string](t, ctx, `location.hash`); h != "#live/zombies" {
		t.Errorf("address %q; want #live/zombies", h)
	}
	// The lesson's first step spawns a real process; the twin steps on.
	do(t, ctx, chromedp.Click(`#live-steps button[data-do="0"]`))
	waitFor(t, ctx, "the lesson's process", `!!document.querySelector('#live-diagram [data-node] [data-pid]') && document.querySelector('#live-steps li[data-step="0"]').classList.contains('done')`)
	do(t, ctx, chromedp.Click("#btn-step"))
	waitFor(t, ctx, "the twin one step on", `/\b1\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	eval[bool](t, ctx, `(() => { window.scrollTo(0, 0); return true })()`)
	time.Sleep(600 * time.Millisecond) // let the tokens glide
	shot(t, ctx, "live-lesson-twin")

	// Kill all: nothing is left.
	do(t, ctx, chromedp.Click("#live-killall"))
	deadline := time.Now().Add(10 * time.Second)
	for {
		ps := liveProcesses(t, base)
		if len(ps) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes left after kill all: %v", ps)
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitFor(t, ctx, "no live process left on the diagram", `![...document.querySelectorAll('#live-diagram [data-pid]')].some(g => g.dataset.state !== 'dead')`)

	// A link to a live lesson opens it with its twin, ready to act.
	do(t, ctx, chromedp.Navigate(base+"/#live/signals"))
	waitFor(t, ctx, "the linked lesson", `document.body.dataset.live === 'ready' && document.body.dataset.liveLesson === 'signals' && !!document.querySelector('#live-twin #diagram svg')`)
	waitFor(t, ctx, "its steps enabled", `document.querySelectorAll('#live-steps button[data-do]:not(:disabled)').length >= 5`)
	waitFor(t, ctx, "the twin loaded", `/Stop and continue/.test(document.querySelector('#live-twin-title').textContent) && /\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
	do(t, ctx, chromedp.Click("#live-lesson-close"))
	waitFor(t, ctx, "the lesson closed", `!document.body.classList.contains('live-twin') && location.hash === '#live' && document.querySelector('#lab').parentNode === document.body`)

	// The other views still work: back to the processes tab.
	do(t, ctx, chromedp.Click("#tab-proc"))
	waitFor(t, ctx, "the process view", `document.body.dataset.view === 'proc' && !document.body.classList.contains('live-twin') && document.querySelector('#lab').parentNode === document.body`)
}

// TestBrowserLiveLabOff checks the page where the live lab cannot run: the
// Live tab says so, and the rest of ProcLab works.
func TestBrowserLiveLabOff(t *testing.T) {
	ctx, base := browser(t) // a server without a live lab
	do(t, ctx, chromedp.Navigate(base+"/#live"))
	waitFor(t, ctx, "the explanation", `document.body.dataset.live === 'off' && !document.querySelector('#live-off').hidden`)
	text := eval[string](t, ctx, `document.querySelector('#live-off').textContent`)
	for _, want := range []string{"cannot run on this server", "Everything else in ProcLab works"} {
		if !strings.Contains(text, want) {
			t.Errorf("the explanation %q does not say %q", text, want)
		}
	}
	shot(t, ctx, "live-off")
	// The live lessons are still listed, and the other tabs work.
	waitFor(t, ctx, "the live lessons", `document.querySelectorAll('#live-lessons button[data-live-lesson]').length >= 5`)
	do(t, ctx, chromedp.Click("#btn-lang"))
	waitFor(t, ctx, "the Chinese explanation", `/无法运行实时实验室/.test(document.querySelector('#live-off').textContent)`)
	do(t, ctx, chromedp.Click("#btn-lang"))
	do(t, ctx, chromedp.Click("#tab-proc"))
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'lifecycle'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "a simulated lesson", `/\b0\s*\/\s*\d+/.test(document.querySelector('#step-counter').textContent)`)
}
