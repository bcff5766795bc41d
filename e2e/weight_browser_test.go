package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Page-weight bounds of issue 14, point 6, in bytes as the browser's
// Resource Timing counts them: transferSize is the encoded (compressed)
// body plus a fixed 300 bytes for the headers, whatever their real size
// (the specification hides it); 0 when the cache answered without a
// request; exactly 300 for a revalidation answered 304.
const (
	// firstLoadTarget is the target for a first visit to /. It is
	// not met yet (see docs/benchmarks.md: the page loads all its 99
	// modules and stylesheets at once), so the test fails over
	// firstLoadBound, a guard against growing further, and logs the target.
	firstLoadTarget = 300 * 1024
	firstLoadBound  = 512 * 1024
	// revalidated is the transferSize of a 304 (headers only).
	revalidated = 300
)

// pageVersion is a JavaScript expression for the query ("?v=HASH") with
// which the page imports its modules (the server versions them, see
// server/static.go). A test that must reach the page's own instance of a
// module imports it with this query: the same path without it is another
// URL, so another instance.
const pageVersion = `new URL(document.querySelector('script[type="module"][src*="js/app.js"]').src).search`

// loadWeight is what one visit to / transferred.
type loadWeight struct {
	Bytes       int      // transferSize summed over the document and every resource
	Bodies      int      // of which encoded (compressed) bodies
	Requests    int      // responses that came over the network (transferSize > 0)
	Revalidated int      // of which 304s (transferSize == 300)
	Cached      int      // resources the cache answered without a request
	Network     []string // what came over the network: path, size
}

// weightJS sums the Performance API's navigation and resource entries of
// the current page.
const weightJS = `(() => {
	const out = {Bytes: 0, Bodies: 0, Requests: 0, Revalidated: 0, Cached: 0, Network: []};
	for (const e of [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]) {
		const u = new URL(e.name);
		if (e.transferSize > 0) {
			out.Bytes += e.transferSize; out.Requests++;
			if (e.transferSize === REVALIDATED) { out.Revalidated++; } else { out.Bodies += e.encodedBodySize; }
			out.Network.push(u.pathname + ' ' + e.transferSize + ' B');
		} else if (e.decodedBodySize > 0) {
			out.Cached++;
		}
	}
	return out;
})()`

// visit opens / in the tab, waits until the page has loaded and shows its
// lesson list, and reads what the visit transferred.
func visit(t *testing.T, ctx context.Context, base string) loadWeight {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.readyState === 'complete' && !!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	return eval[loadWeight](t, ctx, strings.ReplaceAll(weightJS, "REVALIDATED", strconv.Itoa(revalidated)))
}

// TestBrowserPageWeight measures a first visit to / and a repeat visit in
// the same browser context (the cache of the first is kept). It fails when
// the first transfers more than firstLoadBound, or when the repeat visit
// fetches any body: the page and the three fixed API answers may only be
// revalidated (304), every stylesheet and module must come from the cache
// without a request.
func TestBrowserPageWeight(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)

	first := visit(t, ctx, base)
	// Leave the page (a navigation, not a reload: a reload revalidates).
	do(t, ctx, chromedp.Navigate("about:blank"))
	repeat := visit(t, ctx, base)

	t.Logf("first load: %.1f KB (%.1f KB of bodies) in %d requests; the issue's target is %d KB",
		float64(first.Bytes)/1024, float64(first.Bodies)/1024, first.Requests, firstLoadTarget/1024)
	t.Logf("repeat visit: %.1f KB in %d requests (%d of them 304), %d resources from the cache without a request: %v",
		float64(repeat.Bytes)/1024, repeat.Requests, repeat.Revalidated, repeat.Cached, repeat.Network)
	if first.Requests == 0 || first.Bodies == 0 {
		t.Fatalf("first load: got %d requests, %d body bytes; want some (the Performance API saw nothing)", first.Requests, first.Bodies)
	}
	if got, want := first.Bytes, firstLoadBound; got > want {
		t.Errorf("first load: got %d bytes transferred; want at most %d: %v", got, want, first.Network)
	}
	if got, want := repeat.Bodies, 0; got != want {
		t.Errorf("repeat visit: got %d body bytes; want %d (only 304s): %v", got, want, repeat.Network)
	}
	for _, n := range repeat.Network {
		if p, _, _ := strings.Cut(n, " "); p != "/" && !strings.HasPrefix(p, "/api/") {
			t.Errorf("repeat visit: %s was requested; want it from the cache without a request", n)
		}
	}
	if got, want := repeat.Cached, first.Requests-repeat.Requests; got < want {
		t.Errorf("repeat visit: got %d resources from the cache; want at least %d", got, want)
	}
}
