package server

import (
	"fmt"
	"strings"
	"testing"
)

// unequalThreads returns n threads that each add their own number to a
// shared counter k times: no two are alike, so symmetry cannot shrink it
// and explore runs long (past the state bound).
func unequalThreads(n, k int) string {
	var b strings.Builder
	b.WriteString("var c = 0\n")
	for t := range n {
		fmt.Fprintf(&b, "thread t%d\n%s", t, strings.Repeat(fmt.Sprintf("  c = c + %d\n", t+1), k))
	}
	return b.String()
}

// expectSkippingProgress reads messages up to the next one of type typ,
// skipping explore_progress messages, and returns it with the progress
// messages it skipped.
func expectSkippingProgress(c *client, typ string) (map[string]any, []map[string]any) {
	c.t.Helper()
	var progress []map[string]any
	for {
		m := c.read()
		if m["type"] == "explore_progress" {
			progress = append(progress, m)
			continue
		}
		if m["type"] != typ {
			c.t.Fatalf("got %v message %v; want %s", m["type"], m, typ)
		}
		return m, progress
	}
}

// checkProgress checks an explore_progress message's fields.
func checkProgress(t *testing.T, m map[string]any) {
	t.Helper()
	pct, _ := m["percent"].(float64)
	if num(m, "v") != 1 || num(m, "states") <= 0 || num(m, "frontier") <= 0 || num(m, "per_second") <= 0 || pct <= 0 || pct > 100 {
		t.Errorf("explore_progress %v; want v 1, states, frontier and per_second > 0, percent in (0, 100]", m)
	}
}

// TestExploreProgressAndCancel: a long explore streams explore_progress;
// cancel_explore stops it, and it answers explored marked incomplete and
// cancelled; the session goes on.
func TestExploreProgressAndCancel(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "scenario": unequalThreads(5, 3)})
	c.expect("loaded")
	c.expect("snapshot")
	c.send(map[string]any{"type": "explore"})
	checkProgress(t, c.expect("explore_progress"))
	c.send(map[string]any{"type": "cancel_explore"})
	x, progress := expectSkippingProgress(c, "explored")
	for _, p := range progress {
		checkProgress(t, p)
	}
	if x["complete"] != false || x["cancelled"] != true {
		t.Errorf("explored complete %v, cancelled %v; want false, true", x["complete"], x["cancelled"])
	}
	c.send(map[string]any{"type": "step"})
	c.expect("events")
}

// TestExploreCancelOrder: a cancel cancels the explores sent before it,
// even one still queued, and no explore sent after it; a cancel with no
// explore before it does nothing.
func TestExploreCancelOrder(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "cancel_explore"}) // nothing to cancel
	c.send(map[string]any{"type": "load", "lesson": "lost-update"})
	c.expect("loaded")
	c.expect("snapshot")
	c.send(map[string]any{"type": "explore"})
	if x, _ := expectSkippingProgress(c, "explored"); x["complete"] != true || x["cancelled"] != nil {
		t.Errorf("explore after a stray cancel: complete %v, cancelled %v; want true, absent", x["complete"], x["cancelled"])
	}
	c.send(map[string]any{"type": "load", "scenario": unequalThreads(5, 3)})
	c.expect("loaded")
	c.expect("snapshot")
	c.send(map[string]any{"type": "explore"})
	c.send(map[string]any{"type": "cancel_explore"})
	if x, _ := expectSkippingProgress(c, "explored"); x["complete"] != false || x["cancelled"] != true {
		t.Errorf("explore cancelled at once: complete %v, cancelled %v; want false, true", x["complete"], x["cancelled"])
	}
	c.send(map[string]any{"type": "load", "lesson": "lost-update"})
	c.expect("loaded")
	c.expect("snapshot")
	c.send(map[string]any{"type": "explore"})
	if x, _ := expectSkippingProgress(c, "explored"); x["complete"] != true || x["cancelled"] != nil {
		t.Errorf("explore after a cancelled one: complete %v, cancelled %v; want true, absent", x["complete"], x["cancelled"])
	}
}
