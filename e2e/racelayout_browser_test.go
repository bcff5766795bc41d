package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRaceLessonReadingOrder checks where a race lesson's parts sit
// on the projectors' screens. Below 1600 px the lesson's text and programs
// come right after the first screen, before the timeline (at 1280x720 the
// title was 1,200 px down, under who-runs-next, explore and the timeline);
// explore's outcomes fit their card wherever it is, with every "load this
// schedule" button inside it (in the narrow column the table ran out of the
// card and the page scrolled sideways); and where the race cards share a
// row, who-runs-next is not a narrow column beside empty space.
func TestBrowserRaceLessonReadingOrder(t *testing.T) {
	t.Parallel()
	ctx, base := browser(t)
	for _, sz := range []struct {
		w, h   int64
		shared bool // who runs next and explore side by side
	}{{1280, 720, false}, {1024, 768, false}, {1920, 1080, true}} {
		for _, lang := range []string{"en", "zh-CN"} {
			name := fmt.Sprintf("%dx%d/%s", sz.w, sz.h, lang)
			do(t, ctx, chromedp.EmulateViewport(sz.w, sz.h, chromedp.EmulateLandscape), chromedp.Navigate(base+"/?lang="+lang))
			waitFor(t, ctx, "the page", `document.body.dataset.ready === '1'`)
			openLesson(t, ctx, "lost-update")
			top := func(sel string) float64 {
				return eval[float64](t, ctx, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().top + scrollY`, sel))
			}
			title, timeline := top("#lesson-title"), top(".timeline-card")
			if title > timeline {
				t.Errorf("%s: the lesson's title is at %.0f px, under the timeline (%.0f px)", name, title, timeline)
			}
			if sz.w < 1600 {
				if h := float64(sz.h); title > 1.3*h {
					t.Errorf("%s: the lesson's title is at %.0f px, more than 1.3 screens down", name, title)
				}
				if code := top("#code"); code > timeline {
					t.Errorf("%s: the programs are at %.0f px, under the timeline (%.0f px)", name, code, timeline)
				}
			}
			do(t, ctx, chromedp.Click("#btn-explore"))
			waitFor(t, ctx, "the outcomes", `document.querySelectorAll('#explored table.outcomes tbody tr').length === 2`)
			fit := eval[string](t, ctx, `(() => {
				const card = document.querySelector('#explore-card').getBoundingClientRect();
				const out = [];
				if (document.documentElement.scrollWidth > innerWidth) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
				for (const e of document.querySelectorAll('#explored button, #explored td')) {
					const r = e.getBoundingClientRect();
					if (r.left < card.left - 0.5 || r.right > card.right + 0.5) out.push((e.textContent || '').trim().slice(0, 20) + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + ' outside the card ' + Math.round(card.left) + '..' + Math.round(card.right));
				}
				return out.join('; ');
			})()`)
			if fit != "" {
				t.Errorf("%s: %s", name, fit)
			}
			runner, explore := top("#runner-card"), top("#explore-card")
			if sz.shared && runner != explore {
				t.Errorf("%s: who-runs-next at %.0f px and explore at %.0f px: not one row", name, runner, explore)
			}
			if sz.shared {
				if w := eval[float64](t, ctx, `document.querySelector('#runner-card').getBoundingClientRect().width + document.querySelector('#explore-card').getBoundingClientRect().width + 16 - document.querySelector('#race').getBoundingClientRect().width`); w < -2 {
					t.Errorf("%s: the race cards leave %.0f px of their row empty", name, -w)
				}
			}
			shot(t, ctx, "race-order-"+fmt.Sprintf("%dx%d-%s", sz.w, sz.h, lang))
		}
	}
}
