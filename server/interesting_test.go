package server

import (
	"testing"

	"proclab/assets"
	"proclab/lab"
)

// TestNextInterestingCommand walks a lesson with next_interesting from a
// step in its middle: each answer names the step the lab's own search
// finds from the same cursor, a snapshot of that step follows with an
// event of the reason's kind, and at the end the answer is "none found",
// nothing moves and the session still answers. Bad kinds are refused with
// bad_field and change nothing.
func TestNextInterestingCommand(t *testing.T) {
	// The wire kinds of the events each reason stops at (lab.ReasonOf).
	kinds := map[string][]string{
		"fork": {"created"}, "exit": {"exit"}, "reap": {"reaped"}, "orphan": {"reparented"},
		"signal": {"signal_delivered"}, "race": {"race", "lost_update", "cs_violation"},
		"deadlock": {"deadlock", "all_asleep"}, "boost": {"level"}, "cow": {"page_copy"}, "ipc_block": {"state"},
		"exec": {"exec"},
	}
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lesson string
		from   int64
		kinds  []string
		want   string // a reason that must be among the stops
	}{
		{"orphans", 0, nil, "orphan"},
		{"fork-exec", 0, nil, "exec"}, // N went from step 3 to 9, past the exec at 5
		{"orphans", 3, []string{"reap"}, "reap"},
		{"mlfq", 0, []string{"boost"}, "boost"},
		{"lost-update", 0, nil, "race"},
	}
	for _, tc := range tests {
		t.Run(tc.lesson, func(t *testing.T) {
			_, ts := newTestServer(t, Budgets{})
			c := dial(t, ts)
			c.send(map[string]any{"type": "load", "lesson": tc.lesson, "step": tc.from})
			total := num(c.expect("loaded"), "total")
			c.expect("snapshot")
			oracle := lab.NewSession(ls)
			if _, err := oracle.Load(lab.LoadRequest{Lesson: tc.lesson, Step: tc.from}, nil); err != nil {
				t.Fatal(err)
			}
			want, _ := lab.ParseReasons(tc.kinds)
			at, seen := tc.from, map[string]bool{}
			for range total + 1 {
				msg := map[string]any{"type": "next_interesting"}
				if tc.kinds != nil {
					msg["kinds"] = tc.kinds
				}
				c.send(msg)
				got := c.expect("interesting")
				sc := oracle.NextInteresting(want, nil)
				if num(got, "from") != at || got["found"] != sc.Found || num(got, "searched") != sc.Searched || got["complete"] != true {
					t.Fatalf("from %d: got %v; want found %v, searched %d", at, got, sc.Found, sc.Searched)
				}
				if !sc.Found {
					break
				}
				if num(got, "step") != sc.Hit.Step || got["reason"] != string(sc.Hit.Reason) || num(got, "task") != int64(sc.Hit.Task) {
					t.Fatalf("from %d: got %v; want %+v", at, got, sc.Hit)
				}
				snap := c.expect("snapshot")
				if num(snap, "step") != sc.Hit.Step {
					t.Fatalf("the snapshot after the answer is of step %d; want %d", num(snap, "step"), sc.Hit.Step)
				}
				if !hasKind(snap, sc.Hit.Step, kinds[string(sc.Hit.Reason)]) {
					t.Errorf("step %d (%s): the snapshot has no event of kind %v", sc.Hit.Step, sc.Hit.Reason, kinds[string(sc.Hit.Reason)])
				}
				seen[string(sc.Hit.Reason)] = true
				at = sc.Hit.Step
				oracle.At(at)
			}
			if !seen[tc.want] {
				t.Errorf("no stop for %q (saw %v)", tc.want, seen)
			}
			// Nothing moved: a step goes on from the last stop.
			c.send(map[string]any{"type": "seek", "step": at})
			if snap := c.expect("snapshot"); num(snap, "step") != at {
				t.Errorf("after the last answer the session is at %d; want %d", num(snap, "step"), at)
			}
		})
	}
}

// hasKind reports whether the snapshot has an event of step k of one of
// the wire kinds.
func hasKind(snap map[string]any, k int64, kinds []string) bool {
	evs, _ := snap["events"].([]any)
	for _, x := range evs {
		ev, _ := x.(map[string]any)
		if num(ev, "step") != k {
			continue
		}
		for _, kind := range kinds {
			if ev["kind"] == kind {
				return true
			}
		}
	}
	return false
}

func TestNextInterestingRefusals(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "next_interesting"})
	if e := c.expect("error"); e["code"] != "no_scenario" {
		t.Errorf("next_interesting before a load: %v; want no_scenario", e)
	}
	c.send(map[string]any{"type": "load", "lesson": "orphans", "step": 2})
	c.expect("loaded")
	c.expect("snapshot")
	for _, raw := range []string{
		`{"v":1,"type":"next_interesting","kinds":["fork","boom"]}`,
		`{"v":1,"type":"next_interesting","kinds":["fork","fork"]}`,
		`{"v":1,"type":"next_interesting","kinds":"fork"}`,
	} {
		c.sendRaw(raw)
		e := c.expect("error")
		if e["code"] != "bad_field" && e["code"] != "bad_json" {
			t.Errorf("%s: %v; want bad_field or bad_json", raw, e)
		}
	}
	c.send(map[string]any{"type": "step"})
	if ev := c.expect("events"); num(ev, "step") != 3 {
		t.Errorf("after the refusals a step went to %d; want 3", num(ev, "step"))
	}
}
