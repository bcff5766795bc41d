package server

import (
	"encoding/json"
	"testing"
)

func TestRaceSessionSharedState(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "lesson": "mutex"})
	loaded := c.expect("loaded")
	if len(loaded["vars"].([]any)) != 1 || len(loaded["objects"].([]any)) != 1 || len(loaded["expects"].([]any)) != 1 {
		t.Fatalf("loaded vars/objects/expects: %v %v %v", loaded["vars"], loaded["objects"], loaded["expects"])
	}
	prog := loaded["programs"].([]any)[0].(map[string]any)
	if prog["thread"] != true || len(prog["code"].([]any)) < 5 {
		t.Fatalf("program %v", prog)
	}
	c.expect("snapshot")
	// Step until t2 blocks on the mutex: the object shows holder and queue.
	for range 10 {
		c.send(map[string]any{"type": "step"})
		ev := c.expect("events")
		objs := ev["objects"].([]any)
		m := objs[0].(map[string]any)
		if len(m["waiters"].([]any)) == 1 {
			if num(m, "holder") != 2 || m["waiters"].([]any)[0].(float64) != 3 {
				t.Errorf("mutex %v; want holder 2 and waiter 3", m)
			}
			return
		}
	}
	t.Error("t2 never waited in the mutex's queue")
}

func TestManualChooseAndExplore(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "lesson": "lost-update", "manual": true, "interleave": true})
	c.expect("loaded")
	snap := c.expect("snapshot")
	d, ok := snap["decision"].(map[string]any)
	if !ok || len(d["candidates"].([]any)) != 2 {
		t.Fatalf("no decision at the start of a manual run: %v", snap["decision"])
	}
	// Run t1's three micro-steps, then t2's: no update is lost.
	for _, pid := range []int{2, 2, 2} {
		c.send(map[string]any{"type": "choose", "pid": pid})
		c.expect("events")
		st := c.expect("status")
		_ = st
	}
	c.send(map[string]any{"type": "choose", "pid": 99})
	if e := c.expect("error"); e["code"] != "no_decision" {
		t.Errorf("a bad choice: %v", e)
	}
	c.send(map[string]any{"type": "seek", "step": 1000})
	end := c.expect("snapshot")
	if vars := end["vars"].([]any); vars[0].(float64) != 2 {
		t.Errorf("counter %v after running t1 first; want 2", vars)
	}

	c.send(map[string]any{"type": "explore"})
	ex := c.expect("explored")
	outs := ex["outcomes"].([]any)
	if len(outs) != 2 || ex["complete"] != true {
		t.Fatalf("explored %v", ex)
	}
	// Load the losing outcome's witness: it ends with counter 1.
	for _, o := range outs {
		om := o.(map[string]any)
		if om["vars"].(map[string]any)["counter"].(float64) != 1 {
			continue
		}
		w, _ := json.Marshal(om["witness"])
		var witness []int
		json.Unmarshal(w, &witness)
		c.send(map[string]any{"type": "load", "lesson": "lost-update", "choices": witness, "interleave": true, "step": 1000})
		c.expect("loaded")
		snap := c.expect("snapshot")
		if vars := snap["vars"].([]any); vars[0].(float64) != 1 {
			t.Errorf("the witness %v ends with counter %v; want 1", witness, vars)
		}
		return
	}
	t.Error("no outcome with counter 1")
}
