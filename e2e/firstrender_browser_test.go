package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"proclab/internal/workload"
)

// firstRenderProbe, run in the page before its own scripts, keeps in
// window.firstRenderProbe when the page sent a load command, when each
// websocket message of more than 1,000 bytes was handed to the page (its
// type and length), when the task after the `loaded` message's began (the
// page's handling of it done), and how long JSON.parse took on each
// string over 100,000 characters. Times are performance.now(), ms.
const firstRenderProbe = `(() => {
  const p = window.firstRenderProbe = [];
  const parse = JSON.parse;
  JSON.parse = function (s, r) {
    const t0 = performance.now(); const v = parse.call(this, s, r);
    if (typeof s === 'string' && s.length > 100000) p.push({ what: 'parse', at: t0, ms: performance.now() - t0, bytes: s.length });
    return v;
  };
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', ev => {
        const d = ev.data;
        if (typeof d !== 'string' || d.length <= 1000) return;
        const type = (/"type":"([a-z_]+)"/.exec(d.slice(0, 40)) || [])[1] || '?';
        p.push({ what: type, at: performance.now(), bytes: d.length });
        if (type === 'loaded') setTimeout(() => p.push({ what: 'loaded handled', at: performance.now() }), 0);
      });
    }
    send(d) {
      if (typeof d === 'string' && d.includes('"type":"load"')) { p.length = 0; p.push({ what: 'load sent', at: performance.now() }); }
      return super.send(d);
    }
  };
})()`

// TestBrowserFirstRenderTimeline opens the largest run's share link three
// times and logs where the time from the load command to the snapshot
// drawn goes: the server's answer (the loaded message), the page's
// handling of it, the snapshot message, JSON.parse, and the page's fold and
// draw (drawStats). It measures; its only checks are that the page draws
// the run and that the messages come in their order.
func TestBrowserFirstRenderTimeline(t *testing.T) {
	ctx, base := perfTab(t, 5*time.Minute)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: firstRenderProbe}); err != nil {
		t.Fatalf("Page.addScriptToEvaluateOnNewDocument: %v", err)
	}
	for range 3 {
		openLink(t, ctx, base, workload.Largest(), 3906, `document.querySelectorAll('#diagram [data-pid]').length >= 3000`)
		line := eval[string](t, ctx, `(() => {
  const p = window.firstRenderProbe || [];
  const t0 = p.length ? p[0].at : 0;
  return p.map(x => x.what + ' ' + (x.at - t0).toFixed(0) + ' ms' + (x.ms !== undefined ? ' (' + x.ms.toFixed(1) + ' ms)' : '') + (x.bytes ? ' ' + x.bytes + ' B' : '')).join('; ');
})()`)
		t.Logf("%s; %s", line, loadToDraw(t, ctx))
		order := []string{"load sent", "loaded ", "snapshot ", "parse "}
		at := 0
		for _, w := range order {
			i := strings.Index(line[at:], w)
			if i < 0 {
				t.Fatalf("got the timeline %q; want %q in the order %q", line, w, order)
			}
			at += i
		}
	}
}
