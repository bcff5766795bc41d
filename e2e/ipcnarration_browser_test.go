package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"proclab/sim"
)

// TestBrowserNarrationSaysTheIPC opens the IPC and copy-on-write lessons at
// steps where a routine scheduling event happens beside the lesson's own:
// the step's sentence must say the lesson's (it said "the scheduler
// dispatches P3" where P3 wrote 8,192 bytes and filled the pipe, and "P2
// is dispatched" where the kernel made a page writable without a copy).
func TestBrowserNarrationSaysTheIPC(t *testing.T) {
	t.Parallel() // its own server and browser context
	ctx, base := browser(t)
	for _, c := range []struct {
		lesson string
		step   int
		says   string
	}{
		{"pipes", 12, "writes 8192 bytes"},
		{"mqueue", 6, "sends a message of 100 bytes"},
		{"mqueue", 10, "receives"},
		{"sockets", 10, "sends 5 bytes"},
		{"cow", 11, "without copying"},
		{"cow", 13, "copies heap page 1"},
	} {
		hash := shareFragment(t, map[string]any{"l": c.lesson, "n": c.step, "g": "en", "e": sim.SemanticsVersion})
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/"+hash))
		waitFor(t, ctx, "the link's step", fmt.Sprintf(`document.body.dataset.step === '%d'`, c.step))
		if got := eval[string](t, ctx, `document.querySelector('#narration').textContent`); !strings.Contains(got, c.says) {
			t.Errorf("%s, step %d: the narration says %q; want it to say %q", c.lesson, c.step, got, c.says)
		}
	}
}
