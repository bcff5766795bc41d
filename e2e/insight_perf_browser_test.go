package e2e

import (
	"os"
	"testing"
	"time"

	"proclab/internal/workload"
)

// TestBrowserPerfInSight is the part of TestBrowserPerf that measures the
// page with the timeline and the log in sight (scrolled down to them while
// playing the 64-task run on 4 CPUs), three times at 60 and at 1,000
// steps/s, with the elements a draw adds and a CPU profile at the top
// speed, and the time the timeline takes to draw again (script, and
// painted) at a step where its window is full: a minute and a half where
// TestBrowserPerf takes five, for A/B comparisons (docs/benchmarks.md). It
// logs figures and asserts no time.
func TestBrowserPerfInSight(t *testing.T) {
	// A measuring tool that asserts nothing: TestBrowserPerf measures the
	// same (the timeline and the log in sight) and checks the structure,
	// so `go test ./...` (10 minutes a package) runs this one only when
	// asked.
	if os.Getenv("PROCLAB_PERF_INSIGHT") == "" {
		t.Skip("a measuring tool that asserts nothing (TestBrowserPerf checks the same): run with PROCLAB_PERF_INSIGHT=1")
	}
	ctx, base := perfTab(t, 5*time.Minute)
	measuring(t, ctx)
	tokens := `document.querySelectorAll('#diagram [data-pid]').length >= 64`
	scroll := `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`
	for round := 0; round < 3; round++ {
		for _, speed := range []float64{60, 1000} {
			openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
			eval[bool](t, ctx, perfFrameHook)
			eval[bool](t, ctx, scroll)
			t.Logf("timeline and log in sight: %v", measure(t, ctx, speed, 3*time.Second))
		}
	}
	for _, speed := range []float64{60, 1000} {
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		eval[bool](t, ctx, scroll)
		t.Logf("timeline and log in sight: %v", measureChurn(t, ctx, speed, 2*time.Second))
	}
	openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
	eval[bool](t, ctx, scroll)
	t.Log("timeline and log in sight:")
	profileTop(t, ctx, 1000, 3*time.Second, 25)

	// The timeline's draw alone, at a step where its window is full (1,200
	// columns, 10 px each): the draw (it paints its canvas out of the
	// document and copies it onto the page's), and the draw with a pixel
	// read back from the page's canvas. The medians and minimums of 10
	// batches of 30 draws.
	openLink(t, ctx, base, workload.Endless(64, 4), 1500, tokens)
	eval[bool](t, ctx, scroll)
	twoFrames(t, ctx)
	t.Log(eval[string](t, ctx, `(() => {
  const api = document.querySelector('#timeline').timeline;
  if (!api || !api.redraw) return 'the timeline has no redraw()';
  const g = document.querySelector('#timeline canvas').getContext('2d');
  for (let i = 0; i < 20; i++) api.redraw();
  const js = [], all = [];
  for (let k = 0; k < 10; k++) {
    let t0 = performance.now();
    for (let i = 0; i < 30; i++) api.redraw();
    js.push((performance.now() - t0) / 30);
    t0 = performance.now();
    for (let i = 0; i < 30; i++) { api.redraw(); g.getImageData(0, 0, 1, 1); }
    all.push((performance.now() - t0) / 30);
  }
  js.sort((a, b) => a - b);
  all.sort((a, b) => a - b);
  return 'the timeline drawn again at step 1,500 (' + api.runs().length + ' runs): drawn ' + js[5].toFixed(2) + ' ms (min ' + js[0].toFixed(2) +
    '), with a pixel read back ' + all[5].toFixed(2) + ' ms (min ' + all[0].toFixed(2) + ')';
})()`))
}
