package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// Page-weight bounds of issue 14, point 6, in bytes as the browser's
// Resource Timing counts them (transferSize: response headers plus the
// encoded, i.e. compressed, body; 0 when the cache answered without a
// request).
const (
	firstLoadBytes  = 300 * 1024 // the whole first visit to /
	repeatVisitReqs = 1          // a repeat visit asks the network for the HTML only
)

// loadWeight is what one visit to / transferred.
type loadWeight struct {
	Bytes    int      // transferSize summed over the document and every resource
	Requests int      // responses that came over the network (transferSize > 0)
	Cached   int      // resources the cache answered without a request
	Network  []string // the paths that came over the network, with their sizes
}

// weightJS sums the Performance API's navigation and resource entries of
// the current page. Entries with transferSize 0 and a body came from the
// cache without a request; a 304 has transferSize > 0 (its headers).
const weightJS = `(() => {
	const out = {Bytes: 0, Requests: 0, Cached: 0, Network: []};
	for (const e of [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]) {
		const u = new URL(e.name);
		if (e.transferSize > 0) {
			out.Bytes += e.transferSize; out.Requests++;
			out.Network.push(u.pathname + u.search + ' ' + e.transferSize + ' B (' + (e.responseStatus || '?') + ')');
		} else if (e.decodedBodySize > 0) {
			out.Cached++;
		}
	}
	return out;
})()`

// visit opens / in the tab, waits until the page has loaded and asked for
// its lesson list, and reads what the visit transferred.
func visit(t *testing.T, ctx context.Context, base string) loadWeight {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the lesson list", `document.readyState === 'complete' && !!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	return eval[loadWeight](t, ctx, weightJS)
}

// TestBrowserPageWeight measures a first visit to / and a repeat visit in
// the same browser context (the cache of the first is kept) and fails when
// the first transfers more than firstLoadBytes or the repeat visit asks the
// network for anything but the HTML.
func TestBrowserPageWeight(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	eval[bool](t, ctx, `performance.setResourceTimingBufferSize(2000), true`)

	first := visit(t, ctx, base)
	// Leave the page (a navigation, not a reload: a reload revalidates).
	do(t, ctx, chromedp.Navigate("about:blank"))
	repeat := visit(t, ctx, base)

	t.Logf("first load: %.1f KB in %d requests", float64(first.Bytes)/1024, first.Requests)
	t.Logf("repeat visit: %.1f KB in %d requests, %d from the cache without a request: %v",
		float64(repeat.Bytes)/1024, repeat.Requests, repeat.Cached, repeat.Network)
	if first.Requests == 0 || first.Bytes == 0 {
		t.Fatalf("first load: got %d requests, %d bytes; want some (the Performance API saw nothing)", first.Requests, first.Bytes)
	}
	if got, want := first.Bytes, firstLoadBytes; got > want {
		t.Errorf("first load: got %d bytes transferred; want at most %d: %v", got, want, first.Network)
	}
	if got, want := repeat.Requests, repeatVisitReqs; got > want {
		t.Errorf("repeat visit: got %d requests over the network; want %d (the HTML): %v", got, want, repeat.Network)
	}
	if got, want := repeat.Cached, first.Requests-1; got < want {
		t.Errorf("repeat visit: got %d resources from the cache; want at least %d", got, want)
	}
	_ = fmt.Sprint
}
