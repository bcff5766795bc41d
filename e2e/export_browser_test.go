package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// allowDownloads makes the test's browser context save downloads into a
// fresh directory, which it returns.
func allowDownloads(t *testing.T, ctx context.Context) string {
	t.Helper()
	dir := t.TempDir()
	id := chromedp.FromContext(ctx).BrowserContextID
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: id, DownloadPath: dir,
	}); err != nil {
		t.Fatalf("allowing downloads: %v", err)
	}
	return dir
}

// exportFile clicks the Export menu's item data-export=item (opening the
// menu with the button opener first), waits for the page to say it saved
// name, then for the file to be whole in dir, and returns its bytes.
func exportFile(t *testing.T, ctx context.Context, dir, opener, item, name string) []byte {
	t.Helper()
	do(t, ctx, chromedp.Click(opener))
	waitFor(t, ctx, "the Export menu", `!!document.querySelector('#export-menu:not([hidden])')`)
	do(t, ctx, chromedp.Click(fmt.Sprintf(`#export-menu [data-export=%q]`, item)))
	waitFor(t, ctx, "the page to save "+name, fmt.Sprintf(`(() => { const s = document.querySelector('#export-status'); return !!s && s.dataset.file === %q })()`, name))
	p := filepath.Join(dir, name)
	deadline := time.Now().Add(15 * time.Second)
	for {
		// Chromium writes NAME.crdownload and renames it when it is whole.
		data, err := os.ReadFile(p)
		if err == nil && len(data) > 0 {
			if _, err := os.Stat(p + ".crdownload"); errors.Is(err, os.ErrNotExist) {
				do(t, ctx, chromedp.KeyEvent(kb.Escape))
				return data
			}
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("the download %s did not arrive in %s (it holds %v)", name, dir, names)
		}
		time.Sleep(50 * time.Millisecond) // waiting for Chromium to write the file, not for the page
	}
}

// checkSVG checks that data is a whole XML document whose root is an svg
// in the SVG namespace with a viewBox, and that its text holds each of
// want; it returns the text.
func checkSVG(t *testing.T, data []byte, want ...string) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var text strings.Builder
	root := true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if root {
				root = false
				if v.Name.Local != "svg" || v.Name.Space != "http://www.w3.org/2000/svg" {
					t.Fatalf("the root is %v; want svg in the SVG namespace", v.Name)
				}
				attrs := map[string]string{}
				for _, a := range v.Attr {
					attrs[a.Name.Local] = a.Value
				}
				if attrs["viewBox"] == "" || attrs["width"] == "" || attrs["height"] == "" {
					t.Errorf("the svg has viewBox %q width %q height %q; want all three", attrs["viewBox"], attrs["width"], attrs["height"])
				}
			}
		case xml.CharData:
			text.Write(v)
			text.WriteByte(' ')
		}
	}
	if !bytes.Contains(data, []byte(`class="export-bg"`)) {
		t.Errorf("the SVG has no background rectangle")
	}
	if !bytes.Contains(data, []byte("fill:")) || !bytes.Contains(data, []byte("font-family:")) {
		t.Errorf("the SVG carries no inlined styles (fill, font-family)")
	}
	for _, w := range want {
		if !strings.Contains(text.String(), w) {
			t.Errorf("the SVG's text does not hold %q", w)
		}
	}
	return text.String()
}

// pngWidth checks the PNG signature and returns the image's width in pixels.
func pngWidth(t *testing.T, data []byte) int {
	t.Helper()
	sig := []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}
	if len(data) < 24 || !bytes.Equal(data[:8], sig) || string(data[12:16]) != "IHDR" {
		t.Fatalf("not a PNG (%d bytes, starts %q)", len(data), data[:min(len(data), 16)])
	}
	return int(binary.BigEndian.Uint32(data[16:20]))
}

var cjk = regexp.MustCompile(`[\p{Han}]`)

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestBrowserExportDownloads exports through the browser, as a teacher
// would: the state diagram, the timeline, the wait-for graph and the Gantt
// chart as SVG (well-formed XML, an svg root, the PIDs and labels as text)
// and PNG (twice the drawing's width on screen), and the whole run as a
// JSON trace (one event a line, up to the run's last step), in English and
// in Chinese.
func TestBrowserExportDownloads(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
	dir := allowDownloads(t, ctx)
	shots := os.Getenv("PROCLAB_SHOTS")
	keep := func(name string, data []byte) {
		if shots != "" {
			_ = os.WriteFile(filepath.Join(shots, name), data, 0o644)
		}
	}
	waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)
	selectLesson(t, ctx, "lifecycle")
	do(t, ctx, chromedp.Click("#btn-step"), chromedp.KeyEvent(kb.End))
	waitFor(t, ctx, "the last step", `(() => { const c = document.querySelector('#step-counter'); return c.dataset.step === c.dataset.total && c.dataset.total !== '0' })()`)
	n, total := stepShown(t, ctx)

	for _, lang := range []string{"en", "zh"} {
		if lang == "zh" {
			do(t, ctx, chromedp.Click("#btn-lang"))
			waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN'`)
		}
		stem := fmt.Sprintf("proclab-lifecycle-step%d-", n)
		// The diagram and the timeline, both formats.
		for _, d := range []struct{ kind, sel, text string }{
			{"diagram", "#diagram svg.state-diagram", "P2"},
			{"timeline", "#timeline canvas.tl-canvas", "P3"},
		} {
			if lang == "zh" {
				_ = os.Remove(filepath.Join(dir, stem+d.kind+".svg"))
				_ = os.Remove(filepath.Join(dir, stem+d.kind+".png"))
			}
			svg := exportFile(t, ctx, dir, "#btn-export", d.kind+"-svg", stem+d.kind+".svg")
			text := checkSVG(t, svg, d.text)
			keep(lang+"-"+stem+d.kind+".svg", svg)
			if d.kind == "diagram" {
				if hasCJK := cjk.MatchString(text); hasCJK != (lang == "zh") {
					t.Errorf("%s: the diagram's text has Chinese %v; want %v", lang, hasCJK, lang == "zh")
				}
			}
			screen := eval[float64](t, ctx, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().width`, d.sel))
			png := exportFile(t, ctx, dir, "#btn-export", d.kind+"-png", stem+d.kind+".png")
			keep(lang+"-"+stem+d.kind+".png", png)
			if w := pngWidth(t, png); float64(w) < 2*screen {
				t.Errorf("%s: the %s PNG is %d px wide; want at least twice its %.0f px on screen", lang, d.kind, w, screen)
			}
		}
	}

	// The whole run as a JSON trace: every line an event, the last at the
	// run's last step.
	trace := exportFile(t, ctx, dir, "#btn-export", "trace", "proclab-lifecycle-trace.jsonl")
	sc := bufio.NewScanner(bytes.NewReader(trace))
	var lines, last int64
	for sc.Scan() {
		var ev struct {
			Step int64  `json:"step"`
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || ev.Kind == "" {
			t.Fatalf("trace line %q: %v; want an event record", sc.Text(), err)
		}
		lines++
		last = max(last, ev.Step)
	}
	if lines == 0 || last != total {
		t.Errorf("the trace has %d events up to step %d; want events up to the run's %d steps", lines, last, total)
	}

	// The wait-for graph of a deadlock.
	eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'deadlock'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the deadlock lesson", `document.querySelector('#step-counter').dataset.step === '0' && document.body.classList.contains('race-lab')`)
	do(t, ctx, chromedp.Click("#btn-step"), chromedp.KeyEvent(kb.End))
	waitFor(t, ctx, "the wait-for graph", `!!document.querySelector('#problems svg.wait-cycle')`)
	dn, _ := stepShown(t, ctx)
	names := eval[string](t, ctx, `document.querySelector('#problems svg.wait-cycle').dataset.text`)
	wf := exportFile(t, ctx, dir, "#btn-export", "waitfor-svg", fmt.Sprintf("proclab-deadlock-step%d-wait-for.svg", dn))
	checkSVG(t, wf, strings.Fields(names)...)
	keep("wait-for.svg", wf)
	screen := eval[float64](t, ctx, `document.querySelector('#problems svg.wait-cycle').getBoundingClientRect().width`)
	wfp := exportFile(t, ctx, dir, "#btn-export", "waitfor-png", fmt.Sprintf("proclab-deadlock-step%d-wait-for.png", dn))
	keep("wait-for.png", wfp)
	if w := pngWidth(t, wfp); float64(w) < 2*screen {
		t.Errorf("the wait-for PNG is %d px wide; want at least twice its %.0f px on screen", w, screen)
	}

	// The Gantt chart of the scheduling view.
	do(t, ctx, chromedp.Click("#tab-sched"))
	waitFor(t, ctx, "the Gantt chart", `!!document.querySelector('#sched-gantt svg .slice')`)
	policy := eval[string](t, ctx, `document.querySelector('#sched-gantt svg [data-policy]').dataset.policy`)
	job := eval[string](t, ctx, `document.querySelector('#sched-gantt svg .slice').dataset.job`)
	g := exportFile(t, ctx, dir, `#sched-run [data-export-chart="sched-gantt"]`, "gantt-svg", "proclab-sched-"+slugOf("run-"+policy)+"-gantt.svg")
	checkSVG(t, g, job)
	keep("gantt.svg", g)
	screen = eval[float64](t, ctx, `document.querySelector('#sched-gantt svg').getBoundingClientRect().width`)
	gp := exportFile(t, ctx, dir, `#sched-run [data-export-chart="sched-gantt"]`, "gantt-png", "proclab-sched-"+slugOf("run-"+policy)+"-gantt.png")
	keep("gantt.png", gp)
	if w := pngWidth(t, gp); float64(w) < 2*screen {
		t.Errorf("the Gantt PNG is %d px wide; want at least twice its %.0f px on screen", w, screen)
	}
}

func slugOf(s string) string {
	return strings.Trim(regexp.MustCompile(`[^a-z0-9_-]+`).ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// TestBrowserHandout opens the handout of a lesson from the Export menu, in
// English and in Chinese: it names the lesson, lists the steps its rule
// picks (the first and the last among them) with a sentence and a state
// diagram each, lists every step with "Every step" ticked, and prints to a
// PDF that is not empty.
func TestBrowserHandout(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	shots := os.Getenv("PROCLAB_SHOTS")
	for _, lang := range []string{"en", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			do(t, ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/"))
			waitFor(t, ctx, "the lesson list", `!!document.querySelector('#lesson-select option[value="lifecycle"]')`)
			if eval[string](t, ctx, `document.documentElement.lang`) != lang {
				do(t, ctx, chromedp.Click("#btn-lang"))
				waitFor(t, ctx, "the language", fmt.Sprintf(`document.documentElement.lang === %q`, lang))
			}
			eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'lifecycle'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
			waitFor(t, ctx, "the lesson", `document.querySelector('#step-counter').dataset.total !== '0'`)
			_, total := stepShown(t, ctx)
			title := eval[string](t, ctx, `document.querySelector('#lesson-title').textContent`)
			do(t, ctx, chromedp.Click("#btn-export"))
			// The menu is made once export.js has loaded (on the button's first click: web/js/lazy.js).
			waitFor(t, ctx, "the handout link", `/handout\.html#s=1\./.test(document.querySelector('#export-menu [data-export="handout"]')?.href || '')`)
			href := eval[string](t, ctx, `document.querySelector('#export-menu [data-export="handout"]').href`)
			do(t, ctx, chromedp.Navigate(href))
			waitFor(t, ctx, "the handout", `document.body.dataset.ready === '1'`)

			if got := eval[string](t, ctx, `document.documentElement.lang`); got != lang {
				t.Errorf("the handout is in %q; want %q, the page's", got, lang)
			}
			if got := eval[string](t, ctx, `document.querySelector('#handout-title').textContent`); got != title {
				t.Errorf("the handout's title is %q; want the lesson's %q", got, title)
			}
			type stepInfo struct {
				Step     string `json:"step"`
				Text     string `json:"text"`
				Diagrams int    `json:"diagrams"`
				Tokens   int    `json:"tokens"`
			}
			readSteps := func() ([]stepInfo, string) {
				return eval[[]stepInfo](t, ctx, `[...document.querySelectorAll('#handout-steps li.handout-step')].map(li => ({
					step: li.dataset.step, text: li.querySelector('.handout-narration').textContent,
					diagrams: li.querySelectorAll('svg.state-diagram').length, tokens: li.querySelectorAll('svg.state-diagram [data-pid]').length }))`),
					eval[string](t, ctx, `document.querySelector('#handout-steps').dataset.listed`)
			}
			steps, listed := readSteps()
			if fmt.Sprint(len(steps)) != listed || len(steps) < 3 || int64(len(steps)) >= total {
				t.Fatalf("the handout lists %d steps (data-listed %s) of %d; want at least 3, fewer than all (the rule leaves the routine out)", len(steps), listed, total)
			}
			if steps[0].Step != "1" || steps[len(steps)-1].Step != fmt.Sprint(total) {
				t.Errorf("the handout lists steps %s..%s; want 1..%d", steps[0].Step, steps[len(steps)-1].Step, total)
			}
			for _, s := range steps {
				if s.Diagrams != 1 || s.Tokens == 0 || strings.TrimSpace(s.Text) == "" {
					t.Errorf("step %s has %d diagrams with %d tokens and sentence %q; want one diagram with tokens and a sentence", s.Step, s.Diagrams, s.Tokens, s.Text)
				}
				if lang == "zh-CN" && !cjk.MatchString(s.Text) {
					t.Errorf("step %s says %q; want Chinese", s.Step, s.Text)
				}
			}
			if shots != "" {
				shot(t, ctx, "handout-"+lang)
			}
			pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: ptr(true)})
			if err != nil {
				t.Fatalf("printing to PDF: %v", err)
			}
			if pages := len(pdfPage.FindAll(pdf.Data, -1)); !bytes.HasPrefix(pdf.Data, []byte("%PDF-")) || len(pdf.Data) < 20_000 || pages < 2 {
				t.Errorf("the PDF is %d bytes with %d pages; want a PDF of several pages", len(pdf.Data), pages)
			}
			if shots != "" {
				_ = os.WriteFile(filepath.Join(shots, "handout-"+lang+".pdf"), pdf.Data, 0o644)
			}

			do(t, ctx, chromedp.Click("#handout-all"))
			waitFor(t, ctx, "every step", fmt.Sprintf(`document.querySelectorAll('#handout-steps li.handout-step').length === %d`, total))
			if all, _ := readSteps(); len(all) != int(total) {
				t.Errorf("with every step ticked the handout lists %d steps; want %d", len(all), total)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
