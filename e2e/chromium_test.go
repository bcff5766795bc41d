// Package e2e holds ProcLab's end-to-end tests: the real server (httptest)
// driven by a headless Chromium. The whole test binary shares ONE Chromium
// process, started in TestMain; each test gets a fresh browser context
// (its own storage, cookies and tabs, like a private window) and a fresh
// server, so tests do not see each other's state, and most run in
// parallel (t.Parallel; -parallel, GOMAXPROCS by default, bounds how many).
// The live lab's tests do not: they watch real processes' states and
// counters, which a busy machine changes.
//
// Outside CI a test skips, saying so, when no Chromium is installed; with
// CI=true it fails instead.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"proclab/assets"
	"proclab/bus"
	"proclab/docs"
	"proclab/live"
	"proclab/server"
	"proclab/web"
)

// shared is the one Chromium of this test binary: the context of its
// browser (every test's browser context is a child of it), or the reason
// it is missing. TestMain sets it before any test runs and no test writes
// it, so tests read it without a lock.
var shared struct {
	browser context.Context
	missing string // "no Chromium installed", empty when one runs
	err     error  // Chromium was found but did not start
}

// TestMain lets this test binary be a live-lab worker (the live lab re-runs
// its own binary, /proc/self/exe, here the test binary, as "worker NAME
// INT...", as the real proclab does), and otherwise starts the shared
// Chromium, runs the tests and stops it.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		if err := live.WorkerMain(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(runWithChromium(m))
}

// runWithChromium starts the shared Chromium (when one is installed), runs
// the tests and stops Chromium; it returns the tests' exit code.
func runWithChromium(m *testing.M) int {
	path := findChromium()
	if path == "" {
		shared.missing = "no Chromium installed (apt-get install chromium)"
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "proclab-e2e-chromium-")
	if err != nil {
		shared.err = err
		return m.Run()
	}
	defer os.RemoveAll(dir)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
		chromedp.WindowSize(1600, 1000),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "en-US"),
		// Each browser context (every test makes one) otherwise loads two
		// omnibox popups (chrome://omnibox-popup.top-chrome/) in a renderer
		// of their own: Chromium's address bar, which a headless test never
		// shows. They were about 45 % of the CPU time of a test's context
		// and first page load on a 2-core VM (4.2-4.4 s → 2.0-2.5 s,
		// docs/benchmarks.md "The browser tests' own cost").
		chromedp.Flag("disable-features", "WebUIOmniboxPopup,WebUIOmniboxAimPopup"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	// Start the browser now (an empty run). Not with a context that has a
	// deadline: the browser lives as long as the context that started it.
	if err := chromedp.Do(bctx); err != nil {
		shared.err = fmt.Errorf("starting %s: %w", path, err)
		return m.Run()
	}
	shared.browser = bctx
	return m.Run()
}

// findChromium returns the path of a Chromium to drive, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab gives the test a fresh browser context (private storage) and a tab
// in it, on the shared Chromium; both go when the test ends. Outside CI the
// test skips, saying so, when no Chromium is installed; in CI it fails.
func tab(t *testing.T) context.Context {
	t.Helper()
	return tabWithin(t, 90*time.Second)
}

// tabWithin is tab with its own time limit for the whole test (a
// benchmark that plays 10,000 steps needs minutes).
func tabWithin(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	switch {
	case shared.missing != "":
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s: .ci/run should have installed it", shared.missing)
		}
		t.Skipf("SKIPPED: %s; the browser test did not run", shared.missing)
	case shared.err != nil:
		t.Fatal(shared.err)
	}
	bctx, cancelCtx := chromedp.NewContext(shared.browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(bctx, limit)
	t.Cleanup(func() {
		cancelTimeout()
		// Close the tab and dispose of the browser context before the next
		// test makes its own (Cancel waits; a bare cancel does not).
		if err := chromedp.Cancel(bctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("closing the test's browser context: %v", err)
		}
		cancelCtx()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

// browser starts the real server and gives the test a fresh tab on the
// shared Chromium (see tab).
func browser(t *testing.T) (ctx context.Context, baseURL string) {
	t.Helper()
	return browserWith(t, server.Budgets{})
}

// browserWith is browser with a server whose budgets are b (zero fields:
// the defaults).
func browserWith(t *testing.T, b server.Budgets) (ctx context.Context, baseURL string) {
	t.Helper()
	ctx = tab(t)
	return ctx, serveWith(t, b)
}

// serveWith starts the real server with budgets b (zero fields: the
// defaults) and returns its base URL; it stops when the test ends.
func serveWith(t *testing.T, b server.Budgets) string {
	t.Helper()
	srv, err := server.New(server.Config{Web: web.Files, Assets: assets.Files, Docs: docs.Files, Bus: testBus(t), Budgets: b})
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

// testBus starts an embedded NATS server with its store in a temporary
// directory, as `proclab` does in its data directory: short links and
// rooms work in every browser test.
func testBus(t testing.TB) *bus.Bus {
	t.Helper()
	b, err := bus.Open(context.Background(), bus.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// do runs steps in the tab of ctx and fails the test on an error.
//
// A single action that fails because its node left the document between
// the query and the click ("Could not find node with given id", seen under
// CI's load when a pane redraws) is run again, up to three times: the
// query runs afresh, and nothing was clicked when the node was missing.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	err := chromedp.Do(ctx, steps...)
	for try := 0; err != nil && len(steps) == 1 && nodeGone(err) && try < 3; try++ {
		time.Sleep(50 * time.Millisecond)
		err = chromedp.Do(ctx, steps...)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// nodeGone reports whether err says a node found by a query was removed
// from the document before the action on it ran.
func nodeGone(err error) bool {
	return strings.Contains(err.Error(), "Could not find node with given id")
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript predicate for up to 15 seconds. A poll that
// loses its page to a navigation still under way ("Cannot find context",
// seen under CI's load right after Navigate returns) starts again on the
// new page within the same 15 seconds; any other error fails at once.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	waitWithin(t, ctx, 15*time.Second, what, js)
}

// waitWithin is waitFor with its own time limit, for work that is slow by
// nature (an exploration of a few hundred thousand states under -race).
func waitWithin(t *testing.T, ctx context.Context, limit time.Duration, what, js string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if lostContext(err) && time.Until(deadline) > 100*time.Millisecond {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		shot(t, ctx, "failure")
		t.Fatalf("waiting for %s (%s): %v", what, js, err)
	}
}

// lostContext reports whether err says the page's JavaScript context went
// away under a navigation (not a failure of the page itself).
func lostContext(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Cannot find context with specified id") ||
		strings.Contains(s, "Execution context was destroyed")
}

// shot saves a screenshot to $PROCLAB_SHOTS (or the test's temp dir) for a person to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := os.Getenv("PROCLAB_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err == nil {
		t.Logf("screenshot: %s", p)
	}
}

// TestBrowserContextHoldsOnlyItsTab checks that a test's browser context
// holds its tab and nothing of Chromium's own interface (see the
// disable-features flag in runWithChromium): a renderer for pages nobody
// sees would cost every browser test again.
func TestBrowserContextHoldsOnlyItsTab(t *testing.T) {
	t.Parallel()
	ctx := tab(t)
	id := chromedp.FromContext(ctx).BrowserContextID
	// Chromium makes the popups a few milliseconds after the context.
	for deadline := time.Now().Add(1500 * time.Millisecond); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		targets, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range targets {
			if tg.BrowserContextID == id && tg.Type != "page" {
				t.Fatalf("the test's browser context holds a %s target %s (%q); want only its tab", tg.Type, tg.URL, tg.Title)
			}
		}
	}
}
