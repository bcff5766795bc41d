package server

import (
	"strings"
	"testing"
)

func TestLoadOstepOverWebsocket(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "ostep": "process-run -l 2:100,2:0 -s 1 -L 2", "step": 3})
	loaded := c.expect("loaded")
	if !strings.Contains(loaded["title"].(map[string]any)["en"].(string), "process-run") || len(loaded["programs"].([]any)) != 2 {
		t.Fatalf("loaded %v", loaded)
	}
	if snap := c.expect("snapshot"); num(snap, "step") != 3 {
		t.Errorf("opened at step %d", num(snap, "step"))
	}
	c.send(map[string]any{"type": "step"})
	if ev := c.expect("events"); num(ev, "step") != 4 {
		t.Errorf("stepped to %d", num(ev, "step"))
	}
	for _, bad := range []string{"process-run -S SOMETIMES", "scheduler -l 1,2", "rm -rf /", "process-run -P c1 'unterminated"} {
		c.send(map[string]any{"type": "load", "ostep": bad})
		if e := c.expect("error"); e["code"] != "bad_field" {
			t.Errorf("%s: %v", bad, e)
		}
	}
	c.send(map[string]any{"type": "back"})
	if snap := c.expect("snapshot"); num(snap, "step") != 3 {
		t.Errorf("after refused loads the session is at %d; want 3", num(snap, "step"))
	}
}
