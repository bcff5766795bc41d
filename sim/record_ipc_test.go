package sim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecordingStepsBackAndForth records the scenarios of issue 11's
// features (memory, named system calls, switch cost, pipes, FIFOs, queues,
// shared memory, sockets) with a checkpoint every 3 steps, and goes to
// every step forwards, backwards and back and forth, running each engine it
// gets on to the end: every step must show the state a straight run has
// there. A checkpoint that shared a slice or map with an engine it handed
// out would be changed by that engine's steps, and a later Goto would
// differ.
func TestRecordingStepsBackAndForth(t *testing.T) {
	scs := map[string]*Scenario{}
	for name, sc := range goldenScenarios(t) {
		for _, p := range []string{"mem-", "pipe-", "fifo-", "mqueue", "shm-", "sock", "switchcost", "syscall", "sa-restart", "eintr"} {
			if strings.HasPrefix(name, p) {
				scs[name] = sc
			}
		}
	}
	lessons, _ := filepath.Glob("../assets/lessons/*.txt")
	for _, path := range lessons {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := Parse(string(data))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if sc.Mem != nil || len(sc.IPC) > 0 || len(sc.Sockets) > 0 || len(sc.Segments) > 0 || sc.MMSwitchCost > 0 {
			scs[filepath.Base(path)] = sc
		}
	}
	if len(scs) < 10 {
		t.Fatalf("got %d scenarios of issue 11; want at least 10", len(scs))
	}
	for name, sc := range scs {
		t.Run(name, func(t *testing.T) {
			t.Helper()
			opt := Options{MaxSteps: 3000}
			e := New(sc, opt)
			want := []uint64{e.StateHash()}
			for !e.Done() {
				e.Step()
				want = append(want, e.StateHash())
			}
			r := Record(sc, opt, 3)
			total := r.Total()
			if total != int64(len(want)-1) {
				t.Fatalf("got a recording of %d steps; want %d", total, len(want)-1)
			}
			var order []int64
			for n := range total + 1 {
				order = append(order, n)
			}
			for n := total; n >= 0; n-- {
				order = append(order, n)
			}
			for n := range total + 1 {
				order = append(order, (n*7)%(total+1), total-n)
			}
			for _, n := range order {
				g := r.Goto(n, n, nil)
				if got := g.StateHash(); got != want[n] {
					t.Fatalf("Goto(%d): got state hash %x; want %x", n, got, want[n])
				}
				for !g.Done() { // the engine Goto handed out moves on; no checkpoint may notice
					g.Step()
				}
				if got := g.StateHash(); got != want[total] {
					t.Fatalf("from step %d to the end: got state hash %x; want %x", n, got, want[total])
				}
			}
		})
	}
}
