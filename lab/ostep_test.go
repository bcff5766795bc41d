package lab

import (
	"strings"
	"testing"

	"proclab/ostep"
	"proclab/sim"
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
			for _, task := range src.frames[i].Tasks {
				prev[int(task.PID)] = task.State.String()
			}
			for _, ev := range f.Events {
				if ev.Kind == sim.EvState {
					if prev[int(ev.Task)] != ev.From.String() {
						t.Errorf("%s tick %d: P%d goes from %s but was %s", cmd, i+1, ev.Task, ev.From, prev[int(ev.Task)])
					}
					prev[int(ev.Task)] = ev.To.String()
				}
			}
			for k, s := range tick.States {
				want := map[string]string{"READY": "runnable", "RUNNING": "runnable", "BLOCKED": "disk", "DONE": "dead"}[s]
				if s == "RUNNING" && tick.Running == k {
					want = "running"
				}
				got := f.Tasks[k+1].State.String()
				if got != want || prev[k+2] != want {
					t.Errorf("%s tick %d: process %d is %s (folded: %s); the simulator says %s", cmd, i+1, k, got, prev[k+2], s)
				}
			}
		}
	}
}

// TestX86TracedAddress checks that an address -M names by number (the
// homework's looping-race-nolock.s keeps its counter at 2000, with no .var)
// is a shared variable of the drawn run, written as the program writes it:
// two threads adding 1 three times each, without a lock and without an
// interrupt between the load and the store, leave 6.
func TestX86TracedAddress(t *testing.T) {
	const src = ".main\n.top\nmov 2000, %ax\nadd $1, %ax\nmov %ax, 2000\nsub $1, %bx\ntest $0, %bx\njgt .top\nhalt\n"
	for _, tt := range []struct {
		args string
		vars string
	}{
		{"-t 2 -a bx=3 -M 2000 -R ax,bx -i 100", "2000"},
		{"-t 2 -a bx=3 -R ax,bx -i 100", ""}, // nothing traced, no .var: no variable
	} {
		args, _ := ostep.SplitArgs(tt.args)
		src0, run, err := openX86("x86-intro", args, src)
		if err != nil {
			t.Fatalf("%s: %v", tt.args, err)
		}
		var names []string
		for _, v := range run.Vars {
			names = append(names, v.Name)
		}
		if got := strings.Join(names, ","); got != tt.vars {
			t.Errorf("%s: shared variables %q; want %q", tt.args, got, tt.vars)
			continue
		}
		if tt.vars == "" {
			continue
		}
		last := src0.(*frameSource).frames[src0.Total()]
		if got := last.Shared.Vars; len(got) != 1 || got[0] != 6 {
			t.Errorf("%s: address 2000 ends as %v; want [6]", tt.args, got)
		}
	}
}
