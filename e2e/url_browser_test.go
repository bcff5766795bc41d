package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/server"
	"proclab/web"
)

// The address is the state (issue 12, part 4): these tests move about the
// page, reload it and go back and forward, and find the same place each
// time; and they open the Share dialog on a page served at 127.0.0.1.

// waitAddress waits until the address's share link, decoded by the page's
// own share.js, satisfies pred, a JavaScript expression over s (the
// decoded state) and q (location.search).
func waitAddress(t *testing.T, ctx context.Context, what, pred string) {
	t.Helper()
	waitFor(t, ctx, what+" in the address", `(() => {
		const d = window.__addr;
		if (!d || d.href !== location.href) {
			const n = { href: location.href, s: null };
			window.__addr = n;
			import('/js/share.js').then(m => m.decodeShare(location.hash)).then(r => { n.s = r.ok ? r.state : { bad: r.error }; });
			return false;
		}
		const s = d.s, q = location.search;
		return !!s && !s.bad && (`+pred+`);
	})()`)
}

// chooseLesson picks a lesson in the header's list (a user's move).
func chooseLesson(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	waitFor(t, ctx, "the lesson list", fmt.Sprintf(`!!document.querySelector('#lesson-select option[value=%q]')`, id))
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#lesson-select'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id))
	waitFor(t, ctx, "the lesson "+id, fmt.Sprintf(`document.body.dataset.run === %q && document.querySelector('#step-counter').dataset.total !== '0'`, id))
}

// mark puts a value on the page's window: it is gone after a reload, so a
// mark still there proves that back/forward did not reload the page.
func mark(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(window.__notReloaded = true)`)
}

const notReloaded = `window.__notReloaded === true`

// schedCompare is the scheduling view in Compare mode with FCFS and SJF
// checked and compared.
const schedCompare = `document.body.dataset.view === 'sched' && document.querySelector('#sched-mode-compare').getAttribute('aria-selected') === 'true' &&
	document.querySelector('#sched-compare-pick input[data-compare="fcfs"]').checked && document.querySelector('#sched-compare-pick input[data-compare="sjf"]').checked &&
	document.querySelectorAll('#sched-compare-table tbody tr').length === 2`

// TestBrowserURLIsTheState steps a lesson to 5 and reloads; switches to
// Scheduling, compares two policies and reloads; goes back to the lesson
// at step 5, back to the welcome, forward again, without reloading; and
// keeps Chinese through a reload with no stored choice.
func TestBrowserURLIsTheState(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the welcome's address", `document.body.classList.contains('home-page') && location.search === '?lang=en' && location.hash === ''`)
	start := eval[int](t, ctx, `history.length`)

	chooseLesson(t, ctx, "lifecycle")
	for i := int64(1); i <= 5; i++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i)
	}
	waitAddress(t, ctx, "lifecycle at step 5", `s.lesson === 'lifecycle' && s.step === 5 && s.lang === 'en' && q === '?lang=en'`)
	if n := eval[int](t, ctx, `history.length`); n != start+1 {
		t.Errorf("after opening a lesson and stepping, history.length %d; want %d (one entry for the lesson, the steps replace it)", n, start+1)
	}
	lesson := eval[string](t, ctx, `location.href`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "lifecycle again", `document.querySelector('#lesson-select').value === 'lifecycle' && document.body.dataset.view === 'proc'`)
	waitStep(t, ctx, 5)

	// Scheduling, Compare, FCFS and SJF: one new entry; reload keeps it.
	do(t, ctx, chromedp.Click("#tab-sched"))
	waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched'`)
	do(t, ctx, chromedp.Click("#sched-mode-compare"))
	waitFor(t, ctx, "the compare pane", `!document.querySelector('#sched-compare').hidden`)
	do(t, ctx, chromedp.Click(`#sched-compare-pick input[data-compare="fcfs"]`))
	do(t, ctx, chromedp.Click(`#sched-compare-pick input[data-compare="sjf"]`))
	waitFor(t, ctx, "two policies compared", schedCompare)
	waitAddress(t, ctx, "the comparison", `s.view === 'sched' && s.sched.mode === 'compare' && s.sched.compare.join() === 'fcfs,sjf' && q === '?lang=en'`)
	if n := eval[int](t, ctx, `history.length`); n != start+2 {
		t.Errorf("after switching to Scheduling and comparing, history.length %d; want %d", n, start+2)
	}
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the comparison after a reload", schedCompare)

	// Back: the lesson at step 5, without a reload; forward: the comparison.
	mark(t, ctx)
	eval[bool](t, ctx, `(history.back(), true)`)
	waitFor(t, ctx, "the lesson at step 5 after Back", `document.body.dataset.view === 'proc' && document.querySelector('#lesson-select').value === 'lifecycle' && document.body.dataset.step === '5' && `+notReloaded)
	if got := eval[string](t, ctx, `location.href`); got != lesson {
		t.Errorf("after Back the address is %s; want the lesson's %s", got, lesson)
	}
	eval[bool](t, ctx, `(history.forward(), true)`)
	waitFor(t, ctx, "the comparison after Forward", schedCompare+` && `+notReloaded)
	eval[bool](t, ctx, `(history.go(-2), true)`)
	waitFor(t, ctx, "the welcome after two Backs", `document.body.classList.contains('home-page') && document.body.dataset.view === 'proc' && location.hash === '' && `+notReloaded)
	eval[bool](t, ctx, `(history.forward(), true)`)
	waitFor(t, ctx, "the lesson again after Forward", `document.querySelector('#lesson-select').value === 'lifecycle' && document.body.dataset.step === '5' && `+notReloaded)
	if n := eval[int](t, ctx, `history.length`); n != start+2 {
		t.Errorf("back and forward changed history.length to %d; want %d", n, start+2)
	}

	// Chinese stays in the address: reload with no stored choice.
	toChinese(t, ctx)
	waitAddress(t, ctx, "Chinese", `s.lesson === 'lifecycle' && s.step === 5 && s.lang === 'zh-CN' && q === '?lang=zh-CN'`)
	eval[bool](t, ctx, `(localStorage.clear(), true)`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the lesson in Chinese after a reload", `document.documentElement.lang === 'zh-CN' && document.querySelector('#lesson-select').value === 'lifecycle'`)
	waitStep(t, ctx, 5)
	// The live lab's address is #live, with the language.
	do(t, ctx, chromedp.Click("#tab-live"))
	waitFor(t, ctx, "the live lab's address", `location.hash === '#live' && location.search === '?lang=zh-CN'`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the live lab after a reload", `document.body.dataset.view === 'live' && document.documentElement.lang === 'zh-CN'`)
	eval[bool](t, ctx, `(history.back(), true)`)
	waitFor(t, ctx, "the lesson after Back from the live lab", `document.body.dataset.view === 'proc' && document.querySelector('#lesson-select').value === 'lifecycle' && document.body.dataset.step === '5'`)
}

// TestBrowserURLRaceChoicesAndGoTab plays the race lab's "you choose" for
// two steps, shows the lesson's Go program, and reloads: the same choices,
// step and tab; then the random picker, reloaded.
func TestBrowserURLRaceChoicesAndGoTab(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	openLesson(t, ctx, "lost-update")
	click(t, ctx, `#picker input[value="manual"]`)
	for i := int64(1); i <= 2; i++ {
		waitFor(t, ctx, "a decision", `!!document.querySelector('#decision button[data-name="t1"]')`)
		click(t, ctx, `#decision button[data-name="t1"]`)
		waitStep(t, ctx, i)
	}
	waitAddress(t, ctx, "the choices", `s.lesson === 'lost-update' && s.manual === true && (s.choices || []).join() === '2,2' && s.step === 2`)
	click(t, ctx, "#tab-go")
	waitAddress(t, ctx, "the Go tab", `s.tab === 'go' && s.step === 2`)
	start := eval[int](t, ctx, `history.length`)

	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the choices, step and tab after a reload", `document.querySelector('#picker input[value="manual"]').checked &&
		document.querySelector('#decision .r-choices').dataset.choices === '2,2' && document.body.dataset.step === '2' &&
		document.body.dataset.ltab === 'go' && !document.querySelector('#go-pane').hidden`)

	// Another picker is the same lesson: the entry is replaced.
	click(t, ctx, "#tab-picture")
	click(t, ctx, `#picker input[value="random"]`)
	waitAddress(t, ctx, "the random picker", `s.lesson === 'lost-update' && s.picker === 'random' && !s.manual && !s.tab`)
	if n := eval[int](t, ctx, `history.length`); n != start {
		t.Errorf("changing the picker made history.length %d; want %d (the same lesson replaces its entry)", n, start)
	}
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the random picker after a reload", `document.querySelector('#picker input[value="random"]').checked && document.body.dataset.ltab === 'picture'`)
}

// TestBrowserShareOnLoopback opens the Share dialog on a page served at
// 127.0.0.1 by a server that knows a public URL and two network addresses
// (given by the test) but listens on loopback only: the dialog warns that
// the link works on this computer only, offers the public URL first, then
// the network addresses, and says to restart with --addr 0.0.0.0:PORT.
func TestBrowserShareOnLoopback(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	srv, err := server.New(server.Config{Web: web.Files, Assets: assets.Files, PublicURL: "http://lab.school.example:8080/",
		Interfaces: func() ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr("192.0.2.7"), netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("2001:db8::7")}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	port := ts.Listener.Addr().(*net.TCPAddr).Port

	for _, size := range []struct{ w, h int64 }{{1280, 720}, {390, 844}} {
		for _, lang := range []string{"en", "zh-CN"} {
			name := fmt.Sprintf("share-loopback-%dx%d-%s", size.w, size.h, lang)
			do(t, ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(ts.URL+"/?lang="+lang))
			chooseLesson(t, ctx, "lifecycle")
			do(t, ctx, chromedp.Click("#btn-step"))
			waitStep(t, ctx, 1)
			do(t, ctx, chromedp.Click("#btn-share"))
			waitFor(t, ctx, "the addresses", `document.querySelector('#share-dialog').open && !document.querySelector('#share-local').hidden && document.querySelector('#share-addr-note').dataset.kind === 'loopback'`)
			// The top corner's Close stays where it is whatever arrives late:
			// with the addresses and the QR code's box taken away, it is in
			// the same place (a centred dialog moved it by half their height).
			if moved := eval[float64](t, ctx, `(() => {
				const x = document.querySelector('#share-dialog .dialog-x'), late = ['#share-local', '#short-box'].map(s => document.querySelector(s));
				const a = x.getBoundingClientRect();
				for (const e of late) e.style.display = 'none';
				const b = x.getBoundingClientRect();
				for (const e of late) e.style.display = '';
				return a.width > 0 ? Math.abs(a.top - b.top) + Math.abs(a.left - b.left) : 1e9 })()`); moved > 0.5 {
				t.Errorf("%s: the dialog's top Close moves by %.1f px as its late parts arrive (1e9: not shown)", name, moved)
			}
			link := eval[string](t, ctx, `document.querySelector('#share-url').value`)
			frag := link[strings.Index(link, "#"):]
			got := eval[string](t, ctx, `[...document.querySelectorAll('#share-addrs li')].map(li => li.dataset.kind + (li.classList.contains('unreachable') ? '!' : '') + ' ' + li.querySelector('input').value).join('\n')`)
			want := strings.Join([]string{
				"public http://lab.school.example:8080/" + frag,
				fmt.Sprintf("network! http://192.0.2.7:%d/%s", port, frag),
				fmt.Sprintf("network! http://[2001:db8::7]:%d/%s", port, frag),
			}, "\n")
			if got != want {
				t.Errorf("%s: the dialog offers\n%s\nwant\n%s", name, got, want)
			}
			warn := eval[string](t, ctx, `document.querySelector('#share-local-warn').textContent`)
			note := eval[string](t, ctx, `document.querySelector('#share-addr-note').textContent`)
			wantWarn, wantNote := "only works on this computer", fmt.Sprintf("--addr 0.0.0.0:%d", port)
			if lang == "zh-CN" {
				wantWarn = "只能在这台电脑上打开"
			}
			if !strings.Contains(warn, wantWarn) || !strings.Contains(warn, "127.0.0.1") || !strings.Contains(note, wantNote) {
				t.Errorf("%s: warning %q and note %q; want %q with 127.0.0.1, and %q", name, warn, note, wantWarn, wantNote)
			}
			if over := eval[string](t, ctx, `(() => { const d = document.querySelector('#share-dialog'); const r = d.getBoundingClientRect();
				const out = [...d.querySelectorAll('input, button, p, li')].filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 && (b.left < r.left - 1 || b.right > r.right + 1); });
				return (d.scrollWidth > d.clientWidth + 1 ? 'the dialog scrolls sideways; ' : '') + (r.right > innerWidth + 1 ? 'the dialog is wider than the window; ' : '') + out.map(e => e.id || e.className || e.tagName).join(' ') })()`); over != "" {
				t.Errorf("%s: %s", name, over)
			}
			shot(t, ctx, name)
			closeShareDialog(t, ctx)
		}
	}
}

// TestBrowserURLSchedPolicyAndChoices picks a policy in the scheduling
// view's Run mode, then plays two choices in "you are the scheduler", and
// reloads after each: the same policy, then the same mode and choices.
func TestBrowserURLSchedPolicyAndChoices(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/#sched"))
	waitFor(t, ctx, "the scheduling view", `document.body.dataset.view === 'sched' && !!document.querySelector('#sched-policy button[data-policy="rr"]')`)
	do(t, ctx, chromedp.Click(`#sched-policy button[data-policy="rr"]`))
	waitAddress(t, ctx, "RR", `s.view === 'sched' && s.sched.mode === 'run' && s.sched.policy === 'rr'`)
	do(t, ctx, chromedp.Reload())
	// The policy buttons are drawn once sched.js has loaded (web/js/lazy.js), a moment after the view is set.
	waitFor(t, ctx, "RR after a reload", `document.body.dataset.view === 'sched' && document.querySelector('#sched-policy button[data-policy="rr"]')?.getAttribute('aria-checked') === 'true'`)

	do(t, ctx, chromedp.Click("#sched-mode-manual"))
	waitFor(t, ctx, "the first decision", `!!document.querySelector('#sched-decision button[data-choice="P1"]')`)
	schedChoose(t, ctx, "P1")
	second := eval[string](t, ctx, `document.querySelector('#sched-decision button[data-choice]').dataset.choice`)
	schedChoose(t, ctx, second)
	waitAddress(t, ctx, "the two choices", `s.sched.mode === 'manual' && s.sched.choices.join() === 'P1,`+second+`'`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the choices after a reload", `document.querySelector('#sched-mode-manual').getAttribute('aria-selected') === 'true' &&
		document.querySelector('#sched-manual').dataset.choices === '2' && document.querySelector('#sched').dataset.busy !== '1'`)
}
