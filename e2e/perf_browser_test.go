package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"proclab/internal/workload"
	"proclab/server"
	"proclab/sim"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// perf_browser_test.go: the process view's speed in headless Chromium
// (issue 14, part 2), measured with the Performance API and the DevTools
// protocol: main-thread time per rendered frame at several playback
// speeds, the DOM and the JS heap after 100 and after 10,000 steps, and the
// time from opening a link to its first picture. It logs the figures
// (docs/benchmarks.md quotes them; run it with
// `go test ./e2e -run TestBrowserPerf -v`) and, as a smoke test, fails only
// on bounds far looser than the targets, and never on a time: the machine
// it runs on is shared, and a timing assertion would fail for reasons that
// are not the page's. What it does catch is a page whose DOM or heap grows
// with every step, one that draws once per message rather than once per
// frame, one that cannot play 10,000 steps in two minutes, a timeline
// that does not draw what is scrolled into sight, and code panes or a
// process table drawn again whole at each draw rather than updated in
// place (the elements a draw adds, counted by a MutationObserver), or an
// address written more than twice in 3 s of playing (each write makes and
// compresses a share link; while playing it is written every 3 s). Each
// playback figure says the main thread's time per frame and splits it
// into script, style, layout and the rest (paint, compositing, parsing,
// garbage collection: CDP's ScriptDuration, RecalcStyleDuration and
// LayoutDuration against TaskDuration) and gives the main thread's CPU
// time beside it (rendererMainCPU: the wall time holds the waits for a
// core on a shared machine), once on the first screen and once scrolled
// down to the timeline and the log (the page draws those while playing
// only when they are in sight); a DevTools trace counts the
// layouts, layout objects, paint layers painted and elements restyled per
// draw; a CPU profile at the top speed lists the functions that cost the
// most.

// perfFrameHook counts the frames the browser renders (requestAnimationFrame
// callbacks) and keeps the intervals between them (ms) while window.perfOn
// is set; the page's own drawStats (app.js) say what its draws cost.
const perfFrameHook = `(() => {
  if (window.perfFrames !== undefined) return true;
  window.perfFrames = 0; window.perfGaps = []; let last = 0;
  const tick = now => {
    window.perfFrames++;
    if (window.perfOn && last) window.perfGaps.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return true;
})()`

// perfSample is what one measuring window saw.
type perfSample struct {
	speed       float64 // steps/s the page asked for (the speed slider)
	seconds     float64 // the window's length, wall time
	steps       int64   // steps shown during it
	frames      int64   // frames rendered
	busyMs      float64 // main-thread time (CDP TaskDuration), ms
	cpuMs       float64 // main-thread CPU time (rendererMainCPU), ms; -1 when unknown
	scriptMs    float64 // of it, running JavaScript (CDP ScriptDuration), ms
	styleMs     float64 // computing styles (CDP RecalcStyleDuration), ms
	layoutMs    float64 // laying out (CDP LayoutDuration), ms
	draws       int64   // the page's draws (app.js drawStats; 0 when it has none)
	drawMs      float64 // their time, ms
	gapMedianMs float64 // median interval between frames, ms
	gapP95Ms    float64 // 95th percentile of it, ms
	parts       string  // ms per draw by panel (and fold: folding steps), from drawStats
}

func (s perfSample) String() string {
	perFrame := s.busyMs / math.Max(1, float64(s.frames))
	drawMean := 0.0
	if s.draws > 0 {
		drawMean = s.drawMs / float64(s.draws)
	}
	frames := math.Max(1, float64(s.frames))
	cpu := "CPU time unknown"
	if s.cpuMs >= 0 {
		cpu = fmt.Sprintf("%.1f ms of CPU", s.cpuMs/frames)
	}
	return fmt.Sprintf("speed %5.0f steps/s: %6.0f steps/s shown, %5.1f frames/s, main thread %5.1f ms per frame, %s (%3.0f%% busy; script %.1f, style %.1f, layout %.1f, the rest %.1f ms per frame), draw %5.2f ms mean over %d draws, frame interval median %5.1f ms p95 %5.1f ms",
		s.speed, float64(s.steps)/s.seconds, float64(s.frames)/s.seconds, perFrame, cpu, 100*s.busyMs/(1000*s.seconds),
		s.scriptMs/frames, s.styleMs/frames, s.layoutMs/frames, (s.busyMs-s.scriptMs-s.styleMs-s.layoutMs)/frames,
		drawMean, s.draws, s.gapMedianMs, s.gapP95Ms) +
		map[bool]string{true: "; ms per draw: " + s.parts, false: ""}[s.parts != ""]
}

// metrics reads the DevTools protocol's performance counters by name.
func metrics(t *testing.T, ctx context.Context) map[string]float64 {
	t.Helper()
	r, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		t.Fatalf("Performance.getMetrics: %v", err)
	}
	out := map[string]float64{}
	for _, m := range r.Metrics {
		out[m.Name] = m.Value
	}
	return out
}

// shownStep is the step the page shows (body data-step).
func shownStep(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	return eval[int64](t, ctx, `Number(document.body.dataset.step || 0)`)
}

// setSpeed puts the speed slider where it asks for speed steps/s (or the
// nearest it can) and returns the speed it reads.
func setSpeed(t *testing.T, ctx context.Context, speed float64) float64 {
	t.Helper()
	return eval[float64](t, ctx, fmt.Sprintf(`(() => {
  const s = document.querySelector('#speed');
  const want = %g;
  let best = 0, bestErr = Infinity;
  for (let v = 0; v <= 100; v++) {
    s.value = String(v);
    s.dispatchEvent(new Event('input', { bubbles: true }));
    const got = parseFloat(document.querySelector('#speed-value').textContent.replace(/[^0-9.]/g, ''));
    const err = Math.abs(Math.log(got / want));
    if (err < bestErr) { best = v; bestErr = err; }
  }
  s.value = String(best);
  s.dispatchEvent(new Event('input', { bubbles: true }));
  return parseFloat(document.querySelector('#speed-value').textContent.replace(/[^0-9.]/g, ''));
})()`, speed))
}

// playing sets the play button to on or off and waits (up to two
// minutes: a page that falls behind answers late) until the page says so.
func playing(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	is := `document.querySelector('#btn-play').classList.contains('playing')`
	if eval[bool](t, ctx, is) != on {
		eval[bool](t, ctx, `(document.querySelector('#btn-play').click(), true)`)
	}
	want := is
	if !on {
		want = "!" + is
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](want, chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		t.Fatalf("waiting for playing=%v: %v", on, err)
	}
}

// measure plays at speed for the given time after a second to settle, and
// says what the window saw. It leaves the page playing: the next
// measurement opens the link again (a page that falls behind would take
// long to answer a pause).
func measure(t *testing.T, ctx context.Context, speed float64, window time.Duration) perfSample {
	t.Helper()
	s := perfSample{speed: setSpeed(t, ctx, speed)}
	playing(t, ctx, true)
	time.Sleep(time.Second) // the benchmark measures a steady state: the first second is left out
	type counters struct {
		Frames int64              `json:"frames"`
		Draws  int64              `json:"draws"`
		DrawMs float64            `json:"drawMs"`
		Step   int64              `json:"step"`
		Parts  map[string]float64 `json:"parts"`
	}
	read := `(() => { const d = window.proclabDrawStats || { draws: 0, ms: 0, parts: {} }; return { frames: window.perfFrames, draws: d.draws, drawMs: d.ms, step: Number(document.body.dataset.step || 0), parts: { ...d.parts } } })()`
	eval[bool](t, ctx, `(window.perfGaps = [], window.perfOn = true, true)`)
	m0 := metrics(t, ctx)
	c0 := eval[counters](t, ctx, read)
	cpu0 := rendererMainCPU()
	t0 := time.Now()
	time.Sleep(window)
	cpu1 := rendererMainCPU()
	m1 := metrics(t, ctx)
	c1 := eval[counters](t, ctx, read)
	s.seconds = time.Since(t0).Seconds()
	s.cpuMs = cpu1 - cpu0
	if cpu0 < 0 || cpu1 < 0 {
		s.cpuMs = -1
	}
	gaps := eval[[]float64](t, ctx, `(window.perfOn = false, window.perfGaps)`)
	s.steps = c1.Step - c0.Step
	s.frames = c1.Frames - c0.Frames
	s.busyMs = 1000 * (m1["TaskDuration"] - m0["TaskDuration"])
	s.scriptMs = 1000 * (m1["ScriptDuration"] - m0["ScriptDuration"])
	s.styleMs = 1000 * (m1["RecalcStyleDuration"] - m0["RecalcStyleDuration"])
	s.layoutMs = 1000 * (m1["LayoutDuration"] - m0["LayoutDuration"])
	s.draws = c1.Draws - c0.Draws
	s.drawMs = c1.DrawMs - c0.DrawMs
	if s.draws > 0 {
		var parts []string
		for k, v := range c1.Parts {
			parts = append(parts, fmt.Sprintf("%s %.2f", k, (v-c0.Parts[k])/float64(s.draws)))
		}
		sort.Strings(parts)
		s.parts = strings.Join(parts, ", ")
	}
	sort.Float64s(gaps)
	if len(gaps) > 0 {
		s.gapMedianMs = gaps[len(gaps)/2]
		s.gapP95Ms = gaps[len(gaps)*95/100]
	}
	return s
}

// frameTarget says at which speeds the samples meet issue 14's target of
// at most 8 ms of main thread per rendered frame, by wall time (CDP's
// TaskDuration, which on a shared machine holds the waits for a core) and
// by CPU time. It only logs: a time is not asserted.
func frameTarget(samples []perfSample) string {
	var wall, cpu []string
	for _, s := range samples {
		frames := math.Max(1, float64(s.frames))
		if s.busyMs/frames <= 8 {
			wall = append(wall, fmt.Sprintf("%.0f", s.speed))
		}
		if s.cpuMs >= 0 && s.cpuMs/frames <= 8 {
			cpu = append(cpu, fmt.Sprintf("%.0f", s.speed))
		}
	}
	say := func(l []string) string {
		if len(l) == 0 {
			return "at no speed"
		}
		return "at " + strings.Join(l, ", ") + " steps/s"
	}
	return fmt.Sprintf("target of at most 8 ms of main thread per frame: met %s by wall time, %s by CPU time", say(wall), say(cpu))
}

// rendererMainCPU is the CPU time (ms) that the main threads of this test
// process's Chromium renderers have run so far, from Linux's /proc (a
// thread's schedstat: nanoseconds on a CPU), or -1 where /proc cannot say.
// Unlike CDP's TaskDuration (wall time from a task's start to its end) it
// leaves out the time a task waits for a core, which on a shared machine is
// much of it; the benchmark logs both. A renderer is a process whose
// command line has --type=renderer and whose parents lead to this one; its
// main thread's id is its own.
func rendererMainCPU() float64 {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return -1
	}
	parent := map[int]int{}
	var renderers []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// "pid (comm) state ppid ...": comm may hold spaces and parentheses.
		rest := string(stat)
		if i := strings.LastIndexByte(rest, ')'); i >= 0 {
			rest = rest[i+1:]
		}
		var state string
		var ppid int
		if _, err := fmt.Sscan(rest, &state, &ppid); err != nil {
			continue
		}
		parent[pid] = ppid
		if cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err == nil && strings.Contains(string(cmd), "--type=renderer") {
			renderers = append(renderers, pid)
		}
	}
	self := os.Getpid()
	total := 0.0
	found := false
	for _, pid := range renderers {
		ours := false
		for p, hops := pid, 0; p > 1 && hops < 64; p, hops = parent[p], hops+1 {
			if p == self {
				ours = true
				break
			}
		}
		if !ours {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/schedstat", pid, pid))
		if err != nil {
			continue
		}
		var ns float64
		if _, err := fmt.Sscan(string(b), &ns); err != nil {
			continue
		}
		total += ns / 1e6
		found = true
	}
	if !found {
		return -1
	}
	return total
}

// churnPanels are the panels whose elements perfChurn counts.
var churnPanels = []string{"code", "tree", "diagram", "timeline", "log"}

// churn counts, with a MutationObserver on each of churnPanels, the
// elements added to it (an added subtree counts all its elements) while
// the page plays at speed for window, after a second to settle. A panel
// updated in place adds few; one rebuilt at each draw adds all of its own.
type churn struct {
	speed    float64
	draws    int64            // the page's draws during the window
	steps    int64            // the steps those draws showed
	added    map[string]int64 // elements added, by panel
	elements map[string]int64 // elements in the panel at the end
}

func (c churn) String() string {
	var parts []string
	for _, id := range churnPanels {
		parts = append(parts, fmt.Sprintf("%s %.1f of %d", id, float64(c.added[id])/math.Max(1, float64(c.draws)), c.elements[id]))
	}
	return fmt.Sprintf("speed %5.0f steps/s: elements added per draw, of the panel's elements (%d draws, %.1f steps a draw): %s", c.speed, c.draws, float64(c.steps)/math.Max(1, float64(c.draws)), strings.Join(parts, ", "))
}

func measureChurn(t *testing.T, ctx context.Context, speed float64, window time.Duration) churn {
	t.Helper()
	c := churn{speed: setSpeed(t, ctx, speed)}
	playing(t, ctx, true)
	time.Sleep(time.Second) // past the first draws, which build what is kept
	ids, _ := json.Marshal(churnPanels)
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
  window.perfChurn = { draws: (window.proclabDrawStats || { draws: 0 }).draws, steps: (window.proclabDrawStats || { steps: 0 }).steps, added: {} };
  window.perfChurnObs = %s.map(id => {
    const el = document.getElementById(id);
    window.perfChurn.added[id] = 0;
    if (!el) return null;
    const o = new MutationObserver(recs => {
      let n = 0;
      for (const r of recs) for (const a of r.addedNodes) if (a.nodeType === 1) n += 1 + a.getElementsByTagName('*').length;
      window.perfChurn.added[id] += n;
    });
    o.observe(el, { childList: true, subtree: true });
    return o;
  });
  return true;
})()`, ids))
	time.Sleep(window)
	type counts struct {
		Draws    int64            `json:"draws"`
		Steps    int64            `json:"steps"`
		Added    map[string]int64 `json:"added"`
		Elements map[string]int64 `json:"elements"`
	}
	got := eval[counts](t, ctx, fmt.Sprintf(`(() => {
  window.perfChurnObs.forEach(o => o && o.disconnect());
  const elements = {};
  for (const id of %s) { const el = document.getElementById(id); elements[id] = el ? el.getElementsByTagName('*').length : 0; }
  const ds = window.proclabDrawStats || { draws: 0, steps: 0 };
  return { draws: ds.draws - window.perfChurn.draws, steps: ds.steps - window.perfChurn.steps, added: window.perfChurn.added, elements };
})()`, ids))
	c.draws, c.steps, c.added, c.elements = got.Draws, got.Steps, got.Added, got.Elements
	return c
}

// profileTop runs the DevTools CPU profiler while the page plays at speed
// for window and logs the JavaScript functions that took the most of it
// (self time, with the share of the window), and what the profiler files
// under no function: "(program)" is the browser's own work (style, layout,
// paint, parsing messages), "(garbage collector)", "(idle)".
func profileTop(t *testing.T, ctx context.Context, speed float64, window time.Duration, top int) {
	t.Helper()
	setSpeed(t, ctx, speed)
	playing(t, ctx, true)
	time.Sleep(time.Second)
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("Profiler.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 250}); err != nil {
		t.Fatalf("Profiler.setSamplingInterval: %v", err)
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		t.Fatalf("Profiler.start: %v", err)
	}
	time.Sleep(window)
	r, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		t.Fatalf("Profiler.stop: %v", err)
	}
	p := r.Profile
	name := map[int64]string{}
	for _, n := range p.Nodes {
		f := n.CallFrame
		url := f.URL
		if i := strings.LastIndex(url, "/"); i >= 0 {
			url = url[i+1:]
		}
		if i := strings.Index(url, "?"); i >= 0 {
			url = url[:i]
		}
		fn := f.FunctionName
		if fn == "" {
			fn = "(anonymous)"
		}
		if url != "" {
			fn = fmt.Sprintf("%s %s:%d", fn, url, f.LineNumber+1)
		}
		name[n.ID] = fn
	}
	self := map[string]float64{}
	total := 0.0
	for i, id := range p.Samples {
		if i+1 >= len(p.TimeDeltas) {
			break
		}
		d := float64(p.TimeDeltas[i+1]) / 1000 // the time until the next sample, ms
		self[name[id]] += d
		total += d
	}
	type entry struct {
		fn string
		ms float64
	}
	var list []entry
	for fn, ms := range self {
		list = append(list, entry{fn, ms})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ms > list[j].ms })
	if len(list) > top {
		list = list[:top]
	}
	var b strings.Builder
	for _, e := range list {
		fmt.Fprintf(&b, "\n    %6.0f ms %4.1f%%  %s", e.ms, 100*e.ms/math.Max(1, total), e.fn)
	}
	t.Logf("CPU profile at %.0f steps/s over %.0f ms, self time:%s", speed, total, b.String())
}

// footprint is the DOM and the heap after a full garbage collection.
type footprint struct {
	step      int64
	elements  int64     // elements in the document
	nodes     float64   // DOM nodes alive (CDP's Nodes: detached ones too)
	heapMB    float64   // JS heap used (CDP's JSHeapUsedSize), MiB
	backingMB float64   // backing storage of array buffers and external strings (Runtime.getHeapUsage), MiB
	parts     heapParts // a heap snapshot's data and compiled code (heapsnap_browser_test.go), when taken
}

// withBuffersMB is the JS heap and the backing storage: the view keeps its
// windows in array buffers, which JSHeapUsedSize does not count.
func (f footprint) withBuffersMB() float64 { return f.heapMB + f.backingMB }

func (f footprint) String() string {
	s := fmt.Sprintf("step %d: %d elements in the document, %.0f DOM nodes alive, JS heap %.3f MiB, with array buffers and sources %.3f MiB", f.step, f.elements, f.nodes, f.heapMB, f.withBuffersMB())
	if f.parts != (heapParts{}) {
		s += "; heap snapshot: " + f.parts.String()
	}
	return s
}

// measureFootprint measures the footprint after two full collections and,
// with snapshot, splits a heap snapshot too (a few seconds).
func measureFootprint(t *testing.T, ctx context.Context, snapshot bool) footprint {
	t.Helper()
	// Two collections: the first may only finish what a running one began.
	for i := 0; i < 2; i++ {
		if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			t.Fatalf("HeapProfiler.collectGarbage: %v", err)
		}
	}
	m := metrics(t, ctx)
	_, backing := heapUsage(t, ctx)
	f := footprint{
		step:      shownStep(t, ctx),
		elements:  eval[int64](t, ctx, `document.getElementsByTagName('*').length`),
		nodes:     m["Nodes"],
		heapMB:    m["JSHeapUsedSize"] / (1 << 20),
		backingMB: backing / (1 << 20),
	}
	if snapshot {
		f.parts = heapSnapshot(t, ctx)
	}
	return f
}

// playTo plays at speed (steps/s) until the page shows at least step or
// the time is up, then pauses and lets the last frame draw. It returns the
// step shown.
func playTo(t *testing.T, ctx context.Context, step int64, speed float64, within time.Duration) int64 {
	t.Helper()
	setSpeed(t, ctx, speed)
	deadline := time.Now().Add(within)
	closes0 := eval[int64](t, ctx, `Number(document.body.dataset.closes || 0)`)
	var clicked time.Time
	for shownStep(t, ctx) < step && time.Now().Before(deadline) {
		// Play, and play on whenever the page is not playing: a page too
		// slow to read its messages is dropped by the server (its queue is
		// full) and reconnects paused at its step. A click waits half a
		// second for the server's answer before the next.
		if time.Since(clicked) > 500*time.Millisecond && eval[bool](t, ctx, `document.body.dataset.conn === 'ready' && !document.querySelector('#btn-play').classList.contains('playing') && !document.querySelector('#btn-play').disabled`) {
			eval[bool](t, ctx, `(document.querySelector('#btn-play').click(), true)`)
			clicked = time.Now()
		}
		time.Sleep(50 * time.Millisecond) // a benchmark's poll: the page plays on its own meanwhile
	}
	if n := eval[int64](t, ctx, `Number(document.body.dataset.closes || 0)`) - closes0; n > 0 {
		t.Logf("on the way to step %d the server dropped the page %d times (it read its messages too slowly)", step, n)
	}
	playing(t, ctx, false)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("waiting for two frames: %v", err)
	}
	return shownStep(t, ctx)
}

// openLink opens a share link of scenario at step and returns the time
// (ms since navigation) when its step shows with cond true, polled every frame.
func openLink(t *testing.T, ctx context.Context, base, scenario string, step int64, cond string) float64 {
	t.Helper()
	// The link carries the engine version, as the page's own share links do:
	// without it a link counts as made by version 1, and the page showed the
	// "made with engine version 1" banner, which cost the largest run's first
	// frame a third pass of style and layout (2026-12-07) and which a fresh
	// link never shows.
	hash := shareFragment(t, map[string]any{"s": scenario, "n": step, "e": sim.SemanticsVersion})
	// A blank page first: the same address again would only change the
	// fragment (a seek in the page shown), not load the page.
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"+hash))
	js := fmt.Sprintf(`document.body.dataset.step === '%d' && (%s) ? performance.now() : 0`, step, cond)
	v, err := chromedp.Run(ctx, chromedp.Poll[float64](js, chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		shot(t, ctx, "perf-link")
		t.Fatalf("waiting for step %d of the link: %v (the page shows step %s; banner %q)", step, err,
			eval[string](t, ctx, `document.body.dataset.step || ''`), eval[string](t, ctx, `document.querySelector('#banner').hidden ? '' : document.querySelector('#banner').textContent`))
	}
	// The panels the first draw left for after its frame, drawn one a task
	// (app.js drawLater): what the tests read next may be among them. (Not
	// in the time returned.)
	waitFor(t, ctx, "the panels left for after the first frame", `!(window.proclabDrawStats && window.proclabDrawStats.laterLeft)`)
	return v
}

// loadToDraw says the time from the page's load command to its snapshot
// drawn (app.js drawStats.loadMs), when the page measures it, and to the
// end of the frame that lays out and paints that draw (paintMs; it waits
// for it), with the draw's time by part (firstParts: snapshot is folding
// it into the view, the others the panels drawn; the panels below the
// screen are drawn after that frame).
func loadToDraw(t *testing.T, ctx context.Context) string {
	t.Helper()
	ms := eval[float64](t, ctx, `(window.proclabDrawStats && window.proclabDrawStats.loadMs) || -1`)
	if ms < 0 {
		return "load to first render not measured by this page"
	}
	page := eval[float64](t, ctx, `(window.proclabDrawStats && window.proclabDrawStats.pageMs) || -1`)
	painted, err := chromedp.Run(ctx, chromedp.Poll[float64](`window.proclabDrawStats.paintMs || 0`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("waiting for the first frame after the snapshot: %v", err)
	}
	parts := eval[string](t, ctx, `Object.entries(window.proclabDrawStats.firstParts || {}).map(([k, v]) => k + ' ' + v).join(', ')`)
	return fmt.Sprintf("%.0f ms from the load command sent to the snapshot drawn (%.0f ms of it folding and drawing the snapshot: %s), %.0f ms to the end of the frame that shows it", ms, page, parts, painted)
}

// afterFirstRender waits 3 s after a run's first render and says how
// long the page kept its main thread from the reader then: the tasks of
// 50 ms or more (the Long Tasks API) that ended after the snapshot was
// drawn (the panels below the screen drawn, laid out and painted), their
// sum and the longest. They come after the first frame, which the first
// render's figures stop at; a click made meanwhile waits for them.
func afterFirstRender(t *testing.T, ctx context.Context) string {
	t.Helper()
	time.Sleep(3 * time.Second)
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(done => {
  new PerformanceObserver(list => {
    const at = window.proclabDrawStats.drawnAt || 0;
    const after = list.getEntries().filter(e => e.startTime + e.duration > at + 1);
    const sum = after.reduce((s, e) => s + e.duration, 0);
    const most = after.reduce((m, e) => Math.max(m, e.duration), 0);
    done(after.length + ' tasks of 50 ms or more ended after it in 3 s: ' + Math.round(sum) + ' ms, the longest ' + Math.round(most) + ' ms');
  }).observe({ type: 'longtask', buffered: true });
})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("long tasks: %v", err)
	}
	return s
}

// perfFull reports whether the browser benchmarks log all their figures
// (PROCLAB_PERF_FULL=1): the frame times at every speed, traces, CPU
// profiles, several openings where one serves the checks. Without it they
// run as smoke tests, their checks only: `go test ./...` on a 2-core
// machine stays within go test's 10 minutes per package
// (docs/benchmarks.md says which figures need it).
func perfFull() bool { return os.Getenv("PROCLAB_PERF_FULL") == "1" }

// perfTab is a browser benchmark's tab (with limit for its whole run) and
// server. It skips with -short, and skips, or fails in CI, without a
// Chromium. The benchmarks open their runs one after the other from one
// address, faster than the server lets go of the last one's memory, so
// the server lets one client keep its whole budget for runs.
// measuring readies a perfTab for the frame benchmarks: it logs the
// machine's load average at the start and the end (the figures depend on
// what else the machine runs), enables the Performance domain (the
// metrics measure reads) and sets the viewport the figures are for,
// 1280 x 800.
func measuring(t *testing.T, ctx context.Context) {
	t.Helper()
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		t.Logf("load average at the start: %s", strings.TrimSpace(string(b)))
		t.Cleanup(func() {
			if b, err := os.ReadFile("/proc/loadavg"); err == nil {
				t.Logf("load average at the end: %s", strings.TrimSpace(string(b)))
			}
		})
	}
	if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{}); err != nil {
		t.Fatalf("Performance.enable: %v", err)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
}

func perfTab(t *testing.T, limit time.Duration) (context.Context, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("a benchmark: not with -short")
	}
	ctx := tabWithin(t, limit)
	budgets := server.DefaultBudgets
	budgets.RunBytesPerClient = budgets.RunBytes
	return ctx, serveWith(t, budgets)
}

func TestBrowserPerf(t *testing.T) {
	// More time than tab's 90 s: the benchmark plays 10,000 steps, and a
	// page that falls behind takes minutes.
	ctx, base := perfTab(t, 10*time.Minute)
	measuring(t, ctx)

	// First render: a 64-task run at its first step, then the largest run the
	// limits allow at a late step (4,096 tasks, a full timeline and log).
	tokens := `document.querySelectorAll('#diagram [data-pid]').length >= 64`
	// (The processes arrive in step 1.)
	first := openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
	t.Logf("first render, 64 tasks on 4 CPUs at step 1: %.0f ms from navigation, %s", first, loadToDraw(t, ctx))
	// Its recording ends at step 3,906 (lab.StepsFor: 64 million task-steps
	// over 16,384 tasks its spawns could create); 3,030 tasks exist then.
	largest := openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
	// The benchmark is a smoke test unless perfFull: it runs what its
	// checks need and leaves out what it only logs (the frame times at the
	// lower speeds and with the timeline in sight, the trace's counts, the
	// CPU profiles, the tasks after the first render: about two minutes of
	// a 2-core run).
	full := perfFull()
	after := "(the tasks after it: PROCLAB_PERF_FULL=1)"
	drawn := loadToDraw(t, ctx)
	if full {
		after = afterFirstRender(t, ctx)
	}
	t.Logf("first render, the largest run (%d tasks on 16 CPUs) at its last step, 3906: %.0f ms from navigation, %s; %s",
		eval[int64](t, ctx, `document.querySelectorAll('#diagram [data-pid]').length`), largest, drawn, after)
	speeds := []float64{1000}
	if full {
		speeds = []float64{10, 60, 250, 1000}
	} else {
		t.Log("the smoke test alone (PROCLAB_PERF_FULL=1 for the figures it only logs)")
	}

	// Playback: 64 tasks on 4 CPUs at speeds up to the server's top speed.
	var samples []perfSample
	for _, speed := range speeds {
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		eval[bool](t, ctx, perfFrameHook)
		s := measure(t, ctx, speed, 3*time.Second)
		t.Log(s)
		samples = append(samples, s)
	}
	t.Log(frameTarget(samples))
	// The same with the page scrolled down to the timeline and the log,
	// which the page draws while playing only when they are in sight
	// (sight.js): the first screen's figures above leave them out.
	for _, speed := range []float64{60, 1000} {
		if !full {
			break
		}
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		eval[bool](t, ctx, perfFrameHook)
		eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
		t.Logf("timeline and log in sight (page scrolled down): %v", measure(t, ctx, speed, 3*time.Second))
	}

	// What a draw builds: the panels kept between draws add few elements.
	var churns []churn
	for _, speed := range []float64{10, 1000} {
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		c := measureChurn(t, ctx, speed, 2*time.Second)
		t.Log(c)
		churns = append(churns, c)
	}
	// The same with the timeline and the log in sight (page scrolled down):
	// at speed every draw adds the new steps' runs and sentences.
	for _, speed := range []float64{60, 1000} {
		if !full {
			break
		}
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
		t.Logf("timeline and log in sight (page scrolled down): %v", measureChurn(t, ctx, speed, 2*time.Second))
	}
	if full {
		// What the renderer does besides script: layout, restyle, paint.
		for _, speed := range []float64{10, 60, 1000} {
			openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
			t.Log(tracePaint(t, ctx, speed, 2*time.Second))
		}
		// Where the main thread's time goes at the top speed.
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		profileTop(t, ctx, 1000, 3*time.Second, 25)
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		eval[bool](t, ctx, `(document.querySelector('#timeline').scrollIntoView({ block: 'start' }), true)`)
		t.Log("timeline and log in sight (page scrolled down):")
		profileTop(t, ctx, 1000, 3*time.Second, 25)
	}
	// The address while playing: each write (a share link made, then
	// history.replaceState) costs milliseconds; while playing the address
	// keeper writes at most once per 3 s (urlstate.js), where it wrote every
	// 600 ms (5 writes in 3 s).
	openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
	if w := addressWrites(t, ctx, 1000, 3*time.Second); w > 2 {
		t.Errorf("the address was written %d times in 3 s of playing; want at most 2 (once per 3 s while playing)", w)
	} else {
		t.Logf("the address was written %d times in 3 s of playing at 1000 steps/s", w)
	}

	// The footprint over a long run: after 100 steps and after 10,000.
	openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
	playTo(t, ctx, 100, 20, time.Minute) // slowly: it stops near step 100
	at100 := measureFootprint(t, ctx, true)
	t.Log(at100)
	// By step 2,000 the view's windows are full (fold.js keeps 1,200
	// timeline columns and 3,000 sentences): from there on, nothing should grow.
	playTo(t, ctx, 2_000, 1e9, time.Minute)
	at2k := measureFootprint(t, ctx, false)
	t.Log(at2k)
	if got := playTo(t, ctx, 10_000, 1e9, 2*time.Minute); got < 10_000 {
		t.Errorf("the page shows step %d after two minutes at the top speed; want 10,000 (it falls behind)", got)
	}
	at10k := measureFootprint(t, ctx, true)
	t.Log(at10k)
	t.Logf("after 10,000 steps / after 100: elements ×%.3f, nodes ×%.3f, JS heap ×%.3f, with array buffers ×%.3f; of the heap snapshot: data ×%.3f, compiled code ×%.3f",
		float64(at10k.elements)/float64(at100.elements), at10k.nodes/at100.nodes, at10k.heapMB/at100.heapMB, at10k.withBuffersMB()/at100.withBuffersMB(),
		at10k.parts.data/at100.parts.data, at10k.parts.code/at100.parts.code)
	t.Logf("after 10,000 steps / after 2,000: elements ×%.3f, nodes ×%.3f, JS heap ×%.3f, with array buffers ×%.3f",
		float64(at10k.elements)/float64(at2k.elements), at10k.nodes/at2k.nodes, at10k.heapMB/at2k.heapMB, at10k.withBuffersMB()/at2k.withBuffersMB())

	// What is out of sight is drawn when it comes into sight: the last
	// task's lane once the panel scrolls down, the first steps kept once it
	// scrolls to the left.
	lastLane := `document.querySelector('#timeline').timeline.runs().some(r => r.task === 65)`
	eval[bool](t, ctx, `(() => { const w = document.querySelector('#timeline .tl-wrap'); w.scrollTop = w.scrollHeight; return true })()`)
	waitFor(t, ctx, "the last task's lane drawn after scrolling down", lastLane)
	minLabel := `Math.min(...document.querySelector('#timeline').timeline.shown().ticks.map(k => Number(k.text)))`
	before := eval[float64](t, ctx, minLabel)
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#timeline .tl-scroll'); s.scrollLeft = -s.scrollWidth; return true })()`)
	waitFor(t, ctx, "the first steps kept drawn after scrolling left", fmt.Sprintf(`%s < %g`, minLabel, before-50))

	// Smoke bounds, far looser than the targets (docs/benchmarks.md).
	if r := float64(at10k.elements) / float64(at100.elements); r > 1.5 {
		t.Errorf("the document has %d elements after 10,000 steps, ×%.2f those after 100 (%d); want at most ×1.5 (the DOM must not grow with the run)", at10k.elements, r, at100.elements)
	}
	// The heap: measured ×1.07-1.09 (×1.07-1.10 with the array buffers):
	// about 0.1 MiB of the view's windows filling up (the snapshot's data
	// ×1.06-1.07) and 0.2 MiB of V8's compiled code; the bounds leave room
	// for a loaded machine, not for a window kept as objects again (its
	// 0.3-0.6 MiB would make the data ×1.3-1.5).
	if r := at10k.withBuffersMB() / at100.withBuffersMB(); r > 1.2 {
		t.Errorf("the JS heap and array buffers are %.2f MiB after 10,000 steps, ×%.3f that after 100 (%.2f MiB); want at most ×1.2 (the target is ×1.1)", at10k.withBuffersMB(), r, at100.withBuffersMB())
	}
	if r := at10k.parts.data / at100.parts.data; r > 1.2 {
		t.Errorf("the page's data (heap snapshot: all but compiled code, the DOM and sources) is %.2f MiB after 10,000 steps, ×%.3f that after 100 (%.2f MiB); want at most ×1.2 (what the view keeps must not grow with the run)", at10k.parts.data/(1<<20), r, at100.parts.data/(1<<20))
	}
	if r := at10k.withBuffersMB() / at2k.withBuffersMB(); r > 1.1 {
		t.Errorf("the JS heap and array buffers are %.2f MiB after 10,000 steps, ×%.3f that after 2,000 (%.2f MiB), when the view's windows are full; want at most ×1.1 (nothing may grow with every step)", at10k.withBuffersMB(), r, at2k.withBuffersMB())
	}
	// The code panes and the process table are kept between draws: a draw
	// changes what differs and adds the elements of what appeared (a
	// chip, a mark, a state's words), never the panel again. What appears
	// grows with the steps a draw shows: on a loaded machine (load 10, 25
	// frames/s, 20 steps a draw at 1,000 steps/s) a draw added 88 of the
	// code panes' 1,734 elements (5.1 %); a panel drawn again whole adds
	// them all.
	for _, c := range churns {
		for _, id := range []string{"code", "tree"} {
			if c.draws < 5 {
				continue
			}
			if per := float64(c.added[id]) / float64(c.draws); per > 0.25*float64(c.elements[id]) {
				t.Errorf("at %.0f steps/s the page added %.0f elements to #%s per draw, of its %d; want at most a quarter (the panel is drawn again whole, not updated in place)", c.speed, per, id, c.elements[id])
			}
		}
	}
	// Rendering is decoupled from the messages: when steps come faster
	// than frames, one draw shows several of them. (Frame times are logged,
	// not asserted: on a shared machine they say as much about the
	// neighbours as about the page.)
	for _, s := range samples {
		if s.speed < 200 || s.steps < 20 {
			continue
		}
		if s.draws == 0 || s.draws*2 > s.steps {
			t.Errorf("at %.0f steps/s the page drew %d times for %d steps shown; want at most one draw per two steps (one draw per frame, however many steps arrive)", s.speed, s.draws, s.steps)
		}
	}
}

// paintWork is what the renderer did besides script while the page played
// at speed, from a DevTools trace (category devtools.timeline): how many
// times it laid the page out and how many layout objects those layouts
// walked (totalObjects) and found dirty; how many paint layers it painted
// (Paint events); the elements restyled (UpdateLayoutTree's
// elementCount). Unlike the times these count work, so they depend on the
// machine's load only through the steps a draw shows (given per draw).
// The trace's durations are logged too (ms per draw; they include waiting
// for a core, as every time here does).
//
// The same trace gives CPU time (the events' thread clock, tdur), which
// leaves out the time a task waited for a core: per draw and per frame
// committed, the main thread's tasks in all (toplevel
// ThreadControllerImpl::RunTask events on the thread that lays out), and
// of it style, layout, pre-paint and paint.
type paintWork struct {
	speed                float64
	draws                int64
	frames               int64 // frames the main thread committed (Commit events)
	layouts, paints      int64
	totalObjs, dirtyObjs int64
	fullLayouts          int64 // layouts of the whole page (not partial: from the document's root)
	fullObjs             int64 // layout objects in them
	styled               int64
	layoutMs, prePaintMs float64
	paintMs, compositeMs float64
	cpu                  struct{ task, style, layout, prePaint, paint float64 } // ms of CPU
}

func (w paintWork) String() string {
	d := math.Max(1, float64(w.draws))
	f := math.Max(1, float64(w.frames))
	return fmt.Sprintf("speed %5.0f steps/s, per draw (%d draws, %d frames): %.1f layouts of %.0f layout objects (%.0f dirty; %.2f of the whole page, %.0f objects), %.1f paint layers painted, %.0f elements restyled; trace ms per draw: layout %.1f, pre-paint %.1f, paint %.1f, composite layers %.1f; main-thread CPU ms per draw %.1f (per frame %.1f): style %.1f, layout %.1f, pre-paint %.1f, paint %.1f",
		w.speed, w.draws, w.frames, float64(w.layouts)/d, float64(w.totalObjs)/d, float64(w.dirtyObjs)/d, float64(w.fullLayouts)/d, float64(w.fullObjs)/d, float64(w.paints)/d, float64(w.styled)/d,
		w.layoutMs/d, w.prePaintMs/d, w.paintMs/d, w.compositeMs/d,
		w.cpu.task/d, w.cpu.task/f, w.cpu.style/d, w.cpu.layout/d, w.cpu.prePaint/d, w.cpu.paint/d)
}

// layoutBegin is what a trace's Layout event says as it begins: the
// layout objects it will lay out, those marked dirty, and whether it
// starts below the document's root (partial).
type layoutBegin struct {
	DirtyObjects  int64 `json:"dirtyObjects"`
	TotalObjects  int64 `json:"totalObjects"`
	PartialLayout bool  `json:"partialLayout"`
}

// tracePaint records a DevTools trace while the page plays at speed for
// window (after a second to settle) and sums paintWork from it.
// collectTrace records a DevTools trace of the given categories while
// during runs and returns its events, each as the JSON the browser sent.
// It waits at most 30 s for the trace to come in whole after during.
func collectTrace(t *testing.T, ctx context.Context, categories []string, during func()) []string {
	t.Helper()
	var mu sync.Mutex
	var events []string
	done := make(chan struct{})
	var once sync.Once
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := chromedp.Listen(lctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range ev.Value {
				events = append(events, string(v))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			once.Do(func() { close(done) })
		}
	}); err != nil {
		t.Fatalf("listen: %v", err)
	}
	if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: categories},
		TransferMode: tracing.StartTransferModeReportEvents,
	}); err != nil {
		t.Fatalf("Tracing.start: %v", err)
	}
	during()
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		t.Fatalf("Tracing.end: %v", err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("the trace did not complete within 30 s")
	}
	mu.Lock()
	defer mu.Unlock()
	return events
}

func tracePaint(t *testing.T, ctx context.Context, speed float64, window time.Duration) paintWork {
	t.Helper()
	w := paintWork{speed: setSpeed(t, ctx, speed)}
	playing(t, ctx, true)
	time.Sleep(time.Second)
	type traceEvent struct {
		Name string  `json:"name"`
		Ph   string  `json:"ph"`
		Dur  float64 `json:"dur"`  // µs
		TDur float64 `json:"tdur"` // µs on a CPU (the thread's clock)
		Pid  int64   `json:"pid"`
		Tid  int64   `json:"tid"`
		Args struct {
			Data struct {
				ElementCount int64 `json:"elementCount"`
			} `json:"data"`
			ElementCount int64       `json:"elementCount"`
			BeginData    layoutBegin `json:"beginData"`
		} `json:"args"`
	}
	var events []traceEvent
	draws := `(window.proclabDrawStats || { draws: 0 }).draws`
	raw := collectTrace(t, ctx, []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"}, func() {
		d0 := eval[int64](t, ctx, draws)
		time.Sleep(window)
		w.draws = eval[int64](t, ctx, draws) - d0
	})
	for _, v := range raw {
		var e traceEvent
		if json.Unmarshal([]byte(v), &e) == nil {
			events = append(events, e)
		}
	}
	playing(t, ctx, false)
	type thread struct{ pid, tid int64 }
	var main thread // the renderer's main thread: the one that lays out
	for _, e := range events {
		if e.Name == "Layout" {
			main = thread{e.Pid, e.Tid}
			break
		}
	}
	for _, e := range events {
		ms := e.Dur / 1000
		cpu := e.TDur / 1000
		if (thread{e.Pid, e.Tid}) == main {
			switch e.Name {
			case "ThreadControllerImpl::RunTask": // (RunTask, inside it, is the same task)
				w.cpu.task += cpu
			case "UpdateLayoutTree":
				w.cpu.style += cpu
			case "Layout":
				w.cpu.layout += cpu
			case "PrePaint":
				w.cpu.prePaint += cpu
			case "Paint":
				w.cpu.paint += cpu
			case "Commit": // a frame's layers handed to the compositor
				w.frames++
			}
		}
		switch e.Name {
		case "Layout":
			w.layouts++
			w.totalObjs += e.Args.BeginData.TotalObjects
			w.dirtyObjs += e.Args.BeginData.DirtyObjects
			if !e.Args.BeginData.PartialLayout {
				w.fullLayouts++
				w.fullObjs += e.Args.BeginData.TotalObjects
			}
			w.layoutMs += ms
		case "Paint":
			w.paints++
			w.paintMs += ms
		case "PrePaint":
			w.prePaintMs += ms
		case "Layerize", "UpdateLayer", "CompositeLayers":
			w.compositeMs += ms
		case "UpdateLayoutTree":
			w.styled += e.Args.ElementCount + e.Args.Data.ElementCount
		}
	}
	return w
}

// TestBrowserPerfPaint is the paint part of TestBrowserPerf alone (a
// DevTools trace's counts of layout, restyle and paint work while the
// 64-task run plays at 10, 60 and 1,000 steps/s), to compare two versions
// of the page's CSS quickly. It logs; it fails only when it cannot measure.
func TestBrowserPerfPaint(t *testing.T) {
	// A measuring tool, like TestBrowserPerfInSight: TestBrowserPerf traces
	// the same with PROCLAB_PERF_FULL=1, and a 2-core run spent 33 s on it.
	if !perfFull() {
		t.Skip("a measuring tool that asserts nothing: run with PROCLAB_PERF_FULL=1")
	}
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	tokens := `document.querySelectorAll('#diagram [data-pid]').length >= 64`
	for _, speed := range []float64{10, 60, 1000} {
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		t.Log(tracePaint(t, ctx, speed, 2*time.Second))
	}
}

// addressWrites counts the page's history.replaceState and pushState
// calls while it plays at speed for window (after a second to settle).
func addressWrites(t *testing.T, ctx context.Context, speed float64, window time.Duration) int64 {
	t.Helper()
	setSpeed(t, ctx, speed)
	playing(t, ctx, true)
	time.Sleep(time.Second)
	eval[bool](t, ctx, `(() => {
  window.perfAddr = 0;
  for (const k of ['replaceState', 'pushState']) {
    const f = history[k].bind(history);
    history[k] = (...a) => { window.perfAddr++; return f(...a); };
  }
  return true;
})()`)
	time.Sleep(window)
	n := eval[int64](t, ctx, `window.perfAddr`)
	playing(t, ctx, false)
	return n
}

// quietWrites counts, with a MutationObserver, the writes a draw makes
// that change nothing on screen yet make the browser restyle or lay out
// again: a text written again with the same words in the controls bar
// (the step counter, the play button) or the narration (each replaces a
// text node, which is laid out again with the header, the bar or the
// diagram's card around it), and a transform written on a token scrolled
// out of its box (not displayed, restyled for nothing).
type quietWrites struct {
	speed     float64
	draws     int64
	sameText  map[string]int64 // same text written again, by element
	offView   int64            // style writes on tokens not displayed
	styleAll  int64            // style writes on all tokens, for scale
	textsSeen int64            // text changes seen in the watched elements
}

func (q quietWrites) String() string {
	var same []string
	for k, n := range q.sameText {
		same = append(same, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(same)
	return fmt.Sprintf("speed %5.0f steps/s, %d draws: the same text written again: %s (of %d text changes); style writes on tokens out of sight %d (of %d on tokens)",
		q.speed, q.draws, strings.Join(same, ", "), q.textsSeen, q.offView, q.styleAll)
}

// measureQuietWrites plays at speed for window (after a second to settle)
// and counts quietWrites.
func measureQuietWrites(t *testing.T, ctx context.Context, speed float64, window time.Duration) quietWrites {
	t.Helper()
	q := quietWrites{speed: setSpeed(t, ctx, speed)}
	playing(t, ctx, true)
	time.Sleep(time.Second)
	draws := `(window.proclabDrawStats || { draws: 0 }).draws`
	d0 := eval[int64](t, ctx, draws)
	eval[bool](t, ctx, `(() => {
  const q = window.perfQuiet = { same: {}, offView: 0, style: 0, texts: 0 };
  const watch = { counter: '#step-counter', play: '#btn-play', narration: '#narration' };
  const obs = [];
  for (const [name, sel] of Object.entries(watch)) {
    const o = new MutationObserver(list => {
      for (const m of list) {
        if (m.type !== 'childList') continue;
        const gone = [...m.removedNodes].map(n => n.textContent).join('');
        const came = [...m.addedNodes].map(n => n.textContent).join('');
        q.texts++;
        if (m.removedNodes.length && gone === came) q.same[name] = (q.same[name] || 0) + 1;
      }
    });
    o.observe(document.querySelector(sel), { childList: true, subtree: true });
    obs.push(o);
  }
  const d = new MutationObserver(list => {
    for (const m of list) {
      if (!m.target.classList || !m.target.classList.contains('token')) continue;
      q.style++;
      if (m.target.classList.contains('off-view')) q.offView++;
    }
  });
  d.observe(document.querySelector('#diagram'), { attributes: true, attributeFilter: ['style'], subtree: true });
  obs.push(d);
  window.perfQuietStop = () => obs.forEach(o => { o.takeRecords(); o.disconnect(); });
  return true;
})()`)
	time.Sleep(window)
	type got struct {
		Same    map[string]int64 `json:"same"`
		OffView int64            `json:"offView"`
		Style   int64            `json:"style"`
		Texts   int64            `json:"texts"`
	}
	g := eval[got](t, ctx, `(() => { const q = window.perfQuiet; window.perfQuietStop(); return q })()`)
	q.draws = eval[int64](t, ctx, draws) - d0
	playing(t, ctx, false)
	q.sameText, q.offView, q.styleAll, q.textsSeen = g.Same, g.OffView, g.Style, g.Texts
	return q
}

// TestBrowserPerfQuietWrites plays the 64-task run at 60 and 1,000
// steps/s and fails when a draw writes what it shows already (the same
// text in the controls bar or the narration) or places a token that is
// not displayed (quietWrites). It counts writes, never a time.
func TestBrowserPerfQuietWrites(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	tokens := `document.querySelectorAll('#diagram [data-pid]').length >= 64`
	judged := 0
	for _, speed := range []float64{60, 1000} {
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		q := measureQuietWrites(t, ctx, speed, 3*time.Second)
		t.Log(q)
		if q.draws >= 5 && q.textsSeen > 0 {
			judged++
		}
		for k, n := range q.sameText {
			t.Errorf("at %.0f steps/s the page wrote the same text again into %s %d times in %d draws; want a text written only when it changes", speed, k, n, q.draws)
		}
		if q.offView > 0 {
			t.Errorf("at %.0f steps/s the page wrote %d transforms on tokens scrolled out of their box (not displayed) in %d draws; want none", speed, q.offView, q.draws)
		}
	}
	// A machine too busy to let the page draw while playing says nothing
	// either way; at least one speed must have been seen drawing.
	if judged == 0 {
		t.Errorf("the page drew fewer than 5 times in 3 s of playing at both speeds: nothing was measured")
	}
}

// TestBrowserPerfRelayout checks that what a draw changes in the step
// counter, the scrubber and the narration while playing is laid out inside
// their boxes (relayout boundaries: app.css, issue 14, part 2), not with the
// whole page: for each, it writes a new value as a draw does (a step number
// of as many digits, the scrubber's value, a narration of as many
// characters), lays the page out, and reads the Layout event of a DevTools
// trace: a partial layout of a few objects, where a layout of the page
// walks about 5,800. The code panes (a chip moved to another line) and the
// drawing (a token moved to another state's box) are boundaries as well,
// larger ones: a layout of their own objects, not the page's. It counts
// layout objects, never a time. Then it plays at 60 steps/s, where a
// step's sentence often takes one line and the next two, and checks that
// the narration's box only grows while playing (a box that followed the
// sentences moved the page under it at every step and laid it all out)
// and fits its sentence again once playing stops; and it logs the page's
// layouts while playing (tracePaint).
func TestBrowserPerfRelayout(t *testing.T) {
	ctx, base := perfTab(t, 3*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	tokens := `document.querySelectorAll('#diagram [data-pid]').length >= 64`
	openLink(t, ctx, base, workload.Endless(64, 4), 1234, tokens)
	time.Sleep(500 * time.Millisecond)
	// most: the layout objects a write may lay out (the page has about
	// 5,500 at this size; the code panes in sight about 500, where all of them
	// were 2,500 before panes out of sight were skipped; the drawing 360).
	writes := []struct {
		name, js string
		most     int64
		// prep, when set, runs first and two frames pass: the code panes are
		// scrolled into sight, as a pane out of sight is not laid out at all
		// (content-visibility).
		prep string
	}{
		{"the step counter", `(() => { const n = document.querySelector('#step-counter .n'); n.textContent = n.textContent === '1234' ? '1235' : '1234' })()`, 50, ""},
		{"the scrubber", `(() => { const s = document.querySelector('#scrubber'); s.value = String(Number(s.value) === 1234 ? 1235 : 1234) })()`, 50, ""},
		{"the narration", `(() => { const n = document.querySelector('#narration .narr-text'); n.textContent = n.textContent.replace(/[0-9]/g, d => String((Number(d) + 1) % 10)) })()`, 50, ""},
		{"the code panes", `(() => { const c = document.querySelector('#code .lines .marks .chip'); const to = [...document.querySelectorAll('#code .lines .marks')].find(m => !m.contains(c)); to.append(c) })()`, 1200, `document.querySelector('#code .lines .marks .chip').closest('.prog').scrollIntoView({ block: 'nearest' })`},
		{"the drawing", `(() => { const tk = document.querySelector('#diagram .token:not(.off-view)'); const to = [...document.querySelectorAll('#diagram .node-tokens')].find(g => !g.contains(tk)); to.append(tk) })()`, 900, ""},
	}
	type layoutEvent struct {
		Name string `json:"name"`
		Args struct {
			BeginData layoutBegin `json:"beginData"`
		} `json:"args"`
	}
	// At 1280 px the drawing is absolutely placed in its card (the wide
	// layout); at 900 px it is in the flow, where it was a flex item (no
	// boundary) until .diagram became a block.
	for _, width := range []int64{1280, 900} {
		do(t, ctx, chromedp.EmulateViewport(width, 800))
		time.Sleep(300 * time.Millisecond)
		for _, w := range writes {
			if w.prep != "" {
				eval[bool](t, ctx, `(() => { `+w.prep+`; return true })()`)
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
					t.Fatal(err)
				}
			}
			// Nothing waits to be laid out when the trace starts.
			eval[int64](t, ctx, `document.body.offsetHeight`)
			var layouts []layoutEvent
			for _, v := range collectTrace(t, ctx, []string{"devtools.timeline", "disabled-by-default-devtools.timeline"}, func() {
				eval[int64](t, ctx, `(() => { `+w.js+`; return document.body.offsetHeight })()`)
			}) {
				var e layoutEvent
				if json.Unmarshal([]byte(v), &e) == nil && e.Name == "Layout" {
					layouts = append(layouts, e)
				}
			}
			if len(layouts) == 0 {
				t.Errorf("writing into %s: no layout in the trace", w.name)
			}
			// Every layout in the trace walks a few objects: the box's, and at
			// times another document's (a whole layout of 5 objects, seen).
			partial := 0
			for _, l := range layouts {
				b := l.Args.BeginData
				t.Logf("%d px wide, writing into %s: a layout of %d objects (%d dirty), partial %v", width, w.name, b.TotalObjects, b.DirtyObjects, b.PartialLayout)
				if b.PartialLayout {
					partial++
				}
				if b.TotalObjects > w.most {
					t.Errorf("%d px wide, writing into %s laid out %d objects (partial %v); want at most %d (the box alone, not the page)", width, w.name, b.TotalObjects, b.PartialLayout, w.most)
				}
			}
			if partial == 0 {
				t.Errorf("%d px wide, writing into %s: no partial layout (of the box alone) in the trace", width, w.name)
			}
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 800))

	// The narration while playing: its box's heights as written, and the
	// sentences' own heights (a ResizeObserver on the sentence).
	openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
	eval[bool](t, ctx, `(() => {
  const box = document.querySelector('#narration .narr-in');
  window.narrWrites = []; window.narrHeights = new Set();
  window.__errs = []; window.addEventListener('error', e => window.__errs.push(String(e.message)));
  new MutationObserver(() => window.narrWrites.push(parseFloat(box.style.height))).observe(box, { attributes: true, attributeFilter: ['style'] });
  new ResizeObserver(es => { for (const e of es) window.narrHeights.add(Math.round(e.contentRect.height)) }).observe(box.firstElementChild);
  return true })()`)
	setSpeed(t, ctx, 60)
	playing(t, ctx, true)
	time.Sleep(2 * time.Second)
	writes2 := eval[[]float64](t, ctx, `window.narrWrites`)
	heights := eval[int](t, ctx, `window.narrHeights.size`)
	playing(t, ctx, false)
	t.Logf("the narration while playing 2 s at 60 steps/s: sentences of %d heights, the box's heights written %v", heights, writes2)
	if heights < 2 {
		t.Errorf("the sentences shown while playing all had one height; want sentences of one line and of two (this run's), or the check below tells nothing")
	}
	for i := 1; i < len(writes2); i++ {
		if writes2[i] < writes2[i-1] {
			t.Errorf("while playing, the narration's box went from %g px to %g px; want it only to grow while playing", writes2[i-1], writes2[i])
			break
		}
	}
	// (A ResizeObserver's callback that resizes what others watch makes
	// the browser report an error: "ResizeObserver loop completed".)
	if errs := eval[[]string](t, ctx, `window.__errs`); len(errs) > 0 {
		t.Errorf("the page threw while playing: %v", errs)
	}
	waitFor(t, ctx, "the narration's box fitting its sentence once paused", `(() => { const box = document.querySelector('#narration .narr-in'); return Math.abs(parseFloat(box.style.height) - box.firstElementChild.getBoundingClientRect().height) < 0.5 })()`)

	if perfFull() { // a figure it only logs
		openLink(t, ctx, base, workload.Endless(64, 4), 1, tokens)
		t.Log(tracePaint(t, ctx, 60, 2*time.Second))
	}
}
