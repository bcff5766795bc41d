package e2e

// The Share dialog's short links and QR codes (issue 13, part 3): a share
// link shortened to /s/CODE reopens the same place, the QR code the dialog
// shows decodes (with gozxing, from the pixels the browser drew) to the link
// it shows, a link too long for a QR code says so and offers the short link,
// and the dialog reads well in English and Chinese, at 1280x720 and 390x844,
// in the dark theme.

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"proclab/assets"
	"proclab/docs"
	"proclab/server"
	"proclab/web"
)

// shortLinkRE is a short link as the dialog shows it: the long link's
// origin, then /s/ and a base32 code of 8 characters or more.
var shortLinkRE = regexp.MustCompile(`^(https?://[^/]+)/s/([A-Z2-7]{8,})$`)

// shortServer starts the real server with cfg (its web, assets and docs
// filled in, and a store for short links: testBus) and returns its URL.
func shortServer(t *testing.T, cfg server.Config) string {
	t.Helper()
	cfg.Web, cfg.Assets, cfg.Docs, cfg.Bus = web.Files, assets.Files, docs.Files, testBus(t)
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return ts.URL
}

// qrShown decodes the QR code an <img> shows, from the pixels the browser
// draws of it (on a white canvas 600 px square), and checks that it loaded.
func qrShown(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	if w := eval[int](t, ctx, fmt.Sprintf(`document.querySelector(%q).naturalWidth`, sel)); w <= 0 {
		t.Fatalf("%s: naturalWidth %d; want the QR code loaded", sel, w)
	}
	data := eval[string](t, ctx, fmt.Sprintf(`(() => {
		// The SVG drawn at a whole number of pixels a module (its viewBox
		// counts modules): at 600 px a module of 600/29 px left some codes
		// undecodable ("NotFoundException: dimension = 27", once in CI).
		const img = document.querySelector(%q), c = document.createElement('canvas');
		let n = 600;
		try {
			const x = new XMLHttpRequest();
			x.open('GET', img.currentSrc || img.src, false);
			x.send();
			const m = /viewBox="0 0 (\d+) \d+"/.exec(x.responseText || '');
			if (m) n = Number(m[1]) * Math.max(4, Math.ceil(600 / Number(m[1])));
		} catch (e) { /* a PNG or an address the page cannot fetch: 600 px */ }
		c.width = c.height = n;
		const g = c.getContext('2d');
		g.imageSmoothingEnabled = false;
		g.fillStyle = '#fff';
		g.fillRect(0, 0, n, n);
		g.drawImage(img, 0, 0, n, n);
		return c.toDataURL('image/png');
	})()`, sel))
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(data, "data:image/png;base64,"))
	if err != nil {
		t.Fatalf("%s: the canvas's PNG: %v", sel, err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: the canvas's PNG: %v", sel, err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		// The drawing is exact (whole pixels a module, the quiet zone
		// around), and the finder-pattern detector still misjudged one code's
		// size once in CI ("NotFoundException: dimension = 31", the same code
		// decoding in four runs after): read it as a pure code, the grid
		// taken from the image's own edges, before failing.
		res, err = qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	}
	if err != nil {
		if dir := os.Getenv("PROCLAB_SHOTS"); dir != "" {
			_ = os.WriteFile(dir+"/qr-undecoded.png", raw, 0o644)
		}
		t.Fatalf("%s: the QR code does not decode: %v", sel, err)
	}
	return res.GetText()
}

// waitQR waits until the dialog's QR code has loaded and is of want.
func waitQR(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	waitFor(t, ctx, "the QR code of "+want, fmt.Sprintf(`(() => { const f = document.querySelector('#short-qr-box'), i = document.querySelector('#short-qr');
		return f.dataset.state === 'ok' && f.dataset.text === %q && i.complete && i.naturalWidth > 0 && !document.querySelector('#short-qr-full').disabled })()`, want))
	if got := qrShown(t, ctx, "#short-qr"); got != want {
		t.Errorf("the QR code decodes to %q; want %q", got, want)
	}
}

// makeShort clicks Short link and returns the short link shown.
func makeShort(t *testing.T, ctx context.Context) string {
	t.Helper()
	click(t, ctx, "#short-make")
	waitFor(t, ctx, "the short link", `!document.querySelector('#short-row').hidden && /\/s\/[A-Z2-7]{8,}$/.test(document.querySelector('#short-url').value) && document.querySelector('#short-msg').dataset.kind === 'ok'`)
	short := eval[string](t, ctx, `document.querySelector('#short-url').value`)
	if !shortLinkRE.MatchString(short) {
		t.Fatalf("the short link %q; want ORIGIN/s/CODE", short)
	}
	return short
}

// fragment is a link's fragment with its '#'.
func fragment(link string) string {
	if i := strings.IndexByte(link, '#'); i >= 0 {
		return link[i:]
	}
	return ""
}

// openShareDialog clicks Share and waits for the dialog with its QR code.
func openShareDialog(t *testing.T, ctx context.Context) string {
	t.Helper()
	click(t, ctx, "#btn-share")
	waitFor(t, ctx, "the Share dialog", `document.querySelector('#share-dialog').open && document.querySelector('#short-qr-box').dataset.state !== 'loading' && !document.querySelector('#short-make').disabled`)
	return eval[string](t, ctx, `document.querySelector('#share-url').value`)
}

// closeShareDialog clicks the Share dialog's Close button once the dialog
// has stopped growing, and waits for it to close. On a page at 127.0.0.1
// the dialog lists this machine's addresses when /api/addresses answers
// (urlstate.js drawShareLocal), and short.js draws the QR code: each pushes
// the button down. A click aimed before that, on a loaded CI machine, can
// land where the button was (it failed a CI run once, the dialog left open).
func closeShareDialog(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the share dialog drawn", `(() => {
		const d = document.querySelector('#share-dialog'), qr = document.querySelector('#short-qr-box');
		return d.open && !document.querySelector('#share-addrs').hasAttribute('aria-busy') && (!qr || qr.dataset.state !== 'loading');
	})()`)
	do(t, ctx, chromedp.Click(`#share-dialog button[value="close"]`))
	waitFor(t, ctx, "the share dialog closed", `!document.querySelector('#share-dialog').open`)
}

// TestBrowserShortLink opens a lesson at step 5 on a server with a public
// URL, shortens its link, and checks: the short link has the public URL's
// base (the base the QR code is made for by default) and then the page's
// own when that base is chosen; the QR code decodes to the link shown; the
// same state gives the same code; the short link opened in the browser
// shows the same lesson at step 5 with the long fragment in the address;
// and the QR code shows over the whole window.
func TestBrowserShortLink(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	const public = "http://lab.school.example:8080/"
	base := shortServer(t, server.Config{PublicURL: public})
	const step = 5
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en"))
	chooseLesson(t, ctx, "lifecycle")
	for i := int64(1); i <= step; i++ {
		do(t, ctx, chromedp.Click("#btn-step"))
		waitStep(t, ctx, i)
	}
	long := openShareDialog(t, ctx)
	if !strings.HasPrefix(long, base+"/") || !strings.Contains(long, "#s=1.") {
		t.Fatalf("the dialog's link %q; want a share link at %s", long, base)
	}
	// A page at 127.0.0.1: the QR code is for the public URL's link.
	waitFor(t, ctx, "the public base chosen", `!document.querySelector('#short-bases').hidden && document.querySelector('#short-base').selectedOptions[0]?.textContent.includes('lab.school.example')`)
	longPublic := public + strings.TrimPrefix(long, base+"/")
	waitQR(t, ctx, longPublic)
	if got := eval[string](t, ctx, `document.querySelector('#short-qr-caption').textContent`); got != "Scan to open this link." {
		t.Errorf("the QR code's caption %q; want the long link's", got)
	}

	short := makeShort(t, ctx)
	m := shortLinkRE.FindStringSubmatch(short)
	if m[1]+"/" != strings.TrimSuffix(public, "/")+"/" {
		t.Errorf("the short link %q; want it at the public URL %s, the base of the QR code's long link", short, public)
	}
	code := m[2]
	waitQR(t, ctx, short)
	if got := eval[string](t, ctx, `document.querySelector('#short-qr-caption').textContent`); got != "Scan to open the short link." {
		t.Errorf("the QR code's caption %q; want the short link's", got)
	}
	shot(t, ctx, "short-link-public")

	// The page's own base: the same code at 127.0.0.1.
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#short-base'); s.value = '0'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	local := base + "/s/" + code
	waitFor(t, ctx, "the short link at the page's base", fmt.Sprintf(`document.querySelector('#short-url').value === %q`, local))
	waitQR(t, ctx, local)

	// The same state, the same code.
	closeShareDialog(t, ctx)
	if again := openShareDialog(t, ctx); again != long {
		t.Fatalf("the dialog's link the second time %q; want %q", again, long)
	}
	// The choice of base shows once the page's addresses have come (as at
	// the first opening); a choice made before would be replaced by the
	// dialog's default, the public URL.
	waitFor(t, ctx, "the public base chosen again", `!document.querySelector('#short-bases').hidden && document.querySelector('#short-base').selectedOptions[0]?.textContent.includes('lab.school.example')`)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#short-base'); s.value = '0'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	if again := makeShort(t, ctx); again != local {
		t.Errorf("the same step shortened again gives %q; want %q", again, local)
	}

	// Full screen, for a projector.
	click(t, ctx, "#short-qr-full")
	waitFor(t, ctx, "the full-screen QR code", `document.querySelector('#qr-full').open && document.querySelector('#qr-full-img').complete && document.querySelector('#qr-full-img').naturalWidth > 0`)
	if got := eval[string](t, ctx, `document.querySelector('#qr-full-url').textContent`); got != local {
		t.Errorf("the full-screen QR code's link %q; want %q", got, local)
	}
	if got := qrShown(t, ctx, "#qr-full-img"); got != local {
		t.Errorf("the full-screen QR code decodes to %q; want %q", got, local)
	}
	if side := eval[float64](t, ctx, `Math.min(document.querySelector('#qr-full-img').getBoundingClientRect().width, document.querySelector('#qr-full-img').getBoundingClientRect().height)`); side < 0.6*720 {
		t.Errorf("the full-screen QR code is %.0f px square in a 1280x720 window; want at least 60%% of its height", side)
	}
	shot(t, ctx, "short-qr-full")
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "the full-screen QR code to close", `!document.querySelector('#qr-full').open && !document.fullscreenElement`)
	if !eval[bool](t, ctx, `document.querySelector('#share-dialog').open`) {
		// Esc may also have ended the full screen first, then the view; the
		// Share dialog under it stays open either way.
		t.Error("closing the full-screen QR code closed the Share dialog too")
	}

	// The short link in another tab: the same lesson at the same step, and
	// the long fragment in the address.
	other, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, other, chromedp.Navigate(local))
	waitFor(t, other, "the shared step", fmt.Sprintf(`document.querySelector('#lesson-select')?.value === 'lifecycle' && /\b%d\s*\/\s*\d+/.test(document.querySelector('#step-counter')?.textContent || '')`, step))
	if got, want := eval[string](t, other, `location.hash`), fragment(long); got != want {
		t.Errorf("the short link's page has the fragment %q; want the long link's %q", got, want)
	}
	if got := eval[string](t, other, `location.pathname`); got != "/" {
		t.Errorf("the short link's page is at %q; want /", got)
	}
}

// TestBrowserShortLinkSchedAndGo shortens two other kinds of link: a
// scheduling lesson's (#sched/ID) and a Go program's, whose long link is
// too long for a QR code: the dialog says so, offers the short link, and
// its QR code is then of the short link. Both short links reopen the same
// place.
func TestBrowserShortLinkSchedAndGo(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	base := shortServer(t, server.Config{})
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en#sched/mlfq"))
	waitFor(t, ctx, "the MLFQ lesson", `document.body.dataset.view === 'sched' && document.querySelector('#sched').dataset.lesson === 'mlfq' && document.querySelector('#sched').dataset.busy !== '1'`)
	long := openShareDialog(t, ctx)
	if fragment(long) != "#sched/mlfq" {
		t.Fatalf("the scheduling lesson's link %q; want #sched/mlfq", long)
	}
	waitQR(t, ctx, long)
	short := makeShort(t, ctx)
	waitQR(t, ctx, short)
	other, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, other, chromedp.Navigate(short))
	waitFor(t, other, "the MLFQ lesson from the short link", `document.body.dataset.view === 'sched' && document.querySelector('#sched')?.dataset.lesson === 'mlfq' && location.hash === '#sched/mlfq'`)

	// A Go program, opened at step 3 from its long link.
	src, err := assets.Files.ReadFile("lessons/32-go-signals.go")
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(base+"/?lang=en"))
	waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
	frag, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`import('/js/share.js').then(m => m.encodeShare({ scenario: %s, step: 3, lang: 'en' }))`, jsString(string(src))), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("making the Go program's link: %v", err)
	}
	do(t, ctx, chromedp.Navigate(base+"/?lang=en"+frag))
	waitStep(t, ctx, 3)
	long = openShareDialog(t, ctx)
	if !strings.HasPrefix(fragment(long), "#s=1.") {
		t.Fatalf("the Go program's link %.80q…; want a share link", long)
	}
	if len(long) <= 1024 {
		t.Fatalf("the Go program's link is %d bytes; the test wants one over the QR code's 1024", len(long))
	}
	waitFor(t, ctx, "the note that the link is too long for a QR code", `document.querySelector('#short-qr-box').dataset.state === 'too_long' && document.querySelector('#short-qr').hidden &&
		document.querySelector('#short-make').classList.contains('suggest') && /too long for a QR code/.test(document.querySelector('#short-qr-note').textContent)`)
	shot(t, ctx, "short-go-too-long")
	short = makeShort(t, ctx)
	waitQR(t, ctx, short)
	if eval[bool](t, ctx, `document.querySelector('#short-make').classList.contains('suggest')`) {
		t.Error("the Short link button still asks to be used after the short link was made")
	}
	shot(t, ctx, "short-go-made")
	do(t, other, chromedp.Navigate(short))
	waitStep(t, other, 3)
	if got, want := eval[string](t, other, `location.hash`), fragment(long); got != want {
		t.Errorf("the Go program's short link opens the fragment %.60q…; want the long link's %.60q…", got, want)
	}
	waitFor(t, other, "the Go program", `!!document.querySelector('#output-card') && !document.querySelector('#output-card').hidden`)
}

// TestBrowserShortLinkLooks shows the dialog with a short link made in the
// dark theme, in English and Chinese, at 1280x720 and 390x844: nothing
// sticks out of the dialog, the texts are in the page's language, and a
// screenshot of each for a person to look at.
func TestBrowserShortLinkLooks(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	base := shortServer(t, server.Config{})
	do(t, ctx, chromedp.Navigate(base+"/"))
	eval[bool](t, ctx, `(localStorage.setItem('proclab.theme', 'dark'), true)`)
	for _, size := range []struct{ w, h int64 }{{1280, 720}, {390, 844}} {
		for _, lang := range []string{"en", "zh-CN"} {
			name := fmt.Sprintf("short-dark-%dx%d-%s", size.w, size.h, lang)
			do(t, ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(base+"/?lang="+lang))
			chooseLesson(t, ctx, "orphans")
			do(t, ctx, chromedp.Click("#btn-step"))
			waitStep(t, ctx, 1)
			if got := eval[string](t, ctx, `document.documentElement.dataset.theme`); got != "dark" {
				t.Fatalf("the theme is %q; want dark", got)
			}
			openShareDialog(t, ctx)
			short := makeShort(t, ctx)
			waitQR(t, ctx, short)
			wantMake, wantFull := "Short link", "Show QR full screen"
			if lang == "zh-CN" {
				wantMake, wantFull = "短链接", "全屏显示二维码"
			}
			if got := eval[string](t, ctx, `document.querySelector('#short-make').textContent + '|' + document.querySelector('#short-qr-full').textContent`); got != wantMake+"|"+wantFull {
				t.Errorf("%s: the buttons say %q; want %q", name, got, wantMake+"|"+wantFull)
			}
			if over := eval[string](t, ctx, `(() => { const d = document.querySelector('#share-dialog'); const r = d.getBoundingClientRect();
				const out = [...d.querySelectorAll('input, button, p, li, img, select, figure')].filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 && (b.left < r.left - 1 || b.right > r.right + 1); });
				return (d.scrollWidth > d.clientWidth + 1 ? 'the dialog scrolls sideways; ' : '') + (r.right > innerWidth + 1 ? 'the dialog is wider than the window; ' : '') + out.map(e => e.id || e.className || e.tagName).join(' ') })()`); over != "" {
				t.Errorf("%s: %s", name, over)
			}
			eval[bool](t, ctx, `(document.querySelector('#short-box').scrollIntoView({block: 'center'}), true)`)
			shot(t, ctx, name)
			click(t, ctx, "#short-qr-full")
			waitFor(t, ctx, "the full-screen QR code", `document.querySelector('#qr-full').open && document.querySelector('#qr-full-img').naturalWidth > 0`)
			if got := qrShown(t, ctx, "#qr-full-img"); got != short {
				t.Errorf("%s: the full-screen QR code decodes to %q; want %q", name, got, short)
			}
			shot(t, ctx, name+"-full")
			click(t, ctx, "#qr-full-close")
			waitFor(t, ctx, "the full-screen QR code to close", `!document.querySelector('#qr-full').open`)
			closeShareDialog(t, ctx)
		}
	}
}

// linksRefuser answers POST /api/links itself while refuse holds an
// answer, as the real server does when it refuses (rate_limited after 20
// links in a row from one address, store_full when its store is full:
// states a test cannot reach in a few seconds) or as an older ProcLab
// without the route does ("none": 404); it passes every other request,
// and every one when refuse is empty, to the real server h.
type linksRefuser struct {
	h      http.Handler
	refuse atomic.Value // string: "", "rate_limited", "store_full" or "none"
}

func (l *linksRefuser) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	mode, _ := l.refuse.Load().(string)
	if r.Method != http.MethodPost || r.URL.Path != "/api/links" || mode == "" {
		l.h.ServeHTTP(w, r)
		return
	}
	if mode == "none" { // an older server: no such route
		http.NotFound(w, r)
		return
	}
	status := map[string]int{"rate_limited": http.StatusTooManyRequests, "store_full": http.StatusInsufficientStorage}[mode]
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"v":1,"type":"error","code":%q,"message":"refused by the test"}`, mode)
}

// TestBrowserShortLinkErrors has the server refuse to make a short link
// (rate limited, store full, an older server without short links, and the
// real server started without a store): the dialog says why in the page's
// language, keeps the long link's QR code, and the button works again once
// the server makes the link.
func TestBrowserShortLinkErrors(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx := tab(t)
	srv, err := server.New(server.Config{Web: web.Files, Assets: assets.Files, Docs: docs.Files, Bus: testBus(t)})
	if err != nil {
		t.Fatal(err)
	}
	front := &linksRefuser{h: srv.Handler()}
	front.refuse.Store("")
	ts := httptest.NewServer(front)
	t.Cleanup(func() { ts.Close(); srv.Close() })
	bare, err := server.New(server.Config{Web: web.Files, Assets: assets.Files, Docs: docs.Files}) // no Bus: no store
	if err != nil {
		t.Fatal(err)
	}
	bareTS := httptest.NewServer(bare.Handler())
	t.Cleanup(func() { bareTS.Close(); bare.Close() })
	noStore := bareTS.URL

	cases := []struct{ mode, lang, want string }{
		{"rate_limited", "en", "Too many short links were made in a short time"},
		{"store_full", "en", "store of short links is full"},
		{"none", "en", "does not make short links"},
		{"links_off", "en", "keeps no short links: it was started without a store"},
		{"rate_limited", "zh-CN", "短时间内生成的短链接太多了"},
		{"store_full", "zh-CN", "保存短链接的空间已满"},
		{"none", "zh-CN", "这个服务器不能生成短链接"},
		{"links_off", "zh-CN", "这个服务器不保存短链接"},
	}
	for _, tc := range cases {
		at := ts.URL
		if tc.mode == "links_off" {
			at = noStore
		}
		do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(at+"/?lang="+tc.lang))
		chooseLesson(t, ctx, "orphans")
		long := openShareDialog(t, ctx)
		waitQR(t, ctx, long)
		front.refuse.Store(tc.mode)
		click(t, ctx, "#short-make")
		waitFor(t, ctx, tc.mode+" said", `document.querySelector('#short-msg').dataset.kind === 'error' && !document.querySelector('#short-make').disabled`)
		if got := eval[string](t, ctx, `document.querySelector('#short-msg').textContent`); !strings.Contains(got, tc.want) {
			t.Errorf("%s, %s: the dialog says %q; want %q in it", tc.mode, tc.lang, got, tc.want)
		}
		if got := eval[string](t, ctx, `document.querySelector('#short-msg').getAttribute('role') + ' ' + document.querySelector('#short-row').hidden + ' ' + document.querySelector('#short-qr-box').dataset.text`); got != "alert true "+long {
			t.Errorf("%s, %s: role, short row hidden, QR text: %q; want an alert, no short link, the long link's QR code", tc.mode, tc.lang, got)
		}
		shot(t, ctx, "short-error-"+tc.mode+"-"+tc.lang)
		if tc.mode != "links_off" {
			front.refuse.Store("")
			makeShort(t, ctx)
		}
		closeShareDialog(t, ctx)
	}
}
