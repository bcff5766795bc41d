package server

import (
	"strings"
	"testing"

	"proclab/sim/ostep"
)

// TestProcessRunFrames checks the drawn run against the simulator's own
// states, tick by tick, and that folding each frame's state events over the
// previous frame gives the next one (what the browser does).
func TestProcessRunFrames(t *testing.T) {
	for _, cmd := range []string{
		"-l 3:50,3:50,2:100 -s 3",
		"-P c2,i,c1:c3,i -L 2 -I IO_RUN_IMMEDIATE",
		"-P i,c2:c3 -S SWITCH_ON_END -L 3",
	} {
		args, _ := ostep.SplitArgs(cmd)
		run, err := ostep.ProcessRun(args)
		if err != nil {
			t.Fatal(err)
		}
		src := processRunFrames(run)
		if src.Total() != int64(len(run.Ticks)) {
			t.Fatalf("%s: %d frames for %d ticks", cmd, src.Total(), len(run.Ticks))
		}
		for i, tick := range run.Ticks {
			f := src.frames[i+1]
			prev := map[int]string{}
			for _, task := range src.frames[i].tasks {
				prev[int(task.PID)] = task.State
			}
			for _, ev := range f.events {
				if ev.Kind == "state" {
					if prev[int(ev.PID)] != ev.From {
						t.Errorf("%s tick %d: P%d goes from %s but was %s", cmd, i+1, ev.PID, ev.From, prev[int(ev.PID)])
					}
					prev[int(ev.PID)] = ev.To
				}
			}
			for k, s := range tick.States {
				want := map[string]string{"READY": "runnable", "RUNNING": "runnable", "BLOCKED": "disk", "DONE": "dead"}[s]
				if s == "RUNNING" && tick.Running == k {
					want = "running"
				}
				got := f.tasks[k+1].State
				if got != want || prev[k+2] != want {
					t.Errorf("%s tick %d: process %d is %s (folded: %s); the simulator says %s", cmd, i+1, k, got, prev[k+2], s)
				}
			}
		}
	}
}

func TestLoadOstepOverWebsocket(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
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
