package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLayoutWidths checks the common laptop and window widths
// between the four sizes TestBrowserLayout looks at closely: at none of
// them, in either language, with a lesson, the scheduling view or the
// live lab shown, is the page wider than the screen (the header, with its
// four tabs, was 1620 px wide in English from 1401 to 1680 px).
func TestBrowserLayoutWidths(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	widths := []int64{1181, 1240, 1366, 1440, 1536, 1600, 1680, 1760, 1820, 1880, 1910, 1920, 2000}
	for _, lang := range []string{"en", "zh-CN"} {
		do(t, ctx, chromedp.EmulateViewport(1440, 900, chromedp.EmulateLandscape), chromedp.Navigate(base+"/?lang="+lang))
		waitFor(t, ctx, "the lesson list", `document.body.dataset.ready === '1' && document.querySelectorAll('#lesson-select option[value]:not([value=""])').length >= 18`)
		eval[bool](t, ctx, `(() => { const s = document.querySelector('#lesson-select'); s.value = 'orphans'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
		waitFor(t, ctx, "orphans loaded", `Number(document.querySelector('#step-counter').dataset.total) > 0`)
		for _, view := range []string{"proc", "sched", "race", "live"} {
			do(t, ctx, chromedp.Click("#tab-"+view))
			waitFor(t, ctx, "the "+view+" tab", fmt.Sprintf(`document.querySelector('#tab-%s').getAttribute('aria-selected') === 'true'`, view))
			for _, w := range widths {
				do(t, ctx, chromedp.EmulateViewport(w, 900, chromedp.EmulateLandscape))
				got := eval[[]float64](t, ctx, `[document.documentElement.scrollWidth, innerWidth]` /* reading them lays the page out at the new size */)
				if got[0] > float64(w)+1 || got[1] > float64(w)+1 {
					wide := eval[string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect(); return r.width && r.right > %d + 1; }).slice(0, 4).map(e => e.id || e.tagName).join(', ')`, w))
					t.Errorf("%s, %s tab, %d px: the page is %.0f px wide (sticking out: %s)", lang, view, w, got[0], wide)
				}
			}
		}
	}
}
